//! The crates' string types write their report keys as `str`'s `Debug` does, without
//! `core::fmt` when the text is plain ASCII (issue 16): checked against `format!("{:?}")` of
//! each value (their `Debug` is their `str`'s), on plain, escaped and non-ASCII texts of every
//! length around the 30 bytes a report keeps in a node.
#![cfg(any(
    feature = "compact_str",
    feature = "smol_str",
    feature = "arcstr",
    feature = "arrayvec",
    feature = "url"
))]

use memlayout::Layout;

/// Texts plain and not: quotes, a backslash, a control character, non-ASCII, every length
/// from 0 to 40.
fn texts() -> Vec<String> {
    let mut texts: Vec<String> = (0..=40).map(|n| "k".repeat(n)).collect();
    texts.extend(
        [
            "it's",
            "say \"hi\"",
            "a\\b",
            "tab\there",
            "née",
            "\u{301}x",
            "~ !",
        ]
        .map(String::from),
    );
    texts
}

/// Checks that `write_key_to` and `write_key` both write `Debug`'s text of `value`, whose
/// `Debug` is that of `text`.
fn same_as_str_debug<T: Layout + ?Sized>(value: &T, text: &str) {
    let expected = format!("{text:?}");
    let mut to = String::new();
    assert_eq!(value.write_key_to(&mut to), Some(true), "{expected}");
    assert_eq!(to, expected);
    let mut key = String::new();
    assert!(value.write_key(&mut key));
    assert_eq!(key, expected);
}

#[cfg(feature = "compact_str")]
#[test]
fn compact_string_keys_are_what_debug_writes() {
    for text in texts() {
        let value = compact_str::CompactString::new(&text);
        assert_eq!(format!("{value:?}"), format!("{text:?}"));
        same_as_str_debug(&value, &text);
    }
}

#[cfg(feature = "smol_str")]
#[test]
fn smol_str_keys_are_what_debug_writes() {
    for text in texts() {
        let value = smol_str::SmolStr::new(&text);
        assert_eq!(format!("{value:?}"), format!("{text:?}"));
        same_as_str_debug(&value, &text);
    }
}

#[cfg(feature = "arcstr")]
#[test]
fn arcstr_keys_are_what_debug_writes() {
    for text in texts() {
        let value = arcstr::ArcStr::from(text.as_str());
        assert_eq!(format!("{value:?}"), format!("{text:?}"));
        same_as_str_debug(&value, &text);
        let sub = arcstr::Substr::from(value);
        assert_eq!(format!("{sub:?}"), format!("{text:?}"));
        same_as_str_debug(&sub, &text);
    }
}

#[cfg(feature = "arrayvec")]
#[test]
fn array_string_keys_are_what_debug_writes() {
    for text in texts() {
        let value = arrayvec::ArrayString::<64>::from(&text).expect("64 bytes hold it");
        assert_eq!(format!("{value:?}"), format!("{text:?}"));
        same_as_str_debug(&value, &text);
    }
}

/// A `Url`'s key is its text's `Debug` (its own `Debug` is a struct's).
#[cfg(feature = "url")]
#[test]
fn url_keys_are_their_texts_debug() {
    for text in [
        "https://example.com/",
        "https://example.com/a?q=\"x\"",
        "file:///tmp/né",
    ] {
        let value = url::Url::parse(text).expect("a URL");
        same_as_str_debug(&value, value.as_str());
    }
}
