//! Prototype: a chain of links that each own a `String` (`report_cost named:N
//! proto_named_lanes R`), folded as the report's chain summary folds them, but a block of 64
//! links at a time: the links' `(capacity, length)` taken into two arrays along the chain, then
//! folded four to an AVX2 register (the design `walk/report/entry_fold.rs` uses for map
//! entries). Its figures are the summary's sums and extremes of the names' buffers; the next
//! links' boxes, all alike, are counted from the link count. Checked against the report by
//! `report_cost named:N proto_named_check 1`.

use super::super::chains::NamedLink;

/// Links a block.
const BLOCK: usize = 64;

/// The names' figures over a chain: sums, least and greatest, links, and links of no bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameFigures {
    pub links: usize,
    pub heap_bytes: usize,
    pub used: usize,
    pub min: [usize; 3],
    pub max: [usize; 3],
    /// Whether some name was an allocation holding nothing (the report's exact path).
    pub irregular: bool,
}

/// The scalar reference: every link's name folded one by one.
pub fn scalar(head: Option<&NamedLink>) -> NameFigures {
    let mut f = NameFigures {
        min: [usize::MAX; 3],
        ..NameFigures::default()
    };
    let mut next = head;
    while let Some(link) = next {
        let (bytes, used) = (link.name.capacity(), link.name.len());
        f.links += 1;
        f.heap_bytes += bytes;
        f.used += used;
        f.irregular |= used == 0 && bytes > 0;
        for (i, x) in [bytes, used, bytes - used].into_iter().enumerate() {
            f.min[i] = f.min[i].min(x);
            f.max[i] = f.max[i].max(x);
        }
        next = link.next.as_deref();
    }
    f
}

/// The block design, where the CPU has AVX2 (`None` elsewhere).
pub fn lanes(head: Option<&NamedLink>) -> Option<NameFigures> {
    if !std::is_x86_feature_detected!("avx2") {
        return None;
    }
    // SAFETY: AVX2, just checked.
    Some(unsafe { x86::lanes(head) })
}

mod x86 {
    use super::{NameFigures, NamedLink, BLOCK};
    use core::arch::x86_64::*;

    #[inline(always)]
    unsafe fn min(a: __m256i, b: __m256i) -> __m256i {
        _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(a, b))
    }

    #[inline(always)]
    unsafe fn max(a: __m256i, b: __m256i) -> __m256i {
        _mm256_blendv_epi8(a, b, _mm256_cmpgt_epi64(b, a))
    }

    fn lanes_of(v: __m256i) -> [i64; 4] {
        // SAFETY: 32 bytes as four `i64`s, any bits valid.
        unsafe { core::mem::transmute::<__m256i, [i64; 4]>(v) }
    }

    /// # Safety
    ///
    /// AVX2.
    #[target_feature(enable = "avx2")]
    #[inline(never)]
    pub unsafe fn lanes(head: Option<&NamedLink>) -> NameFigures {
        let zero = _mm256_setzero_si256();
        let top = _mm256_set1_epi64x(i64::MAX);
        let (mut heap, mut used) = (zero, zero);
        let mut least = [top; 3];
        let mut greatest = [zero; 3];
        let mut empty = zero;
        let mut caps = [0usize; BLOCK];
        let mut lens = [0usize; BLOCK];
        let mut f = NameFigures::default();
        let mut scalar_tail = NameFigures {
            min: [usize::MAX; 3],
            ..NameFigures::default()
        };
        let mut next = head;
        loop {
            // Take up to a block of links along the chain.
            let mut n = 0;
            while n < BLOCK {
                let Some(link) = next else { break };
                caps[n] = link.name.capacity();
                lens[n] = link.name.len();
                next = link.next.as_deref();
                n += 1;
            }
            f.links += n;
            if n < BLOCK {
                for i in 0..n {
                    let (bytes, u) = (caps[i], lens[i]);
                    scalar_tail.heap_bytes += bytes;
                    scalar_tail.used += u;
                    scalar_tail.irregular |= u == 0 && bytes > 0;
                    for (k, x) in [bytes, u, bytes - u].into_iter().enumerate() {
                        scalar_tail.min[k] = scalar_tail.min[k].min(x);
                        scalar_tail.max[k] = scalar_tail.max[k].max(x);
                    }
                }
                break;
            }
            for i in (0..BLOCK).step_by(4) {
                let b = _mm256_loadu_si256(caps[i..i + 4].as_ptr().cast());
                let u = _mm256_loadu_si256(lens[i..i + 4].as_ptr().cast());
                let none = _mm256_cmpeq_epi64(b, zero);
                empty = _mm256_or_si256(
                    empty,
                    _mm256_andnot_si256(none, _mm256_cmpeq_epi64(u, zero)),
                );
                let unused = _mm256_sub_epi64(b, u);
                heap = _mm256_add_epi64(heap, b);
                used = _mm256_add_epi64(used, u);
                for (k, x) in [b, u, unused].into_iter().enumerate() {
                    least[k] = min(least[k], x);
                    greatest[k] = max(greatest[k], x);
                }
            }
            if next.is_none() {
                break;
            }
        }
        let sum = |v| lanes_of(v).into_iter().map(|x| x as usize).sum::<usize>();
        f.heap_bytes = sum(heap) + scalar_tail.heap_bytes;
        f.used = sum(used) + scalar_tail.used;
        f.irregular = _mm256_testz_si256(empty, empty) == 0 || scalar_tail.irregular;
        for k in 0..3 {
            let lo = lanes_of(least[k]).into_iter().min().unwrap() as usize;
            let hi = lanes_of(greatest[k]).into_iter().max().unwrap() as usize;
            f.min[k] = lo.min(scalar_tail.min[k]);
            f.max[k] = hi.max(scalar_tail.max[k]);
        }
        f
    }
}
