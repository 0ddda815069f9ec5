//! The budget target walk: looks through references at the root of a walk.

use crate::layout::{Kind, Layout, Storage};
use crate::visit::Visitor;

/// Work done on the value at the root of a walk, once references are looked through (see
/// [`through_references`]).
pub(crate) trait AtRoot {
    /// What the work returns.
    type Output;
    /// Does the work on `value`, which is not a reference.
    fn call<T: Layout + ?Sized>(self, value: &T) -> Self::Output;
}

/// Calls `work` with `value`, or, when `value` is a reference (`&T`, `&mut T`), with what it
/// points to, through any number of references. A reference owns nothing, so at the root its
/// figures would always be zero: [`totals`](crate::totals), [`heap_bytes`](crate::heap_bytes),
/// `layout_report` and [`budget::check`](crate::budget::check) report the target instead.
pub(crate) fn through_references<T: Layout + ?Sized, W: AtRoot + Copy>(
    value: &T,
    work: W,
) -> W::Output {
    if T::LAYOUT.kind == Kind::Pointer && T::LAYOUT.storage == Storage::Borrows {
        let mut target = RootTarget { work, output: None };
        value.visit(&mut target);
        if let Some(output) = target.output {
            return output;
        }
    }
    work.call(value)
}

/// Finds the target of a reference, which reports it through [`Visitor::borrowed`], and does
/// the work there.
struct RootTarget<W: AtRoot> {
    work: W,
    output: Option<W::Output>,
}

impl<'a, W: AtRoot + Copy> Visitor<'a> for RootTarget<W> {
    fn borrowed<T: Layout + ?Sized>(&mut self, target: &'a T) {
        if self.output.is_none() {
            self.output = Some(through_references(target, self.work));
        }
    }

    /// Nothing owned is entered (every default that descends goes through here): only a
    /// reference's target is wanted. Blocks, variants and the rest keep their empty defaults.
    fn value<T: Layout + ?Sized>(&mut self, _: &'a T) {}
}
