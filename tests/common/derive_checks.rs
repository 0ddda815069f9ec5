//! What the `test_derive_*` files share: a visitor recording the calls a `visit` makes,
//! `IS_LEAF` read at run time, a check of a struct-like layout against the compiler, and a type
//! from "another crate" for the field attributes.
//!
//! Include it with `#[path = "common/derive_checks.rs"] mod derive_checks;`.
#![allow(dead_code)]

use std::mem::{align_of, needs_drop, size_of, ManuallyDrop};
use std::ops::Deref;

use memlayout::visit::Shared;
use memlayout::{HeapBlock, Kind, Layout, Storage, TypeLayout, Visitor};

/// Records the calls a `visit` makes, one line each.
#[derive(Default)]
pub struct Recorder {
    pub calls: Vec<String>,
}

impl<'a> Visitor<'a> for Recorder {
    fn field<T: Layout + ?Sized>(&mut self, index: usize, name: &'static str, _value: &'a T) {
        self.calls.push(format!("field {index} {name}"));
    }
    fn packed_field<T: Layout + 'a>(
        &mut self,
        index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        // The copy is not ours to drop: `ManuallyDrop` going out of scope drops nothing.
        let _ = copy;
        self.calls.push(format!("packed_field {index} {name}"));
    }
    fn measured(&mut self, index: usize, name: &'static str, heap: HeapBlock) {
        self.calls
            .push(format!("measured {index} {name} {}", heap.bytes));
    }
    fn variant(&mut self, index: usize, name: &'static str) {
        self.calls.push(format!("variant {index} {name}"));
    }
    fn heap(&mut self, block: HeapBlock) {
        self.calls.push(format!("heap {}", block.bytes));
    }
    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        self.calls.push(format!("elements {}", items.len()));
    }
    fn entries<K, W, I>(&mut self, len: usize, _entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        self.calls.push(format!("entries {len}"));
    }
    fn boxed<T: Layout + ?Sized>(
        &mut self,
        _index: Option<usize>,
        _contents: &'a T,
        block: HeapBlock,
    ) {
        self.calls.push(format!("boxed {}", block.bytes));
    }
    fn shared<T: Layout + ?Sized>(&mut self, _shared: Shared<'a, T>) {
        self.calls.push("shared".into());
    }
    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {
        self.calls.push("borrowed".into());
    }
    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, _guard: G) {
        self.calls.push("guarded".into());
    }
    fn unreadable(&mut self, reason: &'static str) {
        self.calls.push(format!("unreadable {reason}"));
    }
    fn resource(&mut self, release: &'static str) {
        self.calls.push(format!("resource {release}"));
    }
}

/// `T::IS_LEAF`, read at run time (an assertion on a constant would be a lint).
pub fn is_leaf<T: Layout>() -> bool {
    T::IS_LEAF
}

/// The calls `value.visit` makes.
pub fn calls<T: Layout>(value: &T) -> Vec<String> {
    let mut recorder = Recorder::default();
    value.visit(&mut recorder);
    recorder.calls
}

/// Checks a struct-like layout against the compiler: own size/align/needs_drop, memory order
/// sorted by offset, padding = own gaps + the fields' padding.
pub fn check_struct_like<T>(layout: &TypeLayout) {
    assert_eq!(layout.size, size_of::<T>(), "{}", layout.name);
    assert_eq!(layout.align, align_of::<T>(), "{}", layout.name);
    assert_eq!(layout.needs_drop, needs_drop::<T>(), "{}", layout.name);
    assert!(layout.is_sized);
    assert_eq!(layout.memory_order.len(), layout.fields.len());
    let offsets: Vec<usize> = layout.fields_in_memory_order().map(|f| f.offset).collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
    for f in layout.fields {
        assert!(
            f.offset + f.size <= layout.size,
            "{} ends past the struct",
            f.name
        );
        assert_eq!((f.layout)().size, f.size, "{}", f.name);
    }
    if layout.kind != Kind::Union {
        let own = layout.size - layout.fields.iter().map(|f| f.size).sum::<usize>();
        let inner: usize = layout
            .fields
            .iter()
            .map(|f| {
                if f.storage == Storage::Opaque {
                    0
                } else {
                    (f.layout)().padding_bytes
                }
            })
            .sum();
        assert_eq!(layout.padding_bytes, own + inner, "{}", layout.name);
    }
}

/// A type from "another crate": no `Layout` impl.
pub struct Foreign {
    pub fd: i32,
    pub buffer: Vec<u8>,
}

pub fn foreign_heap(f: &Foreign) -> usize {
    f.buffer.capacity()
}
