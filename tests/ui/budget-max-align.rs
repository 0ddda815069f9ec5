#[repr(C, align(64))]
struct CacheLine([u8; 64]);

memlayout::assert_layout!(CacheLine, max_align = 8);

fn main() {}
