//! Static layout of std types against the compiler: size, alignment, storage class, `IS_LEAF`,
//! and for tuples every field's offset and the padding.

use std::any::Any;
use std::borrow::Cow;
use std::cell::{Cell, OnceCell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::error::Error;
use std::ffi::{CStr, CString, OsStr, OsString};
use std::fs::File;
use std::marker::PhantomData;
use std::mem::{align_of, needs_drop, offset_of, size_of, ManuallyDrop};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::num::{NonZeroU32, NonZeroU8, Saturating, Wrapping};
use std::path::{Path, PathBuf};
use std::ptr::NonNull;
use std::rc::{self, Rc};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize};
use std::sync::{self, Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant, SystemTime};

use memlayout::{Kind, Layout, Storage};

/// Checks a sized type's size, alignment, `needs_drop`, storage class and `IS_LEAF`.
macro_rules! sized {
    ($($t:ty => $storage:ident, leaf = $leaf:literal;)*) => {$({
        let layout = <$t as Layout>::LAYOUT;
        let what = stringify!($t);
        assert_eq!(layout.size, size_of::<$t>(), "{what}: size");
        assert_eq!(layout.align, align_of::<$t>(), "{what}: align");
        assert!(layout.is_sized, "{what}: sized");
        assert_eq!(layout.needs_drop, needs_drop::<$t>(), "{what}: needs_drop");
        assert_eq!(layout.storage, Storage::$storage, "{what}: storage");
        assert_eq!(<$t as Layout>::IS_LEAF, $leaf, "{what}: IS_LEAF");
        assert_eq!((layout.type_name)(), std::any::type_name::<$t>(), "{what}: type name");
    })*};
}

/// Checks an unsized type: no size, marked unsized, its storage class and `IS_LEAF`.
macro_rules! unsized_ {
    ($($t:ty => $storage:ident, leaf = $leaf:literal;)*) => {$({
        let layout = <$t as Layout>::LAYOUT;
        let what = stringify!($t);
        assert!(!layout.is_sized, "{what}: unsized");
        assert_eq!(layout.size, 0, "{what}: size");
        assert_eq!(layout.storage, Storage::$storage, "{what}: storage");
        assert_eq!(<$t as Layout>::IS_LEAF, $leaf, "{what}: IS_LEAF");
    })*};
}

#[test]
fn primitives_and_plain_data() {
    sized! {
        u8 => Inline, leaf = true;
        u16 => Inline, leaf = true;
        u32 => Inline, leaf = true;
        u64 => Inline, leaf = true;
        u128 => Inline, leaf = true;
        usize => Inline, leaf = true;
        i8 => Inline, leaf = true;
        i16 => Inline, leaf = true;
        i32 => Inline, leaf = true;
        i64 => Inline, leaf = true;
        i128 => Inline, leaf = true;
        isize => Inline, leaf = true;
        f32 => Inline, leaf = true;
        f64 => Inline, leaf = true;
        bool => Inline, leaf = true;
        char => Inline, leaf = true;
        () => Inline, leaf = true;
        NonZeroU8 => Inline, leaf = true;
        NonZeroU32 => Inline, leaf = true;
        std::num::NonZero<i128> => Inline, leaf = true;
        AtomicBool => Inline, leaf = true;
        AtomicU64 => Inline, leaf = true;
        AtomicUsize => Inline, leaf = true;
        AtomicPtr<String> => RawPointer, leaf = true;
        Duration => Inline, leaf = true;
        Instant => Inline, leaf = true;
        SystemTime => Inline, leaf = true;
        IpAddr => Inline, leaf = true;
        SocketAddr => Inline, leaf = true;
        std::cmp::Ordering => Inline, leaf = true;
        PhantomData<String> => Inline, leaf = true;
        PhantomData<dyn Any> => Inline, leaf = true;
    }
    assert_eq!(<u32 as Layout>::LAYOUT.kind, Kind::Primitive);
}

#[test]
fn pointers() {
    sized! {
        &'static u8 => Borrows, leaf = false;
        &'static mut String => Borrows, leaf = false;
        &'static str => Borrows, leaf = false;
        &'static [u64] => Borrows, leaf = false;
        &'static dyn Any => Borrows, leaf = false;
        *const u8 => RawPointer, leaf = true;
        *mut [u8] => RawPointer, leaf = true;
        NonNull<String> => RawPointer, leaf = true;
        Box<u8> => OwnsHeap, leaf = false;
        Box<()> => OwnsHeap, leaf = false;
        Box<str> => OwnsHeap, leaf = false;
        Box<[u16]> => OwnsHeap, leaf = false;
        Box<dyn Any> => OwnsHeap, leaf = false;
        Box<dyn Any + Send + Sync> => OwnsHeap, leaf = false;
        Box<dyn Error + Send + Sync> => OwnsHeap, leaf = false;
        Box<Path> => OwnsHeap, leaf = false;
        Box<CStr> => OwnsHeap, leaf = false;
        std::pin::Pin<Box<String>> => OwnsHeap, leaf = false;
        std::io::Error => OwnsHeap, leaf = false;
        Result<u8, std::io::Error> => OwnsHeap, leaf = false;
    }
    // Option<&T> and Option<Box<T>> use the null niche: no tag.
    assert_eq!(
        <Option<&u8> as Layout>::LAYOUT.size,
        <&u8 as Layout>::LAYOUT.size
    );
    assert_eq!(<Box<u8> as Layout>::LAYOUT.kind, Kind::Pointer);
}

#[test]
fn unsized_targets() {
    unsized_! {
        str => Inline, leaf = true;
        OsStr => Inline, leaf = true;
        Path => Inline, leaf = true;
        CStr => Inline, leaf = true;
        [u8] => Inline, leaf = true;
        [String] => OwnsHeap, leaf = false;
        [&'static str] => Borrows, leaf = false;
        dyn Any => Opaque, leaf = false;
        dyn Any + Send => Opaque, leaf = false;
        dyn Error => Opaque, leaf = false;
        dyn Error + Send + Sync => Opaque, leaf = false;
    }
    assert_eq!(<[u64] as Layout>::LAYOUT.align, align_of::<u64>());
    assert_eq!(<[u64] as Layout>::LAYOUT.kind, Kind::Slice);
    assert_eq!(<str as Layout>::LAYOUT.element.map(|e| e().size), Some(1));
}

#[test]
fn collections_and_strings() {
    sized! {
        Vec<u8> => OwnsHeap, leaf = false;
        Vec<()> => OwnsHeap, leaf = false;
        VecDeque<String> => OwnsHeap, leaf = false;
        BinaryHeap<u32> => OwnsHeap, leaf = false;
        LinkedList<u64> => OwnsHeap, leaf = false;
        String => OwnsHeap, leaf = false;
        OsString => OwnsHeap, leaf = false;
        PathBuf => OwnsHeap, leaf = false;
        CString => OwnsHeap, leaf = false;
        HashMap<String, Vec<u32>> => OwnsHeap, leaf = false;
        HashMap<u8, u8, std::hash::BuildHasherDefault<std::collections::hash_map::DefaultHasher>> => OwnsHeap, leaf = false;
        HashSet<u64> => OwnsHeap, leaf = false;
        BTreeMap<u32, String> => OwnsHeap, leaf = false;
        BTreeSet<char> => OwnsHeap, leaf = false;
    }
    assert_eq!(
        <Vec<u16> as Layout>::LAYOUT.element.map(|e| e().size),
        Some(2)
    );
    assert_eq!(
        <HashMap<u8, u64> as Layout>::LAYOUT
            .element
            .map(|e| e().size),
        Some(size_of::<(u8, u64)>())
    );
    assert_eq!(<Vec<u8> as Layout>::LAYOUT.kind, Kind::Collection);
}

#[test]
fn sharing_and_interior_mutability() {
    sized! {
        Rc<u8> => SharesHeap, leaf = false;
        Rc<str> => SharesHeap, leaf = false;
        Arc<[u8]> => SharesHeap, leaf = false;
        Arc<Mutex<Vec<u8>>> => SharesHeap, leaf = false;
        rc::Weak<String> => SharesHeap, leaf = false;
        sync::Weak<u8> => SharesHeap, leaf = false;
        Cell<u32> => Inline, leaf = true;
        Cell<Option<&'static str>> => Borrows, leaf = false;
        RefCell<u32> => Inline, leaf = true;
        RefCell<Vec<u8>> => OwnsHeap, leaf = false;
        Mutex<String> => OwnsHeap, leaf = false;
        Mutex<u64> => Inline, leaf = true;
        RwLock<Vec<u8>> => OwnsHeap, leaf = false;
        OnceCell<String> => OwnsHeap, leaf = false;
        OnceLock<u8> => Inline, leaf = true;
    }
}

#[test]
fn options_results_and_wrappers() {
    sized! {
        Option<u8> => Inline, leaf = true;
        Option<String> => OwnsHeap, leaf = false;
        Option<Box<u8>> => OwnsHeap, leaf = false;
        Option<&'static u8> => Borrows, leaf = false;
        Result<u8, u16> => Inline, leaf = true;
        Result<String, &'static str> => OwnsHeap, leaf = false;
        Result<(), Rc<u8>> => SharesHeap, leaf = false;
        Result<u8, File> => Resource, leaf = false;
        Cow<'static, str> => OwnsHeap, leaf = false;
        Cow<'static, [u32]> => OwnsHeap, leaf = false;
        ManuallyDrop<String> => OwnsHeap, leaf = false;
        ManuallyDrop<u8> => Inline, leaf = true;
        Wrapping<u32> => Inline, leaf = true;
        Saturating<i8> => Inline, leaf = true;
        Reverse<String> => OwnsHeap, leaf = false;
    }
    let option = <Option<u32> as Layout>::LAYOUT;
    assert_eq!(option.kind, Kind::Enum);
    assert_eq!(
        option.variant("Some").unwrap().payload_size,
        size_of::<u32>()
    );
    let result = <Result<u64, u8> as Layout>::LAYOUT;
    assert_eq!(
        result.variant("Ok").unwrap().fields[0].size,
        size_of::<u64>()
    );
    assert_eq!(
        result.variant("Err").unwrap().fields[0].size,
        size_of::<u8>()
    );
    let cow = <Cow<'static, str> as Layout>::LAYOUT;
    assert_eq!(
        cow.variant("Borrowed").unwrap().fields[0].storage,
        Storage::Borrows
    );
    assert_eq!(
        cow.variant("Owned").unwrap().fields[0].size,
        size_of::<String>()
    );
    assert!(!<ManuallyDrop<String> as Layout>::LAYOUT.needs_drop);
}

#[test]
fn resources() {
    sized! {
        File => Resource, leaf = false;
        TcpStream => Resource, leaf = false;
        TcpListener => Resource, leaf = false;
        UdpSocket => Resource, leaf = false;
    }
    #[cfg(unix)]
    sized! { std::os::fd::OwnedFd => Resource, leaf = false; }
}

/// Checks a tuple's fields against `offset_of!`, its memory order and its padding.
macro_rules! tuple_fields {
    ($t:ty: $($index:tt $field:ty),+) => {{
        let layout = <$t as Layout>::LAYOUT;
        let what = stringify!($t);
        assert_eq!(layout.kind, Kind::Tuple, "{what}");
        assert_eq!(layout.size, size_of::<$t>(), "{what}: size");
        assert_eq!(layout.align, align_of::<$t>(), "{what}: align");
        let expected = [$((stringify!($index), offset_of!($t, $index), size_of::<$field>(), align_of::<$field>())),+];
        assert_eq!(layout.fields.len(), expected.len(), "{what}: field count");
        for (field, (name, offset, size, align)) in layout.fields.iter().zip(expected) {
            assert_eq!((field.name, field.offset, field.size, field.align), (name, offset, size, align), "{what}");
            assert_eq!((field.layout)().size, size, "{what}.{name}: field layout");
        }
        let offsets: Vec<usize> = layout.fields_in_memory_order().map(|f| f.offset).collect();
        assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{what}: memory order");
        let gaps = size_of::<$t>() - (0 $(+ size_of::<$field>())+);
        let inner = 0 $(+ <$field as Layout>::LAYOUT.padding_bytes)+;
        assert_eq!(layout.padding_bytes, gaps + inner, "{what}: padding");
        assert_eq!(<$t as Layout>::IS_LEAF, true $(&& <$field as Layout>::IS_LEAF)+, "{what}: IS_LEAF");
    }};
}

#[test]
fn tuples_to_twelve() {
    tuple_fields!((u8,): 0 u8);
    tuple_fields!((u8, u32): 0 u8, 1 u32);
    tuple_fields!((u8, u64, u8): 0 u8, 1 u64, 2 u8);
    tuple_fields!((String, u8, (u8, u32), bool): 0 String, 1 u8, 2 (u8, u32), 3 bool);
    tuple_fields!((u8, u16, u8, u32, u8): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8);
    tuple_fields!((u8, u16, u8, u32, u8, u64): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8, 5 u64);
    tuple_fields!((u8, (), u8, u32, u8, u64, char): 0 u8, 1 (), 2 u8, 3 u32, 4 u8, 5 u64, 6 char);
    tuple_fields!((u8, u16, u8, u32, u8, u64, char, bool): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8, 5 u64, 6 char, 7 bool);
    tuple_fields!((u8, u16, u8, u32, u8, u64, char, bool, i8): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8, 5 u64, 6 char, 7 bool, 8 i8);
    tuple_fields!((u8, u16, u8, u32, u8, u64, char, bool, i8, u128): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8, 5 u64, 6 char, 7 bool, 8 i8, 9 u128);
    tuple_fields!((u8, u16, u8, u32, u8, u64, char, bool, i8, u128, Vec<u8>): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8, 5 u64, 6 char, 7 bool, 8 i8, 9 u128, 10 Vec<u8>);
    tuple_fields!((u8, u16, u8, u32, u8, u64, char, bool, i8, u128, Vec<u8>, &'static str): 0 u8, 1 u16, 2 u8, 3 u32, 4 u8, 5 u64, 6 char, 7 bool, 8 i8, 9 u128, 10 Vec<u8>, 11 &'static str);
    let storage = |t: &memlayout::TypeLayout| t.storage;
    assert_eq!(
        storage(<(u8, &'static str) as Layout>::LAYOUT),
        Storage::Borrows
    );
    assert_eq!(
        storage(<(Rc<u8>, String) as Layout>::LAYOUT),
        Storage::OwnsHeap
    );
    assert_eq!(
        storage(<(u8, Arc<u8>) as Layout>::LAYOUT),
        Storage::SharesHeap
    );
    assert_eq!(storage(<(u8, u16) as Layout>::LAYOUT), Storage::Inline);
}

#[test]
fn arrays() {
    sized! {
        [u8; 0] => Inline, leaf = true;
        [u32; 7] => Inline, leaf = true;
        [String; 3] => OwnsHeap, leaf = false;
        [(u8, u32); 4] => Inline, leaf = true;
        [&'static str; 2] => Borrows, leaf = false;
    }
    let layout = <[(u8, u32); 4] as Layout>::LAYOUT;
    assert_eq!(layout.kind, Kind::Array);
    assert_eq!(layout.len, Some(4));
    assert_eq!(
        layout.element.map(|e| e().size),
        Some(size_of::<(u8, u32)>())
    );
    assert_eq!(
        layout.padding_bytes,
        4 * <(u8, u32) as Layout>::LAYOUT.padding_bytes
    );
}
