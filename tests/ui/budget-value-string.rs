memlayout::assert_layout!(u64, max_size = "a");

fn main() {}
