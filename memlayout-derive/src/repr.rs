//! `#[repr(...)]`, as written on the type.
//!
//! The derive only records the repr; which combinations are legal is rustc's job (it rejects
//! `packed` with `align`, `transparent` with more than one non-zero-sized field, and so on), so
//! nothing here reports an error: an attribute we do not recognise is left to the compiler.
//! See <https://doc.rust-lang.org/reference/type-layout.html#representations>.

use syn::punctuated::Punctuated;
use syn::{Attribute, LitInt, Meta, Token};

/// The representation of the type: each `repr` item that affects layout.
#[derive(Default)]
pub(crate) struct Repr {
    /// `C`
    pub c: bool,
    /// `transparent`
    pub transparent: bool,
    /// `packed` (1) or `packed(N)`.
    pub packed: Option<u64>,
    /// `align(N)`
    pub align: Option<u64>,
    /// `u8`, `i32`, …: the enum's tag type, spelled as the `IntRepr` variant (`U8`).
    pub int: Option<&'static str>,
}

/// The integer reprs and the `IntRepr` variant for each.
const INT_REPRS: &[(&str, &str)] = &[
    ("u8", "U8"),
    ("u16", "U16"),
    ("u32", "U32"),
    ("u64", "U64"),
    ("u128", "U128"),
    ("usize", "Usize"),
    ("i8", "I8"),
    ("i16", "I16"),
    ("i32", "I32"),
    ("i64", "I64"),
    ("i128", "I128"),
    ("isize", "Isize"),
];

impl Repr {
    /// Reads every `#[repr(...)]` on the type. Several attributes combine, as in rustc.
    pub(crate) fn from_attrs(attrs: &[Attribute]) -> Repr {
        let mut repr = Repr::default();
        for attr in attrs {
            if !attr.path().is_ident("repr") {
                continue;
            }
            let Ok(items) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
            else {
                continue;
            };
            for item in items {
                match &item {
                    Meta::Path(path) => {
                        let Some(ident) = path.get_ident() else {
                            continue;
                        };
                        let name = ident.to_string();
                        match name.as_str() {
                            "C" => repr.c = true,
                            "transparent" => repr.transparent = true,
                            "packed" => repr.packed = Some(1),
                            _ => {
                                if let Some((_, variant)) =
                                    INT_REPRS.iter().find(|(n, _)| *n == name)
                                {
                                    repr.int = Some(variant);
                                }
                            }
                        }
                    }
                    Meta::List(list) => {
                        let Ok(n) = list
                            .parse_args::<LitInt>()
                            .and_then(|n| n.base10_parse::<u64>())
                        else {
                            continue;
                        };
                        if list.path.is_ident("packed") {
                            repr.packed = Some(n);
                        } else if list.path.is_ident("align") {
                            repr.align = Some(n);
                        }
                    }
                    Meta::NameValue(_) => {}
                }
            }
        }
        repr
    }

    /// `true` for `packed` and `packed(N)`: fields may be unaligned, so the derive never
    /// borrows them.
    pub(crate) fn is_packed(&self) -> bool {
        self.packed.is_some()
    }

    /// The type of the enum's discriminant values: the `#[repr(int)]` (`u8`), else `isize`
    /// (also under `#[repr(C)]`: the values are `isize`, the tag a C `int` or wider).
    pub(crate) fn discriminant_type(&self) -> &'static str {
        self.int
            .and_then(|variant| INT_REPRS.iter().find(|(_, v)| *v == variant))
            .map_or("isize", |(name, _)| name)
    }

    /// `true` when no repr that affects layout was given.
    pub(crate) fn is_default(&self) -> bool {
        !self.c
            && !self.transparent
            && self.packed.is_none()
            && self.align.is_none()
            && self.int.is_none()
    }
}
