//! `memlayout::variant::of`: the active variant of a live enum value and its fields' offsets,
//! sizes and alignments (issue 11.1). Offsets are checked against address arithmetic written
//! here (match on the value, take each field's address minus the value's: `offset_of!` does
//! not reach variant fields on stable), sizes and alignments against `size_of` / `align_of`.

use std::mem::{align_of, size_of};

use memlayout::{Layout, LayoutReport};

fn addr<T: ?Sized>(value: &T) -> usize {
    value as *const T as *const u8 as usize
}

/// Each field of the active variant: (name, offset, size, align), measured here.
type Expected = Vec<(&'static str, usize, usize, usize)>;

fn field<T>(name: &'static str, value: &T, base: usize) -> (&'static str, usize, usize, usize) {
    (name, addr(value) - base, size_of::<T>(), align_of::<T>())
}

#[track_caller]
fn check<T: Layout>(value: &T, name: &str, index: usize, expected: Expected) {
    let active = memlayout::variant::of(value).expect("an enum");
    assert_eq!((active.name, active.index), (name, index));
    let got: Expected = active
        .fields
        .iter()
        .map(|f| (f.name, f.offset.expect("an offset"), f.size, f.align))
        .collect();
    assert_eq!(got, expected);
    // The report shows the same variant and offsets at the root.
    let report = value.layout_report();
    assert_eq!(report.root().variant(), Some(active.name));
    for f in &active.fields {
        let node = report
            .find(&format!(".{}.{}", active.name, f.name))
            .unwrap();
        assert_eq!(node.offset(), f.offset);
    }
}

#[derive(Layout)]
#[allow(dead_code)]
enum Mixed {
    Unit,
    Tuple(u8, u64, u16),
    Named {
        text: String,
        flag: bool,
        pair: (u8, u32),
    },
}

fn mixed_expected(value: &Mixed) -> Expected {
    let base = addr(value);
    match value {
        Mixed::Unit => Vec::new(),
        Mixed::Tuple(a, b, c) => vec![
            field("0", a, base),
            field("1", b, base),
            field("2", c, base),
        ],
        Mixed::Named { text, flag, pair } => vec![
            field("text", text, base),
            field("flag", flag, base),
            field("pair", pair, base),
        ],
    }
}

#[test]
fn derived_enums_of_every_shape() {
    let values = [
        (Mixed::Unit, "Unit", 0),
        (Mixed::Tuple(1, 2, 3), "Tuple", 1),
        (Mixed::Tuple(0, u64::MAX, 0), "Tuple", 1),
        (
            Mixed::Named {
                text: String::from("a longer text"),
                flag: true,
                pair: (1, 2),
            },
            "Named",
            2,
        ),
        (
            Mixed::Named {
                text: String::new(),
                flag: false,
                pair: (0, 0),
            },
            "Named",
            2,
        ),
    ];
    for (value, name, index) in &values {
        check(value, name, *index, mixed_expected(value));
    }
}

#[derive(Layout)]
#[repr(u8)]
#[allow(dead_code)]
enum Tagged {
    A(u32) = 3,
    B { x: u16, y: u64 } = 9,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
enum CLike<T: Layout> {
    One(T),
    Two(T, u8),
}

#[test]
fn explicit_reprs_and_generics() {
    let a = Tagged::A(7);
    let Tagged::A(x) = &a else { unreachable!() };
    check(&a, "A", 0, vec![field("0", x, addr(&a))]);
    let b = Tagged::B { x: 1, y: 2 };
    let Tagged::B { x, y } = &b else {
        unreachable!()
    };
    check(
        &b,
        "B",
        1,
        vec![field("x", x, addr(&b)), field("y", y, addr(&b))],
    );

    let two: CLike<Vec<u8>> = CLike::Two(vec![1, 2], 3);
    let CLike::Two(v, n) = &two else {
        unreachable!()
    };
    check(
        &two,
        "Two",
        1,
        vec![field("0", v, addr(&two)), field("1", n, addr(&two))],
    );
    let one: CLike<u128> = CLike::One(5);
    let CLike::One(v) = &one else { unreachable!() };
    check(&one, "One", 0, vec![field("0", v, addr(&one))]);
}

#[test]
fn std_enums() {
    let some = Some(7u64);
    let Some(v) = &some else { unreachable!() };
    check(&some, "Some", 1, vec![field("0", v, addr(&some))]);
    check(&None::<u64>, "None", 0, Vec::new());
    let ok: Result<u8, String> = Ok(1);
    let Ok(v) = &ok else { unreachable!() };
    check(&ok, "Ok", 0, vec![field("0", v, addr(&ok))]);
    let err: Result<u8, String> = Err(String::from("e"));
    let Err(e) = &err else { unreachable!() };
    check(&err, "Err", 1, vec![field("0", e, addr(&err))]);
}

#[test]
fn references_are_looked_through_and_other_values_have_no_variant() {
    let value = Mixed::Tuple(1, 2, 3);
    let by_ref = &value;
    assert_eq!(
        memlayout::variant::of(&by_ref),
        memlayout::variant::of(&value)
    );
    assert_eq!(memlayout::variant::of(&5u32), None);
    assert_eq!(memlayout::variant::of(&(1u8, 2u32)), None);
    assert_eq!(memlayout::variant::of(&vec![Some(1u8)]), None);
    assert_eq!(memlayout::variant::of(&String::from("s")), None);
}

/// A field type that does not implement `Layout`.
#[allow(dead_code)]
struct Foreign(u32, u16);

#[derive(Layout)]
#[allow(dead_code)]
enum WithOpaque {
    Both(#[layout(opaque)] Foreign, u8),
}

#[test]
fn opaque_fields_have_static_figures_and_no_offset() {
    let value = WithOpaque::Both(Foreign(1, 2), 3);
    let active = memlayout::variant::of(&value).unwrap();
    let opaque = active.field("0").unwrap();
    assert_eq!(opaque.offset, None);
    assert_eq!(
        (opaque.size, opaque.align),
        (size_of::<Foreign>(), align_of::<Foreign>())
    );
    let WithOpaque::Both(_, n) = &value;
    assert_eq!(
        active.field("1").unwrap().offset,
        Some(addr(n) - addr(&value))
    );
}
