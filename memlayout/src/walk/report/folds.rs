//! The report walk's summaries' accumulators: the first kept in place, the rest in a vector, so
//! a report that summarises one collection (the most common case: any collection past
//! `max_children` elements) allocates nothing for it beyond its node arena (issue 16).

use alloc::vec::Vec;

use super::SummaryFold;
use crate::report::{InPlace, Summary};

/// Every summary node's [`SummaryFold`], by the node's `fold` index: index 0 in place, the
/// others in a vector (made when a second summary comes).
pub(crate) type Folds = InPlace<SummaryFold, 1>;

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

    /// The finished folds as a report keeps them: the first's [`Summary`] in place, the
    /// others' folds in their vector (moved, not copied); `folds` is left empty. A report
    /// without summaries copies nothing here.
    pub(super) fn take_from(folds: &mut Folds) -> Summaries {
        let ([first], rest) = folds.parts_mut();
        Summaries {
            first: first
                .as_mut()
                .map(|fold| core::mem::replace(&mut fold.summary, Summary::new(0, false))),
            rest: core::mem::take(rest),
        }
    }
}
