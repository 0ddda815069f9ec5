//! The `either` crate: `Either<L, R>`, an enum whose storage is its payloads'.

use either::Either;

use crate::__private::{enum_layout, variant, variant_field};
use crate::layout::{Layout, Repr, TypeLayout};
use crate::visit::Visitor;

impl<L: Layout, R: Layout> Layout for Either<L, R> {
    const LAYOUT: &'static TypeLayout = &enum_layout::<Either<L, R>>(
        "Either<L, R>",
        Repr::RUST,
        &[
            variant("Left", None, 0, &[variant_field::<L>("0", "L")]),
            variant("Right", None, 1, &[variant_field::<R>("0", "R")]),
        ],
    );
    const IS_LEAF: bool = L::IS_LEAF && R::IS_LEAF;

    fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
        match self {
            Either::Left(left) => {
                visitor.variant(0, "Left");
                visitor.field(0, "0", left);
            }
            Either::Right(right) => {
                visitor.variant(1, "Right");
                visitor.field(0, "0", right);
            }
        }
    }

    fn write_key(&self, out: &mut String) -> bool {
        match self {
            Either::Left(left) => left.write_key(out),
            Either::Right(right) => right.write_key(out),
        }
    }
}
