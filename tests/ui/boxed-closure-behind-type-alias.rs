//! A boxed closure taking references, behind a type alias: one error naming
//! `#[layout(opaque)]`.
use memlayout::Layout;

type Handler = Box<dyn Fn(&[u8]) -> usize + Send>;

#[derive(Layout)]
enum Hook {
    None,
    On(Handler),
}

fn main() {}
