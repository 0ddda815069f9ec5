//! Static layout analysis against the compiler: every gap, counterfactual size, suggested order,
//! discriminant and straddler is checked with `size_of`, `align_of` and `offset_of!` figures
//! measured here, never with typed-in sizes of default-repr types.
#![allow(dead_code)]

use std::mem::{align_of, offset_of, size_of};

use memlayout::layout::{Discriminant, LARGE_VARIANT_THRESHOLD};
use memlayout::{Kind, Layout, TypeLayout};

/// One field as the compiler lays it out.
#[derive(Clone, Copy, Debug)]
struct Truth {
    name: &'static str,
    offset: usize,
    size: usize,
    align: usize,
}

/// A derived sample with the compiler's figures for its fields and, as `repr_c_size`, the size
/// of a twin with the same fields in declaration order under the given C repr.
trait Sample: Layout {
    fn truth() -> Vec<Truth>;
    fn repr_c_twin_size() -> usize;
}

/// `sample!(#[repr(..)] struct Name / #[repr(C..)] Twin { field: Type, ... })`
macro_rules! sample {
    ($(#[$attr:meta])* struct $name:ident / $(#[$twin_attr:meta])* $twin:ident {
        $($(#[$field_attr:meta])* $field:ident : $ty:ty),* $(,)?
    }) => {
        #[derive(Layout)]
        $(#[$attr])*
        struct $name { $($(#[$field_attr])* $field: $ty),* }

        $(#[$twin_attr])*
        struct $twin { $($field: $ty),* }

        impl Sample for $name {
            fn truth() -> Vec<Truth> {
                vec![$(Truth {
                    name: stringify!($field),
                    offset: offset_of!($name, $field),
                    size: size_of::<$ty>(),
                    align: align_of::<$ty>(),
                }),*]
            }
            fn repr_c_twin_size() -> usize {
                size_of::<$twin>()
            }
        }
    };
}

sample!(#[repr(C)] struct CPacket / #[repr(C)] CPacketTwin { tag: u8, len: u32, flags: u8 });
sample!(struct RustPacket / #[repr(C)] RustPacketTwin { tag: u8, len: u32, flags: u8 });
sample!(#[repr(C)] struct Abc / #[repr(C)] AbcTwin { a: u8, b: u16, c: u8 });
sample!(struct Mixed / #[repr(C)] MixedTwin { a: u8, b: u64, c: u16, d: u8, e: u32, f: bool });
sample!(#[repr(C)] struct CMixed / #[repr(C)] CMixedTwin { a: u8, b: u64, c: u16, d: u8, e: u32, f: bool });
sample!(#[repr(C, packed)] struct Packed / #[repr(C, packed)] PackedTwin { a: u8, b: u64, c: u16 });
sample!(#[repr(C, packed(2))] struct Packed2 / #[repr(C, packed(2))] Packed2Twin { a: u8, b: u64, c: u8 });
sample!(#[repr(C, align(32))] struct Aligned / #[repr(C, align(32))] AlignedTwin { a: u8, b: u32 });
sample!(#[repr(align(16))] struct RustAligned / #[repr(C, align(16))] RustAlignedTwin { a: u8, b: u32, c: u8 });
sample!(#[repr(C)] struct Tight / #[repr(C)] TightTwin { a: u64, b: u32, c: u16, d: u8, e: u8 });
sample!(#[repr(C)] struct WithZst / #[repr(C)] WithZstTwin { a: u8, marker: (), b: u32 });
sample!(#[repr(C)] struct Nested / #[repr(C)] NestedTwin { inner: Abc, x: u8, y: u64 });
sample!(#[repr(C)] struct Heapy / #[repr(C)] HeapyTwin { flag: bool, name: String, id: u16, data: Vec<u8> });
sample!(#[repr(C)] struct Straddle / #[repr(C)] StraddleTwin {
    #[layout(opaque)] head: [u8; 56],
    #[layout(opaque)] value: [u32; 3],
    #[layout(opaque)] tail: [u64; 8],
});
sample!(#[repr(C)] struct Empty / #[repr(C)] EmptyTwin {});

/// Checks every static figure of `T` against the compiler.
fn check<T: Sample>() {
    let layout = T::LAYOUT;
    let truth = T::truth();
    let name = (layout.type_name)();
    assert_eq!(layout.size, size_of::<T>(), "{name}: size");
    assert_eq!(layout.align, align_of::<T>(), "{name}: align");

    // Declaration order is the source order; memory order is the compiler's offsets, sorted.
    let declared: Vec<_> = layout
        .fields_in_declaration_order()
        .map(|f| f.name)
        .collect();
    assert_eq!(
        declared,
        truth.iter().map(|t| t.name).collect::<Vec<_>>(),
        "{name}"
    );
    for (field, t) in layout.fields.iter().zip(&truth) {
        assert_eq!(
            (field.offset, field.size, field.align),
            (t.offset, t.size, t.align),
            "{name}.{}",
            t.name
        );
    }
    let mut by_offset = truth.clone();
    by_offset.sort_by_key(|t| t.offset); // stable: ties keep declaration order
    let memory: Vec<_> = layout.fields_in_memory_order().map(|f| f.name).collect();
    assert_eq!(
        memory,
        by_offset.iter().map(|t| t.name).collect::<Vec<_>>(),
        "{name}: memory order"
    );

    // The gaps are exactly the bytes no field covers, as maximal runs.
    let mut covered = vec![false; size_of::<T>()];
    for t in &truth {
        covered[t.offset..t.offset + t.size]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let mut expected = Vec::new();
    let mut at = 0;
    while at < covered.len() {
        if covered[at] {
            at += 1;
            continue;
        }
        let start = at;
        while at < covered.len() && !covered[at] {
            at += 1;
        }
        expected.push((start, at - start));
    }
    let gaps: Vec<_> = layout.padding_gaps().map(|g| (g.offset, g.size)).collect();
    assert_eq!(gaps, expected, "{name}: gaps");
    let uncovered = covered.iter().filter(|c| !**c).count();
    assert_eq!(layout.own_padding_bytes(), uncovered, "{name}: own padding");
    let last_end = truth.iter().map(|t| t.offset + t.size).max().unwrap_or(0);
    assert_eq!(
        layout.trailing_padding(),
        size_of::<T>() - last_end,
        "{name}: trailing"
    );
    if let Some(gap) = layout.padding_gaps().last() {
        assert_eq!(
            gap.is_trailing(),
            gap.offset + gap.size == size_of::<T>() && gap.offset >= last_end
        );
    }
    let share = if size_of::<T>() == 0 {
        0.0
    } else {
        uncovered as f64 / size_of::<T>() as f64
    };
    assert!(
        (layout.padding_share() - share).abs() < 1e-12,
        "{name}: share"
    );

    // Counterfactuals: the C twin's size, and a lower bound no order beats.
    assert_eq!(
        layout.repr_c_size(),
        Some(T::repr_c_twin_size()),
        "{name}: repr(C) size"
    );
    let best = layout.smallest_size().unwrap();
    let sum: usize = truth.iter().map(|t| t.size).sum();
    assert!(
        best >= sum && best % align_of::<T>() == 0 && best < sum + align_of::<T>().max(1),
        "{name}: best {best}"
    );
    assert!(
        best <= size_of::<T>() && best <= T::repr_c_twin_size(),
        "{name}: best {best}"
    );

    // Straddlers, by the compiler's offsets.
    let straddlers: Vec<_> = layout.cache_line_straddlers().map(|f| f.name).collect();
    let expected: Vec<_> = by_offset
        .iter()
        .filter(|t| {
            t.size > 0 && (t.offset + t.size - 1) / 64 - t.offset / 64 >= t.size.div_ceil(64)
        })
        .map(|t| t.name)
        .collect();
    assert_eq!(straddlers, expected, "{name}: straddlers");
    assert_eq!(layout.discriminant(), None);
}

#[test]
fn structs_match_the_compiler() {
    check::<CPacket>();
    check::<RustPacket>();
    check::<Abc>();
    check::<Mixed>();
    check::<CMixed>();
    check::<Packed>();
    check::<Packed2>();
    check::<Aligned>();
    check::<RustAligned>();
    check::<Tight>();
    check::<WithZst>();
    check::<Nested>();
    check::<Heapy>();
    check::<Straddle>();
    check::<Empty>();
}

// Twins with the fields sorted by alignment, largest first, by hand: the orders the suggestion
// must name and the sizes it must promise.
#[repr(C)]
struct CPacketSorted {
    len: u32,
    tag: u8,
    flags: u8,
}
#[repr(C)]
struct AbcSorted {
    b: u16,
    a: u8,
    c: u8,
}
#[repr(C)]
struct CMixedSorted {
    b: u64,
    e: u32,
    c: u16,
    a: u8,
    d: u8,
    f: bool,
}
#[repr(C)]
struct NestedSorted {
    y: u64,
    inner: Abc,
    x: u8,
}
#[repr(C)]
struct HeapySorted {
    name: String,
    data: Vec<u8>,
    id: u16,
    flag: bool,
}

fn check_suggestion<T: Layout>(order: &[&str], sorted_size: usize, twin_size: usize) {
    let layout = T::LAYOUT;
    let hint = layout
        .reorder_suggestion()
        .expect("a repr(C) type that wastes bytes");
    let names: Vec<_> = hint.order().map(|f| f.name).collect();
    assert_eq!(names, order);
    assert_eq!(hint.current_size, twin_size);
    assert_eq!(hint.suggested_size, sorted_size);
    assert_eq!(hint.bytes_saved, twin_size - sorted_size);
    assert_eq!(layout.smallest_size(), Some(sorted_size));
}

#[test]
fn repr_c_types_get_a_better_order() {
    check_suggestion::<CPacket>(
        &["len", "tag", "flags"],
        size_of::<CPacketSorted>(),
        size_of::<CPacket>(),
    );
    check_suggestion::<Abc>(&["b", "a", "c"], size_of::<AbcSorted>(), size_of::<Abc>());
    check_suggestion::<CMixed>(
        &["b", "e", "c", "a", "d", "f"],
        size_of::<CMixedSorted>(),
        size_of::<CMixed>(),
    );
    check_suggestion::<Heapy>(
        &["name", "data", "id", "flag"],
        size_of::<HeapySorted>(),
        size_of::<Heapy>(),
    );
}

#[test]
fn no_suggestion_without_waste_or_without_repr_c() {
    // Fields that already fill the alignment: reordering gains nothing.
    assert_eq!(size_of::<Nested>(), size_of::<NestedSorted>());
    assert!(Nested::LAYOUT.reorder_suggestion().is_none());
    // Already sorted: nothing to gain.
    assert_eq!(size_of::<Tight>(), Tight::LAYOUT.smallest_size().unwrap());
    assert!(Tight::LAYOUT.reorder_suggestion().is_none());
    // The compiler reorders the default repr itself.
    assert!(RustPacket::LAYOUT.reorder_suggestion().is_none());
    assert!(Mixed::LAYOUT.reorder_suggestion().is_none());
    // Packed to 1 byte: no padding to remove.
    assert_eq!(Packed::LAYOUT.own_padding_bytes(), 0);
    assert!(Packed::LAYOUT.reorder_suggestion().is_none());
    assert!(<Vec<u8>>::LAYOUT.reorder_suggestion().is_none());
}

#[test]
fn deep_padding_includes_the_fields_padding() {
    let own = Nested::LAYOUT.own_padding_bytes();
    assert_eq!(
        Nested::LAYOUT.padding_bytes,
        own + Abc::LAYOUT.own_padding_bytes()
    );
}

#[test]
fn gaps_name_their_neighbours() {
    let gaps: Vec<_> = CPacket::LAYOUT.padding_gaps().collect();
    assert_eq!(gaps.len(), 2);
    assert_eq!(
        (gaps[0].after.unwrap().name, gaps[0].before.unwrap().name),
        ("tag", "len")
    );
    assert!(!gaps[0].is_trailing());
    assert_eq!(gaps[1].after.unwrap().name, "flags");
    assert!(gaps[1].is_trailing());
}

#[derive(Layout)]
struct Pair<A, B> {
    first: A,
    second: B,
}

fn check_pair<A: Layout, B: Layout>() {
    let layout = <Pair<A, B>>::LAYOUT;
    let fields = [
        ("first", offset_of!(Pair<A, B>, first), size_of::<A>()),
        ("second", offset_of!(Pair<A, B>, second), size_of::<B>()),
    ];
    let covered: usize = fields.iter().map(|f| f.2).sum();
    assert_eq!(
        layout.own_padding_bytes(),
        size_of::<Pair<A, B>>() - covered
    );
    let gap_bytes: usize = layout.padding_gaps().map(|g| g.size).sum();
    assert_eq!(gap_bytes, size_of::<Pair<A, B>>() - covered);
    let c_size = memlayout::layout::repr_c_size(
        [
            (size_of::<A>(), align_of::<A>()),
            (size_of::<B>(), align_of::<B>()),
        ],
        None,
        align_of::<Pair<A, B>>(),
    );
    assert_eq!(layout.repr_c_size(), Some(c_size));
    for (field, (name, offset, size)) in layout.fields.iter().zip(fields) {
        assert_eq!((field.name, field.offset, field.size), (name, offset, size));
    }
}

#[repr(C)]
struct CPair<A, B> {
    first: A,
    second: B,
}

#[test]
fn generic_instantiations() {
    check_pair::<u8, u64>();
    check_pair::<u64, u8>();
    check_pair::<u16, u16>();
    check_pair::<(), u32>();
    check_pair::<String, bool>();
    assert_eq!(
        <Pair<u8, u64>>::LAYOUT.repr_c_size(),
        Some(size_of::<CPair<u8, u64>>())
    );
    assert_eq!(
        <Pair<u64, u8>>::LAYOUT.repr_c_size(),
        Some(size_of::<CPair<u64, u8>>())
    );
}

#[derive(Layout)]
#[repr(C)]
union Bits {
    word: u32,
    bytes: u8,
    wide: u64,
}

#[test]
fn unions_pad_after_their_largest_field() {
    let layout = Bits::LAYOUT;
    assert_eq!(layout.kind, Kind::Union);
    let largest = size_of::<u64>().max(size_of::<u32>()).max(size_of::<u8>());
    let gaps: Vec<_> = layout.padding_gaps().map(|g| (g.offset, g.size)).collect();
    let expected: Vec<(usize, usize)> = if size_of::<Bits>() > largest {
        vec![(largest, size_of::<Bits>() - largest)]
    } else {
        vec![]
    };
    assert_eq!(gaps, expected);
    assert_eq!(layout.repr_c_size(), Some(size_of::<Bits>()));
    assert_eq!(layout.smallest_size(), Some(size_of::<Bits>()));
    assert!(layout.reorder_suggestion().is_none());
}

#[test]
fn library_types_have_no_field_list() {
    for layout in [
        <Vec<u8>>::LAYOUT,
        String::LAYOUT,
        u64::LAYOUT,
        <Box<u32>>::LAYOUT,
    ] {
        assert!(!layout.has_field_layout());
        assert_eq!(layout.padding_gaps().count(), 0);
        assert_eq!(layout.own_padding_bytes(), 0);
        assert_eq!(layout.repr_c_size(), None);
        assert_eq!(layout.smallest_size(), None);
        assert_eq!(layout.discriminant(), None);
        assert!(layout.large_variant(0).is_none());
    }
}

// ---- enums ----

#[derive(Layout)]
enum Fieldless {
    A,
    B,
    C,
}

#[derive(Layout)]
enum ManyFieldless {
    V0 = 0,
    V1 = 300,
}

#[derive(Layout)]
#[repr(u16)]
enum Op {
    Nop,
    Jump(u32),
    Load { reg: u8, value: u64 },
}

#[derive(Layout)]
#[repr(C)]
enum CEnum {
    A(u8),
    B,
}

#[derive(Layout)]
#[repr(C)]
enum CFieldless {
    A,
    B,
}

#[derive(Layout)]
#[repr(i8)]
enum Signed {
    Low = -3,
    High = 100,
}

#[derive(Layout)]
enum Single {
    Only(u64),
}

#[derive(Layout)]
#[allow(clippy::large_enum_variant)]
enum Message {
    Ping,
    Text(String),
    Blob(#[layout(opaque)] [u8; 1024]),
}

#[derive(Layout)]
enum Balanced {
    A(#[layout(opaque)] [u8; 300]),
    B(#[layout(opaque)] [u8; 200]),
}

#[test]
fn tags_fixed_by_the_repr_are_exact() {
    let tag = |layout: &TypeLayout| layout.discriminant().unwrap();
    // A fieldless enum is nothing but its tag.
    assert_eq!(
        tag(Fieldless::LAYOUT).tag_bytes(),
        Some(size_of::<Fieldless>())
    );
    assert_eq!(
        tag(ManyFieldless::LAYOUT).tag_bytes(),
        Some(size_of::<ManyFieldless>())
    );
    assert_eq!(
        tag(CFieldless::LAYOUT).tag_bytes(),
        Some(size_of::<CFieldless>())
    );
    assert_eq!(
        tag(CFieldless::LAYOUT),
        Discriminant::Tag {
            bytes: size_of::<std::ffi::c_int>(),
            is_exact: true
        }
    );
    assert_eq!(
        tag(Signed::LAYOUT),
        Discriminant::Tag {
            bytes: size_of::<i8>(),
            is_exact: true
        }
    );
    assert_eq!(
        tag(Op::LAYOUT),
        Discriminant::Tag {
            bytes: size_of::<u16>(),
            is_exact: true
        }
    );
    assert_eq!(
        tag(CEnum::LAYOUT).tag_bytes(),
        Some(size_of::<std::ffi::c_int>())
    );
    assert_eq!(tag(Single::LAYOUT), Discriminant::None);
    assert_eq!(size_of::<Single>(), size_of::<u64>());
}

#[test]
fn niches_are_found_by_size() {
    // The premise, from the compiler: a Box has a niche (null) that Option uses.
    assert_eq!(size_of::<Option<Box<u8>>>(), size_of::<Box<u8>>());
    assert_eq!(
        <Option<Box<u8>>>::LAYOUT.discriminant(),
        Some(Discriminant::Niche)
    );
    assert_eq!(size_of::<Option<String>>(), size_of::<String>());
    assert_eq!(
        <Option<String>>::LAYOUT.discriminant(),
        Some(Discriminant::Niche)
    );
    assert_eq!(size_of::<Option<Option<bool>>>(), size_of::<bool>());
    assert_eq!(
        <Option<Option<bool>>>::LAYOUT.discriminant(),
        Some(Discriminant::Niche)
    );
    // A u32 has no invalid values: Option<u32> needs a tag.
    assert!(size_of::<Option<u32>>() > size_of::<u32>());
    let tag = <Option<u32>>::LAYOUT.discriminant().unwrap();
    let bytes = tag.tag_bytes().expect("a tag");
    assert!(bytes >= 1 && bytes <= size_of::<Option<u32>>() - size_of::<u32>());
    assert!(!tag.is_niche());
}

#[test]
fn variants_carry_payload_and_field_sizes() {
    let layout = Op::LAYOUT;
    assert_eq!(layout.size, size_of::<Op>());
    assert_eq!(layout.align, align_of::<Op>());
    let names: Vec<_> = layout.variants.iter().map(|v| v.name).collect();
    assert_eq!(names, ["Nop", "Jump", "Load"]);
    let load = layout.variant("Load").unwrap();
    let sizes: Vec<_> = load
        .fields
        .iter()
        .map(|f| (f.name, f.size, f.align))
        .collect();
    assert_eq!(
        sizes,
        [
            ("reg", size_of::<u8>(), align_of::<u8>()),
            ("value", size_of::<u64>(), align_of::<u64>())
        ]
    );
    assert_eq!(load.payload_size, size_of::<u8>() + size_of::<u64>());
    assert_eq!(
        layout.variant("Jump").unwrap().payload_size,
        size_of::<u32>()
    );
    assert_eq!(layout.variant("Nop").unwrap().payload_size, 0);
    assert_eq!(layout.largest_variant().unwrap().name, "Load");
    // The tag comes first, then the payload: the enum holds both.
    assert!(layout.size >= size_of::<u16>() + load.payload_size);
}

#[test]
fn a_much_larger_variant_is_flagged() {
    let warning = Message::LAYOUT
        .large_variant(LARGE_VARIANT_THRESHOLD)
        .unwrap();
    assert_eq!(warning.largest.name, "Blob");
    assert_eq!(warning.second.name, "Text");
    assert_eq!(
        warning.difference,
        size_of::<[u8; 1024]>() - size_of::<String>()
    );
    assert_eq!(warning.threshold, LARGE_VARIANT_THRESHOLD);
    // The threshold is a parameter: clippy's rule is "more than", so the difference itself passes.
    assert!(Message::LAYOUT.large_variant(warning.difference).is_none());
    assert!(Message::LAYOUT
        .large_variant(warning.difference - 1)
        .is_some());
    // 300 vs 200 bytes: 100 apart, under the default threshold.
    assert!(Balanced::LAYOUT
        .large_variant(LARGE_VARIANT_THRESHOLD)
        .is_none());
    assert!(Balanced::LAYOUT.large_variant(99).is_some());
    assert!(Fieldless::LAYOUT.large_variant(0).is_none());
    assert!(Single::LAYOUT.large_variant(0).is_none());
}

// ---- text ----

/// The byte map of a one-line map, spaces removed.
fn byte_map(text: &str) -> String {
    let line = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("bytes: "))
        .expect("a byte map");
    line.chars().filter(|c| *c != ' ').collect()
}

#[test]
fn text_table_byte_map_and_summary() {
    let text = CPacket::LAYOUT.to_string();
    let map = byte_map(&text);
    assert_eq!(map.len(), size_of::<CPacket>(), "{text}");
    let letters = [("tag", 'a'), ("len", 'b'), ("flags", 'c')];
    for (t, (name, letter)) in CPacket::truth().iter().zip(letters) {
        assert_eq!(t.name, name);
        assert!(
            map[t.offset..t.offset + t.size]
                .chars()
                .all(|c| c == letter),
            "{text}"
        );
    }
    assert_eq!(
        map.chars().filter(|c| *c == '.').count(),
        CPacket::LAYOUT.own_padding_bytes()
    );
    assert!(
        text.contains("legend: a = tag, b = len, c = flags, . = padding"),
        "{text}"
    );
    assert!(
        text.contains("(padding)") && text.contains("(trailing padding)"),
        "{text}"
    );
    let summary = format!(
        "size {}, align {}, padding {}",
        size_of::<CPacket>(),
        align_of::<CPacket>(),
        CPacket::LAYOUT.own_padding_bytes()
    );
    assert!(text.contains(&summary), "{text}");
    let best = format!(
        "repr(C) size {}, best size {}",
        size_of::<CPacket>(),
        size_of::<CPacketSorted>()
    );
    assert!(text.contains(&best), "{text}");
    assert!(
        text.contains("suggestion: reorder as len, tag, flags"),
        "{text}"
    );
    // Rows in memory order: the field rows appear sorted by offset.
    let rows: Vec<usize> = text
        .lines()
        .skip(2)
        .map_while(|l| l.split_whitespace().next().and_then(|n| n.parse().ok()))
        .collect();
    assert!(
        rows.windows(2).all(|w| w[0] <= w[1]) && rows.len() == 5,
        "{text}"
    );
}

#[test]
fn text_for_default_repr_follows_the_compiler() {
    let text = Mixed::LAYOUT.to_string();
    let map = byte_map(&text);
    assert_eq!(map.len(), size_of::<Mixed>(), "{text}");
    for (index, t) in Mixed::truth().iter().enumerate() {
        let letter = (b'a' + index as u8) as char;
        assert!(
            map[t.offset..t.offset + t.size]
                .chars()
                .all(|c| c == letter),
            "{text}"
        );
    }
    assert!(!text.contains("suggestion"), "{text}");
}

#[test]
fn big_types_wrap_and_fold_the_byte_map() {
    let text = Straddle::LAYOUT.to_string();
    assert!(text.contains("[straddles a 64-byte line]"), "{text}");
    assert!(!text.contains("bytes: "), "{text}");
    let rows: Vec<_> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("64: ") || l.trim_start().starts_with("0: "))
        .collect();
    assert_eq!(rows.len(), 2, "{text}");

    #[derive(Layout)]
    #[repr(C)]
    struct Huge {
        head: u8,
        #[layout(opaque)]
        body: [u8; 4096],
        tail: u64,
    }
    let text = Huge::LAYOUT.to_string();
    let folded = "more bytes of field `body`";
    assert!(text.contains(folded), "{text}");
    assert!(text.lines().count() < 30, "{text}");
    let narrow = Huge::LAYOUT
        .display_with(
            memlayout::TextOptions::new()
                .byte_map_row(8)
                .byte_map_rows(4),
        )
        .to_string();
    assert!(
        narrow.contains("more bytes not shown") || narrow.contains("more bytes of"),
        "{narrow}"
    );
}

#[test]
fn text_for_enums() {
    let text = Message::LAYOUT.to_string();
    for name in ["Ping", "Text", "Blob"] {
        assert!(text.contains(name), "{text}");
    }
    assert!(text.contains("warning: variant `Blob`"), "{text}");
    assert!(text.contains("clippy::large_enum_variant"), "{text}");
    assert!(text.contains("offset_of!"), "{text}");
    let quiet = Message::LAYOUT
        .display_with(memlayout::TextOptions::new().large_variant_threshold(4096))
        .to_string();
    assert!(!quiet.contains("warning"), "{quiet}");

    let text = <Option<Box<u8>>>::LAYOUT.to_string();
    assert!(text.contains("discriminant: niche"), "{text}");
    let text = Op::LAYOUT.to_string();
    assert!(
        text.contains("discriminant: tag of 2 bytes (repr(u16))"),
        "{text}"
    );
}

#[test]
#[ignore = "prints the text forms for a person to read: cargo test -p memlayout-tests --test test_static -- --ignored --nocapture"]
fn show_text_forms() {
    for layout in [
        CPacket::LAYOUT,
        Mixed::LAYOUT,
        Straddle::LAYOUT,
        Bits::LAYOUT,
        Message::LAYOUT,
        Op::LAYOUT,
        <Option<Box<u8>>>::LAYOUT,
        <Option<u32>>::LAYOUT,
        <Vec<u8>>::LAYOUT,
        Empty::LAYOUT,
        Packed2::LAYOUT,
        Nested::LAYOUT,
    ] {
        println!("{layout}");
    }
}

#[test]
fn text_for_library_types() {
    let text = <Vec<u8>>::LAYOUT.to_string();
    let header = format!(
        "Vec<u8> (collection): {} bytes, align {}, owns heap",
        size_of::<Vec<u8>>(),
        align_of::<Vec<u8>>()
    );
    assert!(text.starts_with(&header), "{text}");
    assert!(text.contains("element: u8 (1 byte)"), "{text}");
    let text = Empty::LAYOUT.to_string();
    assert!(text.contains("zero-sized"), "{text}");
}
