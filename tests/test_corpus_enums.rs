//! Enum facts of the static layout checked against the compiler on stable Rust: evaluated
//! discriminants (against `as` casts), tag widths of fieldless enums (against `size_of`),
//! uninhabited types and variants (against the sizes of the enums holding them), niches
//! (against `size_of::<Option<T>>()`), and the tag of enums whose fields have no niche.
//!
//! Every check holds under `-Zrandomize-layout` too: none depends on the order of fields inside
//! a variant. The niche-or-tag decisions that do are checked against `-Zprint-type-sizes` by
//! `tests/test_print_type_sizes.rs` (a 210-enum corpus).
// `i64::MAX as isize` is the issue's own example; a 32-bit target would truncate it (and the
// checks, which compare with the compiler's casts and sizes, would still hold).
#![allow(dead_code, clippy::enum_clike_unportable_variant)]

use std::convert::Infallible;
use std::mem::size_of;

use memlayout::layout::{discriminant_bytes, Discriminant};
use memlayout::{Layout, TypeLayout};

#[derive(Layout)]
enum Never {}

#[derive(Layout)]
struct HoldsNever {
    id: u32,
    never: Never,
}

#[derive(Layout)]
struct Wrapper<T> {
    tag: u8,
    value: T,
}

#[derive(Layout)]
#[repr(align(8))]
struct Align8(u8);

#[derive(Layout)]
#[repr(C, align(16))]
struct Align16(u32);

// Discriminant extremes: values the derive must evaluate, not parse.
#[derive(Layout)]
enum I32Min {
    A = i32::MIN as isize,
    B,
}

#[derive(Layout)]
enum I64Max {
    A = 1,
    B = i64::MAX as isize,
}

#[derive(Layout)]
enum Extremes {
    A = i32::MIN as isize,
    B = i64::MAX as isize,
}

const BASE: isize = 1 << 20;

#[derive(Layout)]
enum FromConst {
    A = BASE,
    B,
    C = BASE * 2 + 1,
    D,
}

#[derive(Layout)]
enum Shifted {
    A = 1 << 3,
    B = 1 << 9,
}

#[derive(Layout)]
enum Negative {
    A = -129,
    B,
    C = 5,
}

#[derive(Layout)]
enum Past255 {
    A = 255,
    B,
}

#[derive(Layout)]
#[repr(u16)]
enum ReprU16Fieldless {
    A = 7,
    B = 0xFFFF,
}

#[derive(Layout)]
#[repr(i8)]
enum ReprI8Fieldless {
    Low = -128,
    High = 127,
}

#[derive(Layout)]
#[repr(align(8))]
enum AlignedFieldless {
    A,
    B = 300,
}

// No niche anywhere: only a tag can tell the variants apart.
#[derive(Layout)]
enum AlignedInts {
    A(Align8),
    B(Align16),
    C,
}

#[derive(Layout)]
enum IntsOnly {
    A(u16, u32),
    B(u64),
    C(u8),
}

#[derive(Layout)]
enum FloatAndInt {
    A(f64, u8),
    B(u32),
}

// Uninhabited variants.
#[derive(Layout)]
enum OneInhabited {
    A(u32),
    B(Never),
}

#[derive(Layout)]
enum UnitAndNever {
    A,
    B(Never),
    C(Infallible),
}

#[derive(Layout)]
enum NoneInhabited {
    A(Never),
    B(Infallible, ()),
}

#[derive(Layout)]
enum SizedButUninhabited {
    A(HoldsNever),
    B(Never),
}

/// Explicit discriminants on a generic enum with fields (they need a primitive repr).
#[derive(Layout)]
#[repr(u16)]
enum GenericExplicit<T> {
    A(T) = 3,
    B = 0x100,
    C,
}

/// `V as i128` for each variant of a fieldless enum: the compiler's own evaluation.
macro_rules! check_values {
    ($t:ident { $($v:ident),* }) => {{
        let values: Vec<i128> = <$t as Layout>::LAYOUT.variants.iter().map(|v| v.discriminant_value).collect();
        assert_eq!(values, [$($t::$v as i128),*], "{}: discriminant values", stringify!($t));
    }};
}

/// A default-repr fieldless enum stores a tag as wide as the enum, no wider than its values need.
fn check_fieldless_tag<T>(layout: &TypeLayout) {
    let values = layout.variants.iter().map(|v| v.discriminant_value);
    let (min, max) = (values.clone().min().unwrap(), values.max().unwrap());
    let expected = Discriminant::Tag {
        bytes: size_of::<T>(),
        is_exact: true,
    };
    assert_eq!(layout.discriminant(), Some(expected), "{}", layout.name);
    assert_eq!(
        discriminant_bytes(min, max, 1),
        size_of::<T>(),
        "{}",
        layout.name
    );
}

#[test]
fn discriminants_are_evaluated() {
    check_values!(I32Min { A, B });
    check_values!(I64Max { A, B });
    check_values!(Extremes { A, B });
    check_values!(FromConst { A, B, C, D });
    check_values!(Shifted { A, B });
    check_values!(Negative { A, B, C });
    check_values!(Past255 { A, B });
    check_values!(ReprU16Fieldless { A, B });
    check_values!(ReprI8Fieldless { Low, High });
    check_values!(AlignedFieldless { A, B });
    // Generic, with fields: the values, and a 2-byte tag whatever `T` is.
    for layout in [
        <GenericExplicit<u8>>::LAYOUT,
        <GenericExplicit<String>>::LAYOUT,
    ] {
        let values: Vec<i128> = layout
            .variants
            .iter()
            .map(|v| v.discriminant_value)
            .collect();
        assert_eq!(values, [3, 0x100, 0x101]);
        let tag = Discriminant::Tag {
            bytes: size_of::<u16>(),
            is_exact: true,
        };
        assert_eq!(layout.discriminant(), Some(tag));
    }
    // A constant local to a function body, read where the derive expands.
    const LOCAL: isize = -40_000;
    #[derive(Layout)]
    enum Local {
        A = LOCAL,
        B,
    }
    check_values!(Local { A, B });
    check_fieldless_tag::<Local>(Local::LAYOUT);
    // Implicit values in enums with fields count from 0 as well.
    let values: Vec<i128> = IntsOnly::LAYOUT
        .variants
        .iter()
        .map(|v| v.discriminant_value)
        .collect();
    assert_eq!(values, [0, 1, 2]);
    assert_eq!(
        I32Min::LAYOUT.variants[0].discriminant,
        Some("i32::MIN as isize")
    );
}

#[test]
fn fieldless_tags_are_the_enum() {
    check_fieldless_tag::<I32Min>(I32Min::LAYOUT);
    check_fieldless_tag::<I64Max>(I64Max::LAYOUT);
    check_fieldless_tag::<Extremes>(Extremes::LAYOUT);
    check_fieldless_tag::<FromConst>(FromConst::LAYOUT);
    check_fieldless_tag::<Shifted>(Shifted::LAYOUT);
    check_fieldless_tag::<Negative>(Negative::LAYOUT);
    check_fieldless_tag::<Past255>(Past255::LAYOUT);
    // A repr fixes the width; `repr(align)` pads a tag that stays as narrow as the values.
    let tag = |bytes| {
        Some(Discriminant::Tag {
            bytes,
            is_exact: true,
        })
    };
    assert_eq!(
        ReprU16Fieldless::LAYOUT.discriminant(),
        tag(size_of::<ReprU16Fieldless>())
    );
    assert_eq!(
        ReprI8Fieldless::LAYOUT.discriminant(),
        tag(size_of::<ReprI8Fieldless>())
    );
    assert_eq!(
        AlignedFieldless::LAYOUT.discriminant(),
        tag(discriminant_bytes(0, 300, 1))
    );
    assert!(size_of::<AlignedFieldless>() > discriminant_bytes(0, 300, 1));
}

#[test]
fn niches_are_the_compilers() {
    fn check<T: Layout>() {
        let layout = T::LAYOUT;
        let name = (layout.type_name)();
        assert_eq!(
            layout.has_niche,
            size_of::<Option<T>>() == size_of::<T>(),
            "{name}"
        );
    }
    check::<u8>();
    check::<bool>();
    check::<char>();
    check::<&u8>();
    check::<Box<u8>>();
    check::<String>();
    check::<Align8>();
    check::<Align16>();
    check::<AlignedInts>();
    check::<IntsOnly>();
    check::<Wrapper<bool>>();
    check::<Wrapper<u64>>();
    check::<(u32, char)>();
    check::<[u8; 0]>();
    check::<Option<bool>>();
    check::<std::num::NonZero<u32>>();
    // 256 or more invalid values: the Reference gives `char` 0..=0x10FFFF of 2^32 and `bool`
    // 2 of 256; a pointer and `NonZero` have one invalid value, null and zero.
    for (layout, large) in [
        (char::LAYOUT, true),
        (String::LAYOUT, true),
        (<Wrapper<char>>::LAYOUT, true),
        (bool::LAYOUT, false),
        (<&u8>::LAYOUT, false),
        (<std::num::NonZero<u32>>::LAYOUT, false),
        (u32::LAYOUT, false),
    ] {
        assert_eq!(layout.has_large_niche, large, "{}", (layout.type_name)());
        // Each of these has far more than 256 invalid values, or fewer than 256.
        assert_eq!(layout.has_niche_over_256, large, "{}", (layout.type_name)());
    }
}

/// Fields without a niche: whatever the field order, a tag, and the enum has room for it.
#[test]
fn no_niche_anywhere_means_a_tag() {
    fn check<T: Layout>() {
        let layout = T::LAYOUT;
        let name = (layout.type_name)();
        let Some(Discriminant::Tag { bytes, .. }) = layout.discriminant() else {
            panic!("{name}: {:?}", layout.discriminant());
        };
        let largest = layout
            .variants
            .iter()
            .map(|v| v.payload_size)
            .max()
            .unwrap();
        assert!(
            size_of::<T>() >= bytes + largest,
            "{name}: no room for the tag"
        );
        assert!(layout
            .variants
            .iter()
            .flat_map(|v| v.fields)
            .all(|f| !(f.layout)().has_niche));
    }
    check::<AlignedInts>();
    check::<IntsOnly>();
    check::<FloatAndInt>();
    check::<Option<Align8>>();
    check::<Option<Align16>>();
    check::<Result<u64, u32>>();
    check::<Result<Align8, [u8; 3]>>();
}

#[test]
fn uninhabited_types_and_variants() {
    // Types: empty enums, `Infallible`, structs, tuples and non-empty arrays holding one.
    for (layout, uninhabited) in [
        (Never::LAYOUT, true),
        (Infallible::LAYOUT, true),
        (HoldsNever::LAYOUT, true),
        (<Wrapper<Never>>::LAYOUT, true),
        (<(u8, Infallible)>::LAYOUT, true),
        (<[Never; 1]>::LAYOUT, true),
        (<[Never; 0]>::LAYOUT, false),
        (<Result<Never, Infallible>>::LAYOUT, true),
        (NoneInhabited::LAYOUT, true),
        (<Option<Never>>::LAYOUT, false),
        (<Result<u32, Never>>::LAYOUT, false),
        (OneInhabited::LAYOUT, false),
        (<Wrapper<u8>>::LAYOUT, false),
        (<Box<Never>>::LAYOUT, false),
        (<std::mem::ManuallyDrop<Never>>::LAYOUT, true),
    ] {
        assert_eq!(
            layout.is_uninhabited,
            uninhabited,
            "{}",
            (layout.type_name)()
        );
    }
    // One inhabited variant: laid out as that variant alone, no tag.
    let one = Some(Discriminant::None);
    assert_eq!(<Option<Never>>::LAYOUT.discriminant(), one);
    assert_eq!(size_of::<Option<Never>>(), 0);
    assert_eq!(<Result<u32, Never>>::LAYOUT.discriminant(), one);
    assert_eq!(size_of::<Result<u32, Never>>(), size_of::<u32>());
    assert_eq!(<Result<Never, String>>::LAYOUT.discriminant(), one);
    assert_eq!(size_of::<Result<Never, String>>(), size_of::<String>());
    assert_eq!(OneInhabited::LAYOUT.discriminant(), one);
    assert_eq!(size_of::<OneInhabited>(), size_of::<u32>());
    assert_eq!(UnitAndNever::LAYOUT.discriminant(), one);
    assert_eq!(size_of::<UnitAndNever>(), 0);
    // A sized uninhabited variant keeps its place: one variant is left, `A`.
    assert_eq!(SizedButUninhabited::LAYOUT.discriminant(), one);
    assert_eq!(size_of::<SizedButUninhabited>(), size_of::<HoldsNever>());
    // No variant can exist.
    let none = Some(Discriminant::Uninhabited);
    assert_eq!(<Result<Never, Never>>::LAYOUT.discriminant(), none);
    assert_eq!(size_of::<Result<Never, Never>>(), 0);
    assert_eq!(Never::LAYOUT.discriminant(), none);
    assert_eq!(Infallible::LAYOUT.discriminant(), none);
    // Absent variants are those that take no space at all.
    let absent: Vec<bool> = OneInhabited::LAYOUT
        .variants
        .iter()
        .map(|v| v.is_absent())
        .collect();
    assert_eq!(absent, [false, true]);
    let absent: Vec<bool> = SizedButUninhabited::LAYOUT
        .variants
        .iter()
        .map(|v| v.is_absent())
        .collect();
    assert_eq!(absent, [false, true]);
    assert!(SizedButUninhabited::LAYOUT.variants[0].is_uninhabited);
}

#[test]
fn the_table_and_json_say_it() {
    let text = |layout: &TypeLayout| layout.to_string();
    assert!(text(<Result<u32, Never>>::LAYOUT)
        .contains("discriminant: none (one inhabited variant, no tag)"));
    assert!(text(<Result<Never, Never>>::LAYOUT)
        .contains("discriminant: none (uninhabited: no value can exist)"));
    assert!(text(Extremes::LAYOUT)
        .contains("discriminant: tag of 8 bytes (from the discriminants and field alignments)"));
    assert!(text(ReprU16Fieldless::LAYOUT).contains("discriminant: tag of 2 bytes (repr(u16))"));
    let json = |layout: &TypeLayout| -> serde_json::Value {
        serde_json::from_str(&layout.to_json()).unwrap()
    };
    let doc = json(<Result<Never, Never>>::LAYOUT);
    assert_eq!(doc["enum"]["discriminant"]["kind"], "uninhabited");
    assert_eq!(doc["is_uninhabited"], true);
    let doc = json(<Result<u32, Never>>::LAYOUT);
    assert_eq!(doc["enum"]["discriminant"]["kind"], "none");
    assert_eq!(doc["enum"]["variants"][1]["is_absent"], true);
    assert_eq!(
        doc["has_niche"],
        size_of::<Option<Result<u32, Never>>>() == size_of::<u32>()
    );
    let doc = json(Extremes::LAYOUT);
    assert_eq!(doc["enum"]["variants"][1]["discriminant_value"], i64::MAX);
    assert_eq!(
        doc["enum"]["discriminant"],
        serde_json::json!({"kind": "tag", "tag_bytes": 8, "exact": true})
    );
}
