use memlayout::Layout;

#[derive(Layout)]
enum Level {
    Low = "low",
    High,
}

fn main() {}
