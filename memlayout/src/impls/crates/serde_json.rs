//! serde_json's `Value`, `Map<String, Value>` and `Number`.
//!
//! - `Value` is an enum: `String`, `Array` (a `Vec<Value>`) and `Object` (a `Map`) own heap,
//!   reported as std's `String` and `Vec` are (exact), the other variants are inline.
//! - `Map` is a `BTreeMap<String, Value>` by default: its nodes are reported as std's `BTreeMap`
//!   is, an estimate within bounds that follow from the B-tree invariants (exact where they
//!   leave one shape, as for up to ten entries; see
//!   [`map`](crate::impls::map)): serde_json does not expose the map, but its iterator yields
//!   references to the entries where they sit in the nodes, which is all the figure needs.
//! - With serde_json's `preserve_order` feature, `Map` is an `IndexMap` (a vector of entries
//!   plus a hash table of indices) whose capacities serde_json does not expose: the figure is
//!   then bounds, at least `len` entries of a hash, a key and a value each, and no upper end.
//!   The build is told apart by the map's size, which differs from a `BTreeMap`'s.
//! - `Number` is plain data, unless serde_json's `arbitrary_precision` feature makes it a
//!   `String` (told apart by its drop glue): then it owns at least its digits, bounds with no
//!   upper end (the string's capacity is not exposed).

use std::collections::BTreeMap;

use serde_json::{map, Map, Number, Value};

use crate::impls::debug_key_to;
use crate::impls::map::BTree;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

use super::unbounded;

/// Whether serde_json was built with `preserve_order` (`Map` is an `IndexMap`).
const IS_INDEX_MAP: bool =
    core::mem::size_of::<Map<String, Value>>() != core::mem::size_of::<BTreeMap<String, Value>>();

/// Whether serde_json was built with `arbitrary_precision` (`Number` holds a `String`).
const IS_STRING_NUMBER: bool = core::mem::needs_drop::<Number>();

impl Layout for Value {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Value>("serde_json::Value", Kind::Enum).with_storage(Storage::OwnsHeap);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            Value::Null => visitor.variant(0, "Null"),
            Value::Bool(_) => visitor.variant(1, "Bool"),
            Value::Number(number) => {
                visitor.variant(2, "Number");
                visitor.field(0, "0", number);
            }
            Value::String(text) => {
                visitor.variant(3, "String");
                visitor.field(0, "0", text);
            }
            Value::Array(items) => {
                visitor.variant(4, "Array");
                visitor.field(0, "0", items);
            }
            Value::Object(map) => {
                visitor.variant(5, "Object");
                visitor.field(0, "0", map);
            }
        }
    }
}

impl Layout for Map<String, Value> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Map<String, Value>>("serde_json::Map", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<(String, Value)>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let len = self.len();
        if IS_INDEX_MAP {
            // Each entry: its hash, key and value, in the entries vector; the index table is
            // not counted in the low bound.
            let entry = core::mem::size_of::<(usize, String, Value)>();
            visitor.heap(unbounded(
                len * entry,
                len * entry,
                2 * usize::from(len > 0),
            ));
            visitor.entries(len, self.iter());
            return;
        }
        let entries = Entries::new(self);
        let mut scan = BTree::<String, Value>::scan();
        let block = BTree::<String, Value>::new(len, &mut scan);
        crate::impls::map::visit_btree(visitor, len, entries, block);
    }
}

/// `Map::iter` as an iterator that can be cloned (serde_json's own `Iter` is `Clone` only since
/// 1.0.145): a clone starts over from the map and skips what this one has taken already.
struct Entries<'a> {
    map: &'a Map<String, Value>,
    iter: map::Iter<'a>,
    /// Entries taken from the front and from the back.
    taken: (usize, usize),
}

impl<'a> Entries<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Entries {
            map,
            iter: map.iter(),
            taken: (0, 0),
        }
    }
}

impl Clone for Entries<'_> {
    fn clone(&self) -> Self {
        let mut clone = Entries::new(self.map);
        for _ in 0..self.taken.0 {
            clone.next();
        }
        for _ in 0..self.taken.1 {
            clone.next_back();
        }
        clone
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = (&'a String, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        let entry = self.iter.next()?;
        self.taken.0 += 1;
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.iter.size_hint()
    }
}

impl DoubleEndedIterator for Entries<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let entry = self.iter.next_back()?;
        self.taken.1 += 1;
        Some(entry)
    }
}

impl Layout for Number {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Number>("Number", Kind::Other);
    const IS_LEAF: bool = !IS_STRING_NUMBER;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        if IS_STRING_NUMBER {
            let digits = displayed_len(self);
            visitor.heap(unbounded(digits, digits, 1));
        }
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        debug_key_to(self, out)
    }
}

/// The length of `value`'s `Display` form, counted without allocating.
fn displayed_len(value: &impl core::fmt::Display) -> usize {
    struct Count(usize);
    impl core::fmt::Write for Count {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = core::fmt::write(&mut count, format_args!("{value}"));
    count.0
}
