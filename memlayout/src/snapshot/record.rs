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

#[derive(Debug, Deserialize)]
pub(crate) struct FieldRecord {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) type_name: String,
    pub(crate) offset: usize,
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
    pub(crate) fields: Vec<VariantFieldRecord>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct VariantFieldRecord {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) type_name: String,
    pub(crate) size: usize,
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
