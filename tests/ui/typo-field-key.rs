use memlayout::Layout;

#[derive(Layout)]
struct Packet {
    #[layout(opaqe)]
    id: u64,
}

fn main() {}
