use memlayout::Layout;

/// A type from another crate: it does not implement `Layout`.
struct Foreign {
    buffer: Vec<u8>,
}

fn foreign_heap(foreign: &Foreign) -> u64 {
    foreign.buffer.capacity() as u64
}

#[derive(Layout)]
struct Connection {
    id: u32,
    #[layout(with = foreign_heap)]
    socket: Foreign,
}

fn main() {}
