//! The active variant of a live enum value and where its fields sit in it: what
//! [`variant::of`](crate::variant::of) returns.
//!
//! On stable Rust, `offset_of!` does not reach enum variant fields, so their offsets come from a
//! live value: the address of each field minus the address of the value.

use alloc::vec::Vec;

pub use crate::walk::variant::variant_of as of;

/// The active variant of an enum value, with its fields as they sit in that value.
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// enum Shape { Circle { r: f32 }, Rect { w: u16, h: u64 } }
///
/// let shape = Shape::Rect { w: 3, h: 4 };
/// let active = memlayout::variant::of(&shape).unwrap();
/// assert_eq!((active.name, active.index), ("Rect", 1));
/// let h = active.field("h").unwrap();
/// assert_eq!((h.size, h.align), (8, std::mem::align_of::<u64>()));
/// // The offset is measured from the value: the same as taking the field's address.
/// let Shape::Rect { h: field, .. } = &shape else { unreachable!() };
/// let at = field as *const u64 as usize - &shape as *const Shape as usize;
/// assert_eq!(h.offset, Some(at));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveVariant {
    /// The variant's name (`"Rect"`).
    pub name: &'static str,
    /// Its position among the enum's variants, in declaration order.
    pub index: usize,
    /// Its fields, in declaration order.
    pub fields: Vec<LiveField>,
}

impl ActiveVariant {
    /// Looks up a field of the variant by name (`"0"`, `"1"`, … for positional fields).
    ///
    /// ```
    /// let active = memlayout::variant::of(&Some(7u32)).unwrap();
    /// assert_eq!(active.field("0").unwrap().size, 4);
    /// assert!(active.field("1").is_none());
    /// ```
    pub fn field(&self, name: &str) -> Option<&LiveField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One field of an enum value's active variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveField {
    /// The field's name; positional fields are named `"0"`, `"1"`, …
    pub name: &'static str,
    /// The field type's full name (`"alloc::string::String"`).
    pub type_name: &'static str,
    /// Offset from the start of the value: the field's address minus the value's. `None` for a
    /// field marked `#[layout(with = ...)]`, or `#[layout(opaque)]` whose type has no drop
    /// glue, which the visit reports without its address.
    pub offset: Option<usize>,
    /// `size_of` the field's type.
    pub size: usize,
    /// `align_of` the field's type.
    pub align: usize,
}
