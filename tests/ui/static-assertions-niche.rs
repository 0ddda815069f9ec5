// The case of budget-niche.rs, checked by both crates: both reject it.
use static_assertions::assert_eq_size;

/// Every bit pattern of a `u32` is a valid `Id`, so `Option<Id>` needs a tag.
#[repr(transparent)]
struct Id(u32);

memlayout::assert_layout!(Id, niche);
assert_eq_size!(Id, Option<Id>);

fn main() {}
