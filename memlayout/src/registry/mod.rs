//! Every type of the program at once: the registry of derived types and the audit that ranks
//! them by wasted bytes.
//!
//! With the `registry` feature (on by default), every non-generic type that derives
//! [`Layout`] registers its [`TypeLayout`] before `main` runs, wherever it is defined (any
//! module, any crate linked into the program, inside a function); a generic type registers the
//! instantiations named with [`register!`](crate::register) (as can a std or foreign type that
//! implements [`Layout`]). [`registered`] lists them; [`audit`] ranks them by the bytes each
//! value wastes, with a suggestion for each:
//!
//! ```
//! use memlayout::Layout;
//!
//! #[derive(Layout)]
//! #[repr(C)]
//! struct Packet { tag: u8, len: u32, flags: u8 }
//!
//! #[derive(Layout)]
//! struct Wrapper<T> { value: T, flag: bool }
//! memlayout::register!(Wrapper<u64>);
//!
//! let names: Vec<&str> = memlayout::registered().map(|t| t.name).collect();
//! assert!(names.contains(&"Packet") && names.contains(&"Wrapper<T>"));
//!
//! let audit = memlayout::audit();
//! let packet = audit.entry::<Packet>().unwrap();
//! assert_eq!(packet.wasted_bytes, Packet::LAYOUT.padding_bytes);
//! println!("{audit}");
//! ```
//!
//! Registration uses the [`inventory`](https://docs.rs/inventory) crate: one constructor per
//! registered type, run by the platform's loader before `main` (ELF `.init_array`, Mach-O
//! `__mod_init_func`, Windows `.CRT$XCU`; on wasm, at the first [`registered`] call). It works
//! in debug and release builds, tests, doctests and examples, and under Miri. Types of a
//! library are registered when the library is linked into the program, which happens when the
//! program uses something from it. Without the feature the derive registers nothing and
//! [`registered`] and [`audit`] do not exist; [`Audit::of`] still audits a list of layouts.

#[cfg(feature = "alloc")]
mod waste;

#[cfg(feature = "alloc")]
pub use waste::{Audit, AuditEntry, AuditError, Waste};

#[cfg(feature = "registry")]
use crate::layout::{Layout, TypeLayout};
#[cfg(feature = "registry")]
use alloc::{collections::BTreeSet, vec::Vec};
#[cfg(feature = "registry")]
use core::any::TypeId;

/// One registered type: what [`register!`](crate::register) and the derive submit. Not public
/// API.
#[cfg(feature = "registry")]
#[doc(hidden)]
pub struct Registration {
    layout: fn() -> &'static TypeLayout,
    type_id: fn() -> TypeId,
}

#[cfg(feature = "registry")]
impl Registration {
    /// `T`'s registration. A `const fn`: the registry holds it in a static.
    pub const fn of<T: Layout + ?Sized + 'static>() -> Registration {
        Registration {
            layout: crate::layout::layout_of::<T>,
            type_id: TypeId::of::<T>,
        }
    }
}

#[cfg(feature = "registry")]
inventory::collect!(Registration);

/// Every registered type's layout, sorted by full type name (`core::any::type_name`), each type
/// once (a type registered twice, by `register!` in two places, is listed once).
///
/// The derive registers every non-generic type (a type with only lifetime parameters as its
/// `'static` instantiation); [`register!`](crate::register) adds the instantiations of generic
/// types, and std or foreign types, that you name. Every call collects and sorts the list anew
/// (`n log n` for `n` registrations, no cache).
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// struct Point { x: f64, y: f64 }
///
/// mod net {
///     #[derive(memlayout::Layout)]
///     pub enum Message { Ping, Data(Vec<u8>) }
/// }
///
/// let found: Vec<&str> = memlayout::registered().map(|t| (t.type_name)()).collect();
/// assert!(found.contains(&std::any::type_name::<Point>()));
/// assert!(found.contains(&std::any::type_name::<net::Message>()));
/// assert!(found.is_sorted());
/// ```
#[cfg(feature = "registry")]
pub fn registered() -> impl Iterator<Item = &'static TypeLayout> {
    let mut all: Vec<(&'static str, TypeId, &'static TypeLayout)> = inventory::iter::<Registration>
        .into_iter()
        .map(|r| {
            let layout = (r.layout)();
            ((layout.type_name)(), (r.type_id)(), layout)
        })
        .collect();
    // Ties (two types with one name: two functions' local `S`) keep registration order, which
    // the loader decides; `TypeId`'s order is not stable across builds either way.
    all.sort_by_key(|&(name, _, _)| name);
    let mut seen = BTreeSet::new();
    all.into_iter()
        .filter(move |&(_, id, _)| seen.insert(id))
        .map(|(_, _, layout)| layout)
}

/// The audit of every [registered] type: [`Audit::of`]`(registered())`.
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Header { kind: u8, length: u64 }
///
/// let audit = memlayout::audit();
/// let header = audit.entry::<Header>().unwrap();
/// assert_eq!(header.wasted_bytes, 7);
/// assert_eq!(header.wasted_share(), 7.0 / 16.0);
/// ```
#[cfg(feature = "registry")]
pub fn audit() -> Audit {
    Audit::of(registered())
}

/// Registers types for [`registered`] and [`audit`]: the instantiations of a generic type you
/// use (`Wrapper<u64>`), or a std or foreign type that implements [`Layout`].
/// Non-generic derived types register themselves. An item: write it in any module, at top
/// level or in a function; naming a type twice lists it once.
///
/// ```
/// use memlayout::Layout;
///
/// #[derive(Layout)]
/// struct Wrapper<T> { value: T, tag: u8 }
///
/// memlayout::register!(Wrapper<u64>, Wrapper<u8>);
/// memlayout::register!(std::time::Duration);
///
/// let found: Vec<&str> = memlayout::registered().map(|t| (t.type_name)()).collect();
/// assert!(found.contains(&std::any::type_name::<Wrapper<u64>>()));
/// assert!(found.contains(&std::any::type_name::<Wrapper<u8>>()));
/// assert!(found.contains(&"core::time::Duration"));
/// ```
///
/// Without the `registry` feature it only checks that each type implements `Layout`.
#[macro_export]
macro_rules! register {
    ($($ty:ty),+ $(,)?) => {
        $( $crate::__private::register!($ty); )+
    };
}
