//! UI tests of the budget macros: every failure mode of `assert_layout!` and friends, and the
//! forms that must compile. Re-bless with `TRYBUILD=overwrite`.

#[test]
fn budget_ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/budget-*.rs");
    t.pass("tests/ui-pass/budget-*.rs");
}
