//! UI tests of the budget macros: every failure mode of `assert_layout!` and friends, and the
//! forms that must compile. Re-bless with `TRYBUILD=overwrite`.

#[test]
#[cfg_attr(miri, ignore)]
fn budget_ui() {
    // CI sets this for the nightly run: the `.stderr` files pin stable's diagnostics.
    if std::env::var_os("MEMLAYOUT_SKIP_UI").is_some() {
        eprintln!("skipping budget UI tests: MEMLAYOUT_SKIP_UI is set");
        return;
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/budget-*.rs");
    t.pass("tests/ui-pass/budget-*.rs");
}
