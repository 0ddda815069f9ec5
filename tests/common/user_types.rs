//! User enums the `test_user_types_*` files share: a `#[repr(u8)]` enum with explicit
//! discriminants and a recursive cons list.
//!
//! Include it with `#[path = "common/user_types.rs"] mod user_types;`.
#![allow(dead_code)]

use memlayout::Layout;

/// Explicit discriminants under `#[repr(u8)]`, a unit, a tuple and a struct variant.
#[derive(Layout)]
#[repr(u8)]
pub enum Tagged {
    A(u32) = 3,
    B { x: u16, y: String } = 7,
    C = 200,
}

/// A recursive cons list.
#[derive(Layout)]
pub enum Cons<T> {
    Cons(T, Box<Cons<T>>),
    Nil,
}
