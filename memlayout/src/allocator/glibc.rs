//! glibc's malloc on 64-bit targets (ptmalloc2, `malloc/malloc.c`).

use super::{round_up_pow2, AllocatorModel};

/// Bytes of one size field in a chunk header (`SIZE_SZ`).
const SIZE_SZ: usize = 8;
/// Chunk granule (`MALLOC_ALIGNMENT`).
const MALLOC_ALIGNMENT: usize = 16;
/// The smallest chunk (`MINSIZE`).
const MINSIZE: usize = 32;
/// The header of an mmapped chunk (`CHUNK_HDR_SZ`): its `prev_size` and `size` fields.
const CHUNK_HDR_SZ: usize = 2 * SIZE_SZ;

/// glibc's malloc on x86_64 and other 64-bit targets with a 16-byte `MALLOC_ALIGNMENT`.
///
/// A request of `size` bytes takes a chunk of `max(32, round_up(size + 8, 16))` bytes (glibc's
/// `request2size`); its usable size is the chunk less the 8-byte size field, which is the
/// overhead. A chunk of at least `mmap_threshold` bytes is mapped on its own: its length is
/// `round_up(chunk + 8, page_size)`, of which 16 bytes are header.
///
/// Where it is not exact: glibc raises its mmap threshold at run time (up to 32 MiB) when a
/// mapped chunk is freed, unless the program fixed it with `mallopt(M_MMAP_THRESHOLD, ..)`; a
/// large request can also be served from the heap's free top chunk. Over-aligned requests
/// (`align > 16`) may keep a tail shorter than a chunk: their usable size is a lower bound.
///
/// ```
/// use memlayout::allocator::{AllocatorModel, Glibc};
///
/// let glibc = Glibc::DEFAULT;
/// assert_eq!(glibc.usable_size(1, 1), 24);
/// assert_eq!(glibc.usable_size(25, 1), 40);
/// assert_eq!(glibc.reserved(200_000, 8), 200_704); // mapped: 49 pages
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "json", derive(serde::Serialize))]
pub struct Glibc {
    /// Chunks of at least this many bytes are mapped on their own (`M_MMAP_THRESHOLD`).
    pub mmap_threshold: usize,
    /// The system page size (a power of two).
    pub page_size: usize,
}

impl Glibc {
    /// glibc's defaults on x86_64 Linux: a 128 KiB mmap threshold and 4 KiB pages.
    pub const DEFAULT: Glibc = Glibc {
        mmap_threshold: 128 * 1024,
        page_size: 4096,
    };

    /// The chunk size for a request (`request2size`).
    const fn chunk(size: usize) -> usize {
        let chunk = round_up_pow2(size.saturating_add(SIZE_SZ), MALLOC_ALIGNMENT);
        if chunk < MINSIZE {
            MINSIZE
        } else {
            chunk
        }
    }

    /// The length of the mapping for a chunk mapped on its own, or `None` if it is not.
    fn mapped(&self, size: usize) -> Option<usize> {
        let chunk = Self::chunk(size);
        (chunk >= self.mmap_threshold)
            .then(|| round_up_pow2(chunk.saturating_add(SIZE_SZ), self.page_size.max(1)))
    }
}

impl Default for Glibc {
    fn default() -> Self {
        Glibc::DEFAULT
    }
}

impl AllocatorModel for Glibc {
    fn name(&self) -> &'static str {
        "glibc"
    }

    fn usable_size(&self, size: usize, _align: usize) -> usize {
        if size == 0 {
            return 0;
        }
        match self.mapped(size) {
            Some(mapping) => mapping - CHUNK_HDR_SZ,
            None => Self::chunk(size) - SIZE_SZ,
        }
    }

    fn overhead(&self, size: usize, _align: usize) -> usize {
        match (size, self.mapped(size)) {
            (0, _) => 0,
            (_, Some(_)) => CHUNK_HDR_SZ,
            (_, None) => SIZE_SZ,
        }
    }

    fn is_exact(&self, _size: usize, align: usize) -> bool {
        align <= MALLOC_ALIGNMENT
    }
}
