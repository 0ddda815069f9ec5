//! Helpers and types shared by the `test_hunt_*` files (hunt 11a: enums and drop steps with
//! types shaped like other people's code): checks against ground truth memlayout did not
//! compute (`size_of` / `align_of`, addresses of variant bindings in live values, the counting
//! allocator, droppers that log their own address), and the types several files use.
//! Include it after `common/alloc.rs`:
//!
//! ```ignore
//! #[path = "common/alloc.rs"]
//! mod alloc;
//! #[path = "common/hunt.rs"]
//! mod hunt;
//! use hunt::*;
//! ```
// Each file uses a part of these helpers and of the names re-exported below.
#![allow(dead_code, unused_imports)]

pub use std::borrow::Cow;
pub use std::cell::RefCell;
pub use std::collections::{HashMap, VecDeque};
pub use std::convert::Infallible;
pub use std::error::Error;
pub use std::marker::PhantomData;
pub use std::mem::{align_of, size_of, ManuallyDrop};
pub use std::num::NonZeroU8;
pub use std::rc::{Rc, Weak};
pub use std::sync::Arc;

pub use memlayout::{DropAction, DropOrderExt, Layout, LayoutReport};

use crate::alloc;

pub fn addr<T: ?Sized>(value: &T) -> usize {
    value as *const T as *const u8 as usize
}

/// One field of the active variant as measured here: (name, offset, size, align).
pub type Measured = (&'static str, usize, usize, usize);

pub fn at<T, F>(name: &'static str, value: &T, field: &F) -> Measured {
    (
        name,
        addr(field) - addr(value),
        size_of::<F>(),
        align_of::<F>(),
    )
}

/// The type's size and alignment are the compiler's.
#[track_caller]
pub fn check_size<T: Layout>() {
    assert_eq!(
        (T::LAYOUT.size, T::LAYOUT.align),
        (size_of::<T>(), align_of::<T>()),
        "{}",
        std::any::type_name::<T>()
    );
}

/// `variant::of` and the report name `variant` with these fields where the value has them.
#[track_caller]
pub fn check_variant<T: Layout>(value: &T, variant: &str, fields: Vec<Measured>) {
    check_size::<T>();
    let active = memlayout::variant::of(value).expect("an enum");
    assert_eq!(active.name, variant, "{}", std::any::type_name::<T>());
    assert_eq!(
        active.index,
        T::LAYOUT
            .variants
            .iter()
            .position(|v| v.name == variant)
            .unwrap()
    );
    let got: Vec<Measured> = active
        .fields
        .iter()
        .map(|f| (f.name, f.offset.expect("an offset"), f.size, f.align))
        .collect();
    assert_eq!(got, fields, "{} {variant}", std::any::type_name::<T>());
    let report = value.layout_report();
    assert_eq!(report.root().variant(), Some(variant));
    for (name, offset, _, _) in &fields {
        let path = format!(".{variant}.{name}");
        let node = report
            .find(&path)
            .unwrap_or_else(|| panic!("no node at {path}:\n{report}"));
        assert_eq!(node.offset(), Some(*offset), "{path}");
    }
}

/// The heap figures of a value built inside `build` are what the allocator saw.
#[track_caller]
pub fn check_heap<T: Layout>(build: impl FnOnce() -> T) -> T {
    let (value, usage) = alloc::measure(build);
    let totals = memlayout::totals(&value);
    assert_eq!(
        (totals.heap_bytes, totals.allocations),
        (usage.bytes, usage.allocations),
        "{}",
        std::any::type_name::<T>()
    );
    assert_eq!(memlayout::heap_bytes(&value), usage.bytes);
    let report = value.layout_report();
    assert_eq!(report.totals().heap_bytes, usage.bytes);
    value
}

#[derive(Layout)]
pub enum Mode {
    Read,
    Write(u32),
}

#[derive(Layout)]
pub enum Command {
    Open { path: String, mode: Option<Mode> },
    Close(u8),
    Flush,
}

#[derive(Layout)]
pub enum Never {}

#[derive(Layout)]
pub enum Parsed {
    Int(i64),
    Failed(Infallible),
    Empty(Never),
    NeverPair(u32, Never),
    Text(String),
}

#[derive(Layout)]
#[repr(u8)]
pub enum Opcode {
    Halt = 250,
    Push(u32) = 3,
    Pop,
    Jump { to: u16, cond: bool } = 200,
}

#[derive(Layout)]
#[repr(i64)]
pub enum Wide {
    Neg(u8) = -5,
    Zero,
    Big(u64, u8) = 1 << 40,
}

#[derive(Layout)]
#[repr(i8)]
pub enum Small {
    A = -128,
    B(u16) = 127,
}

#[derive(Layout)]
#[repr(C, u8)]
pub enum Packet {
    Ping,
    Data { len: u16, bytes: [u8; 5], crc: u32 },
    Ack(u64, u8),
}

#[derive(Layout)]
#[repr(C)]
pub enum CShape {
    Dot(u8),
    Line(u8, f64),
}

#[derive(Layout)]
pub enum Either<L, R> {
    Left(L),
    Right(R),
}

/// The largest variant has padding after its `u8`; the tag fits there (or in front).
#[derive(Layout)]
pub enum Padded {
    A(u8, u64),
    B(u32),
    C,
}

thread_local! {
    pub static DROPS: RefCell<Vec<(String, usize)>> = const { RefCell::new(Vec::new()) };
}

/// A dropper that logs its label and its own address when dropped.
#[derive(Layout)]
pub struct D {
    pub label: &'static str,
}

impl Drop for D {
    fn drop(&mut self) {
        let at = self as *const D as usize;
        DROPS.with(|log| log.borrow_mut().push((self.label.to_string(), at)));
    }
}

pub fn d(label: &str) -> D {
    D {
        label: Box::leak(label.to_string().into_boxed_str()),
    }
}

/// The heap-freeing steps as the sizes the allocator sees, in order.
pub fn predicted_frees(order: &memlayout::drop::DropOrder) -> Vec<usize> {
    order
        .steps()
        .filter_map(|s| match s.action() {
            DropAction::FreesHeap {
                bytes, allocations, ..
            } => {
                assert_eq!(allocations, 1, "{s}");
                Some(bytes)
            }
            DropAction::FreesShared { bytes } => Some(bytes),
            _ => None,
        })
        .collect()
}

/// Predicts the drop of `value`, drops it in place, and compares: every `Drop::drop` call (its
/// path is the dropper's label, its address the dropper's own) and every free (its size), in
/// order. Returns the observed drops.
#[track_caller]
pub fn check_drop<T: Layout>(value: T) -> Vec<String> {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<(String, usize)> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .filter(|s| s.type_name() == "D")
        .map(|s| (s.path(), s.address().expect("an address")))
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: `value` is dropped once, here, and not used again.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    let observed = DROPS.with(|log| log.take());
    assert_eq!(
        predicted, observed,
        "Drop::drop calls (left: predicted)\n{order:#}"
    );
    assert_eq!(frees, observed_frees, "frees (left: predicted)\n{order:#}");
    observed.into_iter().map(|(label, _)| label).collect()
}

#[derive(Layout)]
pub struct Node {
    pub item: D,
    pub next: Option<Box<Node>>,
}

pub trait Plugin {
    fn name(&self) -> &str;
}

pub struct Named(pub D, pub String);

impl Plugin for Named {
    fn name(&self) -> &str {
        &self.1
    }
}

memlayout::dyn_layout!(dyn Plugin);

#[derive(Layout)]
pub struct Shared {
    pub first: Rc<D>,
    pub weak: Weak<D>,
    pub second: Rc<D>,
}

/// What the drop leaves allocated, by the allocator: the heap before less what the drop frees
/// (every test value here owns all its heap); memlayout's `leaked` must say the same.
#[track_caller]
pub fn check_leaked<T: Layout>(value: T) {
    let heap = memlayout::heap_bytes(&value);
    let order = value.drop_order();
    let leaked = order.leaked().0;
    let mut value = ManuallyDrop::new(value);
    let frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    assert_eq!(predicted_frees(&order), frees, "{order:#}");
    assert_eq!(leaked, heap - frees.iter().sum::<usize>(), "{order:#}");
}

#[derive(Layout)]
pub enum List {
    Cons(D, Box<Self>),
    Nil,
}

#[derive(Layout)]
pub struct Link {
    pub item: D,
    pub next: Option<Box<Self>>,
}

/// Drops `value` in place and checks the number of `D` drops and the frees against the
/// prediction; returns the number of drops (the paths are the walk's own spelling).
#[track_caller]
pub fn check_drop_paths<T: Layout>(value: T) -> usize {
    let mut value = ManuallyDrop::new(value);
    let order = (*value).drop_order();
    let predicted: Vec<usize> = order
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl && s.type_name() == "D")
        .map(|s| s.address().unwrap())
        .collect();
    let frees = predicted_frees(&order);
    DROPS.with(|log| log.borrow_mut().clear());
    let observed_frees = alloc::frees_during(|| {
        // SAFETY: dropped once, here.
        unsafe { ManuallyDrop::drop(&mut value) }
    });
    let observed: Vec<usize> = DROPS
        .with(|log| log.take())
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(predicted, observed, "{order:#}");
    assert_eq!(frees, observed_frees, "{order:#}");
    observed.len()
}

#[derive(Layout)]
pub enum Val {
    Leaf(D),
    Text(String),
    Boxed(Box<Val>),
    List(Vec<Val>),
    Maybe(Option<Box<Val>>),
    Shared(Rc<Val>),
    Watch(Weak<Val>),
    Pair {
        left: Box<Val>,
        right: Option<Rc<Val>>,
    },
    Forgot(ManuallyDrop<Box<Val>>),
    Link(RefCell<Option<Rc<Val>>>),
    Atomic(Arc<Val>, Option<std::sync::Weak<Val>>),
    Map(HashMap<u8, Val>),
    Queue(VecDeque<Val>),
    Nothing,
}

thread_local! {
    /// How many cycle links `random_val` made.
    pub static LINKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Whether `random_val` may make cycle links.
    pub static MAY_LINK: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A random value; `shared` inside an `Rc`'s contents, where nothing is forgotten (a forgotten
/// part of a shared value that dies before the test would hold handles outside the value).
pub fn random_val(rng: &mut Lcg, depth: u32, pool: &mut Vec<Rc<Val>>, shared: bool) -> Val {
    let pick = if depth == 0 {
        rng.below(3)
    } else {
        rng.below(15)
    };
    match pick {
        0 => Val::Leaf(D { label: "leaf" }),
        1 => Val::Text("t".repeat(rng.below(20) as usize)),
        2 => Val::Nothing,
        3 => Val::Boxed(Box::new(random_val(rng, depth - 1, pool, shared))),
        4 => Val::List(
            (0..rng.below(5))
                .map(|_| random_val(rng, depth - 1, pool, shared))
                .collect(),
        ),
        5 => Val::Maybe(
            (rng.below(2) == 0).then(|| Box::new(random_val(rng, depth - 1, pool, shared))),
        ),
        6 | 7 => {
            if rng.below(5) == 0 {
                // Held only by the pool: dead once the pool lets it go.
                let rc = Rc::new(random_val(rng, depth - 1, pool, true));
                let weak = Rc::downgrade(&rc);
                pool.push(rc);
                Val::Watch(weak)
            } else if pool.is_empty() || rng.below(3) == 0 {
                let rc = Rc::new(random_val(rng, depth - 1, pool, true));
                pool.push(rc.clone());
                Val::Shared(rc)
            } else {
                let i = rng.below(pool.len() as u64) as usize;
                if rng.below(2) == 0 {
                    Val::Shared(pool[i].clone())
                } else {
                    Val::Watch(Rc::downgrade(&pool[i]))
                }
            }
        }
        10 if shared => Val::Nothing,
        10 => Val::Forgot(ManuallyDrop::new(Box::new(random_val(
            rng,
            depth - 1,
            pool,
            shared,
        )))),
        11 if !MAY_LINK.with(|may| may.get()) => Val::Nothing,
        11 => {
            // A link that later points back at a shared value: cycles through `Rc`s.
            LINKS.with(|n| n.set(n.get() + 1));
            let rc = Rc::new(Val::Link(RefCell::new(None)));
            if let Some(target) = pool.get(rng.below(pool.len() as u64 + 1) as usize) {
                if let Val::Link(cell) = &*rc {
                    *cell.borrow_mut() = Some(target.clone());
                }
            }
            pool.push(rc.clone());
            if let (Some(first), true) = (pool.first(), rng.below(2) == 0) {
                if let Val::Link(cell) = &**first {
                    if cell.borrow().is_none() {
                        *cell.borrow_mut() = Some(rc.clone());
                    }
                }
            }
            Val::Shared(rc)
        }
        12 => {
            // An `Arc` of a value that is not `Send`, as single-threaded code holds one.
            #[allow(clippy::arc_with_non_send_sync)]
            let arc = Arc::new(random_val(rng, depth - 1, pool, shared));
            let weak = (rng.below(2) == 0).then(|| Arc::downgrade(&arc));
            Val::Atomic(arc, weak)
        }
        13 => Val::Map(
            (0..rng.below(4))
                .map(|k| (k as u8, random_val(rng, depth - 1, pool, shared)))
                .collect(),
        ),
        14 => {
            let mut queue = VecDeque::with_capacity(4);
            for _ in 0..rng.below(6) {
                queue.push_back(random_val(rng, depth - 1, pool, shared));
                // Moves the head round the ring (dropping nothing here: a dropped value could
                // leave forgotten parts outside the value).
                if rng.below(3) == 0 {
                    if let Some(front) = queue.pop_front() {
                        queue.push_back(front);
                    }
                }
            }
            Val::Queue(queue)
        }
        _ => Val::Pair {
            left: Box::new(random_val(rng, depth - 1, pool, shared)),
            right: pool.last().filter(|_| rng.below(2) == 0).cloned(),
        },
    }
}
