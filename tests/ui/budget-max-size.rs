#[repr(C)]
struct Packet {
    id: u64,
    payload: [u8; 32],
}

memlayout::assert_layout!(Packet, max_size = 32);

fn main() {}
