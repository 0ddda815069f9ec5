use memlayout::Layout;

#[derive(Layout)]
#[layout(opaque)]
enum Message {
    #[layout(opaque)]
    Text(String),
    Quit,
}

fn main() {}
