use memlayout::Layout;

// `$tail:ty` reaches the derive wrapped in an invisible group: the check sees through it and
// points at the caller's `[u8]`.
macro_rules! message {
    ($name:ident, $tail:ty) => {
        #[derive(Layout)]
        struct $name {
            len: u16,
            payload: $tail,
        }
    };
}

message!(Message, [u8]);

fn main() {}
