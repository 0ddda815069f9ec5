//! A snapshot file read back: the facts of `memlayout.type/1` documents that a layout diff
//! compares, and the environment they were recorded in. Keys the diff does not need are
//! ignored, so files stay readable when `memlayout.type/1` gains keys.

use alloc::{
    format,
    string::{String, ToString},
    vec::Vec,
};
use serde::Deserialize;

use super::{Environment, Problem, SCHEMA};
use crate::render::type_json::SCHEMA as TYPE_SCHEMA;

/// A whole snapshot file.
#[derive(Debug, Deserialize)]
pub(crate) struct SnapshotRecord {
    target: String,
    rustc: String,
    #[serde(default)]
    layout_flags: Vec<String>,
    pub(crate) types: Vec<TypeRecord>,
}

/// One type, as `memlayout.type/1` writes it.
#[derive(Debug, Deserialize)]
pub(crate) struct TypeRecord {
    schema: String,
    pub(crate) type_name: String,
    pub(crate) kind: String,
    pub(crate) size: usize,
    pub(crate) align: usize,
    pub(crate) repr: ReprRecord,
    pub(crate) storage: String,
    pub(crate) needs_drop: bool,
    pub(crate) has_niche: bool,
    pub(crate) fields: Vec<FieldRecord>,
    pub(crate) padding: PaddingRecord,
    #[serde(rename = "enum")]
    pub(crate) enum_: Option<EnumRecord>,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
pub(crate) struct ReprRecord {
    pub(crate) c: bool,
    pub(crate) transparent: bool,
    pub(crate) packed: Option<usize>,
    pub(crate) align: Option<usize>,
    pub(crate) int: Option<String>,
}

/// A struct's field, or a variant's (which has no `offset`: not known statically).
#[derive(Debug, Deserialize)]
pub(crate) struct FieldRecord {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) type_name: String,
    #[serde(default)]
    pub(crate) offset: Option<usize>,
    pub(crate) size: usize,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PaddingRecord {
    pub(crate) gaps: Vec<GapRecord>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct GapRecord {
    pub(crate) offset: usize,
    pub(crate) size: usize,
    pub(crate) after: Option<String>,
    pub(crate) before: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct EnumRecord {
    pub(crate) discriminant: DiscriminantRecord,
    pub(crate) variants: Vec<VariantRecord>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DiscriminantRecord {
    kind: String,
    tag_bytes: Option<usize>,
    /// `false` when the tag's width is modelled (it depends on rustc's field order).
    exact: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct VariantRecord {
    pub(crate) name: String,
    pub(crate) discriminant_value: i128,
    pub(crate) payload_size: usize,
    pub(crate) fields: Vec<FieldRecord>,
}

/// Only the version key, read first so that a file of another version is named as such rather
/// than reported as a missing key.
#[derive(Deserialize)]
struct VersionOnly {
    schema: Option<serde_json::Value>,
}

impl SnapshotRecord {
    /// Reads a snapshot file's text: checks its version, then its structure.
    pub(crate) fn parse(text: &str) -> Result<SnapshotRecord, Problem> {
        let version: VersionOnly =
            serde_json::from_str(text).map_err(|error| Problem::Malformed(error.to_string()))?;
        match version.schema {
            Some(serde_json::Value::String(schema)) if schema == SCHEMA => {}
            Some(serde_json::Value::String(schema)) => return Err(Problem::Version(schema)),
            Some(other) => return Err(Problem::Version(other.to_string())),
            None => return Err(Problem::NoVersion),
        }
        let record: SnapshotRecord =
            serde_json::from_str(text).map_err(|error| Problem::Malformed(error.to_string()))?;
        if let Some(other) = record.types.iter().find(|t| t.schema != TYPE_SCHEMA) {
            return Err(Problem::Malformed(format!(
                "type `{}` has schema `{}`, expected `{TYPE_SCHEMA}`",
                other.type_name, other.schema
            )));
        }
        // memlayout writes each type once; a type listed twice is a hand edit or a merge that
        // kept both sides, and comparing either copy would hide the other.
        let mut seen = alloc::collections::BTreeSet::new();
        if let Some(twice) = record
            .types
            .iter()
            .find(|t| !seen.insert(t.type_name.as_str()))
        {
            return Err(Problem::Malformed(format!(
                "type `{}` is listed twice",
                twice.type_name
            )));
        }
        Ok(record)
    }

    /// Where the file was recorded.
    pub(crate) fn environment(&self) -> Environment {
        Environment {
            target: self.target.clone(),
            rustc: self.rustc.clone(),
            layout_flags: self.layout_flags.join(" "),
        }
    }
}

impl ReprRecord {
    /// The attribute as written (`#[repr(C, packed(2))]`), or `default`.
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.c {
            parts.push(String::from("C"));
        }
        if self.transparent {
            parts.push(String::from("transparent"));
        }
        if let Some(int) = &self.int {
            parts.push(int.clone());
        }
        match self.packed {
            Some(1) => parts.push(String::from("packed")),
            Some(n) => parts.push(format!("packed({n})")),
            None => {}
        }
        if let Some(n) = self.align {
            parts.push(format!("align({n})"));
        }
        if parts.is_empty() {
            String::from("default")
        } else {
            format!("#[repr({})]", parts.join(", "))
        }
    }
}

impl DiscriminantRecord {
    /// The same way of telling variants apart: kind and tag width (whether the width was
    /// modelled or exact is no change of layout).
    pub(crate) fn is_same_as(&self, other: &DiscriminantRecord) -> bool {
        self.kind == other.kind && self.tag_bytes == other.tag_bytes
    }

    /// How the variant is told apart, in words (`a 1-byte tag`, `a niche`).
    pub(crate) fn describe(&self) -> String {
        match (self.kind.as_str(), self.tag_bytes) {
            ("tag", Some(bytes)) if self.exact => format!("{} {bytes}-byte tag", article(bytes)),
            ("tag", Some(bytes)) => {
                format!("{} {bytes}-byte tag (width modelled)", article(bytes))
            }
            ("niche", _) => String::from("a niche"),
            ("none", _) => String::from("nothing stored"),
            ("uninhabited", _) => String::from("nothing (uninhabited)"),
            ("undetermined", Some(bytes)) => format!("a tag or niche (up to {bytes} bytes)"),
            (kind, _) => kind.to_string(),
        }
    }
}

/// `an 8-byte`, `a 4-byte`.
fn article(number: usize) -> &'static str {
    let spoken_with_a_vowel = number.to_string().starts_with('8') || matches!(number, 11 | 18);
    if spoken_with_a_vowel {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Repr;
    use crate::Layout;

    /// The words for a repr, read back from the JSON the crate writes for it.
    fn described(repr: Repr) -> String {
        let json = serde_json::to_string(&repr).unwrap();
        serde_json::from_str::<ReprRecord>(&json)
            .unwrap()
            .describe()
    }

    #[test]
    fn reprs_read_as_written() {
        let c = Repr {
            c: true,
            ..Repr::RUST
        };
        assert_eq!(described(Repr::RUST), "default");
        assert_eq!(described(c), "#[repr(C)]");
        assert_eq!(
            described(Repr {
                packed: Some(1),
                ..c
            }),
            "#[repr(C, packed)]"
        );
        assert_eq!(
            described(Repr {
                packed: Some(2),
                ..Repr::RUST
            }),
            "#[repr(packed(2))]"
        );
        let aligned = Repr {
            align: Some(64),
            int: Some(crate::layout::IntRepr::U8),
            ..c
        };
        assert_eq!(described(aligned), "#[repr(C, u8, align(64))]");
        let transparent = Repr {
            transparent: true,
            ..Repr::RUST
        };
        assert_eq!(described(transparent), "#[repr(transparent)]");
    }

    #[test]
    fn discriminants_in_words() {
        let record = |json: &str| serde_json::from_str::<DiscriminantRecord>(json).unwrap();
        let tag = record(r#"{"kind": "tag", "tag_bytes": 8, "exact": true}"#);
        assert_eq!(tag.describe(), "an 8-byte tag");
        let modelled = record(r#"{"kind": "tag", "tag_bytes": 4, "exact": false}"#);
        assert_eq!(modelled.describe(), "a 4-byte tag (width modelled)");
        assert!(!tag.is_same_as(&modelled));
        let exact_four = record(r#"{"kind": "tag", "tag_bytes": 4, "exact": true}"#);
        assert!(
            exact_four.is_same_as(&modelled),
            "exactness alone is no change"
        );
        let niche = record(r#"{"kind": "niche", "tag_bytes": null, "exact": true}"#);
        assert_eq!(niche.describe(), "a niche");
        // What the crate writes for `Option<&u8>` reads back as a niche.
        let json: serde_json::Value =
            serde_json::from_str(&<Option<&u8>>::LAYOUT.to_json()).unwrap();
        let written = json["enum"]["discriminant"].to_string();
        assert!(record(&written).is_same_as(&niche));
    }

    #[test]
    fn articles() {
        for (number, article) in [
            (1, "a"),
            (2, "a"),
            (8, "an"),
            (11, "an"),
            (16, "a"),
            (18, "an"),
            (80, "an"),
        ] {
            assert_eq!(super::article(number), article, "{number}");
        }
    }
}
