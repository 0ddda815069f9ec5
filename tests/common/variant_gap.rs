//! What the "large variant" finding claims, checked against the compiler: its bytes are the
//! payload gap (clippy's measure) times the values, its message says so, and boxing the large
//! payload shrinks a value by *about* the gap.

use memlayout::report::Finding;

/// Checks `finding` on `count` values of an enum whose payload gap is `gap`, where boxing the
/// large payload takes a value from `before` to `after` bytes (`size_of`), `align` the enum's
/// alignment.
pub fn check_large_variant(
    finding: &Finding,
    count: usize,
    gap: usize,
    before: usize,
    after: usize,
    align: usize,
) {
    assert_eq!(finding.bytes, count * gap, "{finding:?}");
    let said = if count == 1 {
        format!("a payload gap of {gap} bytes (clippy's large_enum_variant)")
    } else {
        format!(
            "a payload gap of {gap} bytes each, {} bytes in all",
            count * gap
        )
    };
    assert!(finding.message.contains(&said), "{finding:?}");
    assert!(
        finding.message.contains("by about that much"),
        "{finding:?}"
    );
    // "About": the box's pointer in place of the gap, and the tag and alignment rounding of
    // the enum before and after (a box is pointer-aligned), a few bytes either way.
    let saving = before - after;
    let slack = size_of::<usize>() + align + align.max(align_of::<usize>());
    assert!(
        saving.abs_diff(gap) <= slack,
        "saving {saving}, gap {gap}, slack {slack}"
    );
}
