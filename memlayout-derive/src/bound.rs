//! The impl's where-clause.
//!
//! Bounds go on the type parameters that occur in walked fields (`T: Layout`), and on
//! associated-type projections of them (`T::Item: Layout`), never on whole field types: a bound
//! `Option<Box<Node>>: Layout` on `impl Layout for Node` asks the trait solver to prove the
//! impl while proving it (E0275). Parameters that appear only inside `PhantomData<..>` or in
//! `#[layout(opaque)]` / `#[layout(with = ...)]` fields need no bound. A trait object naming a
//! parameter is bounded through its holder (`Box<dyn Handler<T>>: Layout`): its impl comes from
//! the user's `dyn_layout!`, for chosen arguments only; a `Cow<'a, B>` over one asks
//! `<B as ToOwned>::Owned: Layout` too. `#[layout(bound = "...")]` replaces the
//! inferred bounds entirely, as serde's `bound` does (needed when a field's own impl asks more,
//! `Inner<I>` needing `I::Item: Layout`: the derive cannot see another type's bounds).

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::visit::{self, Visit};
use syn::{
    GenericArgument, Generics, Ident, PathArguments, Type, TypePath, WhereClause, WherePredicate,
};

use crate::ast::Input;
use crate::attr::FieldMode;

/// The generics of the impl: the type's own, plus the inferred (or given) bounds.
pub(crate) fn with_bounds(input: &Input, private: &Ident) -> Generics {
    let mut generics = input.generics.clone();
    let predicates: Vec<WherePredicate> = match &input.attrs.bound {
        Some(given) => given.clone(),
        None => inferred(input, private),
    };
    if !predicates.is_empty() {
        let clause = generics.where_clause.get_or_insert_with(|| WhereClause {
            where_token: Default::default(),
            predicates: Default::default(),
        });
        clause.predicates.extend(predicates);
    }
    generics
}

fn inferred(input: &Input, private: &Ident) -> Vec<WherePredicate> {
    let params: BTreeSet<&Ident> = input.generics.type_params().map(|p| &p.ident).collect();
    if params.is_empty() {
        return Vec::new();
    }
    let mut finder = Finder {
        params: &params,
        itself: input.ident,
        private,
        found: Vec::new(),
        seen: BTreeSet::new(),
    };
    for field in input.all_fields() {
        if let FieldMode::Walk = field.attrs.mode() {
            finder.visit_type(field.ty);
        }
    }
    finder
        .found
        .into_iter()
        .map(|ty| syn::parse_quote!(#ty: #private::Layout))
        .collect()
}

/// Walks a field type and collects the parameters (and projections of them) it mentions.
struct Finder<'p> {
    params: &'p BTreeSet<&'p Ident>,
    /// The deriving type's name: a bound on a type naming it would be recursive.
    itself: &'p Ident,
    /// `__memlayout`, the path generated bounds name `ToOwned` through.
    private: &'p Ident,
    /// Types to bound, in first-seen order.
    found: Vec<TokenStream>,
    /// Their spellings, to avoid duplicates.
    seen: BTreeSet<String>,
}

impl Finder<'_> {
    fn add(&mut self, ty: TokenStream) {
        if self.seen.insert(ty.to_string()) {
            self.found.push(ty);
        }
    }

    fn is_param(&self, ident: &Ident) -> bool {
        self.params.contains(ident)
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_type_path(&mut self, ty: &'ast TypePath) {
        if let Some(qself) = &ty.qself {
            // `<T as Trait>::Assoc`: bound the projection when it involves a parameter.
            if self.mentions_parameter(&qself.ty) {
                self.add(quote!(#ty));
            }
            return;
        }
        let path = &ty.path;
        if path.leading_colon.is_none() {
            if let Some(first) = path.segments.first() {
                if self.is_param(&first.ident) {
                    // `T` itself, or `T::Assoc`.
                    self.add(quote!(#ty));
                    return;
                }
            }
        }
        if path
            .segments
            .last()
            .is_some_and(|s| s.ident == "PhantomData")
        {
            return;
        }
        visit::visit_type_path(self, ty);
    }

    fn visit_type(&mut self, ty: &'ast Type) {
        // Macros in type position are opaque to us: the user can add `bound = "..."`.
        if let Type::Macro(_) = ty {
            return;
        }
        if self.holds_object_of_parameter(ty) {
            self.add(quote!(#ty));
        }
        if let Some(borrowed) = self.cow_of_parameter(ty) {
            let private = self.private;
            self.add(quote!(<#borrowed as #private::ToOwned>::Owned));
        }
        visit::visit_type(self, ty);
    }
}

impl Finder<'_> {
    /// `true` for the type that directly holds a trait object naming a parameter:
    /// `Box<dyn Handler<T>>`, `&'a dyn Handler<T>`. Such an object implements `Layout` only
    /// through the user's `dyn_layout!`, for the arguments they chose, so the impl requires it
    /// of the holder (not of the object alone: the holder fixes the object's default lifetime,
    /// `'static` in a `Box`, `'a` behind `&'a`).
    fn holds_object_of_parameter(&self, ty: &Type) -> bool {
        match ty {
            Type::Reference(reference) => self.is_object_of_parameter(&reference.elem),
            Type::Path(path) => path.path.segments.last().is_some_and(|last| {
                let PathArguments::AngleBracketed(arguments) = &last.arguments else {
                    return false;
                };
                arguments.args.iter().any(|argument| match argument {
                    GenericArgument::Type(ty) => self.is_object_of_parameter(ty),
                    _ => false,
                })
            }),
            _ => false,
        }
    }

    fn is_object_of_parameter(&self, ty: &Type) -> bool {
        match ty {
            Type::Paren(inner) => self.is_object_of_parameter(&inner.elem),
            Type::Group(inner) => self.is_object_of_parameter(&inner.elem),
            Type::TraitObject(_) => self.mentions_parameter(ty),
            _ => false,
        }
    }

    /// `B` of a `Cow<'a, B>` naming a parameter and not the type itself: the impl of `Cow`
    /// asks `B::Owned: Layout` too, which `B: Layout` does not give.
    fn cow_of_parameter<'t>(&self, ty: &'t Type) -> Option<&'t Type> {
        let Type::Path(path) = ty else {
            return None;
        };
        let last = path
            .path
            .segments
            .last()
            .filter(|last| last.ident == "Cow")?;
        let PathArguments::AngleBracketed(arguments) = &last.arguments else {
            return None;
        };
        let borrowed = arguments.args.iter().find_map(|argument| match argument {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })?;
        let recursive = names(quote!(#ty), self.itself);
        (self.mentions_parameter(borrowed) && !recursive).then_some(borrowed)
    }

    fn mentions_parameter(&self, ty: &Type) -> bool {
        let mut inner = Finder {
            params: self.params,
            itself: self.itself,
            private: self.private,
            found: Vec::new(),
            seen: BTreeSet::new(),
        };
        inner.visit_type(ty);
        !inner.found.is_empty()
    }
}

/// `true` when `tokens` hold `itself` or `Self`.
fn names(tokens: TokenStream, itself: &Ident) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == *itself || ident == "Self",
        TokenTree::Group(group) => names(group.stream(), itself),
        _ => false,
    })
}
