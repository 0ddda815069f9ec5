#![cfg(feature = "url")]
//! `url::Url` against the counting allocator: its serialization's capacity is not exposed, so
//! the figure is bounds from its length up, which must hold the truth however the URL was made.

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod support;

use url::Url;

fn parse(text: &str) -> Url {
    Url::parse(text).expect("a valid url")
}

#[test]
fn static_layout_is_the_compilers() {
    support::static_layout_matches::<Url>();
}

#[test]
fn urls_are_bounds_from_their_length() {
    let builds: [support::Build<Url>; 6] = [
        ("short", || parse("http://a")),
        ("long", || {
            parse("https://user:pw@example.com:8443/a/b/c?query=1&other=two#fragment")
        }),
        ("stripped whitespace", || {
            parse("  \thttp://example.com/\n  path  ")
        }),
        ("percent-encoded", || {
            parse("http://example.com/a path/ünïcödé?q=a b")
        }),
        ("joined", || {
            parse("http://example.com/a/b/")
                .join("../c?d")
                .expect("joins")
        }),
        ("grown by setters", || {
            let mut url = parse("http://example.com");
            url.set_path("/a/much/longer/path/than/before");
            url.set_query(Some("and=a&query=string"));
            url
        }),
    ];
    for (what, build) in builds {
        let (url, totals) = support::bounded(what, build);
        assert_eq!(
            totals.heap_bytes_low,
            url.as_str().len(),
            "{what}: at least its text"
        );
        let (clone, usage) = alloc::measure(|| url.clone());
        // A clone's serialization is exactly its length: the low bound is then the truth.
        assert_eq!(
            memlayout::totals(&clone).heap_bytes_low,
            usage.bytes,
            "{what}: clone"
        );
        let predicted = support::predicted_free_count(&url);
        assert_eq!(
            predicted,
            alloc::frees_during(|| drop(url)).len(),
            "{what}: frees"
        );
    }
}
