use memlayout::Layout;

// `drop_impl` says the type has its own `impl Drop`; it has none, so a drop order would list
// a `Drop::drop` that never runs.
#[derive(Layout)]
#[layout(drop_impl)]
struct Buffer<T> {
    items: Vec<T>,
}

fn main() {}
