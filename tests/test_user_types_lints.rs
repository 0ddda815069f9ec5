//! Derived types carrying attributes that make lints fire on uses of them, in a crate that
//! denies warnings: `#[deprecated]` types, fields and variants, `#[non_exhaustive]`,
//! `#[must_use]`. Before, a `#[deprecated]` type failed to build under `#![deny(warnings)]`:
//! the expansion's own use of the type (its registration) was a "use of deprecated struct".
#![deny(warnings)]
#![allow(dead_code)]

#[path = "common/alloc.rs"]
mod alloc;

use std::mem::{offset_of, size_of};

use memlayout::Layout;

#[derive(Layout)]
#[deprecated(note = "use `Current`")]
pub struct Old {
    pub id: u32,
    pub name: String,
}

#[derive(Layout)]
pub struct Fields {
    #[deprecated(note = "use `label`")]
    pub name: String,
    pub label: String,
}

#[derive(Layout)]
pub enum Variants {
    #[deprecated]
    Legacy(u8),
    Current {
        text: String,
    },
}

#[derive(Layout)]
#[deprecated]
pub enum OldEnum {
    A(Vec<u8>),
    B,
}

#[derive(Layout)]
#[non_exhaustive]
pub struct Open {
    pub a: u8,
}

#[derive(Layout)]
#[must_use]
pub struct Checked(pub u8, pub Vec<u16>);

#[test]
#[allow(deprecated)]
fn deprecated_types_derive_with_the_compilers_figures() {
    assert_eq!(Old::LAYOUT.size, size_of::<Old>());
    assert_eq!(
        Old::LAYOUT.field("name").unwrap().offset,
        offset_of!(Old, name)
    );
    assert_eq!(
        Fields::LAYOUT.field("name").unwrap().offset,
        offset_of!(Fields, name)
    );
    assert_eq!(OldEnum::LAYOUT.size, size_of::<OldEnum>());
    assert_eq!(Variants::LAYOUT.variants.len(), 2);
    assert_eq!(Checked::LAYOUT.size, size_of::<Checked>());
    let (old, usage) = alloc::measure(|| Old {
        id: 1,
        name: String::with_capacity(5),
    });
    assert_eq!(memlayout::heap_bytes(&old), usage.bytes);
    let (v, usage) = alloc::measure(|| OldEnum::A(vec![1, 2, 3]));
    assert_eq!(memlayout::heap_bytes(&v), usage.bytes);
}
