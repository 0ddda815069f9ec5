//! `MEMLAYOUT_BLESS`: `1` rewrites the snapshot file and the next check passes; an unknown
//! value fails. One test, alone in its process, since it sets an environment variable every
//! check in the process reads.

#[path = "test_snapshot_support/mod.rs"]
mod versions;

use std::path::PathBuf;

use memlayout::snapshot::{self, CheckOutcome};
use versions::{as_v2, panic_message, v1_layouts, v2_layouts};

const BLESS: &str = "MEMLAYOUT_BLESS";

fn scratch(name: &str) -> PathBuf {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test_snapshot_bless");
    folder.join(name)
}

fn check_fails(path: &PathBuf) -> String {
    panic_message(|| {
        snapshot::check_types(path, v2_layouts());
    })
}

#[test]
#[cfg_attr(miri, ignore)]
fn bless_rewrites_and_the_next_check_passes() {
    // A snapshot of v1 (the committed file), checked after the types became v2.
    let path = scratch("layouts.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, as_v2(snapshot::to_json(v1_layouts()))).unwrap();
    std::env::remove_var(BLESS);
    assert!(check_fails(&path).contains("does not match (8 types changed, 1 added, 1 removed)"));

    std::env::set_var(BLESS, "1");
    assert_eq!(
        snapshot::check_types(&path, v2_layouts()),
        CheckOutcome::Blessed
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        snapshot::to_json(v2_layouts())
    );
    // Blessing again leaves the file as it is.
    assert_eq!(
        snapshot::check_types(&path, v2_layouts()),
        CheckOutcome::Blessed
    );

    for compare in ["0", ""] {
        std::env::set_var(BLESS, compare);
        assert_eq!(
            snapshot::check_types(&path, v2_layouts()),
            CheckOutcome::Matched
        );
    }
    std::env::remove_var(BLESS);
    assert_eq!(
        snapshot::check_types(&path, v2_layouts()),
        CheckOutcome::Matched
    );

    // A missing file, in a folder that does not exist yet, is recorded.
    let fresh = scratch(&format!("new-{}/layouts.json", std::process::id()));
    std::env::set_var(BLESS, "1");
    assert_eq!(
        snapshot::check_types(&fresh, v1_layouts()),
        CheckOutcome::Blessed
    );
    std::env::remove_var(BLESS);
    assert_eq!(
        snapshot::check_types(&fresh, v1_layouts()),
        CheckOutcome::Matched
    );
    std::fs::remove_dir_all(fresh.parent().unwrap()).unwrap();

    // Any other value is a mistake, not a guess.
    std::env::set_var(BLESS, "overwrite");
    let message = check_fails(&path);
    std::env::remove_var(BLESS);
    assert_eq!(
        message,
        "MEMLAYOUT_BLESS=\"overwrite\" is not understood: use `1` to rewrite layout snapshots, \
         or `0` (or leave it unset) to compare with them"
    );
}
