memlayout::assert_layout!(u64);

fn main() {}
