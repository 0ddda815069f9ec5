//! `hand_layout!`, a hand-written `Layout` for a struct (its fields in declaration order),
//! shared by the `test_drop_order*` files. Include it with
//! `#[macro_use] #[path = "common/hand_layout.rs"] mod hand_layout;`; the caller imports
//! `Kind`, `Layout`, `TypeLayout` and `Visitor` from `memlayout`.

/// A hand-written `Layout` for a struct: its fields in declaration order.
macro_rules! hand_layout {
    ($t:ident, drop_impl = $drop:expr, [$($field:tt),*]) => {
        impl Layout for $t {
            const LAYOUT: &'static TypeLayout = &TypeLayout::of::<$t>(stringify!($t), Kind::Struct);
            fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
                $(v.field(0, stringify!($field), &self.$field);)*
            }
            fn has_drop_impl() -> bool {
                $drop
            }
        }
    };
}
