//! More chains for `report_cost` (issue 16): an enum cons list and a list whose links own a
//! `String`, at any length (`cons:N`, `named:N`), beside workload 5's list of numbers
//! (`list:N`); lists of names with odd links among them (`named_empty:N:K`, `named_hole:N:K`).

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::{FlatType, MemSize, SizeFlags};

use super::workloads::Rng;

/// A cons list: `Cell`s down to `Nil`.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub enum Cons {
    Cell(u64, Box<Cons>),
    Nil,
}

/// One link of a list of names.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct NamedLink {
    pub name: String,
    pub next: Option<Box<NamedLink>>,
}

// mem_dbg's derive does not compile for recursive types (see `workloads/mod.rs`): what it
// would emit, by hand.
impl FlatType for Cons {
    type Flat = mem_dbg::False;
}

impl MemSize for Cons {
    fn mem_size_rec(&self, flags: SizeFlags, refs: &mut mem_dbg::HashMap<usize, usize>) -> usize {
        core::mem::size_of::<Self>()
            + match self {
                Cons::Cell(_, rest) => {
                    rest.mem_size_rec(flags, refs) - core::mem::size_of::<Box<Cons>>()
                }
                Cons::Nil => 0,
            }
    }
}

impl FlatType for NamedLink {
    type Flat = mem_dbg::False;
}

impl MemSize for NamedLink {
    fn mem_size_rec(&self, flags: SizeFlags, refs: &mut mem_dbg::HashMap<usize, usize>) -> usize {
        core::mem::size_of::<Self>() + self.name.mem_size_rec(flags, refs)
            - core::mem::size_of::<String>()
            + self.next.mem_size_rec(flags, refs)
            - core::mem::size_of::<Option<Box<NamedLink>>>()
    }
}

/// A cons list of `n` cells.
pub fn cons(n: usize) -> Cons {
    let mut list = Cons::Nil;
    for value in 0..n as u64 {
        list = Cons::Cell(value, Box::new(list));
    }
    list
}

/// A list of `n` links, each owning a name of 10-40 characters.
pub fn named(n: usize) -> Option<Box<NamedLink>> {
    let mut rng = Rng::new();
    let mut head = None;
    for _ in 0..n {
        head = Some(Box::new(NamedLink {
            name: rng.text(10, 40),
            next: head,
        }));
    }
    head
}

/// Which odd name a list of names holds at some of its links.
#[derive(Clone, Copy)]
pub enum OddName {
    /// An empty `String`, no allocation (a regular link, but one of no used bytes).
    Empty,
    /// A `String` with room and no bytes: an empty allocation (an irregular link).
    Hole,
}

/// A list of `n` links as [`named`]'s, but for links `100`, `100 + every`, `100 + 2 * every`...
/// (counted from the head; only link 100 when `every` is 0), which hold an `odd` name.
pub fn named_with(n: usize, odd: OddName, every: usize) -> Option<Box<NamedLink>> {
    let mut rng = Rng::new();
    let is_odd = |i: usize| match every {
        0 => i == 100,
        every => i >= 100 && (i - 100).checked_rem(every) == Some(0),
    };
    let mut head = None;
    for i in (0..n).rev() {
        let name = match (is_odd(i), odd) {
            (false, _) => rng.text(10, 40),
            (true, OddName::Empty) => String::new(),
            (true, OddName::Hole) => String::with_capacity(8),
        };
        head = Some(Box::new(NamedLink { name, next: head }));
    }
    head
}
