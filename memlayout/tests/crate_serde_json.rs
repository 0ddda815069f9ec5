#![cfg(feature = "serde_json")]
//! serde_json's `Value`, `Map` and `Number` against the counting allocator: strings and arrays
//! exact, objects (B-tree nodes by default, an `IndexMap` with `preserve_order`) bounds that
//! hold the truth, except B-trees of up to ten entries (one leaf), exact.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use std::collections::BTreeMap;

use memlayout::{Layout, LayoutReport};
use serde_json::{json, Map, Number, Value};

/// Whether this build's `Map` is an `IndexMap` (serde_json's `preserve_order`).
fn is_index_map() -> bool {
    core::mem::size_of::<Map<String, Value>>() != core::mem::size_of::<BTreeMap<String, Value>>()
}

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<Value>();
    support::static_layout_matches::<Map<String, Value>>();
    support::static_layout_matches::<Number>();
    assert_eq!(
        <Number as Layout>::IS_LEAF,
        !core::mem::needs_drop::<Number>()
    );
}

#[test]
fn scalars_strings_and_arrays_are_exact() {
    let builds: [support::Build<Value>; 5] = [
        ("null", || Value::Null),
        ("bool", || Value::Bool(true)),
        ("string", || {
            Value::String(String::with_capacity(40) + "text")
        }),
        ("empty array", || Value::Array(Vec::new())),
        ("grown then truncated array", || {
            let mut items: Vec<Value> = (0..50).map(|i| Value::String(i.to_string())).collect();
            items.truncate(7);
            Value::Array(items)
        }),
    ];
    for (what, build) in builds {
        let (value, _) = support::exact(what, build);
        support::frees_as_predicted(value);
    }
}

#[test]
fn numbers_are_exact_unless_arbitrary_precision() {
    let builds: [support::Build<Value>; 4] = [
        ("unsigned", || Value::from(u64::MAX)),
        ("negative", || Value::from(-5_i64)),
        ("float", || Value::from(2.5)),
        ("array", || {
            Value::Array(vec![json!(1), json!("two"), json!([3.0, null])])
        }),
    ];
    for (what, build) in builds {
        if core::mem::needs_drop::<Number>() {
            // Each number holds a `String` whose capacity serde_json does not expose.
            support::bounded(what, build);
        } else {
            let (value, _) = support::exact(what, build);
            support::frees_as_predicted(value);
        }
    }
    let (number, totals) = if core::mem::needs_drop::<Number>() {
        support::bounded("number", || Number::from(12_345_u32))
    } else {
        support::exact("number", || Number::from(12_345_u32))
    };
    let mut key = String::new();
    assert!(number.write_key(&mut key));
    assert_eq!(totals.heap_bytes == 0, !core::mem::needs_drop::<Number>());
}

#[test]
fn objects_are_bounds_holding_the_truth() {
    let builds: [support::Build<Value>; 6] = [
        ("empty object", || Value::Object(Map::new())),
        (
            "small object",
            || json!({ "id": 7, "name": "seven", "tags": ["a", "b"] }),
        ),
        ("large object", || {
            Value::Object(
                (0..300)
                    .map(|i| (format!("key{i}"), Value::from(i)))
                    .collect(),
            )
        }),
        ("object after removals", || {
            let mut map: Map<String, Value> = (0..120)
                .map(|i| (format!("k{i:03}"), json!([i, i + 1])))
                .collect();
            for i in (0..120).step_by(3) {
                map.remove(&format!("k{i:03}"));
            }
            Value::Object(map)
        }),
        (
            "nested objects",
            || json!({ "outer": { "inner": { "deep": [ { "x": 1 }, { "y": "two" } ] } } }),
        ),
        ("parsed", || {
            serde_json::from_str(r#"{"users":[{"name":"ada","age":36},{"name":"alan"}],"n":1}"#)
                .expect("valid json")
        }),
    ];
    for (what, build) in builds {
        // A B-tree of up to ten entries is one leaf: the invariants leave one shape, exact.
        let small = matches!(what, "small object" | "nested objects" | "parsed");
        if small && !is_index_map() {
            drop(support::exact(what, build));
            continue;
        }
        let (value, totals) = support::bounded(what, build);
        let high = totals.heap_bytes_high;
        assert_eq!(
            high == usize::MAX,
            is_index_map(),
            "{what}: an upper end only for a B-tree"
        );
        drop(value);
    }
    let (map, _) = support::bounded("a bare map", || {
        (0..40)
            .map(|i| (i.to_string(), Value::Null))
            .collect::<Map<String, Value>>()
    });
    assert_eq!(memlayout::totals(&map).heap_bytes_low > 0, !map.is_empty());
}

#[test]
fn object_entries_are_found_by_key() {
    let value = json!({ "names": ["ada", "alan"], "count": 2 });
    let report = value.layout_report();
    let names = report
        .find(r#".Object.0["names"]"#)
        .expect("the entry by its key");
    let (key, names_value) = value
        .as_object()
        .and_then(|map| map.get_key_value("names"))
        .expect("the entry");
    let array = names_value.as_array().expect("an array");
    let strings: usize = array
        .iter()
        .map(|item| match item {
            Value::String(text) => text.capacity(),
            _ => 0,
        })
        .sum();
    let buffer = array.capacity() * core::mem::size_of::<Value>();
    // The entry's subtree: its key, the array's buffer and the strings in it.
    assert_eq!(names.heap_bytes(), key.capacity() + buffer + strings);
    // The key's under `.key`, the value's under `.value`.
    let key_node = report.find(r#".Object.0["names"].key"#).expect("the key");
    assert_eq!(key_node.heap_bytes(), key.capacity());
    let value_node = report
        .find(r#".Object.0["names"].value"#)
        .expect("the value");
    assert_eq!(value_node.heap_bytes(), buffer + strings);
}
