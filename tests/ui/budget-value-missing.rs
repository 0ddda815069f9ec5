memlayout::assert_layout!(u64, max_size = , align = 8);

fn main() {}
