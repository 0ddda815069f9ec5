//! `smol_str::SmolStr`: 24 bytes holding a string inline (up to 23 bytes), a `&'static str`
//! (owning nothing), or an `Arc<str>` shared by clones and counted once per walk, like an `Arc`.
//!
//! From smol_str's `Repr` (`Inline`, `Static`, `Heap(Arc<str>)`): `is_heap_allocated()` is true
//! only for the `Arc`. The `Arc`'s counts are read through public means alone: a clone of the
//! handle (a count increment, no allocation) turned into its `Arc<str>` (`From<SmolStr> for
//! Arc<str>` hands over the same `Arc`), then dropped again.

use core::alloc::Layout as AllocLayout;
use std::sync::Arc;

use smol_str::SmolStr;

use crate::impls::keys::str_key_to;
use crate::impls::rc::counted_block;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{Shared, Visitor};

impl Layout for SmolStr {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<SmolStr>("SmolStr", Kind::Other)
        .with_storage(Storage::SharesHeap)
        .with_element(layout_of::<str>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        if !self.is_heap_allocated() {
            return;
        }
        let text: &'a str = self.as_str();
        let arc: Arc<str> = Arc::from(self.clone());
        // Less the clone this walk made.
        let (strong, weak) = (Arc::strong_count(&arc) - 1, Arc::weak_count(&arc));
        drop(arc);
        visitor.shared(Shared {
            address: text.as_ptr() as usize,
            block: counted_block(AllocLayout::for_value(text), 0),
            strong,
            weak,
            contents: Some(text),
            is_weak: false,
            is_atomic: true,
        });
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        str_key_to(self.as_str(), out)
    }
}
