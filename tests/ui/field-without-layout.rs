use memlayout::Layout;

/// A type from another crate: it does not implement `Layout`.
struct Foreign {
    _fd: i32,
}

#[derive(Layout)]
struct Connection {
    id: u32,
    socket: Foreign,
}

fn main() {}
