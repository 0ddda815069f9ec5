//! The README's crate-wide audit: every type this program derives `Layout` on (and the
//! instantiation it names with `register!`), ranked by the bytes each value wastes, then the
//! message `assert_waste_at_most` fails a test with.
#![allow(dead_code)]

use memlayout::Layout;

#[derive(Layout)]
#[repr(C)]
struct Packet {
    tag: u8,
    len: u32,
    flags: u8,
}

#[derive(Layout)]
struct Session {
    id: u64,
    user: String,
    active: bool,
    retries: u8,
}

// The large variant the audit reports (clippy reports it too).
#[allow(clippy::large_enum_variant)]
#[derive(Layout)]
enum Event {
    Tick,
    Frame([u8; 512]),
    Close { code: u16 },
}

#[derive(Layout)]
#[repr(C)]
struct Counters {
    label: [u8; 60],
    window: [u32; 2],
}

#[derive(Layout)]
struct Point {
    x: f64,
    y: f64,
}

#[derive(Layout)]
struct Versioned<T> {
    value: T,
    dirty: bool,
}

memlayout::register!(Versioned<u64>);

fn main() {
    let audit = memlayout::audit();
    println!("{audit}");
    if let Err(error) = audit.check_waste_at_most(0.25) {
        println!("{error}");
    }
}
