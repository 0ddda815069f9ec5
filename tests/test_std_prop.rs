//! Property test: randomly shaped nested std containers, built with spare capacity, removals
//! and shrinking, report exactly the heap bytes and allocations the allocator saw.

#[path = "common/alloc.rs"]
mod alloc;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, LinkedList, VecDeque};
use std::rc::Rc;

use memlayout::{Kind, Layout, Storage, TypeLayout, Visitor};
use proptest::prelude::*;

/// A value nesting std containers in each other.
enum Val {
    Int(u64),
    Text(String),
    List(Vec<Val>),
    Deque(VecDeque<Val>),
    Boxed(Box<Val>),
    Map(HashMap<u16, Val>),
    Maybe(Option<Box<Val>>),
    /// Two handles to one allocation: counted once.
    Shared(Rc<Val>, Rc<Val>),
    Cell(RefCell<Vec<u8>>),
    Set(HashSet<String>),
    Linked(LinkedList<Val>),
    Bytes(Box<[u8]>),
    Pair((String, Vec<u32>)),
}

impl Layout for Val {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Val>("Val", Kind::Enum).with_storage(Storage::OwnsHeap);

    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        match self {
            Val::Int(x) => {
                v.variant(0, "Int");
                v.field(0, "0", x);
            }
            Val::Text(x) => {
                v.variant(1, "Text");
                v.field(0, "0", x);
            }
            Val::List(x) => {
                v.variant(2, "List");
                v.field(0, "0", x);
            }
            Val::Deque(x) => {
                v.variant(3, "Deque");
                v.field(0, "0", x);
            }
            Val::Boxed(x) => {
                v.variant(4, "Boxed");
                v.field(0, "0", x);
            }
            Val::Map(x) => {
                v.variant(5, "Map");
                v.field(0, "0", x);
            }
            Val::Maybe(x) => {
                v.variant(6, "Maybe");
                v.field(0, "0", x);
            }
            Val::Shared(a, b) => {
                v.variant(7, "Shared");
                v.field(0, "0", a);
                v.field(1, "1", b);
            }
            Val::Cell(x) => {
                v.variant(8, "Cell");
                v.field(0, "0", x);
            }
            Val::Set(x) => {
                v.variant(9, "Set");
                v.field(0, "0", x);
            }
            Val::Linked(x) => {
                v.variant(10, "Linked");
                v.field(0, "0", x);
            }
            Val::Bytes(x) => {
                v.variant(11, "Bytes");
                v.field(0, "0", x);
            }
            Val::Pair(x) => {
                v.variant(12, "Pair");
                v.field(0, "0", x);
            }
        }
    }
}

/// How to build a `Val`: shapes, lengths, spare capacity, removals.
#[derive(Clone, Debug)]
enum Recipe {
    Int(u64),
    Text {
        len: usize,
        spare: usize,
        shrink: bool,
    },
    List {
        items: Vec<Recipe>,
        spare: usize,
        pop: usize,
        shrink: bool,
    },
    Deque {
        items: Vec<Recipe>,
        spare: usize,
        rotate: usize,
    },
    Boxed(Box<Recipe>),
    Map {
        items: Vec<(u16, Recipe)>,
        spare: usize,
        remove: usize,
        shrink: bool,
    },
    Maybe(Option<Box<Recipe>>),
    Shared(Box<Recipe>),
    Cell {
        len: usize,
        spare: usize,
    },
    Set {
        keys: Vec<u8>,
        spare: usize,
    },
    Linked(Vec<Recipe>),
    Bytes(usize),
    Pair {
        text: usize,
        numbers: usize,
    },
}

fn build(recipe: &Recipe) -> Val {
    match recipe {
        Recipe::Int(x) => Val::Int(*x),
        Recipe::Text { len, spare, shrink } => {
            let mut s = String::with_capacity(len + spare);
            s.extend(std::iter::repeat_n('x', *len));
            if *shrink {
                s.shrink_to_fit();
            }
            Val::Text(s)
        }
        Recipe::List {
            items,
            spare,
            pop,
            shrink,
        } => {
            let mut v: Vec<Val> = items.iter().map(build).collect();
            v.reserve(*spare);
            for _ in 0..*pop {
                v.pop();
            }
            if *shrink {
                v.shrink_to_fit();
            }
            Val::List(v)
        }
        Recipe::Deque {
            items,
            spare,
            rotate,
        } => {
            let mut d: VecDeque<Val> = VecDeque::with_capacity(*spare);
            for item in items {
                d.push_front(build(item));
            }
            if !d.is_empty() {
                d.rotate_left(rotate % d.len());
            }
            Val::Deque(d)
        }
        Recipe::Boxed(inner) => Val::Boxed(Box::new(build(inner))),
        Recipe::Map {
            items,
            spare,
            remove,
            shrink,
        } => {
            let mut m = HashMap::with_capacity(*spare);
            for (k, item) in items {
                m.insert(*k, build(item));
            }
            for (k, _) in items.iter().take(*remove) {
                m.remove(k);
            }
            if *shrink {
                m.shrink_to_fit();
            }
            Val::Map(m)
        }
        Recipe::Maybe(inner) => Val::Maybe(inner.as_ref().map(|r| Box::new(build(r)))),
        Recipe::Shared(inner) => {
            let rc = Rc::new(build(inner));
            Val::Shared(rc.clone(), rc)
        }
        Recipe::Cell { len, spare } => {
            let mut v = Vec::with_capacity(len + spare);
            v.resize(*len, 7u8);
            Val::Cell(RefCell::new(v))
        }
        Recipe::Set { keys, spare } => {
            let mut s = HashSet::with_capacity(*spare);
            s.extend(keys.iter().map(|k| k.to_string()));
            Val::Set(s)
        }
        Recipe::Linked(items) => Val::Linked(items.iter().map(build).collect()),
        Recipe::Bytes(len) => Val::Bytes(vec![1u8; *len].into_boxed_slice()),
        Recipe::Pair { text, numbers } => Val::Pair(("p".repeat(*text), vec![3; *numbers])),
    }
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let leaf = prop_oneof![
        any::<u64>().prop_map(Recipe::Int),
        (0..40usize, 0..40usize, any::<bool>()).prop_map(|(len, spare, shrink)| Recipe::Text {
            len,
            spare,
            shrink
        }),
        (0..64usize, 0..64usize).prop_map(|(len, spare)| Recipe::Cell { len, spare }),
        (prop::collection::vec(any::<u8>(), 0..40), 0..50usize)
            .prop_map(|(keys, spare)| Recipe::Set { keys, spare }),
        (0..50usize).prop_map(Recipe::Bytes),
        (0..20usize, 0..20usize).prop_map(|(text, numbers)| Recipe::Pair { text, numbers }),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            (
                prop::collection::vec(inner.clone(), 0..6),
                0..10usize,
                0..3usize,
                any::<bool>()
            )
                .prop_map(|(items, spare, pop, shrink)| Recipe::List {
                    items,
                    spare,
                    pop,
                    shrink
                }),
            (
                prop::collection::vec(inner.clone(), 0..6),
                0..10usize,
                0..6usize
            )
                .prop_map(|(items, spare, rotate)| Recipe::Deque {
                    items,
                    spare,
                    rotate
                }),
            inner.clone().prop_map(|r| Recipe::Boxed(Box::new(r))),
            (
                prop::collection::vec((any::<u16>(), inner.clone()), 0..6),
                0..40usize,
                0..4usize,
                any::<bool>()
            )
                .prop_map(|(items, spare, remove, shrink)| Recipe::Map {
                    items,
                    spare,
                    remove,
                    shrink
                }),
            prop::option::of(inner.clone()).prop_map(|r| Recipe::Maybe(r.map(Box::new))),
            inner.clone().prop_map(|r| Recipe::Shared(Box::new(r))),
            prop::collection::vec(inner, 0..4).prop_map(Recipe::Linked),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nested_values_report_the_allocators_figures(recipe in recipe()) {
        let (value, usage) = alloc::measure(|| build(&recipe));
        let totals = memlayout::totals(&value);
        prop_assert!(totals.is_exact);
        prop_assert_eq!(totals.heap_bytes, usage.bytes);
        prop_assert_eq!(totals.allocations, usage.allocations);
    }
}
