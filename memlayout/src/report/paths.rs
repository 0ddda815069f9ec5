//! A report's paths: each node's segment and whole path, and finding the node at a path.
//!
//! A path does not split into segments before it is matched: a segment may hold `.` and `[`
//! itself (`.Some.0`, `[8..1000]`, a map key's text), so two children of one node can both
//! start the rest of a path (an entry keyed `a` and one keyed `a].value[0`). [`Report::find`]
//! goes depth first over every child whose segment starts the rest and ends on a segment
//! boundary. A node of up to [`SCANNED_CHILDREN`] children is scanned, each child's segment
//! written and compared; a wider node's children are sorted by segment on its first visit (a
//! [`Level`]), then binary searched for each prefix of the rest that ends on a boundary, so
//! looking up each of 20,000 elements does not write 20,000 segments each time.

use alloc::{string::String, vec, vec::Vec};
use core::fmt;

use super::{MadeOnce, Node, Report, Segment, ROOT_PATH};

/// The most children a node can have and still be scanned by [`Report::find`]: writing and
/// comparing that many short segments costs about what sorting them once and searching does.
const SCANNED_CHILDREN: usize = 16;

impl Report {
    /// The node at `path` (see [`Report`]'s docs, "Paths", for the syntax). The root is `""`
    /// or `(root)`, as the text report shows it.
    ///
    /// An element folded into a summary has no node of its own: a path into it (`[500].name`
    /// when `[8..1000]` is a summary) finds the summary node, whose [`Node::kind`] is
    /// [`NodeKind::Summary`] and whose [`Node::summary`] holds the folded elements' figures.
    /// Parts folded away by [`ReportOptions::max_nodes`] are not found. Where two nodes have
    /// the same path (two map keys written alike, a key that spells a path through another
    /// entry), the one found is the first a depth-first search meets, taking each node's
    /// children in the order the walk met them.
    ///
    /// The first lookup below a node of many children sorts them by segment, once: looking up
    /// every node costs about as much as writing every path.
    ///
    /// [`NodeKind::Summary`]: super::NodeKind::Summary
    /// [`ReportOptions::max_nodes`]: super::ReportOptions::max_nodes
    ///
    /// ```
    /// use memlayout::LayoutReport;
    /// use memlayout::report::NodeKind;
    /// let v: Vec<Option<String>> = vec![None, Some("hi".into())];
    /// let r = v.layout_report();
    /// assert_eq!(r.find("[1].Some.0").unwrap().heap_bytes(), 2);
    /// assert!(r.find("[7]").is_none());
    /// assert_eq!(r.find("(root)").unwrap().id(), 0);
    ///
    /// let many = vec![String::from("x"); 100];
    /// let folded = many.layout_report().find("[50]").map(|n| n.kind());
    /// assert_eq!(folded, Some(NodeKind::Summary));
    /// ```
    pub fn find(&self, path: &str) -> Option<Node<'_>> {
        let path = if path == ROOT_PATH { "" } else { path };
        let index = self.paths.get_or_init(|| PathIndex::new(self));
        // Depth first: each node's matching children are pushed last to first, so they are
        // taken in the walk's order.
        let mut stack = vec![(0usize, 0usize)];
        let mut matching = Vec::new();
        let mut segment = String::new();
        let mut summary = None;
        while let Some((id, at)) = stack.pop() {
            let rest = &path[at..];
            if rest.is_empty() {
                return Some(Node { report: self, id });
            }
            let level = index.level(self, id);
            if summary.is_none() {
                summary = self.summary_holding(level, id, rest);
            }
            matching.clear();
            match level {
                Some(level) => level.children_starting(rest, &mut matching),
                None => self.scan_children(id, rest, &mut segment, &mut matching),
            }
            stack.extend(matching.iter().rev().map(|&(child, len)| (child, at + len)));
        }
        summary.map(|id| Node { report: self, id })
    }

    /// Node `id`'s children whose segment starts `rest` and ends on a segment boundary, as
    /// `(child, segment length)` in the walk's order, each child's segment written into
    /// `segment` in turn.
    fn scan_children(
        &self,
        id: usize,
        rest: &str,
        segment: &mut String,
        out: &mut Vec<(usize, usize)>,
    ) {
        let (start, end) = self.nodes[id].children;
        for child in self.child_ids(start, end) {
            segment.clear();
            self.write_segment(child, segment);
            if rest.strip_prefix(segment.as_str()).is_some_and(on_boundary) {
                out.push((child, segment.len()));
            }
        }
    }

    /// The last of node `id`'s children (`level`, when it is a wide node) that is a summary
    /// holding the part `rest` leads to.
    fn summary_holding(&self, level: Option<&Level>, id: usize, rest: &str) -> Option<usize> {
        let holds = |&child: &usize| self.summary_holds(child, rest);
        match level {
            Some(level) => (level.summaries.iter().rev())
                .map(|&child| child as usize)
                .find(holds),
            None => {
                let (start, end) = self.nodes[id].children;
                self.child_ids(start, end).rev().find(holds)
            }
        }
    }

    /// Whether node `id` is a summary whose folded elements include the one `rest` starts with
    /// (`[500]…` for indexed elements, `[#500]…` for entries).
    fn summary_holds(&self, id: usize, rest: &str) -> bool {
        let Some(summary) = self.summary_of(id) else {
            return false;
        };
        if summary.is_chain {
            // Any path through the pointer to the folded links (`.*.next.Some.0.*…`).
            return rest.strip_prefix(".*").is_some_and(on_boundary);
        }
        let Some(inner) = rest.strip_prefix('[') else {
            return false;
        };
        let inner = if summary.is_entries {
            match inner.strip_prefix('#') {
                Some(inner) => inner,
                None => return false,
            }
        } else {
            inner
        };
        let Some((digits, after)) = inner.split_once(']') else {
            return false;
        };
        let folded = summary.first_index..summary.first_index + summary.count;
        on_boundary(after) && digits.parse::<usize>().is_ok_and(|i| folded.contains(&i))
    }

    /// Writes node `id`'s path segment.
    pub(crate) fn write_segment(&self, id: usize, out: &mut String) {
        use core::fmt::Write;
        let node = &self.nodes[id];
        match &node.segment {
            Segment::Root => {}
            Segment::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            Segment::VariantField(variant, name) => {
                let _ = write!(out, ".{variant}.{name}");
            }
            Segment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Key(key) => {
                let _ = write!(out, "[{key}]");
            }
            Segment::Entry(i) => {
                let _ = write!(out, "[#{i}]");
            }
            Segment::EntryKey => out.push_str(".key"),
            Segment::EntryValue => out.push_str(".value"),
            Segment::Deref => out.push_str(".*"),
            Segment::Guard(label) => out.push_str(label),
            Segment::Summary => match self.summary_of(id) {
                Some(s) => {
                    let hash = if s.is_entries { "#" } else { "" };
                    let _ = write!(
                        out,
                        "[{hash}{}..{}]",
                        s.first_index,
                        s.first_index + s.count
                    );
                }
                None => out.push_str("[..]"),
            },
            Segment::Chain => {
                let (first, count) = self
                    .summary_of(id)
                    .map_or((0, 0), |s| (s.first_index, s.count));
                let _ = write!(out, ".*{{{first}..{}}}", first + count);
            }
        }
    }

    /// The path of node `id`, root first.
    pub(crate) fn path_of(&self, id: usize) -> String {
        let mut out = String::new();
        for id in self.lineage(id) {
            self.write_segment(id, &mut out);
        }
        out
    }

    /// The nodes whose segments make node `id`'s path: its ancestors below the root, root
    /// side first, and the node itself (none for the root).
    pub(crate) fn lineage(&self, id: usize) -> impl Iterator<Item = usize> {
        let mut lineage = Vec::new();
        let mut at = id;
        while at != 0 {
            lineage.push(at);
            at = self.nodes[at].parent as usize;
        }
        lineage.into_iter().rev()
    }
}

/// Whether what follows a segment in a path leaves it whole: nothing, or the next segment.
fn on_boundary(after: &str) -> bool {
    after.is_empty() || after.starts_with(['.', '['])
}

/// What [`Report::find`] keeps between lookups, made on the first: the wide nodes (more than
/// [`SCANNED_CHILDREN`] children), each with its [`Level`], made on the first visit.
#[derive(Clone)]
pub(crate) struct PathIndex {
    /// The wide nodes' ids, ascending, each with its level.
    wide: Vec<(u32, MadeOnce<Level>)>,
}

impl PathIndex {
    /// The report's wide nodes, their levels not made yet: one pass over the nodes, writing
    /// nothing.
    fn new(report: &Report) -> PathIndex {
        let is_wide = |(start, end): (u32, u32)| (end - start) as usize > SCANNED_CHILDREN;
        let wide = (report.nodes.iter().enumerate())
            .filter(|(_, node)| is_wide(node.children))
            .map(|(id, _)| (id as u32, MadeOnce::new()))
            .collect();
        PathIndex { wide }
    }

    /// Node `id`'s level, made now if it was not, when it is a wide node.
    fn level(&self, report: &Report, id: usize) -> Option<&Level> {
        let at = (self.wide)
            .binary_search_by_key(&id, |&(wide, _)| wide as usize)
            .ok()?;
        Some(self.wide[at].1.get_or_init(|| Level::new(report, id)))
    }
}

impl fmt::Debug for PathIndex {
    /// How many wide nodes there are and how many levels were made, not the levels' text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let made = self.wide.iter().filter(|(_, level)| level.get().is_some());
        f.debug_struct("PathIndex")
            .field("wide_nodes", &self.wide.len())
            .field("levels_made", &made.count())
            .finish()
    }
}

/// A wide node's children sorted by segment.
#[derive(Clone)]
struct Level {
    /// The children's segments, one after another, in the walk's order.
    text: String,
    /// Each child's id and where its segment starts and ends in `text`, sorted by segment
    /// (children whose segments are equal in the walk's order).
    children: Vec<(u32, usize, usize)>,
    /// The children that are summaries, in the walk's order.
    summaries: Vec<u32>,
    /// The longest segment's length: no longer prefix of a path is a child's segment.
    longest: usize,
}

impl Level {
    /// Node `id`'s children, each segment written once, then sorted (a stable sort: children
    /// come in the walk's order, so equal segments stay in it).
    fn new(report: &Report, id: usize) -> Level {
        let (start, end) = report.nodes[id].children;
        let mut text = String::new();
        let mut children = Vec::with_capacity((end - start) as usize);
        let mut summaries = Vec::new();
        for child in report.child_ids(start, end) {
            let from = text.len();
            report.write_segment(child, &mut text);
            children.push((child as u32, from, text.len()));
            if report.summary_of(child).is_some() {
                summaries.push(child as u32);
            }
        }
        children.sort_by(|a, b| text[a.1..a.2].cmp(&text[b.1..b.2]));
        let longest = children.iter().map(|&(_, from, to)| to - from).max();
        Level {
            text,
            children,
            summaries,
            longest: longest.unwrap_or(0),
        }
    }

    /// The children whose segment starts `rest` and ends on a segment boundary, as
    /// `(child, segment length)` in the walk's order: for each prefix of `rest` that ends on a
    /// boundary and is no longer than the longest segment, the children whose segment it is.
    fn children_starting(&self, rest: &str, out: &mut Vec<(usize, usize)>) {
        let segment = |&(_, from, to): &(u32, usize, usize)| &self.text[from..to];
        let boundaries = (rest.bytes().enumerate())
            .filter(|&(_, byte)| byte == b'.' || byte == b'[')
            .map(|(at, _)| at)
            .chain([rest.len()])
            .take_while(|&len| len <= self.longest);
        for len in boundaries {
            let prefix = &rest[..len];
            let first = self.children.partition_point(|c| segment(c) < prefix);
            let equal = self.children[first..].iter();
            let equal = equal.take_while(|c| segment(c) == prefix);
            out.extend(equal.map(|&(child, _, _)| (child as usize, len)));
        }
        out.sort_unstable();
    }
}
