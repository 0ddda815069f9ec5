//! Layout snapshot diffs in plain words: one line a type, its changes separated by `; `.

use alloc::{
    format,
    string::{String, ToString},
    vec::Vec,
};
use core::fmt::{self, Display, Formatter};

use crate::render::ShortName;
use crate::snapshot::{Change, SnapshotDiff, TypeChange, TypeEntry};

impl Display for SnapshotDiff {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.old_environment != self.new_environment {
            writeln!(
                f,
                "recorded for {}, compared with {}",
                self.old_environment, self.new_environment
            )?;
        }
        if self.is_empty() {
            return f.write_str("no layout differences");
        }
        write!(f, "{}:\n{}", self.counts(), self.lines())
    }
}

impl SnapshotDiff {
    /// `2 types changed, 1 added`: the parts that are not zero.
    pub(crate) fn counts(&self) -> String {
        let changed = match self.changed.len() {
            0 => None,
            1 => Some(String::from("1 type changed")),
            n => Some(format!("{n} types changed")),
        };
        let added = (!self.added.is_empty()).then(|| format!("{} added", self.added.len()));
        let removed = (!self.removed.is_empty()).then(|| format!("{} removed", self.removed.len()));
        [changed, added, removed]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One line a type: changed, then added, then removed types.
    pub(crate) fn lines(&self) -> String {
        let changed = self.changed.iter().map(ToString::to_string);
        let added = self.added.iter().map(|entry| entry.line("added ("));
        let removed = self.removed.iter().map(|entry| entry.line("removed (was "));
        changed
            .chain(added)
            .chain(removed)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl TypeEntry {
    fn line(&self, what: &str) -> String {
        format!(
            "`{}` {what}size {}, align {})",
            self.name, self.size, self.align
        )
    }
}

/// `` `Packet`: size 12 -> 16; `len` moved from offset 4 to 8 ``.
impl Display for TypeChange {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: ", self.name)?;
        for (index, change) in self.changes.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{change}")?;
        }
        Ok(())
    }
}

impl Display for Change {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Change::Size { old, new } => write!(f, "size {old} -> {new}"),
            Change::Align { old, new } => write!(f, "align {old} -> {new}"),
            Change::Kind { old, new } => write!(f, "kind {} -> {}", words(old), words(new)),
            Change::Repr { old, new } => write!(f, "repr {old} -> {new}"),
            Change::Storage { old, new } => {
                write!(f, "storage {} -> {}", words(old), words(new))
            }
            Change::NeedsDrop { new: true, .. } => f.write_str("now needs drop"),
            Change::NeedsDrop { new: false, .. } => f.write_str("no longer needs drop"),
            Change::Niche { new: true, .. } => {
                f.write_str("now has a niche (an `Option` of it costs no extra bytes)")
            }
            Change::Niche { new: false, .. } => {
                f.write_str("lost its niche (an `Option` of it now needs extra bytes)")
            }
            Change::Discriminant { old, new } => {
                write!(f, "variants told apart by {old} -> {new}")
            }
            Change::FieldAdded {
                variant,
                field,
                type_name,
                offset,
                size,
            }
            | Change::FieldRemoved {
                variant,
                field,
                type_name,
                offset,
                size,
            } => {
                let presence = match self {
                    Change::FieldAdded { .. } => FieldPresence::ADDED,
                    _ => FieldPresence::REMOVED,
                };
                presence.write(f, field, type_name, variant, *offset, *size)
            }
            Change::FieldRetyped {
                variant,
                field,
                old,
                new,
            } => write!(
                f,
                "{}: type {} -> {}",
                Subject(variant, field),
                ShortName(old),
                ShortName(new)
            ),
            Change::FieldResized {
                variant,
                field,
                old,
                new,
            } => write!(f, "{}: size {old} -> {new}", Subject(variant, field)),
            Change::FieldMoved { field, old, new } => {
                write!(f, "`{field}` moved from offset {old} to {new}")
            }
            Change::PaddingAdded {
                after,
                before,
                size,
                ..
            } => write!(f, "new padding {} {}", Bytes(*size), Place(after, before)),
            Change::PaddingRemoved {
                after,
                before,
                size,
                ..
            } => write!(
                f,
                "padding of {} {} gone",
                Bytes(*size),
                Place(after, before)
            ),
            Change::PaddingResized { after, old, new } => write!(
                f,
                "padding {} {old} -> {}",
                Place(after, &Some(String::new())),
                Bytes(*new)
            ),
            Change::VariantAdded {
                variant,
                payload_size,
            } => write!(
                f,
                "variant `{variant}` added (payload {})",
                Bytes(*payload_size)
            ),
            Change::VariantRemoved {
                variant,
                payload_size,
            } => write!(
                f,
                "variant `{variant}` removed (payload was {})",
                Bytes(*payload_size)
            ),
            Change::VariantDiscriminant { variant, old, new } => {
                write!(f, "variant `{variant}`: discriminant {old} -> {new}")
            }
            Change::VariantPayload { variant, old, new } => {
                write!(f, "variant `{variant}`: payload {old} -> {}", Bytes(*new))
            }
        }
    }
}

/// A field changed in place: `` `len` ``, or `` variant `Send` field `0` ``.
struct Subject<'a>(&'a Option<String>, &'a str);

impl Display for Subject<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(variant) => write!(f, "variant `{variant}` field `{}`", self.1),
            None => write!(f, "`{}`", self.1),
        }
    }
}

/// `owns_heap` as `owns heap`.
fn words(snake_case: &str) -> String {
    snake_case.replace('_', " ")
}

/// The words for a field that came or went: `` field `seq: u16` added at offset 16 (2 bytes) ``,
/// `` field `0: u8` removed from variant `Key` (1 byte) ``.
struct FieldPresence {
    verb: &'static str,
    /// Before `variant `V``.
    variant_preposition: &'static str,
    /// Before `offset N`.
    offset_preposition: &'static str,
}

impl FieldPresence {
    const ADDED: FieldPresence = FieldPresence {
        verb: "added",
        variant_preposition: "to",
        offset_preposition: "at",
    };
    const REMOVED: FieldPresence = FieldPresence {
        verb: "removed",
        variant_preposition: "from",
        offset_preposition: "from",
    };

    fn write(
        &self,
        f: &mut Formatter<'_>,
        field: &str,
        type_name: &str,
        variant: &Option<String>,
        offset: Option<usize>,
        size: usize,
    ) -> fmt::Result {
        write!(f, "field `{field}: {}` {}", ShortName(type_name), self.verb)?;
        if let Some(variant) = variant {
            write!(f, " {} variant `{variant}`", self.variant_preposition)?;
        }
        if let Some(offset) = offset {
            write!(f, " {} offset {offset}", self.offset_preposition)?;
        }
        write!(f, " ({})", Bytes(size))
    }
}

/// `1 byte`, `4 bytes`.
struct Bytes(usize);

impl Display for Bytes {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 byte"),
            n => write!(f, "{n} bytes"),
        }
    }
}

/// Where a padding gap sits, from the fields around it.
struct Place<'a>(&'a Option<String>, &'a Option<String>);

impl Display for Place<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(after), Some(_)) => write!(f, "after `{after}`"),
            (Some(after), None) => write!(f, "at the end, after `{after}`"),
            (None, Some(before)) => write!(f, "at the start, before `{before}`"),
            (None, None) => f.write_str("(the whole value)"),
        }
    }
}
