//! `Layout` for the standard library's types, one family per file.
//!
//! | family | types | heap | storage |
//! |---|---|---|---|
//! | primitive | integers, floats, `bool`, `char`, `()`, `NonZero*`, atomics, `Duration` | none | inline |
//! | pointer | `Box<T>`, `&T`, `&mut T`, raw pointers, `NonNull` | `Box`: `size_of_val` of its contents | owns / borrows / raw pointer |
//! | collections | `Vec`, `VecDeque`, `String`, … | `capacity * size_of::<T>()` | owns heap |
//! | option | `Option<T>`, `Result<T, E>` | the active variant's | as the payload |
mod collections;
mod option;
mod pointer;
mod primitive;
