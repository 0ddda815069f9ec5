//! One step of a drop order.

use core::fmt;

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
/// assert_eq!(first.short_type_name(), "String");
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

#[derive(Clone, Copy)]
pub(crate) struct Step {
    pub(crate) node: u32,
    pub(crate) depth: u32,
    pub(crate) type_name: &'static str,
    pub(crate) action: DropAction,
    pub(crate) part: Part,
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
