//! mimalloc 3 on 64-bit targets (`src/page-queue.c`'s `mi_bin`, `src/os.c`) through `mi_malloc`.

use super::{four_per_doubling, round_up_pow2, AllocatorModel};

/// A machine word.
const WORD: usize = 8;
/// The largest binned block (`MI_LARGE_MAX_OBJ_SIZE`: 512 KiB).
const LARGE_MAX: usize = 512 * 1024;
/// The OS page size.
const PAGE: usize = 4096;

/// mimalloc 3 (as the `mimalloc` crate builds it by default on x86_64 Linux): bins, no header.
///
/// Blocks of 8 and 16 bytes, then every multiple of 16 up to 64; larger ones, up to 512 KiB, in
/// four bins per doubling (80, 96, 112, 128, 160, ...; `mi_bin`). A larger request takes a page run of its
/// own, rounded up as `_mi_os_good_alloc_size` does (to 4 KiB below 512 KiB, 64 KiB below 2 MiB,
/// 256 KiB below 8 MiB, 1 MiB below 32 MiB, 4 MiB above). Blocks carry no header: the overhead
/// is 0 (page metadata is per page).
///
/// This is what `mi_malloc` gives. The `mimalloc` crate's global allocator calls
/// `mi_malloc_aligned` for every request, which takes a block from whichever page has a
/// suitably aligned free block, sometimes a larger bin's (an 8 KiB request can get 10 KiB):
/// under it the model's figure is a lower bound, as it is for over-aligned requests
/// (`align > 16`).
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Mimalloc};
///
/// assert_eq!(Mimalloc.usable_size(20, 1), 32);
/// assert_eq!(Mimalloc.usable_size(65, 1), 80);
/// assert_eq!(Mimalloc.usable_size(100_000, 8), 114_688); // 12,500 words in the 14,336-word bin
/// assert_eq!(Mimalloc.usable_size(600_000, 8), 655_360); // its own pages, 64 KiB granules
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
            1..=8 => WORD,
            9..=64 => round_up_pow2(size, 2 * WORD),
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
