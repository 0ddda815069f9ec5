//! A prototype of the "field-table design" (issue 16, the derive's 2x target), for callgrind:
//! what its walks would cost at run time.
//!
//! Under that design the derive generates only `const LAYOUT` (whose field table holds, per
//! field, its offset and type-erased functions) and `has_drop_impl`; no generic `visit`. The
//! walks are driven from the table, one indirect call per field. Here the table is built by
//! [`field_table!`], a macro that knows what a derive knows (the field names and their types as
//! tokens, nothing about the types themselves): the leaf test (`IS_LEAF`) is left to constant
//! evaluation, which drops leaf fields from the table, so a walk never calls for a scalar field.
//! The std impls (`String`, `Vec<T>`, `Option<T>`, `Box<T>`) stay generic and monomorphic,
//! as they are today.
//!
//! `field_table_proto WORKLOAD WHAT REPS` builds one workload (`records7`, 100,000 structs of 7
//! fields, 3 of them owning heap; `records5`, 100,000 of 5 fields, 4 owning; `records7_1k`,
//! `records5_1k`, the same with 1,000; `wide`, 20,000 structs of 17 fields, 16 owning; `tree`, workload 4's 111,111-node tree; `tree_wide`, a
//! 3-ary tree of depth 9, 29,524 nodes; `list`, a 100,000-link `Box` list; `list1k`) and computes
//! WHAT REPS times in [`measured`], never inlined, so that
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*measured*' BIN W WHAT REPS`
//! counts only those computations. WHAT is
//! - `heap_bytes`: `memlayout::heap_bytes` on the same values, derived with today's derive;
//! - `get-size2`, `deepsize`, `mem_dbg`: the peers, as `workloads/mod.rs` asks them;
//! - `table`: the prototype's heap walk as compiled (the table is a constant, so the compiler
//!   may resolve the calls through it);
//! - `table_dyn`: the same walk with the table hidden from the optimiser (`black_box`), so
//!   every non-leaf field is an indirect call: the design's worst case;
//! - `table_per_type`: a variant, one slot per type rather than per field (the library's
//!   table walk instantiated for the type), called indirectly once per struct, its table
//!   visible inside;
//! - `report`: today's `layout_report()`;
//! - `visit_static`, `visit_dyn`, `visit_mono`: a report-like visitor (a field entered and
//!   left, each heap block folded into sums, least and greatest) driven by a monomorphic
//!   per-type `visit` as today's derive writes it (`visit_static`), against the field table
//!   (hidden from the optimiser: one indirect call per non-leaf field) with a `&mut dyn`
//!   visitor (`visit_dyn`) or with a table slot per library walk, each slot a function
//!   monomorphic in the walk's visitor type (`visit_mono`): their differences estimate what
//!   the design adds to a report walk.
//!
//! Before measuring, every walk's figure is checked against `memlayout::heap_bytes`, so
//! `cargo +nightly miri test -p memlayout-benches --bench field_table_proto -- records7_1k
//! table_dyn 1` (or `list1k`, `tree_wide`) runs each prototype walk's `unsafe` under Miri.
//!
//! The work runs on a thread with a 1 GiB stack (the prototype recurses once per list link; it
//! models no stack budget, which today's walk checks).
use std::hint::black_box;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::{FlatType, MemSize, SizeFlags};
use memlayout::LayoutReport;

#[macro_use]
#[path = "workloads/mod.rs"]
mod workloads;

use table::{DynVisitor, FieldTable, Fold, Hidden, PerType, Visible};
use workloads::{Link, List, Node, Peer, Rng};

/// The prototype: a trait standing for `Layout` under the field-table design.
mod table {
    use std::hint::black_box;

    /// One non-leaf field of a struct: where it is, and its type's walks, type-erased.
    #[derive(Clone, Copy)]
    pub struct FieldEntry {
        pub index: usize,
        pub offset: usize,
        /// The field's heap walk, the table visible to the optimiser below it.
        pub heap_bytes: unsafe fn(*const u8) -> usize,
        /// The same, the tables below it hidden.
        pub heap_bytes_hidden: unsafe fn(*const u8) -> usize,
        /// The same, each struct below it reached through its type's one slot.
        pub heap_bytes_per_type: unsafe fn(*const u8) -> usize,
        /// The field's report-like walk with a `&mut dyn` visitor.
        pub visit: unsafe fn(*const u8, &mut DynVisitor),
        /// The same with the library's own visitor type (no `dyn`): one table slot per walk.
        pub visit_fold: unsafe fn(*const u8, &mut Fold),
    }

    /// What a report-like walk is told: a field entered and left, a heap block, an element.
    pub trait ProtoVisitor {
        fn enter_field(&mut self, index: usize);
        fn leave_field(&mut self);
        fn element(&mut self, index: usize);
        fn block(&mut self, bytes: usize, used: usize);
    }

    /// The visitor of the `&mut dyn` report walk.
    pub type DynVisitor = dyn ProtoVisitor;

    /// A visitor a table-driven walk can call fields with: it picks its slot in the table.
    pub trait TableVisitor: ProtoVisitor {
        fn entry_fn(field: &FieldEntry) -> unsafe fn(*const u8, &mut Self);
    }

    impl TableVisitor for DynVisitor {
        #[inline(always)]
        fn entry_fn(field: &FieldEntry) -> unsafe fn(*const u8, &mut Self) {
            field.visit
        }
    }

    impl TableVisitor for Fold {
        #[inline(always)]
        fn entry_fn(field: &FieldEntry) -> unsafe fn(*const u8, &mut Self) {
            field.visit_fold
        }
    }

    /// A report-like fold standing for the library's report walk: fields entered and left,
    /// elements counted, heap blocks summed with their least and greatest, the deepest nesting.
    pub struct Fold {
        depth: usize,
        max_depth: usize,
        fields: usize,
        elements: usize,
        blocks: usize,
        pub bytes: usize,
        used: usize,
        min: usize,
        max: usize,
    }

    impl Fold {
        pub fn new() -> Fold {
            Fold {
                depth: 0,
                max_depth: 0,
                fields: 0,
                elements: 0,
                blocks: 0,
                bytes: 0,
                used: 0,
                min: usize::MAX,
                max: 0,
            }
        }

        /// Every figure, so none is optimised out.
        pub fn figure(&self) -> usize {
            self.max_depth
                + self.fields
                + self.elements
                + self.blocks
                + self.used
                + self.min
                + self.max
        }
    }

    impl ProtoVisitor for Fold {
        #[inline]
        fn enter_field(&mut self, index: usize) {
            self.depth += 1;
            self.max_depth = self.max_depth.max(self.depth);
            self.fields += index;
        }
        #[inline]
        fn leave_field(&mut self) {
            self.depth -= 1;
        }
        #[inline]
        fn element(&mut self, _index: usize) {
            self.elements += 1;
        }
        #[inline]
        fn block(&mut self, bytes: usize, used: usize) {
            self.blocks += 1;
            self.bytes += bytes;
            self.used += used;
            self.min = self.min.min(bytes);
            self.max = self.max.max(bytes);
        }
    }

    /// Whether a walk lets the optimiser see the tables (it may then resolve the calls through
    /// them) or hides them (every call is indirect).
    pub trait Mode {
        /// Whether a struct's walk is reached through one indirect call per struct (its
        /// type's slot), its table visible inside.
        const PER_TYPE: bool = false;
        /// The table a walk reads: as it is (the default), or hidden.
        #[inline(always)]
        fn table(fields: &'static [FieldEntry]) -> &'static [FieldEntry] {
            fields
        }
        fn heap_fn(field: &FieldEntry) -> unsafe fn(*const u8) -> usize;
    }

    pub enum Visible {}
    pub enum Hidden {}
    pub enum PerType {}

    impl Mode for Visible {
        #[inline(always)]
        fn heap_fn(field: &FieldEntry) -> unsafe fn(*const u8) -> usize {
            field.heap_bytes
        }
    }

    impl Mode for PerType {
        const PER_TYPE: bool = true;
        #[inline(always)]
        fn heap_fn(field: &FieldEntry) -> unsafe fn(*const u8) -> usize {
            field.heap_bytes_per_type
        }
    }

    impl Mode for Hidden {
        #[inline(always)]
        fn table(fields: &'static [FieldEntry]) -> &'static [FieldEntry] {
            black_box(fields)
        }
        #[inline(always)]
        fn heap_fn(field: &FieldEntry) -> unsafe fn(*const u8) -> usize {
            field.heap_bytes_hidden
        }
    }

    /// `Layout` under the design. A derived struct sets `IS_LEAF` and `FIELDS` (in the library
    /// both would be read from `LAYOUT`) and keeps the provided walks; the std impls override
    /// them with generic code, monomorphised per use as today.
    pub trait FieldTable: Sized {
        const IS_LEAF: bool;
        /// The non-leaf fields, in declaration order.
        const FIELDS: &'static [FieldEntry] = &[];

        /// Heap bytes this value owns: for a derived struct, its table's fields' sum.
        #[inline]
        fn heap<M: Mode>(&self) -> usize {
            let base = (self as *const Self).cast::<u8>();
            if M::PER_TYPE {
                // The type's one slot, what `LAYOUT` would hold: the library's table walk
                // for `Self`, called without the optimiser knowing which function it is.
                let walk: unsafe fn(*const u8) -> usize = black_box(table_walk::<Self, M>);
                // SAFETY: `base` points to a live `Self`.
                unsafe { walk(base) }
            } else {
                // SAFETY: as above.
                unsafe { table_walk::<Self, M>(base) }
            }
        }

        /// The report-like walk driven by the table: for a derived struct, its table's fields,
        /// the table hidden from the optimiser (a report walk is too large to inline), so each
        /// non-leaf field is an indirect call.
        #[inline]
        fn visit_table<V: TableVisitor + ?Sized>(&self, visitor: &mut V) {
            let base = (self as *const Self).cast::<u8>();
            for field in black_box(Self::FIELDS) {
                visitor.enter_field(field.index);
                // SAFETY: as in `heap`.
                unsafe { (V::entry_fn(field))(base.add(field.offset), visitor) };
                visitor.leave_field();
            }
        }

        /// The same walk as today's derive writes it: one monomorphic call per field.
        fn visit_static<V: ProtoVisitor>(&self, visitor: &mut V);
    }

    /// The sum of `T`'s table's fields' heap walks.
    ///
    /// # Safety
    /// `base` points to a live `T`.
    #[inline]
    pub unsafe fn table_walk<T: FieldTable, M: Mode>(base: *const u8) -> usize {
        let mut bytes = 0;
        for field in M::table(T::FIELDS) {
            // SAFETY: `offset` is a field of `T` (`offset_of!`) whose type is the one the
            // entry's functions were instantiated for, and `base` points to a live `T`.
            bytes += unsafe { (M::heap_fn(field))(base.add(field.offset)) };
        }
        bytes
    }

    /// `F`'s heap walk behind a `*const u8`, as the table holds it.
    ///
    /// # Safety
    /// `field` points to a live `F`.
    pub unsafe fn erased_heap<F: FieldTable, M: Mode>(field: *const u8) -> usize {
        // SAFETY: the caller's.
        unsafe { (*field.cast::<F>()).heap::<M>() }
    }

    /// `F`'s report walk behind a `*const u8`.
    ///
    /// # Safety
    /// `field` points to a live `F`.
    pub unsafe fn erased_visit<F: FieldTable, V: TableVisitor + ?Sized>(
        field: *const u8,
        visitor: &mut V,
    ) {
        // SAFETY: the caller's.
        unsafe { (*field.cast::<F>()).visit_table(visitor) }
    }

    /// A field's entry, or `None` for a leaf field: what the derive's constant would hold
    /// before [`non_leaf`] packs it.
    pub const fn entry<F: FieldTable>(index: usize, offset: usize) -> Option<FieldEntry> {
        if F::IS_LEAF {
            None
        } else {
            Some(FieldEntry {
                index,
                offset,
                heap_bytes: erased_heap::<F, Visible>,
                heap_bytes_hidden: erased_heap::<F, Hidden>,
                heap_bytes_per_type: erased_heap::<F, PerType>,
                visit: erased_visit::<F, DynVisitor>,
                visit_fold: erased_visit::<F, Fold>,
            })
        }
    }

    /// The entries that are there, packed at the front, and how many they are.
    pub const fn non_leaf<const N: usize>(
        entries: [Option<FieldEntry>; N],
    ) -> ([FieldEntry; N], usize) {
        const fn nothing(_: *const u8) -> usize {
            0
        }
        const fn no_visit(_: *const u8, _: &mut DynVisitor) {}
        const fn no_fold(_: *const u8, _: &mut Fold) {}
        let unused = FieldEntry {
            index: 0,
            offset: 0,
            heap_bytes: nothing,
            heap_bytes_hidden: nothing,
            heap_bytes_per_type: nothing,
            visit: no_visit,
            visit_fold: no_fold,
        };
        let mut packed = [unused; N];
        let (mut len, mut i) = (0, 0);
        while i < N {
            if let Some(entry) = entries[i] {
                packed[len] = entry;
                len += 1;
            }
            i += 1;
        }
        (packed, len)
    }

    macro_rules! leaf {
        ($($ty:ty),*) => {$(
            impl FieldTable for $ty {
                const IS_LEAF: bool = true;
                #[inline(always)]
                fn heap<M: Mode>(&self) -> usize {
                    0
                }
                #[inline(always)]
                fn visit_table<V: TableVisitor + ?Sized>(&self, _: &mut V) {}
                #[inline(always)]
                fn visit_static<V: ProtoVisitor>(&self, _: &mut V) {}
            }
        )*};
    }
    leaf!(u64, u32, f64, bool);

    impl FieldTable for String {
        const IS_LEAF: bool = false;
        #[inline]
        fn heap<M: Mode>(&self) -> usize {
            self.capacity()
        }
        #[inline]
        fn visit_table<V: TableVisitor + ?Sized>(&self, visitor: &mut V) {
            visitor.block(self.capacity(), self.len());
        }
        #[inline]
        fn visit_static<V: ProtoVisitor>(&self, visitor: &mut V) {
            visitor.block(self.capacity(), self.len());
        }
    }

    /// A `Vec`'s elements walked one by one (only when they may own heap).
    macro_rules! vec_visit {
        ($self:ident, $visitor:ident, $walk:ident) => {{
            let size = core::mem::size_of::<T>();
            $visitor.block($self.capacity() * size, $self.len() * size);
            if !T::IS_LEAF {
                for (index, element) in $self.iter().enumerate() {
                    $visitor.element(index);
                    element.$walk($visitor);
                }
            }
        }};
    }

    impl<T: FieldTable> FieldTable for Vec<T> {
        const IS_LEAF: bool = false;
        #[inline]
        fn heap<M: Mode>(&self) -> usize {
            let mut bytes = self.capacity() * core::mem::size_of::<T>();
            if !T::IS_LEAF {
                for element in self {
                    bytes += element.heap::<M>();
                }
            }
            bytes
        }
        #[inline]
        fn visit_table<V: TableVisitor + ?Sized>(&self, visitor: &mut V) {
            vec_visit!(self, visitor, visit_table)
        }
        #[inline]
        fn visit_static<V: ProtoVisitor>(&self, visitor: &mut V) {
            vec_visit!(self, visitor, visit_static)
        }
    }

    impl<T: FieldTable> FieldTable for Option<T> {
        const IS_LEAF: bool = T::IS_LEAF;
        #[inline]
        fn heap<M: Mode>(&self) -> usize {
            self.as_ref().map_or(0, T::heap::<M>)
        }
        #[inline]
        fn visit_table<V: TableVisitor + ?Sized>(&self, visitor: &mut V) {
            if let Some(inner) = self {
                inner.visit_table(visitor);
            }
        }
        #[inline]
        fn visit_static<V: ProtoVisitor>(&self, visitor: &mut V) {
            if let Some(inner) = self {
                inner.visit_static(visitor);
            }
        }
    }

    impl<T: FieldTable> FieldTable for Box<T> {
        const IS_LEAF: bool = false;
        #[inline]
        fn heap<M: Mode>(&self) -> usize {
            core::mem::size_of::<T>() + T::heap::<M>(self)
        }
        #[inline]
        fn visit_table<V: TableVisitor + ?Sized>(&self, visitor: &mut V) {
            let size = core::mem::size_of::<T>();
            visitor.block(size, size);
            T::visit_table(self, visitor);
        }
        #[inline]
        fn visit_static<V: ProtoVisitor>(&self, visitor: &mut V) {
            let size = core::mem::size_of::<T>();
            visitor.block(size, size);
            T::visit_static(self, visitor);
        }
    }
}

/// What a derive would generate for `$ty` under the design (`IS_LEAF` and the packed table of
/// its non-leaf fields, from the field types as tokens), plus, for the comparison only, the
/// monomorphic `visit` today's derive writes..
macro_rules! field_table {
    ($ty:ty { $($index:literal $field:ident: $fty:ty),* $(,)? }) => {
        impl FieldTable for $ty {
            const IS_LEAF: bool = true $(&& <$fty as FieldTable>::IS_LEAF)*;
            const FIELDS: &'static [table::FieldEntry] = {
                const N: usize = [$($index),*].len();
                const PACKED: ([table::FieldEntry; N], usize) = table::non_leaf([$(
                    table::entry::<$fty>($index, core::mem::offset_of!($ty, $field))
                ),*]);
                const ALL: &[table::FieldEntry; N] = &PACKED.0;
                ALL.split_at(PACKED.1).0
            };
            fn visit_static<V: table::ProtoVisitor>(&self, visitor: &mut V) {
                $(
                    if !<$fty as FieldTable>::IS_LEAF {
                        visitor.enter_field($index);
                        self.$field.visit_static(visitor);
                        visitor.leave_field();
                    }
                )*
            }
        }
    };
}

/// A struct of 7 fields, 3 of them owning heap (the mix of `scripts/compile_cost.py`'s types).
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Record7 {
    pub id: u64,
    pub name: String,
    pub score: f64,
    pub tags: Vec<u32>,
    pub note: Option<String>,
    pub flags: u32,
    pub active: bool,
}

/// A struct of 5 fields, 4 of them owning heap.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Record5 {
    pub key: String,
    pub values: Vec<u32>,
    pub label: Option<String>,
    pub alias: String,
    pub weight: u32,
}

mem_size_by_hand!(Record7 {
    id,
    name,
    score,
    tags,
    note,
    flags,
    active
});
mem_size_by_hand!(Record5 {
    key,
    values,
    label,
    alias,
    weight
});

field_table!(Record7 {
    0 id: u64,
    1 name: String,
    2 score: f64,
    3 tags: Vec<u32>,
    4 note: Option<String>,
    5 flags: u32,
    6 active: bool,
});
field_table!(Record5 {
    0 key: String,
    1 values: Vec<u32>,
    2 label: Option<String>,
    3 alias: String,
    4 weight: u32,
});
field_table!(Node {
    0 name: String,
    1 tags: Vec<String>,
    2 children: Vec<Node>,
});
field_table!(Link {
    0 value: u64,
    1 next: Option<Box<Link>>,
});
field_table!(List {
    0 head: Option<Box<Link>>,
});

/// A struct of 17 fields, 16 of them owning heap: a table too long to unroll?
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Wide {
    pub id: u64,
    pub s0: String,
    pub s1: String,
    pub s2: String,
    pub s3: String,
    pub s4: String,
    pub s5: String,
    pub s6: String,
    pub s7: String,
    pub v0: Vec<u32>,
    pub v1: Vec<u32>,
    pub v2: Vec<u32>,
    pub v3: Vec<u32>,
    pub o0: Option<String>,
    pub o1: Option<String>,
    pub o2: Option<String>,
    pub o3: Option<String>,
}

mem_size_by_hand!(Wide {
    id,
    s0,
    s1,
    s2,
    s3,
    s4,
    s5,
    s6,
    s7,
    v0,
    v1,
    v2,
    v3,
    o0,
    o1,
    o2,
    o3
});
field_table!(Wide {
    0 id: u64,
    1 s0: String,
    2 s1: String,
    3 s2: String,
    4 s3: String,
    5 s4: String,
    6 s5: String,
    7 s6: String,
    8 s7: String,
    9 v0: Vec<u32>,
    10 v1: Vec<u32>,
    11 v2: Vec<u32>,
    12 v3: Vec<u32>,
    13 o0: Option<String>,
    14 o1: Option<String>,
    15 o2: Option<String>,
    16 o3: Option<String>,
});

/// `0..=most` numbers pushed one by one.
fn numbers(rng: &mut Rng, most: usize) -> Vec<u32> {
    let mut values = Vec::new();
    for _ in 0..rng.range(0, most) {
        values.push(rng.next() as u32);
    }
    values
}

/// Some text half the time.
fn maybe_text(rng: &mut Rng) -> Option<String> {
    (rng.next() & 1 == 0).then(|| rng.text(0, 12))
}

fn records7(n: usize) -> Vec<Record7> {
    let mut rng = Rng::new();
    let mut v = Vec::new();
    for i in 0..n as u64 {
        v.push(Record7 {
            id: i,
            name: rng.text(5, 20),
            score: i as f64 / 3.0,
            tags: numbers(&mut rng, 8),
            note: maybe_text(&mut rng),
            flags: rng.next() as u32,
            active: i % 3 == 1,
        });
    }
    v
}

fn records5(n: usize) -> Vec<Record5> {
    let mut rng = Rng::new();
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(Record5 {
            key: rng.text(4, 16),
            values: numbers(&mut rng, 16),
            label: maybe_text(&mut rng),
            alias: rng.text(0, 8),
            weight: rng.next() as u32,
        });
    }
    v
}

fn wide(n: usize) -> Vec<Wide> {
    let mut rng = Rng::new();
    let mut v = Vec::new();
    for i in 0..n as u64 {
        v.push(Wide {
            id: i,
            s0: rng.text(0, 12),
            s1: rng.text(0, 12),
            s2: rng.text(0, 12),
            s3: rng.text(0, 12),
            s4: rng.text(0, 12),
            s5: rng.text(0, 12),
            s6: rng.text(0, 12),
            s7: rng.text(0, 12),
            v0: numbers(&mut rng, 4),
            v1: numbers(&mut rng, 4),
            v2: numbers(&mut rng, 4),
            v3: numbers(&mut rng, 4),
            o0: maybe_text(&mut rng),
            o1: maybe_text(&mut rng),
            o2: maybe_text(&mut rng),
            o3: maybe_text(&mut rng),
        });
    }
    v
}

/// Computes `what` of `value` `reps` times; returns a figure so nothing is optimised out.
#[inline(never)]
fn measured<T>(value: &T, what: &str, reps: usize) -> usize
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + FieldTable,
{
    let mut sum = 0;
    for _ in 0..reps {
        let value = black_box(value);
        sum += match what {
            "heap_bytes" => memlayout::heap_bytes(value),
            "table" => value.heap::<Visible>(),
            "table_dyn" => value.heap::<Hidden>(),
            "table_per_type" => value.heap::<PerType>(),
            "report" => black_box(value.layout_report()).totals().heap_bytes,
            "visit_static" => {
                let mut fold = Fold::new();
                value.visit_static(black_box(&mut fold));
                fold.figure()
            }
            "visit_dyn" => {
                let mut fold = Fold::new();
                // Hidden as the report's visitor is behind its walk's calls.
                let visitor: &mut DynVisitor = black_box(&mut fold);
                value.visit_table(visitor);
                fold.figure()
            }
            "visit_mono" => {
                let mut fold = Fold::new();
                value.visit_table(black_box(&mut fold));
                fold.figure()
            }
            peer => Peer::from_name(peer)
                .unwrap_or_else(|| panic!("unknown WHAT {peer:?}"))
                .heap_bytes(value),
        };
    }
    sum
}

fn run<T>(value: T, what: &str, reps: usize)
where
    T: memlayout::Layout + GetSize + DeepSizeOf + MemSize + FieldTable,
{
    // The prototype's figures are today's, checked outside the measured calls.
    let expected = memlayout::heap_bytes(&value);
    assert_eq!(value.heap::<Visible>(), expected, "table");
    assert_eq!(value.heap::<Hidden>(), expected, "table_dyn");
    assert_eq!(value.heap::<PerType>(), expected, "table_per_type");
    for walk in [
        |v: &T, f: &mut Fold| v.visit_static(f),
        |v: &T, f: &mut Fold| v.visit_table(f as &mut DynVisitor),
        |v: &T, f: &mut Fold| v.visit_table(f),
    ] {
        let mut fold = Fold::new();
        walk(&value, &mut fold);
        assert_eq!(fold.bytes, expected, "visit");
    }
    println!("{}", measured(&value, what, reps));
    drop(value);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, what, reps] = &args[..] else {
        panic!("usage: field_table_proto WORKLOAD WHAT REPS");
    };
    let reps: usize = reps.parse().expect("REPS");
    let (workload, what) = (workload.clone(), what.clone());
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || match workload.as_str() {
            "records7" => run(records7(100_000), &what, reps),
            "records5" => run(records5(100_000), &what, reps),
            "records7_1k" => run(records7(1_000), &what, reps),
            "records5_1k" => run(records5(1_000), &what, reps),
            "wide" => run(wide(20_000), &what, reps),
            "tree" => run(workloads::tree(10, 5), &what, reps),
            "tree_wide" => run(workloads::tree(3, 9), &what, reps),
            "list" => run(workloads::list(100_000), &what, reps),
            "list1k" => run(workloads::list(1_000), &what, reps),
            other => panic!("unknown workload {other:?}"),
        })
        .expect("spawn")
        .join()
        .expect("the measurement panicked");
}
