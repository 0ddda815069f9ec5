//! `bytes::Bytes` and `BytesMut`: bounds, because the crate keeps private what decides the
//! figure.
//!
//! A `Bytes` is a view (`ptr`, `len`) plus a private vtable that says what backs it (bytes'
//! `src/bytes.rs`): static memory (`from_static`, `new`: owns nothing), a *promotable* buffer
//! (from a `Vec` or `Box<[u8]>` whose length was its capacity: the whole original buffer, which
//! `advance` and `truncate` may have hidden part of), a *shared* buffer (a 24-byte `Shared`
//! header with the original capacity and a count, plus the buffer, shared by clones and slices),
//! a frozen `BytesMut`'s buffer, or an owner (`from_owner`). None of these forms, sizes or
//! counts is public; `is_unique()` (since 1.6.1) only tells that no other handle shares the
//! buffer, and it is false for static memory too. So:
//!
//! - a unique `Bytes` owns a buffer of at least `len()` bytes: bounds `len()..`, no upper end;
//! - any other `Bytes` (static, shared with other handles, or an owner) reports `0..`, no upper
//!   end: neither ownership nor size can be told apart by public means.
//!
//! A `BytesMut` owns (or shares with handles split from it) a buffer in which `capacity()`
//! bytes from its pointer on are its own; bytes before it (after `advance`) and the shared
//! header are hidden: bounds `capacity()..`, no upper end. Handles split from one buffer own
//! disjoint ranges, so their low bounds add up without counting a byte twice.
//!
//! Exact figures would need to read the private vtable pointer and `Shared` header, whose
//! layout (default repr) the crate does not promise; memlayout does not.

use bytes::{Bytes, BytesMut};

use super::unbounded;
use crate::impls::debug_key_to;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

impl Layout for Bytes {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Bytes>("Bytes", Kind::Collection)
        .with_storage(Storage::SharesHeap)
        .with_element(layout_of::<u8>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let owned = if self.is_unique() { self.len() } else { 0 };
        visitor.heap(unbounded(owned, owned, usize::from(owned > 0)));
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        debug_key_to(self, out)
    }
}

impl Layout for BytesMut {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<BytesMut>("BytesMut", Kind::Collection)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<u8>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let capacity = self.capacity();
        visitor.heap(unbounded(capacity, self.len(), usize::from(capacity > 0)));
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        debug_key_to(self, out)
    }
}
