//! I/O adapters and handles: `Cursor`, `Take`, `Chain`, `BufReader`, `BufWriter`, `LineWriter`,
//! the standard streams and their locks, and plain I/O data (`SeekFrom`, `ErrorKind`, `Empty`, `Sink`,
//! `Repeat`).
//!
//! `BufReader` and `BufWriter` allocate their buffer once, exactly `capacity()` bytes (none for
//! a capacity of 0), and free it before dropping the reader or writer they wrap; they never
//! grow it. `LineWriter` wraps a `BufWriter` it does not expose: its buffer's capacity (1024
//! bytes from `LineWriter::new`, any from `with_capacity`) has no public accessor, so the
//! buffer is reported unreadable, a bound. The standard streams refer to process-wide statics
//! that are never freed.

use std::io::{
    BufReader, BufWriter, Chain, Cursor, Empty, ErrorKind, LineWriter, Repeat, SeekFrom, Sink,
    Stderr, StderrLock, Stdin, StdinLock, Stdout, StdoutLock, Take, Write,
};

use super::plain::plain;
use crate::__private::combine_storage;
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

/// Adapters that are their inner value and a position or limit, read with `get_ref`.
macro_rules! inner_adapter {
    ($($name:literal $t:ident),* $(,)?) => {$(
        impl<T: Layout> Layout for $t<T> {
            const LAYOUT: &'static TypeLayout =
                &adapter::<$t<T>, T>($name, false).with_padding(T::LAYOUT.padding_bytes);
            const IS_LEAF: bool = T::IS_LEAF;

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visitor.field(0, "inner", self.get_ref());
            }
        }
    )*};
}

inner_adapter!("Cursor<T>" Cursor, "Take<T>" Take);

/// `Chain<A, B>`: its two readers, first then second.
impl<A: Layout, B: Layout> Layout for Chain<A, B> {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Chain<A, B>>("Chain<A, B>", Kind::Other)
        .with_storage(combine_storage(&[A::LAYOUT.storage, B::LAYOUT.storage]))
        .with_padding(A::LAYOUT.padding_bytes + B::LAYOUT.padding_bytes);
    const IS_LEAF: bool = A::IS_LEAF && B::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let (first, second) = self.get_ref();
        visitor.field(0, "first", first);
        visitor.field(1, "second", second);
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
