use memlayout::Layout;

#[derive(Layout)]
#[layout(align = 8, max_align = 8)]
#[repr(C, align(16))]
struct Line {
    low: u64,
    high: u64,
}

fn main() {}
