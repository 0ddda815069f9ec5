//! Drop steps' paths, stored as a tree of segments, and the elided runs of steps.

/// The hidden middle of a long run: steps `start..end` belong to `elements` elements.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) elements: usize,
    pub(crate) depth: usize,
}

/// Paths as a tree: each node is one segment (`.name`, `[3]`, `.*`) whose text lives in one
/// shared string, so a million-deep chain stores each segment once.
pub(crate) struct Paths {
    pub(crate) nodes: Vec<PathNode>,
    pub(crate) text: String,
}

#[derive(Clone, Copy)]
pub(crate) struct PathNode {
    pub(crate) parent: u32,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// The root value's path node (the empty path).
pub(crate) const ROOT: u32 = 0;

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Paths {
    pub(crate) fn new() -> Self {
        Paths {
            nodes: vec![PathNode {
                parent: ROOT,
                start: 0,
                end: 0,
            }],
            text: String::new(),
        }
    }

    pub(crate) fn push(&mut self, parent: u32, write: impl FnOnce(&mut String)) -> u32 {
        let start = to_u32(self.text.len());
        write(&mut self.text);
        let end = to_u32(self.text.len());
        self.nodes.push(PathNode { parent, start, end });
        to_u32(self.nodes.len() - 1)
    }

    pub(crate) fn segment(&self, node: u32) -> &str {
        let n = self.nodes[node as usize];
        self.text
            .get(n.start as usize..n.end as usize)
            .unwrap_or("…")
    }

    pub(crate) fn render(&self, node: u32, out: &mut String) {
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
    pub(crate) fn render_tail(&self, node: u32, keep: usize, out: &mut String) {
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
