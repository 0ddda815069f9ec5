//! Drop order: every step `drop(value)` performs, in the order it performs them.
//!
//! [`DropOrderExt::drop_order`](crate::DropOrderExt::drop_order) walks a value through the
//! [`Visitor`](crate::Visitor) protocol, which reports a value's parts in the order its drop
//! releases them, and turns the walk into a list of [`DropStep`]s. The rules it follows are
//! those of the Rust Reference, [Destructors](https://doc.rust-lang.org/reference/destructors.html):
//!
//! - a type's own [`Drop::drop`] runs first, before any of its fields are dropped
//!   ([`DropAction::RunsDropImpl`]);
//! - then the fields, recursively, in **declaration order** (not memory order); tuple, array and
//!   slice elements in index order; an enum drops only its active variant's fields;
//! - a `Vec`'s elements are dropped in index order, then its buffer is freed; a `Box`'s contents
//!   are dropped, then its allocation is freed; a `String` frees its buffer
//!   ([`DropAction::FreesHeap`]);
//! - maps and sets drop their entries in the order the collection iterates them (for a
//!   `HashMap`, its table's order; for a `BTreeMap`, key order), key before value, then free
//!   their storage; a `VecDeque` and a `LinkedList` drop front to back, a list node being freed
//!   right after its element;
//! - an `Rc`/`Arc` decrements its strong count ([`DropAction::DecrementsStrong`]); the last
//!   strong reference drops the contents ([`DropAction::DropsSharedContents`]), and the
//!   allocation is freed once the weak count is zero too ([`DropAction::FreesShared`]). Counts
//!   are simulated across the whole value: three clones of one `Rc` inside the value, and no
//!   owner outside it, give two decrements and then the contents' drop at the third clone;
//! - every type without drop glue (`core::mem::needs_drop` is false) does nothing; it is left
//!   out unless [`DropOptions::include_no_ops`] asks for it. `ManuallyDrop<T>` (or a value
//!   holding one) whose contents own heap is a [`DropAction::Forgets`] step: nothing drops the
//!   contents, so their heap stays allocated and counts in [`DropOrder::leaked`];
//! - operating-system resources are named for what they release
//!   ([`DropAction::ReleasesResource`], e.g. "closes its file descriptor").
//!
//! # Paths
//! Each step names the part it acts on with a path from the dropped value, in Rust syntax, as a
//! value report writes it; the full syntax (including `[#3]` for map entries whose key has no
//! short form) is tabled at [`DropStep::path`], the public place users read. A path alone can be
//! ambiguous (two keys that write the same text); [`DropStep::address`] and
//! [`DropStep::drops`] name the very value.
//!
//! # Whether a type has its own `Drop` impl
//! [`Layout::has_drop_impl`](crate::Layout::has_drop_impl) answers it. `#[derive(Layout)]` detects an `impl Drop` on a type
//! without type parameters by itself. For a generic type it infers one when the type needs
//! dropping although none of its fields does; a generic type with its own `Drop` impl *and*
//! fields that need dropping must say so with `#[layout(drop_impl)]` (a derive cannot see impls
//! whose bounds depend on the parameters).
//! A hand-written [`Layout`](crate::Layout) impl returns `true` from `has_drop_impl` when the type implements
//! `Drop`. The prediction assumes `Drop::drop` leaves the fields in place: a `Drop` impl that
//! takes parts out and releases them itself (an iterative list teardown) changes what follows.
//!
//! # Large values
//! The walk bounds its own stack: it recurses through `visit` calls up to a fixed depth, then
//! continues with an explicit stack of continuation tasks that keeps every step in order, so a
//! million-node `Box` chain is walked on a 2 MiB thread. std's drop glue has no such bound: it
//! recurses once per nested value. [`DropOrder::max_recursion_depth`] reports how deep, and
//! `Display` warns past [`DropOptions::recursion_warning_at`].
//!
//! `Display` shows the first and last few elements of a long run and one line for the middle
//! (`... 999,990 more elements ...`); the alternate form `{:#}` and [`DropOrder::steps`] give
//! every step.
//!
//! # Where the prediction is approximate
//! - A `BTreeMap`/`BTreeSet` frees its nodes as it goes; the order shows the entries, then one
//!   step for all nodes, with the estimated bytes of [`Exactness::Estimate`](crate::visit::Exactness).
//! - A `LinkedList` of values that own nothing is one step for all its nodes.
//! - `Arc` counts are read once per handle; another thread may change them meanwhile. The
//!   `Weak` handles the value holds to an allocation whose strong count is already 0 count as
//!   its last weak references (std does not report the weak count then): the last of them met
//!   frees it, unless a weak handle the drop leaves in place (forgotten, or inside a shared
//!   value the drop keeps) holds it too. A weak handle outside the value is not seen.
//! - The contents of a trait object (`Box<dyn Any>`) and a locked `Mutex` are not inspected:
//!   they are one [`DropAction::Unreadable`] step.

use alloc::{string::String, vec::Vec};
use core::fmt;

mod display;
mod paths;
mod step;

pub(crate) use display::{grouped, MAX_INDENT};
pub(crate) use paths::{to_u32, Paths, Run, ROOT};
pub use step::DropStep;
pub(crate) use step::{Part, Step};

/// What one step of a drop does.
///
/// ```
/// use memlayout::{DropAction, DropOrderExt};
///
/// let order = vec![String::from("abc")].drop_order();
/// let actions: Vec<DropAction> = order.steps().map(|s| s.action()).collect();
/// let string_buffer = DropAction::FreesHeap { bytes: 3, allocations: 1, is_exact: true };
/// assert_eq!(actions[0], string_buffer);
/// assert!(matches!(actions[1], DropAction::FreesHeap { .. })); // then the Vec's buffer
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DropAction {
    /// The type's own `Drop::drop` runs (before its fields are dropped).
    RunsDropImpl,
    /// The type may have its own `Drop::drop`, which would run here: it is generic, derived
    /// without `#[layout(drop_impl)]`, and its fields need dropping, so the derive cannot tell
    /// ([`Layout::is_drop_impl_known`](crate::Layout::is_drop_impl_known) is `false`). The
    /// steps after it assume the fields are dropped in place.
    MayRunDropImpl,
    /// A heap allocation the value owns is returned to the allocator.
    FreesHeap {
        /// Bytes requested from the allocator (the best estimate when not exact).
        bytes: usize,
        /// How many allocations the step frees (a `BTreeMap`'s nodes count as one step).
        allocations: usize,
        /// Whether `bytes` is the allocator's exact figure.
        is_exact: bool,
    },
    /// An `Rc`/`Arc` handle decrements the strong count, to `to`.
    DecrementsStrong {
        /// The strong count after the decrement.
        to: usize,
    },
    /// The last strong reference drops the shared contents (their steps follow).
    DropsSharedContents,
    /// A reference-counted allocation is freed: strong and weak counts both reached zero.
    FreesShared {
        /// The whole allocation, counts header included.
        bytes: usize,
    },
    /// A `Weak` handle decrements the weak count, to `to`.
    DecrementsWeak {
        /// The weak count after the decrement.
        to: usize,
    },
    /// An operating-system resource is released.
    ReleasesResource {
        /// What is released, as a phrase: `"closes its file descriptor"`.
        what: &'static str,
    },
    /// The part cannot be read now (a locked `Mutex`, a mutably borrowed `RefCell`), so what its
    /// drop releases is unknown.
    Unreadable {
        /// Why it cannot be read.
        reason: &'static str,
    },
    /// A value without drop glue: dropping it does nothing. Listed only with
    /// [`DropOptions::include_no_ops`].
    NoOp,
    /// A value without drop glue that owns heap (`ManuallyDrop<String>`, or a struct holding
    /// one): nothing drops its parts, so what they own stays allocated. Counted in
    /// [`DropOrder::leaked`] unless `may_be_released`.
    Forgets {
        /// Heap bytes its parts own (not counting `Rc`/`Arc` allocations, whose strong counts
        /// it never releases: [`DropOrder::leaked`] counts those that nothing else keeps).
        bytes: usize,
        /// Allocations its parts own.
        allocations: usize,
        /// A `Drop::drop` that ran before (of this value's owner or one enclosing it) may release
        /// them itself (`ManuallyDrop::drop`, `ManuallyDrop::take`): not counted as leaked.
        may_be_released: bool,
    },
}

impl fmt::Display for DropAction {
    /// Plain English: `frees 5 heap bytes`, `runs its Drop::drop`.
    ///
    /// ```
    /// use memlayout::DropAction;
    /// assert_eq!(DropAction::DecrementsStrong { to: 2 }.to_string(), "decrements the strong count to 2");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DropAction::RunsDropImpl => f.write_str("runs its Drop::drop"),
            DropAction::MayRunDropImpl => f.write_str(
                "may run its own Drop::drop (unknown: a generic type's impl is invisible to the \
                 derive; add #[layout(drop_impl)] if it has one)",
            ),
            DropAction::FreesHeap {
                bytes,
                allocations,
                is_exact,
            } => {
                let about = if is_exact { "" } else { "about " };
                let plural = if bytes == 1 { "" } else { "s" };
                write!(f, "frees {about}{} heap byte{plural}", grouped(bytes))?;
                if allocations > 1 {
                    write!(f, " in {} allocations", grouped(allocations))?;
                }
                if !is_exact {
                    f.write_str(" (estimate)")?;
                }
                Ok(())
            }
            DropAction::DecrementsStrong { to } => {
                write!(f, "decrements the strong count to {}", grouped(to))
            }
            DropAction::DropsSharedContents => {
                f.write_str("was the last strong reference: drops the shared contents")
            }
            DropAction::FreesShared { bytes } => {
                write!(
                    f,
                    "frees the shared allocation ({} bytes, counts included)",
                    grouped(bytes)
                )
            }
            DropAction::DecrementsWeak { to } => {
                write!(f, "decrements the weak count to {}", grouped(to))
            }
            DropAction::ReleasesResource { what } => f.write_str(what),
            DropAction::Unreadable { reason } => {
                write!(
                    f,
                    "cannot be read ({reason}): what its drop releases is unknown"
                )
            }
            DropAction::NoOp => f.write_str("has no drop glue: nothing happens"),
            DropAction::Forgets {
                bytes,
                allocations,
                may_be_released,
            } => {
                write!(
                    f,
                    "is not dropped (no drop glue, as in ManuallyDrop): {} heap byte{} in {} \
                     allocation{} stay allocated",
                    grouped(bytes),
                    if bytes == 1 { "" } else { "s" },
                    grouped(allocations),
                    if allocations == 1 { "" } else { "s" },
                )?;
                if may_be_released {
                    f.write_str(" unless the Drop::drop that ran before releases them")?;
                }
                Ok(())
            }
        }
    }
}

/// How [`DropOrderExt::drop_order_with`] walks and how [`DropOrder`] displays. Passed by value
/// like [`ReportOptions`](crate::ReportOptions) and [`TextOptions`](crate::TextOptions): start
/// from [`DropOptions::new`] (or `default()`), set what differs with the builder methods, read a
/// setting back with its `get_` method.
///
/// [`DropOrderExt::drop_order_with`]: crate::DropOrderExt::drop_order_with
///
/// ```
/// use memlayout::{DropOptions, DropOrderExt};
///
/// let v: Vec<String> = (0..100).map(|i| i.to_string()).collect();
/// let order = v.drop_order_with(DropOptions::new().elide_runs(2, 1));
/// let text = order.to_string();
/// assert!(text.contains("... 97 more elements ..."));
/// assert_eq!(order.len(), 101); // every element's buffer, then the Vec's
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DropOptions {
    pub(crate) include_no_ops: bool,
    /// `(head, tail)`: elements shown at each end of a long run; `None` shows every element.
    pub(crate) elide: Option<(usize, usize)>,
    pub(crate) recursion_warning: usize,
    pub(crate) max_lines: usize,
}

impl Default for DropOptions {
    fn default() -> Self {
        DropOptions::new()
    }
}

impl DropOptions {
    /// The defaults: no no-op steps; runs show their first 5 and last 5 elements; warn past
    /// 10,000 levels of drop recursion; `Display` shows at most 1,000 lines.
    ///
    /// ```
    /// assert_eq!(memlayout::DropOptions::new(), memlayout::DropOptions::default());
    /// ```
    pub const fn new() -> Self {
        DropOptions {
            include_no_ops: false,
            elide: Some((5, 5)),
            recursion_warning: 10_000,
            max_lines: 1_000,
        }
    }

    /// Also list values without drop glue, as [`DropAction::NoOp`] steps (a run of such
    /// elements is one step).
    ///
    /// ```
    /// use memlayout::{DropAction, DropOptions, DropOrderExt};
    /// let order = Some(7u64).drop_order_with(DropOptions::new().include_no_ops(true));
    /// assert_eq!(order.steps().next().unwrap().action(), DropAction::NoOp);
    /// assert!(Some(7u64).drop_order().is_empty());
    /// ```
    pub const fn include_no_ops(mut self, yes: bool) -> Self {
        self.include_no_ops = yes;
        self
    }

    /// In `Display`, show the steps of the first `head` and last `tail` elements of a run longer
    /// than `head + tail` (a `Vec`'s elements, a map's entries, a list's nodes) and one line for
    /// the rest.
    ///
    /// ```
    /// let o = memlayout::DropOptions::new().elide_runs(3, 2);
    /// assert_eq!(o.get_elide_runs(), Some((3, 2)));
    /// ```
    pub const fn elide_runs(mut self, head: usize, tail: usize) -> Self {
        self.elide = Some((head, tail));
        self
    }

    /// In `Display`, show every step of every run (the line limit still applies).
    ///
    /// ```
    /// assert_eq!(memlayout::DropOptions::new().no_elision().get_elide_runs(), None);
    /// ```
    pub const fn no_elision(mut self) -> Self {
        self.elide = None;
        self
    }

    /// Warn in `Display` when dropping the value would nest more than `levels` drops.
    ///
    /// ```
    /// use memlayout::{DropOptions, DropOrderExt};
    /// let deep = Box::new(Box::new(Box::new(String::from("x"))));
    /// let order = deep.drop_order_with(DropOptions::new().recursion_warning_at(2));
    /// assert!(order.recursion_warning().is_some());
    /// ```
    pub const fn recursion_warning_at(mut self, levels: usize) -> Self {
        self.recursion_warning = levels;
        self
    }

    /// In `Display`, show at most about `lines` lines: the first and last halves, and one line
    /// for the steps between. The alternate form `{:#}` shows every step.
    ///
    /// ```
    /// use memlayout::{DropOptions, DropOrderExt};
    /// let v: Vec<String> = (0..50).map(|i| i.to_string()).collect();
    /// let order = v.drop_order_with(DropOptions::new().no_elision().max_lines(10));
    /// assert!(order.to_string().contains("more steps"));
    /// ```
    pub const fn max_lines(mut self, lines: usize) -> Self {
        self.max_lines = lines;
        self
    }

    /// The setting of [`DropOptions::include_no_ops`].
    ///
    /// ```
    /// assert!(!memlayout::DropOptions::new().get_include_no_ops());
    /// ```
    pub const fn get_include_no_ops(&self) -> bool {
        self.include_no_ops
    }

    /// The `(head, tail)` run elision set by [`DropOptions::elide_runs`], `None` after
    /// [`DropOptions::no_elision`].
    ///
    /// ```
    /// use memlayout::DropOptions;
    /// assert_eq!(DropOptions::new().get_elide_runs(), Some((5, 5)));
    /// assert_eq!(DropOptions::new().elide_runs(3, 2).get_elide_runs(), Some((3, 2)));
    /// assert_eq!(DropOptions::new().no_elision().get_elide_runs(), None);
    /// ```
    pub const fn get_elide_runs(&self) -> Option<(usize, usize)> {
        self.elide
    }

    /// The setting of [`DropOptions::recursion_warning_at`].
    ///
    /// ```
    /// assert_eq!(memlayout::DropOptions::new().get_recursion_warning_at(), 10_000);
    /// ```
    pub const fn get_recursion_warning_at(&self) -> usize {
        self.recursion_warning
    }

    /// The setting of [`DropOptions::max_lines`].
    ///
    /// ```
    /// assert_eq!(memlayout::DropOptions::new().max_lines(10).get_max_lines(), 10);
    /// ```
    pub const fn get_max_lines(&self) -> usize {
        self.max_lines
    }
}

/// The steps `drop(value)` performs, in order. Built by [`DropOrderExt::drop_order`].
///
/// [`DropOrderExt::drop_order`]: crate::DropOrderExt::drop_order
///
/// `Display` numbers the steps, indents them by depth, and ends with the value's own bytes,
/// which its owner releases (a stack frame when it goes out of scope, or the allocation it
/// sits in):
///
/// ```
/// use memlayout::DropOrderExt;
///
/// let value = (String::from("hello"), Box::new(String::from("hi")));
/// let text = value.drop_order().to_string();
/// let boxed = format!("3.   .1  Box<String>  frees {} heap bytes", std::mem::size_of::<String>());
/// let expected = [
///     "drop order of (String, Box<String>): 3 steps",
///     "1.   .0  String  frees 5 heap bytes",
///     "2.     .1.*  String  frees 2 heap bytes",
///     &boxed,
///     &format!(
///         "   then the (String, Box<String>)'s own {} bytes go with whatever holds it \
///          (a stack frame, a parent's allocation)",
///         std::mem::size_of::<(String, Box<String>)>()
///     ),
///     "",
/// ]
/// .join("\n");
/// assert_eq!(text, expected);
/// ```
pub struct DropOrder {
    pub(crate) root_type: &'static str,
    /// `size_of_val` the dropped value: freed by its owner, not by its drop.
    pub(crate) inline_bytes: usize,
    pub(crate) steps: Vec<Step>,
    pub(crate) paths: Paths,
    /// Hidden middles of long runs, sorted by start (outer runs first).
    pub(crate) runs: Vec<Run>,
    pub(crate) max_recursion_depth: usize,
    /// Bytes and allocations that stay allocated after the drop: `Rc`/`Arc` allocations kept
    /// alive only by handles inside each other (a cycle), and what values nothing drops own
    /// (`ManuallyDrop` contents).
    pub(crate) leaked: (usize, usize),
    pub(crate) options: DropOptions,
}

impl DropOrder {
    /// Heap bytes and allocations the drop leaves allocated:
    /// - what values without drop glue own (`ManuallyDrop<String>`'s buffer; the
    ///   [`DropAction::Forgets`] steps), unless a `Drop::drop` that runs before them may release
    ///   them itself (then they are not counted: what it does is not known);
    /// - `Rc`/`Arc` allocations whose strong counts stay above zero although every remaining
    ///   strong handle to them lies inside such allocations (a reference cycle, which no drop
    ///   frees) or in a value nothing drops, with the heap their contents own.
    /// - `Rc`/`Arc` allocations a `Weak` in a value nothing drops (`ManuallyDrop<Weak<T>>`)
    ///   holds once their strong count is 0: the counts header and the contents' place, which
    ///   only that handle could free.
    ///
    /// `(0, 0)` when nothing leaks, and when a kept allocation holds parts that cannot be read
    /// (a locked `Mutex`): then no leak is claimed.
    ///
    /// ```
    /// use std::mem::ManuallyDrop;
    /// use memlayout::{DropAction, DropOrderExt};
    ///
    /// let value = (String::from("dropped"), ManuallyDrop::new(String::from("kept")));
    /// let order = value.drop_order();
    /// assert_eq!(order.leaked(), (4, 1));
    /// let kept = order.step(1).unwrap();
    /// assert_eq!(kept.path(), ".1");
    /// assert_eq!(
    ///     kept.action(),
    ///     DropAction::Forgets { bytes: 4, allocations: 1, may_be_released: false }
    /// );
    /// # let (_, kept) = value;
    /// # drop(ManuallyDrop::into_inner(kept));
    /// ```
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use std::rc::Rc;
    /// use memlayout::{DropOrderExt, Kind, Layout, TypeLayout, Visitor};
    ///
    /// struct Node {
    ///     next: RefCell<Option<Rc<Node>>>,
    /// }
    /// impl Layout for Node {
    ///     const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Node>("Node", Kind::Struct);
    ///     fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
    ///         v.field(0, "next", &self.next);
    ///     }
    /// }
    ///
    /// let node = Rc::new(Node { next: RefCell::new(None) });
    /// *node.next.borrow_mut() = Some(Rc::clone(&node));
    /// let order = node.drop_order();
    /// let block = std::mem::size_of::<[usize; 2]>() + std::mem::size_of::<Node>();
    /// assert_eq!(order.leaked(), (block, 1));
    /// assert!(order.to_string().contains("an Rc cycle"));
    /// # node.next.borrow_mut().take();
    /// ```
    pub fn leaked(&self) -> (usize, usize) {
        self.leaked
    }

    /// Every step, in order, without elision.
    ///
    /// ```
    /// use memlayout::{DropAction, DropOrderExt};
    /// let v: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
    /// let order = v.drop_order();
    /// assert_eq!(order.steps().count(), 1001);
    /// assert_eq!(order.steps().nth(999).unwrap().path(), "[999]");
    /// ```
    pub fn steps(&self) -> impl ExactSizeIterator<Item = DropStep<'_>> + DoubleEndedIterator + '_ {
        (0..self.steps.len()).map(move |index| DropStep { order: self, index })
    }

    /// The step at `index` (0-based), if any.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert_eq!(String::from("ab").drop_order().step(0).unwrap().path(), "");
    /// ```
    pub fn step(&self, index: usize) -> Option<DropStep<'_>> {
        (index < self.steps.len()).then_some(DropStep { order: self, index })
    }

    /// How many steps.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// // Two buffers: the inner String's, then the Vec's.
    /// assert_eq!(vec![String::from("a")].drop_order().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// `true` when dropping the value does nothing (no drop glue).
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert!((1u8, 2.0f64).drop_order().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The dropped value's type name without module paths, as `Display` prints it (`String`):
    /// like [`DropStep::type_name`](crate::drop::DropStep::type_name).
    /// [`DropOrder::root_full_type`] has the full path.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert_eq!(vec![String::new()].drop_order().root_type(), "Vec<String>");
    /// ```
    pub fn root_type(&self) -> String {
        crate::render::short_type_name(self.root_type)
    }

    /// The dropped value's full type name, as `core::any::type_name` gives it: the JSON's
    /// `"root_type"`.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert_eq!(String::new().drop_order().root_full_type(), "alloc::string::String");
    /// ```
    pub fn root_full_type(&self) -> &'static str {
        self.root_type
    }

    /// How many drops nest at the deepest point: the value itself is 1, a field of it 2, the
    /// contents of a `Box` in that field 3, and so on. std's drop glue makes (at least) one
    /// nested call per level, so a long `Box` chain can overflow the stack when dropped.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert_eq!(Box::new(Box::new(String::from("x"))).drop_order().max_recursion_depth(), 3);
    /// assert_eq!(7u64.drop_order().max_recursion_depth(), 0);
    /// ```
    pub fn max_recursion_depth(&self) -> usize {
        self.max_recursion_depth
    }

    /// The warning `Display` prints when [`DropOrder::max_recursion_depth`] exceeds
    /// [`DropOptions::recursion_warning_at`].
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert_eq!(Box::new(String::from("x")).drop_order().recursion_warning(), None);
    /// ```
    pub fn recursion_warning(&self) -> Option<String> {
        let depth = self.max_recursion_depth;
        (depth > self.options.recursion_warning).then(|| {
            format!(
                "warning: dropping this value nests {} drops deep (more than {}): std's drop glue \
                 recurses once per nested Box or struct level and can overflow the stack (a \
                 spawned thread has 2 MiB); give the outer type an iterative Drop impl that \
                 takes each link out in a loop",
                grouped(depth),
                grouped(self.options.recursion_warning)
            )
        })
    }

    /// The options the order was built with.
    ///
    /// ```
    /// use memlayout::{DropOptions, DropOrderExt};
    /// assert_eq!(*7u8.drop_order().options(), DropOptions::new());
    /// ```
    pub fn options(&self) -> &DropOptions {
        &self.options
    }

    /// `size_of_val` of the dropped value: released by its owner, not by its drop (for the JSON
    /// form; `Display` ends with it).
    #[cfg(feature = "json")]
    pub(crate) fn inline_bytes(&self) -> usize {
        self.inline_bytes
    }

    /// The drop order as one JSON document (feature `json`), carrying every step (no elision,
    /// no line limit, whatever the [`DropOptions`]) as a flat list in drop order.
    ///
    /// Paths are a table: each entry is one segment and its parent's id, and a step names its
    /// path by id, so the document grows with the number of steps, not with steps times depth
    /// (a million-link `Box` chain's takes about 250 bytes a step, path table included). A
    /// step's full path, as [`DropStep::path`] writes it, is its path's segments from the root
    /// down.
    ///
    /// Schema `memlayout.drop/2` (keys in this order; sizes in bytes; `null` where absent):
    ///
    /// ```text
    /// {
    ///   "schema": "memlayout.drop/1",
    ///   "root_type": "full::type::Name",
    ///   "options": { "include_no_ops": bool, "elide_runs": null | { "head", "tail" },
    ///                "recursion_warning_at", "max_lines" },
    ///   "inline_bytes",              // the value's own bytes, released by its owner
    ///   "leaked": { "bytes", "allocations" },   // DropOrder::leaked (an Rc cycle)
    ///   "max_recursion_depth",
    ///   "recursion_warning": null | "warning: dropping this value nests ...",
    ///   "paths": [ {                 // the paths steps use and their ancestors, parents first;
    ///       "parent": null | id,     // an id is a position in this list: 0 is the value
    ///       "segment": ".name"       // itself (segment ""), its parent's path + this is the path
    ///   } ],
    ///   "steps": [ {                 // in drop order
    ///       "index": 0,              // 0-based position, as DropStep::index
    ///       "path_id": 3,            // the step's path in "paths"
    ///       "type_name": "full::type::Name", "short_type_name": "Name",
    ///       "label": "Name" | "list node" | "Box<Name>",
    ///       "depth",                 // 0 for the value itself
    ///       "action": Action
    ///   } ]
    /// }
    /// Action = { "kind": "runs_drop_impl" }
    ///        | { "kind": "may_run_drop_impl" }   // unknown: see DropAction::MayRunDropImpl
    ///        | { "kind": "frees_heap", "bytes", "allocations", "is_exact": bool }
    ///        | { "kind": "decrements_strong", "to" }
    ///        | { "kind": "drops_shared_contents" }
    ///        | { "kind": "frees_shared", "bytes" }   // counts header included
    ///        | { "kind": "decrements_weak", "to" }
    ///        | { "kind": "releases_resource", "what": "closes its file descriptor" }
    ///        | { "kind": "unreadable", "reason" }
    ///        | { "kind": "no_op" }
    ///        | { "kind": "forgets", "bytes", "allocations", "may_be_released": bool }
    /// ```
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = vec![String::from("abc")].drop_order();
    /// let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    /// assert_eq!(json["schema"], "memlayout.drop/2");
    /// let path = &json["paths"][json["steps"][0]["path_id"].as_u64().unwrap() as usize];
    /// assert_eq!(path["segment"], "[0]");
    /// assert_eq!(json["paths"][path["parent"].as_u64().unwrap() as usize]["segment"], "");
    /// assert_eq!(json["steps"][0]["action"]["kind"], "frees_heap");
    /// assert_eq!(json["steps"][0]["action"]["bytes"], 3);
    /// assert_eq!(json["steps"][1]["short_type_name"], "Vec<String>");
    /// assert_eq!(json["recursion_warning"], serde_json::Value::Null);
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> String {
        crate::render::drop_json::to_json(self)
    }
}
