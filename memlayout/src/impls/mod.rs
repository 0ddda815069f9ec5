//! `Layout` for the standard library's types, one family per file.
//!
//! What each family reports as heap (bytes the global allocator was asked for), shared
//! (reference-counted, counted once per walk) or borrowed (shown, never counted):
//!
//! | family | types | heap / shared / borrowed | storage | exact? |
//! |---|---|---|---|---|
//! | primitive | integers, floats, `bool`, `char`, `()`, `NonZero*`, atomics, `cmp::Ordering`, `Duration`, `Instant`, `SystemTime`, `Ipv4Addr`, `Ipv6Addr`, `IpAddr`, `SocketAddrV4`, `SocketAddrV6`, `SocketAddr` | none | inline (`AtomicPtr`: raw pointer) | yes |
//! | fn_ptr | `fn(A0, …) -> R`, `unsafe fn`, `extern "C" fn`, `extern "system" fn`, `extern "C-unwind" fn`, `extern "system-unwind" fn` and their `unsafe` forms, 0 to 12 arguments; not higher-ranked ones (`fn(&str)`: the derive makes such a field opaque), nor C-variadic ones | none: they point to code | inline | yes |
//! | pointer | `Box<T>` (also `Box<str>`, `Box<[T]>`, `Box<dyn Any>`), `Pin<Box<T>>`, `&T`, `&mut T`, `Pin<&T>`, `Pin<&mut T>`, `*const T`, `*mut T`, `NonNull<T>` | `Box`: one block of `size_of_val(contents)` (none for zero-sized contents); `&T`, `Pin<&T>`: the target is borrowed; raw pointers are not followed | owns heap / borrows / raw pointer | yes |
//! | string | `String`, `str`, `OsString`, `OsStr`, `PathBuf`, `Path`, `CString`, `CStr` | `capacity()` bytes; `CString`: `len + 1` (it is a `Box<[u8]>`) | owns heap (the unsized ones: inline) | yes |
//! | string | `FromUtf8Error`, `FromVecWithNulError` (the bytes they could not convert); `NulError`, `IntoStringError`; `FromUtf16Error` | at least the bytes' length (`as_bytes`; the vector's capacity is not shown); `NulError` and `IntoStringError` show their bytes only by value: unreadable; `FromUtf16Error`: none | owns heap / inline | bounds; `FromUtf16Error`: yes |
//! | collections | `Vec`, `VecDeque`, `BinaryHeap`, `LinkedList` | `capacity * size_of::<T>()`; `LinkedList`: one block per node of two pointers and `T` | owns heap | yes |
//! | collections | `vec::IntoIter<T>` | the vector's buffer, whose capacity it does not expose: at least the remaining elements' bytes, no upper bound; then the remaining elements | owns heap | bounds |
//! | map | `HashMap`, `HashSet` (any hasher), `BTreeMap`, `BTreeSet` | hash tables: buckets + control bytes + a group's width, from `capacity()`; B-trees: leaf and internal nodes | owns heap | hash tables: yes, unless removals left tombstones: then an estimate with a certain low bound and an unknown high bound (`usize::MAX`); a rare residual (about 0.4% of tables after random removals, mostly emptied ones) is marked exact but a smaller table's size — see [`map`]; B-trees: an estimate with bounds, exact where they meet (up to ten entries) |
//! | rc | `Rc`, `Arc` (also `Rc<str>`, `Arc<str>`, `Rc<[T]>`, `Arc<[T]>`), `Pin<Rc<T>>`, `Pin<Arc<T>>`, `rc::Weak`, `sync::Weak` (also `Weak<str>`, `Weak<[T]>`) | shared: one block, the two counts included, counted once per walk; a dangling `Weak::new()` holds nothing | shares heap | yes |
//! | cell | `Cell<T: Copy>`, `RefCell`, `Mutex`, `RwLock`, `OnceCell`, `OnceLock` | the contents', read through `try_borrow` / `try_lock` / `try_read`; locked contents are reported unreadable | as the contents | yes, unless unreadable |
//! | guard | `cell::Ref`, `cell::RefMut`, `MutexGuard`, `RwLockReadGuard`, `RwLockWriteGuard` | the target is borrowed (at the root it is looked through, like a reference) | borrows | yes |
//! | lazy | `LazyLock<T, F>`, `LazyCell<T, F>` | never forced, never read: none when neither `T` nor `F` has drop glue; otherwise unreadable (whether it was forced is not observable on stable) | inline / opaque | yes without drop glue; otherwise bounds (the known part .. unknown) |
//! | option | `Option`, `Result`, `Bound`, `Poll`, `ControlFlow`, `env::VarError` | the active variant's | as the payloads | yes |
//! | range | `Range`, `RangeInclusive`, `RangeFrom`, `RangeTo`, `RangeToInclusive`, `RangeFull` | the endpoints' | as the endpoints | yes |
//! | tuple | tuples of 1 to 12 elements | the fields' | strongest of the fields | yes |
//! | array | `[T; N]`, `[T]`, `array::IntoIter<T, N>` (the elements not yet yielded) | the elements' (inline) | as the element | yes |
//! | io | `Cursor<T>`, `Take<T>`, `Chain<A, B>` | the inner values' | as the inner values | yes |
//! | io | `BufReader<R>`, `BufWriter<W>` | the buffer, `capacity()` bytes (freed before the inner value drops), then the inner value's | owns heap | yes |
//! | io | `LineWriter<W>` | the buffer's capacity has no public accessor: reported unreadable; then `W`'s | owns heap | bounds |
//! | io | `Stdin`, `Stdout`, `Stderr`, `Empty`, `Sink`, `Repeat`, `SeekFrom`, `ErrorKind`; `StdinLock`, `StdoutLock`, `StderrLock` | none (the streams are process-wide statics) | inline; locks: borrows | yes |
//! | sync | `Condvar`, `Barrier`, `BarrierWaitResult`, `WaitTimeoutResult`, `Once`, `OnceState`, `mpsc::RecvError`, `TryRecvError`, `RecvTimeoutError` | none | inline | yes without drop glue (checked on Linux; std's futex-based platforms); otherwise bounds |
//! | sync | `mpsc::Sender`, `mpsc::SyncSender`, `mpsc::Receiver` | the channel and its queued messages are private: unreadable | shares heap | bounds |
//! | sync | `mpsc::SendError`, `mpsc::TrySendError`, `PoisonError`, `TryLockError` | what they carry: the message, or the guard (a borrow) | as the payload | yes |
//! | sync | `task::Waker` | its data belongs to the executor: unreadable | opaque | bounds |
//! | thread | `ThreadId` | none | inline | yes |
//! | thread | `JoinHandle` (its drop detaches the thread), `ScopedJoinHandle`, `Thread` | private thread record and result slot: unreadable | shares heap | bounds |
//! | process | `Child` (its pipe ends are its public fields), `ChildStdin`, `ChildStdout`, `ChildStderr` | none; each pipe end is closed on drop | resource | yes |
//! | process | `Output` | its `stdout` and `stderr` vectors | owns heap | yes |
//! | process | `ExitStatus`, `ExitCode` | none | inline | yes |
//! | process | `Command` | program, arguments, environment in private structures: unreadable | owns heap | bounds |
//! | backtrace | `Backtrace` | none unless captured; captured frames are private: unreadable | owns heap | yes unless captured; then bounds |
//! | plain | `PhantomPinned`, `TypeId`, `c_void`, `alloc::System`, `RandomState`, `DefaultHasher`, `BuildHasherDefault<H>`, `alloc::Layout`, `LayoutError`, `atomic::Ordering`, `panic::Location<'static>`, `fmt::Arguments<'_>`, `fs::Metadata`, `fs::FileType`, `fs::Permissions`, `fs::OpenOptions`, `SystemTimeError`, `TryFromFloatSecsError`, `AddrParseError`, `net::Shutdown`, `FpCategory`, `IntErrorKind`, `Utf8Error`, `ParseIntError`, `ParseFloatError`, `TryFromIntError`, `ParseBoolError`, `ParseCharError`, `CharTryFromError`, `TryFromCharError`, `DecodeUtf16Error`, `TryFromSliceError`, `TryReserveError`, `BorrowError`, `BorrowMutError`, `fmt::Error`, `StripPrefixError`, `JoinPathsError`, `FromBytesWithNulError`, `FromBytesUntilNulError`, `thread::AccessError` | none: a type without drop glue frees nothing | inline | yes without drop glue (each of them on Linux); otherwise bounds |
//! | resource | `File`, `TcpStream`, `TcpListener`, `UdpSocket`, `OwnedFd`, `UnixStream`, `UnixListener`, `UnixDatagram` | none on the heap; an OS resource released on drop | resource | yes |
//! | resource | `fs::ReadDir` (closes its directory), `fs::DirEntry` | the directory's path and the entry's name are private: unreadable | resource / shares heap | bounds |
//! | misc | `Cow`, `PhantomData`, `ManuallyDrop`, `Wrapping`, `Saturating`, `Reverse`, `Infallible` (uninhabited), `io::Error`, `dyn Any`, `dyn Error`, `dyn Debug`, `dyn Display`, `dyn Future<Output = T>`, `dyn Iterator<Item = T>`, `dyn io::Read`, `dyn io::Write` (with any of `Send`, `Sync`, `Unpin`, any lifetime; in trait_object.rs), closures (`dyn Fn(A, ..) -> R`, `FnMut`, `FnOnce`, up to four arguments, alone, `+ Send`, `+ Sync`, `+ Send + Sync`, any lifetime), and any trait object through [`dyn_layout!`](crate::dyn_layout) | `Cow`: the owned variant's, or a borrow; `io::Error`: its custom-error box and the boxed error; trait objects are opaque | as the payload / owns heap / opaque | trait objects (and what wraps one): no |
//! | unread | `MaybeUninit<T>`, `UnsafeCell<T>`, [`Opaque<T>`](crate::Opaque) (what `#[layout(opaque)]` fields are visited as) | never read: none when `T` has no drop glue, else unknown (reported unreadable) | inline / opaque | yes when `T` has no drop glue; otherwise a lower bound with no upper bound |
//!
//! Layout facts about std's private types (hash table allocation, B-tree and linked-list nodes,
//! reference-count headers) are derived from public figures (`capacity()`, `size_of`,
//! `align_of`) and checked against a counting allocator in `tests/test_std_heap_*.rs` and
//! `tests/test_std_more*.rs`. A "bounds" figure is a lower bound (what is known) with no upper
//! bound: totals are marked inexact, `heap_bytes_high` is `usize::MAX`, and budgets on it fail.
//! Where a type's heap is private, "yes without drop glue" rests on one public fact: a type
//! whose `core::mem::needs_drop` is false frees nothing when dropped, so it owns no heap.
mod array;
#[cfg(feature = "std")]
mod backtrace;
pub(crate) mod cell;
#[cfg(feature = "alloc")]
pub(crate) mod collections;
mod crates;
mod fn_ptr;
#[cfg(feature = "std")]
mod guard;
#[cfg(feature = "std")]
mod io;
#[cfg(feature = "alloc")]
pub(crate) mod keys;
#[cfg(feature = "std")]
mod lazy;
#[cfg(feature = "alloc")]
pub(crate) mod map;
pub(crate) mod misc;
mod option;
#[cfg(feature = "std")]
pub(crate) mod plain;
mod pointer;
mod primitive;
#[cfg(feature = "std")]
mod process;
mod range;
#[cfg(feature = "alloc")]
mod rc;
#[cfg(feature = "std")]
mod resource;
mod string;
#[cfg(feature = "std")]
mod sync;
#[cfg(feature = "std")]
mod thread;
mod trait_object;
mod tuple;
pub(crate) mod unread;

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
        has_niche_over_256: false,
        padding_bytes: 0,
    }
}

/// Writes `value` with `Debug` as a report key (`"math"`, `3`, `'x'`) into any writer
/// ([`Layout::write_key_to`](crate::Layout::write_key_to)).
#[cfg(feature = "alloc")]
pub(crate) fn debug_key_to<T: core::fmt::Debug + ?Sized>(
    value: &T,
    out: &mut dyn core::fmt::Write,
) -> Option<bool> {
    Some(write!(out, "{value:?}").is_ok())
}
