//! Map keys of integers, `bool`, `char` and strings are written without `core::fmt` (issue 16):
//! the text must stay exactly what `Debug` writes (std's `format!("{:?}")`, the ground truth),
//! for every integer width at its edges and every digit count, and in a report's paths.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::num::NonZero;
use std::rc::Rc;

use memlayout::{Layout, LayoutReport, ReportOptions};

/// Checks that `write_key_to` and `write_key` both write `format!("{value:?}")`.
fn same_as_debug<T: Layout + Debug + ?Sized>(value: &T) {
    let expected = format!("{value:?}");
    let mut to = String::new();
    assert_eq!(value.write_key_to(&mut to), Some(true), "{expected}");
    assert_eq!(to, expected);
    let mut key = String::new();
    assert!(value.write_key(&mut key), "{expected}");
    assert_eq!(key, expected);
}

/// Every power of ten below `u128::MAX` and its neighbours (every digit count, both sides of
/// each carry), plus a spread of other values from a fixed-seed generator.
fn magnitudes() -> Vec<u128> {
    let mut values = vec![0, u128::MAX - 1, u128::MAX];
    let mut power: u128 = 1;
    loop {
        values.extend([power - 1, power, power + 1, power.saturating_mul(7) / 3]);
        match power.checked_mul(10) {
            Some(next) => power = next,
            None => break,
        }
    }
    let mut state: u128 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..200 {
        state = state
            .wrapping_mul(0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645)
            .wrapping_add(0x5851_f42d_4c95_7f2d_1405_7b7e_f767_814f);
        values.push(state >> (state % 128) as u32);
    }
    values
}

/// Every value of `magnitudes` that fits `$t` (and, for a signed `$t`, its negation), with
/// `$t::MIN` and `$t::MAX`.
macro_rules! edges {
    ($t:ty) => {{
        let mut values: Vec<$t> = vec![<$t>::MIN, <$t>::MAX];
        for v in magnitudes()
            .into_iter()
            .filter_map(|m| <$t>::try_from(m).ok())
        {
            values.push(v);
            values.extend(v.checked_neg());
        }
        values
    }};
}

/// Checks every edge value of each integer type, and of its `NonZero`, against `Debug`.
macro_rules! check_integers {
    ($($t:ty),*) => {$(
        for v in edges!($t) {
            same_as_debug(&v);
            if let Some(non_zero) = NonZero::<$t>::new(v) {
                same_as_debug(&non_zero);
            }
        }
    )*};
}

#[test]
fn integer_keys_are_what_debug_writes_at_every_width_and_digit_count() {
    check_integers!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
}

#[test]
fn bool_char_and_string_keys_are_what_debug_writes() {
    same_as_debug(&true);
    same_as_debug(&false);
    let unusual = [
        'é',
        '\u{301}',
        '\u{200b}',
        '😀',
        '\u{10ffff}',
        '\u{ff}',
        '\u{80}',
    ];
    for c in (0..=0x7f_u8).map(char::from).chain(unusual) {
        same_as_debug(&c);
        let alone = c.to_string();
        same_as_debug(&alone);
        same_as_debug(alone.as_str());
        // Within a longer string: at the start, in the middle, at the end.
        let around = format!("{c}key {c} with{c}");
        same_as_debug(&around);
        same_as_debug(around.as_str());
        same_as_debug(&Box::<str>::from(around.as_str()));
        same_as_debug(&Rc::<str>::from(around.as_str()));
    }
    same_as_debug("");
    same_as_debug(&String::new());
    same_as_debug(&"a plain key much longer than the thirty bytes kept in a node".repeat(3));
}

/// A report's path to an entry is `[` + the key's `Debug` text + `]`, for keys written in
/// place and through the walk's buffer alike.
#[test]
fn report_paths_use_the_debug_text_of_integer_and_string_keys() {
    let options = ReportOptions::new().max_children(1000);
    let signed: BTreeMap<i64, String> = magnitudes()
        .into_iter()
        .filter_map(|m| i64::try_from(m).ok())
        .flat_map(|m| [m, -m])
        .chain([i64::MIN])
        .map(|k| (k, k.to_string()))
        .collect();
    let report = signed.layout_report_with(options);
    for k in signed.keys() {
        let path = format!("[{k:?}]");
        let node = report.find(&path).unwrap_or_else(|| panic!("no {path}"));
        assert_eq!(node.path(), path);
    }
    let wide: BTreeMap<u128, Vec<u8>> = magnitudes().into_iter().map(|k| (k, vec![1])).collect();
    let report = wide.layout_report_with(options);
    for k in wide.keys() {
        assert!(report.find(&format!("[{k:?}]")).is_some(), "[{k}]");
    }
    let texts: BTreeMap<String, Vec<u8>> = (0..=0x7f_u8)
        .map(|b| (format!("k{}", char::from(b)), vec![b]))
        .collect();
    let report = texts.layout_report_with(options);
    for k in texts.keys() {
        let path = format!("[{k:?}]");
        assert_eq!(report.find(&path).map(|n| n.path()), Some(path));
    }
}
