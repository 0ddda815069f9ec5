use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 16)]
struct Wrapper<T> {
    value: T,
}

fn main() {}
