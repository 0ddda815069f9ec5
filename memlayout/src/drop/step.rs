//! One step of a drop order.

use alloc::string::String;
use core::fmt;

use super::display::PATH_SEGMENTS_SHOWN;
use super::{DropAction, DropOrder};
use crate::render::short_type_name;

/// One step of a [`DropOrder`]: where (path), what type, how deep, and what it does.
///
/// ```
/// use memlayout::{DropAction, DropOrderExt};
///
/// let order = Some(Box::new(String::from("abc"))).drop_order();
/// let first = order.step(0).unwrap();
/// assert_eq!(first.path(), ".Some.0.*");
/// assert_eq!(first.type_name(), "String");
/// assert_eq!(first.depth(), 2);
/// assert_eq!(first.to_string(), ".Some.0.*  String  frees 3 heap bytes");
/// ```
#[derive(Clone, Copy)]
pub struct DropStep<'o> {
    pub(crate) order: &'o DropOrder,
    pub(crate) index: usize,
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

    /// Where the dropped part sits, in Rust syntax from the root, as a value report writes it:
    /// `.items[3].name`, `.scores["math"].key`, `.next.Some.0.*`. `Display` writes the empty
    /// path as `(root)`. A path is a sequence of these segments:
    ///
    /// | segment | the part |
    /// |---|---|
    /// | (empty) | the value itself |
    /// | `.name`, `.0` | a struct's or tuple's field |
    /// | `.Variant.name`, `.Some.0` | a field of an enum's active variant |
    /// | `[3]` | element 3 of a slice, array, `Vec`, `VecDeque` (front to back), or node 3 of a `LinkedList` |
    /// | `[2..5]` | elements 2 to 4, without drop glue, as one no-op step ([`DropOptions::include_no_ops`](crate::DropOptions::include_no_ops)) |
    /// | `["math"]`, `[7]` | the set item with that key (a map entry: its key and value below), written as the key's [`Layout::write_key`](crate::Layout::write_key) writes it (`Debug` for strings, numbers, `char`, `bool`; tuples of such keys), cut after 40 bytes with `…` |
    /// | `[#3]` | entry 3, in iteration order, of a map or set whose key has no short form (`write_key` returns `false`, as for derived types) |
    /// | `["math"].key`, `[#3].key` | the key of that map entry (the `(K, V)` entry drops as a tuple: its key, then its value) |
    /// | `["math"].value`, `[#3].value` | the value of that map entry |
    /// | `[..]` | every entry of a map or set without drop glue, as one no-op step |
    /// | `.*` | the contents of a `Box`, `Rc` or `Arc` |
    /// | `.borrow()`, `.lock()`, `.read()` | the contents of a `RefCell`, `Mutex` or `RwLock`, read through that guard |
    ///
    /// A path alone can be ambiguous (two keys that write the same text, or a key cut short);
    /// [`DropStep::address`] and [`DropStep::drops`] name the very value.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// use std::collections::HashMap;
    /// let scores = HashMap::from([(String::from("math"), vec![90u8])]);
    /// let paths: Vec<String> = scores.drop_order().steps().map(|s| s.path()).collect();
    /// assert_eq!(paths, [r#"["math"].key"#, r#"["math"].value"#, ""]);
    /// ```
    pub fn path(&self) -> String {
        let mut out = String::new();
        self.order.paths.render(self.step().node, &mut out);
        out
    }

    /// The path as the drop order's `Display` and its page show it: its last
    /// [`PATH_SEGMENTS_SHOWN`] segments, prefixed with `…` when cut, so a page of a deep value's
    /// steps grows with the steps, not with steps times depth; `""` for the root.
    pub(crate) fn shown_path(&self) -> String {
        let mut out = String::new();
        (self.order.paths).render_tail(self.step().node, PATH_SEGMENTS_SHOWN, &mut out);
        out
    }

    /// The type name without module paths (`String`, `Vec<String>`), as on a report's
    /// [`Node::type_name`](crate::report::Node::type_name); [`DropStep::full_type_name`] has the full
    /// path.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = vec![vec![1u8]].drop_order();
    /// assert_eq!(order.step(1).unwrap().type_name(), "Vec<Vec<u8>>");
    /// ```
    pub fn type_name(&self) -> String {
        short_type_name(self.full_type_name())
    }

    /// The full type name, as `core::any::type_name` gives it (`alloc::boxed::Box<u64>`).
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    /// let order = Box::new(7u64).drop_order();
    /// assert_eq!(order.step(0).unwrap().full_type_name(), "alloc::boxed::Box<u64>");
    /// ```
    pub fn full_type_name(&self) -> &'static str {
        self.step().type_name
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

    /// The address of the value the step acts on, as it sits in the value `drop_order` was
    /// called on: the value being dropped (for a `Vec`'s [`DropAction::FreesHeap`], the `Vec`
    /// itself; for an `Rc`'s count steps, that handle); for a linked list's node, the element
    /// it holds; for a run of values without drop glue (`[0..3]`), the first of them. `None`
    /// where the walk knows no single place: a run of map entries without drop glue (`[..]`),
    /// and a field marked `#[layout(opaque)]` or `#[layout(with = ...)]` inside an enum
    /// variant.
    ///
    /// A field of a `#[repr(packed)]` struct is read through a copy; its address is still the
    /// field's own, from the struct's static layout.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    ///
    /// let names = vec![String::from("a"), String::from("b")];
    /// let order = names.drop_order();
    /// assert_eq!(order.step(1).unwrap().address(), Some(&names[1] as *const String as usize));
    /// assert_eq!(order.step(2).unwrap().address(), Some(&names as *const Vec<String> as usize));
    /// ```
    pub fn address(&self) -> Option<usize> {
        Some(self.step().address).filter(|&a| a != 0)
    }

    /// Whether the step acts on `value`: the same address and the same type (a struct and its
    /// first field share an address, not a type). For a linked list's node, whether `value` is
    /// the element the node holds (the step's type is the list's).
    ///
    /// The type is compared by name, as the type's [`Layout::LAYOUT`](crate::Layout::LAYOUT)
    /// gives it (`type_name`): a hand-written impl that borrows another type's layout, and a
    /// field marked `#[layout(opaque)]` or `#[layout(with = ...)]` (whose step is named
    /// `opaque`), match by [`DropStep::address`] only. Zero-sized values may share an address
    /// with another part of the same type; the answer is then `true` for each of them.
    ///
    /// ```
    /// use memlayout::DropOrderExt;
    ///
    /// let pair = (String::from("left"), String::from("right"));
    /// let order = pair.drop_order();
    /// let right = order.steps().find(|s| s.drops(&pair.1)).unwrap();
    /// assert_eq!(right.path(), ".1");
    /// assert!(!right.drops(&pair.0));
    /// ```
    pub fn drops<T: ?Sized>(&self, value: &T) -> bool {
        let step = self.step();
        let at = value as *const T as *const u8 as usize;
        step.address != 0
            && step.address == at
            && (step.part == Part::ListNode || step.type_name == core::any::type_name::<T>())
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
            .field("address", &self.address())
            .finish()
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Step {
    pub(crate) node: u32,
    pub(crate) depth: u32,
    pub(crate) type_name: &'static str,
    pub(crate) action: DropAction,
    pub(crate) part: Part,
    /// Where the value the step acts on sits (0 when unknown).
    pub(crate) address: usize,
}

/// What a step's type column names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The value of `type_name`.
    Value,
    /// A node of the linked list `type_name`.
    ListNode,
    /// The box holding a `type_name`, freed by a value that is not itself a `Box`
    /// (`io::Error`'s boxed error).
    BoxOf,
}
