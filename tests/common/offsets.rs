//! `assert_offsets!(Type; a, b, c)`: a derived struct's size is the compiler's, and its fields,
//! in declaration order, are named and placed as `offset_of!` says.
//!
//! Include it with `#[macro_use] #[path = "common/offsets.rs"] mod offsets;`.

macro_rules! assert_offsets {
    ($t:ty; $($field:tt),+ $(,)?) => {{
        let layout = <$t as ::memlayout::Layout>::LAYOUT;
        assert_eq!(layout.size, ::std::mem::size_of::<$t>(), "{}", stringify!($t));
        let got: Vec<(&str, usize)> = layout.fields.iter().map(|f| (f.name, f.offset)).collect();
        let expected: Vec<(&str, usize)> =
            vec![$((stringify!($field), ::std::mem::offset_of!($t, $field))),+];
        assert_eq!(got, expected, "{}", stringify!($t));
    }};
}
