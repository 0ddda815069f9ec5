// A budget cannot be checked for a type parameter: check an instantiation instead,
// `memlayout::assert_layout!(Vec<u64>, max_size = 24)`.
fn check<T>() {
    memlayout::assert_layout!(Vec<T>, max_size = 24);
}

fn main() {
    check::<u64>();
}
