//! The derive's compile errors, pinned: one mistake per `tests/ui/*.rs` file (plus one with
//! several, to show they are all reported). Re-bless with `TRYBUILD=overwrite`.

#[test]
#[cfg_attr(miri, ignore)]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
