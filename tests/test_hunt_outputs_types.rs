//! Type layouts with odd names and sizes (raw identifiers, non-ASCII names, 1 MiB to 1 TiB
//! fields, 64 KiB alignment, unions, tagged enums) in the type's text, JSON and SVG, the audit
//! and snapshots, against the compiler's figures.

#[path = "common/hunt_outputs.rs"]
mod hunt;

use std::mem::size_of;

use hunt::*;
use memlayout::{DropOrderExt, Layout, LayoutReport};

#[derive(Layout)]
#[allow(dead_code)]
struct Huge {
    tag: u8,
    bytes: [u8; 1 << 20],
    r#type: u32,
}

#[derive(Layout, Debug)]
#[allow(dead_code)]
enum Odd {
    r#Type(u8),
    r#Match { r#in: u64 },
    Empty,
}

#[derive(Layout)]
#[allow(dead_code)]
struct Wrapped<'a, T: Layout + ?Sized>(&'a T, u8);

#[derive(Layout)]
#[repr(C, align(65536))]
#[allow(dead_code)]
struct Aligned {
    tag: u8,
}

#[derive(Layout)]
#[allow(dead_code, non_snake_case)]
struct Wide {
    größe: u8,
    ünïcödé_námé: [u16; 40_000],
    aligned: Aligned,
}

#[derive(Layout)]
#[allow(dead_code)]
struct Tera {
    tag: u8,
    bytes: [u8; 1 << 40],
    tail: u16,
}

#[derive(Layout)]
#[repr(C)]
#[allow(dead_code)]
union Overlay {
    r#type: u32,
    bytes: [u8; 100_000],
    pair: (u8, u64),
}

#[derive(Layout)]
#[repr(u8)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Tagged<'a> {
    r#Ref(&'a str) = 3,
    Big([u64; 20_000]),
    r#Unit = 200,
}

#[derive(Layout)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Größen {
    Klein(u8),
    Übergroß([u8; 20_000_000]),
    Ähnlich { ä: u16 },
}

/// A type's text, JSON and SVG for odd names and sizes: the JSON's figures against the
/// compiler's, the SVG well-formed, the text one line per field plus its frame.
fn check_type(layout: &'static memlayout::TypeLayout, size: usize, align: usize) {
    let json: serde_json::Value = serde_json::from_str(&layout.to_json()).unwrap();
    assert_eq!(
        json["size"].as_u64().unwrap() as usize,
        size,
        "{}",
        layout.name
    );
    assert_eq!(json["align"].as_u64().unwrap() as usize, align);
    for (field, j) in layout.fields.iter().zip(json["fields"].as_array().unwrap()) {
        assert_eq!(j["offset"].as_u64().unwrap() as usize, field.offset);
        assert_eq!(j["name"].as_str().unwrap(), field.name);
    }
    for options in [
        memlayout::render::SvgOptions::new(),
        memlayout::render::SvgOptions::new().compare_orders(true),
    ] {
        let svg = layout.to_svg_with(options);
        if let Err(e) = roxmltree::Document::parse(&svg) {
            panic!("{}: {e}\n{svg}", layout.name);
        }
        assert!(
            svg.len() < 256 * 1024,
            "{}: {} bytes of SVG",
            layout.name,
            svg.len()
        );
    }
    let text = layout.to_string();
    assert!(text.len() < 16 * 1024, "{text}");
    println!("{text}");
    let snapshot = memlayout::snapshot::to_json([layout]);
    let diff = memlayout::snapshot::diff(&snapshot, &snapshot).unwrap();
    assert!(diff.is_empty(), "{diff}");
}

#[test]
fn odd_types_in_type_outputs() {
    use std::mem::{align_of, offset_of};
    check_type(Huge::LAYOUT, size_of::<Huge>(), align_of::<Huge>());
    assert_eq!(Huge::LAYOUT.fields[1].offset, offset_of!(Huge, bytes));
    assert_eq!(Huge::LAYOUT.fields[2].offset, offset_of!(Huge, r#type));
    check_type(Odd::LAYOUT, size_of::<Odd>(), align_of::<Odd>());
    check_type(Empty::LAYOUT, 0, 1);
    check_type(Zsts::LAYOUT, size_of::<Zsts>(), align_of::<Zsts>());
    check_type(
        RawNames::LAYOUT,
        size_of::<RawNames>(),
        align_of::<RawNames>(),
    );
    type W = Wrapped<'static, dyn std::fmt::Debug + Send + Sync>;
    check_type(W::LAYOUT, size_of::<W>(), align_of::<W>());
    type G = Generic<'static, Wrapped<'static, str>>;
    check_type(G::LAYOUT, size_of::<G>(), align_of::<G>());
    check_type(<[u8; 1 << 20]>::LAYOUT, 1 << 20, 1);
    check_type(
        <(u8, [u64; 4096], u16)>::LAYOUT,
        size_of::<(u8, [u64; 4096], u16)>(),
        8,
    );
    let value = Odd::r#Match { r#in: 3 };
    let report = value.layout_report();
    println!("{report}");
    // Raw identifiers are written without `r#` everywhere, as `#[derive(Debug)]` writes them:
    // variants as fields and type names are.
    assert!(format!("{value:?}").starts_with("Match {"));
    assert_eq!(memlayout::variant::of(&value).unwrap().name, "Match");
    assert_eq!(report.find(".Match.in").map(|n| n.offset()), Some(Some(8)));
    assert_eq!(report.root().variant(), Some("Match"));
    let names: Vec<&str> = Odd::LAYOUT.variants.iter().map(|v| v.name).collect();
    assert_eq!(names, ["Type", "Match", "Empty"]);
    let json: serde_json::Value = serde_json::from_str(&Odd::LAYOUT.to_json()).unwrap();
    assert_eq!(json["enum"]["variants"][0]["name"], "Type");
    assert!(!Odd::LAYOUT.to_string().contains("r#"), "{}", Odd::LAYOUT);
    assert!(!report.to_string().contains("r#"), "{report}");
    assert!(!value.drop_order().to_string().contains("r#"));
    let html = report.to_html();
    assert_svgs_parse(&html);
}

/// Every row of a type's field table has its columns under the header's: the `type` column
/// starts at the header's `type`, whatever the sizes, alignments and names.
#[test]
fn type_table_columns_stay_under_their_headings() {
    for layout in [
        Huge::LAYOUT,
        Wide::LAYOUT,
        <(u8, [u64; 4096], u16)>::LAYOUT,
        RawNames::LAYOUT,
    ] {
        let text = layout.to_string();
        let mut lines = text.lines().skip(1);
        let header = lines.next().unwrap();
        let column = header.chars().count() - "type".len();
        let rows = lines.take_while(|line| !line.starts_with("  size "));
        for line in rows.filter(|line| !line.ends_with("padding)")) {
            let chars: Vec<char> = line.chars().collect();
            // The header is ASCII: its byte offsets are character counts.
            let name_column = header.find("field").unwrap();
            let name: String = chars[name_column..column].iter().collect();
            let field = layout
                .fields
                .iter()
                .find(|f| f.name == name.trim_end())
                .unwrap_or_else(|| panic!("no field {name:?} in {line:?}\n{text}"));
            let short: String = chars[column..].iter().collect();
            let type_name = ((field.layout)().type_name)();
            assert!(
                type_name.ends_with(short.split("  [").next().unwrap()),
                "{line:?}: the type column is not under `type`\n{text}"
            );
        }
    }
}

/// An enum's variant table keeps its columns under their headings for non-ASCII variant
/// names and payloads of more than seven digits: every row's fields start under `fields`.
#[test]
fn variant_table_columns_stay_under_their_headings() {
    for layout in [Größen::LAYOUT, Tagged::LAYOUT, Odd::LAYOUT] {
        let text = layout.to_string();
        let header = text
            .lines()
            .find(|l| l.trim_start().starts_with("variant"))
            .unwrap();
        let column = header.find("fields").unwrap(); // ASCII header
        let rows = text.lines().skip_while(|l| *l != header).skip(1);
        for (line, variant) in rows.zip(layout.variants) {
            let chars: Vec<char> = line.chars().collect();
            let fields: String = chars[column..].iter().collect();
            let first = variant.fields.first().map_or("-", |f| f.name);
            assert!(
                fields.starts_with(first),
                "{line:?}: not under `fields`\n{text}"
            );
            let payload: String = chars[..column].iter().collect();
            let payload = payload.split_whitespace().last().unwrap();
            assert_eq!(payload, variant.payload_size.to_string(), "{text}");
        }
    }
}

/// A field larger than a cache line that starts on one touches no more lines than it must:
/// the type's text, its JSON and the audit do not call it a straddler (nor tell to move it);
/// one that starts mid-line does straddle.
#[test]
fn big_fields_on_a_line_do_not_straddle() {
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Lines {
        first: [u8; 128],
        second: [u8; 64],
        odd: u32,
        after: [u8; 100],
    }
    let layout = Lines::LAYOUT;
    let names: Vec<&str> = layout.cache_line_straddlers().map(|f| f.name).collect();
    // `first` and `second` start on lines and take the lines they need; `after` (100 bytes
    // at 196) crosses a boundary but needs two lines whatever its place.
    let after = std::mem::offset_of!(Lines, after);
    let touched = (after + 99) / 64 - after / 64 + 1;
    let expected: Vec<&str> = if touched > 2 { vec!["after"] } else { vec![] };
    assert_eq!(names, expected);
    let text = Huge::LAYOUT.to_string();
    assert!(!text.contains("straddles"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&Huge::LAYOUT.to_json()).unwrap();
    assert_eq!(
        json["cache_line"]["straddling"].as_array().unwrap().len(),
        0
    );
    let audit = memlayout::registry::Audit::of([Huge::LAYOUT, Wide::LAYOUT]);
    assert!(!audit.to_string().contains("straddle"), "{audit}");
    // A line-sized field half a line in does straddle.
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Shifted {
        head: [u8; 32],
        line: [u8; 64],
    }
    let names: Vec<&str> = Shifted::LAYOUT
        .cache_line_straddlers()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["line"]);
    let audit = memlayout::registry::Audit::of([Shifted::LAYOUT, Lines::LAYOUT]);
    assert!(
        audit.to_string().contains("reading it touches two lines"),
        "{audit}"
    );
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct ShiftedBig {
        head: [u8; 32],
        lines: [u8; 128],
    }
    let audit = memlayout::registry::Audit::of([ShiftedBig::LAYOUT]);
    let text = audit.to_string();
    assert!(
        text.contains("reading it touches 3 lines where 2 would hold it"),
        "{text}"
    );
}

/// A type of a terabyte (never built: its layout alone) draws and prints in bounded size, and
/// its figures are the compiler's.
#[test]
fn a_terabyte_type_prints_small() {
    use std::mem::{align_of, offset_of};
    check_type(Tera::LAYOUT, size_of::<Tera>(), align_of::<Tera>());
    assert_eq!(Tera::LAYOUT.fields[1].offset, offset_of!(Tera, bytes));
    let text = Tera::LAYOUT.to_string();
    assert!(text.contains("1099511627776"), "{text}");
    check_type(
        <[Tera; 3]>::LAYOUT,
        3 * size_of::<Tera>(),
        align_of::<Tera>(),
    );
    check_type(Wide::LAYOUT, size_of::<Wide>(), align_of::<Wide>());
    check_type(Aligned::LAYOUT, size_of::<Aligned>(), align_of::<Aligned>());
    check_type(Größen::LAYOUT, size_of::<Größen>(), align_of::<Größen>());
}

/// A union and a tagged enum with raw, generic and huge parts: text, JSON and SVG.
#[test]
fn unions_and_tagged_enums_in_type_outputs() {
    use std::mem::align_of;
    check_type(Overlay::LAYOUT, size_of::<Overlay>(), align_of::<Overlay>());
    check_type(Tagged::LAYOUT, size_of::<Tagged>(), align_of::<Tagged>());
    let text = Tagged::LAYOUT.to_string();
    assert!(text.contains("Ref") && !text.contains("r#"), "{text}");
    let value = Tagged::r#Ref("x");
    let report = value.layout_report();
    assert_eq!(report.root().variant(), Some("Ref"));
    assert!(report.find(".Ref.0").is_some(), "{report}");
}

/// The audit of the hunt's odd types (1 MiB fields, 64 KiB alignment, non-ASCII and raw
/// names): its JSON parses back with the text's figures.
#[test]
fn audit_of_odd_types() {
    let layouts = [
        Huge::LAYOUT,
        Wide::LAYOUT,
        Aligned::LAYOUT,
        RawNames::LAYOUT,
        Odd::LAYOUT,
    ];
    let audit = memlayout::registry::Audit::of(layouts);
    let json: serde_json::Value = serde_json::from_str(&audit.to_json()).unwrap();
    let text = audit.to_string();
    for entry in audit.entries() {
        let name = (entry.layout.type_name)();
        let row = json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["type_name"] == name)
            .unwrap_or_else(|| panic!("{name} in {json}"));
        assert_eq!(
            row["wasted_bytes"].as_u64().unwrap() as usize,
            entry.wasted_bytes
        );
        assert_eq!(row["size"].as_u64().unwrap() as usize, entry.layout.size);
        assert!(text.contains(&entry.wasted_bytes.to_string()), "{text}");
    }
    assert_eq!(
        audit.entry::<Aligned>().unwrap().layout.size,
        size_of::<Aligned>()
    );
}

/// A snapshot of the hunt's odd types, written then checked: it matches itself (no drift
/// through the file's JSON for 1 MiB fields, 64 KiB alignment, non-ASCII, raw and generic
/// names); a diff against a changed set names the change.
#[test]
fn snapshot_of_odd_types_round_trips() {
    type W = Wrapped<'static, dyn std::fmt::Debug + Send + Sync>;
    type G = Generic<'static, Wrapped<'static, str>>;
    let layouts = [
        Huge::LAYOUT,
        Wide::LAYOUT,
        Aligned::LAYOUT,
        Odd::LAYOUT,
        RawNames::LAYOUT,
        W::LAYOUT,
        G::LAYOUT,
        Zsts::LAYOUT,
        Empty::LAYOUT,
        Pair::LAYOUT,
    ];
    let path = std::env::temp_dir().join(format!("memlayout-hunt11b-{}.json", std::process::id()));
    std::fs::write(&path, memlayout::snapshot::to_json(layouts)).unwrap();
    let outcome = memlayout::snapshot::check_types(&path, layouts);
    assert_eq!(outcome, memlayout::snapshot::CheckOutcome::Matched);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let fewer = memlayout::snapshot::to_json(layouts[..9].iter().copied());
    let diff = memlayout::snapshot::diff(&text, &fewer).unwrap();
    assert!(diff.to_string().contains("`Pair` removed"), "{diff}");
    let json: serde_json::Value = serde_json::from_str(&diff.to_json()).unwrap();
    let _ = json;
}

mod v1 {
    pub mod net {
        #[derive(memlayout::Layout)]
        #[allow(dead_code)]
        pub struct Packet {
            pub len: u32,
        }
    }
    pub mod disk {
        #[derive(memlayout::Layout)]
        #[allow(dead_code)]
        pub struct Packet {
            pub len: u32,
        }
    }
}

mod v2 {
    pub mod net {
        #[derive(memlayout::Layout)]
        #[allow(dead_code)]
        pub struct Packet {
            pub len: u64,
        }
    }
}

/// Two types of one short name in a snapshot diff: the diff names the one that changed by a
/// name that tells them apart, in its text and JSON.
#[test]
fn snapshot_diff_tells_same_short_names_apart() {
    let old = memlayout::snapshot::to_json([v1::net::Packet::LAYOUT, v1::disk::Packet::LAYOUT]);
    // The new file: `net::Packet` widened, `disk::Packet` as it was (spelled with v1's path,
    // so rename the module in the text the way a real branch would have it).
    let new = memlayout::snapshot::to_json([v2::net::Packet::LAYOUT, v1::disk::Packet::LAYOUT])
        .replace(
            "test_hunt_outputs::v2::net::Packet",
            "test_hunt_outputs::v1::net::Packet",
        );
    let diff = memlayout::snapshot::diff(&old, &new).unwrap();
    let text = diff.to_string();
    println!("{text}");
    assert!(text.contains("net::Packet"), "{text}");
    assert!(!text.contains("disk"), "{text}");
}
