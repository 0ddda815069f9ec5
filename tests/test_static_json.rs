//! The JSON form (`memlayout.type/1`) carries the same figures as the compiler and the analysis.
#![allow(dead_code)]

use std::mem::{align_of, offset_of, size_of};

use memlayout::Layout;
use serde_json::Value;

#[derive(Layout)]
#[repr(C)]
struct Packet {
    tag: u8,
    len: u32,
    flags: u8,
}

#[derive(Layout)]
struct Record {
    id: u64,
    name: String,
    active: bool,
    score: u16,
}

#[derive(Layout)]
#[allow(clippy::large_enum_variant)]
enum Message {
    Ping,
    Text(String),
    Blob(#[layout(opaque)] [u8; 512]),
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}): {text}"))
}

fn as_usize(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not an integer: {v}")) as usize
}

#[test]
fn struct_document_matches_the_compiler() {
    let json = parse(&Record::LAYOUT.to_json());
    assert_eq!(json["schema"], "memlayout.type/1");
    assert_eq!(json["name"], "Record");
    assert_eq!(json["kind"], "struct");
    assert_eq!(as_usize(&json["size"]), size_of::<Record>());
    assert_eq!(as_usize(&json["align"]), align_of::<Record>());
    assert_eq!(json["storage"], "owns_heap");
    let offsets = [
        ("id", offset_of!(Record, id), size_of::<u64>()),
        ("name", offset_of!(Record, name), size_of::<String>()),
        ("active", offset_of!(Record, active), size_of::<bool>()),
        ("score", offset_of!(Record, score), size_of::<u16>()),
    ];
    let fields = json["fields"].as_array().unwrap();
    assert_eq!(fields.len(), offsets.len());
    for (index, (field, (name, offset, size))) in fields.iter().zip(offsets).enumerate() {
        assert_eq!(as_usize(&field["index"]), index);
        assert_eq!(field["name"], name);
        assert_eq!(as_usize(&field["offset"]), offset);
        assert_eq!(as_usize(&field["size"]), size);
    }
    assert_eq!(fields[1]["type"], std::any::type_name::<String>());
    assert_eq!(fields[1]["declared_type"], "String");
    // memory_order sorts the declaration indices by offset.
    let order: Vec<usize> = json["memory_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(as_usize)
        .collect();
    let mut expected: Vec<usize> = (0..offsets.len()).collect();
    expected.sort_by_key(|&i| offsets[i].1);
    assert_eq!(order, expected);
    let covered: usize = offsets.iter().map(|f| f.2).sum();
    assert_eq!(
        as_usize(&json["padding"]["own_bytes"]),
        size_of::<Record>() - covered
    );
    let gap_bytes: usize = json["padding"]["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| as_usize(&g["size"]))
        .sum();
    assert_eq!(gap_bytes, size_of::<Record>() - covered);
    assert!(json["enum"].is_null());
    assert!(json["counterfactual"]["reorder"].is_null());
}

#[test]
fn repr_c_document_has_the_suggestion() {
    #[repr(C)]
    struct Sorted {
        len: u32,
        tag: u8,
        flags: u8,
    }
    let json = parse(&Packet::LAYOUT.to_json());
    let gaps = json["padding"]["gaps"].as_array().unwrap();
    let first_gap = offset_of!(Packet, tag) + size_of::<u8>();
    assert_eq!(as_usize(&gaps[0]["offset"]), first_gap);
    assert_eq!(
        as_usize(&gaps[0]["size"]),
        offset_of!(Packet, len) - first_gap
    );
    assert_eq!(gaps[0]["after"], "tag");
    assert_eq!(gaps[0]["before"], "len");
    assert!(gaps.last().unwrap()["before"].is_null());
    let counterfactual = &json["counterfactual"];
    assert_eq!(
        as_usize(&counterfactual["repr_c_size"]),
        size_of::<Packet>()
    );
    assert_eq!(
        as_usize(&counterfactual["smallest_size"]),
        size_of::<Sorted>()
    );
    let reorder = &counterfactual["reorder"];
    assert_eq!(reorder["order"], serde_json::json!(["len", "tag", "flags"]));
    assert_eq!(as_usize(&reorder["size"]), size_of::<Sorted>());
    assert_eq!(
        as_usize(&reorder["bytes_saved"]),
        size_of::<Packet>() - size_of::<Sorted>()
    );
    assert_eq!(json["repr"]["c"], true);
    assert!(json["repr"]["packed"].is_null());
    assert_eq!(as_usize(&json["cache_line"]["bytes"]), 64);
}

#[test]
fn enum_document() {
    let json = parse(&Message::LAYOUT.to_json());
    assert_eq!(json["kind"], "enum");
    assert_eq!(as_usize(&json["size"]), size_of::<Message>());
    let e = &json["enum"];
    let variants = e["variants"].as_array().unwrap();
    let names: Vec<_> = variants
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ping", "Text", "Blob"]);
    assert_eq!(
        as_usize(&variants[2]["payload_size"]),
        size_of::<[u8; 512]>()
    );
    assert_eq!(
        as_usize(&variants[1]["fields"][0]["size"]),
        size_of::<String>()
    );
    assert_eq!(e["large_variant"]["variant"], "Blob");
    assert_eq!(e["large_variant"]["second"], "Text");
    assert_eq!(
        as_usize(&e["large_variant"]["difference"]),
        size_of::<[u8; 512]>() - size_of::<String>()
    );
    assert!(["tag", "niche", "undetermined"].contains(&e["discriminant"]["kind"].as_str().unwrap()));

    let json = parse(&<Option<Box<u8>>>::LAYOUT.to_json());
    assert_eq!(json["enum"]["discriminant"]["kind"], "niche");
    assert!(json["enum"]["discriminant"]["tag_bytes"].is_null());
    assert!(json["enum"]["large_variant"].is_null());
}

#[test]
fn library_type_document() {
    let json = parse(&<Vec<u16>>::LAYOUT.to_json());
    assert_eq!(json["kind"], "collection");
    assert_eq!(json["element"], std::any::type_name::<u16>());
    assert_eq!(json["fields"], serde_json::json!([]));
    assert!(json["counterfactual"]["repr_c_size"].is_null());
    assert!(json["len"].is_null());
}

#[test]
fn pretty_and_compact_forms_hold_the_same_document() {
    let compact = parse(&Packet::LAYOUT.to_json());
    let pretty = parse(&Packet::LAYOUT.to_json_pretty());
    assert_eq!(compact, pretty);
    assert!(!Packet::LAYOUT.to_json().contains('\n'));
    // Keys come in the documented order, so layouts diff line by line.
    let text = Packet::LAYOUT.to_json();
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    let keys = [
        "schema",
        "name",
        "type_name",
        "kind",
        "size",
        "align",
        "is_sized",
        "repr",
        "storage",
        "needs_drop",
        "fields",
        "memory_order",
        "padding",
        "counterfactual",
        "cache_line",
        "enum",
        "element",
        "len",
    ];
    assert!(keys.windows(2).all(|w| at(w[0]) < at(w[1])), "{text}");
}

#[derive(Layout)]
#[repr(C, packed(2))]
struct PackedPair {
    tag: u8,
    name: String,
}

#[test]
fn packed_fields_show_the_alignment_they_get() {
    let json = parse(&PackedPair::LAYOUT.to_json());
    let name = &json["fields"][1];
    assert_eq!(name["name"], "name");
    assert_eq!(as_usize(&name["align"]), align_of::<String>().min(2));
    assert_eq!(as_usize(&name["offset"]), offset_of!(PackedPair, name));
    // The field's own figure stays `align_of`.
    assert_eq!(PackedPair::LAYOUT.fields[1].align, align_of::<String>());
    let text = PackedPair::LAYOUT.to_string();
    let row = text.lines().find(|l| l.contains(" name ")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[2], align_of::<String>().min(2).to_string(), "{text}");
}
