//! The crate root holds only the names users type, at most 30 of them (macros included); the
//! rest is reached through the modules named for what they hold. Adding a name to the root
//! means adding it here: growth is deliberate.

use std::collections::BTreeSet;
use std::path::Path;

/// Every name at the crate root, macros with their `!`.
const ROOT: &[&str] = &[
    // static layout
    "Layout",
    "TypeLayout",
    "Kind",
    "Storage",
    "Opaque",
    // walking a value
    "heap_bytes",
    "totals",
    "footprint",
    "totals_with",
    "Totals",
    "LayoutReport",
    "Report",
    "ReportOptions",
    "DropOrderExt",
    "DropOrder",
    "DropOptions",
    "DropAction",
    "TextOptions",
    // every type at once
    "registered",
    "audit",
    // writing impls and walks
    "Visitor",
    "HeapBlock",
    // macros
    "assert_layout!",
    "assert_size!",
    "assert_max_size!",
    "assert_align!",
    "assert_no_padding!",
    "assert_budget!",
    "dyn_layout!",
    "register!",
];

/// The names `pub use` lines of `lib.rs` bring to the root (both `Layout`s count once).
fn reexported(lib: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = lib;
    while let Some(at) = rest.find("\npub use ") {
        rest = &rest[at + "\npub use ".len()..];
        let end = rest.find(';').expect("a `pub use` ends with `;`");
        let path = &rest[..end];
        let list = match path.find('{') {
            Some(open) => &path[open + 1..path.rfind('}').expect("a closing brace")],
            None => path.rsplit("::").next().unwrap(),
        };
        for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let name = item
                .rsplit(" as ")
                .next()
                .unwrap()
                .rsplit("::")
                .next()
                .unwrap();
            names.insert(name.to_string());
        }
    }
    names
}

/// Macros exported at the root that are not `#[doc(hidden)]`, from every source file.
fn exported_macros(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            exported_macros(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("#[macro_export]") {
                let after = &text[at..];
                let name_at = after.find("macro_rules! ").unwrap() + "macro_rules! ".len();
                let name: String = after[name_at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !after[..name_at].contains("#[doc(hidden)]") && !name.starts_with("__") {
                    out.insert(format!("{name}!"));
                }
            }
        }
    }
}

#[test]
#[cfg_attr(
    miri,
    ignore = "reads lib.rs from disk, which Miri's isolation forbids"
)]
fn the_root_holds_at_most_30_names_and_exactly_the_listed_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let mut found = reexported(&lib);
    exported_macros(&src, &mut found);
    let listed: BTreeSet<String> = ROOT.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        found, listed,
        "the root's names differ from the list in this test"
    );
    assert!(listed.len() <= 30, "{} names at the root", listed.len());
    assert_eq!(listed.len(), ROOT.len(), "a name listed twice");
}

#[cfg(feature = "alloc")]
#[test]
fn helpers_live_in_their_modules() {
    // Compiles only while these paths exist.
    use memlayout::layout::{discriminant_bytes, repr_c_size, smallest_size, Discriminant, Field};
    use memlayout::report::{Finding, Node, Summary};
    use memlayout::visit::{BlockFromEntries, Exactness, Shared};

    assert_eq!(repr_c_size([(1, 1), (4, 4)], None, 4), 8);
    assert_eq!(smallest_size([1, 4], 4), 8);
    assert_eq!(discriminant_bytes(0, 256, 1), 2);
    let _: Option<(Discriminant, &Field, &Node, &Summary, &Finding, Exactness)> = None;
    fn bound<B: BlockFromEntries<u8, u8>>() {}
    let _ = bound::<PerEntry>;
    let _: Option<Shared<'_, u8>> = None;

    struct PerEntry;
    impl BlockFromEntries<u8, u8> for PerEntry {
        fn entry(&mut self, _: &u8, _: &u8) {}
        fn block(self) -> memlayout::HeapBlock {
            memlayout::HeapBlock::exact(0, 1, 0)
        }
    }
}
