//! I/O adapters and handles: `Cursor`, `BufReader`, `BufWriter`, `LineWriter`, the standard
//! streams and their locks, and plain I/O data (`SeekFrom`, `ErrorKind`, `Empty`, `Sink`,
//! `Repeat`).
//!
//! `BufReader` and `BufWriter` allocate their buffer once, exactly `capacity()` bytes (none for
//! a capacity of 0), and free it before dropping the reader or writer they wrap; they never
//! grow it. `LineWriter` wraps a `BufWriter` it does not expose: its buffer's capacity (1024
//! bytes from `LineWriter::new`, any from `with_capacity`) has no public accessor, so the
//! buffer is reported unreadable, a bound. The standard streams refer to process-wide statics
//! that are never freed.

use std::io::{
    BufReader, BufWriter, Cursor, Empty, ErrorKind, LineWriter, Repeat, SeekFrom, Sink, Stderr,
    StderrLock, Stdin, StdinLock, Stdout, StdoutLock, Write,
};

use super::plain::plain;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Visitor};

plain!(Stdin, Stdout, Stderr, Empty, Sink, Repeat, SeekFrom, ErrorKind);

/// A standard stream's lock borrows the process-wide stream, a static never freed and not shown;
/// dropping it unlocks the stream and frees nothing.
macro_rules! stream_lock {
    ($($name:literal $t:ident),* $(,)?) => {$(
        impl<'l> Layout for $t<'l> {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$t<'l>>($name, Kind::Other).with_storage(Storage::Borrows);
            const IS_LEAF: bool = true;
        }
    )*};
}

stream_lock!("StdinLock<'a>" StdinLock, "StdoutLock<'a>" StdoutLock, "StderrLock<'a>" StderrLock);

/// A wrapper around an inner value of type `I`: its element, and its storage unless the wrapper
/// owns heap of its own.
const fn adapter<W, I: Layout>(name: &'static str, owns_heap: bool) -> TypeLayout {
    TypeLayout::of::<W>(name, Kind::Other)
        .with_storage(if owns_heap {
            Storage::OwnsHeap
        } else {
            I::LAYOUT.storage
        })
        .with_element(layout_of::<I>)
}

/// `Cursor<T>` is its inner value and a position.
impl<T: Layout> Layout for Cursor<T> {
    const LAYOUT: &'static TypeLayout =
        &adapter::<Cursor<T>, T>("Cursor<T>", false).with_padding(T::LAYOUT.padding_bytes);
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "inner", self.get_ref());
    }
}

/// A buffer of `capacity` bytes holding `buffered`, reported as a box the owner frees before
/// its inner reader or writer drops (`shrink_to_fit` does not exist: nothing is reclaimable).
fn visit_buffer<'a, V: Visitor<'a>>(capacity: usize, buffered: &'a [u8], visitor: &mut V) {
    let block = HeapBlock::exact(capacity, 1, buffered.len()).with_reclaimable(0);
    visitor.boxed(None, buffered, block);
}

/// `BufReader<R>`: its buffer (the bytes read but not yet consumed in use), then `R`.
impl<R: Layout> Layout for BufReader<R> {
    const LAYOUT: &'static TypeLayout = &adapter::<BufReader<R>, R>("BufReader<R>", true);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visit_buffer(self.capacity(), self.buffer(), visitor);
        visitor.field(0, "inner", self.get_ref());
    }
}

/// `BufWriter<W>`: its buffer (the bytes written but not yet flushed in use), then `W`. Its
/// `Drop` flushes the buffer into `W`.
impl<W: Layout + Write> Layout for BufWriter<W> {
    const LAYOUT: &'static TypeLayout = &adapter::<BufWriter<W>, W>("BufWriter<W>", true);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visit_buffer(self.capacity(), self.buffer(), visitor);
        visitor.field(0, "inner", self.get_ref());
    }

    fn has_drop_impl() -> bool {
        true
    }
}

/// `LineWriter<W>`: a hidden `BufWriter<W>`, whose buffer is a bound (see the module docs),
/// then `W`. The hidden `BufWriter`'s `Drop` flushes the buffer into `W`.
impl<W: Layout + Write> Layout for LineWriter<W> {
    const LAYOUT: &'static TypeLayout = &adapter::<LineWriter<W>, W>("LineWriter<W>", true);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.unreadable("a LineWriter does not expose its buffer's capacity");
        visitor.field(0, "inner", self.get_ref());
    }
}
