//! A deep singly linked chain of boxes (`Option<Box<Node>>`), for the export-size test and the
//! `deep_chain` example that measures exports. Include it with
//! `#[path = "common/chain.rs"] mod chain;` (from `examples/`: `"../tests/common/chain.rs"`).

use memlayout::Layout;

/// One link of the chain.
#[derive(Layout)]
pub struct Node {
    pub value: u64,
    pub next: Option<Box<Node>>,
}

impl Drop for Node {
    /// Takes each link out in a loop: the default drop would recurse once per link.
    fn drop(&mut self) {
        let mut next = self.next.take();
        while let Some(mut node) = next {
            next = node.next.take();
        }
    }
}

/// A chain of `links` nodes, the last one made first.
pub fn chain(links: usize) -> Option<Box<Node>> {
    let mut head = None;
    for value in 0..links as u64 {
        head = Some(Box::new(Node { value, next: head }));
    }
    head
}
