//! A pointer to a type without `Layout`, behind a type alias: the compiler's error names the
//! type; the derive's probe adds that the field's type lacks an impl for every lifetime.
use memlayout::Layout;

/// A type from another crate: it does not implement `Layout`.
struct Foreign {
    _buffer: Vec<u8>,
}

type Buffer = Box<Foreign>;

#[derive(Layout)]
struct Reader {
    buffer: Buffer,
}

fn main() {}
