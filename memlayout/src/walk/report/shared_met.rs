//! The report walk's record of the shared allocations met: the first few in a table in place,
//! the rest in a map (made, with the table's entries moved in, when one more comes), so a report
//! that meets a few shared allocations allocates nothing for them (issue 16).

use crate::collections::{AddressMap, Entry};

use super::NodeId;

/// How many shared allocations the table in place holds before the map is made.
const IN_PLACE: usize = 8;

/// A shared allocation met before.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct SeenShared {
    /// Whether its contents were walked.
    pub(super) walked: bool,
    /// The shown node that counted it (or the nearest shown ancestor of the part that did).
    pub(super) first: NodeId,
}

/// What meeting a shared allocation found (see [`SharedMet::meet`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Meeting {
    /// Whether it was met for the first time.
    pub(super) first: bool,
    /// Whether its contents are to be walked now (they come with this handle and were not
    /// walked yet).
    pub(super) walk_now: bool,
    /// The shown node that counted it first.
    pub(super) first_node: NodeId,
}

/// The shared allocations met, by address.
#[derive(Debug, Default)]
pub(super) struct SharedMet {
    /// The first [`IN_PLACE`] met, in `table[..len]`, until the map is made (then `len` is 0).
    table: [(usize, SeenShared); IN_PLACE],
    len: usize,
    /// Every one met, once more than [`IN_PLACE`] were (never emptied after).
    map: AddressMap<SeenShared>,
}

impl SharedMet {
    /// Records meeting the allocation at `address` from a part shown at (or folded into) node
    /// `here`, with its `contents` or not: its contents are walked with the first handle that
    /// has them.
    #[inline]
    pub(super) fn meet(&mut self, address: usize, here: NodeId, contents: bool) -> Meeting {
        if self.map.is_empty() {
            let len = self.len;
            if let Some((_, seen)) = self.table[..len].iter_mut().find(|(a, _)| *a == address) {
                return Self::again(seen, contents);
            }
            let seen = SeenShared {
                walked: contents,
                first: here,
            };
            if len < IN_PLACE {
                self.table[len] = (address, seen);
                self.len = len + 1;
                return Self::new_one(here, contents);
            }
            self.spill();
        }
        match self.map.entry(address) {
            Entry::Occupied(entry) => Self::again(entry.into_mut(), contents),
            Entry::Vacant(entry) => {
                entry.insert(SeenShared {
                    walked: contents,
                    first: here,
                });
                Self::new_one(here, contents)
            }
        }
    }

    /// The allocation at `address`, if it was met.
    #[inline]
    pub(super) fn get(&self, address: &usize) -> Option<&SeenShared> {
        if self.map.is_empty() {
            self.table[..self.len]
                .iter()
                .find(|(a, _)| a == address)
                .map(|(_, seen)| seen)
        } else {
            self.map.get(address)
        }
    }

    /// An allocation met before, now met again.
    fn again(seen: &mut SeenShared, contents: bool) -> Meeting {
        let walk_now = !seen.walked && contents;
        seen.walked |= walk_now;
        Meeting {
            first: false,
            walk_now,
            first_node: seen.first,
        }
    }

    /// An allocation met for the first time.
    fn new_one(here: NodeId, contents: bool) -> Meeting {
        Meeting {
            first: true,
            walk_now: contents,
            first_node: here,
        }
    }

    /// Moves the table's entries into the map (made now), which takes every later one.
    #[cold]
    #[inline(never)]
    fn spill(&mut self) {
        self.map.extend(self.table[..self.len].iter().copied());
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::{Meeting, SharedMet, IN_PLACE};

    /// Meets addresses `0x1000 * i` in the order given, each with contents when `i` is even,
    /// against a plain list of what was met.
    fn check(order: &[usize]) {
        let mut met = SharedMet::default();
        let mut seen: Vec<(usize, bool, u32)> = Vec::new();
        for (step, &i) in order.iter().enumerate() {
            let address = 0x1000 * i;
            let contents = i % 2 == 0;
            let here = step as u32;
            let expected = match seen.iter_mut().find(|(a, ..)| *a == address) {
                Some((_, walked, first)) => {
                    let walk_now = !*walked && contents;
                    *walked |= walk_now;
                    Meeting {
                        first: false,
                        walk_now,
                        first_node: *first,
                    }
                }
                None => {
                    seen.push((address, contents, here));
                    Meeting {
                        first: true,
                        walk_now: contents,
                        first_node: here,
                    }
                }
            };
            assert_eq!(
                met.meet(address, here, contents),
                expected,
                "step {step}: {i}"
            );
            let found = met.get(&address).expect("met");
            assert_eq!(
                (found.walked, found.first),
                (
                    seen.iter()
                        .find(|(a, ..)| *a == address)
                        .map(|s| s.1)
                        .unwrap(),
                    expected.first_node
                )
            );
            assert!(met.get(&(address + 1)).is_none());
        }
    }

    #[test]
    fn meets_each_allocation_first_once_before_and_after_the_table_fills() {
        check(&[]);
        check(&[1, 1, 1]);
        check(&[2, 1, 2, 1]);
        let within: Vec<usize> = (0..IN_PLACE).chain(0..IN_PLACE).collect();
        check(&within);
        // Past the table: every one met before (in the table or the map) is found again.
        let past: Vec<usize> = (0..3 * IN_PLACE)
            .chain((0..3 * IN_PLACE).rev())
            .chain([IN_PLACE, 0, IN_PLACE + 1])
            .collect();
        check(&past);
        // Exactly at the edge: the table full, then one more, then each again.
        let edge: Vec<usize> = (1..=IN_PLACE + 1).chain(1..=IN_PLACE + 1).collect();
        check(&edge);
    }

    #[test]
    fn a_weak_handle_first_then_a_strong_one_walks_the_contents_once() {
        let mut met = SharedMet::default();
        for at in 0..IN_PLACE + 2 {
            let address = 0x10 * (at + 1);
            let weak = met.meet(address, 1, false);
            assert!(weak.first && !weak.walk_now);
            let strong = met.meet(address, 2, true);
            assert!(!strong.first && strong.walk_now && strong.first_node == 1);
            assert!(!met.meet(address, 3, true).walk_now);
        }
    }
}
