//! Layout snapshot files (`memlayout.snapshot/1`) and the JSON form of their diffs
//! (`memlayout.snapshot_diff/1`).

use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use serde::Serialize;

use crate::render::type_json::Document;
use crate::snapshot::{Change, Environment, SnapshotDiff, TypeEntry};
use crate::TypeLayout;

/// The text of a snapshot file: the environment and one `memlayout.type/1` document a type,
/// sorted by full type name, pretty-printed, ending in a newline.
pub(crate) fn snapshot_file(
    layouts: impl IntoIterator<Item = &'static TypeLayout>,
    environment: &Environment,
) -> String {
    let mut layouts: Vec<(&'static str, &'static TypeLayout)> = layouts
        .into_iter()
        .map(|layout| ((layout.type_name)(), layout))
        .collect();
    layouts.sort_by_key(|(type_name, _)| *type_name);
    layouts.dedup_by_key(|(type_name, _)| *type_name);
    let file = SnapshotFile {
        schema: crate::snapshot::SCHEMA,
        target: &environment.target,
        rustc: &environment.rustc,
        layout_flags: environment.layout_flags.split_whitespace().collect(),
        types: layouts
            .into_iter()
            .map(|(_, layout)| Document::of(layout))
            .collect(),
    };
    let mut text = pretty(&file);
    text.push('\n');
    text
}

#[derive(Serialize)]
struct SnapshotFile<'a> {
    schema: &'static str,
    target: &'a str,
    rustc: &'a str,
    layout_flags: Vec<&'a str>,
    types: Vec<Document<'static>>,
}

impl SnapshotDiff {
    /// The diff as indented JSON, schema `memlayout.snapshot_diff/1`: `{"schema",
    /// "old_environment", "new_environment", "changed": [{"type_name", "name", "text",
    /// "changes": [{"change": "size", "old", "new"}, ...]}], "added": [{"type_name", "name",
    /// "size", "align"}], "removed": [...]}`. Each change is tagged by `"change"` with the
    /// snake-case name of its [`Change`] variant and carries that variant's fields; `"text"` is
    /// the type's line of the `Display` form.
    ///
    /// ```
    /// use memlayout::{snapshot, Layout};
    /// let old = snapshot::to_json([u8::LAYOUT]);
    /// let new = snapshot::to_json([u8::LAYOUT, u16::LAYOUT]);
    /// let json: serde_json::Value =
    ///     serde_json::from_str(&snapshot::diff(&old, &new).unwrap().to_json()).unwrap();
    /// assert_eq!(json["added"][0]["name"], "u16");
    /// assert_eq!(json["added"][0]["size"], 2);
    /// ```
    pub fn to_json(&self) -> String {
        let changed = self
            .changed
            .iter()
            .map(|change| ChangedDoc {
                type_name: &change.type_name,
                name: &change.name,
                text: change.to_string(),
                changes: &change.changes,
            })
            .collect();
        pretty(&DiffDocument {
            schema: "memlayout.snapshot_diff/1",
            old_environment: &self.old_environment,
            new_environment: &self.new_environment,
            changed,
            added: &self.added,
            removed: &self.removed,
        })
    }
}

#[derive(Serialize)]
struct DiffDocument<'a> {
    schema: &'static str,
    old_environment: &'a Environment,
    new_environment: &'a Environment,
    changed: Vec<ChangedDoc<'a>>,
    added: &'a [TypeEntry],
    removed: &'a [TypeEntry],
}

#[derive(Serialize)]
struct ChangedDoc<'a> {
    type_name: &'a str,
    name: &'a str,
    text: String,
    changes: &'a [Change],
}

/// Serialising plain data cannot fail; should it ever, the error is written in its place.
fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| serde_json::json!({ "error": error.to_string() }).to_string())
}
