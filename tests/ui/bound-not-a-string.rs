use memlayout::Layout;

#[derive(Layout)]
#[layout(bound = 5)]
struct Wrapper<T> {
    value: T,
}

fn main() {}
