//! An order of items, the value the `test_report_*` files report on: nested vectors of strings,
//! a boxed string (what the double-indirection finding flags), and padding.
//!
//! Include it after `test_report_support`, whose `layout_struct!` it uses:
//! `#[macro_use] mod test_report_support;`, then
//! `#[path = "common/report_orders.rs"] mod report_orders;`.
#![allow(dead_code)]

pub struct Item {
    pub id: u32,
    pub name: String,
    pub tags: Vec<String>,
    pub flag: u8,
}
layout_struct!(Item { id: u32, name: String, tags: Vec<String>, flag: u8 });

// Boxing a String is what the double-indirection finding flags.
#[allow(clippy::box_collection)]
pub struct Order {
    pub items: Vec<Item>,
    pub note: Option<Box<String>>,
    pub code: u64,
}
layout_struct!(Order { items: Vec<Item>, note: Option<Box<String>>, code: u64 });

pub fn item(id: u32, tags: usize) -> Item {
    Item {
        id,
        name: format!("item-{id}"),
        tags: (0..tags).map(|t| "t".repeat(t + 1)).collect(),
        flag: 1,
    }
}

pub fn order(n: u32) -> Order {
    let mut items = Vec::with_capacity(n as usize + 3);
    items.extend((0..n).map(|i| item(i, i as usize % 4)));
    Order {
        items,
        note: Some(Box::new(String::with_capacity(40))),
        code: 7,
    }
}
