//! mimalloc 3 on 64-bit targets (`src/page-queue.c`'s `mi_bin`, `src/os.c`).

use super::{four_per_doubling, round_up_pow2, AllocatorModel};

/// A machine word.
const WORD: usize = 8;
/// The largest binned block (`MI_LARGE_MAX_OBJ_SIZE` without large OS pages: 64 KiB).
const LARGE_MAX: usize = 64 * 1024;
/// The OS page size.
const PAGE: usize = 4096;

/// mimalloc 3 (as the `mimalloc` crate builds it by default on x86_64 Linux): bins, no header.
///
/// Blocks up to 64 bytes come in every multiple of 8; larger ones, up to 64 KiB, in four bins
/// per doubling (80, 96, 112, 128, 160, ...; `mi_bin`). A larger request takes a page run of its
/// own, rounded up as `_mi_os_good_alloc_size` does (to 4 KiB below 512 KiB, 64 KiB below 2 MiB,
/// 256 KiB below 8 MiB, 1 MiB below 32 MiB, 4 MiB above). Blocks carry no header: the overhead
/// is 0 (page metadata is per page). Over-aligned requests (`align > 16`) may be served inside
/// a larger block: their usable size is a lower bound.
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Mimalloc};
///
/// assert_eq!(Mimalloc.usable_size(20, 1), 24);
/// assert_eq!(Mimalloc.usable_size(65, 1), 80);
/// assert_eq!(Mimalloc.usable_size(100_000, 8), 102_400);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mimalloc;

impl AllocatorModel for Mimalloc {
    fn name(&self) -> &'static str {
        "mimalloc"
    }

    fn usable_size(&self, size: usize, _align: usize) -> usize {
        match size {
            0 => 0,
            1..=64 => round_up_pow2(size, WORD),
            65..=LARGE_MAX => WORD * four_per_doubling(size.div_ceil(WORD), 1),
            _ => round_up_pow2(size, huge_granule(size)),
        }
    }

    fn overhead(&self, _size: usize, _align: usize) -> usize {
        0
    }

    fn is_exact(&self, _size: usize, align: usize) -> bool {
        align <= 16
    }
}

/// The rounding of a request too large for a bin (`_mi_os_good_alloc_size`).
const fn huge_granule(size: usize) -> usize {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if size < 512 * KIB {
        PAGE
    } else if size < 2 * MIB {
        64 * KIB
    } else if size < 8 * MIB {
        256 * KIB
    } else if size < 32 * MIB {
        MIB
    } else {
        4 * MIB
    }
}
