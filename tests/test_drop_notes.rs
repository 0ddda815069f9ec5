//! What a drop order says where it cannot know, and how its closing line reads.

use std::mem::size_of;

use memlayout::{DropOrderExt, Layout};

/// Generic, with its own `Drop` and a field that needs dropping: the derive cannot see the impl.
#[derive(Layout)]
struct Guard<T> {
    items: Vec<T>,
}

impl<T> Drop for Guard<T> {
    fn drop(&mut self) {}
}

/// Generic, the impl declared.
#[derive(Layout)]
#[layout(drop_impl)]
struct Declared<T> {
    items: Vec<T>,
}

impl<T> Drop for Declared<T> {
    fn drop(&mut self) {}
}

/// Generic, no field needs dropping: the guess is certain.
#[derive(Layout)]
struct Counter<T> {
    count: u32,
    _for: std::marker::PhantomData<T>,
}

/// Not generic: the probe sees the impl.
#[derive(Layout)]
struct Concrete {
    items: Vec<u8>,
}

const UNKNOWN: &str = "may run its own Drop::drop";

#[test]
fn an_undeclared_generic_drop_impl_is_said_to_be_unknown_at_its_step() {
    let guard = Guard {
        items: vec![String::from("a")],
    };
    let text = guard.drop_order().to_string();
    let line = text
        .lines()
        .find(|l| l.contains(UNKNOWN))
        .unwrap_or_else(|| panic!("no note in\n{text}"));
    assert!(line.contains("(root)"), "{text}");
    assert!(line.contains("#[layout(drop_impl)]"), "{text}");
    // The note comes first, where a `Drop::drop` would run.
    assert!(text.lines().nth(1).unwrap().contains(UNKNOWN), "{text}");
    assert!(!Guard::<String>::is_drop_impl_known());
}

#[test]
fn known_drop_impls_carry_no_note() {
    let declared = Declared {
        items: vec![String::from("a")],
    };
    assert!(!declared.drop_order().to_string().contains(UNKNOWN));
    assert!(Declared::<String>::is_drop_impl_known());
    let counter = Counter::<String> {
        count: 1,
        _for: std::marker::PhantomData,
    };
    assert!(!counter.drop_order().to_string().contains(UNKNOWN));
    assert!(Counter::<String>::is_drop_impl_known());
    let concrete = Concrete { items: vec![1] };
    assert!(!concrete.drop_order().to_string().contains(UNKNOWN));
    assert!(Concrete::is_drop_impl_known());
}

#[test]
fn the_closing_line_agrees_with_its_number() {
    let one = 7u8.drop_order().to_string();
    assert!(
        one.contains("u8's own 1 byte goes with whatever holds it"),
        "{one}"
    );
    let boxed = Box::new(7u8).drop_order().to_string();
    let many = format!(
        "Box<u8>'s own {} bytes go with whatever holds it",
        size_of::<Box<u8>>()
    );
    assert!(boxed.contains(&many), "{boxed}");
}
