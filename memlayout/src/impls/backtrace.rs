//! `Backtrace`: a disabled or unsupported backtrace owns nothing; a captured one owns its frames
//! (and, once resolved, their symbol names) in private std structures, reported unreadable: a
//! bound. Which of the two a value is comes from `Backtrace::status`.

use std::backtrace::{Backtrace, BacktraceStatus};

use crate::layout::{Kind, Layout, Storage, TypeLayout};
use crate::visit::Visitor;

impl Layout for Backtrace {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Backtrace>("Backtrace", Kind::Other).with_storage(Storage::OwnsHeap);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        if let BacktraceStatus::Captured = self.status() {
            visitor.unreadable("a captured backtrace's frames are private to std");
        }
    }
}
