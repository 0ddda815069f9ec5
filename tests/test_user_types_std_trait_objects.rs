//! Trait objects of std's traits, which users cannot implement `Layout` for themselves (the
//! orphan rule), with the auto-trait combinations users write: `dyn Any + Sync`,
//! `dyn Error + Sync`, `dyn Debug + Send + Unpin`, `Pin<Box<dyn Future<Output = T> + Send>>`,
//! `Box<dyn Iterator<Item = T> + 'a>`, `Box<dyn io::Write + Send>`, `Arc<dyn Fn() + Sync>`.
//! Before, every combination but alone, `+ Send` and `+ Send + Sync` failed to derive, and
//! futures, iterators, readers and writers had no impl at all. Ground truth: `offset_of!`,
//! `size_of`, and the counting allocator (the boxes are counted exactly, their contents are
//! unreadable: the totals are lower bounds with no upper bound).
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;
#[macro_use]
#[path = "common/offsets.rs"]
mod offsets;

use std::any::Any;
use std::error::Error;
use std::fmt::{self, Debug, Display};
use std::future::Future;
use std::io::{Read, Write};
use std::mem::{align_of, size_of, size_of_val};
use std::pin::Pin;
use std::sync::Arc;

use memlayout::{Layout, LayoutReport};

#[derive(Layout)]
struct Objects<'a> {
    any_sync: Box<dyn Any + Sync>,
    any_unpin: Box<dyn Any + Send + Unpin>,
    any_all: Arc<dyn Any + Send + Sync + Unpin + 'static>,
    error_sync: Box<dyn Error + Sync + 'a>,
    debug_sync_send: &'a (dyn Debug + Sync + Send),
    display_unpin: Box<dyn Display + Unpin>,
    future: Pin<Box<dyn Future<Output = u32> + Send + 'a>>,
    local_future: Option<Pin<Box<dyn Future<Output = ()>>>>,
    numbers: Box<dyn Iterator<Item = u64> + 'a>,
    reader: Box<dyn Read + Send>,
    writer: Box<dyn Write + Send + Sync>,
    on_tick: Arc<dyn Fn() + Sync>,
    map: Box<dyn FnMut(u8) -> u16 + Send + Sync>,
}

#[derive(Debug)]
struct Oops(Vec<u8>);

impl Display for Oops {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "oops {}", self.0.len())
    }
}

impl Error for Oops {}

#[test]
fn std_trait_objects_with_any_auto_traits_derive() {
    assert_offsets!(Objects<'static>;
        any_sync, any_unpin, any_all, error_sync, debug_sync_send, display_unpin, future,
        local_future, numbers, reader, writer, on_tick, map,
    );
    assert_eq!(<dyn Any + Sync>::LAYOUT.name, "dyn Any + Sync");
    assert_eq!(
        <dyn Debug + Send + Unpin>::LAYOUT.name,
        "dyn Debug + Send + Unpin"
    );
    assert_eq!(<dyn Write + Send>::LAYOUT.name, "dyn std::io::Write + Send");
    assert_eq!(
        <dyn Future<Output = u8> + Send>::LAYOUT.name,
        "dyn Future<Output = T> + Send"
    );
    assert_eq!(<dyn Fn() + Sync>::LAYOUT.name, "dyn Fn() -> R + Sync");
}

fn objects<'a>(
    vec_len: usize,
    scratch: &'a [u8],
    shared: &'a (dyn Debug + Sync + Send),
) -> Objects<'a> {
    let owned = vec![0u8; vec_len];
    Objects {
        any_sync: Box::new(vec_len as u64),
        any_unpin: Box::new(String::with_capacity(vec_len)),
        any_all: Arc::new([0u8; 3]),
        error_sync: Box::new(Oops(scratch.to_vec())),
        debug_sync_send: shared,
        display_unpin: Box::new(7u16),
        future: Box::pin(async move { owned.len() as u32 }),
        local_future: (vec_len & 1 == 0)
            .then(|| Box::pin(async {}) as Pin<Box<dyn Future<Output = ()>>>),
        numbers: Box::new(scratch.iter().map(|&b| u64::from(b))),
        reader: Box::new(std::io::Cursor::new(vec![1u8; vec_len])),
        writer: Box::new(Vec::<u8>::with_capacity(vec_len)),
        on_tick: Arc::new(|| {}),
        map: Box::new(move |x| u16::from(x) + vec_len as u16),
    }
}

#[test]
fn the_boxes_are_counted_and_their_contents_are_unknown() {
    let shared = 5u32;
    for (vec_len, scratch_len) in [(0, 0), (1, 3), (16, 0), (100, 40)] {
        let scratch = vec![1u8; scratch_len];
        let (mut o, usage) = alloc::measure(|| objects(vec_len, &scratch, &shared));
        assert_eq!(o.numbers.by_ref().count(), scratch_len);
        assert_eq!((o.map)(1), 1 + vec_len as u16);
        let totals = memlayout::totals(&o);
        assert!(!totals.is_exact);
        assert_eq!(totals.heap_bytes_high, usize::MAX);
        // Each box (or `Arc` block) is counted once, its contents are not read: the low bound
        // is the blocks' sizes, less than the allocator's figure when a content owns heap.
        let boxes = [
            size_of_val(&*o.any_sync),
            size_of_val(&*o.any_unpin),
            size_of_val(&*o.error_sync),
            size_of_val(&*o.display_unpin),
            size_of_val(&*o.future),
            o.local_future.as_ref().map_or(0, |f| size_of_val(&**f)),
            size_of_val(&*o.numbers),
            size_of_val(&*o.reader),
            size_of_val(&*o.writer),
            size_of_val(&*o.map),
        ];
        // `Arc<[u8; 3]>` and `Arc<closure>`: two counts before the value, padded to their alignment.
        let arcs = (2 * size_of::<usize>() + 3).next_multiple_of(align_of::<usize>())
            + 2 * size_of::<usize>();
        let counted: usize = boxes.iter().sum::<usize>() + arcs;
        assert_eq!(totals.heap_bytes_low, counted, "{vec_len} {scratch_len}");
        assert!(counted <= usage.bytes);
        let contents_heap = vec_len /* future's vec */ + vec_len /* string */
            + scratch_len /* Oops */ + vec_len /* cursor */ + vec_len /* writer */;
        assert_eq!(
            counted + contents_heap,
            usage.bytes,
            "{vec_len} {scratch_len}"
        );
        assert_eq!(o.layout_report().totals().heap_bytes_low, counted);
    }
}
