//! Counting a B-tree's nodes: the bounds its invariants allow for a length, and the count
//! read from where its entries sit in memory (see the parent module's docs).

use super::*;

/// Internal nodes above `leaves` leaves when each parent has at most (`widest = true`: at
/// least) as many children as the invariants allow.
pub(super) fn internal_nodes(leaves: usize, fewest: bool) -> usize {
    let mut level = leaves;
    let mut total = 0;
    while level > 1 {
        level = if fewest {
            level.div_ceil(BTREE_CAPACITY + 1)
        } else {
            (level / (BTREE_MIN_LEN + 1)).max(1)
        };
        total += level;
    }
    total
}

/// The least height a B-tree of `len` entries can have (0: a single root leaf). A tree of
/// height `h` holds at most `12^(h + 1) - 1` entries: a root of 11 keys over 12 trees of height
/// `h - 1`.
pub(super) fn btree_min_height(len: usize) -> usize {
    let (mut height, mut most) = (0, BTREE_CAPACITY);
    while len > most {
        most = most
            .saturating_mul(BTREE_CAPACITY + 1)
            .saturating_add(BTREE_CAPACITY);
        height += 1;
    }
    height
}

/// The greatest height a B-tree of `len` entries can have. Every node but the root holds at
/// least `MIN_LEN` (5) keys, so the smallest tree of height `h >= 1` is a root of one key over
/// two of the smallest subtrees of height `h - 1` (`MIN_LEN` keys over `MIN_LEN + 1` such
/// subtrees, down to leaves of `MIN_LEN` keys): 11 entries for height 1, 71 for 2, 431 for 3.
pub(super) fn btree_max_height(len: usize) -> usize {
    // Entries of the smallest non-root subtree of height `height - 1`.
    let (mut height, mut subtree) = (0, BTREE_MIN_LEN);
    while subtree.saturating_mul(2).saturating_add(1) <= len {
        height += 1;
        subtree = subtree
            .saturating_mul(BTREE_MIN_LEN + 1)
            .saturating_add(BTREE_MIN_LEN);
    }
    height
}

/// `(leaves, internal nodes)` of the smallest and the largest B-tree holding `len` entries.
pub(super) fn btree_bounds(len: usize) -> ((usize, usize), (usize, usize)) {
    if len == 0 {
        // An emptied map may keep its root leaf.
        return ((0, 0), (1, 0));
    }
    // Keys in internal nodes = leaves - 1, so `len + 1` keys are spread over the leaves at
    // `MIN_LEN + 1 ..= CAPACITY + 1` per leaf (or one root leaf).
    let fewest = (len + 1).div_ceil(BTREE_CAPACITY + 1);
    let most = ((len + 1) / (BTREE_MIN_LEN + 1)).max(1);
    (
        (fewest, internal_nodes(fewest, true)),
        (most, internal_nodes(most, false)),
    )
}

/// Counts `(leaves, internal nodes)` from the keys' addresses in iteration order, `stride`
/// bytes apart within a node: the part of the count every key goes through, kept to one test.
///
/// In order, a B-tree lists a leaf's keys, one key of an internal node, the next leaf's keys,
/// and so on. Keys one `stride` apart are neighbours in one node; keys of different nodes never
/// are (a node is larger than its 11 key slots). So the runs of neighbours alternate: nodes at
/// even positions, single keys of the level above at odd ones; and those keys, in order, form
/// the same pattern one level up. A key that continues its leaf's run (most keys) costs one
/// comparison here; the others, two a leaf, go to the [`NodeScan`], which keeps one scan per
/// level, so the count needs memory for the tree's height only.
///
/// The state that changes on every key is the one address that continues the run, a plain
/// value the optimiser keeps in a register; the rest sits behind a reference, written only when
/// a run ends.
pub(super) struct NodeCounter<'s> {
    /// The address that continues the current leaf's run, 0 when none can (no key has
    /// address 0): the one test most keys need.
    expect: usize,
    /// The scan's stride, copied: a constant where the counter is inlined.
    stride: usize,
    scan: &'s mut NodeScan,
}

/// The scans behind a [`NodeCounter`]: the leaves' level, the levels above, and the keys noted
/// from the back.
pub(crate) struct NodeScan {
    stride: usize,
    /// The leaves' level (its `expect` is the counter's).
    leaves: Level,
    /// The level above the leaves, the levels above that, and how many of those met a key.
    lowest_internal: Level,
    higher: [Level; HIGHER_LEVELS],
    higher_met: usize,
    /// Keys noted from the back, last first: counted after the others, in order.
    back: Vec<usize>,
    /// The addresses do not form a B-tree.
    failed: bool,
}

/// Levels a B-tree can have above the lowest internal one, at most: a tree `h` levels high has
/// at least `2 * 6^(h - 2)` leaves (a root of two children, other internal nodes of at least
/// `B = 6`), each of at least 23 bytes (11 slots of a key or value of at least a byte, a
/// pointer, two `u16`s), which `2^64` bytes of memory cannot hold for `h > 24`. Kept in place,
/// so a count allocates nothing.
const HIGHER_LEVELS: usize = 24;

/// One level's scan: its runs of neighbours alternate between a node's keys and a single key
/// of the level above.
#[derive(Clone, Copy)]
struct Level {
    /// The address that continues the current node's run, 0 after a single key (and before
    /// the first key): no key has address 0.
    expect: usize,
    /// Single-key runs met (keys of the level above), and the address one `stride` past the
    /// last one (0 before the first): the key that would wrongly continue it.
    singles: usize,
    past_single: usize,
}

impl Level {
    const NEW: Level = Level {
        expect: 0,
        singles: 0,
        past_single: 0,
    };

    /// Notes a key at `address` that does not continue the run `expect` would continue.
    /// Returns the address that continues the run it starts (0 for none) and whether it is a
    /// key of the level above; sets `failed` when the run it ends cannot be a B-tree's.
    #[inline(always)]
    fn note_break(
        &mut self,
        expect: usize,
        address: usize,
        stride: usize,
        failed: &mut bool,
    ) -> (usize, bool) {
        if expect == 0 {
            // A node's first key; the single key before it must have stayed single.
            if self.past_single == address {
                *failed = true;
            }
            return (address.wrapping_add(stride), false);
        }
        // After a node's keys: a key of the level above, a run of one.
        self.singles += 1;
        self.past_single = address.wrapping_add(stride);
        (0, true)
    }

    /// Notes the key at `address`, the next on this level: whether it is a key of the level
    /// above.
    #[inline(always)]
    fn note(&mut self, address: usize, stride: usize, failed: &mut bool) -> bool {
        if address == self.expect {
            self.expect = address.wrapping_add(stride);
            return false;
        }
        let is_above;
        (self.expect, is_above) = self.note_break(self.expect, address, stride, failed);
        is_above
    }

    /// Nodes on this level, given `expect` (its last): 0 when it met no key, `None` when it
    /// does not end with a node's run.
    fn nodes(&self, expect: usize) -> Option<usize> {
        if expect == 0 && self.past_single == 0 {
            return Some(0);
        }
        (expect != 0).then_some(self.singles + 1)
    }
}

impl NodeScan {
    /// A scan of keys `stride` bytes apart within a node.
    pub(super) fn new(stride: usize) -> Self {
        NodeScan {
            stride,
            leaves: Level::NEW,
            lowest_internal: Level::NEW,
            higher: [Level::NEW; HIGHER_LEVELS],
            higher_met: 0,
            back: Vec::new(),
            failed: stride == 0,
        }
    }

    /// A key that does not continue a leaf's run (`expect`, 0 for none). Returns the address
    /// that continues the run it starts, 0 for none.
    #[inline(always)]
    fn note_break(&mut self, expect: usize, address: usize) -> usize {
        let (expect, is_above) =
            self.leaves
                .note_break(expect, address, self.stride, &mut self.failed);
        if is_above
            && self
                .lowest_internal
                .note(address, self.stride, &mut self.failed)
        {
            self.note_higher(address);
        }
        expect
    }

    /// A key of an internal node two or more levels above the leaves.
    #[inline(always)]
    fn note_higher(&mut self, address: usize) {
        for depth in 0..HIGHER_LEVELS {
            self.higher_met = self.higher_met.max(depth + 1);
            if !self.higher[depth].note(address, self.stride, &mut self.failed) {
                return;
            }
        }
        // Higher than a tree in memory can be: not a B-tree's addresses.
        self.failed = true;
    }

    /// `(leaves, internal nodes)`, or `None` when the keys noted do not form a B-tree: every
    /// level starts and ends with a node of its own. `expect` is the counter's at the end.
    fn count(&self, expect: usize) -> Option<(usize, usize)> {
        if self.failed {
            return None;
        }
        let leaves = self.leaves.nodes(expect)?;
        let mut internal = self.lowest_internal.nodes(self.lowest_internal.expect)?;
        for level in &self.higher[..self.higher_met] {
            internal += level.nodes(level.expect)?;
        }
        Some((leaves, internal))
    }
}

impl<'s> NodeCounter<'s> {
    /// A count kept in `scan` (a fresh [`NodeScan`]).
    pub(super) fn new(scan: &'s mut NodeScan) -> Self {
        NodeCounter {
            expect: 0,
            stride: scan.stride,
            scan,
        }
    }

    /// Notes the key at `address`, the next in order.
    #[inline(always)]
    pub(super) fn note(&mut self, address: usize) {
        self.expect = if address == self.expect {
            address.wrapping_add(self.stride)
        } else {
            self.scan.note_break(self.expect, address)
        };
    }

    /// Notes the key at `address`, met from the back (the keys noted so come last first).
    pub(super) fn note_back(&mut self, address: usize) {
        self.scan.back.push(address);
    }

    /// `(leaves, internal nodes)` of the keys noted, or `None` when they do not form a
    /// B-tree.
    pub(super) fn count(mut self) -> Option<(usize, usize)> {
        let back = core::mem::take(&mut self.scan.back);
        for &address in back.iter().rev() {
            self.note(address);
        }
        self.scan.count(self.expect)
    }
}
