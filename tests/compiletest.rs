//! Compile errors, pinned: one mistake per `tests/ui/*.rs` file (plus one with several, to show
//! they are all reported), and the forms that must compile in `tests/ui-pass/`. Re-bless with
//! `TRYBUILD=overwrite`. The expected output is stable's: set `MEMLAYOUT_SKIP_UI=1` to skip
//! (CI does for its nightly randomized-layout run, whose diagnostics differ).

#[test]
#[cfg_attr(miri, ignore)]
fn ui() {
    if std::env::var_os("MEMLAYOUT_SKIP_UI").is_some() {
        eprintln!("skipping UI tests: MEMLAYOUT_SKIP_UI is set");
        return;
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui-pass/*.rs");
}
