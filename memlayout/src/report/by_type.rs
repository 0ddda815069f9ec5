//! A value's footprint by type: the model [`footprint`](crate::footprint) builds.

use alloc::vec::Vec;

use crate::render::short_type_name;
use crate::visit::{Exactness, HeapBlock};

/// How much memory each type holds in a value, largest first: what
/// [`footprint`](crate::footprint) returns. `Display` prints a table; `to_json` (feature
/// `json`) a document.
///
/// ```
/// let names = vec![String::from("ab"), String::with_capacity(10)];
/// let footprint = memlayout::footprint(&names);
/// let rows: Vec<(&str, usize)> =
///     footprint.types().iter().map(|t| (t.type_name, t.instances)).collect();
/// assert_eq!(rows, [
///     (core::any::type_name::<Vec<String>>(), 1),
///     (core::any::type_name::<String>(), 2),
/// ]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Footprint {
    types: Vec<TypeFootprint>,
}

/// The instances of one type in a value and what they hold: one row of a [`Footprint`].
///
/// ```
/// let v = vec![vec![1u8; 3], Vec::with_capacity(8)];
/// let row = memlayout::footprint(&v).get("Vec<u8>").copied().unwrap();
/// assert_eq!((row.instances, row.heap_bytes, row.unused_capacity), (2, 11, 8));
/// assert_eq!(row.average_heap_bytes(), 5.5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct TypeFootprint {
    /// The full type name (`alloc::string::String`).
    pub type_name: &'static str,
    /// How many values of the type the value holds.
    pub instances: usize,
    /// `size_of_val` of every instance, added up. A field's bytes are inside its parent's too.
    pub inline_bytes: usize,
    /// Heap bytes of the blocks the instances own themselves (a `String`'s buffer, a `Box`'s
    /// allocation; a shared allocation once, at the first handle met), not those of their parts.
    pub heap_bytes: usize,
    /// Bytes of those blocks not holding live elements.
    pub unused_capacity: usize,
    /// How many allocations those blocks are.
    pub allocations: usize,
    /// Parts of the instances that could not be read (a locked `Mutex`): they may own more.
    pub unreadable: usize,
    /// `false` when a block's figure is an estimate or a part was unreadable.
    pub is_exact: bool,
}

impl TypeFootprint {
    /// An empty row for the type named `type_name`.
    pub(crate) fn new(type_name: &'static str) -> TypeFootprint {
        TypeFootprint {
            type_name,
            instances: 0,
            inline_bytes: 0,
            heap_bytes: 0,
            unused_capacity: 0,
            allocations: 0,
            unreadable: 0,
            is_exact: true,
        }
    }

    /// Adds a block an instance owns.
    pub(crate) fn add_block(&mut self, block: &HeapBlock) {
        self.heap_bytes += block.bytes;
        self.unused_capacity += block.unused();
        self.allocations += block.allocations;
        self.is_exact &= block.exactness == Exactness::Exact;
    }

    /// Adds `other`'s figures (a row of the same name).
    fn merge(&mut self, other: &TypeFootprint) {
        self.instances += other.instances;
        self.inline_bytes += other.inline_bytes;
        self.heap_bytes += other.heap_bytes;
        self.unused_capacity += other.unused_capacity;
        self.allocations += other.allocations;
        self.unreadable += other.unreadable;
        self.is_exact &= other.is_exact;
    }

    /// Inline and heap bytes: what the rows are sorted by.
    ///
    /// ```
    /// let row = memlayout::footprint(&String::from("abc")).types()[0];
    /// assert_eq!(row.total_bytes(), core::mem::size_of::<String>() + 3);
    /// ```
    pub fn total_bytes(&self) -> usize {
        self.inline_bytes + self.heap_bytes
    }

    /// Inline bytes per instance.
    ///
    /// ```
    /// let row = memlayout::footprint(&vec![1u32, 2, 3]).get("u32").copied().unwrap();
    /// assert_eq!(row.average_inline_bytes(), 4.0);
    /// ```
    pub fn average_inline_bytes(&self) -> f64 {
        average(self.inline_bytes, self.instances)
    }

    /// Heap bytes per instance.
    ///
    /// ```
    /// let v = vec![String::from("ab"), String::from("abcd")];
    /// assert_eq!(memlayout::footprint(&v).get("String").unwrap().average_heap_bytes(), 3.0);
    /// ```
    pub fn average_heap_bytes(&self) -> f64 {
        average(self.heap_bytes, self.instances)
    }

    /// Unused capacity per instance.
    ///
    /// ```
    /// let v = vec![String::with_capacity(4), String::new()];
    /// assert_eq!(memlayout::footprint(&v).get("String").unwrap().average_unused_capacity(), 2.0);
    /// ```
    pub fn average_unused_capacity(&self) -> f64 {
        average(self.unused_capacity, self.instances)
    }
}

/// `total / count`, 0 for no instances.
fn average(total: usize, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        total as f64 / count as f64
    }
}

impl Footprint {
    /// The model of `rows`: rows of one name merged, largest total first (ties by name).
    pub(crate) fn from_rows(rows: Vec<TypeFootprint>) -> Footprint {
        let mut types: Vec<TypeFootprint> = Vec::with_capacity(rows.len());
        for row in rows {
            match types.iter_mut().find(|t| t.type_name == row.type_name) {
                Some(same) => same.merge(&row),
                None => types.push(row),
            }
        }
        types.sort_by(|a, b| {
            b.total_bytes()
                .cmp(&a.total_bytes())
                .then_with(|| a.type_name.cmp(b.type_name))
        });
        Footprint { types }
    }

    /// The rows, largest total ([`TypeFootprint::total_bytes`]) first.
    ///
    /// ```
    /// let f = memlayout::footprint(&vec![String::from("a")]);
    /// assert_eq!(f.types().len(), 2);
    /// ```
    pub fn types(&self) -> &[TypeFootprint] {
        &self.types
    }

    /// The row of the type named `name`, in full (`alloc::string::String`) or without module
    /// paths (`String`, `Vec<String>`; where two types of different modules share that short
    /// name, the first row, the larger).
    ///
    /// ```
    /// let f = memlayout::footprint(&vec![String::from("a")]);
    /// assert_eq!(f.get("Vec<String>"), f.get("alloc::vec::Vec<alloc::string::String>"));
    /// assert!(f.get("u8").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&TypeFootprint> {
        self.types.iter().find(|t| t.type_name == name).or_else(|| {
            self.types
                .iter()
                .find(|t| short_type_name(t.type_name) == name)
        })
    }

    /// Heap bytes of all rows: the value's [`heap_bytes`](crate::heap_bytes).
    ///
    /// ```
    /// let v = vec![Box::new(1u64), Box::new(2)];
    /// assert_eq!(memlayout::footprint(&v).heap_bytes(), memlayout::heap_bytes(&v));
    /// ```
    pub fn heap_bytes(&self) -> usize {
        self.types.iter().map(|t| t.heap_bytes).sum()
    }

    /// Unused capacity of all rows: the value's
    /// [`Totals::unused_capacity`](crate::Totals::unused_capacity).
    ///
    /// ```
    /// let v = vec![String::with_capacity(9)];
    /// assert_eq!(memlayout::footprint(&v).unused_capacity(), memlayout::totals(&v).unused_capacity);
    /// ```
    pub fn unused_capacity(&self) -> usize {
        self.types.iter().map(|t| t.unused_capacity).sum()
    }

    /// `true` when every row is exact.
    ///
    /// ```
    /// assert!(memlayout::footprint(&vec![1u8]).is_exact());
    /// ```
    pub fn is_exact(&self) -> bool {
        self.types.iter().all(|t| t.is_exact && t.unreadable == 0)
    }
}
