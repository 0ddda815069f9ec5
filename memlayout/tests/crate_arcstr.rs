#![cfg(feature = "arcstr")]
//! `ArcStr` and `Substr` against the counting allocator: one shared block counted once, nothing
//! for literals and leaked strings.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use arcstr::{ArcStr, Substr};

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<ArcStr>();
    support::static_layout_matches::<Substr>();
    support::static_layout_matches::<Option<ArcStr>>();
}

#[test]
fn strings_share_one_block() {
    for len in [1, 7, 8, 9, 100, 3000] {
        let text = "a".repeat(len);
        support::shared_once("from &str", || ArcStr::from(text.as_str()));
        support::shared_once("substr", || ArcStr::from(text.as_str()).substr(..len / 2));
    }
    support::shared_once("formatted", || arcstr::format!("{}-{}", "left", 12345));
    support::shared_once("from a String", || {
        ArcStr::from(String::with_capacity(80) + "abc")
    });
}

#[test]
fn a_string_and_its_substrings_count_the_block_once() {
    let (parts, totals) = support::exact("parts", || {
        let whole = ArcStr::from("a whole sentence, cut into parts");
        let words: Vec<Substr> = ["whole", "sentence", "parts"]
            .into_iter()
            .map(|word| whole.substr_from(&whole[whole.find(word).expect("there")..][..word.len()]))
            .collect();
        (whole, words)
    });
    assert_eq!(totals.shared_allocations, 1);
    assert_eq!(support::frees_as_predicted(parts).len(), 2);
}

#[test]
fn literals_empty_and_leaked_strings_own_nothing() {
    let (literal, totals) = support::exact("literal", || arcstr::literal!("a literal"));
    assert_eq!(totals.heap_bytes, 0);
    assert!(support::frees_as_predicted(literal).is_empty());
    let (empty, totals) = support::exact("empty", || ArcStr::from(""));
    assert_eq!(totals.heap_bytes, 0);
    assert!(support::frees_as_predicted(empty).is_empty());
    let (substr, totals) = support::exact("static substr", || {
        arcstr::literal!("static parent").substr(7..)
    });
    assert_eq!(totals.heap_bytes, 0);
    assert!(support::frees_as_predicted(substr).is_empty());
    // A leaked string stays allocated for ever but is no longer owned: dropping it frees nothing.
    let (leaked, usage) = alloc::measure(|| {
        let text = ArcStr::from("leaked on purpose, never freed");
        let _: &'static str = text.leak();
        text
    });
    assert!(usage.bytes > 0);
    assert_eq!(memlayout::totals(&leaked).heap_bytes, 0);
    assert!(support::frees_as_predicted(leaked).is_empty());
}
