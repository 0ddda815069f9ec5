//! The folded walk's accumulator: heap bytes per distinct stack of frames, each stack interned
//! once, so memory grows with the number of distinct field paths, not with the elements.
//!
//! A stack is the root plus the frames from it to a part: field names, `[*]` for every element
//! of a collection, `.*` through a pointer. Stacks deeper than [`HEAD_FRAMES`] + [`TAIL_FRAMES`]
//! frames are kept as their first [`HEAD_FRAMES`] and last [`TAIL_FRAMES`] frames (the middle
//! is written as one `…` frame, as [`Report::folded`](crate::Report::folded) does), so a
//! million-link chain adds up into a few dozen stacks.

use alloc::{boxed::Box, vec::Vec};
use core::hash::{Hash, Hasher};

use crate::collections::Map;
use crate::render::report_folded::{HEAD_FRAMES, TAIL_FRAMES};

/// Index of a stack in a [`StackTable`]; the root's is [`ROOT`].
pub(crate) type StackId = u32;

/// The root's stack: the root's frame alone.
pub(crate) const ROOT: StackId = 0;

/// Frames a stack keeps whole; a deeper stack keeps its head and tail only.
const WHOLE_FRAMES: u32 = (HEAD_FRAMES + TAIL_FRAMES) as u32;

/// One frame below the root: a path segment with every element index and map key made `[*]`.
///
/// Frames are told apart by the identity of their `&'static str`s (address and length), which
/// costs no string hashing per element. Two copies of one name at different addresses make two
/// stacks with the same text; the renderer merges stacks by text.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Frame {
    /// `.name`: a field.
    Field(&'static str),
    /// `.Variant.name`: a field of an enum's active variant.
    VariantField(&'static str, &'static str),
    /// `[*]`: every element of a collection, every entry of a map, every node of a linked
    /// list.
    Elements,
    /// `.key`: a map entry's key.
    EntryKey,
    /// `.value`: a map entry's value.
    EntryValue,
    /// `.*`: what a `Box`, `Rc` or `Arc` points to.
    Deref,
    /// `.lock()`, `.borrow()`...: what a guard gives access to.
    Guard(&'static str),
    /// `…`: the frames a deep stack leaves out (only in [`StackTable::frames`]'s output).
    Elided,
}

impl Frame {
    /// The frame's identity: its kind and the addresses and lengths of its names.
    fn identity(&self) -> (u8, usize, usize, usize, usize) {
        let name = |s: &'static str| (s.as_ptr() as usize, s.len());
        match *self {
            Frame::Field(f) => (0, name(f).0, name(f).1, 0, 0),
            Frame::VariantField(v, f) => (1, name(v).0, name(v).1, name(f).0, name(f).1),
            Frame::Elements => (2, 0, 0, 0, 0),
            Frame::EntryKey => (3, 0, 0, 0, 0),
            Frame::Deref => (4, 0, 0, 0, 0),
            Frame::Guard(g) => (5, name(g).0, name(g).1, 0, 0),
            Frame::Elided => (6, 0, 0, 0, 0),
            Frame::EntryValue => (7, 0, 0, 0, 0),
        }
    }

    /// Writes the frame's text (`.name`, `[*]`, `.*`...) to `out`.
    pub(crate) fn write(&self, out: &mut alloc::string::String) {
        match *self {
            Frame::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            Frame::VariantField(variant, name) => {
                out.push('.');
                out.push_str(variant);
                out.push('.');
                out.push_str(name);
            }
            Frame::Elements => out.push_str("[*]"),
            Frame::EntryKey => out.push_str(".key"),
            Frame::EntryValue => out.push_str(".value"),
            Frame::Deref => out.push_str(".*"),
            Frame::Guard(label) => out.push_str(label),
            Frame::Elided => out.push_str(crate::render::report_folded::ELIDED_FRAME),
        }
    }
}

impl PartialEq for Frame {
    fn eq(&self, other: &Frame) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for Frame {}

impl PartialOrd for Frame {
    fn partial_cmp(&self, other: &Frame) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Frame {
    fn cmp(&self, other: &Frame) -> core::cmp::Ordering {
        self.identity().cmp(&other.identity())
    }
}

impl Hash for Frame {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (kind, a, b, c, d) = self.identity();
        state.write_usize(usize::from(kind) ^ a.rotate_left(8));
        state.write_usize(b ^ c.rotate_left(16) ^ d.rotate_left(40));
    }
}

/// Hashes a few machine words (a stack id and a frame's identity): a multiply and a rotation
/// per word, as FxHash does. The keys are addresses and small integers, not attacker input.
#[cfg(feature = "std")]
#[derive(Default)]
pub(crate) struct WordHasher(u64);

#[cfg(feature = "std")]
impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_usize(usize::from(byte));
        }
    }

    #[inline]
    fn write_usize(&mut self, word: usize) {
        self.0 = (self.0.rotate_left(5) ^ word as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn write_u32(&mut self, word: u32) {
        self.write_usize(word as usize);
    }

    #[inline]
    fn write_u8(&mut self, word: u8) {
        self.write_usize(usize::from(word));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by stack ids and frames.
#[cfg(feature = "std")]
type FrameMap<K, V> = Map<K, V, core::hash::BuildHasherDefault<WordHasher>>;
/// A map keyed by stack ids and frames.
#[cfg(not(feature = "std"))]
type FrameMap<K, V> = Map<K, V>;

/// How a stack is made of frames.
enum Shape {
    /// The root's frame alone.
    Root,
    /// A stack of at most [`WHOLE_FRAMES`] frames below the root: its parent's plus `frame`.
    Whole {
        parent: StackId,
        frame: Frame,
        /// Frames below the root.
        depth: u32,
    },
    /// A deeper stack: the whole stack `head` of [`HEAD_FRAMES`] frames, then the last
    /// [`TAIL_FRAMES`] frames.
    Elided {
        head: StackId,
        tail: Box<[Frame; TAIL_FRAMES]>,
    },
}

struct Stack {
    shape: Shape,
    /// Heap bytes held by the parts on this stack themselves (the root: plus its inline bytes).
    bytes: usize,
}

/// Stacks in the order they were first met, with the bytes each holds.
pub(crate) struct StackTable {
    stacks: Vec<Stack>,
    /// The child of a stack through a frame, once met.
    children: FrameMap<(StackId, Frame), StackId>,
    /// Deep stacks by their head and tail: the children of different deep stacks that end the
    /// same way are one stack.
    elided: FrameMap<(StackId, [Frame; TAIL_FRAMES]), StackId>,
}

impl StackTable {
    /// A table holding the root's stack, with no bytes yet.
    pub(crate) fn new() -> StackTable {
        StackTable {
            stacks: vec![Stack {
                shape: Shape::Root,
                bytes: 0,
            }],
            children: FrameMap::default(),
            elided: FrameMap::default(),
        }
    }

    /// Adds `bytes` to what the parts on stack `id` hold.
    #[inline]
    pub(crate) fn add(&mut self, id: StackId, bytes: usize) {
        let stack = &mut self.stacks[id as usize];
        stack.bytes = stack.bytes.saturating_add(bytes);
    }

    /// The stack of `frame` below stack `id`, made on first use.
    #[inline]
    pub(crate) fn child(&mut self, id: StackId, frame: Frame) -> StackId {
        match self.children.get(&(id, frame)) {
            Some(&child) => child,
            None => self.make_child(id, frame),
        }
    }

    #[cold]
    #[inline(never)]
    fn make_child(&mut self, id: StackId, frame: Frame) -> StackId {
        let child = match self.stacks[id as usize].shape {
            Shape::Root => self.push(Shape::Whole {
                parent: id,
                frame,
                depth: 1,
            }),
            Shape::Whole { depth, .. } if depth < WHOLE_FRAMES => self.push(Shape::Whole {
                parent: id,
                frame,
                depth: depth + 1,
            }),
            Shape::Whole { .. } => {
                // One frame too many: the frames after the head, less the first, become the tail.
                let mut tail = [frame; TAIL_FRAMES];
                let mut at = id;
                for slot in tail[..TAIL_FRAMES - 1].iter_mut().rev() {
                    let (parent, frame) = self.parent_and_frame(at);
                    *slot = frame;
                    at = parent;
                }
                // `at` is now the first frame after the head: its parent is the head.
                let head = self.parent_and_frame(at).0;
                self.intern_elided(head, tail)
            }
            Shape::Elided { head, ref tail } => {
                let mut shifted = [frame; TAIL_FRAMES];
                shifted[..TAIL_FRAMES - 1].copy_from_slice(&tail[1..]);
                self.intern_elided(head, shifted)
            }
        };
        self.children.insert((id, frame), child);
        child
    }

    /// The parent and last frame of a whole stack below the root.
    fn parent_and_frame(&self, id: StackId) -> (StackId, Frame) {
        match self.stacks[id as usize].shape {
            Shape::Whole { parent, frame, .. } => (parent, frame),
            // Only whole stacks of more than one frame are asked for.
            Shape::Root | Shape::Elided { .. } => (ROOT, Frame::Elided),
        }
    }

    fn intern_elided(&mut self, head: StackId, tail: [Frame; TAIL_FRAMES]) -> StackId {
        if let Some(&id) = self.elided.get(&(head, tail)) {
            return id;
        }
        let id = self.push(Shape::Elided {
            head,
            tail: Box::new(tail),
        });
        self.elided.insert((head, tail), id);
        id
    }

    fn push(&mut self, shape: Shape) -> StackId {
        let id = StackId::try_from(self.stacks.len()).unwrap_or(StackId::MAX);
        self.stacks.push(Stack { shape, bytes: 0 });
        id
    }

    /// How many stacks the table holds, the root's included.
    pub(crate) fn len(&self) -> usize {
        self.stacks.len()
    }

    /// The bytes stack `id` holds.
    pub(crate) fn bytes(&self, id: StackId) -> usize {
        self.stacks[id as usize].bytes
    }

    /// The frames of stack `id` below the root, root side first, into `out` (cleared first); a
    /// deep stack's are its head, [`Frame::Elided`], then its tail.
    pub(crate) fn frames(&self, id: StackId, out: &mut Vec<Frame>) {
        out.clear();
        let mut at = id;
        if let Shape::Elided { head, ref tail } = self.stacks[id as usize].shape {
            out.extend(tail.iter().rev());
            out.push(Frame::Elided);
            at = head;
        }
        while let Shape::Whole { parent, frame, .. } = self.stacks[at as usize].shape {
            out.push(frame);
            at = parent;
        }
        out.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The frames of `id` as text, `;`-separated.
    fn text(table: &StackTable, id: StackId) -> alloc::string::String {
        let mut frames = Vec::new();
        table.frames(id, &mut frames);
        let mut out = alloc::string::String::new();
        for frame in frames {
            out.push(';');
            frame.write(&mut out);
        }
        out
    }

    #[test]
    fn children_are_made_once() {
        let mut table = StackTable::new();
        let a = table.child(ROOT, Frame::Field("a"));
        let elements = table.child(a, Frame::Elements);
        assert_eq!(table.child(ROOT, Frame::Field("a")), a);
        assert_eq!(table.child(a, Frame::Elements), elements);
        assert_eq!(table.len(), 3);
        assert_eq!(text(&table, elements), ";.a;[*]");
        table.add(elements, 5);
        table.add(elements, 7);
        assert_eq!((table.bytes(elements), table.bytes(a)), (12, 0));
    }

    /// A chain far deeper than a stack keeps: its stacks are the whole ones plus one per
    /// distinct tail, and each deep one reads head, `…`, tail.
    #[test]
    fn deep_chains_share_elided_stacks() {
        let mut table = StackTable::new();
        let pattern = [Frame::Field("next"), Frame::Deref];
        let mut at = ROOT;
        let depth = 1_000;
        for i in 0..depth {
            at = table.child(at, pattern[i % 2]);
        }
        // The whole stacks, then one elided stack per phase of the two-frame pattern.
        assert_eq!(table.len(), 1 + WHOLE_FRAMES as usize + 2);
        let deep = text(&table, at);
        let frames: Vec<&str> = deep.split(';').skip(1).collect();
        assert_eq!(frames.len(), HEAD_FRAMES + 1 + TAIL_FRAMES);
        assert_eq!(frames[HEAD_FRAMES], "…");
        assert_eq!(frames[0], ".next");
        assert_eq!(*frames.last().unwrap(), ".*");
        // Exactly at the limit a stack is whole.
        let mut at = ROOT;
        for i in 0..WHOLE_FRAMES as usize {
            at = table.child(at, pattern[i % 2]);
        }
        assert!(!text(&table, at).contains('…'));
    }
}
