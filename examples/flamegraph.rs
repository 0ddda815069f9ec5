//! The heap of a small library catalogue as inferno's interactive flame graph (the
//! `flamegraph` feature): writes `target/memlayout/flamegraph.svg` (the graph alone) and
//! `target/memlayout/flamegraph.html` (the report page, which embeds it) and prints both paths.
//!
//!     cargo run --example flamegraph --features flamegraph

use memlayout::{Layout, LayoutReport};
use std::collections::HashMap;

#[derive(Layout)]
struct Book {
    title: String,
    authors: Vec<String>,
    pages: u32,
}

#[derive(Layout)]
struct Catalogue {
    books: Vec<Book>,
    by_author: HashMap<String, Vec<usize>>,
    notes: String,
}

fn main() {
    let books: Vec<Book> = (0..12)
        .map(|i| Book {
            title: format!("Volume {i} of the collected works"),
            authors: (0..1 + i % 3).map(|a| format!("Author {a}")).collect(),
            pages: 100 + i,
        })
        .collect();
    let mut by_author: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, book) in books.iter().enumerate() {
        for author in &book.authors {
            by_author.entry(author.clone()).or_default().push(i);
        }
    }
    let catalogue = Catalogue {
        books,
        by_author,
        notes: "x".repeat(600),
    };
    let report = catalogue.layout_report();
    println!("{}", report.folded());
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            examples.parent().unwrap_or(examples).join("target")
        });
    let dir = target.join("memlayout");
    for (name, contents) in [
        ("flamegraph.svg", report.to_flamegraph_svg()),
        ("flamegraph.html", report.to_html()),
    ] {
        let path = dir.join(name);
        match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, contents)) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(error) => println!("could not write {}: {error}", path.display()),
        }
    }
}
