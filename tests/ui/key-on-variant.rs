use memlayout::Layout;

fn heap(_: &Message) -> usize {
    0
}

#[derive(Layout)]
enum Message {
    #[layout(with = heap)]
    Quit,
    Move(u32),
}

fn main() {}
