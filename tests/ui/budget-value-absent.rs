memlayout::assert_layout!(u64, max_size);

fn main() {}
