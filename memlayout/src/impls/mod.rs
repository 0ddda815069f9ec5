//! `Layout` for the standard library's types, one family per file.
//!
//! What each family reports as heap (bytes the global allocator was asked for), shared
//! (reference-counted, counted once per walk) or borrowed (shown, never counted):
//!
//! | family | types | heap / shared / borrowed | storage | exact? |
//! |---|---|---|---|---|
//! | primitive | integers, floats, `bool`, `char`, `()`, `NonZero*`, atomics, `Duration`, `Instant`, `SystemTime`, IP and socket addresses | none | inline (`AtomicPtr`: raw pointer) | yes |
//! | pointer | `Box<T>` (also `Box<str>`, `Box<[T]>`, `Box<dyn Any>`), `Pin<Box<T>>`, `&T`, `&mut T`, `*const T`, `*mut T`, `NonNull<T>` | `Box`: one block of `size_of_val(contents)` (none for zero-sized contents); `&T`: the target is borrowed; raw pointers are not followed | owns heap / borrows / raw pointer | yes |
//! | string | `String`, `str`, `OsString`, `OsStr`, `PathBuf`, `Path`, `CString`, `CStr` | `capacity()` bytes; `CString`: `len + 1` (it is a `Box<[u8]>`) | owns heap (the unsized ones: inline) | yes |
//! | collections | `Vec`, `VecDeque`, `BinaryHeap`, `LinkedList` | `capacity * size_of::<T>()`; `LinkedList`: one block per node of two pointers and `T` | owns heap | yes |
//! | map | `HashMap`, `HashSet` (any hasher), `BTreeMap`, `BTreeSet` | hash tables: buckets + control bytes + a group's width, from `capacity()`; B-trees: leaf and internal nodes | owns heap | hash tables: yes, unless removals left tombstones: then an estimate with a certain low bound and an unknown high bound (`usize::MAX`); a rare residual (about 0.4% of tables after random removals, mostly emptied ones) is marked exact but a smaller table's size — see [`map`]; B-trees: an estimate with bounds |
//! | rc | `Rc`, `Arc`, `rc::Weak`, `sync::Weak` | shared: one block, the two counts included, counted once per walk; a dangling `Weak::new()` holds nothing | shares heap | yes |
//! | cell | `Cell<T: Copy>`, `RefCell`, `Mutex`, `RwLock`, `OnceCell`, `OnceLock` | the contents', read through `try_borrow` / `try_lock` / `try_read`; locked contents are reported unreadable | as the contents | yes, unless unreadable |
//! | option | `Option`, `Result` | the active variant's | as the payloads | yes |
//! | tuple | tuples of 1 to 12 elements | the fields' | strongest of the fields | yes |
//! | array | `[T; N]`, `[T]` | the elements' (inline) | as the element | yes |
//! | resource | `File`, `TcpStream`, `TcpListener`, `UdpSocket`, `OwnedFd` | none on the heap; an OS resource released on drop | resource | yes |
//! | misc | `Cow`, `PhantomData`, `ManuallyDrop`, `Wrapping`, `Saturating`, `Reverse`, `Infallible` (uninhabited), `io::Error`, `dyn Any`, `dyn Error`, `dyn Debug`, `dyn Display` (alone, `+ Send`, `+ Send + Sync`), and any trait object through [`dyn_layout!`](crate::dyn_layout) | `Cow`: the owned variant's, or a borrow; `io::Error`: its custom-error box and the boxed error; trait objects are opaque | as the payload / owns heap / opaque | trait objects (and what wraps one): no |
//!
//! Layout facts about std's private types (hash table allocation, B-tree and linked-list nodes,
//! reference-count headers) are derived from public figures (`capacity()`, `size_of`,
//! `align_of`) and checked against a counting allocator in `tests/test_std_heap.rs`.
mod array;
mod cell;
mod collections;
mod crates;
pub(crate) mod map;
pub(crate) mod misc;
mod option;
mod pointer;
mod primitive;
mod rc;
mod resource;
mod string;
mod tuple;

use crate::layout::{Kind, Repr, Storage, TypeLayout};

/// The static layout of an unsized type (`str`, `[T]`, `dyn Any`): size 0, marked unsized.
pub(crate) const fn unsized_of<T: ?Sized>(
    name: &'static str,
    kind: Kind,
    align: usize,
    storage: Storage,
) -> TypeLayout {
    TypeLayout {
        name,
        type_name: core::any::type_name::<T>,
        kind,
        size: 0,
        align,
        is_sized: false,
        repr: Repr::RUST,
        storage,
        fields: &[],
        memory_order: &[],
        variants: &[],
        element: None,
        len: None,
        needs_drop: false,
        is_uninhabited: false,
        has_niche: false,
        has_large_niche: false,
        padding_bytes: 0,
    }
}

/// Writes `value` with `Debug` as a report key (`"math"`, `3`, `'x'`).
pub(crate) fn debug_key<T: core::fmt::Debug + ?Sized>(value: &T, out: &mut String) -> bool {
    use core::fmt::Write;
    write!(out, "{value:?}").is_ok()
}
