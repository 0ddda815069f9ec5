//! Finishing a report's node arena once the walk ends, and reading each node's own figures back
//! from it (a node keeps its subtree's figures; its own are what its children and elided parts
//! do not account for).

use alloc::vec::Vec;

use super::node::{add_heap, take_heap_sums};
use super::{MadeOnce, NodeData, OwnBounds, Report, ReportOptions, Summary, Totals};
use crate::walk::report::SummaryFold;

impl Report {
    /// Finishes the arena made with `options` in two passes over the nodes (children always
    /// come after their parent): forward, each node's own figures that are not sums are kept
    /// aside, its elided figures added in, and its children range laid out; backward, each
    /// node's subtree figures, complete once its children are done, are added into its
    /// parent's.
    pub(crate) fn from_nodes(
        mut nodes: Vec<NodeData>,
        summaries: Vec<SummaryFold>,
        options: ReportOptions,
    ) -> Report {
        // Children grouped by parent, in creation order (a counting sort on the counts the walk
        // kept in `children.1`): each node's range starts after the earlier nodes' children,
        // and slot `k` of the list is node `k + 1`'s `child`. A node's parent has its range by
        // the time the node takes its slot in it.
        let mut start = 0;
        for i in 0..nodes.len() {
            let node = &mut nodes[i];
            let own = &mut node.figures.totals;
            node.own_bounds = OwnBounds {
                heap_bytes_high: own.heap_bytes_high,
                max_indirection: own.max_indirection,
            };
            node.own_is_exact = own.is_exact;
            if let Some(elided) = &node.elided {
                add_heap(own, &elided.totals);
            }
            let count = node.children.1;
            node.children = (start, start);
            start += count;
            if i > 0 {
                let parent = node.parent as usize;
                let slot = nodes[parent].children.1;
                nodes[slot as usize + 1].child = i as u32;
                nodes[parent].children.1 += 1;
            }
        }
        for i in (0..nodes.len()).rev() {
            let (before, from) = nodes.split_at_mut(i);
            let node = &mut from[0];
            let totals = &mut node.figures.totals;
            totals.is_exact &= totals.unreadable == 0;
            totals.indirection_is_exact &= totals.unreadable == 0;
            if totals.unreadable > 0 {
                // What could not be read may own any amount: no upper bound is known.
                totals.heap_bytes_high = usize::MAX;
            }
            if i > 0 {
                add_heap(&mut before[node.parent as usize].figures.totals, totals);
            }
        }
        Report {
            nodes,
            findings: MadeOnce::new(),
            paths: MadeOnce::new(),
            options,
            reserved: None,
            summaries,
        }
    }

    /// Node `id`'s [`Summary`], when it is a summary node.
    pub(crate) fn summary_of(&self, id: usize) -> Option<&Summary> {
        let fold = self.nodes[id].fold as usize;
        self.summaries.get(fold).map(|fold| &fold.summary)
    }

    /// The figures of the heap blocks node `id`'s value reported itself (its inline ones 0):
    /// its subtree's less its children's and its elided parts', the figures that are not sums
    /// as the walk left them.
    pub(crate) fn own_totals(&self, id: usize) -> Totals {
        let node = &self.nodes[id];
        let mut own = *node.subtree();
        let (start, end) = node.children;
        for child in self.child_ids(start, end) {
            take_heap_sums(&mut own, self.nodes[child].subtree());
        }
        if let Some(elided) = &node.elided {
            take_heap_sums(&mut own, &elided.totals);
        }
        Totals {
            inline_bytes: 0,
            inline_padding: 0,
            heap_bytes_high: node.own_bounds.heap_bytes_high,
            max_indirection: node.own_bounds.max_indirection,
            is_exact: node.own_is_exact,
            ..own
        }
    }

    /// Own and elided figures of node `id`: what it adds to the totals by itself.
    pub(crate) fn contribution(&self, id: usize) -> Totals {
        let mut t = Totals {
            is_exact: true,
            indirection_is_exact: true,
            ..Totals::default()
        };
        add_heap(&mut t, &self.own_totals(id));
        if let Some(elided) = &self.nodes[id].elided {
            add_heap(&mut t, &elided.totals);
        }
        if t.unreadable > 0 {
            t.heap_bytes_high = usize::MAX;
        }
        t
    }

    /// The ids of the children of a node whose `children` range is `start..end`, in the order
    /// the walk met them.
    pub(crate) fn child_ids(
        &self,
        start: u32,
        end: u32,
    ) -> impl DoubleEndedIterator<Item = usize> + ExactSizeIterator + '_ {
        self.nodes[start as usize + 1..end as usize + 1]
            .iter()
            .map(|node| node.child as usize)
    }
}
