use std::mem::ManuallyDrop;

use memlayout::Layout;

fn buffer_heap(buffer: &ManuallyDrop<Vec<u8>>) -> usize {
    buffer.capacity()
}

// A union's value is never read (which field holds it is unknown), so the function would
// never be called.
#[derive(Layout)]
union Slot {
    #[layout(with = buffer_heap)]
    buffer: ManuallyDrop<Vec<u8>>,
    word: u64,
}

fn main() {}
