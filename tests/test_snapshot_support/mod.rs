//! The same types at two commits, `v1` and `v2`, for the snapshot tests. A snapshot of `v2`
//! renamed to `v1`'s module (`old_and_new`) is what the crate at the later commit records.
#![allow(dead_code)]

pub mod v1 {
    use memlayout::Layout;

    #[derive(Layout)]
    #[repr(C)]
    pub struct Packet {
        pub tag: u8,
        pub len: u32,
        pub flags: u8,
    }

    /// The hot type: a field is added to it in `v2`.
    #[derive(Layout)]
    pub struct Header {
        pub id: u64,
        pub kind: u8,
    }

    #[derive(Layout)]
    pub enum Message {
        Ping,
        Data(u32),
        Text(String),
    }

    #[derive(Layout)]
    pub enum Level {
        Low,
        High,
    }

    #[derive(Layout)]
    pub enum Event {
        Click { x: u16 },
        Key(u8),
    }

    #[derive(Layout)]
    pub struct Id {
        pub value: u32,
    }

    #[derive(Layout)]
    pub struct Marker;

    #[derive(Layout)]
    pub struct Owner {
        pub id: u32,
    }

    #[derive(Layout)]
    pub struct Same {
        pub a: u16,
        pub b: u8,
    }

    #[derive(Layout)]
    pub struct Gone {
        pub a: u8,
    }
}

pub mod v2 {
    use memlayout::Layout;
    use std::num::NonZeroU32;

    /// `len` widened and moved behind `flags`, `seq` added.
    #[derive(Layout)]
    #[repr(C)]
    pub struct Packet {
        pub tag: u8,
        pub flags: u8,
        pub len: u64,
        pub seq: u16,
    }

    #[derive(Layout)]
    pub struct Header {
        pub id: u64,
        pub kind: u8,
        pub seq: u64,
    }

    #[derive(Layout)]
    pub enum Message {
        Ping,
        Data(u64),
        Text(String),
        Close { code: u16 },
    }

    #[derive(Layout)]
    #[repr(u16)]
    pub enum Level {
        Low = 1,
        High = 300,
    }

    /// A field added to one variant, removed from another.
    #[derive(Layout)]
    pub enum Event {
        Click { x: u16, y: u16 },
        Key,
    }

    #[derive(Layout)]
    pub struct Id {
        pub value: NonZeroU32,
    }

    #[derive(Layout)]
    pub struct Marker(pub u8);

    #[derive(Layout)]
    pub struct Owner {
        pub id: u32,
        pub name: String,
    }

    #[derive(Layout)]
    pub struct Same {
        pub a: u16,
        pub b: u8,
    }

    #[derive(Layout)]
    pub struct Fresh {
        pub a: u64,
    }
}

use memlayout::{Layout, TypeLayout};

/// The layouts of the named types of one version.
macro_rules! layouts {
    ($version:ident: $($name:ident),*) => {
        [$(<$version::$name as Layout>::LAYOUT),*]
    };
}

pub fn v1_layouts() -> [&'static TypeLayout; 10] {
    layouts!(v1: Packet, Header, Message, Level, Event, Id, Marker, Owner, Same, Gone)
}

pub fn v2_layouts() -> [&'static TypeLayout; 10] {
    layouts!(v2: Packet, Header, Message, Level, Event, Id, Marker, Owner, Same, Fresh)
}

/// `v2`'s snapshot as the crate at the later commit records it: under `v1`'s module path.
pub fn as_v1(snapshot: String) -> String {
    snapshot.replace("::v2::", "::v1::")
}

/// `v1`'s snapshot under `v2`'s module path, to check `v2`'s layouts against it.
pub fn as_v2(snapshot: String) -> String {
    snapshot.replace("::v1::", "::v2::")
}

/// The message a check panicked with.
pub fn panic_message(check: impl FnOnce()) -> String {
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check))
        .expect_err("the check passed");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap()
}
