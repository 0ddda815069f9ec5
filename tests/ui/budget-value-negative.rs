memlayout::assert_layout!(u64, max_size = -1);

fn main() {}
