memlayout::assert_layout!(u64, max_size = 8, align = 8, max_size = 16);

fn main() {}
