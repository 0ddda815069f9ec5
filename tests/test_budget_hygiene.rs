//! The budget macros name everything by absolute path: they work with the prelude shadowed or
//! gone, and their expansion is lint-clean under `#![deny(warnings)]`.
#![deny(warnings)]

/// Every name the expansion could lean on, shadowed by something else.
mod shadowed {
    #![allow(non_camel_case_types, dead_code, unused_macros)]

    struct Option;
    struct Some;
    struct None;
    struct usize;
    struct bool;
    struct Result;
    struct Ok;
    struct Err;
    fn size_of() {}
    fn align_of() {}
    mod core {}
    mod memlayout_budget {}
    macro_rules! stringify {
        () => {};
    }
    macro_rules! concat {
        () => {};
    }
    macro_rules! panic {
        () => {};
    }
    const BUDGET: u8 = 0;
    const SIZE: u8 = 0;

    #[repr(C)]
    pub struct Header {
        pub magic: u32,
        pub len: u32,
    }

    memlayout::assert_layout!(Header, max_size = 2 * 4, max_align = 4_096,);
    memlayout::assert_layout!(Box<Header>, niche);
    memlayout::assert_layout!(Box<u32>, niche, no_padding);
    memlayout::assert_size!(u16, 2);
    memlayout::assert_max_size!(u16, 2);
    memlayout::assert_align!(u16, 2);
    memlayout::assert_no_padding!(u16);

    pub fn within_budget() {
        let v: ::std::vec::Vec<u8> = ::std::vec![1, 2, 3];
        memlayout::assert_budget!(v, heap <= 3, allocations <= 1, unused <= 0, inline <= 64);
    }
}

/// No prelude at all: only `::`-rooted paths resolve.
mod no_prelude {
    #![no_implicit_prelude]

    #[repr(C)]
    pub struct Pair {
        pub a: u64,
        pub b: u64,
    }

    ::memlayout::assert_layout!(Pair, size = 16, max_align = 8);
    ::memlayout::assert_layout!(u64, max_padding = 0);
    ::memlayout::assert_no_padding!(u64);

    pub fn within_budget() {
        let v: ::std::string::String = ::std::string::ToString::to_string("abc");
        ::memlayout::assert_budget!(v, heap <= 3, indirection <= 1, padding <= 0);
    }
}

#[test]
fn test_time_budgets_expand_hygienically() {
    shadowed::within_budget();
    no_prelude::within_budget();
}
