//! The README's opening example, so its printed output can be checked against the README.
use std::collections::HashMap;

use memlayout::{Layout, LayoutReport};

/// The README's record type.
#[derive(Layout)]
struct Student {
    name: String,
    #[allow(dead_code)]
    age: u8,
    scores: HashMap<String, u32>,
}

fn main() {
    let mut scores = HashMap::with_capacity(16); // room to grow
    scores.insert("math".to_string(), 92);
    let student = Student {
        name: "Alice".to_string(),
        age: 20,
        scores,
    };
    println!("{}", Student::LAYOUT);
    let report = student.layout_report();
    println!("{report}");
    report.assert_heap_at_most(4096);
}
