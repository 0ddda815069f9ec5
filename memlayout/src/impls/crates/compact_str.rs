//! `compact_str::CompactString`: the size of a `String` (24 bytes on 64-bit targets), holding up
//! to that many bytes inline; longer strings live in a heap buffer of `capacity()` bytes, and
//! `const_new` strings point at static memory and own nothing. `is_heap_allocated()` tells the
//! forms apart.
//!
//! From compact_str's `repr/heap.rs` and `repr/capacity.rs`: the buffer is
//! `Layout::array::<u8>(capacity)`, the capacity kept in the inline bytes. On 32-bit targets a
//! capacity past `2^24 - 2` does not fit there and is stored on the heap before the bytes: a
//! `usize` header, the block aligned to `usize` and padded to a multiple of it (this case is
//! modelled from the source, not tested: the tests run on 64-bit targets).
//!
//! Before 0.9.1, `shrink_to_fit` to fewer than 32 bytes stored a smaller capacity than it
//! allocated (a compact_str bug), so the range starts there.

use compact_str::CompactString;

use crate::impls::keys::str_key_to;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Visitor};

/// The largest capacity compact_str keeps inline: every byte of a `usize` but the last (its
/// discriminant), all ones, less one.
const LARGEST_INLINE_CAPACITY: usize = (usize::MAX >> 8) - 1;

/// The smallest buffer compact_str allocates (its `repr/heap.rs`): the inline size (a
/// `String`'s, which is a `CompactString`'s) plus a word.
const MIN_HEAP_SIZE: usize = core::mem::size_of::<CompactString>() + core::mem::size_of::<usize>();

/// The bytes and alignment of a heap buffer of `capacity` bytes:
/// `Layout::new::<usize>().extend(array::<u8>(capacity)).pad_to_align()` when the capacity is
/// kept on the heap, else the bytes alone.
fn buffer_of(capacity: usize) -> (usize, usize) {
    if capacity > LARGEST_INLINE_CAPACITY {
        let word = core::mem::size_of::<usize>();
        ((word + capacity).next_multiple_of(word), word)
    } else {
        (capacity, 1)
    }
}

impl Layout for CompactString {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<CompactString>("CompactString", Kind::Collection)
            .with_storage(Storage::OwnsHeap)
            .with_element(layout_of::<u8>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        if !self.is_heap_allocated() {
            return;
        }
        let (bytes, align) = buffer_of(self.capacity());
        // `shrink_to_fit` (compact_str's `Repr::shrink_to`) moves a string that fits inline back
        // there, freeing the buffer; a longer one keeps `max(len, MIN_HEAP_SIZE)` bytes.
        let len = self.len();
        let kept = if len <= core::mem::size_of::<CompactString>() {
            0
        } else {
            buffer_of(len.max(MIN_HEAP_SIZE)).0.min(bytes)
        };
        let block = HeapBlock::exact(bytes, align, len).with_reclaimable(bytes - kept);
        visitor.heap(block);
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        str_key_to(self.as_str(), out)
    }
}
