//! More chains for `report_cost` (issue 16): an enum cons list and a list whose links own a
//! `String`, at any length (`cons:N`, `named:N`), beside workload 5's list of numbers
//! (`list:N`).

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
