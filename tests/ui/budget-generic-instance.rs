#[repr(C)]
struct Wrapper<T> {
    value: T,
    flag: u8,
}

memlayout::assert_layout!(Wrapper<u8>, max_size = 2);
memlayout::assert_layout!(Wrapper<u64>, max_size = 9);

fn main() {}
