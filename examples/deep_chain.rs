//! Exports of a deep `Option<Box<Node>>` chain, to measure how they scale:
//! `cargo run --release --example deep_chain -- LINKS EXPORT` with EXPORT one of
//! `drop-json`, `drop-text`, `report-json`, `report-folded`. Prints the export's size in bytes
//! (the export itself is not printed); run it under `/usr/bin/time -v` for time and peak memory.
use memlayout::{DropOrderExt, Layout, LayoutReport};

/// One link of a singly linked chain.
#[derive(Layout)]
struct Node {
    value: u64,
    next: Option<Box<Node>>,
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

fn chain(links: usize) -> Option<Box<Node>> {
    let mut head = None;
    for value in 0..links as u64 {
        head = Some(Box::new(Node { value, next: head }));
    }
    head
}

fn main() {
    let mut args = std::env::args().skip(1);
    let links: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let export = args.next().unwrap_or_else(|| String::from("drop-json"));
    // A 1,000,000-link chain must work on a spawned thread's default 2 MiB stack.
    let bytes = std::thread::spawn(move || {
        let head = chain(links);
        let out = match export.as_str() {
            "drop-json" => head.drop_order().to_json(),
            "drop-text" => head.drop_order().to_string(),
            "report-json" => head.layout_report().to_json(),
            "report-folded" => head.layout_report().folded(),
            other => panic!("unknown export {other:?}"),
        };
        out.len()
    })
    .join()
    .expect("the export panicked");
    println!("{links} links: {bytes} bytes");
}
