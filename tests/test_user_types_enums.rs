//! Enums users write (explicit discriminants, `#[repr(u8)]`, `#[repr(C, i32)]`, `#[repr(C)]`
//! with fields, niches, enums inside enums, uninhabited variants, recursive cons lists): the
//! static figures against `size_of`/`align_of` and the discriminants the compiler assigns
//! (`as` casts), and each variant field's offset from `memlayout::variant::of` against the
//! field's address in a real value.
#![allow(dead_code)]

#[path = "common/user_types.rs"]
mod user_types;

use std::convert::Infallible;
use std::mem::{align_of, size_of};
use std::num::NonZeroU32;

use memlayout::Layout;
use user_types::{Cons, Tagged};

/// The address of `field` minus the address of `value`.
fn offset_in<T, F>(value: &T, field: &F) -> usize {
    field as *const F as usize - value as *const T as usize
}

/// A live field as `(name, offset, size, align)`.
type LiveField = (&'static str, Option<usize>, usize, usize);

/// `variant::of(value)`: its name, and each field's (name, offset, size, align).
fn live<T: Layout>(value: &T) -> (&'static str, Vec<LiveField>) {
    let active = memlayout::variant::of(value).expect("an enum");
    let fields = active
        .fields
        .iter()
        .map(|f| (f.name, f.offset, f.size, f.align))
        .collect();
    (active.name, fields)
}

fn size_and_align<T: Layout>() -> (usize, usize) {
    (T::LAYOUT.size, T::LAYOUT.align)
}

#[derive(Layout)]
#[repr(C, i32)]
enum TaggedC {
    A(u8),
    B(u64, u8),
}

#[derive(Layout)]
#[repr(C)]
enum CEnum {
    A(u8, u32),
    B(String),
}

#[derive(Layout)]
#[repr(C)]
#[repr(u8)]
enum SplitRepr {
    A(u32),
    B,
}

#[derive(Layout)]
enum Niches {
    Inner(Option<Box<Niches>>),
    Leaf(Option<NonZeroU32>),
    Text(String),
    Never(Infallible),
    Nothing,
}

#[derive(Layout)]
enum Uninhabited {
    A(u32, Infallible),
    B(u64),
    C(Infallible),
}

#[derive(Layout)]
enum Outer {
    Left(Inner),
    Right { inner: Inner, flag: bool },
}

#[derive(Layout)]
enum Inner {
    One(u8),
    Two(u16, u8),
}

#[test]
fn sizes_match_the_compiler() {
    assert_eq!(
        size_and_align::<Tagged>(),
        (size_of::<Tagged>(), align_of::<Tagged>())
    );
    assert_eq!(
        size_and_align::<TaggedC>(),
        (size_of::<TaggedC>(), align_of::<TaggedC>())
    );
    assert_eq!(
        size_and_align::<CEnum>(),
        (size_of::<CEnum>(), align_of::<CEnum>())
    );
    assert_eq!(
        size_and_align::<SplitRepr>(),
        (size_of::<SplitRepr>(), align_of::<SplitRepr>())
    );
    assert_eq!(
        size_and_align::<Niches>(),
        (size_of::<Niches>(), align_of::<Niches>())
    );
    assert_eq!(
        size_and_align::<Uninhabited>(),
        (size_of::<Uninhabited>(), align_of::<Uninhabited>())
    );
    assert_eq!(
        size_and_align::<Cons<u8>>(),
        (size_of::<Cons<u8>>(), align_of::<Cons<u8>>())
    );
    assert_eq!(
        size_and_align::<Outer>(),
        (size_of::<Outer>(), align_of::<Outer>())
    );
    assert_eq!(
        Niches::LAYOUT.has_niche,
        size_of::<Option<Niches>>() == size_of::<Niches>()
    );
    assert_eq!(
        Outer::LAYOUT.has_niche,
        size_of::<Option<Outer>>() == size_of::<Outer>()
    );
}

#[test]
fn explicit_discriminants_are_the_compilers() {
    #[derive(Layout, Clone, Copy)]
    #[repr(u16)]
    enum Disc {
        A = 1 + 2,
        B = u16::MAX - 1,
        C,
    }
    const BASE: i32 = 100;
    #[derive(Layout, Clone, Copy)]
    #[repr(i32)]
    enum UsesConst {
        A = BASE,
        B = -BASE,
        C,
    }
    #[derive(Layout, Clone, Copy)]
    #[repr(i64)]
    enum Wide {
        Min = i64::MIN,
        Next,
        Max = i64::MAX,
    }
    #[derive(Layout, Clone, Copy)]
    #[repr(u128)]
    enum Huge {
        Top = u128::MAX,
        Zero = 0,
    }
    let values =
        |l: &TypeLayout| -> Vec<i128> { l.variants.iter().map(|v| v.discriminant_value).collect() };
    use memlayout::TypeLayout;
    assert_eq!(
        values(Disc::LAYOUT),
        [Disc::A as i128, Disc::B as i128, Disc::C as i128]
    );
    assert_eq!(
        values(UsesConst::LAYOUT),
        [
            UsesConst::A as i128,
            UsesConst::B as i128,
            UsesConst::C as i128
        ]
    );
    assert_eq!(
        values(Wide::LAYOUT),
        [Wide::Min as i128, Wide::Next as i128, Wide::Max as i128]
    );
    // Documented: `u128` values above `i128::MAX` wrap.
    assert_eq!(
        values(Huge::LAYOUT),
        [Huge::Top as u128 as i128, Huge::Zero as i128]
    );
    let tagged: Vec<i128> = Tagged::LAYOUT
        .variants
        .iter()
        .map(|v| v.discriminant_value)
        .collect();
    assert_eq!(tagged, [3, 7, 200]);
    assert_eq!(size_of::<Disc>(), Disc::LAYOUT.size);
}

#[test]
fn variant_field_offsets_are_the_fields_addresses() {
    let a = Tagged::A(9);
    let Tagged::A(x) = &a else { unreachable!() };
    assert_eq!(live(&a), ("A", vec![("0", Some(offset_in(&a, x)), 4, 4)]));
    let b = Tagged::B {
        x: 1,
        y: "why".into(),
    };
    let Tagged::B { x, y } = &b else {
        unreachable!()
    };
    assert_eq!(
        live(&b),
        (
            "B",
            vec![
                ("x", Some(offset_in(&b, x)), 2, 2),
                ("y", Some(offset_in(&b, y)), 24, 8)
            ]
        )
    );
    assert_eq!(live(&Tagged::C), ("C", vec![]));

    let c = TaggedC::B(1, 2);
    let TaggedC::B(p, q) = &c else { unreachable!() };
    assert_eq!(
        live(&c).1,
        [
            ("0", Some(offset_in(&c, p)), 8, 8),
            ("1", Some(offset_in(&c, q)), 1, 1)
        ]
    );
    // repr(C, i32): a 4-byte tag, then the payload union at the payload's alignment.
    assert_eq!(offset_in(&c, p), 8);

    let d = CEnum::A(1, 2);
    let CEnum::A(p, q) = &d else { unreachable!() };
    assert_eq!(
        live(&d).1,
        [
            ("0", Some(offset_in(&d, p)), 1, 1),
            ("1", Some(offset_in(&d, q)), 4, 4)
        ]
    );
    let e = SplitRepr::A(5);
    let SplitRepr::A(p) = &e else { unreachable!() };
    assert_eq!(live(&e).1, [("0", Some(offset_in(&e, p)), 4, 4)]);
}

#[test]
fn niche_and_nested_enum_fields_are_where_the_compiler_put_them() {
    let text = Niches::Text("abc".into());
    let Niches::Text(s) = &text else {
        unreachable!()
    };
    assert_eq!(
        live(&text),
        ("Text", vec![("0", Some(offset_in(&text, s)), 24, 8)])
    );
    let leaf = Niches::Leaf(NonZeroU32::new(7));
    let Niches::Leaf(n) = &leaf else {
        unreachable!()
    };
    assert_eq!(live(&leaf).1, [("0", Some(offset_in(&leaf, n)), 4, 4)]);
    let inner = Niches::Inner(Some(Box::new(Niches::Nothing)));
    let Niches::Inner(b) = &inner else {
        unreachable!()
    };
    assert_eq!(live(&inner).1, [("0", Some(offset_in(&inner, b)), 8, 8)]);
    assert_eq!(live(&Niches::Nothing), ("Nothing", vec![]));

    let right = Outer::Right {
        inner: Inner::Two(3, 4),
        flag: true,
    };
    let Outer::Right { inner, flag } = &right else {
        unreachable!()
    };
    assert_eq!(
        live(&right).1,
        [
            (
                "inner",
                Some(offset_in(&right, inner)),
                size_of::<Inner>(),
                align_of::<Inner>()
            ),
            ("flag", Some(offset_in(&right, flag)), 1, 1)
        ]
    );
    let Inner::Two(p, q) = inner else {
        unreachable!()
    };
    assert_eq!(
        live(inner).1,
        [
            ("0", Some(offset_in(inner, p)), 2, 2),
            ("1", Some(offset_in(inner, q)), 1, 1)
        ]
    );
    let left = Outer::Left(Inner::One(1));
    let Outer::Left(one) = &left else {
        unreachable!()
    };
    assert_eq!(
        live(&left).1,
        [(
            "0",
            Some(offset_in(&left, one)),
            size_of::<Inner>(),
            align_of::<Inner>()
        )]
    );
}

#[test]
fn uninhabited_variants_are_marked_and_the_rest_measured() {
    let l = Uninhabited::LAYOUT;
    let marks: Vec<_> = l
        .variants
        .iter()
        .map(|v| (v.name, v.is_uninhabited, v.is_absent()))
        .collect();
    assert_eq!(
        marks,
        [("A", true, false), ("B", false, false), ("C", true, true)]
    );
    assert!(!l.is_uninhabited);
    let b = Uninhabited::B(5);
    let Uninhabited::B(x) = &b else {
        unreachable!()
    };
    assert_eq!(live(&b).1, [("0", Some(offset_in(&b, x)), 8, 8)]);
    #[derive(Layout)]
    enum Empty {}
    assert!(Empty::LAYOUT.is_uninhabited);
    assert_eq!(
        (Empty::LAYOUT.size, Empty::LAYOUT.variants.len()),
        (size_of::<Empty>(), 0)
    );
}

#[test]
fn recursive_cons_list_fields() {
    let list = Cons::Cons(1u8, Box::new(Cons::Cons(2, Box::new(Cons::Nil))));
    let Cons::Cons(head, tail) = &list else {
        unreachable!()
    };
    assert_eq!(
        live(&list),
        (
            "Cons",
            vec![
                ("0", Some(offset_in(&list, head)), 1, 1),
                ("1", Some(offset_in(&list, tail)), 8, 8)
            ]
        )
    );
    let payloads: Vec<_> = <Cons<u8>>::LAYOUT
        .variants
        .iter()
        .map(|v| v.payload_size)
        .collect();
    assert_eq!(payloads, [1 + size_of::<Box<Cons<u8>>>(), 0]);
    assert_eq!(live(&**tail).0, "Cons");
}
