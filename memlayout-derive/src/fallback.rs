//! What the derive emits when the input has mistakes: every error, plus a minimal impl of
//! `Layout` so that uses of the type elsewhere (`T: Layout` bounds, `Type::LAYOUT`) still compile
//! and the user sees only the real mistakes, not a cascade of "`Type` does not implement
//! `Layout`". The build fails anyway, so the stub's figures do not matter: it measures `()`
//! rather than `Self`, which also keeps it valid for a type the errors say is unsized.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::{Body, Input, Style};
use crate::expand::Paths;
use crate::spell;

pub(crate) fn expand(input: &Input, errors: syn::Error) -> TokenStream {
    let errors = errors.into_compile_error();
    let paths = Paths::new(input);
    let p = &paths.private;
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let name = spell::defined_type(input.ident, input.generics);
    let kind = match input.body {
        Body::Struct(Style::Named, _) => quote!(Struct),
        Body::Struct(Style::Tuple, _) => quote!(TupleStruct),
        Body::Struct(Style::Unit, _) => quote!(UnitStruct),
        Body::Enum(_) => quote!(Enum),
        Body::Union(_) => quote!(Union),
    };
    quote! {
        #errors
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #p::Layout for #ident #ty_generics #where_clause {
                const LAYOUT: &'static #p::TypeLayout = &#p::TypeLayout::of::<()>(#name, #p::Kind::#kind);
            }
        };
    }
}
