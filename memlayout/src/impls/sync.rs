//! Synchronisation primitives other than the locks (see `cell`) and their guards (see `guard`):
//! `Condvar`, `Barrier`, `Once`, the `mpsc` channel ends, and task `Waker`s.
//!
//! `Condvar`, `Barrier` and `Once` own no heap where they have no drop glue (where std builds
//! them on futexes, as on Linux, checked in the tests); where std boxes an OS object lazily
//! instead, they have drop glue and are reported unreadable (see `plain`).
//!
//! An `mpsc` channel end shares one private allocation with the other ends (a counter, and a
//! ring buffer for `sync_channel` or linked blocks of slots for `channel`) holding the queued
//! messages. None of it is observable: the channel has no public length, capacity or address,
//! so its ends report their contents unreadable (a lower bound of nothing, no upper bound).
//!
//! The error values that carry a message or a guard back (`SendError`, `TrySendError`,
//! `PoisonError`, `TryLockError`) are walked as what they carry.
//!
//! A `Waker` is a data pointer and the vtable of functions that clone and drop it, supplied by
//! whatever executor made it: what the data owns is unknown, a bound.

use std::sync::mpsc::{
    Receiver, RecvError, RecvTimeoutError, SendError, Sender, SyncSender, TryRecvError,
    TrySendError,
};
use std::sync::{
    Barrier, BarrierWaitResult, Condvar, Once, OnceState, PoisonError, TryLockError,
    WaitTimeoutResult,
};
use std::task::Waker;

use super::option::std_enum;
use super::plain::{plain, private_heap};
use crate::__private::{field, memory_order_of, struct_layout};
use crate::layout::{layout_of, Kind, Layout, Repr, TypeLayout};
use crate::visit::Visitor;

plain!(
    Condvar,
    Barrier,
    BarrierWaitResult,
    WaitTimeoutResult,
    Once,
    OnceState
);
plain!(RecvError, TryRecvError, RecvTimeoutError);

private_heap! {
    <T> "Sender<T>" Sender<T> => SharesHeap,
        "an mpsc channel's buffer and queued messages are private to std";
    <T> "SyncSender<T>" SyncSender<T> => SharesHeap,
        "an mpsc channel's buffer and queued messages are private to std";
    <T> "Receiver<T>" Receiver<T> => SharesHeap,
        "an mpsc channel's buffer and queued messages are private to std";
}

private_heap! {
    "Waker" Waker => Opaque, "a Waker's data belongs to the executor that made it";
}

/// `SendError<T>` is its public field, the message that could not be sent.
impl<T: Layout> Layout for SendError<T> {
    const LAYOUT: &'static TypeLayout = {
        let fields = &[field::<T>("0", "T", core::mem::offset_of!(Self, 0))];
        &TypeLayout {
            memory_order: &memory_order_of(fields),
            ..struct_layout::<Self>(
                "SendError<T>",
                Kind::TupleStruct,
                Repr::RUST,
                fields,
                &[T::LAYOUT.padding_bytes],
            )
        }
    };
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "0", &self.0);
    }
}

/// `PoisonError<T>` carries the guard (or value) whose lock was poisoned, read with `get_ref`.
impl<T: Layout> Layout for PoisonError<T> {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<PoisonError<T>>("PoisonError<T>", Kind::Other)
            .with_storage(T::LAYOUT.storage)
            .with_element(layout_of::<T>)
            .with_padding(T::LAYOUT.padding_bytes);
    const IS_LEAF: bool = T::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "guard", self.get_ref());
    }
}

std_enum!("TrySendError<T>" TrySendError<T> { 0 Full(message: T), 1 Disconnected(message: T) });
std_enum!("TryLockError<T>" TryLockError<T> { 0 Poisoned(error: PoisonError<T>), 1 WouldBlock });
