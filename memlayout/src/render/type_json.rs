//! The JSON form of a [`TypeLayout`] (feature `json`): schema `memlayout.type/1`.
//!
//! The schema is documented on [`TypeLayout::to_json`]. It is stable: within `memlayout.type/1`
//! keys are only ever added, never renamed, removed or given another meaning; any other change
//! bumps the number. Keys appear in the documented order, so two layouts diff line by line.

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use serde::Serialize;

use crate::layout::{Discriminant, CACHE_LINE_BYTES, LARGE_VARIANT_THRESHOLD};
use crate::layout::{Field, Kind, Repr, Storage, TypeLayout, Variant, VariantField};

/// The schema identifier written in every document.
pub(crate) const SCHEMA: &str = "memlayout.type/1";

impl TypeLayout {
    /// The layout as one line of JSON, schema `memlayout.type/1` (feature `json`).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Packet { tag: u8, len: u32, flags: u8 }
    ///
    /// let json: serde_json::Value = serde_json::from_str(&Packet::LAYOUT.to_json()).unwrap();
    /// assert_eq!(json["schema"], "memlayout.type/1");
    /// assert_eq!(json["size"], 12);
    /// assert_eq!(json["padding"]["gaps"][0]["offset"], 1);
    /// assert_eq!(json["counterfactual"]["reorder"]["bytes_saved"], 4);
    /// ```
    ///
    /// # Schema `memlayout.type/1`
    ///
    /// Sizes, offsets and alignments are byte counts (integers). Type names are
    /// `core::any::type_name` spellings (`"alloc::vec::Vec<u8>"`); `declared_type` is the type
    /// as written in the source (`"Vec<T>"`).
    ///
    /// | key | value |
    /// |---|---|
    /// | `schema` | `"memlayout.type/1"` |
    /// | `name` | the name at the definition (`"Wrapper<T>"`) |
    /// | `type_name` | the instantiated full name |
    /// | `kind` | `"primitive"`, `"struct"`, `"tuple_struct"`, `"unit_struct"`, `"enum"`, `"union"`, `"tuple"`, `"array"`, `"slice"`, `"pointer"`, `"collection"`, `"other"` |
    /// | `size`, `align` | `size_of`, `align_of` (`size` is 0 when `is_sized` is false) |
    /// | `is_sized` | boolean |
    /// | `repr` | `{"c": bool, "transparent": bool, "packed": int or null, "align": int or null, "int": "u8"… or null}` |
    /// | `storage` | `"inline"`, `"owns_heap"`, `"shares_heap"`, `"borrows"`, `"raw_pointer"`, `"resource"`, `"opaque"` |
    /// | `needs_drop` | boolean |
    /// | `is_uninhabited`, `has_niche` | booleans: [`TypeLayout::is_uninhabited`], [`TypeLayout::has_niche`] |
    /// | `fields` | declaration order: `{"index", "name", "type", "declared_type", "offset", "size", "align", "storage", "straddles_cache_line"}`; `align` is the alignment the field gets in this type, `min(align_of, N)` under `#[repr(packed(N))]` ([`Field::align`](crate::layout::Field::align) keeps `align_of`) |
    /// | `memory_order` | field indices sorted by offset |
    /// | `padding` | `{"own_bytes", "deep_bytes", "trailing_bytes", "share", "gaps"}`; `share` is `own_bytes / size` (0 for zero-sized types); each gap is `{"offset", "size", "after", "before"}` with field names or null (`before` null: the trailing padding) |
    /// | `counterfactual` | `{"repr_c_size", "smallest_size", "reorder"}`, integers or null without a field list; `reorder` is null or `{"order": [field names], "size", "bytes_saved"}` (repr(C) types only) |
    /// | `cache_line` | `{"bytes": 64, "straddling": [field names]}` |
    /// | `enum` | null, or `{"discriminant", "variants", "large_variant"}` |
    /// | `enum.discriminant` | `{"kind": "none" / "uninhabited" / "tag" / "niche" / "undetermined", "tag_bytes": int or null, "exact": bool}`; `"none"` with several variants: one inhabited variant, no tag (see [`Discriminant`]) |
    /// | `enum.variants` | `{"name", "discriminant" (as written, or null), "discriminant_value" (evaluated, an integer), "is_uninhabited", "is_absent", "payload_size", "struct_size", "fields": [{"name", "type", "declared_type", "size", "align", "storage"}]}`; no offsets: `offset_of!` does not reach variant fields on stable Rust |
    /// | `enum.large_variant` | null or `{"variant", "payload_size", "second", "second_payload_size", "difference", "threshold": 200}` |
    /// | `element` | the element type's name (`Vec<T>`, `[T; N]`, `Option<T>`…) or null |
    /// | `len` | an array's length, or null |
    pub fn to_json(&self) -> String {
        finish(serde_json::to_string(&Document::of(self)))
    }

    /// [`TypeLayout::to_json`], indented for people (feature `json`).
    ///
    /// ```
    /// use memlayout::Layout;
    /// let text = <(u8, u32)>::LAYOUT.to_json_pretty();
    /// assert!(text.starts_with("{\n  \"schema\": \"memlayout.type/1\""));
    /// ```
    pub fn to_json_pretty(&self) -> String {
        finish(serde_json::to_string_pretty(&Document::of(self)))
    }
}

/// Serialising plain data into a string cannot fail; should it ever, the error is reported in
/// the document instead of a panic.
fn finish(result: Result<String, serde_json::Error>) -> String {
    result.unwrap_or_else(|error| {
        serde_json::json!({ "schema": SCHEMA, "error": error.to_string() }).to_string()
    })
}

/// One type's document; layout snapshots (`crate::snapshot`) hold a list of them.
#[derive(Serialize)]
pub(crate) struct Document<'a> {
    schema: &'static str,
    name: &'a str,
    type_name: &'static str,
    kind: Kind,
    size: usize,
    align: usize,
    is_sized: bool,
    repr: Repr,
    storage: Storage,
    needs_drop: bool,
    is_uninhabited: bool,
    has_niche: bool,
    fields: Vec<FieldDoc>,
    memory_order: &'static [u16],
    padding: PaddingDoc,
    counterfactual: CounterfactualDoc,
    cache_line: CacheLineDoc,
    #[serde(rename = "enum")]
    enum_: Option<EnumDoc>,
    element: Option<&'static str>,
    len: Option<usize>,
}

#[derive(Serialize)]
struct FieldDoc {
    index: usize,
    name: &'static str,
    #[serde(rename = "type")]
    type_: &'static str,
    declared_type: &'static str,
    offset: usize,
    size: usize,
    align: usize,
    storage: Storage,
    straddles_cache_line: bool,
}

#[derive(Serialize)]
struct PaddingDoc {
    own_bytes: usize,
    deep_bytes: usize,
    trailing_bytes: usize,
    share: f64,
    gaps: Vec<GapDoc>,
}

#[derive(Serialize)]
struct GapDoc {
    offset: usize,
    size: usize,
    after: Option<&'static str>,
    before: Option<&'static str>,
}

#[derive(Serialize)]
struct CounterfactualDoc {
    repr_c_size: Option<usize>,
    smallest_size: Option<usize>,
    reorder: Option<ReorderDoc>,
}

#[derive(Serialize)]
struct ReorderDoc {
    order: Vec<&'static str>,
    size: usize,
    bytes_saved: usize,
}

#[derive(Serialize)]
struct CacheLineDoc {
    bytes: usize,
    straddling: Vec<&'static str>,
}

#[derive(Serialize)]
struct EnumDoc {
    discriminant: DiscriminantDoc,
    variants: Vec<VariantDoc>,
    large_variant: Option<LargeVariantDoc>,
}

#[derive(Serialize)]
struct DiscriminantDoc {
    kind: &'static str,
    tag_bytes: Option<usize>,
    exact: bool,
}

#[derive(Serialize)]
struct VariantDoc {
    name: &'static str,
    discriminant: Option<&'static str>,
    discriminant_value: i128,
    is_uninhabited: bool,
    is_absent: bool,
    payload_size: usize,
    struct_size: usize,
    fields: Vec<VariantFieldDoc>,
}

#[derive(Serialize)]
struct VariantFieldDoc {
    name: &'static str,
    #[serde(rename = "type")]
    type_: &'static str,
    declared_type: &'static str,
    size: usize,
    align: usize,
    storage: Storage,
}

#[derive(Serialize)]
struct LargeVariantDoc {
    variant: &'static str,
    payload_size: usize,
    second: &'static str,
    second_payload_size: usize,
    difference: usize,
    threshold: usize,
}

impl<'a> Document<'a> {
    pub(crate) fn of(layout: &'a TypeLayout) -> Document<'a> {
        let fields = layout
            .fields
            .iter()
            .enumerate()
            .map(|(index, field)| FieldDoc::of(index, field, layout.repr.packed))
            .collect();
        Document {
            schema: SCHEMA,
            name: layout.name,
            type_name: (layout.type_name)(),
            kind: layout.kind,
            size: layout.size,
            align: layout.align,
            is_sized: layout.is_sized,
            repr: layout.repr,
            storage: layout.storage,
            needs_drop: layout.needs_drop,
            is_uninhabited: layout.is_uninhabited,
            has_niche: layout.has_niche,
            fields,
            memory_order: layout.memory_order,
            padding: PaddingDoc {
                own_bytes: layout.own_padding_bytes(),
                deep_bytes: layout.padding_bytes,
                trailing_bytes: layout.trailing_padding(),
                share: layout.padding_share(),
                gaps: layout
                    .padding_gaps()
                    .map(|gap| GapDoc {
                        offset: gap.offset,
                        size: gap.size,
                        after: gap.after.map(|f| f.name),
                        before: gap.before.map(|f| f.name),
                    })
                    .collect(),
            },
            counterfactual: CounterfactualDoc {
                repr_c_size: layout.repr_c_size(),
                smallest_size: layout.smallest_size(),
                reorder: layout.reorder_suggestion().map(|hint| ReorderDoc {
                    order: hint.order().map(|f| f.name).collect(),
                    size: hint.suggested_size,
                    bytes_saved: hint.bytes_saved,
                }),
            },
            cache_line: CacheLineDoc {
                bytes: CACHE_LINE_BYTES,
                straddling: layout.cache_line_straddlers().map(|f| f.name).collect(),
            },
            enum_: layout.discriminant().map(|discriminant| EnumDoc {
                discriminant: DiscriminantDoc::of(discriminant),
                variants: layout.variants.iter().map(VariantDoc::of).collect(),
                large_variant: layout.large_variant(LARGE_VARIANT_THRESHOLD).map(|w| {
                    LargeVariantDoc {
                        variant: w.largest.name,
                        payload_size: w.largest.payload_size,
                        second: w.second.name,
                        second_payload_size: w.second.payload_size,
                        difference: w.difference,
                        threshold: w.threshold,
                    }
                }),
            }),
            element: layout.element.map(|element| (element().type_name)()),
            len: layout.len,
        }
    }
}

impl FieldDoc {
    fn of(index: usize, field: &'static Field, packed: Option<usize>) -> FieldDoc {
        FieldDoc {
            index,
            name: field.name,
            type_: ((field.layout)().type_name)(),
            declared_type: field.type_name,
            offset: field.offset,
            size: field.size,
            align: crate::layout::padding::effective_align(field.align, packed),
            storage: field.storage,
            straddles_cache_line: field.straddles_line(CACHE_LINE_BYTES),
        }
    }
}

impl DiscriminantDoc {
    fn of(discriminant: Discriminant) -> DiscriminantDoc {
        let (kind, tag_bytes, exact) = match discriminant {
            Discriminant::None => ("none", None, true),
            Discriminant::Uninhabited => ("uninhabited", None, true),
            Discriminant::Tag { bytes, is_exact } => ("tag", Some(bytes), is_exact),
            Discriminant::Niche => ("niche", None, true),
            Discriminant::Undetermined { tag_bytes } => ("undetermined", Some(tag_bytes), false),
        };
        DiscriminantDoc {
            kind,
            tag_bytes,
            exact,
        }
    }
}

impl VariantDoc {
    fn of(variant: &'static Variant) -> VariantDoc {
        VariantDoc {
            name: variant.name,
            discriminant: variant.discriminant,
            discriminant_value: variant.discriminant_value,
            is_uninhabited: variant.is_uninhabited,
            is_absent: variant.is_absent(),
            payload_size: variant.payload_size,
            struct_size: variant.struct_size(),
            fields: variant.fields.iter().map(VariantFieldDoc::of).collect(),
        }
    }
}

impl VariantFieldDoc {
    fn of(field: &'static VariantField) -> VariantFieldDoc {
        VariantFieldDoc {
            name: field.name,
            type_: ((field.layout)().type_name)(),
            declared_type: field.type_name,
            size: field.size,
            align: field.align,
            storage: field.storage,
        }
    }
}
