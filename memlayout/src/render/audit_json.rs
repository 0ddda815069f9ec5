//! An [`Audit`] as JSON (feature `json`).

use alloc::{string::String, vec::Vec};
use serde::Serialize;

use crate::registry::Audit;
use crate::render::audit_text::{label, suggestion};

#[derive(Serialize)]
struct AuditDocument {
    schema: &'static str,
    types: usize,
    wasted_bytes: usize,
    entries: Vec<EntryRow>,
}

#[derive(Serialize)]
struct EntryRow {
    type_name: &'static str,
    name: &'static str,
    size: usize,
    align: usize,
    wasted_bytes: usize,
    wasted_share: f64,
    findings: Vec<FindingRow>,
}

#[derive(Serialize)]
struct FindingRow {
    kind: &'static str,
    bytes: usize,
    suggestion: String,
}

impl Audit {
    /// The audit as a JSON document (schema `"memlayout.audit/1"`): `types`, `wasted_bytes`
    /// and `entries`, most wasteful first, each with its full `type_name`, `size`, `align`,
    /// `wasted_bytes`, `wasted_share` and `findings` (`kind`, `bytes`, `suggestion`).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Header { kind: u8, length: u64 }
    /// let json = memlayout::registry::Audit::of([Header::LAYOUT]).to_json();
    /// assert!(json.starts_with(r#"{"schema":"memlayout.audit/1","types":1,"wasted_bytes":7"#));
    /// assert!(!json.contains("reorder"));
    /// assert!(json.contains(r#""kind":"padding","bytes":7"#));
    /// ```
    pub fn to_json(&self) -> String {
        let document = AuditDocument {
            schema: "memlayout.audit/1",
            types: self.entries().len(),
            wasted_bytes: self.wasted_bytes(),
            entries: self
                .entries()
                .iter()
                .map(|e| EntryRow {
                    type_name: (e.layout.type_name)(),
                    name: e.layout.name,
                    size: e.layout.size,
                    align: e.layout.align,
                    wasted_bytes: e.wasted_bytes,
                    wasted_share: e.wasted_share(),
                    findings: e
                        .findings
                        .iter()
                        .map(|w| FindingRow {
                            kind: label(w),
                            bytes: w.bytes(),
                            suggestion: suggestion(e.layout, w),
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_string(&document).expect("an audit serializes")
    }
}
