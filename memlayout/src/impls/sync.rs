//! Synchronisation primitives other than the locks (see `cell`) and their guards (see `guard`):
//! `Condvar`, `Barrier`, `Once`, the `mpsc` channel ends, and task `Waker`s.
//!
//! `Condvar`, `Barrier` and `Once` own no heap where they have no drop glue (futex-based
//! platforms: Linux, Windows, the BSDs); elsewhere std may box an OS object lazily, and they
//! are reported unreadable (see `plain`).
//!
//! An `mpsc` channel end shares one private allocation with the other ends (a counter, and a
//! ring buffer for `sync_channel` or linked blocks of slots for `channel`) holding the queued
//! messages. None of it is observable: the channel has no public length, capacity or address,
//! so its ends report their contents unreadable (a lower bound of nothing, no upper bound).
//!
//! A `Waker` is a data pointer and the vtable of functions that clone and drop it, supplied by
//! whatever executor made it: what the data owns is unknown, a bound.

use std::sync::mpsc::{Receiver, RecvError, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::sync::{Barrier, BarrierWaitResult, Condvar, Once, OnceState, WaitTimeoutResult};
use std::task::Waker;

use super::plain::{plain, private_heap};

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
