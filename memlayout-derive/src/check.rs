//! Rules that relate several attributes, or an attribute and the shape of the type. One
//! `check_<rule>` function per rule, each under the paragraph that states it. Every violation is
//! recorded in the [`Ctxt`]; none stops the others from being checked.

use crate::ast::{Body, Input};
use crate::attr::{self, Budget};
use crate::ctxt::Ctxt;
use crate::spell;

pub(crate) fn check(cx: &Ctxt, input: &Input) {
    check_exclusive_budgets(cx, input);
    check_niche_on_enum(cx, input);
    check_budgets_on_concrete_type(cx, input);
    check_field_mode(cx, input);
    check_type_mode(cx, input);
    check_covered_fields(cx, input);
    check_with_on_union_field(cx, input);
    check_sized(cx, input);
}

/// `no_padding` says "0 padding bytes" and `max_padding` gives a limit: together one of them is
/// redundant or they contradict, so only one may be given. Likewise `size` (exact) and
/// `max_size` (a limit). The error points at whichever comes second.
fn check_exclusive_budgets(cx: &Ctxt, input: &Input) {
    for (a, b) in [
        (attr::NO_PADDING, attr::MAX_PADDING),
        (attr::SIZE, attr::MAX_SIZE),
    ] {
        let (Some(first), Some(second)) = (input.attrs.budget(a), input.attrs.budget(b)) else {
            continue;
        };
        let (earlier, later) = ordered(&input.attrs.budgets, first, second);
        cx.error_spanned_by(
            &later.path,
            format!(
                "`{}` conflicts with `{}`: give only one of them",
                later.key, earlier.key
            ),
        );
    }
}

/// The two budgets in the order they were written.
fn ordered<'b>(all: &[Budget], a: &'b Budget, b: &'b Budget) -> (&'b Budget, &'b Budget) {
    let position = |x: &Budget| all.iter().position(|y| y.key == x.key);
    if position(a) <= position(b) {
        (a, b)
    } else {
        (b, a)
    }
}

/// `niche` is `assert_layout!`'s: `Option<Self>` is no larger than `Self` (a niche is left over,
/// in a field or in an enum's tag: `enum E { A(u32), B(u32) }` has a 4-byte tag and passes). On
/// the derive it is an enum's budget (whether `Option<Enum>` stays free) and is rejected on
/// structs and unions; `assert_layout!(Struct, niche)` checks a struct.
fn check_niche_on_enum(cx: &Ctxt, input: &Input) {
    let Some(niche) = input.attrs.budget(attr::NICHE) else {
        return;
    };
    if !matches!(input.body, Body::Enum(_)) {
        let what = match input.body {
            Body::Union(_) => "a union",
            _ => "a struct",
        };
        cx.error_spanned_by(
            &niche.path,
            format!("`niche` applies to enums only, and this is {what}"),
        );
    }
}

/// A budget is checked by `assert_layout!` on one concrete type. At a generic definition there
/// is no size to check (`Wrapper<T>`'s size depends on `T`), so budget keys there are an error
/// that shows how to check an instantiation instead.
fn check_budgets_on_concrete_type(cx: &Ctxt, input: &Input) {
    if !input.is_generic() {
        return;
    }
    let name = spell::defined_type(input.ident, input.generics);
    for budget in &input.attrs.budgets {
        let example = match &budget.value {
            Some(value) => format!("{} = {}", budget.key, spell::expr(value)),
            None => budget.key.to_string(),
        };
        cx.error_spanned_by(
            &budget.meta,
            format!(
                "layout budgets cannot be checked at a generic definition: `{name}` has no size until \
                 its parameters are known; check an instantiation instead, e.g. \
                 `memlayout::assert_layout!({}<u64>, {example});`",
                input.ident
            ),
        );
    }
}

/// A field is either walked, opaque (size and alignment only), or measured by a function:
/// `opaque` and `with` together contradict each other.
fn check_field_mode(cx: &Ctxt, input: &Input) {
    for field in input.all_fields() {
        if let (Some(_), Some((with, _))) = (&field.attrs.opaque, &field.attrs.with) {
            cx.error_spanned_by(
                with,
                "`with` conflicts with `opaque`: an opaque field has no heap figure; give only one of them",
            );
        }
    }
}

/// On the whole type, `opaque` says nothing is walked and `with` says a function measures the
/// value: together they contradict each other, as on a field.
fn check_type_mode(cx: &Ctxt, input: &Input) {
    if let (Some(_), Some((with, _))) = (&input.attrs.opaque, &input.attrs.with) {
        cx.error_spanned_by(
            with,
            "`with` conflicts with `opaque`: an opaque type has no heap figure; give only one of them",
        );
    }
}

/// `opaque` or `with` on the type covers every field, and `opaque` on an enum variant every
/// field of that variant: an `opaque` or `with` inside what is already covered has no effect,
/// and is reported where it is written so the user removes the one that is not meant.
fn check_covered_fields(cx: &Ctxt, input: &Input) {
    let on_type = input
        .attrs
        .opaque
        .as_ref()
        .or(input.attrs.with.as_ref().map(|(key, _)| key));
    let name = |key: &syn::Path| {
        key.get_ident()
            .map_or_else(String::new, ToString::to_string)
    };
    if let (Some(type_key), Body::Enum(variants)) = (on_type, &input.body) {
        for key in variants.iter().filter_map(|v| v.attrs.opaque.as_ref()) {
            cx.error_spanned_by(
                key,
                format!(
                    "`opaque` on the variant has no effect: `{}` on the type already covers every \
                     variant; remove one of them",
                    name(type_key)
                ),
            );
        }
    }
    let place = if on_type.is_some() { "type" } else { "variant" };
    for field in input.all_fields() {
        let Some(covered_by) = &field.attrs.covered else {
            continue;
        };
        let own = field.attrs.opaque.as_ref();
        if let Some(key) = own.or(field.attrs.with.as_ref().map(|(key, _)| key)) {
            cx.error_spanned_by(
                key,
                format!(
                    "`{}` on the field has no effect: `{}` on the {place} already covers every \
                     field; remove one of them",
                    name(key),
                    name(covered_by)
                ),
            );
        }
    }
}

/// A union's value is never read: which field holds it is unknown, so a `with` function on one
/// of its fields would never be called. `opaque` there is meaningful (the field's type then
/// needs no `Layout`), and `with` on the whole union measures the value, so only a field's
/// `with` is rejected, where it is written.
fn check_with_on_union_field(cx: &Ctxt, input: &Input) {
    let Body::Union(fields) = &input.body else {
        return;
    };
    for field in fields {
        if let Some((key, _)) = &field.attrs.with {
            if field.attrs.covered.is_none() {
                cx.error_spanned_by(
                    key,
                    "`with` on a union field has no effect: a union's value is never read (which \
                     field holds it is unknown); put `with` on the union to measure the whole \
                     value, or make the field `opaque`",
                );
            }
        }
    }
}

/// The metadata is built from `size_of::<Self>()` and `offset_of!`, which need a sized type. A
/// struct is unsized when its last field is: a slice, `str`, a trait object, or a type
/// parameter declared `?Sized`. Say so at that field rather than let the compiler report
/// `Sized` errors inside the expansion.
fn check_sized(cx: &Ctxt, input: &Input) {
    let Body::Struct(_, fields) = &input.body else {
        return;
    };
    let Some(last) = fields.last() else {
        return;
    };
    let unsized_params: Vec<&syn::Ident> = input
        .generics
        .type_params()
        .filter(|p| p.bounds.iter().any(is_maybe_sized))
        .map(|p| &p.ident)
        .chain(input.generics.where_clause.iter().flat_map(|w| {
            w.predicates.iter().filter_map(|pred| match pred {
                syn::WherePredicate::Type(t) if t.bounds.iter().any(is_maybe_sized) => {
                    match &t.bounded_ty {
                        syn::Type::Path(p) => p.path.get_ident(),
                        _ => None,
                    }
                }
                _ => None,
            })
        }))
        .collect();
    if let Some(ty) = unsized_part(last.ty, &unsized_params) {
        cx.error_spanned_by(
            ty,
            format!(
                "`#[derive(Layout)]` needs a sized type, and this field can make `{}` unsized; \
                 implement `Layout` by hand for a dynamically sized type",
                input.ident
            ),
        );
    }
}

/// The part of a field's type that is unsized: a slice, a trait object, `str` (also spelled
/// `core::primitive::str`) or an unsized parameter, seen through parentheses and the invisible
/// group a `macro_rules!` `$t:ty` leaves around a type (the error then points at the caller's
/// tokens, not at `$t`).
fn unsized_part<'t>(ty: &'t syn::Type, unsized_params: &[&syn::Ident]) -> Option<&'t syn::Type> {
    let is_unsized = match ty {
        syn::Type::Slice(_) | syn::Type::TraitObject(_) => true,
        syn::Type::Paren(inner) => return unsized_part(&inner.elem, unsized_params),
        syn::Type::Group(inner) => return unsized_part(&inner.elem, unsized_params),
        syn::Type::Path(p) if p.qself.is_none() => match p.path.get_ident() {
            Some(ident) => ident == "str" || unsized_params.contains(&ident),
            None => {
                let names: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                matches!(
                    names.iter().map(String::as_str).collect::<Vec<_>>()[..],
                    ["core" | "std", "primitive", "str"]
                )
            }
        },
        _ => false,
    };
    is_unsized.then_some(ty)
}

fn is_maybe_sized(bound: &syn::TypeParamBound) -> bool {
    matches!(bound, syn::TypeParamBound::Trait(t) if matches!(t.modifier, syn::TraitBoundModifier::Maybe(_)))
}
