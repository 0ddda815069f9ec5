//! Map keys in report paths (issue 16): a report keeps a short key in the node itself, written
//! through `Layout::write_key_to` where the type offers it, and a long one (or one only
//! `write_key` writes) boxed. Either way the path is `[` + what `Layout::write_key` writes + `]`.

use std::collections::{BTreeMap, HashMap};
use std::ffi::CString;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use memlayout::{Layout, LayoutReport};

/// What `write_key` writes for `value`, if anything.
fn key<T: Layout + ?Sized>(value: &T) -> Option<String> {
    let mut out = String::new();
    value.write_key(&mut out).then_some(out)
}

/// What `write_key_to` writes for `value` into a `String`: `None` when the type leaves it to
/// `write_key`, `Some(None)` when it has no key form.
fn key_to<T: Layout + ?Sized>(value: &T) -> Option<Option<String>> {
    let mut out = String::new();
    value
        .write_key_to(&mut out)
        .map(|written| written.then_some(out))
}

#[test]
fn write_key_to_writes_what_write_key_writes() {
    fn same<T: Layout + ?Sized>(value: &T) {
        assert_eq!(key_to(value), Some(key(value)), "{}", T::LAYOUT.name);
    }
    let long = "a key of more than thirty bytes, with \"quotes\" and é";
    same(&String::from("math"));
    same(&String::from(long));
    same("tab\there");
    same(&42u32);
    same(&-3i8);
    same(&u128::MAX);
    same(&i64::MIN);
    same(&'c');
    same(&true);
    same(&Box::<str>::from("boxed"));
    same(&Rc::<str>::from("rc"));
    same(&Arc::new(String::from("arc")));
    same(&&"borrowed");
    same(&CString::new("c").unwrap());
    same(&PathBuf::from("/tmp"));
    // Left to `write_key`: tuples, and types without a key.
    assert_eq!(key_to(&("a", 1u8)), None);
    assert_eq!(key_to(&vec![1u8]), None);
}

/// Checks that every entry of `map`'s report is at `[key]`, its key as `write_key` writes it,
/// for keys short and long, written in place and through the walk's buffer.
fn check_paths<K: Layout, V: Layout>(map: &impl Layout, entries: &[(K, V)]) {
    let report = map.layout_report();
    for (k, _) in entries {
        let text = key(k).expect("a key form");
        let path = format!("[{text}]");
        let node = report
            .find(&path)
            .unwrap_or_else(|| panic!("no node at {path}"));
        assert_eq!(node.path(), path);
    }
}

#[test]
fn entries_are_found_by_their_keys_short_and_long() {
    let strings: Vec<(String, u32)> = [
        "",
        "a",
        // Keys of 30 bytes (the most kept in the node, quotes included) and of 31.
        "twenty-eight bytes, in place",
        "twenty-nine bytes, then boxed",
        "ééééééééééééöé",
        "ééééééééééééééé",
        "an é across the boundary .é",
        "with \"quotes\", a\nnewline and a tab\t",
    ]
    .iter()
    .zip(0..)
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let lengths: Vec<usize> = strings[2..7]
        .iter()
        .map(|(k, _)| key(k).unwrap().len())
        .collect();
    assert_eq!(lengths, [30, 31, 30, 32, 31]);
    let hashed: HashMap<String, u32> = strings.iter().cloned().collect();
    check_paths(&hashed, &strings[..]);
    let ordered: BTreeMap<String, u32> = strings.iter().cloned().collect();
    check_paths(&ordered, &strings[..]);
    // Entries of a key and a value that own nothing get no nodes: the values own heap here.
    let numbers: Vec<(i128, String)> = [i128::MIN, 0, i128::MAX]
        .iter()
        .map(|&k| (k, k.to_string()))
        .collect();
    let by_number: BTreeMap<i128, String> = numbers.iter().cloned().collect();
    check_paths(&by_number, &numbers[..]);
    let tuples: Vec<((u8, String), u8)> =
        vec![((1, String::from("x")), 1), ((2, "y".repeat(40)), 2)];
    let by_tuple: BTreeMap<(u8, String), u8> = tuples.iter().cloned().collect();
    check_paths(&by_tuple, &tuples[..]);
    let shared: Vec<(Rc<str>, u8)> = vec![(Rc::from("short"), 1), (Rc::from("z".repeat(64)), 2)];
    let by_shared: BTreeMap<Rc<str>, u8> = shared.iter().cloned().collect();
    check_paths(&by_shared, &shared[..]);
}
