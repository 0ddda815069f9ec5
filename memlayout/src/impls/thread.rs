//! Threads: `JoinHandle`, `ScopedJoinHandle`, `Thread`, `ThreadId`.
//!
//! A `Thread` shares a private, reference-counted record with its thread (its name, id and
//! parker); a join handle also shares the slot where the thread's result will be stored, and
//! the result may own heap (a panic's payload is a `Box<dyn Any>`). None of it is observable, so
//! they report their contents unreadable: a bound. The thread's stack is mapped by the OS,
//! not allocated on the heap. Dropping a `JoinHandle` detaches its thread.

use std::thread::{JoinHandle, ScopedJoinHandle, Thread, ThreadId};

use super::plain::{plain, private_heap};

plain!(ThreadId);

private_heap! {
    <T> "JoinHandle<T>" JoinHandle<T> => SharesHeap,
        "a thread's record and result slot are private to std", releases "detaches its thread";
    <'scope, T> "ScopedJoinHandle<'scope, T>" ScopedJoinHandle<'scope, T> => SharesHeap,
        "a thread's record and result slot are private to std";
    "Thread" Thread => SharesHeap, "a thread's record is private to std";
}
