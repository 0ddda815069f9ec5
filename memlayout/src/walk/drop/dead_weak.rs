//! `Weak` handles to an allocation whose contents were dropped before the walk (its strong
//! count is 0). std does not report the weak count then (`Weak::weak_count` is 0), so the weak
//! handles the value holds are taken to be the last ones: the last of them frees the
//! allocation, and each decrement counts down to it.
//!
//! Which handle is the last is known only once the walk has met them all: the first one met
//! steps as if it were the only one (a decrement to 0, then the free), each later one adds a
//! decrement, and [`DropWalk::settle_dead_weaks`] moves the free after the last decrement and
//! renumbers the decrements once the walk ends.

use alloc::vec::Vec;

use super::DropWalk;
use crate::drop::DropAction;

/// The `free` of a dead allocation that a weak handle the drop leaves keeps: no step frees it.
const NOT_FREED: usize = usize::MAX;

/// The steps of the weak handles met to one dead allocation.
pub(super) struct DeadWeak {
    /// Each handle's decrement step, in walk order.
    decrements: Vec<usize>,
    /// The free step.
    free: usize,
}

impl DropWalk<'_> {
    /// A `Weak` to the dead allocation at `address` of `bytes` bytes drops.
    pub(super) fn release_dead_weak(&mut self, address: usize, bytes: usize) {
        let at = self.steps.len();
        self.frame_step(DropAction::DecrementsWeak { to: 0 });
        match self.dead_weaks.get_mut(&address) {
            Some(dead) => dead.decrements.push(at),
            None => {
                self.frame_step(DropAction::FreesShared { bytes });
                self.dead_weaks.insert(
                    address,
                    DeadWeak {
                        decrements: Vec::from([at]),
                        free: at + 1,
                    },
                );
            }
        }
    }

    /// Puts each dead allocation's free right after its last weak handle's decrement, at that
    /// handle's path, and numbers the decrements down to 0. Steps between move up by one, and
    /// the hidden middles of runs with them. An allocation a weak handle the drop leaves in
    /// place holds too (a forgotten `ManuallyDrop<Weak<T>>`, or one inside a shared value the
    /// drop keeps) is not freed: its free goes, and the decrements count down to those handles.
    pub(super) fn settle_dead_weaks(&mut self) {
        let mut deads: Vec<(usize, DeadWeak)> =
            core::mem::take(&mut self.dead_weaks).into_iter().collect();
        for i in 0..deads.len() {
            let surviving = self.surviving_weak.get(&deads[i].0).copied().unwrap_or(0);
            if surviving > 0 {
                self.unfree_dead_weak(&mut deads, i, surviving);
            }
        }
        let mut deads: Vec<DeadWeak> = deads.into_iter().map(|(_, dead)| dead).collect();
        for i in 0..deads.len() {
            let (free, last) = match deads[i].decrements.last() {
                Some(&last) if deads[i].free != NOT_FREED && last > deads[i].free => {
                    (deads[i].free, last)
                }
                _ => continue,
            };
            // The free moves from `free` to `last`; the steps in `free + 1..=last` move up.
            let shift = |at: &mut usize| {
                if *at > free && *at <= last && *at != NOT_FREED {
                    *at -= 1;
                }
            };
            self.steps[free..=last].rotate_left(1);
            let handle = self.steps[last - 1];
            let moved = &mut self.steps[last];
            (moved.node, moved.depth, moved.address, moved.type_name) =
                (handle.node, handle.depth, handle.address, handle.type_name);
            for run in &mut self.runs {
                shift(&mut run.start);
                shift(&mut run.end);
            }
            for (j, dead) in deads.iter_mut().enumerate() {
                dead.decrements.iter_mut().for_each(shift);
                if j == i {
                    dead.free = last;
                } else {
                    shift(&mut dead.free);
                }
            }
            let count = deads[i].decrements.len();
            for (k, &at) in deads[i].decrements.iter().enumerate() {
                self.steps[at].action = DropAction::DecrementsWeak { to: count - 1 - k };
            }
        }
    }

    /// Takes out the free of the dead allocation `deads[i]`, which `surviving` weak handles the
    /// drop leaves in place still hold, and numbers its decrements down to them.
    fn unfree_dead_weak(&mut self, deads: &mut [(usize, DeadWeak)], i: usize, surviving: usize) {
        let free = deads[i].1.free;
        self.steps.remove(free);
        let shift = |at: &mut usize| {
            if *at > free && *at != NOT_FREED {
                *at -= 1;
            }
        };
        for run in &mut self.runs {
            shift(&mut run.start);
            shift(&mut run.end);
        }
        for (_, dead) in deads.iter_mut() {
            dead.decrements.iter_mut().for_each(shift);
            shift(&mut dead.free);
        }
        deads[i].1.free = NOT_FREED;
        let count = deads[i].1.decrements.len() + surviving;
        for (k, &at) in deads[i].1.decrements.iter().enumerate() {
            self.steps[at].action = DropAction::DecrementsWeak { to: count - 1 - k };
        }
    }
}
