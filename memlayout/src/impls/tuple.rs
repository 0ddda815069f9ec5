//! Tuples of 1 to 12 elements: structs with positional fields whose offsets come from
//! `offset_of!` (the default repr may reorder them).

use crate::__private::{field, memory_order_of, struct_layout};
use crate::layout::{Kind, Layout, Repr, TypeLayout};
use crate::visit::Visitor;

/// `Layout` for one tuple arity: `index Type` pairs in declaration order.
macro_rules! tuple {
    ($name:literal: $($index:tt $t:ident),+) => {
        impl<$($t: Layout),+> Layout for ($($t,)+) {
            const LAYOUT: &'static TypeLayout = {
                let fields = &[$(field::<$t>(
                    stringify!($index),
                    stringify!($t),
                    core::mem::offset_of!(Self, $index),
                )),+];
                &TypeLayout {
                    memory_order: &memory_order_of(fields),
                    is_uninhabited: $($t::LAYOUT.is_uninhabited)||+,
                    ..struct_layout::<Self>(
                        $name,
                        Kind::Tuple,
                        Repr::RUST,
                        fields,
                        &[$($t::LAYOUT.padding_bytes),+],
                    )
                }
            };
            const IS_LEAF: bool = $($t::IS_LEAF)&&+;

            fn visit<'a, V: Visitor<'a>>(&'a self, visitor: &mut V) {
                $(visitor.field($index, stringify!($index), &self.$index);)+
            }

            /// `("a", 1)`: the elements' keys, when each has one.
            fn write_key(&self, out: &mut String) -> bool {
                let start = out.len();
                out.push('(');
                let mut first = true;
                $(
                    if !core::mem::take(&mut first) {
                        out.push_str(", ");
                    }
                    if !self.$index.write_key(out) {
                        out.truncate(start);
                        return false;
                    }
                )+
                if stringify!($($index)+).len() == 1 {
                    out.push(',');
                }
                out.push(')');
                true
            }
        }
    };
}

tuple!("(T0,)": 0 T0);
tuple!("(T0, T1)": 0 T0, 1 T1);
tuple!("(T0, T1, T2)": 0 T0, 1 T1, 2 T2);
tuple!("(T0, T1, T2, T3)": 0 T0, 1 T1, 2 T2, 3 T3);
tuple!("(T0, T1, T2, T3, T4)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4);
tuple!("(T0, T1, T2, T3, T4, T5)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5);
tuple!("(T0, T1, T2, T3, T4, T5, T6)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6);
tuple!("(T0, T1, T2, T3, T4, T5, T6, T7)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7);
tuple!("(T0, T1, T2, T3, T4, T5, T6, T7, T8)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8);
tuple!("(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9);
tuple!("(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10);
tuple!("(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)": 0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10, 11 T11);
