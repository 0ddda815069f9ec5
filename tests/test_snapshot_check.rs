//! `memlayout::snapshot::check_types`: a committed file compared with the types' layouts, a
//! failure that names what changed, and the cases that must not fail (another target or
//! compiler) or must fail clearly (missing, malformed or old files). `MEMLAYOUT_BLESS` is
//! tested in `test_snapshot_bless.rs`, alone in its process, since it is an environment
//! variable.

#[path = "test_snapshot_support/mod.rs"]
mod versions;

use std::mem::{offset_of, size_of};
use std::path::PathBuf;

use memlayout::snapshot::{self, CheckOutcome, Environment};
use memlayout::{Layout, TypeLayout};
use versions::{as_v2, panic_message, v1, v1_layouts, v2, v2_layouts};

/// The two-line form a crate adds to its tests, on a committed file. Recorded on one
/// toolchain, it is compared there and reported as not comparable anywhere else (another
/// compiler, `-Zrandomize-layout`), so it passes in both.
#[test]
#[cfg_attr(miri, ignore)]
fn layouts() {
    memlayout::snapshot::check_types("tests/fixtures/snapshot/layouts.json", v1_layouts());
}

/// A file in this test's own scratch folder.
fn scratch(name: &str) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test_snapshot_check");
    std::fs::create_dir_all(&folder).unwrap();
    folder.join(name)
}

/// The panic message of a check that must fail.
fn failure(path: &PathBuf, layouts: &[&'static TypeLayout]) -> String {
    panic_message(|| {
        snapshot::check_types(path, layouts.iter().copied());
    })
}

#[test]
#[cfg_attr(miri, ignore)]
fn the_same_layouts_match() {
    for (name, layouts) in [("v1.json", v1_layouts()), ("v2.json", v2_layouts())] {
        let path = scratch(name);
        std::fs::write(&path, snapshot::to_json(layouts)).unwrap();
        assert_eq!(snapshot::check_types(&path, layouts), CheckOutcome::Matched);
    }
}

/// The case: a field added to a hot type fails the check with a message naming the
/// field and the old and new size.
#[test]
#[cfg_attr(miri, ignore)]
fn a_field_added_to_a_hot_type_fails_naming_it() {
    let path = scratch("hot.json");
    std::fs::write(&path, as_v2(snapshot::to_json([v1::Header::LAYOUT]))).unwrap();
    let message = failure(&path, &[v2::Header::LAYOUT]);
    let expected_size = format!(
        "`Header`: size {} -> {}",
        size_of::<v1::Header>(),
        size_of::<v2::Header>()
    );
    let expected_field = format!(
        "field `seq: u64` added at offset {} (8 bytes)",
        offset_of!(v2::Header, seq)
    );
    assert!(message.contains(&expected_size), "{message}");
    assert!(message.contains(&expected_field), "{message}");
    let shown = path.display();
    assert!(
        message.starts_with(&format!(
            "layout snapshot `{shown}` does not match (1 type changed):\n`Header`: "
        )),
        "{message}"
    );
    assert!(
        message.ends_with(&format!(
            "if the change is intended, rerun with `MEMLAYOUT_BLESS=1` and commit `{shown}`"
        )),
        "{message}"
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn types_added_and_removed_fail_too() {
    let path = scratch("added.json");
    std::fs::write(&path, snapshot::to_json([v1::Packet::LAYOUT])).unwrap();
    let message = failure(&path, &[v1::Packet::LAYOUT, v1::Gone::LAYOUT]);
    assert!(
        message.contains("(1 added):\n`Gone` added (size 1, align 1)"),
        "{message}"
    );
    let message = failure(&path, &[]);
    let size = size_of::<v1::Packet>();
    assert!(
        message.contains(&format!("(1 removed):\n`Packet` removed (was size {size}")),
        "{message}"
    );
}

/// Another target, compiler or layout flag in the file: reported on stderr and returned, even
/// though every layout differs.
#[test]
#[cfg_attr(miri, ignore)]
fn another_environment_is_reported_not_failed() {
    let here = Environment::current();
    let recorded_v1 = as_v2(snapshot::to_json(v1_layouts()));
    let cases = [
        ("target", here.target.clone(), "wasm32-unknown-unknown"),
        (
            "rustc",
            here.rustc.clone(),
            "rustc 1.85.0 (4d91de4e4 2025-02-17)",
        ),
    ];
    for (key, current, other) in cases {
        let path = scratch(&format!("other-{key}.json"));
        let text = recorded_v1.replacen(
            &format!("\"{key}\": \"{current}\""),
            &format!("\"{key}\": \"{other}\""),
            1,
        );
        assert_ne!(text, recorded_v1);
        std::fs::write(&path, text).unwrap();
        let outcome = snapshot::check_types(&path, v2_layouts());
        let CheckOutcome::OtherEnvironment { recorded, current } = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(current, here);
        let recorded_value = if key == "target" {
            &recorded.target
        } else {
            &recorded.rustc
        };
        assert_eq!(recorded_value, other);
    }
    let path = scratch("other-flags.json");
    let text = recorded_v1.replacen(
        "\"layout_flags\": []",
        "\"layout_flags\": [\n    \"-Zrandomize-layout\"\n  ]",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    if here.layout_flags.is_empty() {
        let outcome = snapshot::check_types(&path, v2_layouts());
        assert!(
            matches!(outcome, CheckOutcome::OtherEnvironment { recorded, .. } if recorded.layout_flags == "-Zrandomize-layout")
        );
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_missing_file_fails_and_says_how_to_record_it() {
    let path = scratch("never-written.json");
    let _ = std::fs::remove_file(&path);
    let message = failure(&path, &[v1::Packet::LAYOUT]);
    assert_eq!(
        message,
        format!(
            "no layout snapshot at `{}`: record it with `MEMLAYOUT_BLESS=1 cargo test` and commit it",
            path.display()
        )
    );
    assert!(!path.exists(), "a failing check writes nothing");
}

#[test]
#[cfg_attr(miri, ignore)]
fn malformed_and_old_files_fail_clearly() {
    let current = snapshot::to_json([v1::Packet::LAYOUT]);
    let cases = [
        ("empty.json", String::new(), "is not a readable layout snapshot: EOF while parsing"),
        ("array.json", String::from("[1, 2]"), "is not a readable layout snapshot"),
        (
            "old.json",
            current.replacen("memlayout.snapshot/1", "memlayout.snapshot/0", 1),
            "is a layout snapshot of version memlayout.snapshot/0; this memlayout reads \"memlayout.snapshot/1\": re-record it with `MEMLAYOUT_BLESS=1`",
        ),
        (
            "old-type.json",
            current.replacen("memlayout.type/1", "memlayout.type/0", 1),
            "has schema `memlayout.type/0`, expected `memlayout.type/1`",
        ),
        (
            "no-schema.json",
            current.replacen("\"schema\": \"memlayout.snapshot/1\",", "", 1),
            "is not a memlayout layout snapshot: no \"schema\" key",
        ),
        (
            "truncated.json",
            current[..current.len() / 2].to_string(),
            "is not a readable layout snapshot: EOF while parsing",
        ),
    ];
    for (name, text, expected) in cases {
        let path = scratch(name);
        std::fs::write(&path, text).unwrap();
        let message = failure(&path, &[v1::Packet::LAYOUT]);
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(message.contains(expected), "{name}: {message}");
    }
}

/// `check`, the two-line form over the registry: every derived type of this test binary
/// (both versions' types among them) is in the file `MEMLAYOUT_BLESS=1` would write, and the
/// check over the registry matches it; a file recorded without one of them fails, naming it.
#[test]
#[cfg_attr(miri, ignore)]
fn check_compares_every_registered_type() {
    let registered: Vec<&'static TypeLayout> = memlayout::registered().collect();
    for layout in v1_layouts().into_iter().chain(v2_layouts()) {
        assert!(
            registered
                .iter()
                .any(|r| (r.type_name)() == (layout.type_name)()),
            "{} is not registered",
            layout.name
        );
    }
    let path = scratch("registered.json");
    std::fs::write(&path, snapshot::to_json(memlayout::registered())).unwrap();
    assert_eq!(snapshot::check(&path), CheckOutcome::Matched);

    let without_header = registered
        .iter()
        .copied()
        .filter(|layout| (layout.type_name)() != (v2::Header::LAYOUT.type_name)());
    std::fs::write(&path, snapshot::to_json(without_header)).unwrap();
    let message = panic_message(|| {
        snapshot::check(&path);
    });
    assert!(message.contains("Header"), "{message}");
    assert!(message.contains("added"), "{message}");
}
