//! Trait objects behind borrows and boxes with a lifetime other than `'static`, as users write
//! them: `&'a dyn Logger` (a trait of their own, through `dyn_layout!`), `&'a dyn Debug`,
//! `Box<dyn Error + 'a>`, `Box<dyn Display + Send + 'a>`. `dyn Trait` behind `&'a` is
//! `dyn Trait + 'a`, so an impl for `dyn Trait + 'static` alone does not derive. Ground truth:
//! `offset_of!`, `size_of`, and the counting allocator.
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;

use std::error::Error;
use std::fmt::{self, Debug, Display};
use std::mem::{offset_of, size_of};

use memlayout::{Layout, LayoutReport};

trait Logger {
    fn log(&self, line: &str) -> usize;
}
memlayout::dyn_layout!(dyn Logger, dyn Logger + Send, dyn Logger + Send + Sync);

struct Counter {
    lines: Vec<String>,
}

impl Logger for Counter {
    fn log(&self, line: &str) -> usize {
        self.lines.len() + line.len()
    }
}

#[derive(Debug)]
struct Failure<'a>(&'a str);

impl Display for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Error for Failure<'_> {}

#[derive(Layout)]
struct Context<'a> {
    name: String,
    logger: &'a dyn Logger,
    shared_logger: &'a (dyn Logger + Send + Sync),
    debug: &'a dyn Debug,
    error: Box<dyn Error + 'a>,
    message: Option<Box<dyn Display + Send + 'a>>,
}

#[test]
fn borrowed_trait_objects_derive() {
    type C = Context<'static>;
    assert_eq!(C::LAYOUT.size, size_of::<C>());
    let got: Vec<_> = C::LAYOUT
        .fields
        .iter()
        .map(|f| (f.name, f.offset))
        .collect();
    assert_eq!(
        got,
        [
            ("name", offset_of!(C, name)),
            ("logger", offset_of!(C, logger)),
            ("shared_logger", offset_of!(C, shared_logger)),
            ("debug", offset_of!(C, debug)),
            ("error", offset_of!(C, error)),
            ("message", offset_of!(C, message)),
        ]
    );
}

#[test]
fn borrowed_trait_objects_are_not_counted_and_boxed_ones_are_lower_bounds() {
    let counter = Counter {
        lines: vec!["a".into()],
    };
    let text = String::from("short-lived");
    let number = 7u32;
    let (context, usage) = alloc::measure(|| Context {
        name: String::with_capacity(8),
        logger: &counter,
        shared_logger: &Counter2,
        debug: &number,
        error: Box::new(Failure(&text)),
        message: Some(Box::new(Failure2)),
    });
    assert_eq!(context.logger.log("xy"), 3);
    assert_eq!(context.shared_logger.log("x"), 1);
    assert_eq!(context.error.to_string(), "short-lived");
    let totals = memlayout::totals(&context);
    // The boxes are counted; what is inside them is not read, so the total is a lower bound.
    assert!(!totals.is_exact);
    assert_eq!(totals.heap_bytes_high, usize::MAX);
    assert_eq!(totals.heap_bytes_low, usage.bytes);
    assert_eq!(totals.allocations, usage.allocations);
    assert_eq!(context.layout_report().totals().heap_bytes_low, usage.bytes);
}

struct Counter2;

impl Logger for Counter2 {
    fn log(&self, line: &str) -> usize {
        line.len()
    }
}

struct Failure2;

impl Display for Failure2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failure")
    }
}
