//! The text form of a type: enum discriminant values and byte-map labels that stay unambiguous
//! for any number of fields and any size. Checked against `offset_of!`, `size_of` and `as`
//! casts, never against typed-in layouts.

use std::collections::HashMap;
use std::mem::{offset_of, size_of};

use memlayout::{Layout, TextOptions};

/// The rows of the text's table whose first word is a variant name.
fn variant_row<'t>(text: &'t str, name: &str) -> &'t str {
    text.lines()
        .find(|line| line.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no row for {name} in\n{text}"))
}

/// The `value` column of a variant's row (the second word).
fn value_of(text: &str, name: &str) -> String {
    let row = variant_row(text, name);
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("variant"))
        .unwrap();
    let start = header.find("value").expect("a value column");
    let end = header.find("payload").unwrap();
    row[start..end].trim().to_string()
}

#[derive(Layout)]
#[repr(i64)]
#[allow(dead_code)]
enum Signed {
    First,
    Get = 1,
    Next,
    Neg = -5,
    AfterNeg,
    Hex = 0x40,
    Big = i64::MAX,
}

#[test]
fn enum_tables_print_discriminant_values() {
    let text = Signed::LAYOUT.to_string();
    let computed = [
        ("First", Signed::First as i64),
        ("Get", Signed::Get as i64),
        ("Next", Signed::Next as i64),
        ("Neg", Signed::Neg as i64),
        ("AfterNeg", Signed::AfterNeg as i64),
    ];
    for (name, value) in computed {
        assert_eq!(value_of(&text, name), value.to_string(), "{text}");
    }
    // Written values are shown as written; each still means what the compiler says.
    assert_eq!(value_of(&text, "Hex"), "0x40", "{text}");
    assert_eq!(Signed::Hex as i64, 0x40);
    assert_eq!(value_of(&text, "Big"), "i64::MAX", "{text}");
    assert_eq!(Signed::Big as i64, i64::MAX);
}

#[derive(Layout)]
#[allow(dead_code)]
enum AfterExpression {
    Start = 1 << 3,
    Then,
}

#[test]
fn implicit_values_after_an_expression_say_how_they_follow() {
    let text = AfterExpression::LAYOUT.to_string();
    assert_eq!(value_of(&text, "Start"), "1 << 3", "{text}");
    assert_eq!(value_of(&text, "Then"), "(1 << 3) + 1", "{text}");
    assert_eq!(AfterExpression::Then as isize, (1 << 3) + 1);
}

#[test]
fn enums_without_written_values_have_no_value_column() {
    #[derive(Layout)]
    #[allow(dead_code)]
    enum Plain {
        A,
        B(u32),
    }
    for (text, names) in [
        (Plain::LAYOUT.to_string(), ["A", "B"]),
        (<Option<u64>>::LAYOUT.to_string(), ["None", "Some"]),
    ] {
        let header = text
            .lines()
            .find(|l| l.trim_start().starts_with("variant"))
            .unwrap();
        assert!(!header.contains("value"), "{text}");
        for name in names {
            variant_row(&text, name);
        }
    }
}

/// Declares `Wide`, a `repr(C)` struct of the given fields, with its fields' offsets
/// (`offset_of!`) and sizes (`size_of`), from one list.
macro_rules! wide_struct {
    ($($field:ident: $ty:ty),* $(,)?) => {
        #[derive(Layout)]
        #[repr(C)]
        #[allow(dead_code)]
        struct Wide {
            $($field: $ty),*
        }
        fn wide_offsets() -> Vec<usize> {
            vec![$(offset_of!(Wide, $field)),*]
        }
        fn wide_sizes() -> Vec<usize> {
            vec![$(size_of::<$ty>()),*]
        }
    };
}

// More fields than there are one-character labels (62).
#[rustfmt::skip]
wide_struct!(
    f0: u16, f1: u8, f2: u8, f3: u16, f4: u8, f5: u8, f6: u16, f7: u8, f8: u8, f9: u16, f10: u8,
    f11: u8, f12: u16, f13: u8, f14: u8, f15: u16, f16: u8, f17: u8, f18: u16, f19: u8, f20: u8,
    f21: u16, f22: u8, f23: u8, f24: u16, f25: u8, f26: u8, f27: u16, f28: u8, f29: u8, f30: u16,
    f31: u8, f32: u8, f33: u16, f34: u8, f35: u8, f36: u16, f37: u8, f38: u8, f39: u16, f40: u8,
    f41: u8, f42: u16, f43: u8, f44: u8, f45: u16, f46: u8, f47: u8, f48: u16, f49: u8, f50: u8,
    f51: u16, f52: u8, f53: u8, f54: u16, f55: u8, f56: u8, f57: u16, f58: u8, f59: u8, f60: u16,
    f61: u8, f62: u8, f63: u16, f64: u8, f65: u8, f66: u16, f67: u8, f68: u8, f69: u16
);

const WIDE_FIELDS: usize = 70;

/// The legend's `label = name` pairs.
fn legend(text: &str) -> HashMap<String, String> {
    let start = text.find("legend: ").expect("a legend") + "legend: ".len();
    text[start..]
        .split(',')
        .map(str::trim)
        .take_while(|entry| entry.contains(" = "))
        .map(|entry| {
            let (label, name) = entry.split_once(" = ").unwrap();
            (label.to_string(), name.to_string())
        })
        .collect()
}

/// The byte map's labels, one per byte, read from rows `offset: labels...`.
fn map_labels(text: &str) -> Vec<String> {
    let mut labels = Vec::new();
    for line in text.lines() {
        let Some((offset, cells)) = line.trim_start().split_once(": ") else {
            continue;
        };
        if offset.parse::<usize>().is_err() {
            continue;
        }
        assert_eq!(offset.parse::<usize>().unwrap(), labels.len(), "{text}");
        labels.extend(cells.split_whitespace().map(str::to_string));
    }
    labels
}

#[test]
fn byte_map_labels_stay_unique_past_62_fields() {
    let options = TextOptions::new().byte_map_rows(usize::MAX);
    let text = Wide::LAYOUT.display_with(options).to_string();
    assert!(!text.contains('#'), "{text}");
    let legend = legend(&text);
    assert_eq!(
        legend.len(),
        WIDE_FIELDS + usize::from(Wide::LAYOUT.own_padding_bytes() > 0),
        "{text}"
    );
    let labels = map_labels(&text);
    assert_eq!(labels.len(), size_of::<Wide>(), "{text}");
    assert_eq!(wide_offsets().len(), WIDE_FIELDS);
    for (index, (offset, size)) in wide_offsets().into_iter().zip(wide_sizes()).enumerate() {
        for byte in offset..offset + size {
            assert_eq!(
                legend[&labels[byte]],
                format!("f{index}"),
                "byte {byte} in\n{text}"
            );
        }
    }
    let padding = labels.iter().filter(|l| legend[*l] == "padding").count();
    assert_eq!(padding, Wide::LAYOUT.own_padding_bytes(), "{text}");
}

#[test]
fn a_folded_run_names_its_field_not_its_label() {
    // `data` is labelled `b`, and another field is really called `b`.
    #[derive(Layout)]
    #[repr(C)]
    #[allow(dead_code)]
    struct Huge {
        a: u8,
        data: [u8; 1 << 20],
        b: u64,
    }
    let text = Huge::LAYOUT.to_string();
    let line = text
        .lines()
        .find(|l| l.contains("more bytes of"))
        .expect("a folded run");
    assert!(line.contains("of field `data`"), "{text}");
    let (before, _) = line.split_once(" more bytes").unwrap();
    let folded: usize = before.rsplit(' ').next().unwrap().parse().unwrap();
    let start: usize = line.split_whitespace().next().unwrap().parse().unwrap();
    // The folded bytes lie inside `data`, as the compiler placed it.
    let data = offset_of!(Huge, data);
    assert!(
        start >= data && start + folded <= data + (1 << 20),
        "{text}"
    );
}
