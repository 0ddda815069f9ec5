//! What the findings hunt's files share (`test_hunt_findings*.rs`): the report's findings of one
//! kind, the bytes the spare-capacity findings claim against what shrinking frees, and the
//! types both files build. Include it after `common/alloc.rs`, which it reads as
//! `crate::alloc`.
#![allow(dead_code)]

use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::path::PathBuf;

use memlayout::report::{Finding, FindingKind};
use memlayout::{Layout, LayoutReport, ReportOptions};

use crate::alloc;

pub fn all() -> ReportOptions {
    ReportOptions::new().min_finding_bytes(0)
}

pub fn findings_of<T: Layout>(
    value: &T,
    options: ReportOptions,
    kind: FindingKind,
) -> Vec<Finding> {
    value
        .layout_report_with(options)
        .findings()
        .iter()
        .filter(|f| f.kind == kind)
        .cloned()
        .collect()
}

#[derive(Layout)]
#[allow(dead_code, clippy::large_enum_variant)]
pub enum Msg {
    Ping(String),
    Blob([u8; 1024]),
}

#[derive(Layout)]
#[allow(dead_code)]
pub struct Wrap {
    pub id: u32,
    pub msg: Msg,
}

pub fn unused_bytes<T: Layout>(value: &T) -> usize {
    findings_of(value, all(), FindingKind::UnusedCapacity)
        .iter()
        .map(|f| f.bytes)
        .sum::<usize>()
        + findings_of(value, all(), FindingKind::EmptyAllocation)
            .iter()
            .map(|f| f.bytes)
            .sum::<usize>()
}

#[track_caller]
pub fn check_freed<T: Layout>(what: &str, mut value: T, shrink: impl FnOnce(&mut T)) {
    let claimed = unused_bytes(&value);
    let (before, _) = alloc::live();
    shrink(&mut value);
    let (after, _) = alloc::live();
    let freed = usize::try_from(before - after).unwrap();
    assert_eq!(claimed, freed, "{what}");
}

#[derive(Layout)]
pub struct Holder {
    pub names: Vec<String>,
    pub queue: VecDeque<u32>,
    pub heap: BinaryHeap<u64>,
    pub path: PathBuf,
    pub set: HashSet<u32>,
    pub map: HashMap<u32, String>,
}

#[derive(Layout)]
pub struct Team {
    pub members: Vec<Person>,
}

#[derive(Layout)]
pub struct Person {
    pub name: String,
    pub tags: Vec<String>,
}

pub fn team(n: usize) -> Team {
    Team {
        members: {
            let mut v = Vec::with_capacity(n + 5);
            v.extend((0..n).map(|i| Person {
                name: {
                    let mut s = String::with_capacity(40);
                    s.push_str(&i.to_string());
                    s
                },
                tags: {
                    let mut t = Vec::with_capacity(4);
                    t.push("x".repeat(i % 3 + 1));
                    t
                },
            }));
            v
        },
    }
}

#[derive(Layout)]
#[allow(dead_code)]
pub enum Edge {
    A([u8; 8]),
    B([u8; 208]),
}

#[derive(Layout, Clone, Copy)]
#[repr(C)]
#[allow(dead_code)]
pub struct Rec {
    pub a: u8,
    pub b: u64,
    pub c: u8,
}
