//! A list whose first few items are kept in place and the rest in a vector (made when one more
//! comes): what a report keeps a few of (its summaries' figures, its shared handles' details)
//! costs a small report no allocation of its own (issue 16).

use alloc::vec::Vec;
use core::ops::{Index, IndexMut};

/// Items by index: the first `N` in place, the others in a vector.
#[derive(Clone, Debug)]
pub(crate) struct InPlace<T, const N: usize> {
    /// Items `0..N`, filled in order.
    first: [Option<T>; N],
    /// Items from `N` on.
    rest: Vec<T>,
}

impl<T, const N: usize> Default for InPlace<T, N> {
    fn default() -> Self {
        InPlace {
            first: core::array::from_fn(|_| None),
            rest: Vec::new(),
        }
    }
}

impl<T, const N: usize> InPlace<T, N> {
    /// How many items there are (the next one's index).
    pub(crate) fn len(&self) -> usize {
        self.first.iter().take_while(|item| item.is_some()).count() + self.rest.len()
    }

    /// Adds `item` at index [`InPlace::len`], which it returns.
    pub(crate) fn push(&mut self, item: T) -> usize {
        match self.first.iter().position(Option::is_none) {
            Some(i) => {
                self.first[i] = Some(item);
                i
            }
            None => {
                self.rest.push(item);
                N + self.rest.len() - 1
            }
        }
    }

    /// The index of an item equal to `item` among the ones in place and the last one, where
    /// `item` is added when there is none (at [`InPlace::len`]): a list of many equal items
    /// keeps one, found without a search through the others.
    pub(crate) fn push_or_find(&mut self, item: T) -> usize
    where
        T: PartialEq,
    {
        if let Some(i) = self
            .first
            .iter()
            .position(|kept| kept.as_ref() == Some(&item))
        {
            return i;
        }
        if self.rest.last() == Some(&item) {
            return N + self.rest.len() - 1;
        }
        self.push(item)
    }

    /// The item at index `k`, if there is one.
    #[inline]
    pub(crate) fn get(&self, k: usize) -> Option<&T> {
        match self.first.get(k) {
            Some(item) => item.as_ref(),
            None => self.rest.get(k - N),
        }
    }

    /// The item at index `k`, if there is one.
    #[inline]
    pub(crate) fn get_mut(&mut self, k: usize) -> Option<&mut T> {
        match self.first.get_mut(k) {
            Some(item) => item.as_mut(),
            None => self.rest.get_mut(k - N),
        }
    }

    /// Every item, in index order.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.first.iter_mut().flatten().chain(self.rest.iter_mut())
    }

    /// The items in place (`None` past the last) and the others, to take them from where they
    /// lie.
    pub(crate) fn parts_mut(&mut self) -> (&mut [Option<T>; N], &mut Vec<T>) {
        (&mut self.first, &mut self.rest)
    }
}

impl<T, const N: usize> Index<usize> for InPlace<T, N> {
    type Output = T;

    #[inline]
    fn index(&self, k: usize) -> &T {
        self.get(k).expect("an item at the index")
    }
}

impl<T, const N: usize> IndexMut<usize> for InPlace<T, N> {
    #[inline]
    fn index_mut(&mut self, k: usize) -> &mut T {
        self.get_mut(k).expect("an item at the index")
    }
}

#[cfg(test)]
mod tests {
    use super::InPlace;

    /// Pushes `n` items into an `InPlace<_, N>` and reads each back, against a vector.
    fn check<const N: usize>(n: usize) {
        let mut items = InPlace::<String, N>::default();
        for i in 0..n {
            assert_eq!(items.len(), i);
            assert_eq!(items.push(i.to_string()), i);
        }
        assert_eq!(items.len(), n);
        for i in 0..n {
            assert_eq!(items[i], i.to_string());
            items[i].push('!');
            assert_eq!(
                items.get_mut(i).map(|s| s.as_str()),
                Some(&*format!("{i}!"))
            );
        }
        for k in [n, n + 1, N, N + 5, u32::MAX as usize] {
            if k >= n {
                assert!(
                    items.get(k).is_none() && items.get_mut(k).is_none(),
                    "{k} of {n}"
                );
            }
        }
        let all: Vec<String> = items.iter_mut().map(|s| s.clone()).collect();
        let expected: Vec<String> = (0..n).map(|i| format!("{i}!")).collect();
        assert_eq!(all, expected);
        let mut taken = items.clone();
        let (first, rest) = taken.parts_mut();
        assert_eq!(first.iter().flatten().count() + rest.len(), n);
        assert_eq!(rest.len(), n.saturating_sub(N));
    }

    /// Adds `items` with [`InPlace::push_or_find`] to an `InPlace<_, 2>`: each reads back at
    /// the index it got, and `kept` is how many were added.
    fn check_found(items: &[u32], kept: usize) {
        let mut list = InPlace::<u32, 2>::default();
        let at: Vec<usize> = items.iter().map(|&item| list.push_or_find(item)).collect();
        for (item, k) in items.iter().zip(at) {
            assert_eq!(list[k], *item, "{items:?}");
        }
        assert_eq!(list.len(), kept, "{items:?}");
    }

    #[test]
    fn equal_items_in_place_or_last_are_kept_once() {
        check_found(&[], 0);
        check_found(&[7; 9], 1);
        check_found(&[1, 2, 2, 1, 2, 1], 2);
        // Past the ones in place, only the last one is looked at.
        check_found(&[1, 2, 3, 3, 3, 4, 4, 3, 1, 2], 5);
    }

    #[test]
    fn items_in_place_and_past_it_read_back_by_index() {
        for n in 0..6 {
            check::<1>(n);
            check::<2>(n);
            check::<3>(n);
        }
    }
}
