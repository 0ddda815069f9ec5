//! The report walk's summaries' accumulators: the first kept in place, the rest in a vector, so
//! a report that summarises one collection (the most common case: any collection past
//! `max_children` elements) allocates nothing for it beyond its node arena (issue 16).

use alloc::vec::Vec;
use core::ops::{Index, IndexMut};

use super::SummaryFold;
use crate::report::Summary;

/// Every summary node's [`SummaryFold`], by the node's `fold` index: index 0 in place, the
/// others in a vector (made when a second summary comes).
#[derive(Debug, Default)]
pub(crate) struct Folds {
    first: Option<SummaryFold>,
    rest: Vec<SummaryFold>,
}

impl Folds {
    /// How many folds there are (the next one's index).
    pub(super) fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    /// Adds a fold at index [`Folds::len`].
    pub(super) fn push(&mut self, fold: SummaryFold) {
        if self.first.is_none() {
            self.first = Some(fold);
        } else {
            self.rest.push(fold);
        }
    }

    /// The fold at index `k`, if there is one (`u32::MAX`, a node without a fold, has none).
    #[inline]
    pub(super) fn get_mut(&mut self, k: usize) -> Option<&mut SummaryFold> {
        match k.checked_sub(1) {
            None => self.first.as_mut(),
            Some(i) => self.rest.get_mut(i),
        }
    }

    /// Every fold, in index order.
    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut SummaryFold> {
        self.first.iter_mut().chain(self.rest.iter_mut())
    }

    /// The finished folds as a report keeps them: the first's [`Summary`] in place, the
    /// others' folds in their vector (moved, not copied).
    pub(super) fn into_summaries(self) -> Summaries {
        Summaries {
            first: self.first.map(|fold| fold.summary),
            rest: self.rest,
        }
    }
}

impl Index<usize> for Folds {
    type Output = SummaryFold;

    #[inline]
    fn index(&self, k: usize) -> &SummaryFold {
        match k.checked_sub(1) {
            None => self.first.as_ref().expect("summary fold 0 is made first"),
            Some(i) => &self.rest[i],
        }
    }
}

impl IndexMut<usize> for Folds {
    #[inline]
    fn index_mut(&mut self, k: usize) -> &mut SummaryFold {
        match k.checked_sub(1) {
            None => self.first.as_mut().expect("summary fold 0 is made first"),
            Some(i) => &mut self.rest[i],
        }
    }
}

/// A report's summaries, by their nodes' `fold` index: the first in place, the others in the
/// walk's accumulators they were folded in (one allocation for all of them, when there are
/// more than one).
#[derive(Clone, Debug, Default)]
pub(crate) struct Summaries {
    first: Option<Summary>,
    rest: Vec<SummaryFold>,
}

impl Summaries {
    /// The summary at index `k`, if there is one (`u32::MAX`, a node that is no summary, has
    /// none).
    pub(crate) fn get(&self, k: usize) -> Option<&Summary> {
        match k.checked_sub(1) {
            None => self.first.as_ref(),
            Some(i) => self.rest.get(i).map(|fold| &fold.summary),
        }
    }
}
