//! Budgets at test time (`assert_budget!`, `budget::check`, and `Report::assert_*`, which fail
//! with the same message) against a counting allocator, and budgets at compile time that must
//! compile (the failing ones are UI tests).

use std::mem::{align_of, size_of};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use memlayout::budget::{check, Figure};
use memlayout::visit::Exactness;
use memlayout::{assert_budget, HeapBlock, Kind, Layout, LayoutReport, TypeLayout, Visitor};

#[path = "common/alloc.rs"]
mod alloc;

/// Builds a value and returns it with the heap bytes and allocations it holds, as counted by the
/// allocator (`build` must free every temporary it makes).
fn counted<T>(build: impl FnOnce() -> T) -> (T, usize, usize) {
    let (value, usage) = alloc::measure(build);
    (value, usage.bytes, usage.allocations)
}

/// The panic message of `f`, which must panic.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("expected a budget panic");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|s| s.to_string())
            .expect("a text panic"),
    }
}

/// `#[repr(C)] { u8, u32 }` with a hand-written `Layout` whose padding is worked out from
/// `size_of`: the derive is not needed to test budgets on padding.
#[repr(C)]
#[derive(Clone, Copy)]
struct Gappy {
    tag: u8,
    value: u32,
}

const GAPPY_PADDING: usize = size_of::<Gappy>() - size_of::<u8>() - size_of::<u32>();

impl Layout for Gappy {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Gappy>("Gappy", Kind::Struct).with_padding(GAPPY_PADDING);
    const IS_LEAF: bool = true;
}

/// Two named parts, walked as fields, to see paths of fields.
struct Pair {
    small: Vec<u8>,
    large: Vec<u8>,
}

impl Layout for Pair {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Pair>("Pair", Kind::Struct);

    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "small", &self.small);
        v.field(1, "large", &self.large);
    }
}

/// A value whose heap figure is an estimate.
struct Guess;

impl Layout for Guess {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Guess>("Guess", Kind::Other);

    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.heap(HeapBlock {
            exactness: Exactness::Estimate {
                low: 100,
                high: 300,
            },
            ..HeapBlock::exact(200, 8, 200)
        });
    }
}

#[test]
fn heap_budget_names_the_counted_bytes() {
    let (names, heap, _) = counted(|| vec!["a".repeat(100), "b".repeat(30), String::new()]);
    assert!(heap > 130);
    assert_eq!(
        check("names", &names, &[(Figure::Heap, heap)])
            .unwrap()
            .heap_bytes,
        heap
    );
    let message = panic_message(|| memlayout::assert_budget!(names, heap <= heap - 1));
    assert!(message.starts_with("`names` is over budget:"), "{message}");
    let expected = format!("heap = {heap} bytes, budget heap <= {}", heap - 1);
    assert!(message.contains(&expected), "{message}");
}

#[test]
fn allocation_budget_names_the_counted_allocations() {
    let (nested, _, allocations) = counted(|| vec![vec![1u32; 3], vec![], vec![7; 40]]);
    memlayout::assert_budget!(nested, allocations <= allocations);
    let message = panic_message(|| memlayout::assert_budget!(nested, allocations <= 1));
    let expected = format!("allocations = {allocations} allocations, budget allocations <= 1");
    assert!(message.contains(&expected), "{message}");
}

#[test]
fn unused_budget_names_the_spare_capacity() {
    let mut big = Vec::<u64>::with_capacity(1000);
    big.extend([1, 2, 3]);
    let unused = (big.capacity() - big.len()) * size_of::<u64>();
    let message = panic_message(|| memlayout::assert_budget!(big, unused <= 0));
    assert!(
        message.contains(&format!("unused = {unused} bytes, budget unused <= 0")),
        "{message}"
    );
    big.shrink_to_fit();
    memlayout::assert_budget!(big, unused <= 0);
}

#[test]
fn indirection_budget_counts_pointer_hops() {
    // A chain of boxes: each box is one allocation and one more hop.
    let (chain, _, allocations) = counted(|| Box::new(Box::new(Box::new(Some(Box::new(5u8))))));
    memlayout::assert_budget!(chain, indirection <= allocations);
    let message = panic_message(|| memlayout::assert_budget!(chain, indirection <= 1));
    let expected = format!("indirection = {allocations} pointer hops, budget indirection <= 1");
    assert!(message.contains(&expected), "{message}");
    // The deepest part first: the box inside the `Some`, behind three boxes.
    let deepest = format!("largest contributors: chain.*.*.*.Some.0 {allocations} pointer hops");
    assert!(message.contains(&deepest), "{message}");
}

#[test]
fn padding_budget_counts_padding_in_heap_buffers() {
    let items = vec![Gappy { tag: 1, value: 2 }; 5];
    let padding = items.len() * GAPPY_PADDING;
    assert!(padding > 0);
    memlayout::assert_budget!(items, padding <= padding);
    let message = panic_message(|| memlayout::assert_budget!(items, padding <= 0));
    let expected = format!("padding = {padding} bytes, budget padding <= 0");
    assert!(message.contains(&expected), "{message}");
    assert!(
        message.contains(&format!("items (itself) {padding} bytes")),
        "{message}"
    );
}

#[test]
fn inline_budget_is_size_of_val() {
    let pair = Pair {
        small: Vec::new(),
        large: Vec::new(),
    };
    let inline = size_of::<Pair>();
    memlayout::assert_budget!(pair, inline <= inline);
    let message = panic_message(|| memlayout::assert_budget!(pair, inline <= 1));
    assert!(
        message.contains(&format!("inline = {inline} bytes, budget inline <= 1")),
        "{message}"
    );
}

#[test]
fn contributors_are_the_largest_parts_by_path() {
    let (strings, heap, _) = counted(|| {
        let mut v = Vec::with_capacity(4);
        v.extend([
            String::with_capacity(10),
            String::with_capacity(5000),
            String::with_capacity(200),
        ]);
        v
    });
    let own = strings.capacity() * size_of::<String>();
    let mut parts: Vec<(String, usize)> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("strings[{i}]"), s.capacity()))
        .collect();
    parts.push(("strings (itself)".to_string(), own));
    parts.sort_by_key(|part| std::cmp::Reverse(part.1));
    assert_eq!(parts.iter().map(|p| p.1).sum::<usize>(), heap);

    let error = check("strings", &strings, &[(Figure::Heap, 64)]).unwrap_err();
    let listed: Vec<(String, usize)> = error.overruns[0]
        .contributors
        .iter()
        .map(|c| (c.path.clone(), c.amount))
        .collect();
    assert_eq!(listed, parts[..memlayout::budget::CONTRIBUTORS]);

    let message = panic_message(|| memlayout::assert_budget!(strings, heap <= 64));
    let shown: Vec<String> = parts[..3]
        .iter()
        .map(|(path, n)| format!("{path} {n} bytes"))
        .collect();
    assert!(
        message.contains(&format!("largest contributors: {}", shown.join(", "))),
        "{message}"
    );
}

#[test]
fn contributors_of_fields_are_paths_of_fields() {
    let (pair, _, _) = counted(|| Pair {
        small: vec![0; 3],
        large: vec![0; 300],
    });
    let error = check(
        "pair",
        &pair,
        &[(Figure::Heap, 0), (Figure::Allocations, 1)],
    )
    .unwrap_err();
    assert_eq!(error.overruns.len(), 2);
    let heap = &error.overruns[0].contributors;
    assert_eq!(
        (heap[0].path.as_str(), heap[0].amount),
        ("pair.large", pair.large.capacity())
    );
    assert_eq!(
        (heap[1].path.as_str(), heap[1].amount),
        ("pair.small", pair.small.capacity())
    );
    assert_eq!(heap.len(), 2);
}

#[test]
fn contributors_are_found_at_any_depth() {
    let (grid, heap, _) = counted(|| vec![vec![String::new(); 2], vec!["z".repeat(3000)]]);
    let error = check("grid", &grid, &[(Figure::Heap, heap / 2)]).unwrap_err();
    let top = &error.overruns[0].contributors[0];
    assert_eq!(
        (top.path.as_str(), top.amount),
        ("grid[1][0]", grid[1][0].capacity())
    );
    let total: usize = [grid.capacity() * size_of::<Vec<String>>()]
        .into_iter()
        .chain(grid.iter().map(|row| row.capacity() * size_of::<String>()))
        .chain(grid.iter().flatten().map(String::capacity))
        .sum();
    assert_eq!(total, heap);
}

/// A derived struct: contributors are its fields, by path, at any depth.
#[derive(memlayout::Layout)]
struct Cache {
    keys: Vec<u32>,
    values: Vec<Option<Box<[u8; 0]>>>,
    names: Vec<String>,
}

#[test]
fn contributors_of_a_derived_struct() {
    let (cache, heap, allocations) = counted(|| Cache {
        keys: Vec::with_capacity(100),
        values: Vec::new(),
        names: vec![String::with_capacity(1000), "x".repeat(10)],
    });
    let error = check("cache", &cache, &[(Figure::Heap, 0), (Figure::Unused, 0)]).unwrap_err();
    let [heap_over, unused_over] = &error.overruns[..] else {
        panic!("two overruns expected: {error}");
    };
    assert_eq!(heap_over.actual, heap);
    let top: Vec<(&str, usize)> = heap_over
        .contributors
        .iter()
        .map(|c| (c.path.as_str(), c.amount))
        .collect();
    let names = cache.names.capacity() * size_of::<String>();
    let keys = cache.keys.capacity() * size_of::<u32>();
    let first = cache.names[0].capacity();
    let mut expected = vec![
        ("cache.names[0]", first),
        ("cache.keys", keys),
        ("cache.names", names),
    ];
    expected.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    assert_eq!(top, expected);
    let unused: Vec<(&str, usize)> = unused_over
        .contributors
        .iter()
        .map(|c| (c.path.as_str(), c.amount))
        .collect();
    let spare = cache.names[0].capacity() - cache.names[0].len();
    assert_eq!(unused, [("cache.names[0]", spare), ("cache.keys", keys)]);
    assert_eq!(memlayout::totals(&cache).allocations, allocations);
    memlayout::assert_budget!(cache, allocations <= allocations, indirection <= 2);
}

#[test]
fn every_broken_budget_is_listed_in_order() {
    let (words, heap, allocations) = counted(|| vec!["x".repeat(64); 2]);
    let message = panic_message(|| {
        memlayout::assert_budget!(words, allocations <= 0, heap <= heap, heap <= 1,)
    });
    let first = message
        .find(&format!("allocations = {allocations} allocations"))
        .expect(&message);
    let second = message
        .find(&format!("heap = {heap} bytes, budget heap <= 1"))
        .expect(&message);
    assert!(first < second, "{message}");
    assert!(
        !message.contains(&format!("budget heap <= {heap}")),
        "{message}"
    );
}

#[test]
fn within_budget_returns_the_totals() {
    let (words, heap, allocations) = counted(|| vec!["x".repeat(64); 2]);
    let totals = check(
        "words",
        &words,
        &[(Figure::Heap, heap), (Figure::Allocations, allocations)],
    )
    .expect("within budget");
    assert_eq!((totals.heap_bytes, totals.allocations), (heap, allocations));
    // `Reserved` needs an allocator model (`check_with`): without one it is unverifiable.
    for figure in Figure::ALL.into_iter().filter(|&f| f != Figure::Reserved) {
        assert!(check("words", &words, &[(figure, figure.of(&totals))]).is_ok());
    }
    assert!(check("words", &words, &[(Figure::Reserved, usize::MAX - 1)]).is_err());
    let model = Some(memlayout::allocator::Model::Requested);
    let reserved =
        memlayout::budget::check_with("words", &words, model, &[(Figure::Reserved, heap)]);
    assert_eq!(reserved, Ok(totals));
}

#[test]
fn a_reference_is_budgeted_by_its_target() {
    let (names, heap, _) = counted(|| vec!["abc".repeat(20); 3]);
    let borrowed = &names;
    let twice = &borrowed;
    assert_eq!(
        check("twice", &twice, &[(Figure::Heap, heap)])
            .unwrap()
            .heap_bytes,
        heap
    );
    let message = panic_message(|| memlayout::assert_budget!(borrowed, heap <= 1));
    let expected = format!("heap = {heap} bytes, budget heap <= 1");
    assert!(message.contains(&expected), "{message}");
    let first = format!("borrowed[0] {} bytes", names[0].capacity());
    assert!(message.contains(&first), "{message}");
}

#[test]
fn estimates_say_so() {
    let message = panic_message(|| memlayout::assert_budget!(Guess, heap <= 10));
    assert!(
        message.contains("heap = 200 bytes (an estimate: between 100 and 300)"),
        "{message}"
    );
}

#[test]
fn the_error_is_a_std_error() {
    let error: Box<dyn std::error::Error> =
        Box::new(check("v", &vec![1u8], &[(Figure::Heap, 0)]).unwrap_err());
    assert!(error.to_string().starts_with("`v` is over budget:"));
}

// Compile-time budgets that hold: the build of this file is the test. Each budget is the
// compiler's own figure, so a wrong comparison in the macro fails the build.

#[allow(dead_code)]
#[repr(C)]
struct Header {
    magic: u32,
    len: u32,
}

#[allow(dead_code)]
struct Wrapper<T>(T, u8);

memlayout::assert_layout!(
    Header,
    size = size_of::<Header>(),
    align = align_of::<u32>()
);
memlayout::assert_layout!(Header, max_size = size_of::<Header>(), max_align = 4_096,);
memlayout::assert_layout!(Gappy, max_padding = GAPPY_PADDING);
memlayout::assert_layout!(Wrapper<u64>, max_size = size_of::<Wrapper<u64>>());
memlayout::assert_layout!(Wrapper<u8>, size = 2, max_align = 1usize);
memlayout::assert_layout!(&str, niche, size = 2 * size_of::<usize>());
memlayout::assert_layout!(Vec<u8>, no_padding, niche);
memlayout::assert_size!(Option<Box<u8>>, size_of::<usize>());
memlayout::assert_max_size!(String, 3 * size_of::<usize>());
memlayout::assert_align!(u64, align_of::<u64>());
memlayout::assert_no_padding!(u32);

/// Budgets on the derive that hold: `repr(C)`, so the figures are fixed by the C rules.
#[derive(memlayout::Layout)]
#[layout(size = 12, align = 4, max_padding = 3)]
#[repr(C)]
struct Tagged {
    tag: u8,
    a: u32,
    b: u32,
}

#[derive(memlayout::Layout)]
#[layout(max_size = 1, niche)]
#[allow(dead_code)]
enum Mode {
    Read,
    Write,
}

memlayout::assert_layout!(Tagged, max_padding = size_of::<Tagged>() - 9);
memlayout::assert_layout!(Option<Mode>, size = size_of::<Mode>());

#[test]
fn budgets_work_inside_functions() {
    memlayout::assert_layout!(Wrapper<u16>, max_size = 4, max_align = 2);
    memlayout::assert_no_padding!(Option<u64>);
}

// ---- one message format: `Report::assert_*` print what `assert_budget!` prints ----------------
// (the value named by its type instead of its expression), pinned whole, the figures from the
// counting allocator, `size_of` and `capacity`.

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

/// Checks that `by_report` (a `Report::assert_*` on a value of type `type_name`) and
/// `by_budget` (`assert_budget!` on the value named `value_name`) fail with one message: `line`
/// for the figure, then the contributors (a path after the value's name, an amount).
fn assert_one_format(
    (type_name, by_report): (&str, &dyn Fn()),
    (value_name, by_budget): (&str, &dyn Fn()),
    line: &str,
    contributors: &[(&str, String)],
) {
    assert_eq!(
        panic_message(by_report),
        over_budget(type_name, line, contributors)
    );
    assert_eq!(
        panic_message(by_budget),
        over_budget(value_name, line, contributors)
    );
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
    assert_one_format(
        ("Vec<String>", &|| report.assert_heap_at_most(heap - 1)),
        ("words", &|| assert_budget!(words, heap <= heap - 1)),
        &line,
        &contributors,
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
    assert_one_format(
        ("Vec<String>", &|| report.assert_unused_at_most(0)),
        ("words", &|| assert_budget!(words, unused <= 0)),
        &line,
        &contributors,
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
    assert_one_format(
        ("Vec<String>", &|| report.assert_allocations_at_most(2)),
        ("words", &|| assert_budget!(words, allocations <= 2)),
        line,
        &contributors,
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
    assert_one_format(
        ("Vec<String>", &|| report.assert_indirection_at_most(1)),
        ("words", &|| assert_budget!(words, indirection <= 1)),
        line,
        &contributors,
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
    assert_one_format(
        ("Vec<(u8, u32)>", &|| {
            pairs.layout_report().assert_no_padding()
        }),
        ("pairs", &|| assert_budget!(pairs, padding <= 0)),
        &line,
        &contributors,
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
