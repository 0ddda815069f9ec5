//! Behaviour of `#[derive(Layout)]`: every shape of type, checked against the compiler.

use std::mem::{offset_of, size_of};

use memlayout::{Kind, Layout, Storage};

#[derive(Layout)]
struct Named {
    a: u8,
    b: u32,
    c: Vec<u8>,
}

#[derive(Layout)]
struct Node {
    next: Option<Box<Node>>,
    children: Vec<Node>,
}

#[derive(Layout)]
#[allow(dead_code)]
enum Shape {
    Empty,
    Circle(u32),
    Rect { w: u16, h: u64 },
}

#[derive(Layout)]
struct Wrapper<T> {
    value: T,
    tag: u8,
}

#[test]
fn named_struct_fields_match_the_compiler() {
    let l = Named::LAYOUT;
    assert_eq!(l.name, "Named");
    assert_eq!(l.kind, Kind::Struct);
    assert_eq!(l.size, size_of::<Named>());
    assert_eq!(l.fields[1].offset, offset_of!(Named, b));
    assert_eq!(l.fields[2].type_name, "Vec<u8>");
    assert_eq!(l.storage, Storage::OwnsHeap);
    assert!(!Named::IS_LEAF);
}

#[test]
fn recursive_and_generic() {
    assert_eq!(Node::LAYOUT.fields[0].type_name, "Option<Box<Node>>");
    assert_eq!(Wrapper::<u64>::LAYOUT.name, "Wrapper<T>");
    assert_eq!(Wrapper::<u64>::LAYOUT.fields[0].size, 8);
    assert!(Wrapper::<u64>::IS_LEAF);
    assert!(!Wrapper::<String>::IS_LEAF);
    assert_eq!(Shape::LAYOUT.variants.len(), 3);
    let node = Node {
        next: Some(Box::new(Node {
            next: None,
            children: Vec::with_capacity(3),
        })),
        children: vec![],
    };
    assert_eq!(memlayout::heap_bytes(&node), size_of::<Node>() * 4);
}
