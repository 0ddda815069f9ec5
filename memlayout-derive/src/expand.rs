//! Writes the `Layout` impl. Everything here was checked before: expansion cannot fail.
//!
//! The generated code is kept small (one `const _: () = { ... };` block; per field one call
//! into `__private`, one `IS_LEAF` term and one visitor call): the layout arithmetic lives in
//! `__private`'s const fns, compiled once in memlayout, not once per type. Struct offsets come
//! from field places, not `offset_of!`, so that no constant in `LAYOUT` is evaluated until it is
//! used (see `layout_const`).

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Index, Member, Path};

use crate::ast::{Body, Field, Input, Style, Variant};
use crate::attr::FieldMode;
use crate::ctxt::Ctxt;
use crate::repr::Repr;
use crate::{bound, check, fallback, higher_ranked, spell};

/// The derive: parse, check, then expand, or on any error the errors and a stub impl.
pub(crate) fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let input = Input::from_syn(&cx, node);
    check::check(&cx, &input);
    match cx.check() {
        Ok(()) => expand(&input),
        Err(errors) => fallback::expand(&input, errors),
    }
}

/// Paths into the runtime crate (`::memlayout` or the `crate = ...` override).
pub(crate) struct Paths {
    pub krate: Path,
    /// `#krate::__private`
    pub private: TokenStream,
}

impl Paths {
    pub(crate) fn new(input: &Input) -> Paths {
        let krate = input
            .attrs
            .krate
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::memlayout));
        let private = quote!(#krate::__private);
        Paths { krate, private }
    }
}

fn expand(input: &Input) -> TokenStream {
    let paths = Paths::new(input);
    let private = &paths.private;
    // Inside the block, `__memlayout` names `::memlayout::__private` (or the `crate = ...`
    // override): an absolute path, imported once, so each use is two tokens instead of six.
    let p = &Ident::new("__memlayout", Span::call_site());
    let ident = input.ident;
    let generics = bound::with_bounds(input, p);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let layout = layout_const(input, p);
    let is_leaf = is_leaf(input, p);
    let probes = alias_probes(input, p);
    // In the constants, in a closure never called (typed with the constant, so a failing
    // probe keeps the compiler's own error about the same field from being reported too).
    let closure = if probes.is_empty() {
        TokenStream::new()
    } else {
        quote!(let _ = || { #probes };)
    };
    let visit = visit(input, &probes, p);
    let has_drop_impl = has_drop_impl(input, p);
    let is_drop_impl_known = is_drop_impl_known(input, p);
    let budgets = budgets(input, &paths.krate);
    let registration = registration(input, p);

    // `allow(deprecated)`: the block names the type (its registration, its budgets), which
    // may itself be `#[deprecated]`; the user's own uses still warn.
    quote! {
        #[allow(deprecated)]
        const _: () = {
            use #private as __memlayout;
            #[automatically_derived]
            impl #impl_generics #p::Layout for #ident #ty_generics #where_clause {
                const LAYOUT: &'static #p::TypeLayout = { #closure #layout };
                const IS_LEAF: #p::bool = { #closure #is_leaf };
                #visit
                #[inline]
                fn has_drop_impl() -> #p::bool {
                    #has_drop_impl
                }
                #is_drop_impl_known
            }
            #budgets
            #registration
        };
    }
}

/// `register!(Type);`, which adds the type to `memlayout::registered()` (a no-op check without
/// memlayout's `registry` feature). A type with type or const parameters registers nothing: its
/// users name instantiations with `memlayout::register!`. Lifetime parameters become `'static`
/// (they do not change the layout).
fn registration(input: &Input, p: &Ident) -> TokenStream {
    if input.is_generic() {
        return TokenStream::new();
    }
    let ident = input.ident;
    let lifetimes = input
        .generics
        .lifetimes()
        .map(|_| quote!('static))
        .collect::<Vec<_>>();
    let ty = if lifetimes.is_empty() {
        quote!(#ident)
    } else {
        quote!(#ident<#(#lifetimes),*>)
    };
    quote!(#p::register!(#ty);)
}

/// An unsuffixed `usize` literal (`3`, not `3usize`).
fn index(i: usize) -> Literal {
    Literal::usize_unsuffixed(i)
}

/// The field type's span: errors about the field (a type that does not implement `Layout`)
/// point there. See `at`: the names written with it resolve as the macro's own.
fn ty_span(field: &Field) -> Span {
    at(field.ty_span)
}

/// A span located at `user` (a field's type, a `with` path) that resolves names as the derive's
/// other tokens do. The user's tokens may come from a `macro_rules!` caller (`struct $name {
/// value: $t }`), whose hygiene would hide the locals the expansion declares (`__b`, `self`,
/// `__f0`, `__f`) from uses spanned on them.
fn at(user: Span) -> Span {
    Span::call_site().located_at(user)
}

/// `<Ty as __memlayout::Layout>`, spanned on the field's type: every use of a walked field's
/// `Layout` impl goes through this path (`::__FIELD_TYPE`, `::IS_LEAF`,
/// `::__visit_field`), never through a function with a `T: Layout` bound. A missing impl then
/// fails the same obligation, with the same span and no "required by" note, at every use; the
/// compiler prints identical diagnostics once, so the user sees one error per field, on its
/// type, with `Layout`'s own notes. (`__memlayout` keeps the macro's span: a path spanned
/// wholly on user code would trip `unused_qualifications` where `Layout` is imported.)
fn layout_of(field: &Field, p: &Ident) -> TokenStream {
    let ty = field.ty;
    let layout = Ident::new("Layout", ty_span(field));
    quote!(<#ty as #p::#layout>)
}

/// `Ty::__FIELD_TYPE`: the argument that describes a walked field's type.
fn layout_args(field: &Field, p: &Ident) -> TokenStream {
    let layout = layout_of(field, p);
    quote!(#layout::__FIELD_TYPE)
}

/// `let __f: fn(&Ty) -> usize = f;`: a `with` function, spanned on its path, so a function
/// with another signature is one type error there that names the signature it must have.
fn with_function(function: &Path, argument: TokenStream, p: &Ident) -> TokenStream {
    let span = at(function.span());
    quote_spanned!(span=> let __f: fn(&#argument) -> #p::usize = #function;)
}

fn repr(repr: &Repr, p: &Ident) -> TokenStream {
    if repr.is_default() {
        return quote!(#p::Repr::RUST);
    }
    let mut parts = Vec::new();
    if repr.c {
        parts.push(quote!(c: true));
    }
    if repr.transparent {
        parts.push(quote!(transparent: true));
    }
    if let Some(n) = repr.packed {
        let n = index(n as usize);
        parts.push(quote!(packed: #p::Some(#n)));
    }
    if let Some(n) = repr.align {
        let n = index(n as usize);
        parts.push(quote!(align: #p::Some(#n)));
    }
    if let Some(int) = repr.int {
        let int = format_ident!("{}", int);
        parts.push(quote!(int: #p::Some(#p::IntRepr::#int)));
    }
    quote!(#p::Repr { #(#parts,)* ..#p::Repr::RUST })
}

/// `const LAYOUT`'s value.
fn layout_const(input: &Input, p: &Ident) -> TokenStream {
    let name = spell::defined_type(input.ident, input.generics);
    let repr = repr(&input.repr, p);
    match &input.body {
        Body::Struct(style, fields) => {
            let kind = match style {
                Style::Named => quote!(Struct),
                Style::Tuple => quote!(TupleStruct),
                Style::Unit => quote!(UnitStruct),
            };
            if fields.is_empty() {
                return quote! {
                    &#p::struct_layout_at::<Self>(#name, #p::Kind::#kind, #repr, &[])
                };
            }
            // Offsets are the places of the fields inside an uninitialised `Self`
            // (`&raw const (*__b).field`, no read): the compiler's own numbers, as
            // `offset_of!` gives them, without a `const` block per field. The compiler
            // evaluates every inline `const` block and promoted constant of a non-generic body
            // eagerly, even in a `LAYOUT` nobody reads; this body has none (the field array
            // depends on the local `__b`, so it is not promoted), which halves the derive's
            // compile cost.
            let entries = fields.iter().map(|f| field_spec(f, p));
            quote!({
                let __u = #p::MaybeUninit::<Self>::uninit();
                let __b = &raw const __u as *const Self;
                let __f = unsafe { [#(#entries),*] };
                &#p::TypeLayout {
                    fields: &#p::fields_of(__f),
                    memory_order: &#p::memory_order_at(&__f),
                    ..#p::struct_layout_at::<Self>(#name, #p::Kind::#kind, #repr, &__f)
                }
            })
        }
        Body::Union(fields) => {
            let entries = fields.iter().map(|f| field_entry(f, p));
            quote!({
                let __fields = &[#(#entries),*];
                &#p::TypeLayout {
                    memory_order: &#p::memory_order_of(__fields),
                    ..#p::union_layout::<Self>(#name, #repr, __fields)
                }
            })
        }
        Body::Enum(variants) => {
            let (consts, values) = discriminant_values(input, variants, p);
            let variants = variants
                .iter()
                .zip(values)
                .map(|(v, value)| variant_entry(v, value, p));
            quote!({
                #consts
                &#p::enum_layout::<Self>(#name, #repr, &[#(#variants),*])
            })
        }
    }
}

/// `__private::field_at("a", "Ty", __b, &raw const (*__b).a)` (inside the `unsafe` block of
/// `layout_const`), spanned on the field's type. The field's type is inferred from the place,
/// not written again.
///
/// The generated `unsafe` is sound: `__b` points to a `MaybeUninit<Self>` that lives until the
/// end of the block, and `&raw const (*__b).a` only computes the place of a field of it (no
/// reference is made and nothing is read), which is what `field_at` requires.
fn field_spec(field: &Field, p: &Ident) -> TokenStream {
    let name = &field.name;
    let type_name = spell::type_name(field.ty);
    // The member is re-spanned on the type too: the place expression is what a missing `Layout`
    // impl is reported at, and it should point at the type alone, not `name: Type`.
    let member = match &field.member {
        Member::Named(ident) => {
            let mut ident = ident.clone();
            ident.set_span(ty_span(field));
            Member::Named(ident)
        }
        Member::Unnamed(index) => Member::Unnamed(Index {
            index: index.index,
            span: ty_span(field),
        }),
    };
    match field.attrs.mode() {
        // `__memlayout` (what `p` holds) spelled out so the whole call carries the type's span.
        FieldMode::Walk => {
            let args = layout_args(field, p);
            quote_spanned! {ty_span(field)=>
                __memlayout::field_at(#name, #type_name, __b, &raw const (*__b).#member, #args)
            }
        }
        FieldMode::Opaque | FieldMode::With(_) => {
            quote!(#p::opaque_field_at(#name, #type_name, __b, &raw const (*__b).#member))
        }
    }
}

/// `__private::field::<Ty>("a", "Ty", offset_of!(Self, a))`, spanned on the field's type.
fn field_entry(field: &Field, p: &Ident) -> TokenStream {
    let ty = field.ty;
    let name = &field.name;
    let type_name = spell::type_name(ty);
    let member = &field.member;
    let offset = quote!(#p::offset_of!(Self, #member));
    match field.attrs.mode() {
        FieldMode::Walk => {
            let args = layout_args(field, p);
            quote!(#p::field_of::<#ty>(#name, #type_name, #offset, #args))
        }
        FieldMode::Opaque | FieldMode::With(_) => {
            quote!(#p::opaque_field::<#ty>(#name, #type_name, #offset))
        }
    }
}

/// Each variant's discriminant value as an `i128` expression the compiler evaluates, and the
/// constants those expressions read.
///
/// The rule (Rust Reference, "Enumerations", discriminants): an explicit discriminant is a
/// constant expression of the enum's discriminant type (the `#[repr(int)]`, else `isize`); a
/// variant without one takes the previous variant's value plus one, the first variant 0. Each
/// explicit expression is evaluated once, as `const __DISCRIMINANT_<i>: <type> = <expr>;` (typed exactly as
/// the compiler types it, so `i32::MIN as isize` or a named constant work); the variants after
/// it add their distance to it.
fn discriminant_values(
    input: &Input,
    variants: &[Variant],
    p: &Ident,
) -> (TokenStream, Vec<TokenStream>) {
    let ty = Ident::new(input.repr.discriminant_type(), Span::call_site());
    let mut consts = TokenStream::new();
    let mut values = Vec::with_capacity(variants.len());
    let mut last_explicit: Option<(Ident, usize)> = None;
    for (i, variant) in variants.iter().enumerate() {
        if let Some(expr) = variant.discriminant {
            let name = format_ident!("__DISCRIMINANT_{}", i);
            consts.extend(quote!(const #name: #p::#ty = #expr;));
            last_explicit = Some((name, i));
        }
        values.push(match &last_explicit {
            Some((name, at)) if *at == i => quote!(#name as #p::i128),
            Some((name, at)) => {
                let distance = index(i - at);
                quote!(#name as #p::i128 + #distance)
            }
            None => {
                let i = index(i);
                quote!(#i)
            }
        });
    }
    (consts, values)
}

/// `__private::variant("B", Some("1"), __DISCRIMINANT_1 as i128, &[fields])`.
fn variant_entry(variant: &Variant, value: TokenStream, p: &Ident) -> TokenStream {
    let name = &variant.name;
    let discriminant = match variant.discriminant {
        Some(expr) => {
            let written = spell::expr(expr);
            quote!(#p::Some(#written))
        }
        None => quote!(#p::None),
    };
    let fields = variant.fields.iter().map(|field| {
        let ty = field.ty;
        let name = &field.name;
        let type_name = spell::type_name(ty);
        match field.attrs.mode() {
            FieldMode::Walk => {
                let args = layout_args(field, p);
                quote!(#p::variant_field_of::<#ty>(#name, #type_name, #args))
            }
            FieldMode::Opaque | FieldMode::With(_) => {
                quote!(#p::opaque_variant_field::<#ty>(#name, #type_name))
            }
        }
    });
    quote!(#p::variant(#name, #discriminant, #value, &[#(#fields),*]))
}

/// `const IS_LEAF`: every walked field is a leaf, and every opaque field's type has no drop
/// glue (one that has may own heap, which is reported unknown); a `with` field never is (its
/// function must run). A union is a leaf when none of its fields may own anything
/// (`__private::union_is_leaf`).
fn is_leaf(input: &Input, p: &Ident) -> TokenStream {
    if let Body::Union(_) = input.body {
        return quote!(#p::union_is_leaf(Self::LAYOUT));
    }
    if input.attrs.with.is_some() {
        return quote!(false);
    }
    if input.attrs.opaque.is_some() {
        // The type's own `Drop` may free what its fields only point to: ask about `Self`.
        return quote!(!#p::needs_drop::<Self>());
    }
    // Built in one `quote!` (no token stream per term): the macro's own run time is part of
    // the derive's compile cost.
    let mut terms = Vec::new();
    for field in input.all_fields() {
        match field.attrs.mode() {
            FieldMode::Walk => {
                let layout = layout_of(field, p);
                terms.push(quote!(#layout::IS_LEAF));
            }
            FieldMode::Opaque => {
                let ty = field.ty;
                terms.push(quote!(!#p::needs_drop::<#ty>()));
            }
            FieldMode::With(_) => return quote!(false),
        }
    }
    if terms.is_empty() {
        quote!(true)
    } else {
        quote!(#(#terms)&&*)
    }
}

/// `fn visit`: the value's fields in declaration order (the order they are dropped in).
fn visit(input: &Input, probes: &TokenStream, p: &Ident) -> TokenStream {
    let body = match &input.body {
        _ if input.attrs.with.is_some() => {
            let (_, function) = input.attrs.with.as_ref().expect("checked above");
            let function = with_function(function, quote!(Self), p);
            // A measured enum still names its active variant (`variant::of`, the report).
            let variant = match &input.body {
                Body::Enum(variants) if !variants.is_empty() => {
                    let arms = variants.iter().enumerate().map(|(i, v)| {
                        let (ident, i, name) = (v.ident, index(i), &v.name);
                        quote!(Self::#ident { .. } => __v.variant(#i, #name),)
                    });
                    quote!(match self { #(#arms)* })
                }
                _ => TokenStream::new(),
            };
            quote!(#variant #function #p::visit_measured_type(__v, __f(self));)
        }
        // Before `opaque`: a union never has drop glue, so only its fields can tell.
        Body::Union(_) => quote!(#p::visit_union::<Self, __MemlayoutVisitor>(__v);),
        _ if input.attrs.opaque.is_some() => {
            quote!(#p::visit_opaque_type::<Self, __MemlayoutVisitor>(__v);)
        }
        Body::Struct(_, fields) if fields.is_empty() => return TokenStream::new(),
        Body::Struct(_, fields) if input.repr.is_packed() => {
            let calls = fields
                .iter()
                .enumerate()
                .map(|(i, f)| packed_field_call(i, f, p));
            quote!(#(#calls)*)
        }
        Body::Struct(_, fields) => {
            let calls = fields.iter().enumerate().map(|(i, f)| {
                let member = &f.member;
                field_call(i, f, quote_spanned!(ty_span(f)=> &self.#member), p)
            });
            quote!(#(#calls)*)
        }
        Body::Enum(variants) if variants.is_empty() => quote!(match *self {}),
        Body::Enum(variants) => {
            let arms = variants
                .iter()
                .enumerate()
                .map(|(i, v)| variant_arm(i, v, p));
            quote!(match self { #(#arms)* })
        }
    };
    quote! {
        #[inline]
        fn visit<'__memlayout, __MemlayoutVisitor: #p::Visitor<'__memlayout>>(
            &'__memlayout self,
            __v: &mut __MemlayoutVisitor,
        ) {
            #probes
            #body
        }
    }
}

/// One `__private::FieldProbe` check per walked field whose type is a bare name that may be a
/// type alias for a higher-ranked callback (`higher_ranked::may_be_alias`), spanned on the
/// type: such a field fails with an error that names `#[layout(opaque)]`, and the compiler's
/// "not general enough" from this body goes away (its typing failed first).
fn alias_probes(input: &Input, p: &Ident) -> TokenStream {
    let probes: Vec<_> = input
        .all_fields()
        .filter(|f| matches!(f.attrs.mode(), FieldMode::Walk))
        .filter(|f| higher_ranked::may_be_alias(f.ty, input.generics))
        .map(|f| {
            let ty = f.ty;
            // The type's own span (no local is named here): the error is the field's alone.
            quote_spanned!(f.ty_span=> __memlayout::every_lifetime(
                (&&&__memlayout::FieldProbe::<#ty>::NEW).verdict()
            );)
        })
        .collect();
    if probes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        use #p::{ProbeLayout as _, ProbeOther as _, ProbePointer as _};
        #(#probes)*
    }
}

/// The visitor call for one field, given an expression for a reference to it.
fn field_call(i: usize, field: &Field, reference: TokenStream, p: &Ident) -> TokenStream {
    let i = index(i);
    let name = &field.name;
    match field.attrs.mode() {
        FieldMode::Walk => {
            let layout = layout_of(field, p);
            quote!(#layout::__visit_field(#reference, #i, #name, __v);)
        }
        FieldMode::Opaque => quote!(#p::visit_opaque(__v, #i, #name, #reference);),
        FieldMode::With(function) => {
            let ty = field.ty;
            let function = with_function(function, quote!(#ty), p);
            quote!({
                #function
                __v.measured(#i, #name, #p::measured_block(__f(#reference)));
            })
        }
    }
}

/// A field of a `#[repr(packed)]` struct, which may be unaligned: never borrowed in place.
/// Every field, leaves included (a report shows their rows as for any struct), is read bitwise
/// with `read_unaligned` through `addr_of!` (no reference is created) and handed over in a
/// `ManuallyDrop`, so the copy is never dropped (the original still owns everything).
fn packed_field_call(i: usize, field: &Field, p: &Ident) -> TokenStream {
    let member = &field.member;
    let ty = field.ty;
    let index = index(i);
    let name = &field.name;
    // The generated `unsafe` block is sound: `addr_of!` points at an initialised field of
    // `*self`, valid for reads; `read_unaligned` allows any alignment; `ManuallyDrop` keeps the
    // copy from being dropped, so nothing is freed twice.
    let copy = quote! {
        #p::ManuallyDrop::new(unsafe { #p::read_unaligned(#p::addr_of!(self.#member)) })
    };
    match field.attrs.mode() {
        FieldMode::Walk => {
            let layout = layout_of(field, p);
            quote!(#layout::__visit_packed_field(#copy, #index, #name, __v);)
        }
        FieldMode::Opaque => quote!(#p::visit_opaque_packed(__v, #index, #name, #copy);),
        FieldMode::With(function) => {
            let function = with_function(function, quote!(#ty), p);
            quote! {
                {
                    let __copy = #copy;
                    #function
                    __v.measured(#index, #name, #p::measured_block(__f(&*__copy)));
                }
            }
        }
    }
}

/// One `match` arm: `Self::B { x: __f0, .. } => { __v.variant(1, "B"); __v.field(0, "x", __f0); }`.
fn variant_arm(i: usize, variant: &Variant, p: &Ident) -> TokenStream {
    let ident = variant.ident;
    let i = index(i);
    let name = &variant.name;
    let binding = |j: usize| format_ident!("__f{}", j);
    let pattern = match variant.style {
        Style::Unit => quote!(Self::#ident),
        Style::Tuple => {
            let parts = variant.fields.iter().enumerate().map(|(j, _)| binding(j));
            quote!(Self::#ident(#(#parts),*))
        }
        Style::Named => {
            let parts = variant.fields.iter().enumerate().map(|(j, f)| {
                let member = &f.member;
                let b = binding(j);
                quote!(#member: #b)
            });
            quote!(Self::#ident { #(#parts,)* .. })
        }
    };
    let calls = variant.fields.iter().enumerate().map(|(j, f)| {
        // The binding's use is spanned on the field's type, as a missing `Layout` impl is reported
        // at the argument.
        let b = syn::Ident::new(&format!("__f{j}"), ty_span(f));
        field_call(j, f, quote!(#b), p)
    });
    quote! {
        #pattern => {
            __v.variant(#i, #name);
            #(#calls)*
        }
    }
}

/// `fn has_drop_impl`: declared with `drop_impl` (and checked: a type without `impl Drop` is an
/// error spanned on the key); probed for concrete types; guessed for generic ones (see
/// `__private::drop_impl_guess`).
fn has_drop_impl(input: &Input, p: &Ident) -> TokenStream {
    if let Some(key) = &input.attrs.drop_impl {
        return quote_spanned!(key.span()=> #p::declared_drop_impl::<Self>());
    }
    if !input.is_generic() {
        return quote! {
            use #p::NoDropImpl as _;
            #p::DropProbe::<Self>::HAS_DROP_IMPL
        };
    }
    let tys = input.all_fields().map(|f| f.ty);
    quote!(#p::drop_impl_guess(#p::needs_drop::<Self>(), &[#(#p::needs_drop::<#tys>()),*]))
}

/// `fn is_drop_impl_known`, only where `has_drop_impl` guesses (a generic type without
/// `drop_impl`): the guess misses an own `impl Drop` when fields need dropping too.
fn is_drop_impl_known(input: &Input, p: &Ident) -> TokenStream {
    if input.attrs.drop_impl.is_some() || !input.is_generic() {
        return TokenStream::new();
    }
    let tys = input.all_fields().map(|f| f.ty);
    quote! {
        #[inline]
        fn is_drop_impl_known() -> #p::bool {
            #p::drop_impl_is_known(#p::needs_drop::<Self>(), &[#(#p::needs_drop::<#tys>()),*])
        }
    }
}

/// One `assert_layout!` per budget key, spanned on the key so a failure points at it. Only for
/// concrete types (`check.rs` rejects budgets on generic ones).
fn budgets(input: &Input, krate: &Path) -> TokenStream {
    if input.attrs.budgets.is_empty() {
        return TokenStream::new();
    }
    let calls = input.attrs.budgets.iter().map(|budget| {
        let meta = &budget.meta;
        let span = meta.span();
        // The type is re-spanned on the key too: the budget macro reports a failure at the
        // type it was given, which should be the attribute that set the budget.
        let mut ident = input.ident.clone();
        ident.set_span(span);
        let lifetimes = input
            .generics
            .lifetimes()
            .map(|_| quote_spanned!(span=> 'static));
        let ty = if input.generics.lifetimes().next().is_none() {
            quote_spanned!(span=> #ident)
        } else {
            quote_spanned!(span=> #ident<#(#lifetimes),*>)
        };
        quote_spanned!(span=> #krate::assert_layout!(#ty, #meta);)
    });
    quote!(#(#calls)*)
}
