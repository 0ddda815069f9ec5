//! Exports of a deep `Option<Box<Node>>` chain, to measure how they scale:
//! `cargo run --release --example deep_chain --features json -- LINKS EXPORT` with EXPORT one of
//! `drop-json`, `drop-text`, `report-json`, `report-folded`, `folded`. Prints the export's size in bytes
//! (the export itself is not printed); run it under `/usr/bin/time -v` for time and peak memory.
use memlayout::{DropOrderExt, LayoutReport};

#[path = "../tests/common/chain.rs"]
mod chain;

fn main() {
    let mut args = std::env::args().skip(1);
    let links: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let export = args.next().unwrap_or_else(|| String::from("drop-json"));
    // A 1,000,000-link chain must work on a spawned thread's default 2 MiB stack.
    let bytes = std::thread::spawn(move || {
        let head = chain::chain(links);
        let out = match export.as_str() {
            "drop-json" => head.drop_order().to_json(),
            "drop-text" => head.drop_order().to_string(),
            "report-json" => head.layout_report().to_json(),
            "report-folded" => head.layout_report().folded(),
            "folded" => memlayout::render::folded(&head),
            other => panic!("unknown export {other:?}"),
        };
        out.len()
    })
    .join()
    .expect("the export panicked");
    println!("{links} links: {bytes} bytes");
}
