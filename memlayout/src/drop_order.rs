//! Drop order: every step `drop(value)` performs, in the order it performs them.
//!
//! [`DropOrderExt::drop_order`] walks a value through the [`Visitor`] protocol, which reports a
//! value's parts in the order its drop releases them, and turns the walk into a list of
//! [`DropStep`]s. The rules it follows are those of the Rust Reference,
//! [Destructors](https://doc.rust-lang.org/reference/destructors.html):
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
//! - `ManuallyDrop<T>` and every type without drop glue (`core::mem::needs_drop` is false) do
//!   nothing; they are left out unless [`DropOptions::include_no_ops`] asks for them;
//! - operating-system resources are named for what they release
//!   ([`DropAction::ReleasesResource`], e.g. "closes its file descriptor").
//!
//! # Whether a type has its own `Drop` impl
//! [`Layout::has_drop_impl`] answers it. `#[derive(Layout)]` detects an `impl Drop` on a type
//! without type parameters by itself. For a generic type it infers one when the type needs
//! dropping although none of its fields does; a generic type with its own `Drop` impl *and*
//! fields that need dropping must say so with `#[layout(drop_impl)]` (a derive cannot see impls
//! whose bounds depend on the parameters).
//! A hand-written [`Layout`] impl returns `true` from `has_drop_impl` when the type implements
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
//!   step for all nodes, with the estimated bytes of [`Exactness::Estimate`](crate::Exactness).
//! - A `LinkedList` of values that own nothing is one step for all its nodes.
//! - `Arc` counts are read once per handle; another thread may change them meanwhile. A `Weak`
//!   whose strong count is already 0 counts itself as the last weak reference (std does not
//!   report the weak count then).
//! - The contents of a trait object (`Box<dyn Any>`) and a locked `Mutex` are not inspected:
//!   they are one [`DropAction::Unreadable`] step.

use core::fmt;
use core::mem::ManuallyDrop;
use core::ops::Deref;
use std::collections::{HashMap, VecDeque};

use crate::layout::{Kind, Layout, TypeLayout};
use crate::render::short_type_name;
use crate::visit::{HeapBlock, Shared, Visitor};
use crate::walk::guard::guard_segment;
use crate::walk::hold::KeepAlive;
use crate::walk::stack::STACK_LIMIT;

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
        }
    }
}

/// How [`DropOrderExt::drop_order_with`] walks and how [`DropOrder`] displays.
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
    include_no_ops: bool,
    /// `(head, tail)`: elements shown at each end of a long run; `None` shows every element.
    elide: Option<(usize, usize)>,
    recursion_warning: usize,
    max_lines: usize,
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
    /// assert_eq!(o.run_elision(), Some((3, 2)));
    /// ```
    pub const fn elide_runs(mut self, head: usize, tail: usize) -> Self {
        self.elide = Some((head, tail));
        self
    }

    /// In `Display`, show every step of every run (the line limit still applies).
    ///
    /// ```
    /// assert_eq!(memlayout::DropOptions::new().no_elision().run_elision(), None);
    /// ```
    pub const fn no_elision(mut self) -> Self {
        self.elide = None;
        self
    }

    /// The `(head, tail)` run elision, if any.
    ///
    /// ```
    /// assert_eq!(memlayout::DropOptions::new().run_elision(), Some((5, 5)));
    /// ```
    pub const fn run_elision(&self) -> Option<(usize, usize)> {
        self.elide
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

    /// Whether no-op steps are listed (for the JSON form).
    #[cfg(feature = "json")]
    pub(crate) const fn lists_no_ops(&self) -> bool {
        self.include_no_ops
    }

    /// The recursion depth past which a warning is given (for the JSON form).
    #[cfg(feature = "json")]
    pub(crate) const fn recursion_warning_levels(&self) -> usize {
        self.recursion_warning
    }

    /// `Display`'s line limit (for the JSON form).
    #[cfg(feature = "json")]
    pub(crate) const fn line_limit(&self) -> usize {
        self.max_lines
    }
}

/// Drop order for any [`Layout`] value: `value.drop_order()`.
///
/// ```
/// use memlayout::DropOrderExt;
///
/// let names = vec![String::from("ab"), String::new()];
/// let order = names.drop_order();
/// // `String::new()` owns no buffer, so it frees nothing and has no step.
/// let paths: Vec<String> = order.steps().map(|s| s.path()).collect();
/// assert_eq!(paths, ["[0]", ""]);
/// ```
///
/// A derived type with its own `Drop` impl runs it first, then drops its fields in
/// declaration order:
///
/// ```
/// use std::collections::HashMap;
/// use memlayout::{DropAction, DropOrderExt, Layout};
///
/// #[derive(Layout)]
/// struct Student {
///     name: String,
///     scores: HashMap<String, u32>,
/// }
///
/// impl Drop for Student {
///     fn drop(&mut self) {}
/// }
///
/// let student = Student {
///     name: String::from("Ada"),
///     scores: HashMap::from([(String::from("math"), 90)]),
/// };
/// let order = student.drop_order();
/// let steps: Vec<(String, DropAction)> = order.steps().map(|s| (s.path(), s.action())).collect();
/// assert_eq!(steps[0], (String::new(), DropAction::RunsDropImpl));
/// assert_eq!(steps[1].0, ".name");
/// assert_eq!(steps[2].0, r#".scores["math"].<key>"#);
/// assert_eq!(steps[3].0, ".scores"); // the table, after its entries
/// println!("{order}");
/// ```
pub trait DropOrderExt: Layout {
    /// Every step `drop(value)` performs, with the default [`DropOptions`].
    fn drop_order(&self) -> DropOrder {
        self.drop_order_with(DropOptions::new())
    }

    /// Every step `drop(value)` performs, with `options`.
    fn drop_order_with(&self, options: DropOptions) -> DropOrder {
        DropWalk::new(options).run(self)
    }
}

impl<T: Layout + ?Sized> DropOrderExt for T {}

/// The steps `drop(value)` performs, in order. Built by [`DropOrderExt::drop_order`].
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
    root_type: &'static str,
    /// `size_of_val` the dropped value: freed by its owner, not by its drop.
    inline_bytes: usize,
    steps: Vec<Step>,
    paths: Paths,
    /// Hidden middles of long runs, sorted by start (outer runs first).
    runs: Vec<Run>,
    max_recursion_depth: usize,
    /// Bytes and allocations that stay allocated after the drop: `Rc`/`Arc` allocations kept
    /// alive only by handles inside each other (a cycle).
    leaked: (usize, usize),
    options: DropOptions,
}

impl DropOrder {
    /// Heap bytes and allocations the drop leaves allocated: `Rc`/`Arc` allocations whose strong
    /// counts stay above zero although every remaining strong handle to them lies inside such
    /// allocations (a reference cycle, which no drop frees), with the heap their contents own.
    /// `(0, 0)` when nothing leaks, and when a kept allocation holds parts that cannot be read
    /// (a locked `Mutex`): then no leak is claimed.
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

    /// The full name of the dropped value's type.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// assert_eq!(String::new().drop_order().root_type(), "alloc::string::String");
    /// ```
    pub fn root_type(&self) -> &'static str {
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
    /// no line limit, whatever the [`DropOptions`]) as a flat list in drop order. Each step
    /// carries its full path, long for deeply nested steps (a long `Box` chain's last steps).
    ///
    /// Schema `memlayout.drop/1` (keys in this order; sizes in bytes; `null` where absent):
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
    ///   "steps": [ {                 // in drop order
    ///       "index": 0,              // 0-based position, as DropStep::index
    ///       "path": ".items[3].name",
    ///       "type_name": "full::type::Name", "short_type_name": "Name",
    ///       "label": "Name" | "list node" | "Box<Name>",
    ///       "depth",                 // 0 for the value itself
    ///       "action": Action
    ///   } ]
    /// }
    /// Action = { "kind": "runs_drop_impl" }
    ///        | { "kind": "frees_heap", "bytes", "allocations", "is_exact": bool }
    ///        | { "kind": "decrements_strong", "to" }
    ///        | { "kind": "drops_shared_contents" }
    ///        | { "kind": "frees_shared", "bytes" }   // counts header included
    ///        | { "kind": "decrements_weak", "to" }
    ///        | { "kind": "releases_resource", "what": "closes its file descriptor" }
    ///        | { "kind": "unreadable", "reason" }
    ///        | { "kind": "no_op" }
    /// ```
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = vec![String::from("abc")].drop_order();
    /// let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
    /// assert_eq!(json["schema"], "memlayout.drop/1");
    /// assert_eq!(json["steps"][0]["path"], "[0]");
    /// assert_eq!(json["steps"][0]["action"]["kind"], "frees_heap");
    /// assert_eq!(json["steps"][0]["action"]["bytes"], 3);
    /// assert_eq!(json["steps"][1]["short_type_name"], "Vec<String>");
    /// assert_eq!(json["recursion_warning"], serde_json::Value::Null);
    /// ```
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> String {
        crate::render::drop_json::to_json(self)
    }

    /// The lines `Display` shows (steps and elisions), before the line limit.
    fn lines(&self, elide: bool) -> Vec<Line> {
        let mut lines = Vec::new();
        let (mut i, mut r) = (0, 0);
        while i < self.steps.len() {
            while elide && r < self.runs.len() && self.runs[r].start < i {
                r += 1;
            }
            match self.runs.get(r) {
                Some(run) if elide && run.start == i => {
                    lines.push(Line::Run(r));
                    i = run.end;
                    r += 1;
                }
                _ => {
                    lines.push(Line::Step(i));
                    i += 1;
                }
            }
        }
        lines
    }

    fn write_step(&self, f: &mut fmt::Formatter<'_>, index: usize, width: usize) -> fmt::Result {
        let step = &self.steps[index];
        let indent = 2 * (step.depth as usize).min(MAX_INDENT);
        let mut path = String::new();
        self.paths
            .render_tail(step.node, PATH_SEGMENTS_SHOWN, &mut path);
        if path.is_empty() {
            path.push_str("(root)");
        }
        writeln!(
            f,
            "{:>width$}. {:indent$}{path}  {}  {}",
            index + 1,
            "",
            DropStep { order: self, index }.label(),
            step.action
        )
    }
}

impl fmt::Display for DropOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = f.alternate();
        let plural = if self.steps.len() == 1 { "" } else { "s" };
        writeln!(
            f,
            "drop order of {}: {} step{plural}",
            short_type_name(self.root_type),
            grouped(self.steps.len())
        )?;
        let width = self.steps.len().to_string().len();
        let lines = self.lines(!all && self.options.elide.is_some());
        let limit = if all {
            usize::MAX
        } else {
            self.options.max_lines.max(2)
        };
        let (head, tail) = if lines.len() > limit {
            (limit / 2, limit - limit / 2)
        } else {
            (lines.len(), 0)
        };
        for line in &lines[..head] {
            self.write_line(f, *line, width)?;
        }
        if tail > 0 {
            let first_hidden = match lines[head] {
                Line::Step(i) => i,
                Line::Run(r) => self.runs[r].start,
            };
            let first_shown = match lines[lines.len() - tail] {
                Line::Step(i) => i,
                Line::Run(r) => self.runs[r].start,
            };
            writeln!(
                f,
                "{:width$}  ... {} more steps ...",
                "",
                grouped(first_shown - first_hidden)
            )?;
            for line in &lines[lines.len() - tail..] {
                self.write_line(f, *line, width)?;
            }
        }
        if self.inline_bytes > 0 {
            writeln!(
                f,
                "{:width$}  then the {}'s own {} byte{} go with whatever holds it (a stack frame, \
                 a parent's allocation)",
                "",
                short_type_name(self.root_type),
                grouped(self.inline_bytes),
                if self.inline_bytes == 1 { "" } else { "s" }
            )?;
        }
        let (leaked, allocations) = self.leaked;
        if allocations > 0 {
            writeln!(
                f,
                "{:width$}  leaks: {} heap byte{} in {} allocation{} stay allocated (an Rc cycle: \
                 strong handles inside the shared values keep each other alive)",
                "",
                grouped(leaked),
                if leaked == 1 { "" } else { "s" },
                grouped(allocations),
                if allocations == 1 { "" } else { "s" },
            )?;
        }
        if let Some(warning) = self.recursion_warning() {
            writeln!(f, "{warning}")?;
        }
        Ok(())
    }
}

impl DropOrder {
    fn write_line(&self, f: &mut fmt::Formatter<'_>, line: Line, width: usize) -> fmt::Result {
        match line {
            Line::Step(i) => self.write_step(f, i, width),
            Line::Run(r) => {
                let run = &self.runs[r];
                let indent = 2 * run.depth.min(MAX_INDENT);
                let plural = if run.elements == 1 { "" } else { "s" };
                let steps = run.end - run.start;
                write!(
                    f,
                    "{:width$}  {:indent$}... {} more element{plural}",
                    "",
                    "",
                    grouped(run.elements)
                )?;
                if steps != run.elements {
                    write!(f, ", {} steps", grouped(steps))?;
                }
                writeln!(f, " ...")
            }
        }
    }
}

impl fmt::Debug for DropOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DropOrder")
            .field("root_type", &self.root_type)
            .field("steps", &self.steps.len())
            .field("max_recursion_depth", &self.max_recursion_depth)
            .finish_non_exhaustive()
    }
}

/// One step of a [`DropOrder`]: where (path), what type, how deep, and what it does.
///
/// ```
/// use memlayout::{DropAction, DropOrderExt};
///
/// let order = Some(Box::new(String::from("abc"))).drop_order();
/// let first = order.step(0).unwrap();
/// assert_eq!(first.path(), ".Some.0.*");
/// assert_eq!(first.short_type_name(), "String");
/// assert_eq!(first.depth(), 2);
/// assert_eq!(first.to_string(), ".Some.0.*  String  frees 3 heap bytes");
/// ```
#[derive(Clone, Copy)]
pub struct DropStep<'o> {
    order: &'o DropOrder,
    index: usize,
}

impl<'o> DropStep<'o> {
    fn step(&self) -> &'o Step {
        &self.order.steps[self.index]
    }

    /// The step's position in the order (0-based; `Display` numbers from 1).
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = vec![String::from("a")].drop_order();
    /// assert_eq!(order.steps().map(|s| s.index()).collect::<Vec<_>>(), [0, 1]);
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// Where the dropped part sits, in Rust syntax from the root: `""` for the value itself,
    /// `.items[3].name`, `.scores["math"]` (a map's value), `.scores["math"].<key>` (its key),
    /// `.next.*` (a `Box`'s or `Rc`'s contents), `.shape.Circle.radius` and `.next.Some.0` (an
    /// enum variant's field), `.cache.borrow()` / `.queue.lock()` (a cell's contents). A
    /// `LinkedList` node is `[3]`, like an element; a run of values without drop glue, listed
    /// as one no-op step, is `[0..3]`. Paths are written as a value report writes them.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// use std::collections::HashMap;
    /// let scores = HashMap::from([(String::from("math"), vec![90u8])]);
    /// let paths: Vec<String> = scores.drop_order().steps().map(|s| s.path()).collect();
    /// assert_eq!(paths, [r#"["math"].<key>"#, r#"["math"]"#, ""]);
    /// ```
    pub fn path(&self) -> String {
        let mut out = String::new();
        self.order.paths.render(self.step().node, &mut out);
        out
    }

    /// The full type name (`alloc::string::String`).
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = Box::new(7u64).drop_order();
    /// assert_eq!(order.step(0).unwrap().type_name(), "alloc::boxed::Box<u64>");
    /// ```
    pub fn type_name(&self) -> &'static str {
        self.step().type_name
    }

    /// The type name without module paths (`String`, `Vec<String>`).
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = vec![vec![1u8]].drop_order();
    /// assert_eq!(order.step(1).unwrap().short_type_name(), "Vec<Vec<u8>>");
    /// ```
    pub fn short_type_name(&self) -> String {
        short_type_name(self.step().type_name)
    }

    /// What the type column of `Display` shows: the short type name, `list node` for a linked
    /// list's node (whose [`DropStep::type_name`] is the list's), or `Box<T>` for a box freed
    /// by a value that holds it without being a `Box` (an `io::Error`'s boxed error, whose
    /// [`DropStep::type_name`] is the contents').
    ///
    /// ```
    /// use std::collections::LinkedList;
    /// use memlayout::DropOrderExt;
    /// let list: LinkedList<String> = [String::from("a")].into_iter().collect();
    /// let order = list.drop_order();
    /// assert_eq!(order.step(1).unwrap().label(), "list node");
    /// let node = std::mem::size_of::<String>() + 2 * std::mem::size_of::<usize>();
    /// assert_eq!(order.step(1).unwrap().to_string(), format!("[0]  list node  frees {node} heap bytes"));
    /// ```
    pub fn label(&self) -> String {
        let step = self.step();
        match step.part {
            Part::Value => short_type_name(step.type_name),
            Part::ListNode => String::from("list node"),
            Part::BoxOf => format!("Box<{}>", short_type_name(step.type_name)),
        }
    }

    /// How many values enclose the part: 0 for the value itself.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = vec![String::from("a")].drop_order();
    /// assert_eq!(order.steps().map(|s| s.depth()).collect::<Vec<_>>(), [1, 0]);
    /// ```
    pub fn depth(&self) -> usize {
        self.step().depth as usize
    }

    /// What the step does.
    ///
    /// ```
    /// use memlayout::{DropAction, DropOrderExt};
    /// let order = std::rc::Rc::new(5u8).drop_order();
    /// assert_eq!(order.step(0).unwrap().action(), DropAction::DecrementsStrong { to: 0 });
    /// ```
    pub fn action(&self) -> DropAction {
        self.step().action
    }
}

impl fmt::Display for DropStep<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        let path = if path.is_empty() { "(root)" } else { &path };
        write!(f, "{path}  {}  {}", self.label(), self.action())
    }
}

impl fmt::Debug for DropStep<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DropStep")
            .field("index", &self.index)
            .field("path", &self.path())
            .field("type_name", &self.type_name())
            .field("depth", &self.depth())
            .field("action", &self.action())
            .finish()
    }
}

/// Indentation stops growing past this depth.
const MAX_INDENT: usize = 24;
/// `Display` shows at most this many trailing path segments of a deep step.
const PATH_SEGMENTS_SHOWN: usize = 12;
/// Longest map key shown in a path, in bytes.
const MAX_KEY_LEN: usize = 40;

#[derive(Clone, Copy)]
struct Step {
    node: u32,
    depth: u32,
    type_name: &'static str,
    action: DropAction,
    part: Part,
}

/// What a step's type column names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The value of `type_name`.
    Value,
    /// A node of the linked list `type_name`.
    ListNode,
    /// The box holding a `type_name`, freed by a value that is not itself a `Box`
    /// (`io::Error`'s boxed error).
    BoxOf,
}

#[derive(Clone, Copy)]
enum Line {
    Step(usize),
    Run(usize),
}

/// The hidden middle of a long run: steps `start..end` belong to `elements` elements.
#[derive(Clone, Copy, Debug)]
struct Run {
    start: usize,
    end: usize,
    elements: usize,
    depth: usize,
}

/// Paths as a tree: each node is one segment (`.name`, `[3]`, `.*`) whose text lives in one
/// shared string, so a million-deep chain stores each segment once.
struct Paths {
    nodes: Vec<PathNode>,
    text: String,
}

#[derive(Clone, Copy)]
struct PathNode {
    parent: u32,
    start: u32,
    end: u32,
}

/// The root value's path node (the empty path).
const ROOT: u32 = 0;

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Paths {
    fn new() -> Self {
        Paths {
            nodes: vec![PathNode {
                parent: ROOT,
                start: 0,
                end: 0,
            }],
            text: String::new(),
        }
    }

    fn push(&mut self, parent: u32, write: impl FnOnce(&mut String)) -> u32 {
        let start = to_u32(self.text.len());
        write(&mut self.text);
        let end = to_u32(self.text.len());
        self.nodes.push(PathNode { parent, start, end });
        to_u32(self.nodes.len() - 1)
    }

    fn segment(&self, node: u32) -> &str {
        let n = self.nodes[node as usize];
        self.text
            .get(n.start as usize..n.end as usize)
            .unwrap_or("…")
    }

    fn render(&self, node: u32, out: &mut String) {
        let mut chain = Vec::new();
        let mut at = node;
        while at != ROOT {
            chain.push(at);
            at = self.nodes[at as usize].parent;
        }
        for &n in chain.iter().rev() {
            out.push_str(self.segment(n));
        }
    }

    /// Like `render`, keeping only the last `keep` segments (prefixed with `…` when cut).
    fn render_tail(&self, node: u32, keep: usize, out: &mut String) {
        let mut chain = Vec::new();
        let mut at = node;
        while at != ROOT && chain.len() < keep {
            chain.push(at);
            at = self.nodes[at as usize].parent;
        }
        if at != ROOT {
            out.push('…');
        }
        for &n in chain.iter().rev() {
            out.push_str(self.segment(n));
        }
    }
}

/// How a part's path extends its parent's.
enum Seg<'s> {
    /// The value itself.
    Root,
    /// `.name`, or `.Variant.name` / `.Variant` after [`Visitor::variant`].
    Field(&'static str),
    /// `[i]`
    Index(usize),
    /// `[start..end]`: elements with nothing to drop, as one no-op step.
    Range(usize, usize),
    /// `[..]`: entries with nothing to drop, as one no-op step.
    AllEntries,
    /// `.*`
    Deref,
    /// A cell's contents, through the guard that reads them: `.borrow()`, `.lock()`.
    Guard(&'static str),
    /// `[key]` for a value or a set item, `[key].<key>` for a map's key, with `#i` (the entry's
    /// position) for a key without a short form.
    Entry {
        key: &'s dyn Fn(&mut String) -> bool,
        entry: usize,
        is_key: bool,
    },
}

/// Counts the elements of a run and remembers where its hidden middle starts and ends.
struct RunTracker {
    head: usize,
    tail: usize,
    enabled: bool,
    count: usize,
    hidden_start: usize,
    /// Step indices where the last `tail` elements started.
    recent: VecDeque<usize>,
}

impl RunTracker {
    fn new(options: &DropOptions) -> Self {
        let (head, tail) = options.elide.unwrap_or((0, 0));
        RunTracker {
            head,
            tail,
            enabled: options.elide.is_some(),
            count: 0,
            hidden_start: 0,
            recent: VecDeque::new(),
        }
    }

    /// Element number `self.count` starts at step `at`.
    fn start(&mut self, at: usize) {
        if self.enabled && self.count >= self.head {
            if self.count == self.head {
                self.hidden_start = at;
            }
            if self.tail > 0 {
                if self.recent.len() == self.tail {
                    self.recent.pop_front();
                }
                self.recent.push_back(at);
            }
        }
        self.count += 1;
    }

    fn finish(self, walk: &mut DropWalk<'_>) {
        if !self.enabled || self.count <= self.head + self.tail {
            return;
        }
        let end = self.recent.front().copied().unwrap_or(walk.steps.len());
        if end > self.hidden_start {
            walk.runs.push(Run {
                start: self.hidden_start,
                end,
                elements: self.count - self.head - self.tail,
                depth: walk.frames.len(),
            });
        }
    }
}

/// A value being dropped: one level of drop-glue recursion.
struct Frame {
    layout: &'static TypeLayout,
    node: u32,
    /// The active variant's index in `layout.variants`, after [`Visitor::variant`].
    variant: Option<u32>,
    /// Numbering for the next [`Visitor::elements`] call (a `VecDeque`'s second half).
    next_element: usize,
}

/// Reference counts of one shared allocation, as the walk drops its handles.
struct Count {
    strong: usize,
    weak: usize,
    /// The contents are being dropped: the strong handles' implicit weak reference still holds
    /// the allocation.
    dropping: bool,
}

type Work<'a> = Box<dyn FnOnce(&mut DropWalk<'a>) + 'a>;

/// Continuations of the explicit stack, run last-in first-out.
enum Task<'a> {
    /// The current value's parts are all dropped: free its heap blocks, leave it.
    EndFrame,
    Run(Work<'a>),
}

/// The drop-order visitor.
///
/// Up to [`STACK_LIMIT`] nested values it recurses through `visit` calls. Past that it
/// trampolines: a value's `visit` only records its parts as tasks (in order), which go on an
/// explicit stack above an `EndFrame` task, and the loop in [`DropWalk::descend`] runs them.
/// Any step that must follow a part's drop is pushed as a task below that part's tasks, so the
/// steps come out exactly in drop order at any depth.
struct DropWalk<'a> {
    options: DropOptions,
    steps: Vec<Step>,
    paths: Paths,
    runs: Vec<Run>,
    frames: Vec<Frame>,
    /// Heap blocks reported by the frame at the given index, freed when it ends.
    pending: Vec<(usize, HeapBlock)>,
    /// Runs of linked nodes (`boxed` with an index), per frame.
    node_runs: Vec<(usize, RunTracker)>,
    counts: HashMap<usize, Count>,
    tasks: Vec<Task<'a>>,
    /// While trampolining, the parts the current `visit` reports.
    recording: Option<Vec<Task<'a>>>,
    trampolining: bool,
    stack_depth: usize,
    max_depth: usize,
    variant_names: Vec<&'static str>,
    held: KeepAlive<'a>,
    /// Shared allocations a strong handle released without dropping them: scanned at the end
    /// for handles that keep each other alive.
    kept: Vec<KeptAlive<'a>>,
}

impl<'a> DropWalk<'a> {
    fn new(options: DropOptions) -> Self {
        DropWalk {
            options,
            steps: Vec::new(),
            paths: Paths::new(),
            runs: Vec::new(),
            frames: Vec::new(),
            pending: Vec::new(),
            node_runs: Vec::new(),
            counts: HashMap::new(),
            tasks: Vec::new(),
            recording: None,
            trampolining: false,
            stack_depth: 0,
            max_depth: 0,
            variant_names: Vec::new(),
            held: KeepAlive::new(),
            kept: Vec::new(),
        }
    }

    fn run<T: Layout + ?Sized>(mut self, value: &'a T) -> DropOrder {
        self.descend(Seg::Root, value);
        let mut runs = core::mem::take(&mut self.runs);
        runs.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let leaked = self.leaked();
        DropOrder {
            root_type: (T::LAYOUT.type_name)(),
            inline_bytes: core::mem::size_of_val(value),
            steps: core::mem::take(&mut self.steps),
            paths: core::mem::replace(&mut self.paths, Paths::new()),
            runs,
            max_recursion_depth: self.max_depth,
            leaked,
            options: self.options,
        }
    }

    /// Bytes and allocations of the shared allocations the drop leaves with a strong count that
    /// only handles inside such allocations hold (a cycle). Scans each kept allocation's
    /// contents for strong handles, then keeps alive every allocation held from outside (its
    /// count exceeds the handles found inside) and what it reaches; the rest leaks.
    fn leaked(&mut self) -> (usize, usize) {
        struct Alloc<'a> {
            remaining: usize,
            inside: usize,
            bytes: usize,
            allocations: usize,
            edges: Vec<usize>,
            scan: Option<Scan<'a>>,
        }
        let mut allocs: HashMap<usize, Alloc<'a>> = HashMap::new();
        let mut queue = Vec::new();
        for kept in core::mem::take(&mut self.kept) {
            let remaining = self.counts.get(&kept.address).map_or(0, |c| c.strong);
            if remaining == 0 || allocs.contains_key(&kept.address) {
                continue;
            }
            queue.push(kept.address);
            allocs.insert(
                kept.address,
                Alloc {
                    remaining,
                    inside: 0,
                    bytes: kept.bytes,
                    allocations: 1,
                    edges: Vec::new(),
                    scan: Some(kept.scan),
                },
            );
        }
        if queue.is_empty() {
            return (0, 0);
        }
        let mut scanner = LeakScan {
            found: Vec::new(),
            owned: (0, 0),
            held: KeepAlive::new(),
            depth: 0,
            incomplete: false,
        };
        while let Some(address) = queue.pop() {
            let Some(scan) = allocs.get_mut(&address).and_then(|a| a.scan.take()) else {
                continue;
            };
            scanner.owned = (0, 0);
            scan(&mut scanner);
            let (owned, owned_allocations) = scanner.owned;
            if let Some(a) = allocs.get_mut(&address) {
                a.bytes += owned;
                a.allocations += owned_allocations;
            }
            for found in core::mem::take(&mut scanner.found) {
                let entry = allocs.entry(found.address).or_insert_with(|| {
                    queue.push(found.address);
                    Alloc {
                        remaining: found.strong,
                        inside: 0,
                        bytes: found.bytes,
                        allocations: 1,
                        edges: Vec::new(),
                        scan: Some(found.scan),
                    }
                });
                entry.inside += 1;
                if let Some(from) = allocs.get_mut(&address) {
                    from.edges.push(found.address);
                }
            }
            if scanner.incomplete || allocs.len() > LEAK_SCAN_LIMIT {
                return (0, 0);
            }
        }
        // Held from outside: more strong handles than the scan found inside kept allocations.
        let mut alive: Vec<usize> = allocs
            .iter()
            .filter(|(_, a)| a.remaining > a.inside)
            .map(|(&address, _)| address)
            .collect();
        let mut seen: std::collections::HashSet<usize> = alive.iter().copied().collect();
        while let Some(address) = alive.pop() {
            if let Some(a) = allocs.get(&address) {
                for &to in &a.edges {
                    if seen.insert(to) {
                        alive.push(to);
                    }
                }
            }
        }
        allocs
            .iter()
            .filter(|(address, _)| !seen.contains(address))
            .fold((0, 0), |(bytes, n), (_, a)| {
                (bytes + a.bytes, n + a.allocations)
            })
    }

    /// Runs `work` now, or records it while a trampolined `visit` reports its parts.
    fn act(&mut self, work: impl FnOnce(&mut Self) + 'a) {
        match &mut self.recording {
            Some(list) => list.push(Task::Run(Box::new(work))),
            None => work(self),
        }
    }

    /// Drops `value`: its own `Drop::drop`, its parts, its heap blocks.
    fn descend<T: Layout + ?Sized>(&mut self, seg: Seg<'_>, value: &'a T) {
        if !T::LAYOUT.needs_drop {
            if self.options.include_no_ops {
                self.child_step(seg, (T::LAYOUT.type_name)(), DropAction::NoOp);
            }
            return;
        }
        if self.trampolining {
            self.enter::<T>(seg);
            self.record_visit(value);
        } else if self.stack_depth < STACK_LIMIT {
            self.stack_depth += 1;
            self.enter::<T>(seg);
            value.visit(self);
            self.end_frame();
            self.stack_depth -= 1;
        } else {
            self.trampolining = true;
            self.enter::<T>(seg);
            self.record_visit(value);
            while let Some(task) = self.tasks.pop() {
                match task {
                    Task::EndFrame => self.end_frame(),
                    Task::Run(work) => work(self),
                }
            }
            self.trampolining = false;
        }
    }

    /// Drops `value`, then does `then` (in order, trampolining or not).
    fn descend_then<T: Layout + ?Sized>(
        &mut self,
        seg: Seg<'_>,
        value: &'a T,
        then: impl FnOnce(&mut Self) + 'a,
    ) {
        if self.trampolining {
            self.tasks.push(Task::Run(Box::new(then)));
            self.descend(seg, value);
        } else {
            self.descend(seg, value);
            then(self);
        }
    }

    fn record_visit<T: Layout + ?Sized>(&mut self, value: &'a T) {
        let outer = self.recording.replace(Vec::new());
        value.visit(self);
        let recorded = core::mem::replace(&mut self.recording, outer).unwrap_or_default();
        self.tasks.push(Task::EndFrame);
        self.tasks.extend(recorded.into_iter().rev());
    }

    /// Writes the segment `seg` below the current frame and returns its path node.
    fn child(&mut self, seg: Seg<'_>) -> u32 {
        let (parent, variant) = match self.frames.last() {
            Some(frame) => (frame.node, frame.variant.map(|v| (frame.layout, v))),
            None => (ROOT, None),
        };
        let names = &self.variant_names;
        match seg {
            Seg::Root => ROOT,
            Seg::Field(name) => self.paths.push(parent, |out| {
                if let Some((layout, v)) = variant {
                    let vname = layout
                        .variants
                        .get(v as usize)
                        .map(|var| var.name)
                        .or_else(|| {
                            names
                                .get((v as usize).wrapping_sub(layout.variants.len()))
                                .copied()
                        })
                        .unwrap_or("?");
                    out.push('.');
                    out.push_str(vname);
                }
                out.push('.');
                out.push_str(name);
            }),
            Seg::Index(i) => self.paths.push(parent, |out| {
                use fmt::Write;
                let _ = write!(out, "[{i}]");
            }),
            Seg::Range(start, end) => self.paths.push(parent, |out| {
                use fmt::Write;
                let _ = write!(out, "[{start}..{end}]");
            }),
            Seg::AllEntries => self.paths.push(parent, |out| out.push_str("[..]")),
            Seg::Deref => self.paths.push(parent, |out| out.push_str(".*")),
            Seg::Guard(label) => self.paths.push(parent, |out| out.push_str(label)),
            Seg::Entry { key, entry, is_key } => self.paths.push(parent, |out| {
                use fmt::Write;
                out.push('[');
                let start = out.len();
                if key(out) {
                    if out.len() - start > MAX_KEY_LEN {
                        let mut cut = start + MAX_KEY_LEN;
                        while !out.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        out.truncate(cut);
                        out.push('…');
                    }
                } else {
                    out.truncate(start);
                    let _ = write!(out, "#{entry}");
                }
                out.push(']');
                if is_key {
                    out.push_str(".<key>");
                }
            }),
        }
    }

    fn enter<T: Layout + ?Sized>(&mut self, seg: Seg<'_>) {
        let node = self.child(seg);
        self.frames.push(Frame {
            layout: T::LAYOUT,
            node,
            variant: None,
            next_element: 0,
        });
        self.max_depth = self.max_depth.max(self.frames.len());
        if T::has_drop_impl() {
            self.frame_step(DropAction::RunsDropImpl);
        }
    }

    fn end_frame(&mut self) {
        let index = self.frames.len() - 1;
        let first = self
            .pending
            .iter()
            .rposition(|&(frame, _)| frame != index)
            .map_or(0, |p| p + 1);
        for k in first..self.pending.len() {
            let block = self.pending[k].1;
            if block.allocations > 0 {
                self.frame_step(frees(&block));
            }
        }
        self.pending.truncate(first);
        if matches!(self.node_runs.last(), Some(&(frame, _)) if frame == index) {
            if let Some((_, run)) = self.node_runs.pop() {
                run.finish(self);
            }
        }
        self.frames.pop();
    }

    /// A step of a part below the current frame that is not entered as a frame of its own.
    fn child_step(&mut self, seg: Seg<'_>, type_name: &'static str, action: DropAction) {
        let node = self.child(seg);
        self.push_step(node, self.frames.len(), type_name, action);
    }

    fn push_step(&mut self, node: u32, depth: usize, type_name: &'static str, action: DropAction) {
        self.steps.push(Step {
            node,
            depth: to_u32(depth),
            type_name,
            action,
            part: Part::Value,
        });
    }

    /// A step of the current frame (the value being dropped).
    fn frame_step(&mut self, action: DropAction) {
        let depth = self.frames.len().saturating_sub(1);
        let (node, type_name) = match self.frames.last() {
            Some(frame) => (frame.node, (frame.layout.type_name)()),
            None => (ROOT, "?"),
        };
        self.push_step(node, depth, type_name, action);
    }

    fn each_element<T: Layout>(&mut self, items: &'a [T], base: usize, mut run: RunTracker) {
        if self.trampolining {
            // One element per task; the rest continue below the element's own tasks.
            let i = run.count;
            let Some(item) = items.get(i) else {
                run.finish(self);
                return;
            };
            run.start(self.steps.len());
            self.tasks
                .push(Task::Run(Box::new(move |w: &mut DropWalk<'a>| {
                    w.each_element(items, base, run)
                })));
            self.descend(Seg::Index(base + i), item);
        } else {
            for (i, item) in items.iter().enumerate() {
                run.start(self.steps.len());
                self.descend(Seg::Index(base + i), item);
            }
            run.finish(self);
        }
    }

    /// Drops entry `i`: its key, then (in a map) its value, in order whether trampolining or not.
    fn entry<K: Layout + ?Sized, W: Layout + ?Sized>(
        &mut self,
        i: usize,
        key: &'a K,
        value: &'a W,
        is_set: bool,
    ) {
        if is_set {
            self.descend_entry(i, key, key, false);
            return;
        }
        let write = |out: &mut String| key.write_key(out);
        let seg = Seg::Entry {
            key: &write,
            entry: i,
            is_key: true,
        };
        self.descend_then(seg, key, move |w| w.descend_entry(i, key, value, false));
    }

    /// Drops `part` of entry `i` (its key, or its value when `is_key` is false), named by `key`.
    fn descend_entry<K: Layout + ?Sized, X: Layout + ?Sized>(
        &mut self,
        i: usize,
        key: &'a K,
        part: &'a X,
        is_key: bool,
    ) {
        let write = |out: &mut String| key.write_key(out);
        let seg = Seg::Entry {
            key: &write,
            entry: i,
            is_key,
        };
        self.descend(seg, part);
    }

    /// Trampolined entries: one entry per task, key then value.
    fn each_entry<K: Layout + ?Sized, W: Layout + ?Sized>(
        &mut self,
        list: Vec<(&'a K, &'a W)>,
        mut run: RunTracker,
        is_set: bool,
    ) {
        let i = run.count;
        let Some(&(key, value)) = list.get(i) else {
            run.finish(self);
            return;
        };
        run.start(self.steps.len());
        self.tasks
            .push(Task::Run(Box::new(move |w: &mut DropWalk<'a>| {
                w.each_entry(list, run, is_set)
            })));
        self.entry(i, key, value, is_set);
    }

    fn node_run_start(&mut self) {
        let index = self.frames.len().saturating_sub(1);
        if !matches!(self.node_runs.last(), Some(&(frame, _)) if frame == index) {
            self.node_runs.push((index, RunTracker::new(&self.options)));
        }
        let at = self.steps.len();
        if let Some((_, run)) = self.node_runs.last_mut() {
            run.start(at);
        }
    }

    fn free_boxed(&mut self, index: Option<usize>, block: HeapBlock, contents: &'static str) {
        if block.allocations == 0 {
            return;
        }
        let owner = self.frames.last().map(|f| f.layout);
        let (seg, type_name, part) = match index {
            // A `Box` frees its own allocation: a step of the box.
            None if owner.is_none_or(|l| l.kind == Kind::Pointer) => {
                return self.frame_step(frees(&block));
            }
            // Another value freeing a box it holds (`io::Error`'s boxed error): a step of the
            // box, at the contents' path.
            None => (Seg::Deref, contents, Part::BoxOf),
            Some(i) => (
                Seg::Index(i),
                owner.map_or("?", |l| (l.type_name)()),
                Part::ListNode,
            ),
        };
        self.child_step(seg, type_name, frees(&block));
        if let Some(step) = self.steps.last_mut() {
            step.part = part;
        }
    }

    fn release_handle<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        if shared.block.allocations == 0 {
            // `Weak::new()`: no allocation behind it.
            return;
        }
        let count = self.counts.entry(shared.address).or_insert(Count {
            strong: shared.strong,
            // A `Weak` whose strong count is 0 reports a weak count of 0 (std cannot tell); it
            // is itself one weak reference at least.
            weak: if shared.is_weak && shared.strong == 0 {
                shared.weak.max(1)
            } else {
                shared.weak
            },
            dropping: false,
        });
        if shared.is_weak {
            count.weak = count.weak.saturating_sub(1);
            let to = count.weak;
            let frees_now = to == 0 && count.strong == 0 && !count.dropping;
            self.frame_step(DropAction::DecrementsWeak { to });
            if frees_now {
                self.frame_step(DropAction::FreesShared {
                    bytes: shared.block.bytes,
                });
            }
            return;
        }
        if count.strong == 0 {
            // Counts that disagree with the handles met (an `Arc` changed by another thread
            // meanwhile): the contents were already dropped once, never twice.
            self.frame_step(DropAction::DecrementsStrong { to: 0 });
            return;
        }
        count.strong -= 1;
        let to = count.strong;
        if to > 0 {
            self.frame_step(DropAction::DecrementsStrong { to });
            if let Some(contents) = shared.contents {
                self.kept.push(KeptAlive {
                    address: shared.address,
                    bytes: shared.block.bytes,
                    scan: Box::new(move |scan: &mut LeakScan<'a>| scan.walk(contents)),
                });
            }
            return;
        }
        count.dropping = true;
        self.frame_step(DropAction::DecrementsStrong { to });
        let address = shared.address;
        let bytes = shared.block.bytes;
        let after = move |w: &mut DropWalk<'a>| {
            if let Some(count) = w.counts.get_mut(&address) {
                count.dropping = false;
                if count.weak == 0 {
                    w.frame_step(DropAction::FreesShared { bytes });
                }
            }
        };
        match shared.contents {
            Some(contents) => {
                if T::LAYOUT.needs_drop || self.options.include_no_ops {
                    self.frame_step(DropAction::DropsSharedContents);
                }
                self.descend_then(Seg::Deref, contents, after);
            }
            None => after(self),
        }
    }
}

/// Allocations a leak scan looks at, at most: past it, no leak is claimed.
const LEAK_SCAN_LIMIT: usize = 100_000;

/// Walks a shared allocation's contents with a [`LeakScan`].
type Scan<'a> = Box<dyn FnOnce(&mut LeakScan<'a>) + 'a>;

/// A shared allocation that a strong handle released without dropping it, or that a leak scan
/// found a strong handle to.
struct KeptAlive<'a> {
    address: usize,
    bytes: usize,
    scan: Scan<'a>,
}

/// A strong handle met inside a kept allocation's contents.
struct FoundHandle<'a> {
    address: usize,
    bytes: usize,
    strong: usize,
    scan: Scan<'a>,
}

/// Finds the strong `Rc`/`Arc` handles inside a value, without entering what they point to.
struct LeakScan<'a> {
    found: Vec<FoundHandle<'a>>,
    /// Heap bytes and allocations the scanned contents own (not behind shared handles).
    owned: (usize, usize),
    held: KeepAlive<'a>,
    depth: usize,
    /// A part could not be read, or the value nests too deep: no leak is claimed.
    incomplete: bool,
}

impl<'a> LeakScan<'a> {
    fn walk<T: Layout + ?Sized>(&mut self, value: &'a T) {
        if T::IS_LEAF || self.incomplete {
            return;
        }
        if self.depth >= STACK_LIMIT {
            self.incomplete = true;
            return;
        }
        self.depth += 1;
        value.visit(self);
        self.depth -= 1;
    }
}

impl<'a> Visitor<'a> for LeakScan<'a> {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, _name: &'static str, value: &'a T) {
        self.walk(value);
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        _name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        // SAFETY: the reference is used only by this scan, which ends before `self.held` drops.
        let copy = unsafe { self.held.copy(copy) };
        self.walk(copy);
    }

    fn measured(&mut self, _index: usize, _name: &'static str, heap: HeapBlock) {
        self.heap(heap);
    }

    fn variant(&mut self, _index: usize, _name: &'static str) {}

    fn heap(&mut self, block: HeapBlock) {
        self.owned.0 += block.bytes;
        self.owned.1 += block.allocations;
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        if T::IS_LEAF {
            return;
        }
        for item in items {
            self.walk(item);
        }
    }

    fn entries<K, W, I>(&mut self, _len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if K::IS_LEAF && W::IS_LEAF {
            return;
        }
        for (key, value) in entries {
            self.walk(key);
            self.walk(value);
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        _index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.heap(block);
        self.walk(contents);
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        if shared.is_weak || shared.block.allocations == 0 {
            return;
        }
        match shared.contents {
            Some(contents) => self.found.push(FoundHandle {
                address: shared.address,
                bytes: shared.block.bytes,
                strong: shared.strong,
                scan: Box::new(move |scan: &mut LeakScan<'a>| scan.walk(contents)),
            }),
            None => self.incomplete = true,
        }
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        // SAFETY: the reference is used only by this scan, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        self.walk(contents);
    }

    fn unreadable(&mut self, _reason: &'static str) {
        self.incomplete = true;
    }

    fn resource(&mut self, _release: &'static str) {}
}

fn frees(block: &HeapBlock) -> DropAction {
    DropAction::FreesHeap {
        bytes: block.bytes,
        allocations: block.allocations,
        is_exact: block.exactness.is_exact(),
    }
}

/// `true` for `()`, the value type of a set's entries.
fn is_unit(layout: &TypeLayout) -> bool {
    layout.size == 0 && matches!(layout.kind, Kind::Primitive) && !layout.needs_drop
}

impl<'a> Visitor<'a> for DropWalk<'a> {
    fn field<T: Layout + ?Sized>(&mut self, _index: usize, name: &'static str, value: &'a T) {
        if !T::LAYOUT.needs_drop && !self.options.include_no_ops {
            return;
        }
        self.act(move |w| w.descend(Seg::Field(name), value));
    }

    fn packed_field<T: Layout + 'a>(
        &mut self,
        _index: usize,
        name: &'static str,
        copy: ManuallyDrop<T>,
    ) {
        if !T::LAYOUT.needs_drop && !self.options.include_no_ops {
            return;
        }
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let copy = unsafe { self.held.copy(copy) };
        self.act(move |w| w.descend(Seg::Field(name), copy));
    }

    fn measured(&mut self, _index: usize, name: &'static str, heap: HeapBlock) {
        if heap.allocations == 0 {
            return;
        }
        self.act(move |w| w.child_step(Seg::Field(name), "opaque", frees(&heap)));
    }

    fn variant(&mut self, index: usize, name: &'static str) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let known = frame
            .layout
            .variants
            .get(index)
            .is_some_and(|v| v.name == name);
        let slot = if known {
            index
        } else {
            // A hand-written impl without variant metadata: remember the name.
            let at = match self.variant_names.iter().position(|&n| n == name) {
                Some(at) => at,
                None => {
                    self.variant_names.push(name);
                    self.variant_names.len() - 1
                }
            };
            frame.layout.variants.len() + at
        };
        if let Some(frame) = self.frames.last_mut() {
            frame.variant = Some(to_u32(slot));
        }
    }

    fn heap(&mut self, block: HeapBlock) {
        let index = self.frames.len().saturating_sub(1);
        self.pending.push((index, block));
    }

    fn elements<T: Layout>(&mut self, items: &'a [T]) {
        let base = match self.frames.last_mut() {
            Some(frame) => {
                let base = frame.next_element;
                frame.next_element += items.len();
                base
            }
            None => 0,
        };
        if !T::LAYOUT.needs_drop {
            if self.options.include_no_ops && !items.is_empty() {
                let seg = Seg::Range(base, base + items.len());
                self.act(move |w| w.child_step(seg, (T::LAYOUT.type_name)(), DropAction::NoOp));
            }
            return;
        }
        let run = RunTracker::new(&self.options);
        self.act(move |w| w.each_element(items, base, run));
    }

    fn entries<K, W, I>(&mut self, len: usize, entries: I)
    where
        K: Layout + ?Sized + 'a,
        W: Layout + ?Sized + 'a,
        I: Iterator<Item = (&'a K, &'a W)>,
    {
        if !K::LAYOUT.needs_drop && !W::LAYOUT.needs_drop {
            if self.options.include_no_ops && len > 0 {
                self.act(|w| {
                    w.child_step(Seg::AllEntries, (K::LAYOUT.type_name)(), DropAction::NoOp)
                });
            }
            return;
        }
        let is_set = is_unit(W::LAYOUT);
        let mut run = RunTracker::new(&self.options);
        if self.recording.is_some() {
            let list: Vec<(&'a K, &'a W)> = entries.collect();
            self.act(move |w| w.each_entry(list, run, is_set));
        } else {
            for (i, (key, value)) in entries.enumerate() {
                run.start(self.steps.len());
                self.entry(i, key, value, is_set);
            }
            run.finish(self);
        }
    }

    fn boxed<T: Layout + ?Sized>(
        &mut self,
        index: Option<usize>,
        contents: &'a T,
        block: HeapBlock,
    ) {
        self.act(move |w| {
            if index.is_some() {
                w.node_run_start();
            }
            let seg = match index {
                Some(i) => Seg::Index(i),
                None => Seg::Deref,
            };
            let type_name = (T::LAYOUT.type_name)();
            w.descend_then(seg, contents, move |w| {
                w.free_boxed(index, block, type_name)
            });
        });
    }

    fn shared<T: Layout + ?Sized>(&mut self, shared: Shared<'a, T>) {
        self.act(move |w| w.release_handle(shared));
    }

    fn borrowed<T: Layout + ?Sized>(&mut self, _target: &'a T) {}

    fn guarded<T: Layout + ?Sized + 'a, G: Deref<Target = T> + 'a>(&mut self, guard: G) {
        if !T::LAYOUT.needs_drop && !self.options.include_no_ops {
            return;
        }
        let label = guard_segment(core::any::type_name::<G>());
        // SAFETY: the reference is used only by this walk, which ends before `self.held` drops.
        let contents = unsafe { self.held.guard(guard) };
        self.act(move |w| w.descend(Seg::Guard(label), contents));
    }

    fn unreadable(&mut self, reason: &'static str) {
        self.act(move |w| w.frame_step(DropAction::Unreadable { reason }));
    }

    fn resource(&mut self, release: &'static str) {
        self.act(move |w| w.frame_step(DropAction::ReleasesResource { what: release }));
    }
}

/// `1234567` becomes `1,234,567`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(999_990), "999,990");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn run_tracker_hides_the_middle() {
        let options = DropOptions::new().elide_runs(2, 1);
        let mut walk = DropWalk::new(options);
        let mut run = RunTracker::new(&options);
        for i in 0..6 {
            run.start(i * 10);
        }
        walk.steps = vec![
            Step {
                node: ROOT,
                depth: 0,
                type_name: "",
                action: DropAction::NoOp,
                part: Part::Value,
            };
            60
        ];
        run.finish(&mut walk);
        let r = walk.runs[0];
        assert_eq!((r.start, r.end, r.elements), (20, 50, 3));
    }

    /// A field read bitwise, as `#[repr(packed)]` fields are, then a cell read through a guard:
    /// the two parts the walk keeps alive in `KeepAlive`. Nested past `STACK_LIMIT`, so Miri
    /// also checks the trampolined path.
    struct Link {
        cell: core::cell::RefCell<Unaligned>,
        next: Option<Box<Link>>,
    }

    struct Unaligned {
        name: String,
    }

    impl Layout for Link {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Link>("Link", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            v.field(0, "cell", &self.cell);
            v.field(1, "next", &self.next);
        }
    }

    impl Layout for Unaligned {
        const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Unaligned>("Unaligned", Kind::Struct);
        fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
            // SAFETY: `name` is initialised and valid for reads; the copy is wrapped in
            // `ManuallyDrop`, so the buffer it shares with `self.name` is never freed twice.
            let copy = ManuallyDrop::new(unsafe { core::ptr::read(&self.name) });
            v.packed_field(0, "name", copy);
        }
    }

    #[test]
    fn packed_copies_and_guards_keep_their_order_past_the_stack_limit() {
        // Three nested drops per link (Option, Box, Link): well past the limit.
        let links = STACK_LIMIT / 2;
        let mut head: Option<Box<Link>> = None;
        for i in (0..links).rev() {
            head = Some(Box::new(Link {
                cell: core::cell::RefCell::new(Unaligned {
                    name: String::with_capacity(i + 1),
                }),
                next: head,
            }));
        }
        let order = head.drop_order();
        let mut expected = Vec::new();
        let mut at = String::new();
        for i in 0..links {
            at.push_str(".Some.0.*");
            expected.push((format!("{at}.cell.borrow().name"), i + 1));
            at.push_str(".next");
        }
        // Then each Box's allocation, innermost first, as the recursion unwinds.
        let mut boxes = Vec::new();
        let mut at = String::new();
        for _ in 0..links {
            boxes.push((format!("{at}.Some.0"), core::mem::size_of::<Link>()));
            at.push_str(".Some.0.*.next");
        }
        let got: Vec<(String, usize)> = order
            .steps()
            .map(|s| match s.action() {
                DropAction::FreesHeap { bytes, .. } => (s.path(), bytes),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        // Link i's name is freed before link i + 1's, and every box after all the names in it.
        let names: Vec<_> = got
            .iter()
            .filter(|(p, _)| p.ends_with(".name"))
            .cloned()
            .collect();
        assert_eq!(names, expected);
        let frees: Vec<_> = got
            .iter()
            .filter(|(p, _)| !p.ends_with(".name"))
            .cloned()
            .collect();
        boxes.reverse();
        assert_eq!(frees, boxes);
        assert_eq!(got[links - 1].0, expected[links - 1].0);
    }
}
