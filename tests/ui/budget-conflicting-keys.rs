memlayout::assert_layout!(u64, size = 8, max_size = 16);

fn main() {}
