//! What an allocator model says the allocator holds for each node of a report.

use alloc::vec::Vec;

use super::NodeData;
use crate::allocator::Model;

/// How many distinct size classes a [`Held`] names; more are counted, not named.
const NAMED_CLASSES: usize = 4;

/// The size classes (usable sizes) a node's allocations land in: the first few distinct ones,
/// and whether there were more.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Classes {
    named: [usize; NAMED_CLASSES],
    len: u8,
    has_more: bool,
}

impl Classes {
    fn add(&mut self, usable: usize) {
        let named = &self.named[..self.len as usize];
        if named.contains(&usable) {
            return;
        }
        match self.named.get_mut(self.len as usize) {
            Some(slot) => {
                *slot = usable;
                self.len += 1;
            }
            None => self.has_more = true,
        }
    }

    fn merge(&mut self, other: &Classes) {
        for &usable in &other.named[..other.len as usize] {
            self.add(usable);
        }
        self.has_more |= other.has_more;
    }

    /// The named classes, smallest first, and whether there were more.
    pub(crate) fn sorted(&self) -> (Vec<usize>, bool) {
        let mut named = self.named[..self.len as usize].to_vec();
        named.sort_unstable();
        (named, self.has_more)
    }
}

/// What the allocator holds for a node's allocations (its own, or its subtree's), with what
/// the rounding finding names: how many requests, their range of sizes, their classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Held {
    /// Usable sizes plus overhead.
    pub(crate) reserved: usize,
    /// The overhead part of `reserved` (chunk headers).
    pub(crate) headers: usize,
    /// The bytes requested for the allocations counted in `reserved`.
    pub(crate) requested: usize,
    /// Allocations counted (shared ones once, at their first handle).
    pub(crate) allocations: usize,
    /// The smallest and largest request (`usize::MAX` and 0 when there is none).
    pub(crate) min_request: usize,
    pub(crate) max_request: usize,
    pub(crate) classes: Classes,
    /// Whether some figure is an estimate under the model.
    pub(crate) is_inexact: bool,
}

impl Held {
    pub(crate) const NONE: Held = Held {
        reserved: 0,
        headers: 0,
        requested: 0,
        allocations: 0,
        min_request: usize::MAX,
        max_request: 0,
        classes: Classes {
            named: [0; NAMED_CLASSES],
            len: 0,
            has_more: false,
        },
        is_inexact: false,
    };

    /// Adds `count` requests of `each` bytes with `usable` bytes each, holding `reserved` bytes
    /// of which `headers` are overhead.
    pub(crate) fn add_requests(&mut self, count: usize, each: usize, usable: usize) {
        self.allocations += count;
        self.requested = self.requested.saturating_add(each.saturating_mul(count));
        self.min_request = self.min_request.min(each);
        self.max_request = self.max_request.max(each);
        self.classes.add(usable);
    }

    /// Adds `other`'s figures.
    pub(crate) fn merge(&mut self, other: &Held) {
        self.reserved = self.reserved.saturating_add(other.reserved);
        self.headers = self.headers.saturating_add(other.headers);
        self.requested = self.requested.saturating_add(other.requested);
        self.allocations += other.allocations;
        self.min_request = self.min_request.min(other.min_request);
        self.max_request = self.max_request.max(other.max_request);
        self.classes.merge(&other.classes);
        self.is_inexact |= other.is_inexact;
    }
}

/// Every node's reserved figures under the report's allocator model.
#[derive(Clone, Debug)]
pub(crate) struct ReservedFigures {
    pub(crate) model: Model,
    /// What each node's own (and elided) blocks hold, by node index.
    pub(crate) own: Vec<Held>,
    /// What each node's subtree holds, by node index.
    pub(crate) subtree: Vec<Held>,
}

impl ReservedFigures {
    /// Adds up the subtrees of `nodes` (children come after their parent) from each node's own
    /// figures (`own` may be shorter than `nodes`: nodes past it hold nothing).
    pub(crate) fn new(model: Model, mut own: Vec<Held>, nodes: &[NodeData]) -> ReservedFigures {
        own.resize(nodes.len(), Held::NONE);
        let mut subtree = own.clone();
        for i in (1..nodes.len()).rev() {
            let (done, rest) = subtree.split_at_mut(i);
            done[nodes[i].parent as usize].merge(&rest[0]);
        }
        ReservedFigures {
            model,
            own,
            subtree,
        }
    }
}
