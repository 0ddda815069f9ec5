//! Hunt 11a, what memlayout renders and sums for enums: pictures and text of repr-fixed enums
//! against live values, folded stacks, footprints and report diffs of enum elements against
//! the counting allocator, long enum chains on a small stack, and error enums as thiserror users
//! write them (std's conversion errors included).
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/hunt.rs"]
mod hunt;

use hunt::*;

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

/// Calls `$check` (generic over the value's type) on a value of every variant with fields of
/// the repr-fixed enums above.
macro_rules! each_fixed_value {
    ($check:ident) => {
        for value in &[Opcode::Push(1), Opcode::Jump { to: 1, cond: true }] {
            $check(value);
        }
        for value in &[Wide::Neg(1), Wide::Big(2, 3)] {
            $check(value);
        }
        $check(&Small::B(3));
        for value in &[
            Packet::Data {
                len: 1,
                bytes: [0; 5],
                crc: 2,
            },
            Packet::Ack(1, 2),
        ] {
            $check(value);
        }
        for value in &[CShape::Dot(1), CShape::Line(2, 3.0)] {
            $check(value);
        }
        for value in &[ZstAligned::A(1, []), ZstAligned::B(2)] {
            $check(value);
        }
        for value in &[
            CAligned::A(1),
            CAligned::B([1; 3], 2),
            CAligned::C(Aligned16(1), 2),
        ] {
            $check(value);
        }
    };
}

#[test]
fn repr_fixed_pictures_match_live_values() {
    check_drawn(&Opcode::Halt);
    each_fixed_value!(check_drawn);
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
    each_fixed_value!(check_printed);
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

/// A `#[repr(transparent)]` enum of one field has that field's layout: the field at 0 (its
/// text said the offsets were not static). A zero-sized field beside it sits where rustc puts
/// it (after it), which no rule fixes: no offset is printed for that variant.
#[derive(Layout)]
#[repr(transparent)]
enum TransparentOne {
    Only(u64),
}

#[derive(Layout)]
#[repr(transparent)]
enum TransparentMarked {
    Only(u64, core::marker::PhantomData<u8>),
}

#[test]
fn transparent_enum_text_gives_its_field_at_zero() {
    let value = TransparentOne::Only(9);
    check_printed(&value);
    assert_eq!(
        printed_offsets::<TransparentOne>("Only"),
        [("0".to_string(), 0)]
    );
    let text = TransparentOne::LAYOUT.to_string();
    assert!(!text.contains("not static"), "{text}");
    let marked = TransparentMarked::LAYOUT.to_string();
    assert!(marked.contains("not static"), "{marked}");
    assert!(marked.contains("0: u64 (8), 1:"), "{marked}");
}
