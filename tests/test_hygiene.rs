//! The derive's expansion is hygienic and lint-clean: it compiles with the prelude's names
//! shadowed by local types, inside `#[no_implicit_prelude]`, with local `core`/`std`/`memlayout`
//! modules, under `#![deny(warnings)]` plus clippy's default lints and stricter rustc lints, and
//! it honours `#[layout(crate = ...)]` for crates that re-export memlayout.
#![deny(warnings, clippy::all)]
#![deny(
    unused_qualifications,
    unused_results,
    trivial_casts,
    trivial_numeric_casts,
    unreachable_pub,
    unused_lifetimes,
    single_use_lifetimes,
    unused_extern_crates,
    elided_lifetimes_in_paths,
    non_ascii_idents
)]

/// Local types named like the prelude's: the expansion must never resolve to them.
#[allow(dead_code)]
mod shadowed {
    use ::memlayout::Layout;

    struct Option;
    struct Some;
    struct None;
    struct Result;
    struct Ok;
    struct Err;
    struct Box;
    struct Vec;
    struct String;
    struct Clone;
    struct Copy;
    struct Default;
    struct Drop;
    struct Sized;
    struct Send;
    struct PhantomData;
    struct ManuallyDrop;
    struct TypeLayout;
    struct Field;
    struct Kind;
    mod core {}
    mod std {}
    mod memlayout {}
    mod __private {}
    #[allow(non_camel_case_types)]
    struct __memlayout;
    #[allow(non_camel_case_types)]
    struct isize;
    #[allow(non_camel_case_types)]
    struct i128;
    #[allow(non_camel_case_types)]
    struct bool;
    #[allow(non_camel_case_types)]
    struct usize;
    const BASE: ::core::primitive::isize = 1 << 8;

    /// Evaluated discriminants: typed and cast through `__private`, not the local `isize`.
    #[derive(Layout)]
    pub(crate) enum Discriminants {
        A = -1,
        B,
        C = BASE << 1,
    }

    #[derive(Layout)]
    pub(crate) struct Named {
        pub(crate) a: u8,
        pub(crate) b: ::std::vec::Vec<u32>,
        pub(crate) c: ::std::option::Option<::std::boxed::Box<Named>>,
    }

    #[derive(Layout)]
    pub(crate) struct Tuple(pub(crate) u16, pub(crate) ::std::string::String);

    #[derive(Layout)]
    pub(crate) struct Unit;

    #[derive(Layout)]
    pub(crate) enum Enum<T> {
        A,
        B(T),
        C { x: u8, y: ::std::vec::Vec<T> },
    }

    #[derive(Layout)]
    #[repr(C, packed)]
    pub(crate) struct Packed {
        pub(crate) a: u8,
        pub(crate) b: ::std::string::String,
    }

    #[derive(Layout)]
    #[repr(C)]
    pub(crate) union Union {
        pub(crate) a: u32,
        pub(crate) b: f32,
    }

    #[derive(Layout)]
    pub(crate) struct Generic<'a, T, const N: ::core::primitive::usize>
    where
        T: ::std::clone::Clone,
    {
        pub(crate) value: T,
        #[layout(opaque)]
        pub(crate) text: &'a str,
        #[layout(opaque)]
        pub(crate) array: [u8; N],
    }

    /// Fields named like the derive's own locals.
    #[derive(Layout)]
    pub(crate) struct Clashing {
        pub(crate) __v: u8,
        pub(crate) __fields: u16,
        pub(crate) __f0: u32,
        pub(crate) __copy: u64,
    }

    #[derive(Layout)]
    pub(crate) enum ClashingEnum {
        A { __v: u8, __f0: u16 },
        B(u8, u16),
    }

    pub(crate) fn text_heap(text: &::std::string::String) -> ::core::primitive::usize {
        text.capacity()
    }

    pub(crate) fn whole_heap(value: &MeasuredWhole) -> ::core::primitive::usize {
        value.__f.capacity()
    }

    /// `opaque` and `with` on fields, variants and whole types, in place and packed.
    #[derive(Layout)]
    pub(crate) struct Attributed {
        #[layout(with = text_heap)]
        pub(crate) __f: ::std::string::String,
        #[layout(opaque)]
        pub(crate) hidden: ::std::vec::Vec<u8>,
    }

    #[derive(Layout)]
    #[repr(C, packed)]
    pub(crate) struct PackedAttributed {
        #[layout(with = text_heap)]
        pub(crate) a: ::std::string::String,
        #[layout(opaque)]
        pub(crate) b: ::std::vec::Vec<u8>,
    }

    #[derive(Layout)]
    #[layout(with = whole_heap)]
    pub(crate) struct MeasuredWhole {
        pub(crate) __f: ::std::string::String,
    }

    #[derive(Layout)]
    #[layout(opaque)]
    pub(crate) enum OpaqueEnum {
        A(::std::string::String),
        B { __f0: u8 },
    }

    #[derive(Layout)]
    pub(crate) enum OpaqueVariant {
        #[layout(opaque)]
        A(::std::string::String),
        B(::memlayout::Opaque<::std::vec::Vec<u8>>),
    }

    #[derive(Layout)]
    pub(crate) union OwningUnion {
        pub(crate) a: u32,
        pub(crate) b: ::core::mem::ManuallyDrop<::std::string::String>,
    }
}

/// No prelude at all: only absolute paths resolve.
#[allow(dead_code)]
#[no_implicit_prelude]
mod no_prelude {
    #[derive(::memlayout::Layout)]
    pub(crate) struct Named {
        pub(crate) a: u8,
        pub(crate) b: ::std::vec::Vec<u32>,
    }

    #[derive(::memlayout::Layout)]
    pub(crate) enum Enum {
        A(u8),
        B { c: ::std::string::String },
    }

    #[derive(::memlayout::Layout)]
    #[repr(i16)]
    pub(crate) enum Discriminants {
        A(u8) = -300,
        B,
    }

    #[derive(::memlayout::Layout)]
    #[repr(C, packed(2))]
    pub(crate) struct Packed<T> {
        pub(crate) a: u8,
        pub(crate) b: T,
    }

    #[derive(::memlayout::Layout)]
    pub(crate) union Union {
        pub(crate) a: u32,
        pub(crate) b: u8,
    }
}

/// What a crate that re-exports memlayout looks like from its users' side. The `__private`
/// module here wraps one function, so a test can tell that the override was used.
mod reexport {
    pub(crate) use ::memlayout as layout_crate;

    pub(crate) mod facade {
        #[allow(unused_imports)]
        pub(crate) use ::memlayout::*;

        pub(crate) mod __private {
            pub(crate) use ::memlayout::__private::*;

            /// Marks layouts built through this facade.
            pub(crate) const fn struct_layout_at<T>(
                name: &'static str,
                kind: Kind,
                repr: Repr,
                fields: &[FieldSpec],
            ) -> TypeLayout {
                let mut layout =
                    ::memlayout::__private::struct_layout_at::<T>(name, kind, repr, fields);
                layout.name = "through the facade";
                layout
            }
        }
    }
}

#[derive(memlayout::Layout)]
#[layout(crate = crate::reexport::layout_crate)]
struct ThroughReexport {
    a: u8,
    b: u32,
}

#[derive(memlayout::Layout)]
#[layout(crate = crate::reexport::facade)]
struct ThroughFacade {
    a: u8,
}

#[test]
fn shadowed_names_do_not_leak_into_the_expansion() {
    use memlayout::Layout;
    use std::mem::{offset_of, size_of};

    assert_eq!(
        shadowed::Named::LAYOUT.fields[2].type_name,
        "::std::option::Option<::std::boxed::Box<Named>>"
    );
    assert_eq!(
        shadowed::Named::LAYOUT.fields[1].offset,
        offset_of!(shadowed::Named, b)
    );
    assert_eq!(shadowed::Tuple::LAYOUT.size, size_of::<shadowed::Tuple>());
    assert_eq!(shadowed::Unit::LAYOUT.size, 0);
    assert_eq!(<shadowed::Enum<u8>>::LAYOUT.variants.len(), 3);
    let values = shadowed::Discriminants::LAYOUT.variants.iter();
    let values: Vec<i128> = values.map(|v| v.discriminant_value).collect();
    assert_eq!(values, [-1, 0, 1 << 9]);
    assert_eq!(shadowed::Packed::LAYOUT.repr.packed, Some(1));
    assert_eq!(shadowed::Union::LAYOUT.fields.len(), 2);
    assert_eq!(
        <shadowed::Generic<'static, u8, 3>>::LAYOUT.name,
        "Generic<'a, T, N>"
    );
    let names: Vec<_> = shadowed::Clashing::LAYOUT
        .fields
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["__v", "__fields", "__f0", "__copy"]);
    let clash = shadowed::Clashing {
        __v: 1,
        __fields: 2,
        __f0: 3,
        __copy: 4,
    };
    assert_eq!(
        memlayout::totals(&clash).inline_bytes,
        size_of::<shadowed::Clashing>()
    );
    let e = shadowed::ClashingEnum::A { __v: 1, __f0: 2 };
    assert_eq!(memlayout::heap_bytes(&e), 0);
    assert_eq!(no_prelude::Named::LAYOUT.fields.len(), 2);
    assert_eq!(no_prelude::Enum::LAYOUT.variants.len(), 2);
    let values = no_prelude::Discriminants::LAYOUT.variants.iter();
    let values: Vec<i128> = values.map(|v| v.discriminant_value).collect();
    assert_eq!(values, [-300, -299]);
    assert_eq!(<no_prelude::Packed<u64>>::LAYOUT.repr.packed, Some(2));
    assert_eq!(
        no_prelude::Union::LAYOUT.size,
        size_of::<no_prelude::Union>()
    );
    let packed = shadowed::Packed {
        a: 1,
        b: String::with_capacity(3),
    };
    assert_eq!(memlayout::heap_bytes(&packed), 3);
}

#[test]
fn crate_override_goes_through_the_reexport() {
    use memlayout::Layout;
    assert_eq!(ThroughReexport::LAYOUT.name, "ThroughReexport");
    assert_eq!(
        ThroughReexport::LAYOUT.fields[1].offset,
        std::mem::offset_of!(ThroughReexport, b)
    );
    assert_eq!(ThroughFacade::LAYOUT.name, "through the facade");
    assert_eq!(ThroughFacade { a: 1 }.a, 1);
}

#[test]
fn derives_inside_a_function_body() {
    use memlayout::Layout;

    #[derive(Layout)]
    struct Local {
        a: u16,
    }
    assert_eq!(
        Local::LAYOUT.fields[0].offset,
        std::mem::offset_of!(Local, a)
    );
    assert_eq!(Local { a: 3 }.a, 3);
}
