fn main() {
    let names: Vec<String> = vec!["a".into()];
    memlayout::assert_budget!(names, reserved <= 4096, allocator = memlayout::allocator::Jemalloc);
}
