use memlayout::Layout;

#[derive(Layout)]
#[layout(max_size = 16)]
struct Wrapper<T> {
    value: T,
    flag: u8,
}

fn main() {}
