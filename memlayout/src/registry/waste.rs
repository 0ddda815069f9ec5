//! The audit model: types ranked by the bytes each value wastes, from the static analyses of
//! [`layout`](crate::layout) (padding gaps, reorder suggestions, large variants, cache-line
//! straddlers). No formatting here: the text and JSON are in `render/audit_*.rs`.

use alloc::vec::Vec;
use core::cmp::Reverse;

use crate::layout::{Field, LargeVariant, ReorderSuggestion, TypeLayout, LARGE_VARIANT_THRESHOLD};

/// One way a type wastes bytes (or time), with what to do about it (its `Display` is the
/// suggestion).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Waste {
    /// Padding in every value ([`TypeLayout::padding_bytes`]): `own_bytes` in the type's own
    /// gaps ([`TypeLayout::own_padding_bytes`]), `field_bytes` inside its fields' types.
    Padding {
        /// Bytes in the type's own gaps.
        own_bytes: usize,
        /// Bytes of padding inside the fields' own layouts.
        field_bytes: usize,
        /// The smallest size any order of the fields gives ([`TypeLayout::smallest_size`]).
        smallest_size: usize,
    },
    /// A `#[repr(C)]` type that a field order it does not have makes smaller
    /// ([`TypeLayout::reorder_suggestion`]): its bytes are part of [`Waste::Padding`].
    Reorder(ReorderSuggestion),
    /// An enum whose largest variant every value pays for (clippy's `large_enum_variant`,
    /// [`TypeLayout::large_variant`] at [`LARGE_VARIANT_THRESHOLD`]): the bytes are the
    /// difference between the two largest payloads.
    LargeVariant(LargeVariant),
    /// A field touching more [`CACHE_LINE_BYTES`](crate::layout::CACHE_LINE_BYTES)-byte lines
    /// than its size needs, in a value aligned to a line
    /// ([`TypeLayout::cache_line_straddlers`]): no bytes wasted, but reading it touches a line
    /// more (two lines for a field that fits in one).
    CacheLineStraddle(&'static Field),
}

impl Waste {
    /// The bytes at stake: the padding, the bytes a reorder saves, the variant difference; 0
    /// for a straddle.
    ///
    /// ```
    /// use memlayout::Layout;
    /// use memlayout::registry::{Audit, Waste};
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u8, b: u16, c: u8 }
    /// let audit = Audit::of([S::LAYOUT]);
    /// let bytes: Vec<usize> = audit.entries()[0].findings.iter().map(Waste::bytes).collect();
    /// assert_eq!(bytes, [2, 2]); // padding 2 bytes; reordering saves those 2
    /// ```
    pub fn bytes(&self) -> usize {
        match *self {
            Waste::Padding {
                own_bytes,
                field_bytes,
                ..
            } => own_bytes + field_bytes,
            Waste::Reorder(hint) => hint.bytes_saved,
            Waste::LargeVariant(warning) => warning.difference,
            Waste::CacheLineStraddle(_) => 0,
        }
    }
}

/// One type in an [`Audit`]: its layout, the bytes each value wastes and the findings behind
/// them.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    /// The type's layout.
    pub layout: &'static TypeLayout,
    /// Bytes each value wastes: its padding ([`TypeLayout::padding_bytes`], own gaps and its
    /// fields' padding) plus, for an enum with a large variant, the difference between the two
    /// largest payloads. A reorder's saving is part of the padding and is not added again;
    /// straddles add nothing.
    pub wasted_bytes: usize,
    /// What wastes them, in the order [`Waste`] lists its kinds; empty when nothing does.
    pub findings: Vec<Waste>,
}

impl AuditEntry {
    /// The entry for one type.
    fn of(layout: &'static TypeLayout) -> AuditEntry {
        let mut findings = Vec::new();
        let own_bytes = layout.own_padding_bytes();
        if layout.padding_bytes > 0 {
            findings.push(Waste::Padding {
                own_bytes,
                field_bytes: layout.padding_bytes.saturating_sub(own_bytes),
                smallest_size: layout.smallest_size().unwrap_or(layout.size),
            });
        }
        findings.extend(layout.reorder_suggestion().map(Waste::Reorder));
        let large = layout
            .is_enum()
            .then(|| layout.large_variant(LARGE_VARIANT_THRESHOLD))
            .flatten();
        findings.extend(large.map(Waste::LargeVariant));
        findings.extend(layout.cache_line_straddlers().map(Waste::CacheLineStraddle));
        AuditEntry {
            layout,
            wasted_bytes: layout.padding_bytes + large.map_or(0, |w| w.difference),
            findings,
        }
    }

    /// `wasted_bytes / size`, from 0.0 (0.0 for a zero-sized type).
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct S { a: u64, b: u8 }
    /// let audit = memlayout::registry::Audit::of([S::LAYOUT]);
    /// assert_eq!(audit.entries()[0].wasted_share(), 7.0 / 16.0);
    /// ```
    pub fn wasted_share(&self) -> f64 {
        if self.layout.size == 0 {
            0.0
        } else {
            self.wasted_bytes as f64 / self.layout.size as f64
        }
    }

    /// Whether more than `share` of the type's bytes are wasted.
    fn wastes_more_than(&self, share: f64) -> bool {
        self.wasted_bytes as f64 > share * self.layout.size as f64
    }
}

/// Types ranked by the bytes each value wastes: what [`audit`](crate::audit) returns for every
/// registered type, or [`Audit::of`] for a list of layouts. `Display` prints a table with a
/// suggestion for each finding; `to_json` (feature `json`) the same as JSON.
///
/// ```
/// use memlayout::Layout;
/// use memlayout::registry::Audit;
///
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Packet { tag: u8, len: u32, flags: u8 }
/// #[derive(Layout)]
/// struct Dense { a: u64, b: u64 }
///
/// let audit = Audit::of([Dense::LAYOUT, Packet::LAYOUT]);
/// let ranked: Vec<&str> = audit.entries().iter().map(|e| e.layout.name).collect();
/// assert_eq!(ranked, ["Packet", "Dense"]);
/// assert_eq!(audit.entries()[0].wasted_bytes, 6);
/// ```
#[derive(Clone, Debug)]
pub struct Audit {
    entries: Vec<AuditEntry>,
}

impl Audit {
    /// Audits `layouts`: one entry per layout, ranked by wasted bytes (most first), then by
    /// wasted share, then by full type name.
    ///
    /// ```
    /// use memlayout::Layout;
    /// use memlayout::registry::Audit;
    /// let audit = Audit::of([u32::LAYOUT, <(u8, u64)>::LAYOUT]);
    /// assert_eq!(audit.entries()[0].wasted_bytes, 7);
    /// assert_eq!(audit.entries()[1].wasted_bytes, 0);
    /// ```
    pub fn of(layouts: impl IntoIterator<Item = &'static TypeLayout>) -> Audit {
        let mut entries: Vec<AuditEntry> = layouts.into_iter().map(AuditEntry::of).collect();
        entries.sort_by(|a, b| {
            Reverse(a.wasted_bytes)
                .cmp(&Reverse(b.wasted_bytes))
                .then_with(|| b.wasted_share().total_cmp(&a.wasted_share()))
                .then_with(|| (a.layout.type_name)().cmp((b.layout.type_name)()))
        });
        Audit { entries }
    }

    /// The entries, most wasteful first.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// The entry of type `T`, found by its full name (`core::any::type_name`).
    ///
    /// ```
    /// use memlayout::Layout;
    /// use memlayout::registry::Audit;
    /// let audit = Audit::of([<(u8, u16)>::LAYOUT]);
    /// assert_eq!(audit.entry::<(u8, u16)>().unwrap().wasted_bytes, 1);
    /// assert!(audit.entry::<u8>().is_none());
    /// ```
    pub fn entry<T: ?Sized>(&self) -> Option<&AuditEntry> {
        let name = core::any::type_name::<T>();
        self.entries.iter().find(|e| (e.layout.type_name)() == name)
    }

    /// The audit of the entries `keep` accepts, in the same order: one crate's types
    /// (`|t| (t.type_name)().starts_with("my_crate::")`), one module's.
    ///
    /// ```
    /// use memlayout::Layout;
    /// let audit = memlayout::registry::Audit::of([<(u8, u16)>::LAYOUT, u32::LAYOUT]);
    /// assert_eq!(audit.retain(|t| t.name == "u32").entries().len(), 1);
    /// ```
    pub fn retain(mut self, mut keep: impl FnMut(&TypeLayout) -> bool) -> Audit {
        self.entries.retain(|e| keep(e.layout));
        self
    }

    /// The bytes all entries waste per value, summed (one value of each type).
    pub fn wasted_bytes(&self) -> usize {
        self.entries.iter().map(|e| e.wasted_bytes).sum()
    }

    /// The entries that waste more than `share` (0.25 for a quarter) of their size, most
    /// wasteful first. A `share` that is not a number (`f64::NAN`, from a division by zero)
    /// bounds nothing: every entry is listed, so a budget of it fails rather than passes.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Tight { a: u64 }
    /// let audit = memlayout::registry::Audit::of([Tight::LAYOUT]);
    /// assert_eq!(audit.wasting_more_than(0.0).count(), 0);
    /// assert_eq!(audit.wasting_more_than(f64::NAN).count(), 1);
    /// ```
    pub fn wasting_more_than(&self, share: f64) -> impl Iterator<Item = &AuditEntry> {
        self.entries
            .iter()
            .filter(move |e| share.is_nan() || e.wastes_more_than(share))
    }

    /// `Err` with every type that wastes more than `share` of its size, most wasteful first;
    /// [`Audit::assert_waste_at_most`] panics with it.
    ///
    /// ```
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Header { kind: u8, length: u64 }
    /// let audit = memlayout::registry::Audit::of([Header::LAYOUT]);
    /// assert!(audit.check_waste_at_most(0.5).is_ok());
    /// let error = audit.check_waste_at_most(0.25).unwrap_err();
    /// assert_eq!(error.entries[0].wasted_bytes, 7);
    /// ```
    pub fn check_waste_at_most(&self, share: f64) -> Result<(), AuditError> {
        let entries: Vec<AuditEntry> = self.wasting_more_than(share).cloned().collect();
        if entries.is_empty() {
            Ok(())
        } else {
            Err(AuditError { share, entries })
        }
    }

    /// Fails the test when a type wastes more than `share` (0.25 for a quarter) of its size,
    /// listing every such type in the budget message format with the bytes behind it and what
    /// to do:
    ///
    /// ```text
    /// `Header` is over budget:
    ///   waste = 7 bytes (43.8% of 16), budget waste <= 25.0%
    ///     largest contributors: padding after `kind` 7 bytes
    ///     suggestion: reorder as length, kind: 9 bytes... (when one exists)
    /// ```
    ///
    /// ```should_panic
    /// use memlayout::Layout;
    /// #[derive(Layout)]
    /// #[repr(C)]
    /// struct Header { kind: u8, length: u64 }
    /// memlayout::registry::Audit::of([Header::LAYOUT]).assert_waste_at_most(0.25);
    /// ```
    #[track_caller]
    pub fn assert_waste_at_most(&self, share: f64) {
        if let Err(error) = self.check_waste_at_most(share) {
            panic!("{error}");
        }
    }
}

/// The types of an [`Audit`] that waste more than a share of their size: what
/// [`Audit::check_waste_at_most`] returns. Its `Display` is the budget message, one block a
/// type.
#[derive(Clone, Debug)]
pub struct AuditError {
    /// The share no type was to exceed.
    pub share: f64,
    /// The types that exceed it, most wasteful first.
    pub entries: Vec<AuditEntry>,
}

impl core::error::Error for AuditError {}
