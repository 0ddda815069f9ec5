//! Byte maps beyond one struct as compiled: the same fields compared in declaration and smallest
//! order (`SvgOptions::compare_orders`), unions drawn as overlapping bands, and enum tags drawn
//! where the repr puts them or marked as assumed. Offsets and sizes are checked against
//! `offset_of!`/`size_of` of twin `#[repr(C)]` structs written in each order.

use memlayout::render::SvgOptions;
use memlayout::Layout;
use std::collections::HashMap;
use std::mem::{offset_of, size_of};

#[path = "common/svg_blocks.rs"]
mod svg_blocks;

use svg_blocks::{blocks_under, Drawn};

/// The columns of a compared byte map: order name -> (its size, its blocks).
fn columns(svg: &str) -> HashMap<String, (usize, Vec<Drawn>)> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("order"))
        .map(|n| {
            (
                n.attribute("data-order").unwrap().to_string(),
                (
                    n.attribute("data-size").unwrap().parse().unwrap(),
                    blocks_under(n),
                ),
            )
        })
        .collect()
}

/// A column's fields as `(name, offset, size)` in offset order, and its blocks tile `0..size`.
fn fields_of(column: &(usize, Vec<Drawn>)) -> Vec<(String, usize, usize)> {
    let (size, blocks) = column;
    let mut spans: Vec<_> = blocks.iter().map(|b| (b.2, b.3)).collect();
    spans.sort();
    let mut end = 0;
    for (offset, len) in spans {
        assert_eq!(offset, end, "blocks tile the column: {blocks:?}");
        end += len;
    }
    assert_eq!(end, *size);
    let mut fields: Vec<_> = blocks
        .iter()
        .filter(|b| b.0 == "field")
        .map(|b| (b.1.clone(), b.2, b.3))
        .collect();
    fields.sort_by_key(|f| f.1);
    fields
}

#[derive(Layout)]
#[allow(dead_code)]
struct Plain {
    a: u8,
    b: u32,
    c: u8,
    d: u16,
    e: u64,
}

/// `Plain`'s fields in declaration order, by the C rules.
#[repr(C)]
#[allow(dead_code)]
struct PlainDeclared {
    a: u8,
    b: u32,
    c: u8,
    d: u16,
    e: u64,
}

/// `Plain`'s fields by alignment, largest first (ties in declaration order).
#[repr(C)]
#[allow(dead_code)]
struct PlainSmallest {
    e: u64,
    b: u32,
    d: u16,
    a: u8,
    c: u8,
}

macro_rules! expected_fields {
    ($ty:ty, [$($field:ident: $fty:ty),*]) => {{
        let mut fields = vec![$((stringify!($field).to_string(), offset_of!($ty, $field), size_of::<$fty>())),*];
        fields.sort_by_key(|f| f.1);
        fields
    }};
}

#[test]
fn default_repr_structs_compare_three_orders() {
    let svg = Plain::LAYOUT.to_svg_with(SvgOptions::new().compare_orders(true));
    let columns = columns(&svg);
    assert_eq!(columns.len(), 3);
    assert_eq!(columns["compiled"].0, size_of::<Plain>());
    assert_eq!(
        fields_of(&columns["compiled"]),
        expected_fields!(Plain, [a: u8, b: u32, c: u8, d: u16, e: u64])
    );
    assert_eq!(columns["declaration"].0, size_of::<PlainDeclared>());
    assert_eq!(
        fields_of(&columns["declaration"]),
        expected_fields!(PlainDeclared, [a: u8, b: u32, c: u8, d: u16, e: u64])
    );
    assert_eq!(columns["smallest"].0, size_of::<PlainSmallest>());
    assert_eq!(
        fields_of(&columns["smallest"]),
        expected_fields!(PlainSmallest, [a: u8, b: u32, c: u8, d: u16, e: u64])
    );
    let saving = size_of::<Plain>() - size_of::<PlainSmallest>();
    let heading = if saving > 0 {
        format!("saves {saving} byte")
    } else {
        "no saving".to_string()
    };
    assert!(svg.contains(&heading), "{heading}");
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
struct Header {
    flag: bool,
    id: u64,
    kind: u16,
    count: u32,
}

#[repr(C)]
#[allow(dead_code)]
struct HeaderSmallest {
    id: u64,
    count: u32,
    kind: u16,
    flag: bool,
}

#[test]
fn repr_c_structs_compare_with_the_smallest_order_only() {
    let svg = Header::LAYOUT.to_svg_with(SvgOptions::new().compare_orders(true));
    let columns = columns(&svg);
    assert_eq!(columns.len(), 2, "as declared is how it is compiled");
    assert_eq!(
        fields_of(&columns["compiled"]),
        expected_fields!(Header, [flag: bool, id: u64, kind: u16, count: u32])
    );
    assert_eq!(columns["smallest"].0, size_of::<HeaderSmallest>());
    assert_eq!(
        fields_of(&columns["smallest"]),
        expected_fields!(HeaderSmallest, [flag: bool, id: u64, kind: u16, count: u32])
    );
    let saving = size_of::<Header>() - size_of::<HeaderSmallest>();
    assert!(saving > 0 && svg.contains(&format!("saves {saving} byte")));
}

#[test]
fn comparing_orders_leaves_other_types_alone() {
    let compare = SvgOptions::new().compare_orders(true);
    for svg in [
        <Vec<u8>>::LAYOUT.to_svg_with(compare),
        <Option<u32>>::LAYOUT.to_svg_with(compare),
        <(u64,)>::LAYOUT.to_svg_with(compare),
    ] {
        assert!(columns(&svg).is_empty());
    }
    assert_eq!(
        Plain::LAYOUT.to_svg_with(SvgOptions::new()),
        Plain::LAYOUT.to_svg()
    );
}

#[derive(Layout)]
#[allow(dead_code)]
union Word {
    byte: u8,
    wide: u64,
    triple: [u8; 3],
}

#[test]
fn union_fields_overlap_in_bands() {
    let svg = Word::LAYOUT.to_svg();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses as XML");
    let blocks = blocks_under(doc.root_element());
    for (name, size) in [
        ("byte", size_of::<u8>()),
        ("wide", size_of::<u64>()),
        ("triple", size_of::<[u8; 3]>()),
    ] {
        assert!(svg.contains(&format!(">{name}</text>")), "band {name}");
        let field: Vec<_> = blocks
            .iter()
            .filter(|b| b.0 == "field" && b.1 == name)
            .collect();
        assert_eq!(field.len(), 1);
        assert_eq!((field[0].2, field[0].3), (0, size), "{name} at offset 0");
    }
    let unused: Vec<usize> = blocks
        .iter()
        .filter(|b| b.0 == "unused")
        .map(|b| b.3)
        .collect();
    let mut expected: Vec<usize> = [1, 8, 3]
        .iter()
        .map(|s| size_of::<Word>() - s)
        .filter(|&s| s > 0)
        .collect();
    let mut unused_sorted = unused.clone();
    unused_sorted.sort();
    expected.sort();
    assert_eq!(unused_sorted, expected);
    assert!(svg.contains("share the same bytes"));
}

#[derive(Layout)]
#[repr(u8)]
#[allow(dead_code)]
enum Fixed {
    Small(u8),
    Large(u32),
}

#[derive(Layout)]
#[allow(dead_code)]
enum Loose {
    Small(u8),
    Large(u32),
}

#[derive(Layout)]
#[allow(dead_code)]
enum Pointer<'a> {
    Null,
    To(&'a u64),
}

/// The kinds of the blocks named "tag".
fn tag_kinds(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    blocks_under(doc.root_element())
        .into_iter()
        .filter(|b| b.1 == "tag")
        .map(|b| {
            assert_eq!(b.2, 0, "a tag is drawn first");
            b.0
        })
        .collect()
}

#[test]
fn tags_are_drawn_where_the_repr_puts_them() {
    // #[repr(u8)]: the Reference puts a one-byte tag first.
    let fixed = Fixed::LAYOUT.to_svg();
    assert_eq!(tag_kinds(&fixed), ["tag", "tag"]);
    assert!(fixed.contains("first by the repr"));
    assert_eq!(
        Fixed::LAYOUT.discriminant().unwrap().tag_bytes(),
        Some(size_of::<u8>())
    );
    // The default repr: a tag, but its place is rustc's choice, so it is marked assumed.
    let loose = Loose::LAYOUT.to_svg();
    assert_eq!(tag_kinds(&loose), ["assumed-tag", "assumed-tag"]);
    assert!(loose.contains("does not promise"));
    // A niche: no tag bytes at all.
    let pointer = Pointer::LAYOUT.to_svg();
    assert!(tag_kinds(&pointer).is_empty());
    assert_eq!(size_of::<Pointer<'_>>(), size_of::<&u64>());
    assert!(pointer.contains("a niche"));
}

#[derive(Layout)]
#[repr(u16)]
#[allow(dead_code)]
enum Op {
    Nop,
    Jump(u32),
    Load { register: u8, address: u64 },
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
enum Tagged {
    Byte(u8),
    Pair(u16, u64),
    Empty,
}

/// Offset of a binding inside the value holding it, measured from a live value.
fn offset_in<T, F>(value: &T, field: &F) -> usize {
    field as *const F as usize - value as *const T as usize
}

/// The field blocks of the band of `variant`: `(name, offset, size)`; the band's blocks tile
/// the enum.
fn variant_fields(svg: &str, variant: &str, size: usize) -> Vec<(String, usize, usize)> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    let band = doc
        .descendants()
        .find(|n| n.attribute("data-variant") == Some(variant))
        .expect("a band per variant");
    let blocks = blocks_under(band);
    let mut spans: Vec<_> = blocks.iter().map(|b| (b.2, b.3)).collect();
    spans.sort();
    let end = spans.iter().fold(0, |end, &(offset, len)| {
        assert_eq!(offset, end, "blocks tile the band: {blocks:?}");
        end + len
    });
    assert_eq!(end, size, "the band covers the enum");
    blocks
        .into_iter()
        .filter(|b| b.0 == "field")
        .map(|b| (b.1, b.2, b.3))
        .collect()
}

/// The band of `$variant` in `$svg` draws each listed field (`name: binding: type`) at the
/// binding's offset in the live `$value`, measured, with `size_of` its type.
macro_rules! assert_fields_at {
    ($svg:expr, $ty:ty, $variant:literal, $value:expr, $pat:pat, [$($name:literal: $binding:ident: $fty:ty),*]) => {{
        let value: $ty = $value;
        let $pat = &value else { unreachable!() };
        let expected = vec![$(($name.to_string(), offset_in(&value, $binding), size_of::<$fty>())),*];
        assert_eq!(variant_fields($svg, $variant, size_of::<$ty>()), expected, $variant);
    }};
}

#[test]
fn repr_fixed_enums_draw_each_variant_field_where_it_is() {
    let op = Op::LAYOUT.to_svg();
    assert_fields_at!(&op, Op, "Load", Op::Load { register: 1, address: 2 }, Op::Load { register, address },
        ["register": register: u8, "address": address: u64]);
    assert_fields_at!(&op, Op, "Jump", Op::Jump(3), Op::Jump(target), ["0": target: u32]);
    assert!(op.contains("where the repr puts them"));

    let tagged = Tagged::LAYOUT.to_svg();
    assert_fields_at!(&tagged, Tagged, "Pair", Tagged::Pair(1, 2), Tagged::Pair(a, b),
        ["0": a: u16, "1": b: u64]);
    assert_fields_at!(&tagged, Tagged, "Byte", Tagged::Byte(1), Tagged::Byte(x), ["0": x: u8]);
    assert_eq!(tag_kinds(&tagged).len(), 3);
}
