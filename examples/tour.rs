//! A tour of memlayout: every claim of the classic "how Rust lays values out" articles, shown on
//! real values with the compiler's own numbers.
//!
//! Run it with `cargo run --example tour`.

use std::collections::HashMap;
use std::fs::File;
use std::mem::size_of;
use std::rc::Rc;

use memlayout::render::SvgOptions;
use memlayout::{DropOrderExt, Layout, LayoutReport};

/// The C-ordered struct of the layout article: `a`, `b`, `c` in declaration order.
#[derive(Layout)]
#[repr(C)]
struct S1 {
    a: u8,
    b: u16,
    c: u8,
}

/// The same fields under Rust's default repr: the compiler may reorder them.
#[derive(Layout)]
struct S2 {
    a: u8,
    b: u16,
    c: u8,
}

/// The enum of the article's size table.
#[derive(Layout)]
#[allow(dead_code)]
enum E {
    A(f64),
    B(HashMap<String, String>),
    C(Result<Vec<u8>, String>),
}

/// An enum with one variant for each type of the size table.
#[derive(Layout)]
#[allow(dead_code)]
enum AnyOfThem<'a> {
    U8(u8),
    F64(f64),
    RefU8(&'a u8),
    BoxU8(Box<u8>),
    Slice(&'a [u8]),
    Text(String),
    Bytes(Vec<u8>),
    Map(HashMap<String, String>),
}

/// The article's student record.
#[derive(Layout)]
struct Student {
    name: String,
    age: u8,
    scores: HashMap<String, u32>,
}

/// A value that shares heap memory and holds an OS resource.
#[derive(Layout)]
struct Session {
    log: File,
    names: Vec<Rc<String>>,
    owner: Rc<String>,
}

fn heading(title: &str) {
    println!("\n{title}\n{}", "=".repeat(title.len()));
}

/// One row of the size table: `T`, `Option<T>`, `Result<T, io::Error>`, and whether a niche
/// made `Option<T>` free.
macro_rules! size_row {
    ($t:ty) => {{
        let option = <Option<$t> as Layout>::LAYOUT;
        let niche = if option.size == <$t as Layout>::LAYOUT.size {
            "yes"
        } else {
            "no"
        };
        println!(
            "{:<26} {:>4} {:>10} {:>21} {:>13}",
            stringify!($t),
            <$t as Layout>::LAYOUT.size,
            option.size,
            size_of::<Result<$t, std::io::Error>>(),
            niche,
        );
    }};
}

fn main() {
    heading("1. Field order and padding: C order vs Rust order");
    println!("{}", S1::LAYOUT);
    println!("{}", S2::LAYOUT);
    println!(
        "repr(C) S1 is {} bytes; the compiler's reordering gives S2 {} bytes.",
        S1::LAYOUT.size,
        S2::LAYOUT.size
    );

    heading("2. Sizes, and what Option and Result add");
    println!(
        "{:<26} {:>4} {:>10} {:>21} {:>13}",
        "type", "T", "Option<T>", "Result<T, io::Error>", "niche in T?"
    );
    size_row!(u8);
    size_row!(f64);
    size_row!(&u8);
    size_row!(Box<u8>);
    size_row!(&[u8]);
    size_row!(String);
    size_row!(Vec<u8>);
    size_row!(HashMap<String, String>);
    size_row!(E);
    size_row!(AnyOfThem<'static>);
    println!();
    println!("{}", E::LAYOUT);
    println!("{}", <AnyOfThem<'static>>::LAYOUT);
    println!("{}", <Option<&u8>>::LAYOUT);

    heading("3. Vec and String: a (pointer, capacity, length) triple on the stack, a buffer on the heap");
    let mut names: Vec<String> = Vec::with_capacity(8);
    names.push("Ada".to_string());
    names.push(String::with_capacity(32));
    println!("{}", names.layout_report());

    heading("4. A realistic value: the student record");
    let mut scores = HashMap::new();
    scores.insert("math".to_string(), 92);
    scores.insert("physics".to_string(), 81);
    scores.insert("history".to_string(), 77);
    let student = Student {
        name: "Alice Liddell".to_string(),
        age: 20,
        scores,
    };
    println!("{}", Student::LAYOUT);
    println!("{}", student.layout_report());

    heading("5. Drop order: what `drop(student)` does, step by step");
    println!("{}", student.drop_order());

    heading("6. Pictures: the student record as a page to open in a browser");
    write_pictures(&student);

    heading("7. Sharing and resources: Rc counted once, a File closed on drop");
    let path = std::env::temp_dir().join(format!("memlayout-tour-{}.log", std::process::id()));
    let log = File::create(&path).expect("create a temporary file for the tour");
    let alice = Rc::new("Alice".to_string());
    let session = Session {
        log,
        names: vec![
            Rc::clone(&alice),
            Rc::clone(&alice),
            Rc::new("Bob".to_string()),
        ],
        owner: alice,
    };
    println!("{}", session.layout_report());
    println!("{}", session.drop_order());
    drop(session);
    let _ = std::fs::remove_file(&path);
}

/// Writes the student's report page, its drop order page and its byte map under
/// `target/memlayout/` (or `$CARGO_TARGET_DIR/memlayout/`) and prints their paths.
fn write_pictures(student: &Student) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            examples.parent().unwrap_or(examples).join("target")
        });
    let dir = target.join("memlayout");
    let pages = [
        ("tour.html", student.layout_report().to_html()),
        ("tour-drop.html", student.drop_order().to_html()),
        ("student.svg", Student::LAYOUT.to_svg()),
        (
            "s1-orders.svg",
            S1::LAYOUT.to_svg_with(SvgOptions::new().compare_orders(true)),
        ),
    ];
    for (name, contents) in pages {
        let path = dir.join(name);
        match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, contents)) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(error) => println!("could not write {}: {error}", path.display()),
        }
    }
}
