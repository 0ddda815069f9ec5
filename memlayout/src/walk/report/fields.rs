//! Where a struct's or variant's field goes: its node's offset and path segment, from the
//! static layout when it lists the field, from the live value's addresses otherwise.

use super::{same_name, Sink, Walker};
use crate::layout::{Field, TypeLayout, VariantField};
use crate::report::{NodeKind, Segment};

impl Walker<'_> {
    /// The offset of a field within the current value: from the static layout for struct
    /// fields, measured from the live value's addresses for enum variant fields.
    fn field_offset(&self, index: usize, name: &str, addr: Option<usize>) -> Option<usize> {
        if let Some(field) = self.static_field(index, name) {
            return Some(field.offset);
        }
        let addr = addr?;
        let start = self.ctx.addr;
        (addr >= start && addr <= start + self.ctx.size).then(|| addr - start)
    }

    /// Field `index` of the current struct, when its static layout lists it as `name`.
    pub(super) fn static_field(&self, index: usize, name: &str) -> Option<&'static Field> {
        let layout = self.ctx.layout;
        match self.ctx.variant {
            None => layout.fields.get(index).filter(|f| same_name(f.name, name)),
            Some(_) => None,
        }
    }

    /// Field `index` of the current enum's active variant, when its static layout lists it as
    /// `name`.
    pub(super) fn variant_field(&self, index: usize, name: &str) -> Option<&'static VariantField> {
        let variant = self.ctx.layout.variant(self.ctx.variant?)?;
        variant
            .fields
            .get(index)
            .filter(|f| same_name(f.name, name))
    }

    /// The node of field `index` (`name`) of the current value; `addr` is where the field lives
    /// in it, when it is there (not for a packed field's copy).
    pub(super) fn field_child(
        &mut self,
        index: usize,
        name: &'static str,
        layout: &'static TypeLayout,
        inline_bytes: usize,
        addr: Option<usize>,
        kind: NodeKind,
    ) -> Sink {
        let (sink, hop) = (self.ctx.sink, self.ctx.hop);
        if !matches!(sink, Sink::Own(_)) || !self.has_budget() {
            // No node is made: the offset and segment are not needed.
            return self.child(
                sink,
                || Segment::Root,
                layout,
                inline_bytes,
                None,
                hop,
                kind,
            );
        }
        let offset = self.field_offset(index, name, addr);
        let segment = self.field_segment(name);
        self.child(sink, || segment, layout, inline_bytes, offset, hop, kind)
    }

    /// The path segment of field `name` of the current value (or of its active variant).
    fn field_segment(&self, name: &'static str) -> Segment {
        match self.ctx.variant {
            Some(variant) => Segment::VariantField(variant, name),
            None => Segment::Field(name),
        }
    }
}
