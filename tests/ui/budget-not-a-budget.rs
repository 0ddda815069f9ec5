memlayout::assert_layout!(u64, 8);

fn main() {}
