//! Child processes: `Child`, its pipe ends, `Command`, `Output`, `ExitStatus`, `ExitCode`.
//!
//! A `Child` is a process handle (a pid, or a Windows handle; no heap) and its three optional
//! pipe ends, which are public fields: each pipe end is a resource its drop closes. `Output` is
//! plain public fields. A `Command` keeps its program, arguments and environment in private std
//! structures (C strings, a pointer array, a map of overrides), so its heap is reported
//! unreadable: a bound.

use std::process::{
    Child, ChildStderr, ChildStdin, ChildStdout, Command, ExitCode, ExitStatus, Output,
};

use super::plain::{plain, private_heap};
use crate::__private::{field, memory_order_of, struct_layout};
use crate::layout::{Kind, Layout, Repr, Storage, TypeLayout};
use crate::visit::Visitor;

plain!(ExitStatus, ExitCode);

private_heap! {
    "Command" Command => OwnsHeap,
        "a Command's program, arguments and environment are private to std";
}

/// A pipe end to or from a child process.
macro_rules! pipe {
    ($($t:ident),* $(,)?) => {$(
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout =
                &TypeLayout::of::<$t>(stringify!($t), Kind::Other).with_storage(Storage::Resource);

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                visitor.resource("closes its pipe");
            }
        }
    )*};
}

pipe!(ChildStdin, ChildStdout, ChildStderr);

/// A `Child`'s fields are listed only in the report: its process handle is a private field, so
/// the public ones cannot account for its size, and the static layout lists none (no padding
/// gaps are claimed).
impl Layout for Child {
    const LAYOUT: &'static TypeLayout =
        &TypeLayout::of::<Child>("Child", Kind::Other).with_storage(Storage::Resource);

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "stdin", &self.stdin);
        visitor.field(1, "stdout", &self.stdout);
        visitor.field(2, "stderr", &self.stderr);
    }
}

impl Layout for Output {
    const LAYOUT: &'static TypeLayout = {
        let fields = &[
            field::<ExitStatus>(
                "status",
                "ExitStatus",
                core::mem::offset_of!(Output, status),
            ),
            field::<Vec<u8>>("stdout", "Vec<u8>", core::mem::offset_of!(Output, stdout)),
            field::<Vec<u8>>("stderr", "Vec<u8>", core::mem::offset_of!(Output, stderr)),
        ];
        &TypeLayout {
            memory_order: &memory_order_of(fields),
            ..struct_layout::<Output>(
                "Output",
                Kind::Struct,
                Repr::RUST,
                fields,
                &[
                    <ExitStatus as Layout>::LAYOUT.padding_bytes,
                    <Vec<u8> as Layout>::LAYOUT.padding_bytes,
                    <Vec<u8> as Layout>::LAYOUT.padding_bytes,
                ],
            )
        }
    };

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        visitor.field(0, "status", &self.status);
        visitor.field(1, "stdout", &self.stdout);
        visitor.field(2, "stderr", &self.stderr);
    }
}
