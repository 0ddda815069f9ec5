memlayout::assert_size!(u64);

fn main() {}
