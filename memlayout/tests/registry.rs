//! The registry and the audit over it: `registered()` finds exactly the types this file derives
//! `Layout` on and the instantiations it names with `register!`, sorted and each once; the audit
//! ranks them by the static analyses' own numbers, checked against `size_of` and `offset_of!`;
//! the failing assertion lists exactly the types over the share. Runs under Miri too
//! (`cargo +nightly miri test -p memlayout --test registry`): registration runs before `main`.
//!
//! The filter: this binary links `memlayout` (which derives `Layout` on none of its own types)
//! and this file, so every registered type is one of this crate's (`registry::...`) or one of
//! the std types named below; `only_this_file` keeps those and a test checks nothing else is
//! there.

#![cfg(all(feature = "registry", feature = "std"))]
// The types exist to be registered and audited, not used.
#![allow(dead_code)]

use core::any::type_name;
use core::mem::{offset_of, size_of};
use std::collections::BTreeSet;

use memlayout::layout::{CACHE_LINE_BYTES, LARGE_VARIANT_THRESHOLD};
use memlayout::registry::{Audit, Waste};
use memlayout::{Layout, TypeLayout};

mod wire {
    use memlayout::Layout;

    #[derive(Layout)]
    #[repr(C)]
    pub struct Packet {
        pub tag: u8,
        pub len: u32,
        pub flags: u8,
    }

    /// `Packet`'s fields by alignment, descending: the order the audit suggests.
    #[derive(Layout)]
    #[repr(C)]
    pub struct PacketSorted {
        pub len: u32,
        pub tag: u8,
        pub flags: u8,
    }

    #[derive(Layout)]
    #[repr(C)]
    pub struct Header {
        pub kind: u8,
        pub length: u64,
    }

    #[derive(Layout)]
    pub struct Dense {
        pub a: u64,
        pub b: u64,
    }

    #[derive(Layout)]
    pub struct Mixed {
        pub a: u8,
        pub b: u64,
        pub c: u16,
    }

    #[derive(Layout)]
    pub struct Meters(pub f64);

    #[derive(Layout)]
    pub struct Marker;

    #[derive(Layout)]
    #[repr(C)]
    pub struct Hot {
        pub head: [u8; 56],
        pub value: [u32; 3],
    }

    #[derive(Layout)]
    #[repr(C, packed)]
    pub struct Packed {
        pub a: u8,
        pub b: u32,
    }

    #[derive(Layout)]
    pub union Bits {
        pub word: u32,
        pub bytes: [u8; 6],
    }

    pub mod nested {
        pub mod deeper {
            use memlayout::Layout;

            #[derive(Layout)]
            #[repr(C)]
            pub struct Inner {
                pub a: u8,
                pub b: u16,
            }

            #[derive(Layout)]
            #[repr(C)]
            pub struct Outer {
                pub inner: Inner,
                pub c: u16,
            }
        }
    }
}

mod enums {
    use memlayout::Layout;

    // The large variant the audit reports (clippy reports it too).
    #[allow(clippy::large_enum_variant)]
    #[derive(Layout)]
    pub enum Message {
        Ping,
        Blob([u8; 1024]),
    }

    #[derive(Layout)]
    pub enum Shape {
        Circle(f32),
        Rect { w: u16, h: u64 },
    }

    #[derive(Layout)]
    #[repr(u8)]
    pub enum Level {
        Low,
        Mid,
        High,
    }

    #[derive(Layout)]
    pub enum Either {
        Left(u8),
        Right(String),
    }
}

mod generic {
    use memlayout::Layout;

    #[derive(Layout)]
    pub struct Wrapper<T> {
        pub value: T,
        pub flag: bool,
    }

    #[derive(Layout)]
    pub struct Pair<A, B>(pub A, pub B);

    #[derive(Layout)]
    pub struct Bytes<const N: usize>(pub [u8; N]);

    /// Lifetimes do not change the layout: registered as `Borrowed<'static>`.
    #[derive(Layout)]
    pub struct Borrowed<'a> {
        pub name: &'a str,
        pub id: u32,
    }

    /// Never instantiated by `register!`: not in the registry.
    #[derive(Layout)]
    pub struct Unnamed<T>(pub T);

    memlayout::register!(Wrapper<u64>, Wrapper<u8>);
    memlayout::register!(Pair<u8, u64>);
    memlayout::register!(Bytes<3>);
    memlayout::register!(Unnamed<u8>);
}

mod again {
    // The same instantiation named twice, in another module: listed once.
    memlayout::register!(super::generic::Wrapper<u64>);
    memlayout::register!(std::time::Duration, Option<u32>);
}

mod heap {
    use memlayout::Layout;
    use std::collections::HashMap;

    #[derive(Layout)]
    pub struct Owner {
        pub names: Vec<String>,
        pub scores: HashMap<String, u32>,
    }

    #[derive(Layout)]
    pub struct Node {
        pub next: Option<Box<Node>>,
        pub value: u32,
    }
}

/// A dozen more shapes, all `#[repr(C)]` structs of scalars, from a macro.
macro_rules! flat {
    ($($name:ident { $($field:ident: $ty:ty),* })*) => {
        pub mod flat {
            use memlayout::Layout;
            $(
                #[derive(Layout)]
                #[repr(C)]
                pub struct $name { $(pub $field: $ty),* }
            )*
            /// Each type's field sizes from `size_of`, and its `size_of`.
            pub fn sizes() -> Vec<(&'static str, Vec<usize>, usize)> {
                vec![$((
                    core::any::type_name::<$name>(),
                    vec![$(core::mem::size_of::<$ty>()),*],
                    core::mem::size_of::<$name>(),
                )),*]
            }
        }
    };
}

flat! {
    F1 { a: u8 }
    F2 { a: u8, b: u16 }
    F3 { a: u16, b: u8 }
    F4 { a: u8, b: u32, c: u8 }
    F5 { a: u32, b: u8, c: u8 }
    F6 { a: u8, b: u64 }
    F7 { a: u64, b: u8 }
    F8 { a: u8, b: u16, c: u32, d: u64 }
    F9 { a: u64, b: u32, c: u16, d: u8 }
    F10 { a: bool, b: f64, c: bool }
    F11 { a: char, b: u8 }
    F12 { a: u16, b: u16, c: u16 }
}

/// A type defined in a function body registers too.
fn local_type_name() -> &'static str {
    #[derive(Layout)]
    #[allow(dead_code)]
    struct Local {
        a: u8,
        b: u64,
    }
    type_name::<Local>()
}

/// The full names of every type this file registers, from `type_name`.
fn expected() -> BTreeSet<&'static str> {
    use enums::*;
    use generic::*;
    use heap::*;
    use wire::nested::deeper::*;
    use wire::*;
    let mut names = BTreeSet::from([
        type_name::<Packet>(),
        type_name::<PacketSorted>(),
        type_name::<Header>(),
        type_name::<Dense>(),
        type_name::<Mixed>(),
        type_name::<Meters>(),
        type_name::<Marker>(),
        type_name::<Hot>(),
        type_name::<Packed>(),
        type_name::<Bits>(),
        type_name::<Inner>(),
        type_name::<Outer>(),
        type_name::<Message>(),
        type_name::<Shape>(),
        type_name::<Level>(),
        type_name::<Either>(),
        type_name::<Wrapper<u64>>(),
        type_name::<Wrapper<u8>>(),
        type_name::<Pair<u8, u64>>(),
        type_name::<Bytes<3>>(),
        type_name::<Borrowed<'static>>(),
        type_name::<Unnamed<u8>>(),
        type_name::<std::time::Duration>(),
        type_name::<Option<u32>>(),
        type_name::<Owner>(),
        type_name::<Node>(),
        local_type_name(),
    ]);
    names.extend(flat::sizes().into_iter().map(|(name, _, _)| name));
    names
}

/// The registered types this file is about (see the module docs).
fn only_this_file() -> Vec<&'static TypeLayout> {
    let foreign = [
        type_name::<std::time::Duration>(),
        type_name::<Option<u32>>(),
    ];
    memlayout::registered()
        .filter(|t| {
            let name = (t.type_name)();
            name.starts_with("registry::") || foreign.contains(&name)
        })
        .collect()
}

#[test]
fn registered_finds_exactly_the_derived_and_named_types() {
    let found: Vec<&str> = only_this_file().iter().map(|t| (t.type_name)()).collect();
    let expected = expected();
    assert_eq!(
        found.iter().copied().collect::<BTreeSet<_>>(),
        expected,
        "registered types differ"
    );
    // Each once (`Wrapper<u64>` is named twice), sorted by full name.
    assert_eq!(found.len(), expected.len(), "a type listed twice");
    assert!(found.is_sorted(), "{found:?}");
    assert!(expected.len() >= 36, "{} types", expected.len());
    // A generic type nobody names is not there.
    assert!(!found.iter().any(|n| n.contains("Unnamed<u64>")));
}

#[test]
fn nothing_else_is_registered_in_this_binary() {
    let all: Vec<&str> = memlayout::registered().map(|t| (t.type_name)()).collect();
    assert_eq!(all.len(), expected().len(), "{all:?}");
}

#[test]
fn registered_layouts_are_the_compilers() {
    let registered = only_this_file();
    let find = |name: &str| {
        *registered
            .iter()
            .find(|t| (t.type_name)() == name)
            .unwrap_or_else(|| panic!("{name} not registered"))
    };
    macro_rules! same {
        ($($ty:ty),*) => {$({
            let layout = find(type_name::<$ty>());
            assert_eq!(layout.size, size_of::<$ty>(), "{}", type_name::<$ty>());
            assert_eq!(layout.align, core::mem::align_of::<$ty>(), "{}", type_name::<$ty>());
            assert!(core::ptr::eq(layout, <$ty as Layout>::LAYOUT) || layout.name == <$ty as Layout>::LAYOUT.name);
        })*};
    }
    use generic::*;
    same!(
        wire::Packet,
        wire::Hot,
        wire::Bits,
        enums::Message,
        enums::Shape,
        Wrapper<u64>,
        Wrapper<u8>,
        Pair<u8, u64>,
        Bytes<3>,
        Borrowed<'static>,
        std::time::Duration,
        Option<u32>,
        heap::Node
    );
    assert_eq!(
        find(type_name::<generic::Wrapper<u64>>())
            .field("flag")
            .unwrap()
            .offset,
        offset_of!(generic::Wrapper<u64>, flag)
    );
}

#[test]
fn audit_figures_are_the_static_analyses_and_size_of() {
    let audit = Audit::of(only_this_file());
    assert_eq!(audit.entries().len(), expected().len());
    for entry in audit.entries() {
        let layout = entry.layout;
        let large = if layout.is_enum() {
            layout
                .large_variant(LARGE_VARIANT_THRESHOLD)
                .map_or(0, |w| w.difference)
        } else {
            0
        };
        assert_eq!(
            entry.wasted_bytes,
            layout.padding_bytes + large,
            "{}",
            layout.name
        );
        let padding: usize = entry
            .findings
            .iter()
            .filter(|w| matches!(w, Waste::Padding { .. }))
            .map(Waste::bytes)
            .sum();
        assert_eq!(padding, layout.padding_bytes, "{}", layout.name);
    }
    // Flat `#[repr(C)]` structs of scalars: padding is `size_of` minus the fields' `size_of`s.
    for (name, fields, size) in flat::sizes() {
        let entry = audit
            .entries()
            .iter()
            .find(|e| (e.layout.type_name)() == name)
            .unwrap();
        assert_eq!(
            entry.wasted_bytes,
            size - fields.iter().sum::<usize>(),
            "{name}"
        );
        assert_eq!(entry.layout.size, size);
    }
    // The reorder's saving is the compiler's size of the reordered twin.
    let packet = audit.entry::<wire::Packet>().unwrap();
    let saving = packet.findings.iter().find_map(|w| match w {
        Waste::Reorder(hint) => Some(hint.bytes_saved),
        _ => None,
    });
    assert_eq!(
        saving,
        Some(size_of::<wire::Packet>() - size_of::<wire::PacketSorted>())
    );
    assert_eq!(
        packet.wasted_bytes,
        size_of::<wire::Packet>() - 2 * size_of::<u8>() - size_of::<u32>()
    );
    // Padding inside a field's type counts in the outer type's waste.
    let outer = audit.entry::<wire::nested::deeper::Outer>().unwrap();
    let inner = size_of::<wire::nested::deeper::Inner>() - size_of::<u8>() - size_of::<u16>();
    let own = size_of::<wire::nested::deeper::Outer>()
        - size_of::<wire::nested::deeper::Inner>()
        - size_of::<u16>();
    assert_eq!(outer.wasted_bytes, inner + own);
    // The large variant: every `Message` pays for the 1024-byte payload.
    let message = audit.entry::<enums::Message>().unwrap();
    assert_eq!(message.wasted_bytes, size_of::<[u8; 1024]>());
    assert!(message.wasted_bytes < size_of::<enums::Message>());
    // The straddle: `Hot::value` crosses a line, by `offset_of!` and `size_of`.
    let (at, len) = (offset_of!(wire::Hot, value), size_of::<[u32; 3]>());
    assert_ne!(at / CACHE_LINE_BYTES, (at + len - 1) / CACHE_LINE_BYTES);
    let hot = audit.entry::<wire::Hot>().unwrap();
    let straddlers: Vec<&str> = hot
        .findings
        .iter()
        .filter_map(|w| match w {
            Waste::CacheLineStraddle(field) => Some(field.name),
            _ => None,
        })
        .collect();
    assert_eq!(straddlers, ["value"]);
    assert_eq!(
        hot.wasted_bytes,
        size_of::<wire::Hot>() - size_of::<[u8; 56]>() - len
    );
    // A packed struct and a dense one waste nothing.
    for entry in [
        audit.entry::<wire::Packed>().unwrap(),
        audit.entry::<wire::Dense>().unwrap(),
    ] {
        assert_eq!(entry.wasted_bytes, 0);
        assert!(entry.findings.is_empty());
    }
}

#[test]
fn audit_ranks_by_waste_then_share_then_name() {
    let audit = memlayout::audit().retain(|t| (t.type_name)().starts_with("registry::"));
    let entries = audit.entries();
    assert_eq!(entries.len(), expected().len() - 2);
    for pair in entries.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let key = |e: &memlayout::registry::AuditEntry| {
            (
                core::cmp::Reverse(e.wasted_bytes),
                core::cmp::Reverse(e.wasted_bytes * 1_000_000 / e.layout.size.max(1)),
            )
        };
        assert!(
            key(a) <= key(b),
            "{} before {}",
            a.layout.name,
            b.layout.name
        );
    }
    assert_eq!(entries[0].layout.name, "Message");
    assert_eq!(
        audit.wasted_bytes(),
        entries.iter().map(|e| e.wasted_bytes).sum::<usize>()
    );
}

#[test]
fn the_failing_assertion_lists_exactly_the_types_over_the_share() {
    let audit = Audit::of(only_this_file());
    let share = 0.25;
    let over: Vec<&str> = audit
        .entries()
        .iter()
        .filter(|e| e.wasted_bytes * 4 > e.layout.size)
        .map(|e| (e.layout.type_name)())
        .collect();
    assert!(over.len() >= 5, "{over:?}");
    let error = audit.check_waste_at_most(share).unwrap_err();
    let listed: Vec<&str> = error
        .entries
        .iter()
        .map(|e| (e.layout.type_name)())
        .collect();
    assert_eq!(listed, over);

    let message = std::panic::catch_unwind(|| audit.assert_waste_at_most(share))
        .unwrap_err()
        .downcast::<String>()
        .unwrap();
    assert_eq!(*message, error.to_string());
    let blocks: Vec<&str> = message.split("\n`").collect();
    assert_eq!(blocks.len(), over.len(), "{message}");
    let header = size_of::<wire::Header>();
    let waste = header - size_of::<u8>() - size_of::<u64>();
    let expected_block = format!(
        "`Header` is over budget:\n  waste = {waste} bytes ({:.1}% of {header} bytes), budget \
         waste <= 25.0%\n    largest contributors: padding after `kind` {waste} bytes\n    \
         padding: {waste} bytes in its own gaps, needed by alignment in any field order",
        waste as f64 * 100.0 / header as f64
    );
    assert!(message.contains(&expected_block), "{message}");
    assert!(
        message.contains(
            "    reorder: reorder as len, tag, flags: 8 bytes instead of 12, saves 4 bytes"
        ) || size_of::<wire::Packet>() != 12
    );

    // Within the share: no error, no panic.
    let most = audit
        .entries()
        .iter()
        .map(|e| e.wasted_share())
        .fold(0.0, f64::max);
    assert!(audit.check_waste_at_most(most).is_ok());
    audit.assert_waste_at_most(most);
    assert!(audit.check_waste_at_most(most - 1e-9).is_err());
}

#[test]
fn audit_text_has_a_row_per_wasteful_type() {
    let audit = Audit::of(only_this_file());
    let text = audit.to_string();
    let with_findings = audit
        .entries()
        .iter()
        .filter(|e| !e.findings.is_empty())
        .count();
    let clean = audit.entries().len() - with_findings;
    assert!(clean > 1, "{clean}");
    assert!(text.starts_with(&format!("audit of {} types: ", audit.entries().len())));
    assert!(
        text.ends_with(&format!("{clean} types waste nothing\n")),
        "{text}"
    );
    let header = text.lines().nth(1).unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["waste", "share", "size", "type"]
    );
    let rows: Vec<&str> = text
        .lines()
        .skip(2)
        .filter(|l| l.starts_with(' ') && l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), with_findings, "{text}");
    let first: Vec<&str> = rows[0].split_whitespace().collect();
    let message = audit.entry::<enums::Message>().unwrap();
    assert_eq!(first[0], message.wasted_bytes.to_string());
    assert_eq!(first[2], size_of::<enums::Message>().to_string());
    assert_eq!(first[3], "Message");
}

#[cfg(feature = "json")]
#[test]
fn audit_json_carries_the_same_figures() {
    let audit = Audit::of(only_this_file());
    let json = audit.to_json();
    assert!(json.starts_with(r#"{"schema":"memlayout.audit/1""#));
    for entry in audit.entries() {
        let row = format!(
            r#"{{"type_name":"{}","name":"{}","size":{},"align":{},"wasted_bytes":{},"#,
            (entry.layout.type_name)(),
            entry.layout.name,
            entry.layout.size,
            entry.layout.align,
            entry.wasted_bytes
        );
        assert!(json.contains(&row), "{row} not in {json}");
    }
}
