//! `#[layout(...)]` attributes, parsed into typed values.
//!
//! Every key is a named constant below. Parsing records each mistake in the [`Ctxt`] and goes
//! on, so one item's mistakes are all reported together; rules that relate several keys
//! (conflicts, keys that only apply to some kinds of type) live in `check.rs`.

use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprLit, ExprUnary, Lit, Meta, Path, Token, UnOp, WherePredicate};

use crate::ctxt::Ctxt;

/// The attribute's own name.
pub(crate) const LAYOUT: &str = "layout";

/// `#[layout(crate = path)]`: where generated code finds memlayout (for re-exporters).
pub(crate) const CRATE: &str = "crate";
/// `#[layout(bound = "T: Layout")]`: where-predicates that replace the inferred bounds.
pub(crate) const BOUND: &str = "bound";
/// `#[layout(drop_impl)]`: the type has its own `impl Drop` (needed for generic types).
pub(crate) const DROP_IMPL: &str = "drop_impl";
/// `#[layout(size = N)]`: budget, the exact size in bytes.
pub(crate) const SIZE: &str = "size";
/// `#[layout(max_size = N)]`: budget, the largest allowed size in bytes.
pub(crate) const MAX_SIZE: &str = "max_size";
/// `#[layout(align = N)]`: budget, the exact alignment.
pub(crate) const ALIGN: &str = "align";
/// `#[layout(max_align = N)]`: budget, the largest allowed alignment.
pub(crate) const MAX_ALIGN: &str = "max_align";
/// `#[layout(max_padding = N)]`: budget, the most padding bytes allowed.
pub(crate) const MAX_PADDING: &str = "max_padding";
/// `#[layout(no_padding)]`: budget, no padding at all.
pub(crate) const NO_PADDING: &str = "no_padding";
/// `#[layout(niche)]`: budget (enums), the tag is stored in a niche.
pub(crate) const NICHE: &str = "niche";

/// `#[layout(opaque)]` on a field, an enum variant (all its fields) or the whole type (all its
/// fields): size and alignment only, nothing walked.
pub(crate) const OPAQUE: &str = "opaque";
/// `#[layout(with = path::to::fn)]` on a field (`fn(&FieldType) -> usize`) or the whole type
/// (`fn(&Self) -> usize`): a function gives its heap bytes.
pub(crate) const WITH: &str = "with";

/// Keys that apply to the whole type.
const CONTAINER_KEYS: &[&str] = &[
    CRATE,
    BOUND,
    DROP_IMPL,
    SIZE,
    MAX_SIZE,
    ALIGN,
    MAX_ALIGN,
    MAX_PADDING,
    NO_PADDING,
    NICHE,
    OPAQUE,
    WITH,
];
/// Keys that apply to an enum variant.
const VARIANT_KEYS: &[&str] = &[OPAQUE];
/// Budget keys that take an integer.
const BUDGET_INT_KEYS: &[&str] = &[SIZE, MAX_SIZE, ALIGN, MAX_ALIGN, MAX_PADDING];
/// Budget keys that take no value.
const BUDGET_FLAG_KEYS: &[&str] = &[NO_PADDING, NICHE];
/// Keys that apply to one field.
const FIELD_KEYS: &[&str] = &[OPAQUE, WITH];

/// One budget key on the container, to be checked by `assert_layout!`.
pub(crate) struct Budget {
    /// The key's name (one of the constants above).
    pub key: &'static str,
    /// The key as written, for spans.
    pub path: Path,
    /// The whole `key = value` (or `key`), for spans.
    pub meta: Meta,
    /// The value, for keys that take one: a literal or a `usize` constant expression
    /// (`2 * 8`, `size_of::<u64>()`), as `assert_layout!` takes it.
    pub value: Option<Expr>,
}

/// The container's `#[layout(...)]` keys.
#[derive(Default)]
pub(crate) struct Container {
    pub krate: Option<Path>,
    pub bound: Option<Vec<WherePredicate>>,
    /// `drop_impl`, with the key as written (a type without `impl Drop` is an error on it).
    pub drop_impl: Option<Path>,
    pub budgets: Vec<Budget>,
    /// `opaque` on the whole type: every field is opaque.
    pub opaque: Option<Path>,
    /// `with = f` on the whole type: the key as written and the function's path.
    pub with: Option<(Path, Path)>,
}

/// An enum variant's `#[layout(...)]` keys.
#[derive(Default)]
pub(crate) struct VariantAttrs {
    /// `opaque` on the variant: every field of it is opaque.
    pub opaque: Option<Path>,
}

/// A field's `#[layout(...)]` keys.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    /// `opaque`, with the key as written.
    pub opaque: Option<Path>,
    /// `with = f`: the key as written and the function's path.
    pub with: Option<(Path, Path)>,
    /// `opaque` on the type or the field's variant, which makes the field opaque.
    pub covered: Option<Path>,
    /// The field's type holds a higher-ranked function pointer or closure, which no impl can
    /// name: opaque unless `with` says otherwise.
    pub higher_ranked: bool,
}

/// How a field takes part in the layout and the walk.
pub(crate) enum FieldMode<'a> {
    /// Its type implements `Layout`: walked.
    Walk,
    /// `#[layout(opaque)]`.
    Opaque,
    /// `#[layout(with = f)]`.
    With(&'a Path),
}

impl FieldAttrs {
    pub(crate) fn mode(&self) -> FieldMode<'_> {
        match (&self.opaque, &self.with, &self.covered) {
            (Some(_), _, _) | (None, None, Some(_)) => FieldMode::Opaque,
            (None, Some((_, f)), _) => FieldMode::With(f),
            (None, None, None) if self.higher_ranked => FieldMode::Opaque,
            (None, None, None) => FieldMode::Walk,
        }
    }
}

/// Where an attribute sits; decides which keys are allowed.
#[derive(Clone, Copy)]
enum Place {
    Container,
    Variant,
    Field,
}

/// The `key` / `key = value` items of every `#[layout(...)]` in `attrs`, each with its name.
/// Malformed attributes are reported and skipped; duplicate keys are reported.
fn layout_metas(cx: &Ctxt, attrs: &[Attribute]) -> Vec<(String, Meta)> {
    let mut metas: Vec<(String, Meta)> = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident(LAYOUT) {
            continue;
        }
        let Meta::List(list) = &attr.meta else {
            cx.error_spanned_by(&attr.meta, "expected `#[layout(...)]`");
            continue;
        };
        let items = match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
            Ok(items) => items,
            Err(err) => {
                cx.syn_error(err);
                continue;
            }
        };
        for meta in items {
            let name = key_name(meta.path());
            if metas.iter().any(|(seen, _)| *seen == name) {
                cx.error_spanned_by(meta.path(), format!("duplicate layout attribute `{name}`"));
                continue;
            }
            metas.push((name, meta));
        }
    }
    metas
}

/// The key as a string (`crate`, `max_size`); a multi-segment path is spelled out so the
/// "unknown key" message shows it.
fn key_name(path: &Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// Reports a key that is not allowed at `place`, saying where it belongs. Returns the key as
/// one of the constants when it is known and allowed here.
fn allowed_key(cx: &Ctxt, name: &str, meta: &Meta, place: Place) -> Option<&'static str> {
    let container = CONTAINER_KEYS.iter().find(|k| **k == name);
    let field = FIELD_KEYS.iter().find(|k| **k == name);
    let variant = VARIANT_KEYS.iter().find(|k| **k == name);
    match (place, container, field) {
        (Place::Container, Some(key), _) | (Place::Field, _, Some(key)) => return Some(*key),
        (Place::Variant, _, _) if variant.is_some() => return variant.copied(),
        (Place::Variant, Some(_), Some(_)) => cx.error_spanned_by(
            meta.path(),
            format!("`{name}` applies to a field or to the whole type, not to an enum variant"),
        ),
        (Place::Container | Place::Variant, None, Some(_)) => cx.error_spanned_by(
            meta.path(),
            format!(
                "`{name}` applies to a field, not to {}: put it on the field",
                place_name(place)
            ),
        ),
        (Place::Field | Place::Variant, Some(_), None) => cx.error_spanned_by(
            meta.path(),
            format!(
                "`{name}` applies to the whole type, not to {}: put it on the type",
                place_name(place)
            ),
        ),
        _ => {
            let expected = match place {
                Place::Container => CONTAINER_KEYS,
                Place::Field => FIELD_KEYS,
                Place::Variant => VARIANT_KEYS,
            };
            cx.error_spanned_by(
                meta.path(),
                crate::hint::unknown_key("layout attribute", name, expected),
            );
        }
    }
    None
}

fn place_name(place: Place) -> &'static str {
    match place {
        Place::Container => "the type",
        Place::Variant => "an enum variant",
        Place::Field => "a field",
    }
}

impl Container {
    /// Parses the container's `#[layout(...)]` attributes.
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Container {
        let mut container = Container::default();
        for (name, meta) in layout_metas(cx, attrs) {
            let Some(key) = allowed_key(cx, &name, &meta, Place::Container) else {
                continue;
            };
            match key {
                CRATE => {
                    container.krate = parse_path_value(cx, &meta, "crate = path::to::memlayout")
                }
                BOUND => container.bound = parse_bound(cx, &meta),
                DROP_IMPL => {
                    container.drop_impl = parse_flag(cx, &meta).then(|| meta.path().clone())
                }
                OPAQUE => container.opaque = parse_flag(cx, &meta).then(|| meta.path().clone()),
                WITH => container.with = parse_with(cx, &meta, "with = path::to::function"),
                _ if BUDGET_FLAG_KEYS.contains(&key) => {
                    if parse_flag(cx, &meta) {
                        container.budgets.push(Budget {
                            key,
                            path: meta.path().clone(),
                            meta,
                            value: None,
                        });
                    }
                }
                _ if BUDGET_INT_KEYS.contains(&key) => {
                    if let Some(value) = parse_int_value(cx, key, &meta) {
                        container.budgets.push(Budget {
                            key,
                            path: meta.path().clone(),
                            meta,
                            value: Some(value),
                        });
                    }
                }
                _ => unreachable!("container key without a parser: {key}"),
            }
        }
        container
    }

    /// The budget with this key, if given.
    pub(crate) fn budget(&self, key: &str) -> Option<&Budget> {
        self.budgets.iter().find(|b| b.key == key)
    }
}

impl VariantAttrs {
    /// Parses an enum variant's `#[layout(...)]` attributes.
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
        let mut variant = VariantAttrs::default();
        for (name, meta) in layout_metas(cx, attrs) {
            if allowed_key(cx, &name, &meta, Place::Variant) == Some(OPAQUE)
                && parse_flag(cx, &meta)
            {
                variant.opaque = Some(meta.path().clone());
            }
        }
        variant
    }
}

impl FieldAttrs {
    /// Parses a field's `#[layout(...)]` attributes.
    pub(crate) fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
        let mut field = FieldAttrs::default();
        for (name, meta) in layout_metas(cx, attrs) {
            let Some(key) = allowed_key(cx, &name, &meta, Place::Field) else {
                continue;
            };
            match key {
                OPAQUE => {
                    if parse_flag(cx, &meta) {
                        field.opaque = Some(meta.path().clone());
                    }
                }
                WITH => field.with = parse_with(cx, &meta, "with = path::to::function"),
                _ => unreachable!("field key without a parser: {key}"),
            }
        }
        field
    }
}

/// `with = path::to::function`: the key as written and the function's path.
fn parse_with(cx: &Ctxt, meta: &Meta, usage: &str) -> Option<(Path, Path)> {
    let function = parse_path_value(cx, meta, usage)?;
    Some((meta.path().clone(), function))
}

/// A key that takes no value (`opaque`, `no_padding`). Returns whether it was well formed.
fn parse_flag(cx: &Ctxt, meta: &Meta) -> bool {
    let name = key_name(meta.path());
    match meta {
        Meta::Path(_) => true,
        Meta::NameValue(nv) => {
            cx.error_spanned_by(
                &nv.value,
                format!("`{name}` takes no value: write `{name}`"),
            );
            false
        }
        Meta::List(list) => {
            let span = list.delimiter.span().join();
            cx.syn_error(syn::Error::new(
                span,
                format!("`{name}` takes no value: write `{name}`"),
            ));
            false
        }
    }
}

/// The `= value` of a key, or an error saying how to write the key.
fn name_value<'m>(cx: &Ctxt, meta: &'m Meta, usage: &str) -> Option<&'m Expr> {
    match meta {
        Meta::NameValue(nv) => Some(&nv.value),
        Meta::Path(path) => {
            cx.error_spanned_by(path, format!("expected a value: write `{usage}`"));
            None
        }
        Meta::List(list) => {
            cx.error_spanned_by(list, format!("expected `=`: write `{usage}`"));
            None
        }
    }
}

/// `key = path::to::item`. A string holding a path is accepted too (serde's spelling).
fn parse_path_value(cx: &Ctxt, meta: &Meta, usage: &str) -> Option<Path> {
    let mut value = name_value(cx, meta, usage)?;
    // A `macro_rules!` argument (`with = $f`, `$f:path`) arrives in an invisible group.
    while let Expr::Group(group) = value {
        value = &group.expr;
    }
    match value {
        Expr::Path(path) if path.qself.is_none() && path.attrs.is_empty() => {
            Some(path.path.clone())
        }
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => match text.parse::<Path>() {
            Ok(path) => Some(path),
            Err(_) => {
                cx.error_spanned_by(text, format!("expected a path: write `{usage}`"));
                None
            }
        },
        other => {
            cx.error_spanned_by(other, format!("expected a path: write `{usage}`"));
            None
        }
    }
}

/// `bound = "T: Layout, U: Layout + Clone"`: where-predicates in a string, like serde's.
fn parse_bound(cx: &Ctxt, meta: &Meta) -> Option<Vec<WherePredicate>> {
    let usage = "bound = \"T: Layout\"";
    let value = name_value(cx, meta, usage)?;
    let Expr::Lit(ExprLit {
        lit: Lit::Str(text),
        ..
    }) = value
    else {
        cx.error_spanned_by(
            value,
            format!("expected a string of where-predicates: write `{usage}`"),
        );
        return None;
    };
    match text.parse_with(Punctuated::<WherePredicate, Token![,]>::parse_terminated) {
        Ok(predicates) => Some(predicates.into_iter().collect()),
        Err(err) => {
            cx.error_spanned_by(
                text,
                format!("expected where-predicates such as `T: Layout`: {err}"),
            );
            None
        }
    }
}

/// `key = 16`, or any `usize` constant expression (`2 * 8`, `size_of::<u64>()`, `LIMIT`), as
/// `assert_layout!` takes it: the derive hands the value to that macro, so a non-`usize`
/// expression is the compiler's type error there. Literals are checked here (no sign, no string,
/// no suffix but an unsigned one, at most 64 bits) so their mistakes are spanned on the value.
fn parse_int_value(cx: &Ctxt, key: &str, meta: &Meta) -> Option<Expr> {
    let usage = format!("{key} = <bytes>");
    let value = name_value(cx, meta, &usage)?;
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) if int.base10_digits().starts_with('-') => {
            cx.error_spanned_by(
                int,
                format!("`{key}` must not be negative: it counts bytes"),
            );
            None
        }
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => match int.base10_parse::<u64>() {
            Ok(_) if matches!(int.suffix(), "" | "usize" | "u8" | "u16" | "u32" | "u64") => {
                Some(Expr::Lit(ExprLit {
                    attrs: Vec::new(),
                    lit: Lit::Int(syn::LitInt::new(int.base10_digits(), int.span())),
                }))
            }
            Ok(_) => {
                cx.error_spanned_by(
                    int,
                    format!(
                        "expected an unsuffixed integer: write `{key} = {}`",
                        int.base10_digits()
                    ),
                );
                None
            }
            Err(err) => {
                cx.error_spanned_by(
                    int,
                    format!("`{key}` must be an integer that fits in 64 bits: {err}"),
                );
                None
            }
        },
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_), ..
        }) => {
            cx.error_spanned_by(
                value,
                format!("`{key}` must not be negative: it counts bytes"),
            );
            None
        }
        Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) => {
            let inner = text.value();
            let hint = match inner.trim().parse::<u64>() {
                Ok(bytes) => format!("write `{key} = {bytes}`"),
                Err(_) => {
                    format!("write a number of bytes such as `{key} = 64` or `{key} = 2 * 8`")
                }
            };
            cx.error_spanned_by(
                text,
                format!("expected a `usize` constant, not a string: {hint}"),
            );
            None
        }
        Expr::Lit(other) => {
            cx.error_spanned_by(
                other,
                format!("expected a `usize` constant such as `{key} = 64`"),
            );
            None
        }
        other => Some(other.clone()),
    }
}
