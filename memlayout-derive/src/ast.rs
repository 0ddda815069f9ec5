//! The derive input reshaped for expansion: the type, its variants and fields, each with its
//! parsed attributes and a reference to the original syntax for spans.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Expr, Fields, Generics, Ident, Index, Member, Type};

use crate::attr::{Container, FieldAttrs, VariantAttrs};
use crate::ctxt::Ctxt;
use crate::repr::Repr;

/// The whole derive input.
pub(crate) struct Input<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub attrs: Container,
    pub repr: Repr,
    pub body: Body<'a>,
}

/// What sort of type, with its parts.
pub(crate) enum Body<'a> {
    Struct(Style, Vec<Field<'a>>),
    Enum(Vec<Variant<'a>>),
    Union(Vec<Field<'a>>),
}

/// How a struct or variant spells its fields.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `{ a: A }`
    Named,
    /// `(A)`
    Tuple,
    /// no fields, no delimiters
    Unit,
}

/// One enum variant.
pub(crate) struct Variant<'a> {
    pub ident: &'a Ident,
    /// The name reported in the metadata: `"Match"` for `r#Match` (raw identifiers unescaped,
    /// as for fields and the type's own name, and as `#[derive(Debug)]` prints them).
    pub name: String,
    pub style: Style,
    pub discriminant: Option<&'a Expr>,
    pub fields: Vec<Field<'a>>,
    pub attrs: VariantAttrs,
}

/// One field of a struct, union or variant.
pub(crate) struct Field<'a> {
    /// `self.a` / `self.0`.
    pub member: Member,
    /// The name reported in the metadata: `"a"` (raw identifiers unescaped), `"0"`.
    pub name: String,
    pub ty: &'a Type,
    /// The span of the whole type, where errors about the field's type (a missing `Layout`
    /// impl) point. Computed once: `Spanned::span` re-tokenizes the type on every call.
    pub ty_span: Span,
    pub attrs: FieldAttrs,
}

impl<'a> Input<'a> {
    /// Reshapes `input`, parsing every attribute and recording mistakes in `cx`.
    pub(crate) fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Input<'a> {
        // The container's attributes first, so errors are reported in source order.
        let attrs = Container::from_attrs(cx, &input.attrs);
        let body = match &input.data {
            Data::Struct(data) => {
                let (style, fields) = fields_from_syn(cx, &data.fields);
                Body::Struct(style, fields)
            }
            Data::Enum(data) => Body::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        let attrs = VariantAttrs::from_attrs(cx, &variant.attrs);
                        let (style, mut fields) = fields_from_syn(cx, &variant.fields);
                        cover(&mut fields, &attrs.opaque);
                        Variant {
                            ident: &variant.ident,
                            name: variant.ident.unraw().to_string(),
                            style,
                            discriminant: variant.discriminant.as_ref().map(|(_, expr)| expr),
                            fields,
                            attrs,
                        }
                    })
                    .collect(),
            ),
            Data::Union(data) => {
                let fields = data.fields.named.iter().enumerate();
                Body::Union(
                    fields
                        .map(|(i, field)| field_from_syn(cx, i, field))
                        .collect(),
                )
            }
        };
        let mut input = Input {
            ident: &input.ident,
            generics: &input.generics,
            attrs,
            repr: Repr::from_attrs(&input.attrs),
            body,
        };
        // `opaque` or `with` on the type: no field is walked.
        let covering = input.attrs.opaque.clone().or_else(|| {
            let (key, _) = input.attrs.with.as_ref()?;
            Some(key.clone())
        });
        match &mut input.body {
            Body::Struct(_, fields) | Body::Union(fields) => cover(fields, &covering),
            Body::Enum(variants) => {
                for variant in variants {
                    cover(&mut variant.fields, &covering);
                }
            }
        }
        input
    }

    /// Every field of the type, all variants included.
    pub(crate) fn all_fields(&self) -> Box<dyn Iterator<Item = &Field<'a>> + '_> {
        match &self.body {
            Body::Struct(_, fields) | Body::Union(fields) => Box::new(fields.iter()),
            Body::Enum(variants) => Box::new(variants.iter().flat_map(|v| v.fields.iter())),
        }
    }

    /// `true` when the type has type or const parameters (lifetimes do not change layout).
    pub(crate) fn is_generic(&self) -> bool {
        self.generics.type_params().next().is_some()
            || self.generics.const_params().next().is_some()
    }
}

/// Marks `fields` opaque because of `key` (`opaque` or `with` on their type or variant).
fn cover(fields: &mut [Field], key: &Option<syn::Path>) {
    if let Some(key) = key {
        for field in fields {
            field.attrs.covered.get_or_insert_with(|| key.clone());
        }
    }
}

fn fields_from_syn<'a>(cx: &Ctxt, fields: &'a Fields) -> (Style, Vec<Field<'a>>) {
    let style = match fields {
        Fields::Named(_) => Style::Named,
        Fields::Unnamed(_) => Style::Tuple,
        Fields::Unit => Style::Unit,
    };
    let fields = fields.iter().enumerate();
    (
        style,
        fields
            .map(|(i, field)| field_from_syn(cx, i, field))
            .collect(),
    )
}

fn field_from_syn<'a>(cx: &Ctxt, index: usize, field: &'a syn::Field) -> Field<'a> {
    let ty_span = field.ty.span();
    let (member, name) = match &field.ident {
        Some(ident) => (Member::Named(ident.clone()), ident.unraw().to_string()),
        None => (
            Member::Unnamed(Index {
                index: index as u32,
                span: ty_span,
            }),
            index.to_string(),
        ),
    };
    let mut attrs = FieldAttrs::from_attrs(cx, &field.attrs);
    attrs.higher_ranked = crate::higher_ranked::holds_higher_ranked(&field.ty);
    Field {
        member,
        name,
        ty: &field.ty,
        ty_span,
        attrs,
    }
}
