//! Hunt outputs, keys a user's `write_key` writes as they are (control characters, XML's
//! forbidden characters): the report page stays well-formed XML and the text one line a node.

#[path = "common/hunt_outputs.rs"]
mod hunt;

use std::collections::HashMap;

use hunt::*;
use memlayout::{DropOrderExt, Layout, LayoutReport};

/// A user key type writing its text as it is, control characters included.
#[derive(Clone, PartialEq, Eq, Hash)]
struct RawTextKey(&'static str);

impl Layout for RawTextKey {
    const LAYOUT: &'static memlayout::TypeLayout =
        &memlayout::TypeLayout::of::<RawTextKey>("RawTextKey", memlayout::Kind::Struct);

    fn write_key(&self, out: &mut String) -> bool {
        out.push_str(self.0);
        true
    }
}

/// Characters XML 1.0 does not allow even as references (C0 controls but tab, line feed and
/// carriage return; U+FFFE, U+FFFF) that a key writes as they are still leave the report
/// page's pictures well-formed XML.
#[test]
fn raw_control_characters_keep_pages_well_formed() {
    let map: HashMap<RawTextKey, Vec<u8>> = [
        "nul\u{0}",
        "bell\u{7}",
        "esc\u{1b}[31m",
        "vt\u{b}ff\u{c}",
        "nonchar\u{fffe}\u{ffff}",
        "tab\tok",
    ]
    .into_iter()
    .map(|k| (RawTextKey(k), vec![1u8; 10]))
    .collect();
    let report = map.layout_report();
    let html = report.to_html();
    assert_svgs_parse(&html);
    assert_attributes_escaped(&html);
    let order = map.drop_order();
    let _ = order.to_html();
}

/// Control characters a key writes as they are (a newline, a terminal escape) are escaped in
/// the text report and the drop order's text, so a node or a step stays one line; `find` and
/// the JSON keep the key as written.
#[test]
fn raw_control_characters_keep_text_one_line_a_node() {
    let keys = ["line\nbreak", "esc\u{1b}[31m", "cr\rlf", "tab\tok", "plain"];
    let map: HashMap<RawTextKey, Vec<u8>> = keys
        .into_iter()
        .map(|k| (RawTextKey(k), vec![1u8; 10]))
        .collect();
    let report = map.layout_report();
    let text = report.to_string();
    // The root, one row per entry and one per entry's key and value, then the findings.
    for key in keys {
        let shown = key.escape_default().to_string().replace("\\'", "'");
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(&shown)).collect();
        assert!(!rows.is_empty(), "{key:?} shown escaped in\n{text}");
        assert!(
            !text.contains(key) || key == "plain",
            "{key:?} written raw in\n{text}"
        );
    }
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text}");
    let node = report
        .find("[line\nbreak]")
        .expect("find takes the key as written");
    assert_eq!(node.totals().heap_bytes, 10);
    let order = map.drop_order().to_string();
    assert!(
        !order.contains('\u{1b}') && !order.contains('\r'),
        "{order}"
    );
    assert!(order.contains("[line\\nbreak]"), "{order}");
}
