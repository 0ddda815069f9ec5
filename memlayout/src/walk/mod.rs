//! The walks: visitors that follow the visit protocol through a value and build a model.
//!
//! One file per walk: [`totals`] (root figures only), [`report`] (a [`Report`](crate::Report)),
//! [`folded`] (heap bytes by field path, every element included),
//! `drop` (a [`DropOrder`](crate::DropOrder)), [`variant`] (an enum value's
//! [`ActiveVariant`](crate::variant::ActiveVariant)) and [`target`] (looks through references at the
//! root, for every walk and for budgets). The machinery they share is in its own small files:
//! [`stack`] (the machine-stack budget, the address hasher), [`hold`] (guards and packed copies
//! kept alive until a walk ends), [`guard`] (the path segment of a guard's contents) and
//! [`shared_seen`] (the shared allocations a walk that adds up has met).

pub(crate) mod by_type;
pub(crate) mod drop;
pub(crate) mod folded;
pub(crate) mod guard;
pub(crate) mod hold;
pub(crate) mod report;
pub(crate) mod reserved;
pub(crate) mod shared_seen;
pub(crate) mod stack;
pub(crate) mod target;
pub(crate) mod totals;
pub(crate) mod variant;
