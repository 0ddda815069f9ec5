//! `url::Url`: its serialization `String` and plain integers marking where each component
//! starts. The string's capacity is not exposed: `Url::parse` starts it at the input's length
//! (which may exceed the result: whitespace and tabs are stripped) and setters grow it, while a
//! clone's is exactly `len()`. The figure is therefore bounds: at least `len()` bytes in one
//! allocation (a serialization is never empty), no upper end.

use url::Url;

use super::unbounded;
use crate::impls::keys::str_key_to;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

impl Layout for Url {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Url>("Url", Kind::Other)
        .with_storage(Storage::OwnsHeap)
        .with_element(layout_of::<u8>);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        let len = self.as_str().len();
        visitor.heap(unbounded(len, len, usize::from(len > 0)));
    }

    fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
        str_key_to(self.as_str(), out)
    }
}
