//! The leak scan: finds `Rc`/`Arc` allocations a drop leaves allocated (reference cycles), and
//! `DropWalk::leaked`, which adds them up with what forgotten (`ManuallyDrop`) values own.

use alloc::{boxed::Box, vec::Vec};
use core::mem::ManuallyDrop;
use core::ops::Deref;

use crate::collections::{Map, Set};
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
    /// The `Weak` handles met: the allocation's address, its bytes and its strong count now.
    pub(super) weak: Vec<(usize, usize, usize)>,
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
            weak: Vec::new(),
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
        if shared.block.allocations == 0 {
            return;
        }
        if shared.is_weak {
            self.weak
                .push((shared.address, shared.block.bytes, shared.strong));
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

impl<'a> super::DropWalk<'a> {
    /// Bytes and allocations of the shared allocations the drop leaves with a strong count that
    /// only handles inside such allocations hold (a cycle). Scans each kept allocation's
    /// contents for strong handles, then keeps alive every allocation held from outside (its
    /// count exceeds the handles found inside) and what it reaches; the rest leaks, with the
    /// allocations whose strong count is 0 that weak handles in them or in forgotten values
    /// hold (nothing releases those handles). Notes in `surviving_weak` every weak handle the
    /// drop leaves in place (in forgotten values and in kept allocations).
    pub(super) fn leaked(&mut self) -> (usize, usize) {
        struct Alloc<'a> {
            remaining: usize,
            inside: usize,
            bytes: usize,
            allocations: usize,
            edges: Vec<usize>,
            /// The weak handles its contents hold: (address, bytes, strong count now).
            weak: Vec<(usize, usize, usize)>,
            scan: Option<Scan<'a>>,
        }
        /// The allocation a strong handle a scan found points to, made on first meeting (with
        /// `remaining` strong handles) and queued for its own scan.
        fn found_alloc<'m, 'a>(
            allocs: &'m mut Map<usize, Alloc<'a>>,
            queue: &mut Vec<usize>,
            found: FoundHandle<'a>,
            remaining: usize,
        ) -> &'m mut Alloc<'a> {
            allocs.entry(found.address).or_insert_with(|| {
                queue.push(found.address);
                Alloc {
                    remaining,
                    inside: 0,
                    bytes: found.bytes,
                    allocations: 1,
                    edges: Vec::new(),
                    weak: Vec::new(),
                    scan: Some(found.scan),
                }
            })
        }
        let mut allocs: Map<usize, Alloc<'a>> = Map::new();
        let mut queue = Vec::new();
        // The scanner that found the forgotten values' handles holds the copies they read
        // through: it scans the rest too, so it lives until the end.
        let mut scanner = core::mem::replace(&mut self.forgotten, LeakScan::new());
        if scanner.incomplete {
            return (0, 0);
        }
        let mut forgotten = scanner.owned;
        // A weak handle nothing releases keeps its allocation once the strong count is 0 (it
        // was before the walk, or the walk's handles took it there): nothing frees it.
        let mut weak_held: Set<usize> = Set::default();
        for (address, bytes, strong) in core::mem::take(&mut scanner.weak) {
            *self.surviving_weak.entry(address).or_insert(0) += 1;
            let remaining = self.counts.get(&address).map_or(strong, |c| c.strong);
            if remaining == 0 && weak_held.insert(address) {
                forgotten = (forgotten.0 + bytes, forgotten.1 + 1);
            }
        }
        for found in core::mem::take(&mut scanner.found) {
            // A handle nothing releases: it holds its allocation as a handle inside a leaked
            // value does, so the allocation is alive only if held from outside too.
            let remaining = self
                .counts
                .get(&found.address)
                .map_or(found.strong, |c| c.strong);
            found_alloc(&mut allocs, &mut queue, found, remaining).inside += 1;
        }
        for kept in core::mem::take(&mut self.kept) {
            let remaining = self.counts.get(&kept.address).map_or(0, |c| c.strong);
            if remaining == 0 || allocs.contains_key(&kept.address) {
                continue;
            }
            queue.push(kept.address);
            allocs.insert(
                kept.address,
                Alloc {
                    remaining,
                    inside: 0,
                    bytes: kept.bytes,
                    allocations: 1,
                    edges: Vec::new(),
                    weak: Vec::new(),
                    scan: Some(kept.scan),
                },
            );
        }
        if queue.is_empty() {
            return forgotten;
        }
        while let Some(address) = queue.pop() {
            let Some(scan) = allocs.get_mut(&address).and_then(|a| a.scan.take()) else {
                continue;
            };
            scanner.owned = (0, 0);
            scan(&mut scanner);
            let (owned, owned_allocations) = scanner.owned;
            if let Some(a) = allocs.get_mut(&address) {
                a.bytes += owned;
                a.allocations += owned_allocations;
                a.weak = core::mem::take(&mut scanner.weak);
                // The drop releases no handle inside an allocation it keeps.
                for &(weak, _, _) in &a.weak {
                    *self.surviving_weak.entry(weak).or_insert(0) += 1;
                }
            }
            for found in core::mem::take(&mut scanner.found) {
                let (to, remaining) = (found.address, found.strong);
                found_alloc(&mut allocs, &mut queue, found, remaining).inside += 1;
                if let Some(from) = allocs.get_mut(&address) {
                    from.edges.push(to);
                }
            }
            if scanner.incomplete || allocs.len() > LEAK_SCAN_LIMIT {
                return (0, 0);
            }
        }
        // Held from outside: more strong handles than the scan found inside kept allocations.
        let mut alive: Vec<usize> = allocs
            .iter()
            .filter(|(_, a)| a.remaining > a.inside)
            .map(|(&address, _)| address)
            .collect();
        let mut seen: Set<usize> = alive.iter().copied().collect();
        while let Some(address) = alive.pop() {
            if let Some(a) = allocs.get(&address) {
                for &to in &a.edges {
                    if seen.insert(to) {
                        alive.push(to);
                    }
                }
            }
        }
        let mut leaked = forgotten;
        for (_, a) in allocs.iter().filter(|(address, _)| !seen.contains(address)) {
            leaked = (leaked.0 + a.bytes, leaked.1 + a.allocations);
            // A leaked allocation's weak handles are never released either.
            for &(address, bytes, strong) in &a.weak {
                let remaining = self.counts.get(&address).map_or(strong, |c| c.strong);
                if remaining == 0 && weak_held.insert(address) {
                    leaked = (leaked.0 + bytes, leaked.1 + 1);
                }
            }
        }
        leaked
    }
}
