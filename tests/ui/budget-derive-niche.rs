use memlayout::Layout;

/// One variant, no tag: every bit pattern of the `u64` is a valid `Reading`, so `Option` needs
/// a tag of its own.
#[derive(Layout)]
#[layout(niche)]
enum Reading {
    Celsius(u64),
}

fn main() {}
