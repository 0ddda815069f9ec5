//! The footprint walk: instances, inline bytes and heap figures per type, over the whole value.
//!
//! A walk of its own, so the report walk (tuned to fold summarised elements quickly) counts
//! nothing per type. Like the tally it recurses through monomorphised `visit` calls and, once it
//! has used [`TALLY_STACK_BYTES`](crate::walk::stack) of machine stack, defers the rest of a part
//! to an explicit work list, so a million-node `Box` chain needs no more stack than a short one.
//!
//! Rows are found by the address of the type's name (`core::any::type_name`), a constant: one
//! multiply-hash per part, and none for a run of parts of the type met last (a `Vec`'s
//! elements). Rows of one name met at two addresses are merged when the model is made.

use alloc::{boxed::Box, vec::Vec};
use core::mem::ManuallyDrop;
use core::ops::Deref;

use crate::collections::{AddressMap, Entry};
use crate::layout::entry::MapEntry;
use crate::layout::Layout;
use crate::report::{Footprint, TypeFootprint};
use crate::visit::{HeapBlock, Shared, Visitor};
use crate::walk::hold::KeepAlive;
use crate::walk::stack::{stack_mark, within_budget};
use crate::walk::target::{through_references, AtRoot};

/// How much memory each type holds in `value`: for every type met in it (the root, fields,
/// elements, map entries `(K, V)` and their keys and values, boxed and shared contents), the number of instances, their
/// inline bytes, the heap bytes and unused capacity of the blocks they own themselves (shared
/// allocations once), in total and on average, largest first.
///
/// Every element counts, not only those a [`Report`](crate::Report) shows: the figures are
/// totals over the whole value, and the heap bytes of all rows add up to
/// [`heap_bytes`](crate::heap_bytes) of the value. A field's inline bytes lie inside its
/// parent's, so inline bytes of different rows overlap; a leaf (a value that owns nothing, like
/// `u64` or a struct of numbers) is counted as itself, its own fields are not listed. A
/// reference at the root is looked through, as by [`totals`](crate::totals).
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// struct Order { id: u64, note: String }
///
/// let orders: Vec<Order> = (0..100).map(|id| Order { id, note: id.to_string() }).collect();
/// let footprint = memlayout::footprint(&orders);
/// let notes = footprint.get("String").unwrap();
/// assert_eq!(notes.instances, 100);
/// assert_eq!(notes.heap_bytes, orders.iter().map(|o| o.note.capacity()).sum::<usize>());
/// assert_eq!(footprint.get("Order").unwrap().instances, 100);
/// assert_eq!(footprint.heap_bytes(), memlayout::heap_bytes(&orders));
/// println!("{footprint}");
/// ```
pub fn footprint<T: Layout + ?Sized>(value: &T) -> Footprint {
    #[derive(Clone, Copy)]
    struct Walk;
    impl AtRoot for Walk {
        type Output = Footprint;
        fn call<T: Layout + ?Sized>(self, value: &T) -> Footprint {
            let mut walk = ByType::new();
            walk.run(value);
            walk.finish()
        }
    }
    through_references(value, Walk)
}

type Deferred<'a> = Box<dyn FnOnce(&mut ByType<'a>) + 'a>;

/// The visitor: one row per type met, the row of the part being visited, and the machinery of
/// a walk that holds guards and defers deep parts.
struct ByType<'a> {
    rows: Vec<TypeFootprint>,
    /// Row index by the address of the type's name.
    row_of: AddressMap<usize>,
    /// The name address and row of the type counted last.
    last: (usize, usize),
    /// The row of the value whose `visit` is running: its heap blocks are counted there.
    current: usize,
    stack_mark: usize,
    deferred: Vec<Deferred<'a>>,
    /// Shared allocations seen, and whether their contents were walked.
    shared_seen: AddressMap<bool>,
    held: KeepAlive<'a>,
}

impl<'a> ByType<'a> {
    fn new() -> Self {
        ByType {
            rows: Vec::new(),
            row_of: AddressMap::default(),
            last: (0, usize::MAX),
            current: 0,
            stack_mark: stack_mark(),
            deferred: Vec::new(),
            shared_seen: AddressMap::default(),
            held: KeepAlive::new(),
        }
    }

    fn finish(mut self) -> Footprint {
        // The stack is unwound to here: deferred work starts with the whole budget.
        self.stack_mark = stack_mark();
        while let Some(work) = self.deferred.pop() {
            work(&mut self);
        }
        Footprint::from_rows(core::mem::take(&mut self.rows))
    }

    /// The row of the type named `name`, made on first meeting.
    #[inline]
    fn row_named(&mut self, name: &'static str) -> usize {
        let address = name.as_ptr() as usize;
        if self.last.0 == address && self.rows[self.last.1].type_name.len() == name.len() {
            return self.last.1;
        }
        let row = match self.row_of.entry(address) {
            Entry::Occupied(slot) if self.rows[*slot.get()].type_name == name => *slot.get(),
            Entry::Occupied(_) => {
                // Another name at the same address (one a prefix of the other): a row of its
                // own, found by name.
                match self.rows.iter().position(|r| r.type_name == name) {
                    Some(row) => row,
                    None => {
                        self.rows.push(TypeFootprint::new(name));
                        self.rows.len() - 1
                    }
                }
            }
            Entry::Vacant(slot) => {
                self.rows.push(TypeFootprint::new(name));
                *slot.insert(self.rows.len() - 1)
            }
        };
        self.last = (address, row);
        row
    }

    /// Counts `count` instances of `T`, `inline_bytes` together.
    #[inline]
    fn count<T: ?Sized>(&mut self, count: usize, inline_bytes: usize) -> usize {
        self.count_named(core::any::type_name::<T>(), count, inline_bytes)
    }

    /// Counts `count` instances of the type named `name`, `inline_bytes` together.
    #[inline]
    fn count_named(&mut self, name: &'static str, count: usize, inline_bytes: usize) -> usize {
        let row = self.row_named(name);
        let r = &mut self.rows[row];
        r.instances += count;
        r.inline_bytes += inline_bytes;
        row
    }

    /// Counts `value` and, unless it is a leaf, visits its parts with its row current.
    #[inline]
    fn run<T: Layout + ?Sized>(&mut self, value: &'a T) {
        let row = self.count::<T>(1, core::mem::size_of_val(value));
        if T::IS_LEAF {
            return;
        }
        let saved = core::mem::replace(&mut self.current, row);
        value.visit(self);
        self.current = saved;
    }

    /// [`ByType::run`] on the machine stack while within budget, else deferred.
    #[inline]
    fn descend<T: Layout + ?Sized>(&mut self, value: &'a T) {
        if T::IS_LEAF || within_budget(self.stack_mark) {
            self.run(value);
        } else {
            self.deferred
                .push(Box::new(move |walk: &mut Self| walk.run(value)));
        }
    }

    /// Adds a block the current value owns to its row.
    fn block(&mut self, block: &HeapBlock) {
        self.rows[self.current].add_block(block);
    }
}

impl<'a> Visitor<'a> for ByType<'a> {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        self.run(value);
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy = unsafe { self.held.copy(copy) };
        self.descend(copy);
    }

    fn heap(&mut self, block: HeapBlock) {
        self.block(&block);
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            self.count::<T>(items.len(), core::mem::size_of_val(items));
            return;
        }
        for item in items {
            self.descend(item);
        }
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        // A map's entries are `(K, V)` instances (their inline bytes the key's and value's);
        // a set's items come with `()` values: the item is the key.
        let (mut entries_met, mut entry_bytes) = (0, 0);
        for (key, value) in entries {
            self.descend(key);
            if !(W::IS_LEAF && core::mem::size_of_val(value) == 0) {
                entries_met += 1;
                entry_bytes += core::mem::size_of_val(key) + core::mem::size_of_val(value);
                self.descend(value);
            }
        }
        if entries_met > 0 {
            let name = (MapEntry::<K, W>::LAYOUT.type_name)();
            self.count_named(name, entries_met, entry_bytes);
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        _index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.block(&block);
        self.descend(contents);
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        let (first, walked) = match self.shared_seen.entry(shared.address) {
            Entry::Vacant(slot) => (true, slot.insert(false)),
            Entry::Occupied(slot) => (false, slot.into_mut()),
        };
        let walk_now = !*walked && shared.contents.is_some();
        *walked |= walk_now;
        if first {
            self.block(&shared.block);
        }
        if let (true, Some(contents)) = (walk_now, shared.contents) {
            self.descend(contents);
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        self.descend(contents);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.rows[self.current].unreadable += 1;
    }
}
