use memlayout::Layout;

#[derive(Layout)]
struct Packet<T: ?Sized> {
    len: u16,
    payload: T,
}

fn main() {}
