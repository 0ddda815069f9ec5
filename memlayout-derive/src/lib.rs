//! `#[derive(Layout)]` for [memlayout](https://docs.rs/memlayout): static layout metadata from
//! the compiler's own numbers, and a `visit` method that describes a value's parts.
//!
//! The pipeline: `ast` reshapes the input and parses attributes (`attr`, `repr`) while
//! collecting every mistake in a `ctxt::Ctxt`; `check` applies the rules that span several
//! attributes; `expand` writes the impl and cannot fail; on any error `fallback` emits the
//! errors together with a stub impl, so one mistake does not cascade into many.

mod ast;
mod attr;
mod bound;
mod check;
mod ctxt;
mod expand;
mod fallback;
mod higher_ranked;
mod hint;
mod repr;
mod spell;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `memlayout::Layout`: static layout metadata from the compiler's own figures, and a
/// `visit` method that describes a value's parts to memlayout's walks.
///
/// ```
/// use memlayout::{Kind, Layout, Storage};
/// use std::mem::{offset_of, size_of};
///
/// #[derive(Layout)]
/// struct Student {
///     name: String,
///     age: u8,
///     scores: Vec<u32>,
/// }
///
/// let layout = Student::LAYOUT;
/// assert_eq!((layout.name, layout.kind), ("Student", Kind::Struct));
/// assert_eq!(layout.size, size_of::<Student>());
/// let scores = layout.field("scores").unwrap();
/// assert_eq!((scores.offset, scores.type_name), (offset_of!(Student, scores), "Vec<u32>"));
/// assert_eq!(layout.storage, Storage::OwnsHeap);
///
/// let s = Student { name: "Ada".into(), age: 36, scores: Vec::with_capacity(4) };
/// assert_eq!(memlayout::heap_bytes(&s), s.name.capacity() + 4 * size_of::<u32>());
/// ```
///
/// It works on named, tuple and unit structs, enums (any variants, explicit discriminants, any
/// `#[repr]`), unions (fields listed, values not walked), with lifetimes, type and const
/// parameters and where-clauses, and under every repr: `C`, `transparent`, `packed`,
/// `packed(N)`, `align(N)` and combinations. Fields of `#[repr(packed)]` types are never
/// borrowed: they are copied with `read_unaligned`.
///
/// Registry: with memlayout's `registry` feature (default), a type without type or const
/// parameters registers itself for `memlayout::registered()` and `memlayout::audit()` (with
/// lifetime parameters, as its `'static` instantiation); name a generic type's instantiations
/// with `memlayout::register!(Wrapper<u64>);`.
///
/// Bounds: the impl requires `T: Layout` for each type parameter that occurs in a field (and
/// `T::Assoc: Layout` for projections, and `Box<dyn Trait<T>>: Layout` for a trait object naming
/// one), never for whole field types, so recursive types derive. Where a field's impl asks
/// more (`Inner<I>` needing `I::Item: Layout`), state the bounds with `bound = "..."`.
///
/// # Attributes on the type
/// - `#[layout(crate = path)]`: where memlayout is, for crates that re-export it.
/// - `#[layout(bound = "T: Layout + Clone")]`: replaces the inferred bounds (`""` for none).
/// - `#[layout(drop_impl)]`: the type has its own `impl Drop` (needed on generic types, where it
///   cannot be detected). Checked: on a type without one it is a compile error on the key.
/// - `#[layout(opaque)]`: the static layout lists every field as opaque (see below), no field
///   needs `Layout`, and the value is not walked: exact (no heap) when the type has no drop
///   glue, else reported "not walked" (its own `Drop` may free memory its fields point to).
/// - `#[layout(with = path::to::fn)]`: every field is opaque, and `fn(&Self) -> usize` gives the
///   heap bytes the whole value owns.
/// - Budgets, checked at compile time by `memlayout::assert_layout!` on non-generic types:
///   `size = N`, `max_size = N`, `align = N`, `max_align = N`, `max_padding = N`, `no_padding`,
///   and on enums `niche`. `N` is a `usize` constant, as in `assert_layout!`: a literal
///   (`4_096`) or an expression (`2 * 8`, `size_of::<u64>()`, a `const`).
///
/// # Attributes on an enum variant
/// - `#[layout(opaque)]`: every field of the variant is opaque.
///
/// # Attributes on a field
/// - `#[layout(opaque)]`: the field's type need not implement `Layout`; its size, alignment
///   and type name are reported, nothing inside it is walked. When the type has no drop glue
///   (`core::mem::needs_drop` is `false`) it owns no heap and the figures stay exact; otherwise
///   the field is reported "not walked" (unreadable), every heap figure that includes it is a
///   lower bound with no known upper bound, and heap budgets on it fail. For the elements of a
///   collection, use `memlayout::Opaque<T>` instead (`Vec<Opaque<Foreign>>`), which keeps the
///   collection's own buffer exact.
/// - `#[layout(with = path::to::fn)]`: as opaque, and `fn(&FieldType) -> usize` gives the heap
///   bytes it owns. The figure is the user's claim: it is reported as exact, unchecked. Not on
///   a union's field (a union's value is never read): put it on the union instead.
///
/// ```
/// use memlayout::{Layout, Storage};
///
/// /// A type from another crate, without a `Layout` impl.
/// struct Socket { fd: i32, buffer: Vec<u8> }
///
/// fn socket_heap(s: &Socket) -> usize { s.buffer.capacity() }
///
/// #[derive(Layout)]
/// struct Connection {
///     id: u32,
///     #[layout(opaque)]
///     raw: Socket,
///     #[layout(with = socket_heap)]
///     buffered: Socket,
/// }
///
/// assert_eq!(Connection::LAYOUT.field("raw").unwrap().storage, Storage::Opaque);
/// let c = Connection {
///     id: 1,
///     raw: Socket { fd: 3, buffer: Vec::new() },
///     buffered: Socket { fd: 4, buffer: Vec::with_capacity(64) },
/// };
/// assert_eq!(memlayout::heap_bytes(&c), 64);
/// ```
///
/// A field whose type holds a higher-ranked function pointer or closure, which no `Layout` impl
/// can name (`fn(&str) -> bool` is `for<'a> fn(&'a str) -> bool`; `Box<dyn Fn(&str)>`), is
/// opaque without the attribute: exact for function pointers, which own nothing; a lower bound
/// for a boxed closure. `#[layout(with = ...)]` on it gives a figure instead. Behind a type
/// alias (`type Check = fn(&str) -> bool;`) the derive cannot see it: such a field is one
/// compile error that names `#[layout(opaque)]`.
///
/// Mistakes in these attributes are compile errors pointing at the offending tokens, all
/// reported at once. A field whose type does not implement `Layout` fails the build with one
/// error on that field's type, whose notes name the ways out (a cargo feature, `dyn_layout!`,
/// `opaque`, `with`); a `with` function of another signature is one error on its path.
#[proc_macro_derive(Layout, attributes(layout))]
pub fn derive_layout(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}

/// The error of a budget macro (`assert_layout!`, `assert_budget!`) given an unknown key:
/// `__unknown_key!(maxsise [size, max_size, ...] "budget")` reports "unknown budget `maxsise`;
/// did you mean `max_size`? ..." spanned on the key. Not public API: memlayout's macros call it
/// through `memlayout::__private`.
#[doc(hidden)]
#[proc_macro]
pub fn __unknown_key(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as hint::UnknownKey);
    input.to_compile_error().into()
}
