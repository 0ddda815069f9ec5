//! `#[derive(Layout)]` for [memlayout](https://docs.rs/memlayout): static layout metadata from
//! the compiler's own numbers, and a `visit` method that describes a value's parts.
//!
//! The pipeline: [`ast`] reshapes the input and parses attributes ([`attr`], [`repr`]) while
//! collecting every mistake in a [`ctxt::Ctxt`]; [`check`] applies the rules that span several
//! attributes; [`expand`] writes the impl and cannot fail; on any error [`fallback`] emits the
//! errors together with a stub impl, so one mistake does not cascade into many.

mod ast;
mod attr;
mod bound;
mod check;
mod ctxt;
mod expand;
mod fallback;
mod repr;
mod spell;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `memlayout::Layout`. See the `memlayout` crate for the attributes it accepts.
#[proc_macro_derive(Layout, attributes(layout))]
pub fn derive_layout(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
