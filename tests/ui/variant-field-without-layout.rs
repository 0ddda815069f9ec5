use memlayout::Layout;

struct Foreign;

#[derive(Layout)]
enum Event {
    Closed,
    Data(Vec<u8>, Foreign),
}

fn main() {}
