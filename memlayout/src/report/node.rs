//! The report's node arena and the public view of one node.

use alloc::{boxed::Box, string::String};
use core::fmt;

use super::Report;
use crate::layout::{Layout, Storage, TypeLayout};
use crate::report::{ReservedTotals, Totals};
use crate::visit::HeapBlock;

/// The root's parent.
pub(crate) const NO_PARENT: u32 = u32::MAX;

/// How a node's part is reached from its parent.
#[derive(Clone, Debug)]
pub(crate) enum Segment {
    Root,
    Field(&'static str),
    VariantField(&'static str, &'static str),
    Index(usize),
    Key(KeyText),
    Entry(usize),
    /// `.key`: a map entry's key.
    EntryKey,
    /// `.value`: a map entry's value.
    EntryValue,
    Deref,
    Guard(&'static str),
    Summary,
    /// The links of a chain past the first few, folded into one summary (in place of `Deref`).
    Chain,
}

/// The most bytes of a map key's text kept in its segment itself (see [`KeyText`]).
const INLINE_KEY_BYTES: usize = 30;

/// A map key's text in a path segment: a short key (most are) in the segment itself, a longer
/// one boxed, so that a report showing a few entries allocates nothing for their keys. The
/// segment stays no larger than a variant field's two names.
#[derive(Clone)]
pub(crate) enum KeyText {
    Inline {
        len: u8,
        bytes: [u8; INLINE_KEY_BYTES],
    },
    Boxed(Box<str>),
}

impl KeyText {
    pub(crate) fn new(text: &str) -> KeyText {
        let len = text.len();
        if len > INLINE_KEY_BYTES {
            return KeyText::Boxed(text.into());
        }
        let mut bytes = [0; INLINE_KEY_BYTES];
        bytes[..len].copy_from_slice(text.as_bytes());
        KeyText::Inline {
            len: len as u8,
            bytes,
        }
    }

    /// `key`'s text as [`Layout::write_key`] writes it (`None`: it has no key form): written in
    /// place when the type can ([`Layout::write_key_to`]) and it is short, else through
    /// `scratch`, the walk's one buffer for keys.
    pub(crate) fn of<K: Layout + ?Sized>(key: &K, scratch: &mut String) -> Option<KeyText> {
        let mut inline = InlineKey {
            len: 0,
            bytes: [0; INLINE_KEY_BYTES],
            is_full: false,
        };
        if let Some(written) = key.write_key_to(&mut inline) {
            if !inline.is_full {
                return written.then_some(KeyText::Inline {
                    len: inline.len as u8,
                    bytes: inline.bytes,
                });
            }
        }
        scratch.clear();
        key.write_key(scratch).then(|| KeyText::new(scratch))
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // The bytes are a whole `str`'s, so they are UTF-8.
            KeyText::Inline { len, bytes } => {
                core::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            KeyText::Boxed(text) => text,
        }
    }
}

/// A key's text being written in place; `is_full` once it did not fit.
struct InlineKey {
    len: usize,
    bytes: [u8; INLINE_KEY_BYTES],
    is_full: bool,
}

impl fmt::Write for InlineKey {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        if end > INLINE_KEY_BYTES {
            self.is_full = true;
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl core::ops::Deref for KeyText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for KeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for KeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Heap figures being added up, with the extra counts findings need.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Acc {
    pub(crate) totals: Totals,
    /// Allocations holding no live element (capacity > 0, len == 0), and their bytes.
    pub(crate) empty_allocations: usize,
    pub(crate) empty_bytes: usize,
}

impl Acc {
    pub(crate) fn new() -> Acc {
        Acc {
            totals: Totals {
                is_exact: true,
                indirection_is_exact: true,
                ..Totals::default()
            },
            empty_allocations: 0,
            empty_bytes: 0,
        }
    }

    /// No heap figures yet, and these inline ones.
    pub(crate) fn inline(inline_bytes: usize, inline_padding: usize) -> Acc {
        Acc {
            totals: Totals {
                inline_bytes,
                inline_padding,
                is_exact: true,
                indirection_is_exact: true,
                ..Totals::default()
            },
            empty_allocations: 0,
            empty_bytes: 0,
        }
    }

    pub(crate) fn add_block(&mut self, block: &HeapBlock, hop: usize) {
        self.totals.add_block(block, hop);
        if block.allocations > 0 && block.used == 0 && block.bytes > 0 {
            self.empty_allocations += block.allocations;
            self.empty_bytes += block.bytes;
        }
    }
}

/// Adds `from`'s heap figures (not its inline ones) into `into`.
pub(crate) fn add_heap(into: &mut Totals, from: &Totals) {
    into.heap_bytes += from.heap_bytes;
    into.heap_bytes_low += from.heap_bytes_low;
    into.heap_bytes_high = into.heap_bytes_high.saturating_add(from.heap_bytes_high);
    into.heap_used += from.heap_used;
    into.unused_capacity += from.unused_capacity;
    into.reclaimable += from.reclaimable;
    into.heap_padding += from.heap_padding;
    into.allocations += from.allocations;
    into.max_indirection = into.max_indirection.max(from.max_indirection);
    into.shared_bytes += from.shared_bytes;
    into.shared_allocations += from.shared_allocations;
    into.unreadable += from.unreadable;
    into.resources += from.resources;
    into.is_exact &= from.is_exact;
    into.indirection_is_exact &= from.indirection_is_exact;
}

/// What sort of part a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    feature = "json",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
pub enum NodeKind {
    /// A part of the value, walked.
    Value,
    /// A borrowed target (`&T`): shown with its type and size, not counted, not walked.
    Borrowed,
    /// A field measured by a function (`#[layout(with = f)]`) or not inspected
    /// (`#[layout(opaque)]`).
    Measured,
    /// The elements of a collection past the first few, folded into one node.
    Summary,
}

/// A reference-counted allocation as seen from one handle's node.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct SharedInfo {
    /// The allocation's address (the same for every handle).
    pub address: usize,
    /// The whole allocation's bytes, counts header included.
    pub block_bytes: usize,
    /// Strong count when the report was made.
    pub strong: usize,
    /// Weak count when the report was made.
    pub weak: usize,
    /// `true` for a `Weak` handle.
    pub is_weak: bool,
    /// `true` for `Arc` and `sync::Weak`.
    pub is_atomic: bool,
    /// `true` when this handle is the first path to the allocation, where it is counted.
    pub counted_here: bool,
    /// Index of the node where the allocation was first met (this node when `counted_here`; the
    /// nearest shown ancestor when the first handle was folded into a summary).
    pub first_seen: usize,
}

/// Elements of a collection folded into one node: how many, and the least and greatest value
/// of each figure over them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Summary {
    /// Index (in iteration order) of the first folded element.
    pub first_index: usize,
    /// How many elements are folded.
    pub count: usize,
    /// `true` for map or set entries, `false` for indexed elements.
    pub is_entries: bool,
    /// `true` for the links of a chain (a `Box` list, `Option<Box<T>>` nesting, an `Rc` chain):
    /// parts reached through a pointer under [`ReportOptions::max_children`] ancestors of their
    /// own type. Each link's figures are its allocation's and its parts', less the later links'.
    ///
    /// [`ReportOptions::max_children`]: crate::ReportOptions::max_children
    pub is_chain: bool,
    /// The least value of each figure over the folded elements (`inline_bytes` is an element's
    /// own size, a map entry's its key's and value's; heap figures are each element's subtree).
    pub min: Totals,
    /// The greatest value of each figure over the folded elements.
    pub max: Totals,
}

impl Summary {
    pub(crate) fn new(first_index: usize, is_entries: bool) -> Summary {
        Summary {
            first_index,
            count: 0,
            is_entries,
            is_chain: false,
            min: Totals::default(),
            max: Totals::default(),
        }
    }

    /// The summary of a chain's links from link `first_index` (0-based) on.
    pub(crate) fn chain(first_index: usize) -> Summary {
        Summary {
            is_chain: true,
            ..Summary::new(first_index, false)
        }
    }
}

/// A node's offset within its parent when it has none (an element, a pointed-to part): no
/// value is `usize::MAX` bytes long, so no field lies there.
pub(crate) const NO_OFFSET: usize = usize::MAX;

/// The figures of a node's own blocks that its subtree's figures do not give back by
/// subtraction (see [`Report::own_totals`]): they are not sums.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct OwnBounds {
    pub(crate) heap_bytes_high: usize,
    pub(crate) max_indirection: usize,
}

/// One node of the arena.
///
/// The record is kept small (every shown node is one, made and finished once): a node's own
/// figures and its subtree's share one [`Acc`], `figures` (own while the walk adds blocks to
/// it, its subtree's once [`Report::from_nodes`] has added the children in); what the subtree
/// does not give back of the own figures is kept aside, in `own_bounds` and `own_is_exact`.
#[derive(Clone, Debug)]
pub(crate) struct NodeData {
    pub(crate) parent: u32,
    pub(crate) depth: u32,
    /// Pointer hops from the root (a `u32`: more nested pointers than that cannot fit in
    /// memory).
    pub(crate) hop: u32,
    /// For a summary node, its `SummaryFold`'s index in the report walk (`u32::MAX` otherwise).
    pub(crate) fold: u32,
    /// This node's children: the range of nodes whose `child` fields list them (see
    /// [`Report::child_ids`]). While the walk runs, `.1` counts the children made so far.
    pub(crate) children: (u32, u32),
    /// The id of the child in slot `id - 1` of the report's children list (grouped by parent):
    /// the list lives in the nodes, one slot each but the root's, so the arena is the report's
    /// one allocation.
    pub(crate) child: u32,
    pub(crate) small_boxed_elements: u32,
    pub(crate) kind: NodeKind,
    pub(crate) is_box: bool,
    pub(crate) boxes_collection: bool,
    /// Whether this node's own blocks are all exact (see `figures`).
    pub(crate) own_is_exact: bool,
    pub(crate) segment: Segment,
    pub(crate) layout: &'static TypeLayout,
    /// [`NO_OFFSET`] when the part has no offset in its parent.
    pub(crate) offset: usize,
    pub(crate) variant: Option<&'static str>,
    /// The node's inline figures (for a summary: its elements' summed) and, while the walk
    /// runs, the heap blocks its value reported itself (for a summary: its elements'). Once
    /// finished: `totals` are the figures of this node's subtree; the empty-allocation counts
    /// stay its own.
    pub(crate) figures: Acc,
    /// Own figures that are not sums, kept when the walk ends (see [`Report::own_totals`]).
    pub(crate) own_bounds: OwnBounds,
    /// Figures of parts folded here once the node budget was spent (made on first use: most
    /// nodes have none).
    pub(crate) elided: Option<Box<Acc>>,
    pub(crate) elided_parts: usize,
    pub(crate) shared: Option<Box<SharedInfo>>,
    pub(crate) unreadable: Option<&'static str>,
    pub(crate) resource: Option<&'static str>,
}

impl NodeData {
    /// The figures of the parts folded here once the node budget was spent.
    pub(crate) fn elided_totals(&self) -> Totals {
        self.elided.as_ref().map_or(Acc::new().totals, |e| e.totals)
    }

    /// The accumulator of the parts folded here, made on first use.
    pub(crate) fn elided_mut(&mut self) -> &mut Acc {
        self.elided.get_or_insert_with(|| Box::new(Acc::new()))
    }

    /// `size_of_val` of the part (for a summary: all its elements together).
    pub(crate) fn inline_bytes(&self) -> usize {
        self.figures.totals.inline_bytes
    }

    /// Padding inside the inline bytes.
    pub(crate) fn inline_padding(&self) -> usize {
        self.figures.totals.inline_padding
    }

    /// The subtree's figures (once the report is finished).
    pub(crate) fn subtree(&self) -> &Totals {
        &self.figures.totals
    }

    /// Offset within the parent value, when the part has one.
    pub(crate) fn offset(&self) -> Option<usize> {
        (self.offset != NO_OFFSET).then_some(self.offset)
    }
}

/// Takes `from`'s summed heap figures (not its inline ones, nor the bounds, maxima and
/// exactness, which are not sums) out of `from_into`.
pub(super) fn take_heap_sums(from_into: &mut Totals, taken: &Totals) {
    from_into.heap_bytes -= taken.heap_bytes;
    from_into.heap_bytes_low -= taken.heap_bytes_low;
    from_into.heap_used -= taken.heap_used;
    from_into.unused_capacity -= taken.unused_capacity;
    from_into.reclaimable -= taken.reclaimable;
    from_into.heap_padding -= taken.heap_padding;
    from_into.allocations -= taken.allocations;
    from_into.shared_bytes -= taken.shared_bytes;
    from_into.shared_allocations -= taken.shared_allocations;
    from_into.unreadable -= taken.unreadable;
    from_into.resources -= taken.resources;
}

// ---- nodes -----------------------------------------------------------------------------------

/// One part of the value in a [`Report`].
///
/// ```
/// use memlayout::LayoutReport;
/// let v = vec![String::from("hello")];
/// let r = v.layout_report();
/// let s = r.find("[0]").unwrap();
/// let string = core::mem::size_of::<String>();
/// assert_eq!((s.type_name().as_str(), s.inline_bytes(), s.heap_bytes()), ("String", string, 5));
/// assert_eq!(s.indirection(), 1);
/// assert_eq!(s.parent().unwrap().path(), "");
/// ```
#[derive(Clone, Copy)]
pub struct Node<'r> {
    pub(super) report: &'r Report,
    pub(super) id: usize,
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("path", &self.path())
            .field("type_name", &self.type_name())
            .field("totals", self.totals())
            .finish()
    }
}

impl<'r> Node<'r> {
    pub(super) fn data(&self) -> &'r NodeData {
        &self.report.nodes[self.id]
    }

    /// The node's index in [`Report::nodes`].
    pub fn id(&self) -> usize {
        self.id
    }

    /// The full path from the root (computed now; `""` for the root).
    pub fn path(&self) -> String {
        self.report.path_of(self.id)
    }

    /// This node's own segment of the path (`.name`, `[3]`, `.*`).
    pub fn segment(&self) -> String {
        let mut out = String::new();
        self.report.write_segment(self.id, &mut out);
        out
    }

    /// The type name as the text form prints it, without module paths (`Vec<u8>`); for a
    /// summary, the elements' type. [`Node::full_type_name`] has the full path;
    /// [`DropStep::type_name`](crate::drop::DropStep::type_name) is the same on a drop order's steps.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let r = vec![vec![1u8]].layout_report();
    /// assert_eq!(r.root().type_name(), "Vec<Vec<u8>>");
    /// assert_eq!(r.find("[0]").unwrap().type_name(), "Vec<u8>");
    /// ```
    pub fn type_name(&self) -> String {
        crate::render::short_type_name(self.full_type_name())
    }

    /// The full type name, as `core::any::type_name` gives it (`alloc::vec::Vec<u8>`); for a
    /// summary, the elements' type.
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// let r = vec![1u8].layout_report();
    /// assert_eq!(r.root().full_type_name(), core::any::type_name::<Vec<u8>>());
    /// ```
    pub fn full_type_name(&self) -> &'static str {
        (self.data().layout.type_name)()
    }

    /// The type's static layout.
    pub fn layout(&self) -> &'static TypeLayout {
        self.data().layout
    }

    /// What sort of part this is.
    pub fn kind(&self) -> NodeKind {
        self.data().kind
    }

    /// The parent node (`None` for the root).
    pub fn parent(&self) -> Option<Node<'r>> {
        let parent = self.data().parent;
        (parent != NO_PARENT).then_some(Node {
            report: self.report,
            id: parent as usize,
        })
    }

    /// The child nodes, in the order the walk met them.
    pub fn children(&self) -> impl ExactSizeIterator<Item = Node<'r>> + 'r {
        let (start, end) = self.data().children;
        let report = self.report;
        report.nodes[start as usize + 1..end as usize + 1]
            .iter()
            .map(move |node| Node {
                report,
                id: node.child as usize,
            })
    }

    /// Tree depth (the root is 0).
    pub fn depth(&self) -> usize {
        self.data().depth as usize
    }

    /// `size_of_val` of the part (for a summary: all its elements together).
    pub fn inline_bytes(&self) -> usize {
        self.data().inline_bytes()
    }

    /// Padding inside the inline bytes (nested fields included; 0 for enums).
    pub fn inline_padding(&self) -> usize {
        self.data().inline_padding()
    }

    /// Offset within the parent value: from `offset_of!` for struct fields, measured from the
    /// live value for enum variant fields; `None` for elements and pointed-to parts.
    pub fn offset(&self) -> Option<usize> {
        self.data().offset()
    }

    /// The active variant, for enums.
    pub fn variant(&self) -> Option<&'static str> {
        self.data().variant
    }

    /// The type's storage class.
    pub fn storage(&self) -> Storage {
        self.data().layout.storage
    }

    /// Pointer hops from the root value to this part.
    pub fn indirection(&self) -> usize {
        self.data().hop as usize
    }

    /// Figures of this node's subtree: heap it owns (directly or through its parts), unused
    /// capacity, allocations, …; `inline_bytes`/`inline_padding` are this node's.
    pub fn totals(&self) -> &'r Totals {
        self.data().subtree()
    }

    /// Heap bytes the subtree owns.
    pub fn heap_bytes(&self) -> usize {
        self.data().subtree().heap_bytes
    }

    /// Heap bytes holding live elements in the subtree.
    pub fn heap_used(&self) -> usize {
        self.data().subtree().heap_used
    }

    /// Unused capacity in the subtree.
    pub fn unused_capacity(&self) -> usize {
        self.data().subtree().unused_capacity
    }

    /// Heap allocations in the subtree.
    pub fn allocations(&self) -> usize {
        self.data().subtree().allocations
    }

    /// Figures of this node's subtree under the allocator model chosen with
    /// [`ReportOptions::allocator`](crate::ReportOptions::allocator) (`None` without one): what
    /// the allocator holds for the subtree's allocations, usable sizes plus overhead, added up
    /// as heap bytes are (a summary's are its folded elements'; a shared allocation counts once,
    /// where its heap bytes do).
    ///
    /// ```
    /// use memlayout::allocator::{AllocatorModel, Jemalloc, Model};
    /// use memlayout::{LayoutReport, ReportOptions};
    ///
    /// let v = vec![String::from("0123456789"); 3];
    /// let r = v.layout_report_with(ReportOptions::new().allocator(Model::Jemalloc));
    /// let first = r.find("[0]").unwrap().reserved().unwrap();
    /// assert_eq!(first.reserved_bytes, Jemalloc.usable_size(10, 1));
    /// assert_eq!(first.overhead_bytes(), Jemalloc.usable_size(10, 1) - 10);
    /// ```
    pub fn reserved(&self) -> Option<ReservedTotals> {
        let figures = self.report.reserved.as_deref()?;
        let held = &figures.subtree[self.id];
        let totals = *self.totals();
        Some(ReservedTotals {
            totals,
            model: crate::allocator::AllocatorModel::name(&figures.model),
            reserved_bytes: held.reserved,
            header_bytes: held.headers,
            is_exact: totals.is_exact && !held.is_inexact,
        })
    }

    /// What the allocator holds for this node's own blocks and the parts folded into it (0
    /// without an allocator model): its share of the root's reserved bytes.
    pub(crate) fn own_reserved(&self) -> usize {
        let reserved = self.report.reserved.as_deref();
        reserved.map_or(0, |r| r.own[self.id].reserved)
    }

    /// Figures of the heap blocks this node's value reported itself (a `Vec`'s buffer, a `Box`'s
    /// allocation, a shared block where counted); for a summary, its folded elements'.
    pub fn own(&self) -> Totals {
        let mut own = self.report.own_totals(self.id);
        own.inline_bytes = self.data().inline_bytes();
        own.inline_padding = self.data().inline_padding();
        own
    }

    /// Parts folded into this node once the node budget was spent: how many, and their figures.
    pub fn elided(&self) -> Option<(usize, Totals)> {
        let data = self.data();
        (data.elided_parts > 0).then(|| (data.elided_parts, data.elided_totals()))
    }

    /// Sharing details, for `Rc`/`Arc`/`Weak` handles.
    pub fn shared(&self) -> Option<&'r SharedInfo> {
        self.data().shared.as_deref()
    }

    /// For a shared handle that is not the first path to its allocation: the node where it is
    /// counted.
    pub fn shared_with(&self) -> Option<Node<'r>> {
        let shared = self.shared()?;
        (!shared.counted_here).then_some(Node {
            report: self.report,
            id: shared.first_seen,
        })
    }

    /// For a summary node: the folded elements.
    pub fn summary(&self) -> Option<&'r Summary> {
        self.report.summary_of(self.id)
    }

    /// Why the part could not be read (a locked `Mutex`, a mutably borrowed `RefCell`).
    pub fn unreadable(&self) -> Option<&'static str> {
        self.data().unreadable
    }

    /// The operating-system resource the part releases on drop.
    pub fn resource(&self) -> Option<&'static str> {
        self.data().resource
    }
}
