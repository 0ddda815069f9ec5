//! Every assertion failure has one message format: `Report::assert_*` print what
//! `assert_budget!` prints (the figure, the budget, the largest contributors by path), with the
//! value named by its type instead of its expression. Each message is pinned whole, its figures
//! taken from a counting allocator and from `size_of`/`capacity`.

use std::mem::size_of;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use memlayout::{assert_budget, LayoutReport};

#[path = "common/alloc.rs"]
mod alloc;

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion should fail");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|s| s.to_string())
            .expect("a text panic"),
    }
}

/// A `Vec<String>` with spare capacity in the vector and in its first string, and the heap bytes
/// and allocations the allocator counted for it.
fn words() -> (Vec<String>, usize, usize) {
    let (words, usage) = alloc::measure(|| {
        let mut words = Vec::with_capacity(4);
        let mut spacious = String::with_capacity(200);
        spacious.push('x');
        words.push(spacious);
        words.push(String::from("hello"));
        words
    });
    (words, usage.bytes, usage.allocations)
}

/// The message with the value named `name`.
fn over_budget(name: &str, line: &str, contributors: &[(&str, String)]) -> String {
    let parts: Vec<String> = contributors
        .iter()
        .map(|(path, amount)| format!("{name}{path} {amount}"))
        .collect();
    format!(
        "`{name}` is over budget:\n  {line}\n    largest contributors: {}",
        parts.join(", ")
    )
}

#[test]
fn heap_messages_are_the_budget_format() {
    let (words, heap, _) = words();
    let string = size_of::<String>();
    assert_eq!(heap, 4 * string + words[0].capacity() + words[1].capacity());
    let line = format!("heap = {heap} bytes, budget heap <= {}", heap - 1);
    let contributors = [
        ("[0]", format!("{} bytes", words[0].capacity())),
        (" (itself)", format!("{} bytes", 4 * string)),
        ("[1]", format!("{} bytes", words[1].capacity())),
    ];
    let report = words.layout_report();
    report.assert_heap_at_most(heap);
    assert_eq!(
        panic_message(|| report.assert_heap_at_most(heap - 1)),
        over_budget("Vec<String>", &line, &contributors)
    );
    assert_eq!(
        panic_message(|| assert_budget!(words, heap <= heap - 1)),
        over_budget("words", &line, &contributors)
    );
}

#[test]
fn unused_messages_are_the_budget_format() {
    let (words, _, _) = words();
    let spare_string = words[0].capacity() - words[0].len();
    let spare_vec = (words.capacity() - words.len()) * size_of::<String>();
    let unused = spare_string + spare_vec + words[1].capacity() - words[1].len();
    let line = format!("unused = {unused} bytes, budget unused <= 0");
    let contributors = [
        ("[0]", format!("{spare_string} bytes")),
        (" (itself)", format!("{spare_vec} bytes")),
    ];
    let report = words.layout_report();
    report.assert_unused_at_most(unused);
    assert_eq!(
        panic_message(|| report.assert_unused_at_most(0)),
        over_budget("Vec<String>", &line, &contributors)
    );
    assert_eq!(
        panic_message(|| assert_budget!(words, unused <= 0)),
        over_budget("words", &line, &contributors)
    );
}

#[test]
fn allocation_messages_are_the_budget_format() {
    let (words, _, allocations) = words();
    assert_eq!(allocations, 3);
    let line = "allocations = 3 allocations, budget allocations <= 2";
    let one = || String::from("1 allocation");
    let contributors = [(" (itself)", one()), ("[0]", one()), ("[1]", one())];
    let report = words.layout_report();
    report.assert_allocations_at_most(allocations);
    assert_eq!(
        panic_message(|| report.assert_allocations_at_most(2)),
        over_budget("Vec<String>", line, &contributors)
    );
    assert_eq!(
        panic_message(|| assert_budget!(words, allocations <= 2)),
        over_budget("words", line, &contributors)
    );
}

#[test]
fn indirection_messages_are_the_budget_format() {
    // The vector's buffer is one hop away, each string's bytes two.
    let (words, _, _) = words();
    let line = "indirection = 2 pointer hops, budget indirection <= 1";
    let two = || String::from("2 pointer hops");
    let contributors = [
        ("[0]", two()),
        ("[1]", two()),
        (" (itself)", "1 pointer hop".into()),
    ];
    let report = words.layout_report();
    report.assert_indirection_at_most(2);
    assert_eq!(
        panic_message(|| report.assert_indirection_at_most(1)),
        over_budget("Vec<String>", line, &contributors)
    );
    assert_eq!(
        panic_message(|| assert_budget!(words, indirection <= 1)),
        over_budget("words", line, &contributors)
    );
}

#[test]
fn padding_messages_are_the_budget_format() {
    let pairs = vec![(1u8, 2u32); 4];
    let padding = pairs.len() * (size_of::<(u8, u32)>() - size_of::<u8>() - size_of::<u32>());
    assert!(padding > 0);
    let line = format!("padding = {padding} bytes, budget padding <= 0");
    let contributors = [(" (itself)", format!("{padding} bytes"))];
    vec![1u64, 2].layout_report().assert_no_padding();
    assert_eq!(
        panic_message(|| pairs.layout_report().assert_no_padding()),
        over_budget("Vec<(u8, u32)>", &line, &contributors)
    );
    assert_eq!(
        panic_message(|| assert_budget!(pairs, padding <= 0)),
        over_budget("pairs", &line, &contributors)
    );
}

#[test]
fn unverifiable_messages_are_the_budget_format() {
    let mutex = Mutex::new(vec![7u8; 4096]);
    let guard = mutex.lock().unwrap();
    let tail = "heap = 0 bytes (cannot verify: 1 part unreadable), budget heap <= 16\n  \
                (1 unreadable part(s), locked or borrowed, are not counted)";
    assert_eq!(
        panic_message(|| mutex.layout_report().assert_heap_at_most(16)),
        format!("`Mutex<Vec<u8>>` is over budget:\n  {tail}")
    );
    assert_eq!(
        panic_message(|| assert_budget!(mutex, heap <= 16)),
        format!("`mutex` is over budget:\n  {tail}")
    );
    drop(guard);
    mutex.layout_report().assert_heap_at_most(4096);
}
