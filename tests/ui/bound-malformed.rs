use memlayout::Layout;

#[derive(Layout)]
#[layout(bound = "T Layout")]
struct Wrapper<T> {
    value: T,
}

fn main() {}
