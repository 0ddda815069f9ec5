//! Field types no `Layout` impl can name: higher-ranked function pointers (`fn(&str) -> bool`
//! is `for<'a> fn(&'a str) -> bool`) and closure trait objects taking references
//! (`dyn Fn(&str)`). A generic impl cannot name them and one impl per shape overlaps the
//! generic one, so the derive treats a field whose type holds one as `#[layout(opaque)]`.

use syn::visit::{self, Visit};
use syn::{Generics, Lifetime, PathArguments, ReturnType, TraitBound, Type, TypeBareFn};

/// `true` when `ty` holds, anywhere, a function pointer or an `Fn`/`FnMut`/`FnOnce` trait
/// object that is higher-ranked: written with `for<..>`, or taking an argument with an
/// elided (`&T`) or anonymous (`'_`) lifetime.
pub(crate) fn holds_higher_ranked(ty: &Type) -> bool {
    let mut finder = Finder { found: false };
    finder.visit_type(ty);
    finder.found
}

struct Finder {
    found: bool,
}

impl<'ast> Visit<'ast> for Finder {
    /// Not inside what implements `Layout` for any pointee: raw pointers, `NonNull`,
    /// `PhantomData` (`PhantomData<fn(&T)>` walks as before).
    fn visit_type(&mut self, ty: &'ast Type) {
        let any_pointee = match ty {
            Type::Ptr(_) => true,
            Type::Path(path) => path
                .path
                .segments
                .last()
                .is_some_and(|last| last.ident == "PhantomData" || last.ident == "NonNull"),
            _ => false,
        };
        if !any_pointee {
            visit::visit_type(self, ty);
        }
    }

    fn visit_type_bare_fn(&mut self, function: &'ast TypeBareFn) {
        let arguments = function.inputs.iter().map(|argument| &argument.ty);
        if function.lifetimes.is_some() || arguments.clone().any(borrows_elided) {
            self.found = true;
        }
        visit::visit_type_bare_fn(self, function);
    }

    fn visit_trait_bound(&mut self, bound: &'ast TraitBound) {
        if let Some(last) = bound.path.segments.last() {
            let is_closure = matches!(last.ident.to_string().as_str(), "Fn" | "FnMut" | "FnOnce");
            if let (true, PathArguments::Parenthesized(arguments)) = (is_closure, &last.arguments) {
                if bound.lifetimes.is_some() || arguments.inputs.iter().any(borrows_elided) {
                    self.found = true;
                }
            }
        }
        visit::visit_trait_bound(self, bound);
    }
}

/// `true` when `ty` is a bare name (`Check`, `hooks::Check`) that may be a type alias for a
/// higher-ranked callback, which the derive cannot see through: the expansion then asks the
/// compiler (`__private::FieldProbe`), so a callback behind an alias fails with an error that
/// names `#[layout(opaque)]`. Not the primitives, `String`, `Self`, nor a type parameter or its
/// projection (`T`, `T::Item`), whose `Layout` bound the impl requires.
pub(crate) fn may_be_alias(ty: &Type, generics: &Generics) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let segments = &path.path.segments;
    if path.qself.is_some() || segments.iter().any(|s| !s.arguments.is_none()) {
        return false;
    }
    let first = &segments[0].ident;
    let names_parameter = generics.type_params().any(|param| param.ident == *first);
    let well_known = segments.len() == 1
        && matches!(
            first.to_string().as_str(),
            "u8" | "u16"
                | "u32"
                | "u64"
                | "u128"
                | "usize"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "i128"
                | "isize"
                | "f32"
                | "f64"
                | "bool"
                | "char"
                | "str"
                | "String"
                | "Self"
        );
    !names_parameter && !well_known
}

/// `true` when `ty` borrows with an elided or `'_` lifetime, outside any nested function
/// pointer or closure (whose own arguments are that one's business).
fn borrows_elided(ty: &Type) -> bool {
    let mut finder = Elided { found: false };
    finder.visit_type(ty);
    finder.found
}

struct Elided {
    found: bool,
}

impl<'ast> Visit<'ast> for Elided {
    fn visit_type(&mut self, ty: &'ast Type) {
        match ty {
            Type::Reference(reference) if reference.lifetime.is_none() => self.found = true,
            Type::BareFn(_) => {}
            _ => visit::visit_type(self, ty),
        }
    }

    fn visit_lifetime(&mut self, lifetime: &'ast Lifetime) {
        if lifetime.ident == "_" {
            self.found = true;
        }
    }

    fn visit_return_type(&mut self, _: &'ast ReturnType) {}
}

#[cfg(test)]
mod tests {
    use super::{holds_higher_ranked, may_be_alias};
    use syn::{parse_quote, Generics, Type};

    fn check(ty: Type) -> bool {
        holds_higher_ranked(&ty)
    }

    #[test]
    fn finds_higher_ranked_function_pointers_and_closures() {
        assert!(check(parse_quote!(fn(&str) -> bool)));
        assert!(check(parse_quote!(Option<fn(&mut Vec<u8>, usize)>)));
        assert!(check(parse_quote!(for<'a> fn(&'a [u8]) -> &'a [u8])));
        assert!(check(parse_quote!(fn(Cow<'_, str>) -> usize)));
        assert!(check(parse_quote!([fn(&u32) -> u32; 2])));
        assert!(check(parse_quote!(Box<dyn Fn(&str) -> usize>)));
        assert!(check(parse_quote!(Box<dyn for<'a> FnMut(&'a str) + Send>)));
        assert!(check(parse_quote!(
            Vec<Box<dyn std::ops::FnOnce(Vec<&str>)>>
        )));
    }

    #[test]
    fn leaves_what_impls_cover() {
        assert!(!check(parse_quote!(fn(u8) -> String)));
        assert!(!check(parse_quote!(fn(&'a str) -> &'a str)));
        assert!(!check(parse_quote!(fn() -> &'static str)));
        assert!(!check(parse_quote!(Box<dyn Fn(u32) -> u32 + Send>)));
        assert!(!check(parse_quote!(Box<dyn Fn(&'a str)>)));
        assert!(!check(parse_quote!(&'a str)));
        assert!(!check(parse_quote!(Box<dyn Handler<'a>>)));
        assert!(!check(parse_quote!(Cow<'_, str>)));
        assert!(!check(parse_quote!(PhantomData<fn(&T)>)));
        assert!(!check(parse_quote!(std::marker::PhantomData<dyn Fn(&str)>)));
        assert!(!check(parse_quote!(*const dyn Fn(&str))));
        assert!(!check(parse_quote!(Option<NonNull<fn(&u8)>>)));
        assert!(check(parse_quote!((PhantomData<u8>, fn(&u8)))));
    }

    #[test]
    fn bare_names_may_be_aliases() {
        let generics: Generics = parse_quote!(<'a, T: Iterator, const N: usize>);
        let check = |ty: Type| may_be_alias(&ty, &generics);
        assert!(check(parse_quote!(Check)));
        assert!(check(parse_quote!(hooks::Check)));
        assert!(check(parse_quote!(Socket)));
        assert!(!check(parse_quote!(u32)));
        assert!(!check(parse_quote!(String)));
        assert!(!check(parse_quote!(T)));
        assert!(!check(parse_quote!(T::Item)));
        assert!(!check(parse_quote!(<T as Iterator>::Item)));
        assert!(!check(parse_quote!(Vec<u8>)));
        assert!(!check(parse_quote!(Option<Check>)));
        assert!(!check(parse_quote!(&'a str)));
        assert!(!check(parse_quote!([u8; N])));
    }
}
