//! The frees a drop order predicts, against the allocator: a global allocator records the size
//! of every deallocation made while a value is dropped, and the sequence must equal the
//! `FreesHeap` / `FreesShared` steps, in order, byte for byte.

use std::cell::RefCell;
use std::collections::{HashMap, LinkedList, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use memlayout::{DropAction, DropOrderExt, Kind, Layout, TypeLayout, Visitor};

#[path = "common/alloc.rs"]
mod alloc;
#[path = "common/checks.rs"]
mod checks;

use checks::predicted_frees;

/// The sizes the allocator is given back while `value` drops.
fn freed_by<T>(value: T) -> Vec<usize> {
    alloc::frees_during(|| drop(value))
}

#[track_caller]
fn check<T: Layout>(value: T) -> Vec<usize> {
    let predicted = predicted_frees(&value);
    let freed = freed_by(value);
    assert_eq!(
        predicted, freed,
        "predicted frees (left) differ from the allocator's (right)"
    );
    assert!(!freed.is_empty(), "the test value should free something");
    freed
}

fn string(capacity: usize) -> String {
    let mut s = String::with_capacity(capacity);
    s.push('x');
    s
}

#[test]
fn a_vec_frees_each_element_then_its_buffer() {
    let v: Vec<String> = [3, 17, 40, 5].into_iter().map(string).collect();
    let freed = check(v);
    assert_eq!(freed.len(), 5);
}

#[test]
fn boxes_free_their_contents_then_themselves() {
    check(Box::new((string(9), vec![1u8; 33])));
    check(Some(Box::new(Box::new(string(12)))));
    let slice: Box<[String]> = vec![string(7), string(70)].into_boxed_slice();
    check(slice);
}

#[test]
fn a_struct_frees_its_fields_in_declaration_order() {
    struct Student {
        name: String,
        scores: HashMap<String, Vec<u32>>,
        notes: Vec<Vec<u8>>,
    }
    impl Layout for Student {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Student>("Student", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "name", &self.name);
            v.field(1, "scores", &self.scores);
            v.field(2, "notes", &self.notes);
        }
    }
    let student = Student {
        name: string(11),
        scores: (0..6).map(|i| (string(20 + i), vec![7; i + 1])).collect(),
        notes: vec![vec![0u8; 3], Vec::with_capacity(50)],
    };
    check(student);
}

#[test]
fn deques_and_lists_free_front_to_back() {
    let mut deque: VecDeque<String> = VecDeque::with_capacity(8);
    for c in [10, 11, 12] {
        deque.push_back(string(c));
    }
    for c in [20, 21] {
        deque.push_front(string(c));
    }
    check(deque);
    let list: LinkedList<String> = [30, 31, 32].into_iter().map(string).collect();
    // Each node's String, then the node itself.
    assert_eq!(check(list).len(), 6);
}

#[test]
fn shared_allocations_are_freed_by_their_last_owner() {
    let shared = Rc::new(string(44));
    let v = vec![Rc::clone(&shared), Rc::clone(&shared), shared];
    // The contents' buffer, the Rc allocation, then the Vec's buffer.
    assert_eq!(check(v).len(), 3);
    let outside = Arc::new(string(45));
    let held = (Arc::clone(&outside), string(46));
    // Only the String: the Arc has an owner outside.
    assert_eq!(check(held).len(), 1);
    let weak = Arc::downgrade(&outside);
    let last = (outside, weak);
    assert_eq!(check(last).len(), 2);
}

#[test]
fn a_tree_with_weak_parent_links_frees_the_parent_after_its_children() {
    struct Parent {
        name: String,
        children: RefCell<Vec<Rc<Child>>>,
    }
    struct Child {
        name: String,
        parent: RefCell<std::rc::Weak<Parent>>,
    }
    impl Layout for Parent {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Parent>("Parent", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "name", &self.name);
            v.field(1, "children", &self.children);
        }
    }
    impl Layout for Child {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Child>("Child", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "name", &self.name);
            v.field(1, "parent", &self.parent);
        }
    }
    let parent = Rc::new(Parent {
        name: string(13),
        children: RefCell::new(Vec::new()),
    });
    for c in [21, 22, 23] {
        let child = Rc::new(Child {
            name: string(c),
            parent: RefCell::new(Rc::downgrade(&parent)),
        });
        parent.children.borrow_mut().push(child);
    }
    let order = parent.drop_order();
    let weak_steps = order
        .steps()
        .filter(|s| matches!(s.action(), DropAction::DecrementsWeak { .. }))
        .count();
    assert_eq!(weak_steps, 3);
    // The parent's name, each child's name and allocation, the Vec's buffer, the parent's
    // allocation: freed only after its contents dropped the children's weak links.
    assert_eq!(check(parent).len(), 1 + 3 * 2 + 1 + 1);
}

#[test]
fn a_strong_cycle_leaks_and_is_predicted_to() {
    struct Cyclic {
        name: String,
        me: RefCell<Option<Rc<Cyclic>>>,
    }
    impl Layout for Cyclic {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Cyclic>("Cyclic", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "name", &self.name);
            v.field(1, "me", &self.me);
        }
    }
    let (value, usage) = alloc::measure(|| {
        let value = Rc::new(Cyclic {
            name: string(5),
            me: RefCell::new(None),
        });
        *value.me.borrow_mut() = Some(Rc::clone(&value));
        value
    });
    let order = value.drop_order();
    let actions: Vec<DropAction> = order.steps().map(|s| s.action()).collect();
    assert_eq!(actions, [DropAction::DecrementsStrong { to: 1 }]);
    // Everything the value allocated stays allocated, and the order says so.
    assert_eq!(order.leaked(), (usage.bytes, usage.allocations));
    assert!(order.to_string().contains("an Rc cycle"), "{order}");
    // An outside owner keeps the allocation alive: no leak is claimed.
    let outside = Rc::clone(&value);
    assert_eq!(value.drop_order().leaked(), (0, 0));
    drop(outside);
    let (predicted, freed) = (predicted_frees(&value), freed_by(value));
    assert!(predicted.is_empty() && freed.is_empty());
}
