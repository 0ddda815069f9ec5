memlayout::assert_layout!(u64, max_size = 8.5);

fn main() {}
