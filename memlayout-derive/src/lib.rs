//! `#[derive(Layout)]` for memlayout.
use proc_macro::TokenStream;

/// Derives `memlayout::Layout`.
#[proc_macro_derive(Layout, attributes(layout))]
pub fn derive_layout(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
