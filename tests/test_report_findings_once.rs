//! One finding per cause, at the place it can be fixed, with its total: a large enum variant
//! is reported once however many places store the enum, and a collection's empty allocations
//! are one finding whether its elements are shown or summarised.

use std::collections::HashMap;
use std::mem::size_of;

use memlayout::report::{Finding, FindingKind};
use memlayout::{Layout, LayoutReport};

/// Large on purpose: the finding under test is clippy's `large_enum_variant`.
#[derive(Layout)]
#[allow(dead_code, clippy::large_enum_variant)]
enum Message {
    /// Owns heap, so a report shows `Message` elements as nodes of their own.
    Ping(String),
    Blob([u8; 1024]),
}

#[path = "common/variant_gap.rs"]
mod variant_gap;

/// The room each `Message` reserves beyond its small variant, from the compiler's sizes.
fn excess() -> usize {
    size_of::<[u8; 1024]>() - size_of::<String>()
}

/// `Message` with its large payload boxed.
#[allow(dead_code)]
enum Boxed {
    Ping(String),
    Blob(Box<[u8; 1024]>),
}

/// Checks a large-variant finding on `count` values of `Message`.
fn check(finding: &Finding, count: usize) {
    let (before, after) = (size_of::<Message>(), size_of::<Boxed>());
    variant_gap::check_large_variant(
        finding,
        count,
        excess(),
        before,
        after,
        align_of::<Message>(),
    );
}

fn ping(i: usize) -> Message {
    Message::Ping(i.to_string())
}

#[derive(Layout)]
struct Inbox {
    latest: Message,
    queue: Vec<Message>,
}

/// The findings of `kind` in `value`'s report.
fn findings_of<T: Layout>(value: &T, kind: FindingKind) -> Vec<Finding> {
    let report = value.layout_report();
    report
        .findings()
        .iter()
        .filter(|f| f.kind == kind)
        .cloned()
        .collect()
}

fn large_variant_findings<T: Layout>(value: &T) -> Vec<Finding> {
    findings_of(value, FindingKind::LargeEnumVariant)
}

#[test]
fn a_large_variant_in_a_vec_is_one_finding() {
    for len in [1usize, 3, 20] {
        let queue: Vec<Message> = (0..len).map(ping).collect();
        let found = large_variant_findings(&queue);
        assert_eq!(found.len(), 1, "{len} elements: {found:#?}");
        check(&found[0], len);
        // The JSON carries the same figure and sentence.
        let json: serde_json::Value =
            serde_json::from_str(&queue.layout_report().to_json()).unwrap();
        let in_json = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "large_enum_variant")
            .unwrap();
        assert_eq!(in_json["bytes"], found[0].bytes);
        assert_eq!(in_json["message"], found[0].message.as_str());
        assert!(found[0].message.contains("Blob"), "{found:#?}");
    }
}

#[test]
fn a_large_variant_stored_inline_and_in_a_vec_is_one_finding_with_the_total() {
    let inbox = Inbox {
        latest: ping(0),
        queue: (0..12).map(ping).collect(),
    };
    let found = large_variant_findings(&inbox);
    assert_eq!(found.len(), 1, "{found:#?}");
    check(&found[0], 1 + 12);
}

#[test]
fn a_lone_large_variant_is_still_reported() {
    let found = large_variant_findings(&ping(1));
    assert_eq!(found.len(), 1, "{found:#?}");
    check(&found[0], 1);
}

#[test]
fn empty_allocations_of_one_collection_are_one_finding() {
    for len in [3usize, 9, 40] {
        let map: HashMap<u32, Vec<u8>> = (0..len as u32)
            .map(|k| (k, Vec::with_capacity(100)))
            .collect();
        let empty = findings_of(&map, FindingKind::EmptyAllocation);
        assert_eq!(empty.len(), 1, "{len} entries: {empty:#?}");
        let held: usize = map.values().map(|v| v.capacity()).sum();
        assert_eq!(empty[0].bytes, held, "{empty:#?}");

        let buffers: Vec<String> = (0..len).map(|_| String::with_capacity(64)).collect();
        let empty = findings_of(&buffers, FindingKind::EmptyAllocation);
        assert_eq!(empty.len(), 1, "{len} elements: {empty:#?}");
        let held: usize = buffers.iter().map(|s| s.capacity()).sum();
        assert_eq!(empty[0].bytes, held, "{empty:#?}");
    }
}
