//! Drop logging, shared by the `test_drop_order*` files: `Noisy` logs its label (the path where
//! a test put it) when dropped; `check` predicts a value's `Drop::drop` calls with
//! `drop_order()`, really drops it, and compares. Include it with
//! `#[path = "common/drop_log.rs"] mod drop_log;`.
#![allow(dead_code)]

use std::cell::RefCell;
use std::sync::Mutex;

use memlayout::{DropAction, DropOrderExt, Kind, Layout, TypeLayout};

thread_local! {
    /// What the loggers on this thread logged, in drop order.
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

pub fn log(label: String) {
    LOG.with(|log| log.borrow_mut().push(label));
}

/// Runs `f` and returns what was logged meanwhile.
pub fn observe(f: impl FnOnce()) -> Vec<String> {
    LOG.with(|log| log.borrow_mut().clear());
    f();
    LOG.with(|log| log.take())
}

/// The paths of the predicted `Drop::drop` calls, in order.
pub fn predicted<T: Layout + ?Sized>(value: &T) -> Vec<String> {
    value
        .drop_order()
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect()
}

/// Predicts, drops, compares step by step; returns the observed log.
#[track_caller]
pub fn check<T: Layout>(value: T) -> Vec<String> {
    let predicted = predicted(&value);
    let observed = observe(move || drop(value));
    assert_eq!(
        predicted, observed,
        "predicted drop order (left) differs from the real one"
    );
    observed
}

/// A drop logger: logs its label (the path where the test put it) when dropped.
pub struct Noisy {
    /// A `Mutex` (not a `RefCell`) so loggers can sit in an `Arc`.
    label: Mutex<String>,
}

impl Noisy {
    pub fn new(label: impl Into<String>) -> Self {
        Noisy {
            label: Mutex::new(label.into()),
        }
    }

    /// Sets the label once the logger's place is known (its index in a heap's buffer).
    pub fn relabel(&self, label: impl Into<String>) {
        if let Ok(mut old) = self.label.lock() {
            *old = label.into();
        }
    }
}

impl Drop for Noisy {
    fn drop(&mut self) {
        let label = self.label.get_mut().map(std::mem::take).unwrap_or_default();
        log(label);
    }
}

/// The label is test bookkeeping, not walked: the logger's only step is its `Drop::drop`.
impl Layout for Noisy {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Noisy>("Noisy", Kind::Other);
    fn has_drop_impl() -> bool {
        true
    }
}
