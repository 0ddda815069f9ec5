//! The leak scan: finds `Rc`/`Arc` allocations a drop leaves allocated (reference cycles).

use alloc::{boxed::Box, vec::Vec};
use core::mem::ManuallyDrop;
use core::ops::Deref;

use crate::drop::DropAction;
use crate::layout::{Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Shared, Visitor};
use crate::walk::hold::KeepAlive;
use crate::walk::stack::STACK_LIMIT;

/// Allocations a leak scan looks at, at most: past it, no leak is claimed.
pub(super) const LEAK_SCAN_LIMIT: usize = 100_000;

/// Walks a shared allocation's contents with a [`LeakScan`].
pub(super) type Scan<'a> = Box<dyn FnOnce(&mut LeakScan<'a>) + 'a>;

/// A shared allocation that a strong handle released without dropping it, or that a leak scan
/// found a strong handle to.
pub(super) struct KeptAlive<'a> {
    pub(super) address: usize,
    pub(super) bytes: usize,
    pub(super) scan: Scan<'a>,
}

/// A strong handle met inside a kept allocation's contents.
pub(super) struct FoundHandle<'a> {
    pub(super) address: usize,
    pub(super) bytes: usize,
    pub(super) strong: usize,
    pub(super) scan: Scan<'a>,
}

/// Finds the strong `Rc`/`Arc` handles inside a value, without entering what they point to.
pub(super) struct LeakScan<'a> {
    pub(super) found: Vec<FoundHandle<'a>>,
    /// Heap bytes and allocations the scanned contents own (not behind shared handles).
    pub(super) owned: (usize, usize),
    pub(super) held: KeepAlive<'a>,
    pub(super) depth: usize,
    /// A part could not be read, or the value nests too deep: no leak is claimed.
    pub(super) incomplete: bool,
}

impl<'a> LeakScan<'a> {
    pub(super) fn new() -> Self {
        LeakScan {
            found: Vec::new(),
            owned: (0, 0),
            held: KeepAlive::new(),
            depth: 0,
            incomplete: false,
        }
    }

    pub(super) fn walk<T: Layout + ?Sized>(&mut self, value: &'a T) {
        if T::IS_LEAF || self.incomplete {
            return;
        }
        if self.depth >= STACK_LIMIT {
            self.incomplete = true;
            return;
        }
        self.depth += 1;
        value.visit(self);
        self.depth -= 1;
    }
}

impl<'a> Visitor<'a> for LeakScan<'a> {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        self.walk(value);
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        // SAFETY: the reference is used only by this scan, which ends before `self.held` drops.
        let copy = unsafe { self.held.copy(copy) };
        self.walk(copy);
    }

    fn heap(&mut self, block: HeapBlock) {
        self.owned.0 += block.bytes;
        self.owned.1 += block.allocations;
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        for item in items {
            self.walk(item);
        }
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return;
        }
        for (key, value) in entries {
            self.walk(key);
            self.walk(value);
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        _index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.heap(block);
        self.walk(contents);
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        if shared.is_weak || shared.block.allocations == 0 {
            return;
        }
        match shared.contents {
            Some(contents) => self.found.push(FoundHandle {
                address: shared.address,
                bytes: shared.block.bytes,
                strong: shared.strong,
                scan: Box::new(move |scan: &mut LeakScan<'a>| scan.walk(contents)),
            }),
            None => self.incomplete = true,
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        // SAFETY: the reference is used only by this scan, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        self.walk(contents);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.incomplete = true;
    }
}

pub(super) fn frees(block: &HeapBlock) -> DropAction {
    DropAction::FreesHeap {
        bytes: block.bytes,
        allocations: block.allocations,
        is_exact: block.exactness.is_exact(),
    }
}

/// `true` for `()`, the value type of a set's entries.
pub(super) fn is_unit(layout: &TypeLayout) -> bool {
    layout.size == 0 && matches!(layout.kind, Kind::Primitive) && !layout.needs_drop
}

/// The address of `value`, as a step records it.
pub(super) fn address_of<T: ?Sized>(value: &T) -> usize {
    value as *const T as *const u8 as usize
}

/// Whether a value of type `T` without drop glue may still own heap that its drop then leaves
/// allocated (`ManuallyDrop<String>`, a struct holding one). References and raw pointers own
/// nothing; an opaque part is not looked into.
pub(super) fn may_own<T: Layout + ?Sized>() -> bool {
    !T::IS_LEAF && matches!(T::LAYOUT.storage, Storage::OwnsHeap | Storage::SharesHeap)
}

/// Whether dropping a value of type `T` does nothing and leaves nothing allocated: no drop glue,
/// nothing owned.
pub(super) fn drops_nothing<T: Layout + ?Sized>() -> bool {
    !T::LAYOUT.needs_drop && !may_own::<T>()
}
