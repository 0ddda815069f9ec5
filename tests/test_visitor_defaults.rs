//! `Visitor`'s default bodies: a visitor that overrides one or two methods sees every value its
//! root owns. Checked against `String::capacity()` of the values themselves and against the
//! counting allocator, on varied shapes and build histories.

#[path = "common/alloc.rs"]
mod alloc;

use std::any::type_name;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, LinkedList, VecDeque};
use std::rc::Rc;
use std::sync::Mutex;

use memlayout::{HeapBlock, Layout, Visitor};

/// The visitor of `Visitor`'s doc example: the capacity of every `String` a value owns.
#[derive(Default)]
struct StringCapacities {
    capacities: Vec<usize>,
    in_string: bool,
}

impl<'a> Visitor<'a> for StringCapacities {
    fn value<T: Layout + ?Sized>(&mut self, value: &'a T) {
        let is_string = type_name::<T>() == type_name::<String>();
        let outer = std::mem::replace(&mut self.in_string, is_string);
        value.visit(self);
        self.in_string = outer;
    }

    fn heap(&mut self, block: HeapBlock) {
        if self.in_string {
            self.capacities.push(block.bytes);
        }
    }
}

fn string_capacities<T: Layout + ?Sized>(value: &T) -> Vec<usize> {
    let mut visitor = StringCapacities::default();
    visitor.value(value);
    visitor.capacities
}

fn capacities<'s>(strings: impl IntoIterator<Item = &'s String>) -> Vec<usize> {
    strings.into_iter().map(String::capacity).collect()
}

/// Strings with different histories: empty, small, grown one push at a time, shrunk, cut.
fn strings(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match i % 5 {
            0 => String::new(),
            1 => "x".repeat(i),
            2 => (0..i * 7).fold(String::new(), |mut s, _| {
                s.push('y');
                s
            }),
            3 => {
                let mut s = String::with_capacity(64 + i);
                s.push_str("short");
                s.shrink_to_fit();
                s
            }
            _ => {
                let mut s = "z".repeat(40 + i);
                s.truncate(3);
                s.remove(0);
                s
            }
        })
        .collect()
}

#[test]
fn a_vec_of_strings_gives_every_capacity_in_order() {
    for n in [0, 1, 5, 17, 100] {
        let mut v = strings(n);
        assert_eq!(string_capacities(&v), capacities(&v), "{n} strings");
        v.retain(|s| s.len() % 2 == 0);
        v.shrink_to_fit();
        assert_eq!(string_capacities(&v), capacities(&v), "{n} after removals");
    }
}

#[derive(Layout)]
struct Record {
    id: u64,
    name: String,
    bytes: Vec<u8>,
    alias: Option<String>,
    note: Box<(String, u32)>,
    pair: (u8, String),
    two: [String; 2],
    queue: VecDeque<String>,
    list: LinkedList<String>,
    by_id: HashMap<u32, String>,
    by_name: BTreeMap<String, u8>,
}

fn record(n: usize) -> Record {
    let mut s = strings(n + 8).into_iter();
    let mut next = move || s.next().unwrap();
    let mut queue: VecDeque<String> = strings(n).into();
    queue.rotate_left(n / 2); // two halves in the ring buffer
    Record {
        id: n as u64,
        name: next(),
        bytes: vec![0; n],
        alias: if n % 3 != 1 { Some(next()) } else { None },
        note: Box::new((next(), 7)),
        pair: (1, next()),
        two: [next(), next()],
        queue,
        list: strings(n).into_iter().collect(),
        by_id: (0..n as u32).zip(strings(n)).collect(),
        by_name: strings(n)
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s + &i.to_string(), 0))
            .collect(),
    }
}

#[test]
fn a_derived_struct_gives_the_strings_in_every_field_and_collection() {
    for n in [0, 1, 6, 33] {
        let r = record(n);
        let mut expected = capacities([&r.name]);
        expected.extend(capacities(&r.alias));
        expected.extend(capacities([&r.note.0, &r.pair.1]));
        expected.extend(capacities(&r.two));
        expected.extend(capacities(&r.queue));
        expected.extend(capacities(&r.list));
        expected.extend(capacities(r.by_id.values()));
        expected.extend(capacities(r.by_name.keys()));
        assert_eq!(string_capacities(&r), expected, "record of {n}");
        assert_eq!(r.id, n as u64);
    }
}

#[test]
fn the_defaults_ignore_what_the_value_does_not_own_or_cannot_lend() {
    let shared = Rc::new(String::with_capacity(9));
    let owned = String::with_capacity(11);
    let cell = RefCell::new(String::with_capacity(13));
    let lock = Mutex::new(String::with_capacity(15));
    let value = (
        shared.clone(),
        &owned,
        cell,
        lock,
        String::with_capacity(17),
    );
    // Only the last string is owned and readable without a guard: the `Rc`'s contents
    // (`shared`), the borrowed string (`borrowed`) and the guarded ones (`guarded`) are not
    // entered by the defaults.
    assert_eq!(string_capacities(&value), [value.4.capacity()]);
    // The guards were released: the cell and the lock are free again.
    assert!(value.2.try_borrow_mut().is_ok());
    assert!(value.3.try_lock().is_ok());
}

/// A visitor that overrides only `heap`: with the defaults it sees every block a value owns.
#[derive(Default)]
struct HeapSum {
    bytes: usize,
    allocations: usize,
}

impl Visitor<'_> for HeapSum {
    fn heap(&mut self, block: HeapBlock) {
        self.bytes += block.bytes;
        self.allocations += block.allocations;
    }
}

fn heap_sum<T: Layout>(value: &T) -> HeapSum {
    let mut sum = HeapSum::default();
    sum.value(value);
    sum
}

#[test]
fn a_heap_only_visitor_matches_the_allocator() {
    for n in [0, 1, 7, 64] {
        let (nested, usage) = alloc::measure(|| vec![strings(n), Vec::new(), strings(n / 2)]);
        let sum = heap_sum(&nested);
        assert_eq!(
            (sum.bytes, sum.allocations),
            (usage.bytes, usage.allocations),
            "{n}"
        );

        let (boxed, usage) =
            alloc::measure(|| Some(Box::new((strings(n).into_boxed_slice(), vec![0u64; n]))));
        let sum = heap_sum(&boxed);
        assert_eq!(
            (sum.bytes, sum.allocations),
            (usage.bytes, usage.allocations),
            "{n}"
        );

        let (queue, usage) = alloc::measure(|| {
            let mut q: VecDeque<Vec<u16>> = (0..n).map(|i| vec![0; i]).collect();
            q.rotate_right(n / 3);
            q.pop_front();
            q
        });
        let sum = heap_sum(&queue);
        assert_eq!(
            (sum.bytes, sum.allocations),
            (usage.bytes, usage.allocations),
            "{n}"
        );
    }
}
