//! The budget target walk: looks through references at the root of a walk.

use core::mem::ManuallyDrop;
use core::ops::Deref;

use crate::layout::{Kind, Layout, Storage};
use crate::visit::{HeapBlock, Shared, Visitor};

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
/// figures would always be zero: [`totals`], [`heap_bytes`], `layout_report` and
/// [`budget::check`](crate::budget::check) report the target instead.
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

    fn field<T: Layout + ?Sized>(&mut self, _: usize, _: &'static str, _: &'a T) {}
    fn packed_field<T: Layout + 'a>(&mut self, _: usize, _: &'static str, _: ManuallyDrop<T>) {}
    fn measured(&mut self, _: usize, _: &'static str, _: HeapBlock) {}
    fn variant(&mut self, _: usize, _: &'static str) {}
    fn heap(&mut self, _: HeapBlock) {}
    fn elements<T: Layout>(&mut self, _: &'a [T]) {}
    fn entries<K, V, I>(&mut self, _: usize, _: I)
    where
        K: Layout + ?Sized + 'a,
        V: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a V)>,
    {
    }
    fn boxed<T: Layout + ?Sized>(&mut self, _: Option<usize>, _: &'a T, _: HeapBlock) {}
    fn shared<T: Layout + ?Sized>(&mut self, _: Shared<'a, T>) {}
    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, _: G) {}
    fn unreadable(&mut self, _: &'static str) {}
    fn resource(&mut self, _: &'static str) {}
}
