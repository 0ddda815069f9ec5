//! `#[layout(...)]` attributes combined on user types: `with` and `opaque` on fields of enum
//! variants and of packed structs, `opaque` on a variant, `with` on a whole enum, budgets
//! beside them. Ground truth: the counting allocator for heap, the fields' addresses in real
//! values for the offsets the report and `variant::of` give.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;

use std::mem::{offset_of, size_of};

use memlayout::{DropOrderExt, Layout, LayoutReport};

/// A type from "another crate", without a `Layout` impl.
struct Foreign {
    buf: Vec<u8>,
}

fn foreign_heap(foreign: &Foreign) -> usize {
    foreign.buf.capacity()
}

fn foreign(capacity: usize) -> Foreign {
    Foreign {
        buf: Vec::with_capacity(capacity),
    }
}

fn offset_in<T, F>(value: &T, field: &F) -> usize {
    field as *const F as usize - value as *const T as usize
}

#[derive(Layout)]
#[layout(max_size = 64, max_align = 8)]
enum Event {
    Data(#[layout(with = foreign_heap)] Foreign, String),
    #[layout(opaque)]
    Raw(Foreign, u32),
    Text {
        #[layout(opaque)]
        f: Foreign,
        s: String,
    },
    Done,
}

#[test]
fn measured_fields_of_a_variant_are_exact() {
    let (event, usage) = alloc::measure(|| Event::Data(foreign(10), "abc".into()));
    let totals = memlayout::totals(&event);
    assert!(totals.is_exact);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let Event::Data(_, text) = &event else {
        unreachable!()
    };
    let report = event.layout_report();
    assert_eq!(
        report.find(".Data.1").unwrap().offset(),
        Some(offset_in(&event, text))
    );
    assert_eq!(report.find(".Data.0").unwrap().heap_bytes(), 10);
    let active = memlayout::variant::of(&event).unwrap();
    assert_eq!(
        active.field("1").unwrap().offset,
        Some(offset_in(&event, text))
    );
    let freed = alloc::frees_during(|| drop(event));
    assert_eq!(freed, [10, 3]);
}

#[test]
fn opaque_fields_of_a_variant_are_lower_bounds_at_their_real_offsets() {
    let (raw, usage) = alloc::measure(|| Event::Raw(foreign(8), 3));
    let totals = memlayout::totals(&raw);
    assert!(!totals.is_exact && totals.unreadable == 1);
    assert_eq!(
        (totals.heap_bytes_low, totals.heap_bytes_high),
        (0, usize::MAX)
    );
    assert!(usage.bytes > 0);
    let Event::Raw(inner, _) = &raw else {
        unreachable!()
    };
    // An opaque field with drop glue is reported at its address; one without (`u32`) is not.
    let active = memlayout::variant::of(&raw).unwrap();
    assert_eq!(
        active.field("0").unwrap().offset,
        Some(offset_in(&raw, inner))
    );
    assert_eq!(active.field("1").unwrap().offset, None);
    let report = raw.layout_report();
    assert_eq!(
        report.find(".Raw.0").unwrap().offset(),
        Some(offset_in(&raw, inner))
    );

    let (text, usage) = alloc::measure(|| Event::Text {
        f: foreign(4),
        s: "xy".into(),
    });
    let totals = memlayout::totals(&text);
    assert_eq!(totals.heap_bytes_low, 2);
    assert!(usage.bytes == 2 + 4 && !totals.is_exact);
    let Event::Text { f, s } = &text else {
        unreachable!()
    };
    let report = text.layout_report();
    assert_eq!(
        report.find(".Text.s").unwrap().offset(),
        Some(offset_in(&text, s))
    );
    assert_eq!(
        report.find(".Text.f").unwrap().offset(),
        Some(offset_in(&text, f))
    );
    // A heap budget cannot pass on a figure with an unknown part.
    let budget = [(memlayout::budget::Figure::Heap, 1 << 20)];
    assert!(memlayout::budget::check("text", &text, &budget).is_err());
    assert_eq!(Event::LAYOUT.size, size_of::<Event>());
}

fn message_heap(message: &Message) -> usize {
    match message {
        Message::Bytes(foreign) => foreign.buf.capacity(),
        Message::Small { .. } => 0,
        Message::Text(text) => text.capacity(),
    }
}

#[derive(Layout)]
#[layout(with = message_heap, max_size = 32)]
enum Message {
    Bytes(Foreign),
    Small { x: u8 },
    Text(String),
}

#[test]
fn a_whole_enum_measured_by_a_function() {
    for build in [
        (|| Message::Bytes(foreign(12))) as fn() -> Message,
        || Message::Small { x: 1 },
        || Message::Text("hello".into()),
    ] {
        let (message, usage) = alloc::measure(build);
        let totals = memlayout::totals(&message);
        assert!(totals.is_exact);
        assert_eq!(totals.heap_bytes, usage.bytes);
        assert_eq!(message.layout_report().totals().heap_bytes, usage.bytes);
    }
}

#[derive(Layout)]
#[repr(C, packed)]
#[layout(size = 73)]
struct PackedAttributed {
    tag: u8,
    #[layout(with = foreign_heap)]
    measured: Foreign,
    #[layout(opaque)]
    hidden: Foreign,
    text: String,
}

#[test]
fn attributed_fields_of_a_packed_struct() {
    let l = PackedAttributed::LAYOUT;
    let got: Vec<_> = l
        .fields
        .iter()
        .map(|f| (f.name, f.offset, f.size))
        .collect();
    assert_eq!(
        got,
        [
            ("tag", offset_of!(PackedAttributed, tag), 1),
            (
                "measured",
                offset_of!(PackedAttributed, measured),
                size_of::<Foreign>()
            ),
            (
                "hidden",
                offset_of!(PackedAttributed, hidden),
                size_of::<Foreign>()
            ),
            (
                "text",
                offset_of!(PackedAttributed, text),
                size_of::<String>()
            ),
        ]
    );
    let (value, usage) = alloc::measure(|| PackedAttributed {
        tag: 1,
        measured: foreign(7),
        hidden: foreign(0),
        text: "s".into(),
    });
    // `hidden` allocated nothing, but its type may own heap: a lower bound that is the total.
    let totals = memlayout::totals(&value);
    assert_eq!(
        (totals.heap_bytes_low, totals.is_exact),
        (usage.bytes, false)
    );
    let order = value.drop_order();
    let steps: Vec<_> = order.steps().map(|s| s.path()).collect();
    assert_eq!(steps, [".measured", ".hidden", ".text"]);
}
