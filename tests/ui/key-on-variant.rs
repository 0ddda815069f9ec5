use memlayout::Layout;

#[derive(Layout)]
enum Message {
    #[layout(opaque)]
    Quit,
    Move(u32),
}

fn main() {}
