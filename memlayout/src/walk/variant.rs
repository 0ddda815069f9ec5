//! The variant probe: reads an enum value's active variant and its fields' places through one
//! `visit` call, into an [`ActiveVariant`].

use alloc::vec::Vec;
use core::mem::ManuallyDrop;

use crate::layout::{Layout, TypeLayout};
use crate::variant::{ActiveVariant, LiveField};
use crate::visit::{HeapBlock, Visitor};
use crate::walk::target::{through_references, AtRoot};

/// The active variant of an enum value, with each field's offset measured from the live value
/// (the field's address minus the value's), its size and its alignment. `None` when the value
/// is not an enum (its `visit` reports no variant). A reference at the root is looked through,
/// as by [`layout_report`](crate::LayoutReport::layout_report).
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// enum Message { Quit, Move { x: i32, y: i32 }, Write(String) }
///
/// let active = memlayout::variant::of(&Message::Move { x: 1, y: 2 }).unwrap();
/// assert_eq!(active.name, "Move");
/// let names: Vec<_> = active.fields.iter().map(|f| f.name).collect();
/// assert_eq!(names, ["x", "y"]);
///
/// assert!(memlayout::variant::of(&Message::Quit).unwrap().fields.is_empty());
/// assert_eq!(memlayout::variant::of(&7u32), None);
/// ```
pub fn variant_of<T: Layout + ?Sized>(value: &T) -> Option<ActiveVariant> {
    /// Probes the root once references are looked through.
    #[derive(Clone, Copy)]
    struct Probe;
    impl AtRoot for Probe {
        type Output = Option<ActiveVariant>;
        fn call<T: Layout + ?Sized>(self, value: &T) -> Option<ActiveVariant> {
            let mut probe = VariantProbe {
                layout: T::LAYOUT,
                start: value as *const T as *const u8 as usize,
                size: core::mem::size_of_val(value),
                found: None,
            };
            value.visit(&mut probe);
            probe.found
        }
    }
    through_references(value, Probe)
}

/// Records the variant a value's `visit` reports and the fields that follow it.
struct VariantProbe {
    layout: &'static TypeLayout,
    /// Address and size of the value, to measure field offsets.
    start: usize,
    size: usize,
    found: Option<ActiveVariant>,
}

impl VariantProbe {
    fn push(&mut self, field: LiveField) {
        if let Some(found) = &mut self.found {
            found.fields.push(field);
        }
    }

    /// A field of the active variant read at `addr`, with the figures of its type `T`.
    fn field_at<T: Layout + ?Sized>(&mut self, name: &'static str, value: &T, addr: Option<usize>) {
        let offset = addr
            .filter(|&at| at >= self.start && at <= self.start + self.size)
            .map(|at| at - self.start);
        self.push(LiveField {
            name,
            type_name: (T::LAYOUT.type_name)(),
            offset,
            size: core::mem::size_of_val(value),
            align: core::mem::align_of_val(value),
        });
    }
}

impl<'a> Visitor<'a> for VariantProbe {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, name: &'static str, value: &'a T) {
        let addr = value as *const T as *const u8 as usize;
        self.field_at(name, value, Some(addr));
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        // A copy lives elsewhere: its address says nothing about the field's place.
        self.field_at(name, &*copy, None);
    }

    fn measured(&mut self, index: usize, name: &'static str, _heap: HeapBlock) {
        // No address: the figures come from the static layout of the variant's field.
        let Some(found) = &self.found else { return };
        let field = self
            .layout
            .variants
            .get(found.index)
            .and_then(|v| v.fields.get(index))
            .filter(|f| f.name == name);
        if let Some(f) = field {
            self.push(LiveField {
                name,
                type_name: ((f.layout)().type_name)(),
                offset: None,
                size: f.size,
                align: f.align,
            });
        }
    }

    fn variant(&mut self, index: usize, name: &'static str) {
        self.found = Some(ActiveVariant {
            name,
            index,
            fields: Vec::new(),
        });
    }

    /// Only the active variant's own fields are wanted: nothing owned is entered (elements,
    /// entries and boxed contents reach here through the defaults).
    fn value<T: Layout + ?Sized>(&mut self, _: &'a T) {}
}
