memlayout::assert_layout!(u64, maxsize = 8);

fn main() {}
