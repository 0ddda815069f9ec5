//! What changed between two snapshots, type by type, in the terms a reviewer uses: sizes,
//! offsets, padding, fields, variants and how an enum tells its variants apart.

use alloc::{collections::BTreeMap, string::String, vec::Vec};
use serde::Serialize;

use super::record::{
    EnumRecord, FieldRecord, GapRecord, SnapshotRecord, TypeRecord, VariantRecord,
};
use super::Environment;
use crate::render::DistinctNames;

/// The semantic difference between two layout snapshots: types changed, added and removed,
/// sorted by full type name. Its `Display` is the plain-words form a failing
/// [`check_types`](super::check_types) prints; [`SnapshotDiff::to_json`] the machine form.
///
/// ```
/// use memlayout::Layout;
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Packet { tag: u8, len: u32 }
///
/// let json = memlayout::snapshot::to_json([Packet::LAYOUT]);
/// let diff = memlayout::snapshot::diff(&json, &json).unwrap();
/// assert!(diff.is_empty());
/// assert_eq!(diff.to_string(), "no layout differences");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotDiff {
    pub(crate) old_environment: Environment,
    pub(crate) new_environment: Environment,
    pub(crate) changed: Vec<TypeChange>,
    pub(crate) added: Vec<TypeEntry>,
    pub(crate) removed: Vec<TypeEntry>,
}

/// One type present in both snapshots whose layout differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeChange {
    /// The full type name (`my_crate::net::Packet`), the key types are matched by.
    pub type_name: String,
    /// The name as printed: the short name (`Packet`), or the full one where two types of the
    /// snapshots share a short name.
    pub name: String,
    /// The changes, in a fixed order: size, alignment, kind, repr, storage, drop, niche,
    /// discriminant, fields, padding, variants.
    pub changes: Vec<Change>,
}

/// A type present in one snapshot only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeEntry {
    /// The full type name.
    pub type_name: String,
    /// The name as printed (see [`TypeChange::name`]).
    pub name: String,
    /// `size_of`.
    pub size: usize,
    /// `align_of`.
    pub align: usize,
}

/// One difference in a type's layout. Field names are as declared (`"0"` for positional
/// fields); type names are full paths; `variant` is `None` for a struct's own fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)] // the field names say it: `old` and `new` values of the named fact
pub enum Change {
    /// `size_of` changed.
    Size { old: usize, new: usize },
    /// `align_of` changed.
    Align { old: usize, new: usize },
    /// The sort of type changed (`struct` to `enum`).
    Kind { old: String, new: String },
    /// The `#[repr]` changed, described as written.
    Repr { old: String, new: String },
    /// The storage class changed (`inline` to `owns_heap`).
    Storage { old: String, new: String },
    /// Whether dropping a value runs code changed.
    NeedsDrop { old: bool, new: bool },
    /// Whether the type has a niche changed (`Option<T>` costs nothing extra with one).
    Niche { old: bool, new: bool },
    /// How the enum tells its variants apart changed (`a 1-byte tag`, `a niche`).
    Discriminant { old: String, new: String },
    /// A field was added (`offset` is `None` for a variant's field: not known statically).
    FieldAdded {
        variant: Option<String>,
        field: String,
        type_name: String,
        offset: Option<usize>,
        size: usize,
    },
    /// A field was removed.
    FieldRemoved {
        variant: Option<String>,
        field: String,
        type_name: String,
        offset: Option<usize>,
        size: usize,
    },
    /// A field kept its name but changed type.
    FieldRetyped {
        variant: Option<String>,
        field: String,
        old: String,
        new: String,
    },
    /// A field's size changed (its type, or the type it names, changed).
    FieldResized {
        variant: Option<String>,
        field: String,
        old: usize,
        new: usize,
    },
    /// A struct field's offset changed.
    FieldMoved {
        field: String,
        old: usize,
        new: usize,
    },
    /// A padding gap appeared. `after` / `before` name the fields around it (`None`: the
    /// start, or the trailing padding at the end).
    PaddingAdded {
        after: Option<String>,
        before: Option<String>,
        offset: usize,
        size: usize,
    },
    /// A padding gap disappeared.
    PaddingRemoved {
        after: Option<String>,
        before: Option<String>,
        offset: usize,
        size: usize,
    },
    /// The gap after a field changed size.
    PaddingResized {
        after: Option<String>,
        old: usize,
        new: usize,
    },
    /// A variant was added.
    VariantAdded {
        variant: String,
        payload_size: usize,
    },
    /// A variant was removed.
    VariantRemoved {
        variant: String,
        payload_size: usize,
    },
    /// A variant's discriminant value changed.
    VariantDiscriminant {
        variant: String,
        old: i128,
        new: i128,
    },
    /// The bytes a variant's fields need changed.
    VariantPayload {
        variant: String,
        old: usize,
        new: usize,
    },
}

impl SnapshotDiff {
    /// `true` when no type changed, appeared or disappeared (the environments may differ).
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// The types in both snapshots whose layout differs, by full type name.
    pub fn changed(&self) -> &[TypeChange] {
        &self.changed
    }

    /// The types only the new snapshot has.
    pub fn added(&self) -> &[TypeEntry] {
        &self.added
    }

    /// The types only the old snapshot has.
    pub fn removed(&self) -> &[TypeEntry] {
        &self.removed
    }

    /// The change of the type with this short or full name, if it changed.
    pub fn get(&self, name: &str) -> Option<&TypeChange> {
        self.changed
            .iter()
            .find(|change| change.name == name || change.type_name == name)
    }

    /// Where the old snapshot was recorded.
    pub fn old_environment(&self) -> &Environment {
        &self.old_environment
    }

    /// Where the new snapshot was recorded.
    pub fn new_environment(&self) -> &Environment {
        &self.new_environment
    }

    /// Compares two parsed snapshots.
    pub(crate) fn between(old: &SnapshotRecord, new: &SnapshotRecord) -> SnapshotDiff {
        let names = DisplayNames::for_snapshots(old, new);
        let old_types = by_type_name(old);
        let new_types = by_type_name(new);
        let entry = |layout: &TypeRecord| TypeEntry {
            type_name: layout.type_name.clone(),
            name: names.of(&layout.type_name),
            size: layout.size,
            align: layout.align,
        };
        let changed = new_types
            .iter()
            .filter_map(|(type_name, new_layout)| {
                let old_layout = old_types.get(type_name)?;
                let changes = type_changes(old_layout, new_layout);
                (!changes.is_empty()).then(|| TypeChange {
                    type_name: String::from(*type_name),
                    name: names.of(type_name),
                    changes,
                })
            })
            .collect();
        let only_in = |these: &BTreeMap<&str, &TypeRecord>, others: &BTreeMap<&str, _>| {
            these
                .iter()
                .filter(|(type_name, _)| !others.contains_key(*type_name))
                .map(|(_, layout)| entry(layout))
                .collect()
        };
        SnapshotDiff {
            old_environment: old.environment(),
            new_environment: new.environment(),
            added: only_in(&new_types, &old_types),
            removed: only_in(&old_types, &new_types),
            changed,
        }
    }
}

fn by_type_name(snapshot: &SnapshotRecord) -> BTreeMap<&str, &TypeRecord> {
    snapshot
        .types
        .iter()
        .map(|layout| (layout.type_name.as_str(), layout))
        .collect()
}

/// Short names, except where two types of the two snapshots share one.
struct DisplayNames(DistinctNames);

impl DisplayNames {
    fn for_snapshots(old: &SnapshotRecord, new: &SnapshotRecord) -> DisplayNames {
        let full = old.types.iter().chain(&new.types);
        DisplayNames(DistinctNames::of(
            full.map(|layout| layout.type_name.as_str()),
        ))
    }

    fn of(&self, type_name: &str) -> String {
        self.0.name(type_name)
    }
}

/// Every difference between two layouts of one type, in the documented order.
fn type_changes(old: &TypeRecord, new: &TypeRecord) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.size != new.size {
        changes.push(Change::Size {
            old: old.size,
            new: new.size,
        });
    }
    if old.align != new.align {
        changes.push(Change::Align {
            old: old.align,
            new: new.align,
        });
    }
    if old.kind != new.kind {
        changes.push(Change::Kind {
            old: old.kind.clone(),
            new: new.kind.clone(),
        });
    }
    if old.repr != new.repr {
        changes.push(Change::Repr {
            old: old.repr.describe(),
            new: new.repr.describe(),
        });
    }
    if old.storage != new.storage {
        changes.push(Change::Storage {
            old: old.storage.clone(),
            new: new.storage.clone(),
        });
    }
    if old.needs_drop != new.needs_drop {
        changes.push(Change::NeedsDrop {
            old: old.needs_drop,
            new: new.needs_drop,
        });
    }
    if old.has_niche != new.has_niche {
        changes.push(Change::Niche {
            old: old.has_niche,
            new: new.has_niche,
        });
    }
    let old_enum = old.enum_.as_ref();
    let new_enum = new.enum_.as_ref();
    if let (Some(old_enum), Some(new_enum)) = (old_enum, new_enum) {
        if !old_enum.discriminant.is_same_as(&new_enum.discriminant) {
            changes.push(Change::Discriminant {
                old: old_enum.discriminant.describe(),
                new: new_enum.discriminant.describe(),
            });
        }
    }
    compare_fields(None, &old.fields, &new.fields, &mut changes);
    padding_changes(&old.padding.gaps, &new.padding.gaps, &mut changes);
    variant_changes(variants(old_enum), variants(new_enum), &mut changes);
    changes
}

/// An enum's variants; none for other types.
fn variants(record: Option<&EnumRecord>) -> &[VariantRecord] {
    record.map_or(&[], |record| &record.variants)
}

/// Fields matched by name: changes to kept fields and added ones in the new declaration order,
/// then removed ones in the old order.
fn compare_fields(
    variant: Option<&str>,
    old: &[FieldRecord],
    new: &[FieldRecord],
    changes: &mut Vec<Change>,
) {
    let variant = || variant.map(String::from);
    for field in new {
        let Some(before) = old.iter().find(|f| f.name == field.name) else {
            changes.push(Change::FieldAdded {
                variant: variant(),
                field: field.name.clone(),
                type_name: field.type_name.clone(),
                offset: field.offset,
                size: field.size,
            });
            continue;
        };
        if before.type_name != field.type_name {
            changes.push(Change::FieldRetyped {
                variant: variant(),
                field: field.name.clone(),
                old: before.type_name.clone(),
                new: field.type_name.clone(),
            });
        }
        if before.size != field.size {
            changes.push(Change::FieldResized {
                variant: variant(),
                field: field.name.clone(),
                old: before.size,
                new: field.size,
            });
        }
        if let (Some(old_offset), Some(new_offset)) = (before.offset, field.offset) {
            if old_offset != new_offset {
                changes.push(Change::FieldMoved {
                    field: field.name.clone(),
                    old: old_offset,
                    new: new_offset,
                });
            }
        }
    }
    for field in old.iter().filter(|f| !new.iter().any(|n| n.name == f.name)) {
        changes.push(Change::FieldRemoved {
            variant: variant(),
            field: field.name.clone(),
            type_name: field.type_name.clone(),
            offset: field.offset,
            size: field.size,
        });
    }
}

/// Gaps matched by the field they follow (a struct has at most one gap after each field, and
/// at most one before its first field).
fn padding_changes(old: &[GapRecord], new: &[GapRecord], changes: &mut Vec<Change>) {
    let gap_after = |gaps: &'_ [GapRecord], after: &Option<String>| {
        gaps.iter()
            .find(|gap| gap.after == *after)
            .map(|gap| gap.size)
    };
    for gap in new {
        match gap_after(old, &gap.after) {
            None => changes.push(Change::PaddingAdded {
                after: gap.after.clone(),
                before: gap.before.clone(),
                offset: gap.offset,
                size: gap.size,
            }),
            Some(size) if size != gap.size => changes.push(Change::PaddingResized {
                after: gap.after.clone(),
                old: size,
                new: gap.size,
            }),
            Some(_) => {}
        }
    }
    for gap in old
        .iter()
        .filter(|gap| gap_after(new, &gap.after).is_none())
    {
        changes.push(Change::PaddingRemoved {
            after: gap.after.clone(),
            before: gap.before.clone(),
            offset: gap.offset,
            size: gap.size,
        });
    }
}

/// Variants matched by name, in the new declaration order, then removed ones.
fn variant_changes(old: &[VariantRecord], new: &[VariantRecord], changes: &mut Vec<Change>) {
    for variant in new {
        let Some(before) = old.iter().find(|v| v.name == variant.name) else {
            changes.push(Change::VariantAdded {
                variant: variant.name.clone(),
                payload_size: variant.payload_size,
            });
            continue;
        };
        if before.discriminant_value != variant.discriminant_value {
            changes.push(Change::VariantDiscriminant {
                variant: variant.name.clone(),
                old: before.discriminant_value,
                new: variant.discriminant_value,
            });
        }
        if before.payload_size != variant.payload_size {
            changes.push(Change::VariantPayload {
                variant: variant.name.clone(),
                old: before.payload_size,
                new: variant.payload_size,
            });
        }
        compare_fields(
            Some(&variant.name),
            &before.fields,
            &variant.fields,
            changes,
        );
    }
    for variant in old.iter().filter(|v| !new.iter().any(|n| n.name == v.name)) {
        changes.push(Change::VariantRemoved {
            variant: variant.name.clone(),
            payload_size: variant.payload_size,
        });
    }
}
