//! The small values of issue 16's "within 1 microsecond of the fastest peer where the work is
//! that small" (`benches/report_small.rs` times them, `benches/report_cost.rs` counts their
//! instructions): a report's fixed cost against the peers' heap figures.

use std::collections::HashMap;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::{FlatType, MemSize, SizeFlags};

/// A struct of two short strings.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Pair {
    pub first: String,
    pub second: String,
}

/// A struct of eight scalar fields: it owns nothing.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Scalars {
    pub id: u64,
    pub offset: i64,
    pub count: u32,
    pub delta: i32,
    pub port: u16,
    pub flags: u8,
    pub enabled: bool,
    pub ratio: f64,
}

mem_size_by_hand!(Pair { first, second });
mem_size_by_hand!(Scalars {
    id,
    offset,
    count,
    delta,
    port,
    flags,
    enabled,
    ratio
});

pub fn pair() -> Pair {
    Pair {
        first: String::from("alpha"),
        second: String::from("beta"),
    }
}

pub fn scalars() -> Scalars {
    Scalars {
        id: 7,
        offset: -3,
        count: 12,
        delta: -1,
        port: 8080,
        flags: 0b101,
        enabled: true,
        ratio: 0.5,
    }
}

/// `Some` of a boxed number.
pub fn option_box() -> Option<Box<u64>> {
    Some(Box::new(42))
}

/// Three entries keyed by short strings.
pub fn map_of_three() -> HashMap<String, u32> {
    ["red", "green", "blue"]
        .iter()
        .zip(1..)
        .map(|(key, value)| (key.to_string(), value))
        .collect()
}

/// Ten strings of 10-40 characters.
pub fn ten_strings() -> Vec<String> {
    super::vec_string(10)
}
