#[repr(C, align(16))]
struct Line([u8; 16]);

memlayout::assert_align!(Line, 8);

fn main() {}
