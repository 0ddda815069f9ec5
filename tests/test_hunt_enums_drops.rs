//! Hunt 11a, enums shaped like other people's code: niches in nested positions, uninhabited
//! variants, explicit and negative discriminants under integer reprs, `repr(C, u8)` data enums,
//! generic enums with defaults and bounds, 300 variants, `Cow`, boxed errors, single-variant and
//! zero-sized variants, raw identifiers, packed and aligned holders. Each value's variant and
//! field offsets are checked against the addresses of its bindings, sizes against `size_of`,
//! heap figures against the counting allocator. The drop-order hunt is in `test_hunt_drops*.rs`,
//! the renderings in `test_hunt_enum_reports.rs`; shared helpers in `common/hunt.rs`.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;

use hunt::*;

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
#[repr(i64)]
enum Signal {
    Low = -9_000_000_000,
    Mid = -1,
    High = i64::MAX,
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

#[derive(Layout)]
enum Keyword {
    r#Type { r#type: u8, r#match: String },
    r#Other(u32),
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
