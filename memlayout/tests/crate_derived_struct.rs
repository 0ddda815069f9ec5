#![cfg(all(
    feature = "arcstr",
    feature = "bytes",
    feature = "chrono",
    feature = "compact_str",
    feature = "parking_lot",
    feature = "serde_json",
    feature = "smol_str",
    feature = "time",
    feature = "url",
    feature = "uuid"
))]
//! A derived struct holding one of each type of these crates needs no attribute; its figures
//! hold what the counting allocator handed out: exact without the types reported as bounds,
//! bounds holding the truth with them.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use memlayout::Layout;

#[derive(Layout)]
struct Exact {
    id: uuid::Uuid,
    born: chrono::NaiveDate,
    seen: chrono::DateTime<chrono::Utc>,
    took: chrono::TimeDelta,
    at: time::OffsetDateTime,
    name: compact_str::CompactString,
    tag: smol_str::SmolStr,
    shared: arcstr::ArcStr,
    part: arcstr::Substr,
    scores: parking_lot::Mutex<Vec<u32>>,
    notes: parking_lot::RwLock<Vec<String>>,
    flags: serde_json::Value,
}

#[derive(Layout)]
struct WithBounds {
    exact: Exact,
    home: url::Url,
    body: bytes::Bytes,
    buffer: bytes::BytesMut,
    extra: serde_json::Map<String, serde_json::Value>,
}

fn exact() -> Exact {
    let shared = arcstr::ArcStr::from("a string shared by a field and a substring of it");
    Exact {
        id: uuid::Uuid::from_bytes([1; 16]),
        born: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("valid"),
        seen: chrono::DateTime::<chrono::Utc>::default(),
        took: chrono::TimeDelta::seconds(90),
        at: time::OffsetDateTime::UNIX_EPOCH,
        name: compact_str::CompactString::new("a name longer than twenty-four bytes"),
        tag: smol_str::SmolStr::new("a tag longer than twenty-three bytes"),
        part: shared.substr(2..8),
        shared,
        scores: parking_lot::Mutex::new(vec![1, 2, 3]),
        notes: parking_lot::RwLock::new(vec!["note".repeat(5)]),
        flags: serde_json::json!(["a", "b", [1, 2]]),
    }
}

#[test]
fn a_struct_of_these_types_is_exact() {
    let (value, totals) = support::exact("derived", exact);
    // Every allocation freed once, the shared one by its last handle.
    assert_eq!(support::frees_as_predicted(value).len(), totals.allocations);
}

#[test]
fn with_bounded_types_the_bounds_hold_the_truth() {
    support::bounded("derived with bounds", || WithBounds {
        exact: exact(),
        home: url::Url::parse("https://example.com/a/b").expect("valid"),
        body: bytes::Bytes::from(vec![7u8; 64]),
        buffer: bytes::BytesMut::with_capacity(128),
        extra: (0..20)
            .map(|i| (i.to_string(), serde_json::Value::from(i)))
            .collect(),
    });
}
