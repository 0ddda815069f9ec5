//! jemalloc 5 on 64-bit targets with 4 KiB pages (`include/jemalloc/internal/sz.h`).

use super::{four_per_doubling, round_up_pow2, AllocatorModel};

/// The smallest size class (`SC_TINY_MINCLASS` on 64-bit targets).
const TINY: usize = 8;
/// The quantum (`LG_QUANTUM` 4): classes up to 128 bytes are its multiples.
const QUANTUM: usize = 16;
/// The largest small class with 4 KiB pages (`SC_SMALL_MAXCLASS`).
const SMALL_MAX: usize = 14 * 1024;
/// The smallest large class (`SC_LARGE_MINCLASS`).
const LARGE_MIN: usize = 16 * 1024;
/// The page size jemalloc is built with (`LG_PAGE` 12).
const PAGE: usize = 4096;

/// jemalloc 5 (as `tikv-jemallocator` builds it on x86_64 Linux): size classes, no header.
///
/// A request takes the smallest size class that holds it (`sz_s2u`): 8, 16, then multiples of
/// 16 up to 128, then four classes per doubling (160, 192, 224, 256, 320, ...), for small
/// (slab) and large (page-run) classes alike. Regions carry no per-allocation header: the
/// overhead is 0 (slab and extent metadata live apart, per slab or extent, not per allocation).
/// An aligned request rounds up to its alignment first (`sz_sa2u`); requests aligned beyond a
/// page take a large class.
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Jemalloc};
///
/// assert_eq!(Jemalloc.usable_size(1, 1), 8);
/// assert_eq!(Jemalloc.usable_size(129, 8), 160);
/// assert_eq!(Jemalloc.usable_size(100, 64), 128);
/// assert_eq!(Jemalloc.overhead(100, 8), 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Jemalloc;

impl Jemalloc {
    /// The size class of `size` (`sz_s2u`).
    const fn size_class(size: usize) -> usize {
        if size <= TINY {
            TINY
        } else {
            four_per_doubling(size, QUANTUM)
        }
    }
}

impl AllocatorModel for Jemalloc {
    fn name(&self) -> &'static str {
        "jemalloc"
    }

    fn usable_size(&self, size: usize, align: usize) -> usize {
        if size == 0 {
            return 0;
        }
        let align = align.max(1);
        if size <= SMALL_MAX && align <= PAGE {
            let class = Self::size_class(round_up_pow2(size, align));
            if class < LARGE_MIN {
                return class;
            }
        }
        Self::size_class(size.max(LARGE_MIN))
    }

    fn overhead(&self, _size: usize, _align: usize) -> usize {
        0
    }

    fn is_exact(&self, _size: usize, _align: usize) -> bool {
        true
    }
}
