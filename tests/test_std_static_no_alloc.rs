//! Reading a std type's static layout (its fields, memory order and padding) allocates nothing,
//! measured with the counting allocator.

#[path = "common/alloc.rs"]
mod alloc;

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use memlayout::Layout;

#[test]
fn reading_static_layout_allocates_nothing() {
    let (sizes, usage) = alloc::measure(|| {
        let layout = <(
            HashMap<String, Vec<u8>>,
            [Option<Rc<str>>; 4],
            Cow<'static, str>,
        ) as Layout>::LAYOUT;
        let fields: usize = layout
            .fields
            .iter()
            .map(|f| (f.layout)().size + f.offset)
            .sum();
        let order = layout.fields_in_memory_order().count();
        fields + order + layout.padding_bytes
    });
    assert!(sizes > 0);
    assert_eq!(usage.allocations, 0);
}
