//! The seven workloads of the heap-size benchmarks (issue 6) and the sized shapes of issue 16, shared by `benches/heap.rs` and
//! `benches/test_bench_exactness.rs`, and the heap-only figure each peer crate gives for a value.
//!
//! Every builder is deterministic (a fixed xorshift seed) and grows its buffers by pushing, so
//! capacities differ from lengths the way they do in real programs: a figure that counts
//! lengths instead of capacities is visibly wrong.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use deepsize::DeepSizeOf;
use get_size2::GetSize;
use mem_dbg::{FlatType, MemSize, SizeFlags};

/// A tree node: workload 4.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Node {
    pub name: String,
    pub tags: Vec<String>,
    pub children: Vec<Node>,
}

/// One node of a `Box`-linked list: workload 5.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct Link {
    pub value: u64,
    pub next: Option<Box<Link>>,
}

/// A `Box`-linked list whose drop is a loop, so dropping a long one needs no deep stack.
#[derive(memlayout::Layout, GetSize, DeepSizeOf)]
pub struct List {
    pub head: Option<Box<Link>>,
}

impl Drop for List {
    fn drop(&mut self) {
        let mut next = self.head.take();
        while let Some(mut link) = next {
            next = link.next.take();
        }
    }
}

// mem_dbg's `#[derive(MemSize)]` does not compile for recursive types: it bounds the impl on
// `Vec<Node>: MemSize + FlatType`, a cycle rustc rejects (E0275). These impls are what the
// derive emits for a struct marked `#[mem_size(rec)]`, written out.
macro_rules! mem_size_by_hand {
    ($ty:ty { $($field:ident),* }) => {
        impl FlatType for $ty {
            type Flat = mem_dbg::False;
        }

        impl MemSize for $ty {
            fn mem_size_rec(&self, flags: SizeFlags, refs: &mut mem_dbg::HashMap<usize, usize>) -> usize {
                let mut bytes = core::mem::size_of::<Self>();
                $(bytes += self.$field.mem_size_rec(flags, refs) - core::mem::size_of_val(&self.$field);)*
                bytes
            }
        }
    };
}

mem_size_by_hand!(Node {
    name,
    tags,
    children
});
mem_size_by_hand!(Link { value, next });
mem_size_by_hand!(List { head });

// After the macro, which it uses.
pub mod small;

/// A small deterministic generator (xorshift64), so every run builds the same values.
pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        Rng(0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    /// A lowercase string of `low..=high` characters, grown by pushing (capacity >= length).
    pub fn text(&mut self, low: usize, high: usize) -> String {
        let len = self.range(low, high);
        let mut s = String::new();
        for _ in 0..len {
            s.push((b'a' + (self.next() % 26) as u8) as char);
        }
        s
    }
}

/// Workload 1: `n` integers pushed one by one.
pub fn vec_u64(n: usize) -> Vec<u64> {
    let mut v = Vec::new();
    for i in 0..n as u64 {
        v.push(i);
    }
    v
}

/// Workload 2: `n` strings of 10-40 characters.
pub fn vec_string(n: usize) -> Vec<String> {
    let mut rng = Rng::new();
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(rng.text(10, 40));
    }
    v
}

/// `n` byte vectors of 10-40 bytes, pushed one by one (workload 2's shape as `Vec<Vec<u8>>`).
pub fn vec_bytes(n: usize) -> Vec<Vec<u8>> {
    vec_string(n).into_iter().map(String::into_bytes).collect()
}

/// Workload 3: `n` entries, each key a distinct string, each value 0-8 numbers.
pub fn hash_map(n: usize) -> HashMap<String, Vec<u32>> {
    hash_map_of(n, 8)
}

/// `n` entries, each key a distinct string of 5-22 characters, each value `0..=most` numbers
/// pushed one by one (the shapes of issue 16: `most` 0, 16 and 1000).
pub fn hash_map_of(n: usize, most: usize) -> HashMap<String, Vec<u32>> {
    let mut rng = Rng::new();
    let mut map = HashMap::new();
    for i in 0..n {
        let mut key = rng.text(4, 16);
        key.push_str(&i.to_string());
        let mut values = Vec::new();
        for _ in 0..rng.range(0, most) {
            values.push(rng.next() as u32);
        }
        map.insert(key, values);
    }
    map
}

/// Workload 4: a complete tree of `fanout` children per node, `depth` levels below the root
/// (fanout 10, depth 5: 111,111 nodes), each with a name and 0-3 tags.
pub fn tree(fanout: usize, depth: usize) -> Node {
    fn build(rng: &mut Rng, fanout: usize, depth: usize) -> Node {
        let name = rng.text(5, 20);
        let mut tags = Vec::new();
        for _ in 0..rng.range(0, 3) {
            tags.push(rng.text(3, 10));
        }
        let mut children = Vec::new();
        if depth > 0 {
            for _ in 0..fanout {
                children.push(build(rng, fanout, depth - 1));
            }
        }
        Node {
            name,
            tags,
            children,
        }
    }
    build(&mut Rng::new(), fanout, depth)
}

/// The node count of [`tree`]`(fanout, depth)`.
pub fn tree_nodes(fanout: usize, depth: usize) -> usize {
    (0..=depth).map(|d| fanout.pow(d as u32)).sum()
}

/// Workload 5: a list of `n` boxed links, built front to back without recursion.
pub fn list(n: usize) -> List {
    let mut head = None;
    for value in (0..n as u64).rev() {
        head = Some(Box::new(Link { value, next: head }));
    }
    List { head }
}

/// Workload 6: `n` handles to `distinct` shared strings of 10-40 characters.
pub fn rc_handles(n: usize, distinct: usize) -> Vec<Rc<String>> {
    let mut rng = Rng::new();
    let pool: Vec<Rc<String>> = (0..distinct).map(|_| Rc::new(rng.text(10, 40))).collect();
    let mut v = Vec::new();
    for i in 0..n {
        v.push(Rc::clone(&pool[i % distinct]));
    }
    v
}

/// Workload 7: `n` entries with scattered keys and 10-40 character values.
pub fn btree(n: usize) -> BTreeMap<u64, String> {
    let mut rng = Rng::new();
    let mut map = BTreeMap::new();
    while map.len() < n {
        let key = rng.next();
        map.insert(key, rng.text(10, 40));
    }
    map
}

/// The crates users pick instead, each asked for the heap bytes of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    GetSize2,
    DeepSize,
    MemDbg,
}

impl Peer {
    pub const ALL: [Peer; 3] = [Peer::GetSize2, Peer::DeepSize, Peer::MemDbg];

    pub fn name(self) -> &'static str {
        match self {
            Peer::GetSize2 => "get-size2",
            Peer::DeepSize => "deepsize",
            Peer::MemDbg => "mem_dbg",
        }
    }

    pub fn from_name(name: &str) -> Option<Peer> {
        Peer::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The peer's heap-only figure, through its documented entry point:
    /// - get-size2: `get_heap_size()` (heap only already);
    /// - deepsize: `deep_size_of()` minus the value's inline size;
    /// - mem_dbg: `mem_size(CAPACITY | FOLLOW_RCS)` minus the value's inline size (`CAPACITY`
    ///   counts allocated rather than used bytes, `FOLLOW_RCS` counts each `Rc` target once:
    ///   the flags closest to what the allocator was asked for).
    pub fn heap_bytes<T: GetSize + DeepSizeOf + MemSize>(self, value: &T) -> usize {
        match self {
            Peer::GetSize2 => value.get_heap_size(),
            Peer::DeepSize => value.deep_size_of() - core::mem::size_of_val(value),
            Peer::MemDbg => {
                value.mem_size(SizeFlags::CAPACITY | SizeFlags::FOLLOW_RCS)
                    - core::mem::size_of_val(value)
            }
        }
    }
}

/// The environment variable that turns the bench binary (or the exactness test) into a probe
/// that measures the linked list with one peer on a thread of a given stack size.
pub const STACK_PROBE_VAR: &str = "MEMLAYOUT_STACK_PROBE";

/// Measures a `len`-link list with `peer` on a fresh thread with `stack` bytes of stack, and
/// prints `heap_bytes=N`. A stack overflow aborts the process, which is what the parent detects.
pub fn run_stack_probe(spec: &str) {
    let mut parts = spec.split(':');
    let (Some(peer), Some(len), Some(stack)) = (parts.next(), parts.next(), parts.next()) else {
        panic!("{STACK_PROBE_VAR} must be peer:len:stack_bytes, got {spec:?}");
    };
    let peer = Peer::from_name(peer).unwrap_or_else(|| panic!("unknown peer {peer:?}"));
    let len: usize = len.parse().expect("list length");
    let stack: usize = stack.parse().expect("stack bytes");
    let value = list(len);
    let figure = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn_scoped(scope, || peer.heap_bytes(&value))
            .expect("spawn probe thread")
            .join()
            .expect("probe thread")
    });
    println!("heap_bytes={figure}");
}

/// Runs `command` (the current executable, set up to call [`run_stack_probe`]) and returns the
/// peer's figure, or `None` when the probe died (a stack overflow aborts it).
pub fn stack_probe(
    mut command: std::process::Command,
    peer: Peer,
    len: usize,
    stack: usize,
) -> Option<usize> {
    let output = command
        .env(STACK_PROBE_VAR, format!("{}:{len}:{stack}", peer.name()))
        .stderr(std::process::Stdio::null())
        .output()
        .expect("run stack probe");
    if !output.status.success() {
        return None;
    }
    // The test harness may print its own words before ours on the same line.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let figure = stdout
        .lines()
        .find_map(|line| line.split_once("heap_bytes=").map(|(_, n)| n))
        .and_then(|n| n.split_whitespace().next()?.parse().ok());
    Some(figure.unwrap_or_else(|| panic!("stack probe printed no figure: {stdout}")))
}
