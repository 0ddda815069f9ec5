const LIMIT: u32 = 8;

memlayout::assert_layout!(u64, max_size = LIMIT);

fn main() {}
