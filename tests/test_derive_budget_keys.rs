//! `#[derive(Layout)]`'s budget keys (`max_size`, `align`, `no_padding`, `niche`, `max_align`):
//! one `assert_layout!` call each, through a stand-in crate path and through memlayout's own.
#![allow(dead_code)]

#[path = "common/derive_checks.rs"]
mod derive_checks;

use std::mem::size_of;

use memlayout::Layout;

// ---- budget keys ----

/// A stand-in for a crate that re-exports memlayout with its own `assert_layout!`: the derive
/// calls `<crate path>::assert_layout!(Type, key = value);` once per budget key. This one records
/// each call as an associated constant, so the test can see which calls were made.
mod budget_facade {
    pub(crate) use ::memlayout::__private;

    macro_rules! assert_layout {
        ($t:ty, max_size = $n:literal) => {
            impl $t {
                const CHECKED_MAX_SIZE: usize = $n;
            }
            const _: () = assert!(::std::mem::size_of::<$t>() <= $n);
        };
        ($t:ty, align = $n:literal) => {
            impl $t {
                const CHECKED_ALIGN: usize = $n;
            }
        };
        ($t:ty, no_padding) => {
            impl $t {
                const CHECKED_NO_PADDING: &'static str = "no_padding";
            }
        };
        ($t:ty, niche) => {
            impl $t {
                const CHECKED_NICHE: &'static str = "niche";
            }
        };
    }
    pub(crate) use assert_layout;
}

#[derive(Layout)]
#[layout(crate = crate::budget_facade, max_size = 64, no_padding)]
#[layout(align = 4)]
#[repr(C)]
struct Budgeted {
    a: u32,
    b: u32,
}

#[derive(Layout)]
#[layout(crate = crate::budget_facade, niche)]
enum BudgetedEnum<'a> {
    A(#[layout(opaque)] &'a u8),
    B,
}

#[test]
fn budget_keys_expand_to_one_assert_layout_call_each() {
    assert_eq!(Budgeted::CHECKED_MAX_SIZE, 64);
    assert_eq!(Budgeted::CHECKED_ALIGN, 4);
    assert_eq!(Budgeted::CHECKED_NO_PADDING, "no_padding");
    assert_eq!(<BudgetedEnum<'static>>::CHECKED_NICHE, "niche");
}

/// The budget keys through memlayout's own `assert_layout!`: these compile only if each budget
/// holds (an over-budget type fails the build, pinned by the budget UI tests).
#[derive(Layout)]
#[layout(no_padding, max_align = 8)]
#[repr(C)]
struct WithinBudget {
    a: u32,
    b: u32,
}

#[derive(Layout)]
#[layout(niche, max_size = 1)]
#[repr(u8)]
enum SmallTag {
    A,
    B,
    C,
}

#[test]
fn budget_keys_through_the_real_macro() {
    assert_eq!(WithinBudget::LAYOUT.padding_bytes, 0);
    assert_eq!(size_of::<Option<SmallTag>>(), size_of::<SmallTag>());
}
