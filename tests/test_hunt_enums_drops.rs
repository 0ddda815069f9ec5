//! A bug hunt on enums and drop steps with types shaped like other people's code: niches in
//! nested positions, uninhabited variants, explicit and negative discriminants, `repr(C, u8)`
//! data enums, generic enums, 300 variants, `Cow`, boxed errors; and the drop order of derived
//! types with their own `Drop`, `ManuallyDrop` fields, `Option<Box<_>>` chains, boxed trait
//! objects, tuples and arrays of droppers, enums holding droppers, shared `Rc`s and `Weak`s.
//!
//! Every figure is checked against ground truth memlayout did not compute: `size_of` /
//! `align_of`, addresses of variant bindings in live values, the counting allocator
//! (`common/alloc.rs`: live bytes, frees in order) and droppers that log their own address.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;

use std::borrow::Cow;
use std::cell::RefCell;
use std::convert::Infallible;
use std::error::Error;
use std::marker::PhantomData;
use std::mem::{align_of, size_of, ManuallyDrop};
use std::num::NonZeroU8;
use std::rc::{Rc, Weak};

use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport};

// ---------------------------------------------------------------------------------------------
// Ground-truth helpers
// ---------------------------------------------------------------------------------------------

fn addr<T: ?Sized>(value: &T) -> usize {
    value as *const T as *const u8 as usize
}

/// One field of the active variant as measured here: (name, offset, size, align).
type Measured = (&'static str, usize, usize, usize);

fn at<T, F>(name: &'static str, value: &T, field: &F) -> Measured {
    (
        name,
        addr(field) - addr(value),
        size_of::<F>(),
        align_of::<F>(),
    )
}

/// The type's size and alignment are the compiler's.
#[track_caller]
fn check_size<T: Layout>() {
    assert_eq!(
        (T::LAYOUT.size, T::LAYOUT.align),
        (size_of::<T>(), align_of::<T>()),
        "{}",
        std::any::type_name::<T>()
    );
}

/// `variant::of` and the report name `variant` with these fields where the value has them.
#[track_caller]
fn check_variant<T: Layout>(value: &T, variant: &str, fields: Vec<Measured>) {
    check_size::<T>();
    let active = memlayout::variant::of(value).expect("an enum");
    assert_eq!(active.name, variant, "{}", std::any::type_name::<T>());
    assert_eq!(
        active.index,
        T::LAYOUT
            .variants
            .iter()
            .position(|v| v.name == variant)
            .unwrap()
    );
    let got: Vec<Measured> = active
        .fields
        .iter()
        .map(|f| (f.name, f.offset.expect("an offset"), f.size, f.align))
        .collect();
    assert_eq!(got, fields, "{} {variant}", std::any::type_name::<T>());
    let report = value.layout_report();
    assert_eq!(report.root().variant(), Some(variant));
    for (name, offset, _, _) in &fields {
        let path = format!(".{variant}.{name}");
        let node = report
            .find(&path)
            .unwrap_or_else(|| panic!("no node at {path}:\n{report}"));
        assert_eq!(node.offset(), Some(*offset), "{path}");
    }
}

/// The heap figures of a value built inside `build` are what the allocator saw.
#[track_caller]
fn check_heap<T: Layout>(build: impl FnOnce() -> T) -> T {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations),
        "{}",
        std::any::type_name::<T>()
    );
    assert_eq!(memlayout::heap_bytes(&value), usage.bytes);
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    value
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
struct Flags {
    a: u16,
    level: Option<NonZeroU8>,
    on: bool,
}

#[test]
fn nested_niches_in_std_enums() {
    let values: [Option<Option<bool>>; 3] = [None, Some(None), Some(Some(true))];
    for value in &values {
        match value {
            None => check_variant(value, "None", vec![]),
            Some(inner) => {
                check_variant(value, "Some", vec![at("0", value, inner)]);
                match inner {
                    None => check_variant(inner, "None", vec![]),
                    Some(b) => check_variant(inner, "Some", vec![at("0", inner, b)]),
                }
            }
        }
    }
    let pair: Option<(u8, bool)> = Some((3, false));
    let Some(p) = &pair else { unreachable!() };
    check_variant(&pair, "Some", vec![at("0", &pair, p)]);
    check_variant(&None::<(u8, bool)>, "None", vec![]);
    let c = Some('x');
    let Some(ch) = &c else { unreachable!() };
    check_variant(&c, "Some", vec![at("0", &c, ch)]);
    check_size::<Flags>();
    check_size::<Option<Flags>>();
    let flags = Some(Flags {
        a: 1,
        level: NonZeroU8::new(4),
        on: true,
    });
    let Some(f) = &flags else { unreachable!() };
    check_variant(&flags, "Some", vec![at("0", &flags, f)]);
    let level = &f.level;
    let Some(l) = level else { unreachable!() };
    check_variant(level, "Some", vec![at("0", level, l)]);
    // The report's node for the struct's field sits where the field does.
    let report = flags.layout_report();
    let node = report.find(".Some.0.level").expect("level node");
    assert_eq!(node.offset(), Some(addr(level) - addr(f)));
    let node = report.find(".Some.0.level.Some.0");
    if let Some(node) = node {
        assert_eq!(node.offset(), Some(addr(l) - addr(level)));
    }
}

#[derive(Layout)]
enum Mode {
    Read,
    Write(u32),
}

#[derive(Layout)]
enum Command {
    Open { path: String, mode: Option<Mode> },
    Close(u8),
    Flush,
}

#[test]
fn enum_inside_option_inside_enum() {
    check_size::<Command>();
    check_size::<Option<Command>>();
    let values = [
        Command::Open {
            path: "a".into(),
            mode: Some(Mode::Write(7)),
        },
        Command::Open {
            path: String::new(),
            mode: Some(Mode::Read),
        },
        Command::Open {
            path: "bb".into(),
            mode: None,
        },
        Command::Close(3),
        Command::Flush,
    ];
    for value in &values {
        match value {
            Command::Open { path, mode } => {
                check_variant(
                    value,
                    "Open",
                    vec![at("path", value, path), at("mode", value, mode)],
                );
                let report = value.layout_report();
                let node = report.find(".Open.mode").unwrap();
                match mode {
                    Some(m) => {
                        assert_eq!(node.variant(), Some("Some"));
                        check_variant(mode, "Some", vec![at("0", mode, m)]);
                        match m {
                            Mode::Read => check_variant(m, "Read", vec![]),
                            Mode::Write(w) => check_variant(m, "Write", vec![at("0", m, w)]),
                        }
                    }
                    None => assert_eq!(node.variant(), Some("None")),
                }
            }
            Command::Close(c) => check_variant(value, "Close", vec![at("0", value, c)]),
            Command::Flush => check_variant(value, "Flush", vec![]),
        }
    }
    let heap = check_heap(|| {
        Some(Command::Open {
            path: String::from("hello"),
            mode: Some(Mode::Read),
        })
    });
    drop(heap);
}

#[derive(Layout)]
enum Never {}

#[derive(Layout)]
enum Parsed {
    Int(i64),
    Failed(Infallible),
    Empty(Never),
    NeverPair(u32, Never),
    Text(String),
}

#[derive(Layout)]
enum OnlyOne {
    Value(u64),
    Impossible(Infallible),
}

#[test]
fn uninhabited_variants() {
    check_size::<Never>();
    check_size::<Option<Never>>();
    check_size::<Result<u16, Never>>();
    check_size::<Parsed>();
    check_size::<OnlyOne>();
    check_size::<Option<OnlyOne>>();
    let values = [Parsed::Int(-1), Parsed::Text("xyz".into())];
    for value in &values {
        match value {
            Parsed::Int(i) => check_variant(value, "Int", vec![at("0", value, i)]),
            Parsed::Text(t) => check_variant(value, "Text", vec![at("0", value, t)]),
            _ => unreachable!(),
        }
    }
    let one = OnlyOne::Value(9);
    let OnlyOne::Value(v) = &one else {
        unreachable!()
    };
    check_variant(&one, "Value", vec![at("0", &one, v)]);
    let ok: Result<u16, Never> = Ok(5);
    let Ok(o) = &ok else { unreachable!() };
    check_variant(&ok, "Ok", vec![at("0", &ok, o)]);
    let report = ok.layout_report();
    assert_eq!(report.root().variant(), Some("Ok"));
}

#[derive(Layout)]
#[repr(u8)]
enum Opcode {
    Halt = 250,
    Push(u32) = 3,
    Pop,
    Jump { to: u16, cond: bool } = 200,
}

#[derive(Layout)]
#[repr(i64)]
enum Signal {
    Low = -9_000_000_000,
    Mid = -1,
    High = i64::MAX,
}

#[derive(Layout)]
#[repr(i64)]
enum Wide {
    Neg(u8) = -5,
    Zero,
    Big(u64, u8) = 1 << 40,
}

#[derive(Layout)]
#[repr(i8)]
enum Small {
    A = -128,
    B(u16) = 127,
}

#[test]
fn explicit_discriminants_and_int_reprs() {
    check_size::<Opcode>();
    check_size::<Signal>();
    check_size::<Wide>();
    check_size::<Small>();
    check_size::<Option<Opcode>>();
    check_size::<Option<Signal>>();
    let discriminants = |layout: &memlayout::TypeLayout| {
        layout
            .variants
            .iter()
            .map(|v| v.discriminant_value)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        discriminants(Signal::LAYOUT),
        [
            Signal::Low as i64 as i128,
            Signal::Mid as i64 as i128,
            Signal::High as i64 as i128
        ]
    );
    // The tag of a `repr(u8)` data enum is its first byte (RFC 2195), read from the value.
    let first_byte = |v: &Opcode| unsafe {
        // SAFETY: a `repr(u8)` enum starts with its `u8` tag, initialised in every value.
        *(v as *const Opcode as *const u8)
    };
    let opcodes = [
        Opcode::Halt,
        Opcode::Push(1),
        Opcode::Pop,
        Opcode::Jump { to: 2, cond: true },
    ];
    for (value, variant) in opcodes.iter().zip(Opcode::LAYOUT.variants) {
        assert_eq!(i128::from(first_byte(value)), variant.discriminant_value);
        match value {
            Opcode::Halt => check_variant(value, "Halt", vec![]),
            Opcode::Push(p) => check_variant(value, "Push", vec![at("0", value, p)]),
            Opcode::Pop => check_variant(value, "Pop", vec![]),
            Opcode::Jump { to, cond } => check_variant(
                value,
                "Jump",
                vec![at("to", value, to), at("cond", value, cond)],
            ),
        }
    }
    let wides = [Wide::Neg(1), Wide::Zero, Wide::Big(2, 3)];
    for (value, variant) in wides.iter().zip(Wide::LAYOUT.variants) {
        // SAFETY: a `repr(i64)` enum starts with its `i64` tag.
        let tag = unsafe { *(value as *const Wide as *const i64) };
        assert_eq!(i128::from(tag), variant.discriminant_value);
        match value {
            Wide::Neg(n) => check_variant(value, "Neg", vec![at("0", value, n)]),
            Wide::Zero => check_variant(value, "Zero", vec![]),
            Wide::Big(a, b) => {
                check_variant(value, "Big", vec![at("0", value, a), at("1", value, b)])
            }
        }
    }
    let small = Small::B(4);
    let Small::B(b) = &small else { unreachable!() };
    check_variant(&small, "B", vec![at("0", &small, b)]);
    assert_eq!(Small::LAYOUT.variants[0].discriminant_value, -128);
}

#[derive(Layout)]
#[repr(C, u8)]
enum Packet {
    Ping,
    Data { len: u16, bytes: [u8; 5], crc: u32 },
    Ack(u64, u8),
}

#[derive(Layout)]
#[repr(C)]
enum CShape {
    Dot(u8),
    Line(u8, f64),
}

#[test]
fn repr_c_data_enums() {
    check_size::<Packet>();
    check_size::<CShape>();
    let packets = [
        Packet::Ping,
        Packet::Data {
            len: 5,
            bytes: [1; 5],
            crc: 9,
        },
        Packet::Ack(1, 2),
    ];
    for value in &packets {
        match value {
            Packet::Ping => check_variant(value, "Ping", vec![]),
            Packet::Data { len, bytes, crc } => check_variant(
                value,
                "Data",
                vec![
                    at("len", value, len),
                    at("bytes", value, bytes),
                    at("crc", value, crc),
                ],
            ),
            Packet::Ack(a, b) => {
                check_variant(value, "Ack", vec![at("0", value, a), at("1", value, b)])
            }
        }
    }
    let shapes = [CShape::Dot(1), CShape::Line(2, 3.0)];
    for value in &shapes {
        match value {
            CShape::Dot(d) => check_variant(value, "Dot", vec![at("0", value, d)]),
            CShape::Line(a, b) => {
                check_variant(value, "Line", vec![at("0", value, a), at("1", value, b)])
            }
        }
    }
}

#[derive(Layout)]
enum Either<L, R> {
    Left(L),
    Right(R),
}

#[derive(Layout)]
enum Tree<T>
where
    T: Clone,
{
    Leaf(T),
    Node(Box<Tree<T>>, Box<Tree<T>>),
}

#[test]
fn generic_enums() {
    check_size::<Either<u8, String>>();
    check_size::<Either<Box<u8>, Vec<u16>>>();
    check_size::<Either<(), ()>>();
    check_size::<Either<Infallible, u32>>();
    let values: [Either<u8, String>; 2] = [Either::Left(1), Either::Right("abc".into())];
    for value in &values {
        match value {
            Either::Left(l) => check_variant(value, "Left", vec![at("0", value, l)]),
            Either::Right(r) => check_variant(value, "Right", vec![at("0", value, r)]),
        }
    }
    let only_right: Either<Infallible, u32> = Either::Right(3);
    let Either::Right(r) = &only_right else {
        unreachable!()
    };
    check_variant(&only_right, "Right", vec![at("0", &only_right, r)]);
    let tree = check_heap(|| {
        Tree::Node(
            Box::new(Tree::Leaf(String::from("left"))),
            Box::new(Tree::Node(
                Box::new(Tree::Leaf(String::from("x"))),
                Box::new(Tree::Leaf(String::new())),
            )),
        )
    });
    let Tree::Node(a, b) = &tree else {
        unreachable!()
    };
    check_variant(&tree, "Node", vec![at("0", &tree, a), at("1", &tree, b)]);
    let either = check_heap(|| Either::<Box<u8>, Vec<u16>>::Right(Vec::with_capacity(7)));
    drop(either);
}

/// The largest variant has padding after its `u8`; the tag fits there (or in front).
#[derive(Layout)]
enum Padded {
    A(u8, u64),
    B(u32),
    C,
}

#[derive(Layout)]
struct Header {
    kind: u8,
    len: u32,
}

#[derive(Layout)]
enum Framed {
    Header(Header),
    Raw(u16),
}

#[test]
fn tag_in_the_largest_variants_padding() {
    check_size::<Padded>();
    check_size::<Framed>();
    check_size::<Option<Framed>>();
    let values = [Padded::A(1, 2), Padded::B(3), Padded::C];
    for value in &values {
        match value {
            Padded::A(a, b) => {
                check_variant(value, "A", vec![at("0", value, a), at("1", value, b)])
            }
            Padded::B(b) => check_variant(value, "B", vec![at("0", value, b)]),
            Padded::C => check_variant(value, "C", vec![]),
        }
    }
    let framed = [Framed::Header(Header { kind: 1, len: 2 }), Framed::Raw(5)];
    for value in &framed {
        match value {
            Framed::Header(h) => check_variant(value, "Header", vec![at("0", value, h)]),
            Framed::Raw(r) => check_variant(value, "Raw", vec![at("0", value, r)]),
        }
    }
}

#[test]
fn boxed_errors_and_cows() {
    check_size::<Result<(), Box<dyn Error>>>();
    check_size::<Cow<'static, str>>();
    check_size::<Cow<'static, [u32]>>();
    let ok: Result<(), Box<dyn Error>> = Ok(());
    let Ok(unit) = &ok else { unreachable!() };
    check_variant(&ok, "Ok", vec![at("0", &ok, unit)]);
    let (err, usage) =
        alloc::measure(|| -> Result<(), Box<dyn Error>> { Err(Box::new(std::fmt::Error)) });
    let Err(e) = &err else { unreachable!() };
    check_variant(&err, "Err", vec![at("0", &err, e)]);
    let totals = memlayout::totals(&err);
    assert!(totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high);
    let (err, usage) = alloc::measure(|| -> Result<(), Box<dyn Error>> { Err("disk full".into()) });
    let totals = memlayout::totals(&err);
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{totals:?} {usage:?}"
    );
    let text = String::from("borrowed");
    let borrowed: Cow<'_, str> = Cow::Borrowed(&text);
    let Cow::Borrowed(b) = &borrowed else {
        unreachable!()
    };
    check_variant(&borrowed, "Borrowed", vec![at("0", &borrowed, b)]);
    assert_eq!(memlayout::heap_bytes(&borrowed), 0);
    let owned: Cow<'_, str> = check_heap(|| Cow::Owned(String::with_capacity(40)));
    let Cow::Owned(o) = &owned else {
        unreachable!()
    };
    check_variant(&owned, "Owned", vec![at("0", &owned, o)]);
    let slice: Cow<'_, [u32]> = check_heap(|| Cow::Owned(vec![1, 2, 3]));
    let Cow::Owned(o) = &slice else {
        unreachable!()
    };
    check_variant(&slice, "Owned", vec![at("0", &slice, o)]);
}

/// 300 variants: the tag needs two bytes. 298 unit variants, then two with data.
#[derive(Layout)]
#[rustfmt::skip]
enum Many {
    V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, V16, V17, V18, V19, V20, V21, V22, V23, V24, V25, V26, V27, V28, V29, V30, V31, V32, V33, V34, V35, V36, V37, V38, V39, V40, V41, V42, V43, V44, V45, V46, V47, V48, V49, V50, V51, V52, V53, V54, V55, V56, V57, V58, V59, V60, V61, V62, V63, V64, V65, V66, V67, V68, V69, V70, V71, V72, V73, V74, V75, V76, V77, V78, V79, V80, V81, V82, V83, V84, V85, V86, V87, V88, V89, V90, V91, V92, V93, V94, V95, V96, V97, V98, V99, V100, V101, V102, V103, V104, V105, V106, V107, V108, V109, V110, V111, V112, V113, V114, V115, V116, V117, V118, V119, V120, V121, V122, V123, V124, V125, V126, V127, V128, V129, V130, V131, V132, V133, V134, V135, V136, V137, V138, V139, V140, V141, V142, V143, V144, V145, V146, V147, V148, V149, V150, V151, V152, V153, V154, V155, V156, V157, V158, V159, V160, V161, V162, V163, V164, V165, V166, V167, V168, V169, V170, V171, V172, V173, V174, V175, V176, V177, V178, V179, V180, V181, V182, V183, V184, V185, V186, V187, V188, V189, V190, V191, V192, V193, V194, V195, V196, V197, V198, V199, V200, V201, V202, V203, V204, V205, V206, V207, V208, V209, V210, V211, V212, V213, V214, V215, V216, V217, V218, V219, V220, V221, V222, V223, V224, V225, V226, V227, V228, V229, V230, V231, V232, V233, V234, V235, V236, V237, V238, V239, V240, V241, V242, V243, V244, V245, V246, V247, V248, V249, V250, V251, V252, V253, V254, V255, V256, V257, V258, V259, V260, V261, V262, V263, V264, V265, V266, V267, V268, V269, V270, V271, V272, V273, V274, V275, V276, V277, V278, V279, V280, V281, V282, V283, V284, V285, V286, V287, V288, V289, V290, V291, V292, V293, V294, V295, V296, V297,
    Text(String),
    Pair(u8, u32),
}

#[test]
fn three_hundred_variants() {
    check_size::<Many>();
    check_size::<Option<Many>>();
    assert_eq!(Many::LAYOUT.variants.len(), 300);
    let values = [
        Many::V0,
        Many::V297,
        Many::Text("t".into()),
        Many::Pair(1, 2),
    ];
    for value in &values {
        match value {
            Many::V0 => check_variant(value, "V0", vec![]),
            Many::V297 => check_variant(value, "V297", vec![]),
            Many::Text(t) => check_variant(value, "Text", vec![at("0", value, t)]),
            Many::Pair(a, b) => {
                check_variant(value, "Pair", vec![at("0", value, a), at("1", value, b)])
            }
            _ => unreachable!(),
        }
    }
    let text = check_heap(|| Many::Text(String::from("hello")));
    drop(text);
}

#[test]
fn single_variant_and_zero_sized_variants() {
    #[derive(Layout)]
    enum Single {
        Only { id: u32, name: String },
    }
    #[derive(Layout)]
    enum Zsts {
        A(()),
        B(PhantomData<String>, [u64; 0]),
        C,
    }
    check_size::<Single>();
    check_size::<Zsts>();
    let single = check_heap(|| Single::Only {
        id: 1,
        name: "n".into(),
    });
    let Single::Only { id, name } = &single;
    check_variant(
        &single,
        "Only",
        vec![at("id", &single, id), at("name", &single, name)],
    );
    let zs = [Zsts::A(()), Zsts::B(PhantomData, []), Zsts::C];
    for value in &zs {
        match value {
            Zsts::A(u) => check_variant(value, "A", vec![at("0", value, u)]),
            Zsts::B(p, a) => check_variant(value, "B", vec![at("0", value, p), at("1", value, a)]),
            Zsts::C => check_variant(value, "C", vec![]),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Drop steps
// ---------------------------------------------------------------------------------------------

thread_local! {
    static DROPS: RefCell<Vec<(String, usize)>> = const { RefCell::new(Vec::new()) };
}

/// A dropper that logs its label and its own address when dropped.
#[derive(Layout)]
struct D {
    label: &'static str,
}

impl Drop for D {
    fn drop(&mut self) {
        let at = self as *const D as usize;
        DROPS.with(|log| log.borrow_mut().push((self.label.to_string(), at)));
    }
}

fn d(label: &str) -> D {
    D {
        label: Box::leak(label.to_string().into_boxed_str()),
    }
}

/// The heap-freeing steps as the sizes the allocator sees, in order.
fn predicted_frees(order: &memlayout::drop::DropOrder) -> Vec<usize> {
    order
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap {
                bytes, allocations, ..
            } => {
                assert_eq!(allocations, 1, "{s}");
                Some(bytes)
            }
            DropAction::FreesShared { bytes } => Some(bytes),
            _ => None,
        })
        .collect()
}

/// Predicts the drop of `value`, drops it in place, and compares: every `Drop::drop` call (its
/// path is the dropper's label, its address the dropper's own) and every free (its size), in
/// order. Returns the observed drops.
#[track_caller]
fn check_drop<T: Layout>(value: T) -> Vec<String> {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<(String, usize)> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .filter(|s| s.type_name() == "D")
        .map(|s| (s.path(), s.address().expect("an address")))
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: `value` is dropped once, here, and not used again.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    let observed = DROPS.with(|log| log.take());
    assert_eq!(
        predicted, observed,
        "Drop::drop calls (left: predicted)\n{order:#}"
    );
    assert_eq!(frees, observed_frees, "frees (left: predicted)\n{order:#}");
    observed.into_iter().map(|(label, _)| label).collect()
}

#[derive(Layout)]
struct Connection {
    id: D,
    buffer: Vec<u8>,
    peer: Option<Box<D>>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<connection>".into(), 0)));
    }
}

#[test]
fn own_drop_impls_on_outer_and_fields() {
    let order = Connection {
        id: d(".id"),
        buffer: vec![1, 2, 3],
        peer: Some(Box::new(d(".peer.Some.0.*"))),
    }
    .drop_order();
    assert_eq!(order.step(0).unwrap().action(), DropAction::RunsDropImpl);
    assert_eq!(order.step(0).unwrap().path(), "");
    let observed = {
        let value = Connection {
            id: d(".id"),
            buffer: vec![1, 2, 3],
            peer: Some(Box::new(d(".peer.Some.0.*"))),
        };
        let mut value = ManuallyDrop::new(value);
        let order = (*value).drop_order();
        let frees = predicted_frees(&order);
        DROPS.with(|log| log.borrow_mut().clear());
        let observed_frees = alloc::frees_during(|| {
            // SAFETY: dropped once, here.
            unsafe { ManuallyDrop::drop(&mut value) }
        });
        assert_eq!(frees, observed_frees, "{order:#}");
        let predicted: Vec<String> = order
            .steps()
            .filter(|s| s.action() == DropAction::RunsDropImpl)
            .map(|s| s.path())
            .collect();
        let observed: Vec<String> = DROPS
            .with(|log| log.take())
            .into_iter()
            .map(|(l, _)| {
                if l == "<connection>" {
                    String::new()
                } else {
                    l
                }
            })
            .collect();
        assert_eq!(predicted, observed, "{order:#}");
        observed
    };
    assert_eq!(observed.len(), 3);
}

#[derive(Layout)]
struct Guarded {
    first: D,
    kept: ManuallyDrop<D>,
    owned: ManuallyDrop<String>,
    last: D,
}

#[test]
fn manually_drop_fields() {
    let value = Guarded {
        first: d(".first"),
        kept: ManuallyDrop::new(d("never")),
        owned: ManuallyDrop::new(String::from("leaks")),
        last: d(".last"),
    };
    let order = value.drop_order();
    assert_eq!(order.leaked().0, 5, "{order:#}");
    let observed = check_drop(value);
    assert_eq!(observed, [".first", ".last"]);
}

#[derive(Layout)]
struct Node {
    item: D,
    next: Option<Box<Node>>,
}

#[test]
fn option_box_chains() {
    let chain = Node {
        item: d(".item"),
        next: Some(Box::new(Node {
            item: d(".next.Some.0.*.item"),
            next: Some(Box::new(Node {
                item: d(".next.Some.0.*.next.Some.0.*.item"),
                next: None,
            })),
        })),
    };
    check_drop(chain);
}

trait Plugin {
    fn name(&self) -> &str;
}

struct Named(D, String);

impl Plugin for Named {
    fn name(&self) -> &str {
        &self.1
    }
}

memlayout::dyn_layout!(dyn Plugin);

#[test]
fn vec_of_boxed_trait_objects() {
    let plugins: Vec<Box<dyn Plugin>> = vec![
        Box::new(Named(d("p0"), "zero".into())),
        Box::new(Named(d("p1"), String::new())),
    ];
    let order = plugins.drop_order();
    // The boxes' allocations are freed in index order, then the vector's buffer; the contents
    // are opaque (one step each), so their own frees are not predicted.
    let frees: Vec<usize> = predicted_frees(&order);
    let mut plugins = ManuallyDrop::new(plugins);
    let observed = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut plugins) }
    });
    let boxes = size_of::<Named>();
    let buffer = 2 * size_of::<Box<dyn Plugin>>();
    assert_eq!(observed, [4, boxes, boxes, buffer]);
    assert_eq!(frees, [boxes, boxes, buffer], "{order:#}");
}

#[test]
fn tuples_and_arrays_of_droppers() {
    let value = (d(".0"), [d(".1[0]"), d(".1[1]"), d(".1[2]")], d(".2"));
    check_drop(value);
    let boxed = Box::new([d(".*[0]"), d(".*[1]")]);
    check_drop(boxed);
    let nested = vec![
        vec![d("[0][0]"), d("[0][1]")],
        vec![],
        Vec::with_capacity(3),
        vec![d("[3][0]")],
    ];
    check_drop(nested);
}

#[derive(Layout)]
enum Job {
    Idle,
    Running(D, D),
    Done { result: D, logs: Vec<D> },
}

#[test]
fn enums_drop_only_the_live_variant() {
    check_drop(Job::Idle);
    check_drop(Job::Running(d(".Running.0"), d(".Running.1")));
    check_drop(Job::Done {
        result: d(".Done.result"),
        logs: vec![d(".Done.logs[0]"), d(".Done.logs[1]")],
    });
    check_drop(vec![
        Job::Running(d("[0].Running.0"), d("[0].Running.1")),
        Job::Idle,
        Job::Done {
            result: d("[2].Done.result"),
            logs: Vec::new(),
        },
    ]);
    check_drop(Some(Either::<D, Box<D>>::Right(Box::new(d(
        ".Some.0.Right.0.*",
    )))));
}

#[derive(Layout)]
struct Shared {
    first: Rc<D>,
    weak: Weak<D>,
    second: Rc<D>,
}

#[test]
fn rc_shared_twice_and_weak() {
    let rc = Rc::new(d(".second.*"));
    let value = Shared {
        first: rc.clone(),
        weak: Rc::downgrade(&rc),
        second: rc,
    };
    check_drop(value);
    // The weak handle last: the contents drop at the last strong handle, the allocation is
    // freed by the weak one.
    #[derive(Layout)]
    struct WeakLast {
        strong: Rc<D>,
        weak: Weak<D>,
    }
    let rc = Rc::new(d(".strong.*"));
    check_drop(WeakLast {
        weak: Rc::downgrade(&rc),
        strong: rc,
    });
    let rc = Rc::new(d(".1.*"));
    let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
    check_drop((w1, rc, w2));
}

// ---------------------------------------------------------------------------------------------
// Other derives users write
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
struct Buffer<'a, T, const N: usize>
where
    T: Copy + Layout,
{
    items: [T; N],
    name: &'a str,
    marker: PhantomData<fn() -> T>,
}

/// Plain `repr(packed)`, as users write it (clippy asks for an ABI; the layout is the point).
#[derive(Layout)]
#[repr(packed)]
#[allow(clippy::repr_packed_without_abi)]
struct Packed {
    a: u8,
    b: u64,
    c: u16,
}

#[derive(Layout)]
#[repr(align(64))]
struct CacheLine {
    hits: u64,
    tag: Option<NonZeroU8>,
}

#[derive(Layout)]
#[repr(align(64))]
enum AlignedEnum {
    A(u8),
    B(u64),
}

#[test]
fn generics_packed_and_aligned() {
    check_size::<Buffer<'static, u16, 3>>();
    check_size::<Buffer<'static, u8, 0>>();
    check_size::<Packed>();
    check_size::<CacheLine>();
    check_size::<AlignedEnum>();
    check_size::<Option<AlignedEnum>>();
    let values = [AlignedEnum::A(1), AlignedEnum::B(2)];
    for value in &values {
        match value {
            AlignedEnum::A(a) => check_variant(value, "A", vec![at("0", value, a)]),
            AlignedEnum::B(b) => check_variant(value, "B", vec![at("0", value, b)]),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// More drop shapes
// ---------------------------------------------------------------------------------------------

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// What the drop leaves allocated, by the allocator: the heap before less what the drop frees
/// (every test value here owns all its heap); memlayout's `leaked` must say the same.
#[track_caller]
fn check_leaked<T: Layout>(value: T) {
    let heap = memlayout::heap_bytes(&value);
    let order = value.drop_order();
    let leaked = order.leaked().0;
    let mut value = ManuallyDrop::new(value);
    let frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    assert_eq!(predicted_frees(&order), frees, "{order:#}");
    assert_eq!(leaked, heap - frees.iter().sum::<usize>(), "{order:#}");
}

#[test]
fn shared_slices_and_arcs() {
    let slice: Rc<[D]> = Rc::from(vec![d(".*[0]"), d(".*[1]")]);
    check_drop(slice);
    let text: Rc<str> = Rc::from("shared text");
    check_drop((text.clone(), text));
    let arc = Arc::new(d(".1.*"));
    check_drop((arc.clone(), arc));
    let boxed: Box<[D]> = vec![d(".*[0]")].into_boxed_slice();
    check_drop(boxed);
    check_drop(Box::new(Box::new(d(".*.*"))));
    check_drop(Box::new((d(".*.0"), vec![d(".*.1[0]")])));
}

#[test]
fn an_outside_handle_keeps_the_contents() {
    let rc = Rc::new(d("outside"));
    let inside = (rc.clone(), Some(rc.clone()));
    let order = inside.drop_order();
    assert!(
        order.steps().all(|s| !matches!(
            s.action(),
            DropAction::DropsSharedContents | DropAction::FreesShared { .. }
        )),
        "{order:#}"
    );
    assert!(check_drop(inside).is_empty());
    assert_eq!(Rc::strong_count(&rc), 1);
}

#[derive(Layout)]
struct TreeNode {
    name: D,
    parent: RefCell<Weak<TreeNode>>,
    children: RefCell<Vec<Rc<TreeNode>>>,
}

#[test]
fn parent_child_tree_with_weak_parents() {
    let leaf = Rc::new(TreeNode {
        name: d(".children.borrow()[0].*.name"),
        parent: RefCell::new(Weak::new()),
        children: RefCell::new(vec![]),
    });
    let root = Rc::new(TreeNode {
        name: d(".name"),
        parent: RefCell::new(Weak::new()),
        children: RefCell::new(vec![leaf.clone()]),
    });
    *leaf.parent.borrow_mut() = Rc::downgrade(&root);
    drop(leaf);
    let root = Rc::try_unwrap(root).ok().expect("one strong handle");
    check_drop(root);
}

#[derive(Layout)]
#[layout(drop_impl)]
struct Pool<T: Layout> {
    items: Vec<T>,
    spare: Option<T>,
}

impl<T: Layout> Drop for Pool<T> {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<pool>".into(), 0)));
    }
}

#[derive(Layout)]
enum Loud {
    Quiet,
    Loud(D, Vec<D>),
}

impl Drop for Loud {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<loud>".into(), 0)));
    }
}

/// Like `check_drop`, but every `Drop::drop` counts, the markers `<...>` standing for the
/// outer types' own impls (whose path is given).
#[track_caller]
fn check_all_drops<T: Layout>(value: T, markers: &[(&str, &str)]) {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<String> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    // Each marker stands for the next of its paths, in the order given.
    let mut markers = markers.to_vec();
    let observed: Vec<String> = DROPS
        .with(|log| log.take())
        .into_iter()
        .map(
            |(label, _)| match markers.iter().position(|(m, _)| *m == label) {
                Some(i) => markers.remove(i).1.to_string(),
                None => label,
            },
        )
        .collect();
    assert_eq!(predicted, observed, "{order:#}");
    assert_eq!(frees, observed_frees, "{order:#}");
}

#[test]
fn own_drop_impls_on_generic_types_and_enums() {
    check_all_drops(
        Pool {
            items: vec![d(".items[0]"), d(".items[1]")],
            spare: Some(d(".spare.Some.0")),
        },
        &[("<pool>", "")],
    );
    check_all_drops(
        Loud::Loud(d(".Loud.0"), vec![d(".Loud.1[0]")]),
        &[("<loud>", "")],
    );
    check_all_drops(Loud::Quiet, &[("<loud>", "")]);
    check_all_drops(
        vec![Loud::Quiet, Loud::Loud(d("[1].Loud.0"), vec![])],
        &[("<loud>", "[0]"), ("<loud>", "[1]")],
    );
}

#[test]
fn options_arrays_and_collections_of_droppers() {
    check_drop([Some(d("[0].Some.0")), None, Some(d("[2].Some.0"))]);
    check_drop([[d("[0][0]"), d("[0][1]")], [d("[1][0]"), d("[1][1]")]]);
    check_drop(vec![Some(Box::new(d("[0].Some.0.*"))), None]);
    let mut deque: VecDeque<D> = VecDeque::with_capacity(4);
    deque.push_back(d("x"));
    deque.push_back(d("x"));
    deque.push_back(d("x"));
    deque.pop_front();
    deque.push_back(d("x"));
    deque.push_back(d("x"));
    let labels = ["[0]", "[1]", "[2]", "[3]"];
    let mut relabelled = VecDeque::with_capacity(4);
    for (item, label) in deque.drain(..).zip(labels) {
        std::mem::forget(item);
        relabelled.push_back(d(label));
    }
    check_drop(relabelled);
    let mut map = HashMap::new();
    map.insert(7u32, d("[7].value"));
    map.insert(9u32, d("[9].value"));
    check_drop(map);
    check_drop(Rc::new(RefCell::new(vec![d(".*.borrow()[0]")])));
}

#[test]
fn what_a_drop_leaves_allocated() {
    check_leaked(Guarded {
        first: d("a"),
        kept: ManuallyDrop::new(d("b")),
        owned: ManuallyDrop::new(String::from("leaks")),
        last: d("c"),
    });
    check_leaked(vec![
        ManuallyDrop::new(vec![1u8, 2, 3]),
        ManuallyDrop::new(Vec::new()),
    ]);
    check_leaked(Some(ManuallyDrop::new(Box::new(String::from("inner")))));
    check_leaked((String::from("x"), ManuallyDrop::new(Rc::new(5u8))));
}

// ---------------------------------------------------------------------------------------------
// Zero-sized droppers and zero-sized heap
// ---------------------------------------------------------------------------------------------

thread_local! {
    static ZST_DROPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A zero-sized dropper: counts its drops.
#[derive(Layout)]
struct Z;

impl Drop for Z {
    fn drop(&mut self) {
        ZST_DROPS.with(|n| n.set(n.get() + 1));
    }
}

/// Predicts, drops in place, compares the number of `Z` drops and every free.
#[track_caller]
fn check_zst_drop<T: Layout>(value: T) {
    let heap = check_heap_of(&value);
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl && s.type_name() == "Z")
        .count();
    let frees = predicted_frees(&order);
    ZST_DROPS.with(|n| n.set(0));
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    assert_eq!(predicted, ZST_DROPS.with(|n| n.get()), "{order:#}");
    assert_eq!(frees, observed_frees, "frees (left: predicted)\n{order:#}");
    assert_eq!(heap, observed_frees.iter().sum::<usize>(), "{order:#}");
}

/// The heap of an already built value: every test value here was built from nothing on the
/// heap, so the allocator's live bytes before and after dropping a clone are not needed; the
/// value's frees (checked by the caller) are the ground truth. Returns memlayout's figure.
fn check_heap_of<T: Layout>(value: &T) -> usize {
    memlayout::heap_bytes(value)
}

#[test]
fn zero_sized_droppers_and_blocks() {
    check_zst_drop(Box::new(Z));
    check_zst_drop(vec![Z, Z, Z]);
    check_zst_drop([Z, Z]);
    check_zst_drop((Z, Box::new(Z), vec![Z]));
    check_zst_drop(Some(Box::new(Z)));
    check_zst_drop(Rc::new(Z));
    check_zst_drop(Rc::new([Z, Z]));
    check_zst_drop(vec![Box::new(Z), Box::new(Z)]);
    check_zst_drop(Box::new([Z, Z]) as Box<[Z]>);
    check_zst_drop(Vec::<Z>::with_capacity(10));
    check_zst_drop(VecDeque::from([Z, Z]));
    let empty: Rc<[Z]> = Rc::from(Vec::new());
    check_zst_drop(empty);
    check_zst_drop(Box::new(()));
    check_zst_drop(Box::<[u64]>::from([]));
    check_zst_drop(Box::<str>::from(""));
    check_zst_drop(Arc::new(()));
}

#[test]
fn zero_sized_heap_figures() {
    let b = check_heap(|| Box::new(Z));
    drop(b);
    drop(check_heap(|| vec![Z, Z]));
    drop(check_heap(|| Box::new([(); 4])));
    drop(check_heap(|| vec![Box::new(()), Box::new(())]));
    drop(check_heap(|| Rc::new(())));
    drop(check_heap(|| Some(Box::new(Z))));
    drop(check_heap(|| Box::<[u8]>::from([])));
    drop(check_heap(|| VecDeque::<()>::with_capacity(5)));
    drop(check_heap(|| HashMap::<(), ()>::from([((), ())])));
}

// ---------------------------------------------------------------------------------------------
// Derive oddities: `Self` in fields, raw identifiers, packed droppers
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
enum List {
    Cons(D, Box<Self>),
    Nil,
}

#[derive(Layout)]
struct Link {
    item: D,
    next: Option<Box<Self>>,
}

#[derive(Layout)]
enum Keyword {
    r#Type { r#type: u8, r#match: String },
    r#Other(u32),
}

#[derive(Layout)]
#[repr(packed)]
#[allow(clippy::repr_packed_without_abi)]
struct PackedDroppers {
    tag: u8,
    first: D,
    text: String,
}

#[test]
fn self_in_fields_and_raw_identifiers() {
    check_drop(List::Cons(
        d(".Cons.0"),
        Box::new(List::Cons(d(".Cons.1.*.Cons.0"), Box::new(List::Nil))),
    ));
    check_drop(Link {
        item: d(".item"),
        next: Some(Box::new(Link {
            item: d(".next.Some.0.*.item"),
            next: None,
        })),
    });
}

/// Found by this hunt: a variant spelled `r#Type` was named `"r#Type"` (field names were
/// unescaped, variant names not), so the report's path was `.r#Type.type`, the drop step's
/// `.r#Type.match`, and `LAYOUT.variant("Type")` found nothing.
#[test]
fn raw_identifiers_are_unescaped_in_variant_names() {
    let kw = Keyword::r#Type {
        r#type: 1,
        r#match: "m".into(),
    };
    let Keyword::r#Type { r#type, r#match } = &kw else {
        unreachable!()
    };
    let active = memlayout::variant::of(&kw).unwrap();
    let report = kw.layout_report();
    let names: Vec<&str> = active.fields.iter().map(|f| f.name).collect();
    let offsets: Vec<Option<usize>> = active.fields.iter().map(|f| f.offset).collect();
    assert_eq!(
        offsets,
        [
            Some(addr(r#type) - addr(&kw)),
            Some(addr(r#match) - addr(&kw))
        ]
    );
    // Raw identifiers are unescaped in variant names as in field names: `r#Type` is `Type`.
    assert!(Keyword::LAYOUT.variant("Type").is_some());
    assert!(Keyword::LAYOUT.variant("Other").is_some());
    let drop_paths: Vec<String> = kw.drop_order().steps().map(|s| s.path()).collect();
    assert_eq!(drop_paths, [".Type.match"]);
    let paths: Vec<String> = report.nodes().skip(1).map(|n| n.path()).collect();
    assert_eq!(
        (active.name, names, paths),
        (
            "Type",
            vec!["type", "match"],
            vec![".Type.type".to_string(), ".Type.match".to_string()]
        ),
        "{report}"
    );
}

#[test]
fn packed_droppers() {
    let value = PackedDroppers {
        tag: 1,
        first: d(".first"),
        text: String::from("abc"),
    };
    let order = value.drop_order();
    let predicted: Vec<String> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| drop(value));
    let observed: Vec<String> = DROPS
        .with(|log| log.take())
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(predicted, observed, "{order:#}");
    assert_eq!(frees, observed_frees, "{order:#}");
}

// ---------------------------------------------------------------------------------------------
// Shared handles inside shared contents, cycles
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
struct Registry {
    all: Rc<Vec<Rc<D>>>,
    favourite: Rc<D>,
    again: Rc<Vec<Rc<D>>>,
}

#[derive(Layout)]
struct Cyclic {
    label: D,
    next: RefCell<Option<Rc<Cyclic>>>,
}

#[test]
fn shared_handles_inside_shared_contents() {
    let favourite = Rc::new(d(".again.*[1].*"));
    let all = Rc::new(vec![Rc::new(d(".again.*[0].*")), favourite.clone()]);
    check_drop(Registry {
        all: all.clone(),
        favourite,
        again: all,
    });
    // The field comes before the vector's last handle, which drops the favourite.
    let favourite = Rc::new(d(".again.*[0].*"));
    let all = Rc::new(vec![favourite.clone()]);
    check_drop(Registry {
        all: all.clone(),
        again: all,
        favourite,
    });
    let shared = Arc::new(std::sync::Mutex::new(vec![d(".1.*.lock()[0]")]));
    check_drop((shared.clone(), shared));
}

#[test]
fn rc_cycles_drop_nothing_and_leak() {
    let a = Rc::new(Cyclic {
        label: d("a"),
        next: RefCell::new(None),
    });
    let b = Rc::new(Cyclic {
        label: d("b"),
        next: RefCell::new(Some(a.clone())),
    });
    *a.next.borrow_mut() = Some(b);
    let order = a.drop_order();
    let (leaked, allocations) = order.leaked();
    assert_eq!(
        (leaked, allocations),
        (2 * size_of::<Cyclic>() + 2 * 2 * size_of::<usize>(), 2),
        "{order:#}"
    );
    assert!(check_drop(a).is_empty());
}

#[derive(Layout)]
#[repr(C, packed)]
struct PackedHolder {
    tag: u8,
    boxed: Option<Box<D>>,
    items: Vec<D>,
    either: Either<u16, String>,
}

#[test]
fn enums_and_droppers_in_packed_structs() {
    // The labels are leaked before measuring: the value does not own them.
    let (a, b, c) = (d(".boxed.Some.0.*"), d(".items[0]"), d(".items[1]"));
    let value = check_heap(|| PackedHolder {
        tag: 1,
        boxed: Some(Box::new(a)),
        items: vec![b, c],
        either: Either::Right(String::from("right")),
    });
    let report = value.layout_report();
    let either = report.find(".either").expect("either node");
    assert_eq!(either.variant(), Some("Right"), "{report}");
    assert_eq!(
        either.offset(),
        Some(std::mem::offset_of!(PackedHolder, either))
    );
    let boxed = report.find(".boxed").expect("boxed node");
    assert_eq!(boxed.variant(), Some("Some"), "{report}");
    check_drop(value);
}

// ---------------------------------------------------------------------------------------------
// Generics users write: defaults, `?Sized`, outlives bounds, const generics in enums
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
enum Msg<'a, T = u8, const N: usize = 4>
where
    T: Copy + Layout,
{
    Inline([T; N]),
    Text(&'a str),
    Owned(Vec<T>),
}

#[derive(Layout)]
struct Holder<'a, 'b: 'a, T: ?Sized + Layout> {
    boxed: Box<T>,
    by_ref: &'a &'b str,
}

#[derive(Layout)]
enum Slot<K, V>
where
    K: Layout,
    V: Layout,
{
    Empty,
    Tombstone(PhantomData<(K, V)>),
    Full { key: K, value: V },
}

#[test]
fn generic_enums_with_defaults_and_bounds() {
    check_size::<Msg>();
    check_size::<Msg<'static, u64, 0>>();
    check_size::<Holder<'static, 'static, str>>();
    check_size::<Holder<'static, 'static, [u16]>>();
    check_size::<Slot<String, Vec<u8>>>();
    let values: [Msg; 3] = [Msg::Inline([1; 4]), Msg::Text("t"), Msg::Owned(vec![1, 2])];
    for value in &values {
        match value {
            Msg::Inline(a) => check_variant(value, "Inline", vec![at("0", value, a)]),
            Msg::Text(t) => check_variant(value, "Text", vec![at("0", value, t)]),
            Msg::Owned(o) => check_variant(value, "Owned", vec![at("0", value, o)]),
        }
    }
    let owned: Msg = check_heap(|| Msg::Owned(Vec::with_capacity(9)));
    drop(owned);
    let text = String::from("ref");
    let by_ref: &str = &text;
    let holder: Holder<'_, '_, str> = check_heap(|| Holder {
        boxed: Box::from("boxed str"),
        by_ref: &by_ref,
    });
    drop(holder);
    let slots: [Slot<String, Vec<u8>>; 3] = [
        Slot::Empty,
        Slot::Tombstone(PhantomData),
        Slot::Full {
            key: "k".into(),
            value: vec![1],
        },
    ];
    for value in &slots {
        match value {
            Slot::Empty => check_variant(value, "Empty", vec![]),
            Slot::Tombstone(p) => check_variant(value, "Tombstone", vec![at("0", value, p)]),
            Slot::Full { key, value: v } => check_variant(
                value,
                "Full",
                vec![at("key", value, key), at("value", value, v)],
            ),
        }
    }
    let full = check_heap(|| Slot::<String, Vec<u8>>::Full {
        key: String::from("key"),
        value: vec![0; 33],
    });
    // A generic type's own `Drop` is invisible to the derive (README, Limits): a first step
    // says it may run.
    let order = full.drop_order();
    assert_eq!(order.step(0).unwrap().action(), DropAction::MayRunDropImpl);
    let paths: Vec<String> = order.steps().skip(1).map(|s| s.path()).collect();
    assert_eq!(paths, [".Full.key", ".Full.value"]);
    let frees = alloc::frees_during(|| drop(full));
    assert_eq!(frees, [3, 33]);
}

#[derive(Layout)]
struct SelfAware {
    item: D,
    me: Weak<SelfAware>,
    extra: Option<Rc<D>>,
}

#[derive(Layout)]
struct ArcSelf {
    me: std::sync::Weak<ArcSelf>,
    item: D,
}

#[test]
fn new_cyclic_self_references() {
    let rc = Rc::new_cyclic(|me| SelfAware {
        item: d(".*.item"),
        me: me.clone(),
        extra: Some(Rc::new(d(".*.extra.Some.0.*"))),
    });
    check_drop(rc);
    let rc = Rc::new_cyclic(|me| SelfAware {
        item: d(".0.*.item"),
        me: me.clone(),
        extra: None,
    });
    let weak = Rc::downgrade(&rc);
    check_drop((rc, weak));
    let arc = Arc::new_cyclic(|me| ArcSelf {
        me: me.clone(),
        item: d(".1.*.item"),
    });
    check_drop((Arc::downgrade(&arc), arc));
}

// ---------------------------------------------------------------------------------------------
// Pictures of repr-fixed enums: each variant field drawn where a live value has it
// ---------------------------------------------------------------------------------------------

#[path = "common/svg_blocks.rs"]
mod svg_blocks;

/// The field blocks of `variant`'s band in `T`'s picture: `(name, offset, size)`.
fn drawn_fields<T: Layout>(variant: &str) -> Vec<(String, usize, usize)> {
    let svg = T::LAYOUT.to_svg();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses as XML");
    let band = doc
        .descendants()
        .find(|n| n.attribute("data-variant") == Some(variant))
        .expect("a band per variant");
    svg_blocks::blocks_under(band)
        .into_iter()
        .filter(|b| b.0 == "field")
        .map(|b| (b.1, b.2, b.3))
        .collect()
}

/// The picture of `value`'s type draws its active variant's fields where `variant::of` (checked
/// against addresses by `check_variant`) measures them.
#[track_caller]
fn check_drawn<T: Layout>(value: &T) {
    let active = memlayout::variant::of(value).unwrap();
    let live: Vec<(String, usize, usize)> = active
        .fields
        .iter()
        .filter_map(|f| Some((f.name.to_string(), f.offset?, f.size)))
        .collect();
    // An opaque field without drop glue has no measured offset (`LiveField::offset`).
    let drawn: Vec<_> = drawn_fields::<T>(active.name)
        .into_iter()
        .filter(|d| live.iter().any(|l| l.0 == d.0))
        .collect();
    assert_eq!(drawn, live, "{}", active.name);
}

#[derive(Layout)]
#[repr(C)]
struct Aligned16(u8);

#[derive(Layout)]
#[repr(u8)]
enum ZstAligned {
    A(u8, [u64; 0]),
    B(u16),
}

#[derive(Layout)]
#[repr(C, u16)]
enum CAligned {
    A(u8),
    B(#[layout(opaque)] [u8; 3], u32),
    C(Aligned16, u8),
}

#[derive(Layout)]
#[repr(C, align(16))]
enum CAlignedEnum {
    A(u8),
    B(u32, u8),
}

#[test]
fn repr_fixed_pictures_match_live_values() {
    for value in &[
        Opcode::Halt,
        Opcode::Push(1),
        Opcode::Jump { to: 1, cond: true },
    ] {
        check_drawn(value);
    }
    for value in &[Wide::Neg(1), Wide::Big(2, 3)] {
        check_drawn(value);
    }
    check_drawn(&Small::B(3));
    for value in &[
        Packet::Data {
            len: 1,
            bytes: [0; 5],
            crc: 2,
        },
        Packet::Ack(1, 2),
    ] {
        check_drawn(value);
    }
    for value in &[CShape::Dot(1), CShape::Line(2, 3.0)] {
        check_drawn(value);
    }
    for value in &[ZstAligned::A(1, []), ZstAligned::B(2)] {
        check_drawn(value);
    }
    for value in &[
        CAligned::A(1),
        CAligned::B([1; 3], 2),
        CAligned::C(Aligned16(1), 2),
    ] {
        check_drawn(value);
    }
    let b = CAligned::B([1; 3], 2);
    let CAligned::B(opaque, _) = &b else {
        unreachable!()
    };
    assert_eq!(
        drawn_fields::<CAligned>("B")[0],
        ("0".to_string(), addr(opaque) - addr(&b), 3)
    );
    for value in &[CAlignedEnum::A(1), CAlignedEnum::B(2, 3)] {
        check_size::<CAlignedEnum>();
        check_drawn(value);
    }
}

#[derive(Layout)]
enum MaybeKept {
    Kept(ManuallyDrop<String>),
    Dropped(String),
}

#[derive(Layout)]
enum AllKept {
    Kept(ManuallyDrop<Vec<u32>>),
    Small(u8),
}

#[test]
fn forgotten_parts_of_enums_and_boxes() {
    check_leaked(MaybeKept::Kept(ManuallyDrop::new(String::from("kept"))));
    check_leaked(MaybeKept::Dropped(String::from("dropped")));
    check_leaked(AllKept::Kept(ManuallyDrop::new(vec![1, 2, 3])));
    check_leaked(AllKept::Small(1));
    check_leaked(vec![
        AllKept::Kept(ManuallyDrop::new(vec![1])),
        AllKept::Small(2),
    ]);
    check_leaked(Box::new(ManuallyDrop::new(String::from("boxed"))));
    check_leaked(Rc::new(ManuallyDrop::new(String::from("shared"))));
    check_leaked(Some(ManuallyDrop::new(vec![
        String::from("a"),
        String::from("b"),
    ])));
    check_leaked(ManuallyDrop::new(Rc::new(String::from("counted"))));
    let rc = Rc::new(String::from("twice"));
    check_leaked((ManuallyDrop::new(rc.clone()), rc));
}

// ---------------------------------------------------------------------------------------------
// Error enums as thiserror users write them
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
enum AppError {
    Io(std::io::Error),
    Parse(std::num::ParseIntError),
    Utf8(std::string::FromUtf8Error),
    Boxed(Box<dyn Error + Send + Sync>),
    Message(String),
}

/// The allocator's bytes lie within memlayout's bounds, and are the figure when it is exact.
#[track_caller]
fn check_bounds<T: Layout>(build: impl FnOnce() -> T) -> T {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{} {totals:?} {usage:?}",
        std::any::type_name::<T>()
    );
    if totals.is_exact {
        assert_eq!(
            (totals.heap_bytes, totals.allocations),
            (usage.bytes, usage.allocations)
        );
    }
    value
}

#[test]
fn error_enums() {
    check_size::<AppError>();
    check_size::<Result<Vec<u8>, AppError>>();
    let errors = [
        check_bounds(|| AppError::Io(std::io::Error::from_raw_os_error(2))),
        check_bounds(|| AppError::Io(std::io::ErrorKind::NotFound.into())),
        check_bounds(|| AppError::Io(std::io::Error::other("custom message"))),
        check_bounds(|| AppError::Parse("x".parse::<u8>().unwrap_err())),
        check_bounds(|| AppError::Utf8(String::from_utf8(vec![0xff, 0xfe]).unwrap_err())),
        check_bounds(|| AppError::Boxed("boxed".into())),
        check_bounds(|| AppError::Message(String::from("plain"))),
    ];
    for value in &errors {
        match value {
            AppError::Io(e) => check_variant(value, "Io", vec![at("0", value, e)]),
            AppError::Parse(e) => check_variant(value, "Parse", vec![at("0", value, e)]),
            AppError::Utf8(e) => check_variant(value, "Utf8", vec![at("0", value, e)]),
            AppError::Boxed(e) => check_variant(value, "Boxed", vec![at("0", value, e)]),
            AppError::Message(e) => check_variant(value, "Message", vec![at("0", value, e)]),
        }
    }
    let ok: Result<Vec<u8>, AppError> = check_bounds(|| Ok(vec![1, 2, 3]));
    drop(ok);
    // The drop frees at least the exact blocks, in order, where the contents are readable.
    for value in errors {
        let order = value.drop_order();
        let predicted = predicted_frees(&order);
        let observed = alloc::frees_during(|| drop(value));
        let mut rest = observed.iter();
        for bytes in &predicted {
            assert!(
                rest.any(|b| b == bytes),
                "{predicted:?} in {observed:?}\n{order:#}"
            );
        }
    }
}

/// Found by this hunt: an error enum holding `FromUtf8Error` (`String::from_utf8(bytes)?`),
/// `NulError` (`CString::new`), `StripPrefixError` and the other std conversion errors did not
/// derive: they had no `Layout` impl. The bytes an error keeps are a lower bound (their vector's
/// capacity is not shown); the allocator's figure lies within the bounds.
#[test]
fn std_conversion_errors_in_error_enums() {
    #[derive(Layout)]
    enum ConvertError {
        Utf8(std::string::FromUtf8Error),
        Utf16(std::string::FromUtf16Error),
        Nul(std::ffi::NulError),
        IntoString(std::ffi::IntoStringError),
        WithNul(std::ffi::FromVecWithNulError),
        BytesWithNul(std::ffi::FromBytesWithNulError),
        UntilNul(std::ffi::FromBytesUntilNulError),
        Prefix(std::path::StripPrefixError),
        Join(std::env::JoinPathsError),
        Access(std::thread::AccessError),
    }
    check_size::<ConvertError>();
    let utf8 = check_bounds(|| {
        let mut bytes = Vec::with_capacity(40);
        bytes.extend_from_slice(&[b'a', 0xff]);
        ConvertError::Utf8(String::from_utf8(bytes).unwrap_err())
    });
    let ConvertError::Utf8(e) = &utf8 else {
        unreachable!()
    };
    check_variant(&utf8, "Utf8", vec![at("0", &utf8, e)]);
    let totals = memlayout::totals(&utf8);
    assert_eq!((totals.heap_bytes_low, totals.is_exact), (2, false));
    // The drop frees the vector (its real capacity), one step, said to be an estimate.
    let order = utf8.drop_order();
    let steps: Vec<DropAction> = order.steps().map(|s| s.action()).collect();
    assert_eq!(
        steps,
        [DropAction::FreesHeap {
            bytes: 2,
            allocations: 1,
            is_exact: false
        }]
    );
    assert_eq!(alloc::frees_during(|| drop(utf8)), [40]);
    drop(check_bounds(|| {
        ConvertError::Utf16(String::from_utf16(&[0xd800]).unwrap_err())
    }));
    drop(check_bounds(|| {
        ConvertError::Nul(std::ffi::CString::new(vec![1u8, 0, 2]).unwrap_err())
    }));
    drop(check_bounds(|| {
        let c = std::ffi::CString::new(vec![0xffu8]).unwrap();
        ConvertError::IntoString(c.into_string().unwrap_err())
    }));
    drop(check_bounds(|| {
        ConvertError::WithNul(std::ffi::CString::from_vec_with_nul(vec![1u8, 2]).unwrap_err())
    }));
    drop(check_bounds(|| {
        ConvertError::BytesWithNul(std::ffi::CStr::from_bytes_with_nul(b"a").unwrap_err())
    }));
    drop(check_bounds(|| {
        ConvertError::UntilNul(std::ffi::CStr::from_bytes_until_nul(b"a").unwrap_err())
    }));
    drop(check_bounds(|| {
        ConvertError::Prefix(std::path::Path::new("/a").strip_prefix("/b").unwrap_err())
    }));
    drop(check_bounds(|| {
        ConvertError::Join(std::env::join_paths(["a:b"]).unwrap_err())
    }));
    // No drop glue: leaves.
    const {
        assert!(<std::string::FromUtf16Error as Layout>::IS_LEAF);
        assert!(<std::path::StripPrefixError as Layout>::IS_LEAF);
    }
}

#[derive(Layout)]
#[repr(transparent)]
enum Transparent {
    Only(u32),
}

#[derive(Layout)]
#[repr(transparent)]
struct TransparentStruct {
    value: Option<Box<u8>>,
    marker: PhantomData<u64>,
}

#[derive(Layout)]
#[repr(u8)]
enum OneUnit {
    A,
}

#[derive(Layout)]
#[repr(C)]
enum OneCUnit {
    A = 7,
}

#[test]
fn transparent_and_single_unit_enums() {
    check_size::<Transparent>();
    check_size::<Option<Transparent>>();
    check_size::<TransparentStruct>();
    check_size::<Option<TransparentStruct>>();
    check_size::<OneUnit>();
    check_size::<OneCUnit>();
    let t = Transparent::Only(5);
    let Transparent::Only(x) = &t;
    check_variant(&t, "Only", vec![at("0", &t, x)]);
    check_variant(&OneUnit::A, "A", vec![]);
    check_variant(&OneCUnit::A, "A", vec![]);
    assert_eq!(
        OneCUnit::LAYOUT.variants[0].discriminant_value,
        OneCUnit::A as i128
    );
    let ts = check_heap(|| TransparentStruct {
        value: Some(Box::new(1)),
        marker: PhantomData,
    });
    let report = ts.layout_report();
    assert_eq!(
        report.find(".value").unwrap().offset(),
        Some(std::mem::offset_of!(TransparentStruct, value))
    );
}

/// `check_drop` without the frees: for values that free several blocks in one step.
#[track_caller]
fn check_drop_calls<T: Layout>(value: T) {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<(String, usize)> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| (s.path(), s.address().expect("an address")))
        .collect();
    DROPS.with(|log| log.borrow_mut().clear());
    // SAFETY: dropped once, here.
    unsafe { ManuallyDrop::drop(&mut value) };
    let observed = DROPS.with(|log| log.take());
    assert_eq!(predicted, observed, "{order:#}");
}

#[derive(Layout, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u32);

#[test]
fn droppers_in_ordered_and_linked_collections() {
    use std::collections::{BTreeMap, BinaryHeap, LinkedList};
    let mut map = BTreeMap::new();
    for k in [5u32, 1, 3] {
        map.insert(k, d(&format!("[{k}].value")));
    }
    check_drop_calls(map);
    let mut big = BTreeMap::new();
    for k in 0..40u32 {
        big.insert(k, vec![d(&format!("[{k}].value[0]"))]);
    }
    check_drop_calls(big);
    let list: LinkedList<D> = (0..3).map(|i| d(&format!("[{i}]"))).collect();
    check_drop(list);
    #[derive(Layout, PartialEq, Eq, PartialOrd, Ord)]
    struct Prioritised(u8, Option<Box<u8>>);
    let heap: BinaryHeap<Prioritised> = [3u8, 9, 1]
        .into_iter()
        .map(|p| Prioritised(p, Some(Box::new(p))))
        .collect();
    let order = heap.drop_order();
    let predicted = predicted_frees(&order);
    let observed = alloc::frees_during(|| drop(heap));
    assert_eq!(predicted, observed, "{order:#}");
}

#[derive(Layout)]
struct Inbox {
    id: u16,
    messages: Vec<Option<Command>>,
    last: Option<Box<Command>>,
}

#[test]
fn variant_nodes_below_the_root() {
    let inbox = Inbox {
        id: 1,
        messages: vec![
            Some(Command::Open {
                path: "p".into(),
                mode: Some(Mode::Write(3)),
            }),
            None,
            Some(Command::Close(2)),
        ],
        last: Some(Box::new(Command::Open {
            path: "q".into(),
            mode: None,
        })),
    };
    let report = inbox.layout_report();
    let m0 = &inbox.messages[0];
    let Some(cmd) = m0 else { unreachable!() };
    let Command::Open { path, mode } = cmd else {
        unreachable!()
    };
    let Some(w) = mode else { unreachable!() };
    let Mode::Write(n) = w else { unreachable!() };
    let find = |p: &str| report.find(p);
    if let Some(node) = find(".messages[0]") {
        assert_eq!(node.variant(), Some("Some"), "{report}");
    }
    if let Some(node) = find(".messages[0].Some.0") {
        assert_eq!(node.variant(), Some("Open"));
        assert_eq!(node.offset(), Some(addr(cmd) - addr(m0)));
    }
    if let Some(node) = find(".messages[0].Some.0.Open.path") {
        assert_eq!(node.offset(), Some(addr(path) - addr(cmd)));
    }
    if let Some(node) = find(".messages[0].Some.0.Open.mode") {
        assert_eq!(node.offset(), Some(addr(mode) - addr(cmd)));
        assert_eq!(node.variant(), Some("Some"));
    }
    if let Some(node) = find(".messages[0].Some.0.Open.mode.Some.0") {
        assert_eq!(node.offset(), Some(addr(w) - addr(mode)));
        assert_eq!(node.variant(), Some("Write"));
    }
    if let Some(node) = find(".messages[0].Some.0.Open.mode.Some.0.Write.0") {
        assert_eq!(node.offset(), Some(addr(n) - addr(w)));
    }
    let last = inbox.last.as_deref().unwrap();
    let Command::Open { path, .. } = last else {
        unreachable!()
    };
    let node = find(".last.Some.0.*").expect("the boxed command");
    assert_eq!(node.variant(), Some("Open"), "{report}");
    let node = find(".last.Some.0.*.Open.path").expect("its path");
    assert_eq!(node.offset(), Some(addr(path) - addr(last)));
    let paths: Vec<String> = report.nodes().map(|n| n.path()).collect();
    assert!(
        paths.contains(&".messages[0].Some.0.Open.path".to_string()),
        "{paths:?}"
    );
}

#[derive(Layout)]
enum Chain {
    Link(u32, Box<Chain>),
    Pair(Option<Box<Chain>>, String),
    End,
}

#[test]
fn long_enum_chains_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            const LINKS: usize = 200_000;
            let mut chain = Chain::End;
            for i in 0..LINKS {
                chain = if i % 2 == 0 {
                    Chain::Link(i as u32, Box::new(chain))
                } else {
                    Chain::Pair(Some(Box::new(chain)), String::from("x"))
                };
            }
            let boxes = LINKS * size_of::<Chain>();
            let strings = LINKS / 2;
            let totals = memlayout::totals(&chain);
            assert_eq!(totals.heap_bytes, boxes + strings);
            assert_eq!(totals.max_indirection, LINKS);
            let order = chain.drop_order();
            let frees: usize = predicted_frees(&order).iter().sum();
            assert_eq!(frees, boxes + strings);
            let report = chain.layout_report();
            assert_eq!(report.totals().heap_bytes, boxes + strings);
            // Dropped link by link: std's drop glue would recurse once per link.
            let mut next = Some(chain);
            while let Some(link) = next.take() {
                next = match link {
                    Chain::Link(_, mut rest) | Chain::Pair(Some(mut rest), _) => {
                        Some(std::mem::replace(&mut *rest, Chain::End))
                    }
                    _ => None,
                };
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

/// The text's offsets of `value`'s active variant fields: `name: Type (size) at N` on the
/// variant's row.
fn printed_offsets<T: Layout>(variant: &str) -> Vec<(String, usize)> {
    let text = T::LAYOUT.to_string();
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{variant} ")))
        .unwrap_or_else(|| panic!("no row for {variant}:\n{text}"));
    row.split(", ")
        .map(|part| {
            let name = part
                .split(':')
                .next()
                .unwrap()
                .split_whitespace()
                .last()
                .unwrap();
            let offset = part
                .rsplit_once(" at ")
                .unwrap_or_else(|| panic!("no offset in {part:?}:\n{text}"))
                .1
                .trim()
                .parse()
                .unwrap();
            (name.to_string(), offset)
        })
        .collect()
}

/// The text of a repr-fixed enum gives each variant field where a live value has it.
#[track_caller]
fn check_printed<T: Layout>(value: &T) {
    let active = memlayout::variant::of(value).unwrap();
    let live: Vec<(String, usize)> = active
        .fields
        .iter()
        .filter_map(|f| Some((f.name.to_string(), f.offset?)))
        .collect();
    let printed: Vec<(String, usize)> = printed_offsets::<T>(active.name)
        .into_iter()
        .filter(|p| live.iter().any(|l| l.0 == p.0))
        .collect();
    assert_eq!(printed, live, "{}", T::LAYOUT);
}

/// Found by this hunt: the text of a `repr(C)` or `repr(u8)` data enum said "variant field
/// offsets are not static on stable Rust" and gave none, though the repr fixes them (the
/// Reference's repr(C) rules) and the picture draws them there.
#[test]
fn repr_fixed_enum_text_gives_variant_field_offsets() {
    for value in &[Opcode::Push(1), Opcode::Jump { to: 1, cond: true }] {
        check_printed(value);
    }
    for value in &[Wide::Neg(1), Wide::Big(2, 3)] {
        check_printed(value);
    }
    check_printed(&Small::B(3));
    for value in &[
        Packet::Data {
            len: 1,
            bytes: [0; 5],
            crc: 2,
        },
        Packet::Ack(1, 2),
    ] {
        check_printed(value);
    }
    for value in &[CShape::Dot(1), CShape::Line(2, 3.0)] {
        check_printed(value);
    }
    for value in &[ZstAligned::A(1, []), ZstAligned::B(2)] {
        check_printed(value);
    }
    for value in &[
        CAligned::A(1),
        CAligned::B([1; 3], 2),
        CAligned::C(Aligned16(1), 2),
    ] {
        check_printed(value);
    }
    let b = CAligned::B([1; 3], 2);
    let CAligned::B(opaque, _) = &b else {
        unreachable!()
    };
    assert_eq!(
        printed_offsets::<CAligned>("B")[0],
        ("0".to_string(), addr(opaque) - addr(&b))
    );
    for value in &[CAlignedEnum::A(1), CAlignedEnum::B(2, 3)] {
        check_printed(value);
    }
    let text = Packet::LAYOUT.to_string();
    assert!(!text.contains("not static"), "{text}");
    assert!(text.contains("where the repr puts them"), "{text}");
    // The default repr still says they are measured from a value.
    let text = Padded::LAYOUT.to_string();
    assert!(
        text.contains("not static") && !text.contains(" at "),
        "{text}"
    );
}

#[test]
fn folded_paths_of_enum_elements_add_up_to_the_allocator() {
    let (commands, usage) = alloc::measure(|| {
        (0..200)
            .map(|i| match i % 4 {
                0 => Command::Open {
                    path: "x".repeat(i % 7),
                    mode: Some(Mode::Write(1)),
                },
                1 => Command::Close(1),
                2 => Command::Flush,
                _ => Command::Open {
                    path: String::with_capacity(i),
                    mode: None,
                },
            })
            .collect::<Vec<_>>()
    });
    let folded = memlayout::render::folded(&commands);
    let total: usize = folded
        .lines()
        .map(|l| l.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
        .sum();
    // The root's line carries the value's own inline bytes too.
    let inline = size_of::<Vec<Command>>();
    assert_eq!(total, inline + usage.bytes, "{folded}");
    assert!(folded.contains(".Open.path"), "{folded}");
    let report = commands.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    let report_folded: usize = report
        .folded()
        .lines()
        .map(|l| l.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
        .sum();
    assert_eq!(report_folded, inline + usage.bytes);
}

#[test]
fn footprint_of_enum_elements_counts_each_live_variant() {
    let commands: Vec<Command> = (0..40)
        .map(|i| match i % 4 {
            0 => Command::Open {
                path: "x".repeat(i % 7 + 1),
                mode: Some(Mode::Write(1)),
            },
            1 => Command::Close(1),
            2 => Command::Flush,
            _ => Command::Open {
                path: String::with_capacity(i),
                mode: if i % 8 == 3 { Some(Mode::Read) } else { None },
            },
        })
        .collect();
    let footprint = memlayout::footprint(&commands);
    let paths: Vec<&String> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Open { path, .. } => Some(path),
            _ => None,
        })
        .collect();
    let strings = footprint.get("String").expect("a String row");
    assert_eq!(
        (strings.instances, strings.heap_bytes),
        (
            paths.len(),
            paths.iter().map(|p| p.capacity()).sum::<usize>()
        ),
        "{footprint}"
    );
    let rows = footprint.get("Command").expect("a Command row");
    assert_eq!(rows.instances, commands.len(), "{footprint}");
    assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&commands));
    // Each `Option<Mode>` is a leaf of its own (it owns nothing).
    let rc = Rc::new(Command::Open {
        path: String::from("shared"),
        mode: None,
    });
    let shared = vec![rc.clone(), rc.clone(), rc];
    let footprint = memlayout::footprint(&shared);
    assert_eq!(
        footprint.get("Command").map(|r| r.instances),
        Some(1),
        "{footprint}"
    );
    assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&shared));
}

#[test]
fn cow_and_boxed_error_drops() {
    let owned: Cow<'_, [String]> = Cow::Owned(vec![String::from("ab"), String::new()]);
    let order = owned.drop_order();
    let predicted = predicted_frees(&order);
    assert_eq!(alloc::frees_during(|| drop(owned)), predicted, "{order:#}");
    let strings = [String::from("borrowed")];
    let borrowed: Cow<'_, [String]> = Cow::Borrowed(&strings);
    assert!(borrowed.drop_order().is_empty());
    let boxed: Option<Box<dyn Plugin>> = Some(Box::new(Named(d("p"), String::new())));
    let order = boxed.drop_order();
    assert_eq!(predicted_frees(&order), [size_of::<Named>()], "{order:#}");
    drop(boxed);
}

/// Found by this hunt: two `Weak` handles to an allocation whose contents were already
/// dropped each counted as the last weak reference, so the drop order freed the allocation
/// twice (once per handle), where std frees it once, at the last handle.
#[test]
fn weak_handles_to_dropped_contents() {
    // Two weak handles to an allocation whose contents are gone: the second frees it.
    let rc = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
    drop(rc);
    let pair = (w1, w2);
    let order = pair.drop_order();
    let predicted = predicted_frees(&order);
    let observed = alloc::frees_during(|| drop(pair));
    assert_eq!(predicted, observed, "{order:#}");
    let step = order
        .steps()
        .find(|s| matches!(s.action(), DropAction::FreesShared { .. }))
        .expect("a free");
    assert_eq!(step.path(), ".1", "{order:#}");
    let decrements: Vec<DropAction> = order
        .steps()
        .map(|s| s.action())
        .filter(|a| matches!(a, DropAction::DecrementsWeak { .. }))
        .collect();
    assert_eq!(
        decrements,
        [
            DropAction::DecrementsWeak { to: 1 },
            DropAction::DecrementsWeak { to: 0 }
        ]
    );
    // Children detached from a dropped parent, each holding a weak handle to it, inside the
    // shared contents the value drops; and a long vector of them, whose middle is elided.
    #[derive(Layout)]
    struct Child {
        label: D,
        parent: Weak<String>,
    }
    for count in [3usize, 40] {
        let parent = Rc::new(String::from("parent"));
        let children: Vec<Rc<Child>> = (0..count)
            .map(|i| {
                Rc::new(Child {
                    label: d(&format!("[{i}].*.label")),
                    parent: Rc::downgrade(&parent),
                })
            })
            .collect();
        drop(parent);
        let order = children.drop_order();
        let frees: Vec<String> = order
            .steps()
            .filter(|s| {
                matches!(s.action(), DropAction::FreesShared { .. })
                    && s.type_name() == "Weak<String>"
            })
            .map(|s| s.path())
            .collect();
        assert_eq!(frees, [format!("[{}].*.parent", count - 1)], "{order:#}");
        // The elided display still ends with the last child's weak handle freeing the parent,
        // and hides the middle children whole.
        let shown = order.to_string();
        if count > 10 {
            assert!(
                shown.contains(&format!("{} more elements", count - 10)),
                "{shown}"
            );
        }
        let last_lines: Vec<&str> = shown.lines().rev().take(4).collect();
        assert!(
            last_lines
                .iter()
                .any(|l| l.contains("frees the shared allocation")
                    && l.contains(&format!("[{}].*.parent", count - 1))),
            "{shown}"
        );
        check_drop(children);
    }
    // A limit (the `drop` module's approximations): with one weak handle inside the value and
    // one outside, nothing is freed, but std does not report the weak count of a dead
    // allocation, so the handle inside is taken to be the last.
    let rc = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
    drop(rc);
    let inside = vec![w1];
    let order = inside.drop_order();
    let buffer = size_of::<Weak<String>>();
    assert_eq!(predicted_frees(&order), [16 + size_of::<String>(), buffer]);
    assert_eq!(alloc::frees_during(|| drop(inside)), [buffer]);
    drop(w2);
}

#[test]
fn heap_held_by_weak_handles_alone() {
    let (weaks, usage) = alloc::measure(|| {
        let rc = Rc::new(String::from("gone"));
        let weaks = vec![Rc::downgrade(&rc), Rc::downgrade(&rc)];
        drop(rc);
        weaks
    });
    let totals = memlayout::totals(&weaks);
    assert!(
        totals.heap_bytes_low <= usage.bytes && usage.bytes <= totals.heap_bytes_high,
        "{totals:?} {usage:?}"
    );
    assert!(totals.is_exact);
}

/// Found by this hunt: a `ManuallyDrop<Weak<T>>` whose allocation's strong count is 0 after
/// the drop (dropped before, or by the drop's own last strong handle) keeps the allocation
/// forever, but `leaked()` said 0: forgotten weak handles were not looked at.
#[test]
fn forgotten_weak_handles() {
    let rc = Rc::new(String::from("gone"));
    let weak = Rc::downgrade(&rc);
    drop(rc);
    check_leaked(ManuallyDrop::new(weak));
    let rc = Rc::new(String::from("alive"));
    let weak = Rc::downgrade(&rc);
    check_leaked((ManuallyDrop::new(weak), rc));
    let rc = Rc::new(vec![1u8; 10]);
    let weak = Rc::downgrade(&rc);
    check_leaked(vec![(rc, Some(ManuallyDrop::new(weak)))]);
    // Held from outside: the allocation is alive after the drop, nothing leaks yet.
    let rc = Rc::new(String::from("outside"));
    let kept = (ManuallyDrop::new(Rc::downgrade(&rc)), 1u8);
    assert_eq!(kept.drop_order().leaked(), (0, 0));
    drop(rc);
}

#[derive(Layout)]
struct Peer {
    other: RefCell<Option<Rc<Peer>>>,
    watched: Weak<String>,
}

/// A cycle's contents hold a weak handle to an allocation the drop empties: the cycle never
/// drops, so neither does that handle, and the allocation stays too.
#[test]
fn weak_handles_inside_a_leaked_cycle() {
    let watched = Rc::new(String::from("watched"));
    let a = Rc::new(Peer {
        other: RefCell::new(None),
        watched: Rc::downgrade(&watched),
    });
    let b = Rc::new(Peer {
        other: RefCell::new(Some(a.clone())),
        watched: Weak::new(),
    });
    *a.other.borrow_mut() = Some(b);
    check_leaked((a, watched));
}

#[test]
fn droppers_in_cells_and_locks() {
    let once = std::cell::OnceCell::new();
    let _ = once.set(d(".0"));
    let paths = check_drop(once);
    assert_eq!(paths.len(), 1);
    check_drop(std::cell::OnceCell::<D>::new());
    let lock = std::sync::OnceLock::new();
    let _ = lock.set(vec![d("x")]);
    assert_eq!(check_drop_paths(lock), 1);
    assert_eq!(check_drop_paths(std::sync::Mutex::new(Some(d("x")))), 1);
    assert_eq!(
        check_drop_paths(std::sync::RwLock::new(vec![d("x"), d("y")])),
        2
    );
    assert_eq!(
        check_drop_paths(RefCell::new(Job::Running(d("a"), d("b")))),
        2
    );
}

/// Drops `value` in place and checks the number of `D` drops and the frees against the
/// prediction; returns the number of drops (the paths are the walk's own spelling).
#[track_caller]
fn check_drop_paths<T: Layout>(value: T) -> usize {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<usize> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl && s.type_name() == "D")
        .map(|s| s.address().unwrap())
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    let observed: Vec<usize> = DROPS
        .with(|log| log.take())
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(predicted, observed, "{order:#}");
    assert_eq!(frees, observed_frees, "{order:#}");
    observed.len()
}

// ---------------------------------------------------------------------------------------------
// Random trees of enums, boxes, vectors and shared handles: drops and frees against the real ones
// ---------------------------------------------------------------------------------------------

#[derive(Layout)]
enum Val {
    Leaf(D),
    Text(String),
    Boxed(Box<Val>),
    List(Vec<Val>),
    Maybe(Option<Box<Val>>),
    Shared(Rc<Val>),
    Watch(Weak<Val>),
    Pair {
        left: Box<Val>,
        right: Option<Rc<Val>>,
    },
    Forgot(ManuallyDrop<Box<Val>>),
    Link(RefCell<Option<Rc<Val>>>),
    Atomic(Arc<Val>, Option<std::sync::Weak<Val>>),
    Map(HashMap<u8, Val>),
    Queue(VecDeque<Val>),
    Nothing,
}

thread_local! {
    /// How many cycle links `random_val` made.
    static LINKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Whether `random_val` may make cycle links.
    static MAY_LINK: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A random value; `shared` inside an `Rc`'s contents, where nothing is forgotten (a forgotten
/// part of a shared value that dies before the test would hold handles outside the value).
fn random_val(rng: &mut Lcg, depth: u32, pool: &mut Vec<Rc<Val>>, shared: bool) -> Val {
    let pick = if depth == 0 {
        rng.below(3)
    } else {
        rng.below(15)
    };
    match pick {
        0 => Val::Leaf(D { label: "leaf" }),
        1 => Val::Text("t".repeat(rng.below(20) as usize)),
        2 => Val::Nothing,
        3 => Val::Boxed(Box::new(random_val(rng, depth - 1, pool, shared))),
        4 => Val::List(
            (0..rng.below(5))
                .map(|_| random_val(rng, depth - 1, pool, shared))
                .collect(),
        ),
        5 => Val::Maybe(
            (rng.below(2) == 0).then(|| Box::new(random_val(rng, depth - 1, pool, shared))),
        ),
        6 | 7 => {
            if rng.below(5) == 0 {
                // Held only by the pool: dead once the pool lets it go.
                let rc = Rc::new(random_val(rng, depth - 1, pool, true));
                let weak = Rc::downgrade(&rc);
                pool.push(rc);
                Val::Watch(weak)
            } else if pool.is_empty() || rng.below(3) == 0 {
                let rc = Rc::new(random_val(rng, depth - 1, pool, true));
                pool.push(rc.clone());
                Val::Shared(rc)
            } else {
                let i = rng.below(pool.len() as u64) as usize;
                if rng.below(2) == 0 {
                    Val::Shared(pool[i].clone())
                } else {
                    Val::Watch(Rc::downgrade(&pool[i]))
                }
            }
        }
        10 if shared => Val::Nothing,
        10 => Val::Forgot(ManuallyDrop::new(Box::new(random_val(
            rng,
            depth - 1,
            pool,
            shared,
        )))),
        11 if !MAY_LINK.with(|may| may.get()) => Val::Nothing,
        11 => {
            // A link that later points back at a shared value: cycles through `Rc`s.
            LINKS.with(|n| n.set(n.get() + 1));
            let rc = Rc::new(Val::Link(RefCell::new(None)));
            if let Some(target) = pool.get(rng.below(pool.len() as u64 + 1) as usize) {
                if let Val::Link(cell) = &*rc {
                    *cell.borrow_mut() = Some(target.clone());
                }
            }
            pool.push(rc.clone());
            if let (Some(first), true) = (pool.first(), rng.below(2) == 0) {
                if let Val::Link(cell) = &**first {
                    if cell.borrow().is_none() {
                        *cell.borrow_mut() = Some(rc.clone());
                    }
                }
            }
            Val::Shared(rc)
        }
        12 => {
            // An `Arc` of a value that is not `Send`, as single-threaded code holds one.
            #[allow(clippy::arc_with_non_send_sync)]
            let arc = Arc::new(random_val(rng, depth - 1, pool, shared));
            let weak = (rng.below(2) == 0).then(|| Arc::downgrade(&arc));
            Val::Atomic(arc, weak)
        }
        13 => Val::Map(
            (0..rng.below(4))
                .map(|k| (k as u8, random_val(rng, depth - 1, pool, shared)))
                .collect(),
        ),
        14 => {
            let mut queue = VecDeque::with_capacity(4);
            for _ in 0..rng.below(6) {
                queue.push_back(random_val(rng, depth - 1, pool, shared));
                // Moves the head round the ring (dropping nothing here: a dropped value could
                // leave forgotten parts outside the value).
                if rng.below(3) == 0 {
                    if let Some(front) = queue.pop_front() {
                        queue.push_back(front);
                    }
                }
            }
            Val::Queue(queue)
        }
        _ => Val::Pair {
            left: Box::new(random_val(rng, depth - 1, pool, shared)),
            right: pool.last().filter(|_| rng.below(2) == 0).cloned(),
        },
    }
}

#[test]
fn random_enum_trees_drop_as_predicted() {
    let mut total = (0usize, 0usize);
    for seed in 0..3000u64 {
        let mut rng = Lcg(seed);
        let mut pool = Vec::new();
        // Built and, for even seeds, the pool let go, under the counting allocator: what is
        // left is what the value holds.
        // (The droppers' log, which a drop in the pool fills, is emptied on both sides.)
        DROPS.with(|log| *log.borrow_mut() = Vec::new());
        LINKS.with(|n| n.set(0));
        let ((value, pool), usage) = alloc::measure(|| {
            let value = random_val(&mut rng, 8, &mut pool, false);
            if seed % 2 == 0 {
                pool = Vec::new();
            }
            DROPS.with(|log| *log.borrow_mut() = Vec::new());
            (value, pool)
        });
        // Without links no cycle leaks outside the value: what is left is the value's.
        if seed % 2 == 0 && LINKS.with(|n| n.get()) == 0 {
            let totals = memlayout::totals(&value);
            assert_eq!(
                (totals.heap_bytes, totals.allocations),
                (usage.bytes, usage.allocations),
                "seed {seed}"
            );
            assert_eq!(value.layout_report().totals().heap_bytes, usage.bytes);
        }
        // Odd seeds hold every shared value outside through the drop; even seeds let them all
        // go first, so a value held only outside dies and its weak handles in the value go
        // dead (with no weak handle left outside: the `drop` module's approximations).
        let keep: Vec<Rc<Val>> = if seed % 2 == 1 {
            pool
        } else {
            drop(pool);
            Vec::new()
        };
        if keep.is_empty() {
            // Nothing held outside: what the drop leaves allocated is what it does not free.
            let mut copy = ManuallyDrop::new(value);
            let order = (*copy).drop_order();
            let heap = memlayout::heap_bytes(&*copy);
            let predicted: Vec<usize> = order
                .steps()
                .filter(|s| s.action() == DropAction::RunsDropImpl)
                .map(|s| s.address().unwrap())
                .collect();
            DROPS.with(|log| log.borrow_mut().clear());
            let frees = alloc::frees_during(|| {
                // SAFETY: dropped once, here.
                unsafe { ManuallyDrop::drop(&mut copy) }
            });
            let observed: Vec<usize> = DROPS
                .with(|log| log.take())
                .into_iter()
                .map(|(_, a)| a)
                .collect();
            assert_eq!(predicted, observed, "seed {seed}\n{order:#}");
            total.0 += observed.len();
            assert_eq!(predicted_frees(&order), frees, "seed {seed}\n{order:#}");
            // A cycle made of shared values outside the value may hold parts of it.
            if LINKS.with(|n| n.get()) == 0 {
                assert_eq!(
                    order.leaked().0,
                    heap - frees.iter().sum::<usize>(),
                    "seed {seed}\n{order:#}"
                );
            }
            total.1 += order.len();
            continue;
        }
        total.1 += value.drop_order().len();
        total.0 += check_drop_paths(value);
        drop(keep);
    }
    // The trees are not trivial: thousands of droppers and steps were compared.
    assert!(total.0 > 500 && total.1 > 5000, "{total:?}");
}

#[test]
fn self_cycles_leak() {
    let a = Rc::new(Cyclic {
        label: d("a"),
        next: RefCell::new(None),
    });
    *a.next.borrow_mut() = Some(a.clone());
    let order = a.drop_order();
    assert_eq!(order.leaked().1, 1, "{order:#}");
    let v = Rc::new(Val::Link(RefCell::new(None)));
    if let Val::Link(cell) = &*v {
        *cell.borrow_mut() = Some(v.clone());
    }
    let order = v.drop_order();
    assert_eq!(order.leaked().1, 1, "{order:#}");
    let v = Val::Shared(v);
    let order = v.drop_order();
    assert_eq!(order.leaked().1, 1, "{order:#}");
}

/// A dead allocation that a forgotten weak handle in the value holds too: the released handle
/// is not the last, nothing frees the allocation, and it leaks.
#[test]
fn dead_allocation_held_by_a_forgotten_weak_too() {
    for forgotten_first in [true, false] {
        let rc = Rc::new(String::from("gone"));
        let (w1, w2) = (Rc::downgrade(&rc), Rc::downgrade(&rc));
        drop(rc);
        if forgotten_first {
            check_leaked((ManuallyDrop::new(w1), w2));
        } else {
            check_leaked((w1, ManuallyDrop::new(w2)));
        }
    }
}

#[test]
fn no_op_steps_name_only_the_live_variant() {
    let options = memlayout::DropOptions::new().include_no_ops(true);
    let open = Command::Open {
        path: String::from("p"),
        mode: Some(Mode::Write(1)),
    };
    let paths: Vec<String> = open
        .drop_order_with(options)
        .steps()
        .map(|s| s.path())
        .collect();
    assert_eq!(paths, [".Open.path", ".Open.mode"]);
    let close = Command::Close(1);
    let order = close.drop_order_with(options);
    let paths: Vec<String> = order.steps().map(|s| s.path()).collect();
    assert_eq!(paths, [".Close.0"], "{order:#}");
    let flush = Command::Flush;
    let order = flush.drop_order_with(options);
    assert!(
        order.steps().all(|s| s.action() == DropAction::NoOp),
        "{order:#}"
    );
    let job = Job::Running(d(".Running.0"), d(".Running.1"));
    let order = job.drop_order_with(options);
    let paths: Vec<String> = order.steps().map(|s| s.path()).collect();
    assert!(
        paths.iter().all(|p| p.starts_with(".Running.")),
        "{order:#}"
    );
    check_drop(job);
}

#[test]
fn variants_of_map_values_and_boxed_roots() {
    let mut map = HashMap::new();
    map.insert(
        String::from("a"),
        Command::Open {
            path: String::from("path"),
            mode: None,
        },
    );
    let report = map.layout_report();
    let cmd = &map["a"];
    let Command::Open { path, .. } = cmd else {
        unreachable!()
    };
    let node = report
        .find(r#"["a"].value"#)
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(node.variant(), Some("Open"), "{report}");
    let node = report
        .find(r#"["a"].value.Open.path"#)
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(node.offset(), Some(addr(path) - addr(cmd)));
    // `variant::of` looks through references, not boxes.
    let boxed = Box::new(Command::Close(1));
    assert_eq!(memlayout::variant::of(&&*boxed).unwrap().name, "Close");
    let report = boxed.layout_report();
    assert_eq!(
        report.find(".*").unwrap().variant(),
        Some("Close"),
        "{report}"
    );
    let paths: Vec<String> = map.drop_order().steps().map(|s| s.path()).collect();
    assert_eq!(paths, [r#"["a"].key"#, r#"["a"].value.Open.path"#, ""]);
}

/// Parameter names a derive's own generated names could shadow.
#[derive(Layout)]
enum Shadowing<'a, V, P, T: 'a> {
    Visit(V),
    Private(P),
    Borrowed(&'a T),
    Named { __v: u8, __f0: V, __b: Option<P> },
}

#[test]
fn parameter_and_field_names_the_derive_uses_itself() {
    check_size::<Shadowing<'static, String, u8, u64>>();
    let value: Shadowing<'_, String, u8, u64> = Shadowing::Named {
        __v: 1,
        __f0: String::from("x"),
        __b: Some(2),
    };
    let Shadowing::Named { __v, __f0, __b } = &value else {
        unreachable!()
    };
    check_variant(
        &value,
        "Named",
        vec![
            at("__v", &value, __v),
            at("__f0", &value, __f0),
            at("__b", &value, __b),
        ],
    );
    let value = check_heap(|| Shadowing::<'_, String, u8, u64>::Visit(String::from("visit")));
    drop(value);
}

#[derive(Layout)]
enum Payload {
    #[layout(opaque)]
    Raw(Vec<u8>, u32),
    Parsed(String),
}

#[test]
fn opaque_variants() {
    let raw = Payload::Raw(vec![1, 2, 3], 7);
    let Payload::Raw(bytes, n) = &raw else {
        unreachable!()
    };
    let active = memlayout::variant::of(&raw).unwrap();
    assert_eq!(active.name, "Raw");
    // The field with drop glue is measured where it is; the plain one has no address.
    assert_eq!(active.fields[0].offset, Some(addr(bytes) - addr(&raw)));
    assert_eq!(active.fields[1].offset, None);
    let _ = n;
    let totals = memlayout::totals(&raw);
    assert!(!totals.is_exact && totals.heap_bytes_low <= 3);
    let order = raw.drop_order();
    assert!(
        order
            .steps()
            .any(|s| matches!(s.action(), DropAction::Unreadable { .. })),
        "{order:#}"
    );
    let parsed = check_heap(|| Payload::Parsed(String::from("parsed")));
    drop(parsed);
}

#[derive(Layout, Clone, Copy)]
#[repr(C)]
enum CNegative {
    Low = -3,
    High = 3,
}

#[derive(Layout, Clone, Copy)]
#[repr(u16)]
enum U16Fieldless {
    A = 0xFFFF,
    B = 0,
}

/// A fieldless enum is its tag: the tag's width is its size.
#[test]
fn fieldless_tags_are_the_enums_size() {
    for (layout, size) in [
        (CNegative::LAYOUT, size_of::<CNegative>()),
        (U16Fieldless::LAYOUT, size_of::<U16Fieldless>()),
        (Signal::LAYOUT, size_of::<Signal>()),
        (OneCUnit::LAYOUT, size_of::<OneCUnit>()),
    ] {
        assert_eq!(
            layout.discriminant().and_then(|d| d.tag_bytes()),
            Some(size),
            "{layout}"
        );
        assert_eq!(layout.size, size);
    }
    assert_eq!(
        U16Fieldless::LAYOUT.variants[0].discriminant_value,
        U16Fieldless::A as u16 as i128
    );
}

/// Long vectors of random values, summarised past the first few elements by the report:
/// every heap figure (totals, report, footprint, folded stacks) is the allocator's.
#[test]
fn summarised_random_values_count_their_heap_once() {
    let mut checked = 0;
    MAY_LINK.with(|may| may.set(false));
    for seed in 0..40u64 {
        let mut rng = Lcg(seed * 7919);
        DROPS.with(|log| *log.borrow_mut() = Vec::new());
        LINKS.with(|n| n.set(0));
        let (values, usage) = alloc::measure(|| {
            let mut pool = Vec::new();
            let values: Vec<Val> = (0..300)
                .map(|_| random_val(&mut rng, 3, &mut pool, false))
                .collect();
            drop(pool);
            DROPS.with(|log| *log.borrow_mut() = Vec::new());
            values
        });
        if LINKS.with(|n| n.get()) > 0 {
            continue;
        }
        let heap = usage.bytes;
        assert_eq!(memlayout::heap_bytes(&values), heap, "seed {seed}");
        let report = values.layout_report();
        assert_eq!(report.totals().heap_bytes, heap, "seed {seed}");
        assert_eq!(
            memlayout::footprint(&values).heap_bytes(),
            heap,
            "seed {seed}"
        );
        let folded: usize = memlayout::render::folded(&values)
            .lines()
            .map(|l| l.rsplit_once(' ').unwrap().1.parse::<usize>().unwrap())
            .sum();
        assert_eq!(folded, size_of::<Vec<Val>>() + heap, "seed {seed}");
        let mut values = ManuallyDrop::new(values);
        let order = (*values).drop_order();
        let frees = alloc::frees_during(|| {
            // SAFETY: dropped once, here.
            unsafe { ManuallyDrop::drop(&mut values) }
        });
        assert_eq!(predicted_frees(&order), frees, "seed {seed}");
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[derive(Layout)]
struct Watcher {
    watched: Weak<String>,
}

/// Found by this hunt's summarised random values: a dead allocation that a weak handle inside
/// a shared value the drop keeps (held outside, or by a forgotten strong handle) still holds
/// was freed at the value's own weak handle; std frees it only when that other handle goes.
#[test]
fn dead_allocation_held_by_a_weak_inside_a_kept_shared_value() {
    // The holder is held outside the value too.
    let dead = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&dead), Rc::downgrade(&dead));
    drop(dead);
    let holder = Rc::new(Watcher { watched: w2 });
    let value = (w1, holder.clone());
    let order = value.drop_order();
    let predicted = predicted_frees(&order);
    let observed = alloc::frees_during(|| drop(value));
    assert_eq!(predicted, observed, "{order:#}");
    drop(holder);
    // The holder's only strong handle is forgotten: both allocations leak.
    let dead = Rc::new(String::from("gone"));
    let (w1, w2) = (Rc::downgrade(&dead), Rc::downgrade(&dead));
    drop(dead);
    let holder = Rc::new(Watcher { watched: w2 });
    check_leaked((w1, ManuallyDrop::new(holder)));
}

#[derive(Layout)]
struct Interner {
    names: HashMap<u64, Weak<str>>,
    chunks: Vec<std::sync::Weak<[u32]>>,
}

/// Found by this hunt: an interner of weak string handles (`Weak<str>`, `Weak<[T]>`) did not
/// derive: `Weak` had an impl for sized values only. Their allocation's size comes from the
/// length their pointer carries, readable when the value is gone.
#[test]
fn weak_handles_to_unsized_values() {
    let (interner, usage) = alloc::measure(|| {
        let alive: Rc<str> = Rc::from("alive");
        let gone: Rc<str> = Rc::from("gone for good");
        let chunk: Arc<[u32]> = Arc::from(vec![1u32, 2, 3]);
        let mut names = HashMap::new();
        names.insert(1, Rc::downgrade(&alive));
        names.insert(2, Rc::downgrade(&gone));
        names.insert(3, Rc::downgrade(&gone));
        let interner = Interner {
            names,
            chunks: vec![Arc::downgrade(&chunk), std::sync::Weak::<[u32; 2]>::new()],
        };
        drop((alive, gone, chunk));
        interner
    });
    let totals = memlayout::totals(&interner);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations)
    );
    let mut interner = ManuallyDrop::new(interner);
    let order = (*interner).drop_order();
    let frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut interner) }
    });
    assert_eq!(predicted_frees(&order), frees, "{order:#}");
    assert_eq!(frees.iter().sum::<usize>(), usage.bytes);
}

#[test]
fn shared_slices_of_droppers_with_weak_handles() {
    let rc: Rc<[D]> = Rc::from(vec![d(".2.*[0]"), d(".2.*[1]")]);
    let weak = Rc::downgrade(&rc);
    check_drop((rc.clone(), weak, rc));
    let rc: Rc<[D]> = Rc::from(vec![d(".0.*[0]")]);
    let weak = Rc::downgrade(&rc);
    check_drop((rc, weak));
    let arc: Arc<[D]> = Arc::from(vec![d(".1.*[0]")]);
    check_drop((Arc::downgrade(&arc), arc));
}

/// Forty weak handles to a dead allocation, and a forgotten one: no free, whatever the runs
/// the display elides.
#[test]
fn many_weak_handles_to_a_dead_allocation_one_forgotten() {
    let rc = Rc::new(String::from("gone"));
    let weaks: Vec<Weak<String>> = (0..40).map(|_| Rc::downgrade(&rc)).collect();
    let kept = ManuallyDrop::new(Rc::downgrade(&rc));
    drop(rc);
    let value = (weaks, kept);
    let order = value.drop_order();
    let decrements: Vec<usize> = order
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::DecrementsWeak { to } => Some(to),
            _ => None,
        })
        .collect();
    assert_eq!(decrements, (1..=40).rev().collect::<Vec<_>>());
    let shown = order.to_string();
    assert!(shown.contains("30 more elements"), "{shown}");
    check_leaked(value);
}

#[test]
fn diffs_across_variants_add_up() {
    let shapes: Vec<Command> = vec![
        Command::Open {
            path: String::from("abc"),
            mode: None,
        },
        Command::Close(1),
        Command::Open {
            path: String::with_capacity(100),
            mode: Some(Mode::Read),
        },
    ];
    for earlier in &shapes {
        for later in &shapes {
            let (a, b) = (earlier.layout_report(), later.layout_report());
            let diff = b.diff(&a);
            let sum: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
            assert_eq!(sum, diff.growth());
            assert_eq!(
                diff.growth(),
                memlayout::heap_bytes(later) as isize - memlayout::heap_bytes(earlier) as isize
            );
        }
    }
    // Vectors of enums whose variants change between the reports, past the shown elements.
    let mut many: Vec<Command> = (0..50).map(|i| Command::Close(i as u8)).collect();
    let earlier = many.layout_report();
    for (i, c) in many.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
        *c = Command::Open {
            path: "p".repeat(i),
            mode: None,
        };
    }
    let diff = many.layout_report().diff(&earlier);
    let sum: isize = diff.changes().iter().map(|c| c.heap_delta()).sum();
    assert_eq!(sum, diff.growth());
    assert_eq!(
        diff.growth(),
        memlayout::heap_bytes(&many) as isize - earlier.totals().heap_bytes as isize
    );
}

#[derive(Layout)]
enum Borrowing<'a> {
    Text(&'a str, D),
    Empty,
}

impl Drop for Borrowing<'_> {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<borrowing>".into(), 0)));
    }
}

#[derive(Layout)]
struct Session<'a, const N: usize> {
    name: &'a str,
    slots: [Option<D>; N],
}

impl<const N: usize> Drop for Session<'_, N> {
    fn drop(&mut self) {
        DROPS.with(|log| log.borrow_mut().push(("<session>".into(), 0)));
    }
}

#[test]
fn own_drop_impls_on_types_with_lifetimes_and_const_parameters() {
    let text = String::from("borrowed");
    check_all_drops(Borrowing::Text(&text, d(".Text.1")), &[("<borrowing>", "")]);
    check_all_drops(Borrowing::Empty, &[("<borrowing>", "")]);
    // A const parameter makes the type generic: its own `Drop` is not seen (README, Limits).
    let session = Session {
        name: &text,
        slots: [Some(d(".slots[0].Some.0")), None],
    };
    let order = session.drop_order();
    assert_eq!(
        order.step(0).unwrap().action(),
        DropAction::MayRunDropImpl,
        "{order:#}"
    );
    drop(session);
}
