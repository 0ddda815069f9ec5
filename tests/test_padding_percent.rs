//! Padding and waste shares in the type text and the audit: a share prints as `100.0%` only
//! when every byte is padding and as `0.0%` only when none is; shares that would round to
//! either end print as `>99.9%` / `<0.1%`. Ground truth: `size_of`.

use memlayout::Layout;
use std::mem::size_of;

/// One byte of data in a 4096-byte type: 4095 bytes of trailing padding.
#[derive(Layout)]
#[repr(C, align(4096))]
struct AlmostAllPadding {
    tag: u8,
}

/// 4095 bytes of data in a 4096-byte type: one byte of trailing padding.
#[derive(Layout)]
#[repr(C)]
struct AlmostNoPadding {
    words: [u16; 2047],
    tag: u8,
}

/// Two bytes of padding in six: an ordinary share keeps its one decimal.
#[derive(Layout)]
#[repr(C)]
struct Half {
    tag: u8,
    wide: u16,
    last: u8,
}

fn padding_line<T: Layout>() -> String {
    let text = T::LAYOUT.to_string();
    text.lines()
        .find(|l| l.trim_start().starts_with("size "))
        .unwrap_or_else(|| panic!("no size line in\n{text}"))
        .to_owned()
}

#[test]
fn nearly_all_padding_is_not_printed_as_all() {
    assert_eq!(size_of::<AlmostAllPadding>(), 4096);
    let line = padding_line::<AlmostAllPadding>();
    assert!(line.contains("padding 4095 (>99.9%)"), "{line}");
}

#[test]
fn a_byte_of_padding_is_not_printed_as_none() {
    assert_eq!(size_of::<AlmostNoPadding>(), 4096);
    let line = padding_line::<AlmostNoPadding>();
    assert!(line.contains("padding 1 (<0.1%)"), "{line}");
}

#[test]
fn exact_shares_keep_one_decimal() {
    assert_eq!(size_of::<Half>(), 6);
    let line = padding_line::<Half>();
    assert!(line.contains("padding 2 (33.3%)"), "{line}");
}

#[test]
fn audit_rows_do_not_round_to_the_ends() {
    let text = memlayout::audit().to_string();
    let row = |name: &str| {
        text.lines()
            .find(|l| l.trim_end().ends_with(name))
            .unwrap_or_else(|| panic!("no row for {name} in\n{text}"))
            .to_owned()
    };
    let all = row("AlmostAllPadding");
    assert!(all.contains("4095") && all.contains(">99.9%"), "{all}");
    assert!(!text.contains("100.0%"), "{text}");
}
