//! Allocator models: what an allocator really holds for a request, as plain arithmetic.
//!
//! Every heap figure memlayout walks is what the program asked for ([`Requested`]). An
//! allocator rounds each request up to a size class and may keep bookkeeping beside it; a model
//! gives, for a request of `size` bytes aligned to `align`, the usable size the allocator hands
//! back and the per-allocation overhead it keeps. Models are chosen explicitly
//! ([`totals_with`](crate::totals_with), [`ReportOptions::allocator`](crate::ReportOptions::allocator)
//! with a [`Model`]); nothing guesses the global allocator.
//!
//! Each model is checked request by request against its real allocator (the
//! `memlayout-allocators` package's tests): glibc's `malloc_usable_size`, jemalloc's
//! `sallocx`, mimalloc's `mi_usable_size`.
//!
//! ```
//! use memlayout::allocator::{AllocatorModel, Glibc, Jemalloc, Mimalloc, Requested};
//!
//! // A 10-byte string buffer.
//! assert_eq!(Requested.reserved(10, 1), 10);
//! assert_eq!(Glibc::DEFAULT.reserved(10, 1), 32); // 24 usable + an 8-byte header
//! assert_eq!(Jemalloc.reserved(10, 1), 16);
//! assert_eq!(Mimalloc.reserved(10, 1), 16);
//! ```

mod glibc;
mod jemalloc;
mod mimalloc;
mod model;

pub use glibc::Glibc;
pub use jemalloc::Jemalloc;
pub use mimalloc::Mimalloc;
pub use model::Model;

/// What an allocator holds for one request: pure arithmetic, defined for every input.
///
/// A request of 0 bytes is no allocation (Rust's allocating types never make one): every model
/// gives 0 for it.
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Glibc};
///
/// let glibc = Glibc::DEFAULT;
/// assert_eq!(glibc.usable_size(100, 8), 104);
/// assert_eq!(glibc.overhead(100, 8), 8);
/// assert_eq!(glibc.reserved(100, 8), 112);
/// assert!(glibc.is_exact(100, 8));
/// ```
pub trait AllocatorModel {
    /// The allocator's name, for reports (`"glibc"`).
    fn name(&self) -> &'static str;

    /// The usable size of the block the allocator returns for `size` bytes aligned to `align`
    /// (what its `malloc_usable_size` reports): at least `size`.
    fn usable_size(&self, size: usize, align: usize) -> usize;

    /// Bytes the allocator keeps for the allocation besides its usable size (a chunk header).
    fn overhead(&self, size: usize, align: usize) -> usize;

    /// Whether [`AllocatorModel::usable_size`] is exact for this request, or a lower bound
    /// (an over-aligned request, where the allocator's choice depends on addresses).
    fn is_exact(&self, size: usize, align: usize) -> bool;

    /// What the allocation holds in all: usable size plus overhead.
    fn reserved(&self, size: usize, align: usize) -> usize {
        self.usable_size(size, align)
            .saturating_add(self.overhead(size, align))
    }
}

/// The bytes requested, nothing more: memlayout's default figure.
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Requested};
///
/// assert_eq!(Requested.reserved(13, 1), 13);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requested;

impl AllocatorModel for Requested {
    fn name(&self) -> &'static str {
        "requested"
    }
    fn usable_size(&self, size: usize, _align: usize) -> usize {
        size
    }
    fn overhead(&self, _size: usize, _align: usize) -> usize {
        0
    }
    fn is_exact(&self, _size: usize, _align: usize) -> bool {
        true
    }
}

/// `n` rounded up to a multiple of `step` (a power of two), saturating at the largest multiple.
const fn round_up_pow2(n: usize, step: usize) -> usize {
    let mask = step - 1;
    match n.checked_add(mask) {
        Some(up) => up & !mask,
        None => usize::MAX & !mask,
    }
}

/// The size classes jemalloc and mimalloc share in shape, four per doubling: `size` rounded up
/// to a multiple of `max(min_step, 2^(lg - 2))` where `2^lg < size <= 2^(lg + 1)`.
const fn four_per_doubling(size: usize, min_step: usize) -> usize {
    if size <= 1 {
        return size;
    }
    // The highest set bit of `size - 1` is `lg`.
    let lg = usize::BITS - 1 - (size - 1).leading_zeros();
    let step = if lg >= 2 { 1usize << (lg - 2) } else { 1 };
    let step = if step < min_step { min_step } else { step };
    round_up_pow2(size, step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_saturates_instead_of_overflowing() {
        assert_eq!(round_up_pow2(usize::MAX, 16), usize::MAX & !15);
        assert_eq!((four_per_doubling(0, 16), four_per_doubling(1, 16)), (0, 1));
        assert_eq!(
            four_per_doubling(usize::MAX, 16),
            usize::MAX & !((1 << 61) - 1)
        );
        for model in [&Glibc::DEFAULT as &dyn AllocatorModel, &Jemalloc, &Mimalloc] {
            for size in [usize::MAX, usize::MAX - 1, usize::MAX / 2 + 1] {
                for align in [1, 16, 4096, 1 << 62] {
                    let usable = model.usable_size(size, align);
                    let _ = (model.overhead(size, align), model.reserved(size, align));
                    assert!(usable > 0, "{} {size} {align}", model.name());
                }
            }
        }
    }

    #[test]
    fn zero_bytes_is_no_allocation() {
        for model in [
            &Glibc::DEFAULT as &dyn AllocatorModel,
            &Jemalloc,
            &Mimalloc,
            &Requested,
        ] {
            assert_eq!(model.reserved(0, 1), 0, "{}", model.name());
        }
    }
}
