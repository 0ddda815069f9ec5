//! An enum measured as a whole (`#[layout(with = f)]` on the type) still tells its active
//! variant: `variant::of`, the report's root and the drop order name it, and the heap figure is
//! the function's, checked against the counting allocator.

use memlayout::{DropOrderExt, Layout, LayoutReport};

#[path = "common/alloc.rs"]
mod alloc;

fn frame_bytes(frame: &Frame) -> usize {
    match frame {
        Frame::Ping => 0,
        Frame::Data(bytes) => bytes.capacity(),
        Frame::Named { text, .. } => text.capacity(),
    }
}

#[derive(Layout)]
#[layout(with = frame_bytes)]
#[allow(dead_code)] // `id` is data the test does not read
enum Frame {
    Ping,
    Data(Vec<u8>),
    Named { id: u32, text: String },
}

#[test]
fn the_active_variant_of_a_measured_enum_is_known() {
    /// How to build the value, its variant's name and index.
    type Case = (fn() -> Frame, &'static str, usize);
    let cases: [Case; 3] = [
        (|| Frame::Ping, "Ping", 0),
        (|| Frame::Data(Vec::with_capacity(33)), "Data", 1),
        (
            || Frame::Named {
                id: 4,
                text: String::from("seven"),
            },
            "Named",
            2,
        ),
    ];
    for (build, name, index) in cases {
        let (value, usage) = alloc::measure(build);
        let active = memlayout::variant::of(&value).expect("an enum's variant");
        assert_eq!((active.name, active.index), (name, index));
        let report = value.layout_report();
        assert_eq!(report.root().variant(), Some(name));
        assert_eq!(report.totals().heap_bytes, usage.bytes);
        let frees: usize = value
            .drop_order()
            .steps()
            .filter_map(|s| match s.action() {
                memlayout::DropAction::FreesHeap { bytes, .. } => Some(bytes),
                _ => None,
            })
            .sum();
        assert_eq!(frees, usage.bytes);
    }
}
