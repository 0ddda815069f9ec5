#[test]
fn one() {
    let t = trybuild::TestCases::new();
    for case in std::env::var("UI_CASES").unwrap().split(',') {
        t.compile_fail(format!("tests/ui/{case}.rs"));
    }
}
