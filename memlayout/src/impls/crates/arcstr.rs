//! `arcstr::ArcStr` and `Substr`: one pointer to a block holding a length word, a count word,
//! then the bytes (arcstr's `ThinInner`, `#[repr(C, align(8))]`), allocated with exactly
//! `2 * size_of::<usize>() + len` bytes aligned to 8 and shared by clones: counted once per walk,
//! like an `Arc`. Literals (`arcstr::literal!`, the empty string) and leaked strings
//! (`ArcStr::leak`) are static: `strong_count` is `None` and they own nothing. A `Substr` is a
//! range of an `ArcStr`: it shares the whole parent block.

use arcstr::{ArcStr, Substr};

use crate::impls::keys::str_key_to;
use crate::layout::{layout_of, Kind, Layout, Storage, TypeLayout};
use crate::visit::{HeapBlock, Shared, Visitor};

/// Reports the block `parent` points at, if it is not static.
fn visit_parent<'a, V: Visitor<'a>>(parent: &'a ArcStr, visitor: &mut V) {
    let Some(strong) = ArcStr::strong_count(parent) else {
        return;
    };
    let text: &'a str = parent.as_str();
    let bytes = 2 * core::mem::size_of::<usize>() + text.len();
    visitor.shared(Shared {
        address: text.as_ptr() as usize,
        block: HeapBlock::exact(bytes, 8, bytes),
        strong,
        weak: 0,
        contents: Some(text),
        is_weak: false,
        is_atomic: true,
    });
}

/// The shared string types: their `LAYOUT`, and a `visit` reporting the parent's block.
macro_rules! shared_str {
    ($($name:literal $t:ident: |$s:ident| $parent:expr;)*) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>($name, Kind::Pointer)
                .with_storage(Storage::SharesHeap)
                .with_element(layout_of::<str>);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                let $s = self;
                visit_parent($parent, visitor);
            }

            fn write_key_to(&self, out: &mut dyn core::fmt::Write) -> Option<bool> {
                str_key_to(self.as_str(), out)
            }
        }
    )*};
}

shared_str! {
    "ArcStr" ArcStr: |s| s;
    "Substr" Substr: |s| s.parent();
}
