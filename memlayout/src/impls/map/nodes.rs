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
/// bytes apart within a node.
///
/// In order, a B-tree lists a leaf's keys, one key of an internal node, the next leaf's keys,
/// and so on. Keys one `stride` apart are neighbours in one node; keys of different nodes never
/// are (a node is larger than its 11 key slots). So the runs of neighbours alternate: nodes at
/// even positions, single keys of the level above at odd ones; and those keys, in order, form
/// the same pattern one level up. Each level is scanned as the keys stream past, so the count
/// needs memory for the tree's height only; the leaves' level, which sees every key, is kept
/// apart from the others.
pub(super) struct NodeCounter {
    stride: usize,
    /// The address that continues the current leaf's run of neighbours, 0 when none can (no
    /// key has address 0): the one test most keys need.
    expect: usize,
    /// The leaves' scan; its `previous` is brought up to date only when a key does not
    /// continue the run.
    leaves: Level,
    /// The scans of the levels above the leaves.
    above: Vec<Level>,
    /// The addresses do not form a B-tree.
    failed: bool,
}

/// One level's scan: the last address seen, runs started, where the current run started.
#[derive(Clone, Copy, Default)]
pub(super) struct Level {
    previous: usize,
    runs: usize,
    run_start: usize,
}

impl Level {
    /// Notes `address`: `Ok(true)` when it starts an even-numbered run (a key of the level
    /// above), `Err` when the run it ends cannot be a B-tree's.
    #[inline(always)]
    pub(super) fn note(&mut self, address: usize, stride: usize) -> Result<bool, ()> {
        if self.runs > 0 && self.previous.wrapping_add(stride) == address {
            self.previous = address;
            return Ok(false);
        }
        // The run that ends here had index `runs - 1`: odd ones are single keys.
        if self.runs % 2 == 0 && self.runs > 0 && self.run_start != self.previous {
            return Err(());
        }
        self.runs += 1;
        self.run_start = address;
        self.previous = address;
        Ok(self.runs % 2 == 0)
    }
}

impl NodeCounter {
    pub(super) fn new(stride: usize) -> Self {
        NodeCounter {
            stride,
            expect: 0,
            leaves: Level::default(),
            above: Vec::new(),
            failed: stride == 0,
        }
    }

    #[inline(always)]
    pub(super) fn note(&mut self, address: usize) {
        if address == self.expect {
            self.expect = address.wrapping_add(self.stride);
        } else {
            self.note_new_run(address);
        }
    }

    /// A key that does not continue a leaf's run: it starts one, in the leaves' level or above.
    #[inline(never)]
    pub(super) fn note_new_run(&mut self, address: usize) {
        if self.failed {
            return;
        }
        if self.expect != 0 {
            // The keys since the run was last noted continued it.
            self.leaves.previous = self.expect.wrapping_sub(self.stride);
        }
        self.expect = 0;
        match self.leaves.note(address, self.stride) {
            // A leaf's run (odd index; even ones are single keys of the level above) may go on.
            Ok(false) if self.leaves.runs % 2 == 1 => {
                self.expect = address.wrapping_add(self.stride);
            }
            Ok(false) => {}
            Ok(true) => self.note_above(address),
            Err(()) => self.failed = true,
        }
    }

    /// A key of an internal node: scanned in the levels above the leaves.
    #[inline(never)]
    pub(super) fn note_above(&mut self, address: usize) {
        let mut depth = 0;
        loop {
            if depth == self.above.len() {
                self.above.push(Level::default());
            }
            match self.above[depth].note(address, self.stride) {
                Ok(false) => return,
                Ok(true) => depth += 1,
                Err(()) => {
                    self.failed = true;
                    return;
                }
            }
        }
    }

    /// The scan of level `depth` (0: the leaves), `None` above the levels met.
    pub(super) fn level(&self, depth: usize) -> Option<Level> {
        if depth == 0 {
            let mut leaves = self.leaves;
            if self.expect != 0 {
                // The keys since the run was last noted continued it.
                leaves.previous = self.expect.wrapping_sub(self.stride);
            }
            return Some(leaves);
        }
        self.above.get(depth - 1).copied()
    }

    /// `(leaves, internal nodes)` of the keys `front` noted in order followed by those `back`
    /// noted last first (a counter with the opposite stride), or `None` when they do not form a
    /// B-tree.
    ///
    /// Each level's runs are those of both scans, and where the scans met, their last runs are
    /// one run (a node's keys, met from both sides) when they are neighbours, else two, a
    /// single key of the level above among them. Each scan sent the keys of its runs at odd
    /// positions up, counted from its own end; with an odd number of runs in all, as a B-tree
    /// has on every level, those are the same runs.
    pub(super) fn count(front: &NodeCounter, back: &NodeCounter) -> Option<(usize, usize)> {
        if front.failed || back.failed {
            return None;
        }
        let (mut leaves, mut internal) = (0, 0);
        for depth in 0..=front.above.len().max(back.above.len()) {
            let (f, b) = (front.level(depth), back.level(depth));
            let runs = match (f.filter(|l| l.runs > 0), b.filter(|l| l.runs > 0)) {
                (None, None) => 0,
                (Some(only), None) | (None, Some(only)) => only.runs,
                (Some(f), Some(b)) if f.previous.wrapping_add(front.stride) == b.previous => {
                    // One run across the meeting point: a node's, so at an even position seen
                    // from both ends.
                    if f.runs % 2 == 0 || b.runs % 2 == 0 {
                        return None;
                    }
                    f.runs + b.runs - 1
                }
                (Some(f), Some(b)) => {
                    // Two runs meet; the streams checked every run that ended before, not these.
                    let single = |l: &Level| l.runs % 2 == 1 || l.run_start == l.previous;
                    if !single(&f) || !single(&b) {
                        return None;
                    }
                    f.runs + b.runs
                }
            };
            // Every level starts and ends with a node of its own.
            if runs % 2 == 0 {
                return None;
            }
            if depth == 0 {
                leaves = runs.div_ceil(2);
            } else {
                internal += runs.div_ceil(2);
            }
        }
        Some((leaves, internal))
    }
}
