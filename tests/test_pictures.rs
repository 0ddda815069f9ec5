//! The SVG byte maps (`TypeLayout::to_svg`): they parse as XML, and every field and padding
//! gap is drawn at the offset and size the compiler gives (`offset_of!`, `size_of`).

use memlayout::Layout;
use std::mem::{offset_of, size_of};

#[path = "common/svg_blocks.rs"]
mod svg_blocks;

use svg_blocks::{blocks_under, Drawn};

fn drawn_blocks(svg: &str) -> Vec<Drawn> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    blocks_under(doc.root_element())
}

trait HasClass {
    fn has_class(&self, class: &str) -> bool;
}

impl HasClass for roxmltree::Node<'_, '_> {
    fn has_class(&self, class: &str) -> bool {
        svg_blocks::has_class(self, class)
    }
}

/// Every listed field is drawn once at `offset_of!` with `size_of` its type; padding blocks
/// are the layout's gaps; and the blocks tile `0..size_of::<T>()` with no hole or overlap.
macro_rules! assert_fields_drawn {
    ($ty:ty, [$($field:tt: $fty:ty),* $(,)?]) => {{
        let svg = <$ty>::LAYOUT.to_svg();
        let blocks = drawn_blocks(&svg);
        $(
            let name = stringify!($field);
            let found: Vec<_> = blocks.iter().filter(|b| b.0 == "field" && b.1 == name).collect();
            assert_eq!(found.len(), 1, "field {name} drawn once in {svg}");
            assert_eq!((found[0].2, found[0].3), (offset_of!($ty, $field), size_of::<$fty>()), "field {name}");
        )*
        let fields = blocks.iter().filter(|b| b.0 == "field").count();
        assert_eq!(fields, [$(stringify!($field)),*].len());
        let gaps: Vec<_> = <$ty>::LAYOUT.padding_gaps().map(|g| (g.offset, g.size, g.is_trailing())).collect();
        let drawn_gaps: Vec<_> = blocks
            .iter()
            .filter(|b| b.0.ends_with("padding"))
            .map(|b| (b.2, b.3, b.0 == "trailing-padding"))
            .collect();
        assert_eq!(drawn_gaps, gaps);
        let mut spans: Vec<_> = blocks.iter().map(|b| (b.2, b.3)).collect();
        spans.sort();
        let mut end = 0;
        for (offset, size) in spans {
            assert_eq!(offset, end, "blocks tile the value without holes or overlap");
            end = offset + size;
        }
        assert_eq!(end, size_of::<$ty>());
        svg
    }};
}

#[derive(Layout)]
#[allow(dead_code)]
struct Mixed {
    flag: bool,
    count: u64,
    name: String,
    small: u16,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct Packet {
    tag: u8,
    len: u32,
    flags: u8,
}

#[derive(Layout)]
#[repr(C, packed)]
#[allow(dead_code)]
struct Packed {
    tag: u8,
    len: u32,
    flags: u16,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct Escapes<'a> {
    borrowed: &'a str,
    pair: (u8, u64),
    maybe: Option<Vec<u8>>,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct Straddles {
    head: [u8; 60],
    value: u64,
    tail: [u16; 40],
}

#[derive(Layout)]
#[allow(dead_code)]
struct Wide {
    f00: u8,
    f01: u32,
    f02: u16,
    f03: u64,
    f04: u8,
    f05: u32,
    f06: u16,
    f07: u64,
    f08: u8,
    f09: u32,
    f10: u16,
    f11: u64,
    f12: u8,
    f13: u32,
    f14: u16,
    f15: u64,
    f16: u8,
    f17: u32,
    f18: u16,
    f19: u64,
    f20: u8,
    f21: u32,
    f22: u16,
    f23: u64,
    f24: u8,
    f25: u32,
    f26: u16,
    f27: u64,
    f28: u8,
    f29: u32,
    f30: u16,
    f31: u64,
    f32: u8,
    f33: u32,
    f34: u16,
    f35: u64,
    f36: u8,
    f37: u32,
    f38: u16,
    f39: u64,
    f40: u8,
    f41: u32,
    f42: u16,
    f43: u64,
    f44: u8,
    f45: u32,
    f46: u16,
    f47: u64,
    f48: u8,
    f49: u32,
    f50: u16,
    f51: u64,
    f52: u8,
    f53: u32,
    f54: u16,
    f55: u64,
    f56: u8,
    f57: u32,
    f58: u16,
    f59: u64,
    f60: u8,
    f61: u32,
    f62: u16,
    f63: u64,
    f64: u8,
    f65: u32,
    f66: u16,
    f67: u64,
    f68: u8,
    f69: u32,
}

#[derive(Layout)]
#[allow(dead_code)]
struct Huge {
    head: u8,
    data: [u8; 1 << 20],
    tail: u32,
}

#[test]
fn structs_draw_every_field_and_gap() {
    assert_fields_drawn!(Mixed, [flag: bool, count: u64, name: String, small: u16]);
    assert_fields_drawn!(Packet, [tag: u8, len: u32, flags: u8]);
    assert_fields_drawn!(Packed, [tag: u8, len: u32, flags: u16]);
    assert_fields_drawn!(Straddles, [head: [u8; 60], value: u64, tail: [u16; 40]]);
    assert_fields_drawn!((u8, u64, u16), [0: u8, 1: u64, 2: u16]);
}

#[test]
fn repr_c_gaps_are_hatched_and_the_trailing_one_distinct() {
    let svg = assert_fields_drawn!(Packet, [tag: u8, len: u32, flags: u8]);
    let blocks = drawn_blocks(&svg);
    assert!(blocks.contains(&(
        "padding".into(),
        String::new(),
        offset_of!(Packet, tag) + 1,
        offset_of!(Packet, len) - 1
    )));
    let trailing_start = offset_of!(Packet, flags) + 1;
    let trailing = (
        "trailing-padding".into(),
        String::new(),
        trailing_start,
        size_of::<Packet>() - trailing_start,
    );
    assert!(blocks.contains(&trailing), "{blocks:?}");
    assert!(svg.contains("url(#memlayout-hatch)") && svg.contains("url(#memlayout-cross-hatch)"));
}

#[test]
fn type_names_are_escaped() {
    let svg = assert_fields_drawn!(Escapes<'static>, [borrowed: &str, pair: (u8, u64), maybe: Option<Vec<u8>>]);
    assert!(svg.contains("Option&lt;Vec&lt;u8&gt;&gt;"), "{svg}");
    assert!(svg.contains("&amp;"), "{svg}");
}

#[test]
fn cache_line_boundaries_are_marked() {
    let svg = Straddles::LAYOUT.to_svg();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let lines: Vec<usize> = doc
        .descendants()
        .filter(|n| n.attribute("data-kind") == Some("cache-line"))
        .map(|n| n.attribute("data-offset").unwrap().parse().unwrap())
        .collect();
    let expected: Vec<usize> = (1..)
        .map(|n| n * 64)
        .take_while(|&o| o < size_of::<Straddles>())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(lines, expected);
}

#[test]
fn more_than_62_fields() {
    let svg = assert_fields_drawn!(Wide, [f00: u8, f01: u32, f02: u16, f03: u64, f04: u8, f05: u32, f06: u16, f07: u64, f08: u8, f09: u32, f10: u16, f11: u64, f12: u8, f13: u32, f14: u16, f15: u64, f16: u8, f17: u32, f18: u16, f19: u64, f20: u8, f21: u32, f22: u16, f23: u64, f24: u8, f25: u32, f26: u16, f27: u64, f28: u8, f29: u32, f30: u16, f31: u64, f32: u8, f33: u32, f34: u16, f35: u64, f36: u8, f37: u32, f38: u16, f39: u64, f40: u8, f41: u32, f42: u16, f43: u64, f44: u8, f45: u32, f46: u16, f47: u64, f48: u8, f49: u32, f50: u16, f51: u64, f52: u8, f53: u32, f54: u16, f55: u64, f56: u8, f57: u32, f58: u16, f59: u64, f60: u8, f61: u32, f62: u16, f63: u64, f64: u8, f65: u32, f66: u16, f67: u64, f68: u8, f69: u32]);
    // 64-byte rows once the type passes 256 bytes; 16-byte rows below.
    assert!(size_of::<Wide>() > 256);
    assert!(svg.contains(">+56<") && !svg.contains(">+15<"));
    let small = Packet::LAYOUT.to_svg();
    assert!(small.contains(">+15<"));
}

#[test]
fn a_mebibyte_array_field_folds_its_rows() {
    let svg = assert_fields_drawn!(Huge, [head: u8, data: [u8; 1 << 20], tail: u32]);
    assert!(svg.len() < 64 * 1024, "{} bytes of SVG", svg.len());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let folded: usize = doc
        .descendants()
        .filter(|n| n.has_class("elided"))
        .map(|n| n.attribute("data-size").unwrap().parse::<usize>().unwrap())
        .sum();
    assert!(folded > size_of::<Huge>() - 64 * 4, "folded {folded} bytes");
}

/// Default repr: a tag (no field has a niche), its place assumed; see test_pictures_orders.rs
/// for enums whose repr fixes the tag and the fields.
#[derive(Layout)]
#[allow(dead_code)]
enum Op {
    Nop,
    Jump(u32),
    Load { register: u8, address: u64 },
}

#[derive(Layout)]
#[allow(dead_code)]
enum Shape {
    Dot,
    Circle(f32),
    Polygon(Vec<(f32, f32)>),
}

/// Each variant is drawn as a band whose blocks tile the enum's size; its payload block
/// (when it has fields) carries the fields' total size.
fn assert_variants_drawn<T: Layout>(payload_sizes: &[(&str, usize)], tag_bytes: usize) {
    let svg = T::LAYOUT.to_svg();
    let blocks = drawn_blocks(&svg);
    for (name, payload) in payload_sizes {
        assert!(
            svg.contains(&format!(">{name}</text>")),
            "variant {name} captioned"
        );
        if *payload > 0 {
            let found: Vec<_> = blocks
                .iter()
                .filter(|b| b.0 == "payload" && b.1 == *name)
                .collect();
            assert_eq!(found.len(), 1, "{name}");
            assert_eq!((found[0].2, found[0].3), (tag_bytes, *payload), "{name}");
        }
    }
    let tags = blocks
        .iter()
        .filter(|b| b.0 == "tag" || b.0 == "assumed-tag")
        .count();
    assert_eq!(
        tags,
        if tag_bytes > 0 {
            payload_sizes.len()
        } else {
            0
        }
    );
    let total: usize = blocks.iter().map(|b| b.3).sum();
    assert_eq!(total, payload_sizes.len() * size_of::<T>());
    assert!(svg.contains("not static on stable Rust") || payload_sizes.iter().all(|p| p.1 == 0));
}

#[test]
fn enums_draw_variants_over_the_tag() {
    assert_variants_drawn::<Op>(
        &[
            ("Nop", 0),
            ("Jump", size_of::<u32>()),
            ("Load", size_of::<u8>() + size_of::<u64>()),
        ],
        Op::LAYOUT.discriminant().unwrap().tag_bytes().unwrap(),
    );
    let niche = Shape::LAYOUT
        .discriminant()
        .unwrap()
        .tag_bytes()
        .unwrap_or(0);
    assert_variants_drawn::<Shape>(
        &[
            ("Dot", 0),
            ("Circle", size_of::<f32>()),
            ("Polygon", size_of::<Vec<(f32, f32)>>()),
        ],
        niche,
    );
    assert_variants_drawn::<Option<&u8>>(&[("None", 0), ("Some", size_of::<&u8>())], 0);
}

#[test]
fn library_types_are_one_block() {
    let blocks = drawn_blocks(&<Vec<u8>>::LAYOUT.to_svg());
    assert_eq!(
        blocks,
        [(
            "whole".to_string(),
            <Vec<u8>>::LAYOUT.name.to_string(),
            0,
            size_of::<Vec<u8>>()
        )]
    );
}
