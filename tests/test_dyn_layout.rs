//! Trait objects as fields: `dyn Debug` / `dyn Display` from memlayout, user traits through
//! `dyn_layout!`, closures through `#[layout(opaque)]`. Ground truth: the counting allocator
//! and `size_of_val`.

#[path = "common/alloc.rs"]
mod alloc;

use std::fmt::{Debug, Display};
use std::sync::Arc;

use memlayout::{Layout, LayoutReport};

trait Shape {
    fn area(&self) -> u64;
}

struct Rect(u64, u64);

impl Shape for Rect {
    fn area(&self) -> u64 {
        self.0 * self.1
    }
}

memlayout::dyn_layout!(dyn Shape, dyn Shape + Send, dyn Shape + Send + Sync);

#[derive(Layout)]
struct Widgets {
    debug: Box<dyn Debug>,
    display: Box<dyn Display + Send + Sync>,
    shared: Arc<dyn Debug + Send + Sync>,
    shape: Box<dyn Shape + Send>,
    #[layout(opaque)]
    callback: Box<dyn Fn() -> u64>,
}

#[test]
fn trait_object_fields_derive_and_count_their_boxes() {
    let (w, usage) = alloc::measure(|| Widgets {
        debug: Box::new(7u32),
        display: Box::new('x'),
        shared: Arc::new([1u16; 3]),
        shape: Box::new(Rect(2, 3)),
        callback: Box::new(|| 1),
    });
    assert_eq!(w.shape.area() + (w.callback)(), 7);
    let t = memlayout::totals(&w);
    // Four trait objects walked, each unreadable; and the callback, opaque and not walked, whose
    // box may own heap: unreadable too.
    assert_eq!(t.unreadable, 5);
    assert!(!t.is_exact);
    assert_eq!(t.heap_bytes_high, usize::MAX);
    // The contents own no heap, so what is counted is everything but the opaque callback,
    // a zero-sized closure that allocated nothing.
    assert_eq!(t.heap_bytes_low, usage.bytes);
    assert_eq!(
        t.heap_bytes_low,
        core::mem::size_of_val(&*w.debug)
            + core::mem::size_of_val(&*w.display)
            + memlayout::totals(&w.shared).heap_bytes
            + core::mem::size_of_val(&*w.shape)
    );
    let report = w.layout_report();
    assert!(report.find(".shape.*").is_some());
    assert_eq!(<dyn Debug + Send>::LAYOUT.name, "dyn Debug + Send");
    assert_eq!(<dyn Shape>::LAYOUT.name, "dyn Shape");
    assert!(<dyn Display>::LAYOUT.needs_drop && !<dyn Display>::LAYOUT.is_sized);
}
