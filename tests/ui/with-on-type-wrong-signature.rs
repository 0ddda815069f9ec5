use memlayout::Layout;

fn session_heap(session: &Vec<u8>) -> usize {
    session.capacity()
}

#[derive(Layout)]
#[layout(with = session_heap)]
struct Session {
    buffer: Vec<u8>,
}

fn main() {}
