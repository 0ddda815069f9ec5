/// Every bit pattern of a `u32` is a valid `Id`, so `Option<Id>` needs a tag.
#[repr(transparent)]
struct Id(u32);

memlayout::assert_layout!(Id, niche);

fn main() {}
