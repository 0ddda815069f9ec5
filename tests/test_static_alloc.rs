//! Reading static layout allocates nothing: gaps, orders, counterfactuals, the reorder
//! suggestion, straddlers, the discriminant and the large-variant check, measured with a
//! counting global allocator (per thread, so other tests running at the same time don't count).
#![allow(dead_code)]

use std::hint::black_box;

use memlayout::layout::LARGE_VARIANT_THRESHOLD;
use memlayout::{Layout, TypeLayout};

#[path = "common/alloc.rs"]
mod alloc;

#[derive(Layout)]
#[repr(C)]
struct Packet {
    tag: u8,
    wide: u64,
    len: u32,
    flags: u8,
    #[layout(opaque)]
    blob: [u8; 60],
}

#[derive(Layout)]
#[allow(clippy::large_enum_variant)]
enum Message {
    Ping,
    Text(String),
    Blob(#[layout(opaque)] [u8; 1024]),
}

/// Every static figure of `layout`, summed so nothing is optimised away.
fn read_everything(layout: &'static TypeLayout) -> usize {
    let mut sum = 0;
    for f in layout.fields_in_declaration_order() {
        sum += f.offset;
    }
    for f in layout.fields_in_memory_order() {
        sum += f.size;
    }
    for gap in layout.padding_gaps() {
        sum += gap.offset + gap.size + usize::from(gap.is_trailing());
    }
    sum += layout.own_padding_bytes() + layout.trailing_padding();
    sum += layout.padding_share().to_bits() as usize;
    sum += layout.repr_c_size().unwrap_or(0) + layout.smallest_size().unwrap_or(0);
    if let Some(hint) = layout.reorder_suggestion() {
        sum += hint.bytes_saved;
        for f in hint.order() {
            sum += f.align;
        }
    }
    for f in layout.cache_line_straddlers() {
        sum += f.offset;
    }
    sum += layout.fields_straddling(32).count();
    if let Some(d) = layout.discriminant() {
        sum += d.tag_bytes().unwrap_or(0) + usize::from(d.is_niche());
    }
    if let Some(v) = layout.largest_variant() {
        sum += v.struct_size() + v.payload_align();
    }
    if let Some(w) = layout.large_variant(LARGE_VARIANT_THRESHOLD) {
        sum += w.difference;
    }
    sum
}

#[test]
fn static_analysis_allocates_nothing() {
    let layouts = [
        Packet::LAYOUT,
        Message::LAYOUT,
        <Option<Box<u8>>>::LAYOUT,
        <Vec<u8>>::LAYOUT,
        u64::LAYOUT,
    ];
    // The counter works: a Vec allocates.
    assert!(alloc::requested_by(|| drop(black_box(vec![1u8; 64]))) >= 64);
    // Warm up once (first calls may initialise thread-locals in std).
    let expected: Vec<usize> = layouts.iter().map(|l| read_everything(l)).collect();
    for (layout, expected) in layouts.iter().zip(expected) {
        let mut sum = 0;
        let bytes = alloc::requested_by(|| sum = read_everything(black_box(layout)));
        assert_eq!(bytes, 0, "{} allocated {bytes} bytes", layout.name);
        assert_eq!(sum, expected);
    }
    // The reorder hint exists for Packet, so its iterator was exercised above.
    assert!(Packet::LAYOUT.reorder_suggestion().is_some());
    assert!(Packet::LAYOUT.cache_line_straddlers().count() > 0);
}
