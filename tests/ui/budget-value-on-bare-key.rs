memlayout::assert_layout!(Option<u64>, no_padding = 0);

fn main() {}
