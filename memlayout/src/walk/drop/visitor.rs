//! The drop-order walker's side of the visit protocol.

use alloc::vec::Vec;
use core::mem::ManuallyDrop;
use core::ops::Deref;

use super::leak::{address_of, drops_nothing, frees, is_unit};
use super::{DropWalk, RunTracker, Seg};
use crate::drop::{to_u32, DropAction};
use crate::layout::entry::MapEntry;
use crate::layout::Layout;
use crate::visit::{HeapBlock, Shared, Visitor};
use crate::walk::guard::guard_segment;

impl<'a> Visitor<'a> for DropWalk<'a> {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, name: &'static str, value: &'a T) {
        if self.skips::<T>() {
            return;
        }
        self.act(move |w| w.descend(Seg::Field(name), value));
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if self.skips::<T>() {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy = unsafe { self.held.copy(copy) };
        // The copy lives elsewhere: the field's own place comes from the static layout.
        let addr = self.field_address(index, name);
        self.act(move |w| w.descend_at(Seg::Field(name), copy, addr));
    }

    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        if heap.allocations == 0 {
            return;
        }
        let addr = self.field_address(index, name);
        let type_name = self.field_type_name(index, name).unwrap_or("opaque");
        self.act(move |w| w.child_step(Seg::Field(name), type_name, frees(&heap), addr));
    }

    fn variant(&mut self, index: usize, name: &'static str) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let known = frame
            .layout
            .variants
            .get(index)
            .is_some_and(|v| v.name == name);
        let slot = if known {
            index
        } else {
            // A hand-written impl without variant metadata: remember the name.
            let at = match self.variant_names.iter().position(|&n| n == name) {
                Some(at) => at,
                None => {
                    self.variant_names.push(name);
                    self.variant_names.len() - 1
                }
            };
            frame.layout.variants.len() + at
        };
        if let Some(frame) = self.frames.last_mut() {
            frame.variant = Some(to_u32(slot));
        }
    }

    fn heap(&mut self, block: HeapBlock) {
        let index = self.frames.len().saturating_sub(1);
        self.pending.push((index, block));
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        let base = match self.frames.last_mut() {
            Some(frame) => {
                let base = frame.next_element;
                frame.next_element += items.len();
                base
            }
            None => 0,
        };
        if drops_nothing::<T>() {
            if self.options.include_no_ops && !items.is_empty() {
                let seg = Seg::Range(base, base + items.len());
                let addr = address_of(items);
                self.act(move |w| {
                    w.child_step(seg, (T::LAYOUT.type_name)(), DropAction::NoOp, addr)
                });
            }
            return;
        }
        let run = RunTracker::new(&self.options);
        self.act(move |w| w.each_element(items, base, run));
    }

    fn entries<K, W, I>(&mut self, len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        let is_set = is_unit(W::LAYOUT);
        if drops_nothing::<K>() && drops_nothing::<W>() {
            if self.options.include_no_ops && len > 0 {
                // One step for every entry (a set's item, a map's `(K, V)`): no single address.
                let layout = if is_set {
                    K::LAYOUT
                } else {
                    MapEntry::<K, W>::LAYOUT
                };
                self.act(|w| {
                    w.child_step(Seg::AllEntries, (layout.type_name)(), DropAction::NoOp, 0)
                });
            }
            return;
        }
        let mut run = RunTracker::new(&self.options);
        if self.recording.is_some() {
            let list: Vec<(&'a K, &'a W)> = entries.collect();
            self.act(move |w| w.each_entry(list, run, is_set));
        } else {
            for (i, (key, value)) in entries.enumerate() {
                run.start(self.steps.len());
                self.entry(i, key, value, is_set);
            }
            run.finish(self);
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.act(move |w| {
            if index.is_some() {
                w.node_run_start();
            }
            let seg = match index {
                Some(i) => Seg::Index(i),
                None => Seg::Deref,
            };
            let type_name = (T::LAYOUT.type_name)();
            let addr = address_of(contents);
            w.descend_then(seg, contents, move |w| {
                w.free_boxed(index, block, type_name, addr)
            });
        });
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        self.act(move |w| w.release_handle(shared));
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if self.skips::<T>() {
            return;
        }
        let label = guard_segment(core::any::type_name::<G>());
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        self.act(move |w| w.descend(Seg::Guard(label), contents));
    }

    fn unreadable(&mut self, reason: &'static str) {
        self.act(move |w| w.frame_step(DropAction::Unreadable { reason }));
    }

    fn resource(&mut self, release: &'static str) {
        self.act(move |w| w.frame_step(DropAction::ReleasesResource { what: release }));
    }
}

impl DropWalk<'_> {
    /// Whether a part of type `T` has no step at all: no drop glue, nothing owned that its drop
    /// would leave allocated, and no-op steps not asked for.
    fn skips<T: Layout + ?Sized>(&self) -> bool {
        drops_nothing::<T>() && !self.options.include_no_ops
    }
}
