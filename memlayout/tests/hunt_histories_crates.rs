//! Crate types after histories the other tests do not use (clones, removals, splits, clears
//! and refills, shrinking, locks held...), each value checked in every walk against the
//! counting allocator (see `hunt_support`).
#![cfg(feature = "std")]
// With only some of the crate features, the imports and helpers of the others go unused.
#![cfg_attr(
    not(all(
        feature = "arcstr",
        feature = "bytes",
        feature = "compact_str",
        feature = "dashmap",
        feature = "either",
        feature = "hashbrown",
        feature = "indexmap",
        feature = "once_cell",
        feature = "parking_lot",
        feature = "roaring",
        feature = "serde_json",
        feature = "slab",
        feature = "smallvec",
        feature = "smol_str",
        feature = "thin-vec",
        feature = "tinyvec",
        feature = "url"
    )),
    allow(unused_imports, dead_code)
)]

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod hunt_support;

use hunt_support::check;

#[cfg(feature = "indexmap")]
#[test]
fn indexmap_histories() {
    use indexmap::{IndexMap, IndexSet};
    let owning = |n: usize| {
        (0..n)
            .map(|i| (i.to_string(), vec![0u8; i % 5]))
            .collect::<IndexMap<_, _>>()
    };
    check("collected", || owning(37));
    check("cloned", || {
        let mut m = IndexMap::with_capacity(100);
        m.extend(owning(10));
        m.clone()
    });
    check("swap_remove", || {
        let mut m = owning(40);
        for i in 0..30 {
            m.swap_remove(&i.to_string());
        }
        m
    });
    check("shift_remove", || {
        let mut m = owning(20);
        m.shift_remove("3");
        m.shift_remove("7");
        m
    });
    check("sort_keys", || {
        let mut m = owning(25);
        m.sort_keys();
        m
    });
    check("clear refill", || {
        let mut m = owning(60);
        m.clear();
        m.extend(owning(4));
        m
    });
    check("with_capacity swap_remove", || {
        let mut m: IndexMap<u64, String> = IndexMap::with_capacity(1000);
        m.extend((0..900).map(|i| (i, String::new())));
        for i in 0..800 {
            m.swap_remove(&i);
        }
        m
    });
    check("retain", || {
        let mut m = owning(50);
        m.retain(|k, _| k.len() == 2);
        m
    });
    check("drain", || {
        let mut m = owning(50);
        let d: Vec<_> = m.drain(5..45).collect();
        (m, d)
    });
    check("split_off", || {
        let mut m = owning(50);
        let t = m.split_off(20);
        (m, t)
    });
    check("shrink_to", || {
        let mut m = owning(50);
        m.truncate(10);
        m.shrink_to(20);
        m
    });
    check("reserve_exact", || {
        let mut m = owning(3);
        m.reserve_exact(50);
        m
    });
    check("set reserved", || {
        let mut s: IndexSet<String> = (0..10).map(|i| i.to_string()).collect();
        s.reserve(100);
        s
    });
    check("set taken", || {
        let mut s: IndexSet<u32> = (0..100).collect();
        let t = core::mem::take(&mut s);
        (s, t)
    });
    check("vec of maps", || (0..5).map(owning).collect::<Vec<_>>());
}

#[cfg(feature = "hashbrown")]
#[test]
fn hashbrown_histories() {
    use hashbrown::{HashMap, HashSet};
    let owning = |n: usize| {
        (0..n)
            .map(|i| (i.to_string(), vec![0u8; i % 5]))
            .collect::<HashMap<_, _>>()
    };
    check("cloned", || {
        let mut m = HashMap::with_capacity(300);
        m.extend(owning(10));
        m.clone()
    });
    check("clear refill", || {
        let mut m = owning(100);
        m.clear();
        m.extend(owning(3));
        m
    });
    check("shrink_to", || {
        let mut m = owning(100);
        m.retain(|k, _| k.len() == 1);
        m.shrink_to(3);
        m
    });
    check("set drained", || {
        let mut s: HashSet<String> = (0..40).map(|i| i.to_string()).collect();
        let d: Vec<_> = s.drain().take(3).collect();
        (s, d)
    });
    check("custom hasher", || {
        let mut m: HashMap<u8, String, std::hash::RandomState> =
            HashMap::with_capacity_and_hasher(5, Default::default());
        m.insert(1, "one".into());
        m
    });
}

#[cfg(feature = "smallvec")]
#[test]
fn smallvec_histories() {
    use smallvec::SmallVec;
    check("cloned spilled", || {
        let mut v: SmallVec<[String; 2]> = SmallVec::with_capacity(40);
        v.extend((0..5).map(|i| i.to_string()));
        v.clone()
    });
    check("collect filter", || {
        (0..100u32)
            .filter(|i| i % 7 == 0)
            .collect::<SmallVec<[u32; 4]>>()
    });
    check("drain", || {
        let mut v: SmallVec<[String; 3]> = (0..20).map(|i| i.to_string()).collect();
        let d: Vec<_> = v.drain(2..18).collect();
        (v, d)
    });
    check("into_vec", || {
        let v: SmallVec<[String; 3]> = (0..7).map(|i| i.to_string()).collect();
        v.into_vec()
    });
    check("from_vec", || {
        SmallVec::<[u8; 8]>::from_vec(Vec::with_capacity(100))
    });
    check("from_vec small", || {
        SmallVec::<[u8; 8]>::from_vec(vec![1, 2, 3])
    });
    check("insert_many", || {
        let mut v: SmallVec<[u16; 4]> = SmallVec::new();
        v.insert_many(0, 0..30);
        v
    });
    check("shrink_to_fit back inline", || {
        let mut v: SmallVec<[String; 4]> = (0..10).map(|i| i.to_string()).collect();
        v.truncate(2);
        v.shrink_to_fit();
        v
    });
    check("grow", || {
        let mut v: SmallVec<[u64; 4]> = (0..10).collect();
        v.grow(100);
        v
    });
    check("zst", || {
        (0..100).map(|_| ()).collect::<SmallVec<[(); 4]>>()
    });
}

#[cfg(feature = "bytes")]
#[test]
fn bytes_histories() {
    use bytes::{BufMut, Bytes, BytesMut};
    check("slice", || {
        let b = Bytes::from(vec![1u8; 100]);
        b.slice(10..20)
    });
    check("split_to", || {
        let mut b = Bytes::from(vec![1u8; 100]);
        let f = b.split_to(30);
        (b, f)
    });
    check("split_to dropped", || {
        let mut b = Bytes::from(vec![1u8; 100]);
        drop(b.split_to(30));
        b
    });
    check("freeze split", || {
        let mut m = BytesMut::with_capacity(200);
        m.put_bytes(3, 150);
        let front = m.split_to(50).freeze();
        (front, m)
    });
    check("reserve after split", || {
        let mut m = BytesMut::with_capacity(64);
        m.put_bytes(1, 64);
        let front = m.split();
        m.reserve(500);
        m.put_bytes(2, 10);
        (front, m)
    });
    check("reserve after split dropped", || {
        let mut m = BytesMut::with_capacity(64);
        m.put_bytes(1, 64);
        drop(m.split());
        m.reserve(32);
        m
    });
    check("unsplit", || {
        let mut m = BytesMut::with_capacity(64);
        m.put_bytes(1, 64);
        let t = m.split_off(20);
        m.unsplit(t);
        m
    });
    check("try_into_mut", || {
        Bytes::from(vec![1u8; 40]).try_into_mut().unwrap()
    });
    check("vec of clones", || {
        let b = Bytes::from(vec![9u8; 30]);
        vec![b.clone(), b.slice(1..3), b]
    });
    check("from_owner", || Bytes::from_owner(vec![0u8; 300]));
    check("bytes into vec", || {
        Vec::from(Bytes::from(vec![1u8; 30]).slice(3..10))
    });
}

#[cfg(feature = "compact_str")]
#[test]
fn compact_str_histories() {
    use compact_str::CompactString;
    check("cloned heap", || {
        let mut s = CompactString::with_capacity(200);
        s.push_str("a string longer than twenty-four bytes");
        s.clone()
    });
    check("cloned short heap", || {
        let mut s = CompactString::with_capacity(200);
        s.push_str("short");
        s.clone()
    });
    check("from string", || {
        let mut s = String::with_capacity(100);
        s.push_str("abc");
        CompactString::from(s)
    });
    check("from long string", || CompactString::from("z".repeat(50)));
    check("into string", || {
        CompactString::from("z".repeat(50)).into_string()
    });
    check("into string short", || {
        CompactString::from("zz").into_string()
    });
    check("truncate shrink", || {
        let mut s = CompactString::from("y".repeat(100));
        s.truncate(30);
        s.shrink_to_fit();
        s
    });
    check("vec collected", || {
        (0..30)
            .map(|i| CompactString::from("q".repeat(i)))
            .collect::<Vec<_>>()
    });
    check("from utf16", || {
        CompactString::from_utf16([0x61u16; 40]).unwrap()
    });
}

#[cfg(feature = "thin-vec")]
#[test]
fn thin_vec_histories() {
    use thin_vec::ThinVec;
    check("cloned", || {
        let mut v: ThinVec<String> = ThinVec::with_capacity(50);
        v.extend((0..5).map(|i| i.to_string()));
        v.clone()
    });
    check("retain drain", || {
        let mut v: ThinVec<u64> = (0..100).collect();
        v.retain(|x| x % 3 == 0);
        let d: Vec<_> = v.drain(1..5).collect();
        (v, d)
    });
    check("split_off", || {
        let mut v: ThinVec<String> = (0..10).map(|i| i.to_string()).collect();
        let t = v.split_off(3);
        (v, t)
    });
    check("cleared shrunk", || {
        let mut v: ThinVec<u8> = (0..100).collect();
        v.clear();
        v.shrink_to_fit();
        v
    });
    check("from vec", || ThinVec::from(vec![1u32; 9]));
}

#[cfg(feature = "tinyvec")]
#[test]
fn tinyvec_histories() {
    use tinyvec::TinyVec;
    check("cloned heap", || {
        let mut v: TinyVec<[u8; 4]> = TinyVec::with_capacity(100);
        v.extend(0..10);
        v.clone()
    });
    check("drain", || {
        let mut v: TinyVec<[u32; 2]> = (0..30).collect();
        let d: Vec<_> = v.drain(1..25).collect();
        (v, d)
    });
    check("move_to_the_heap_and_reserve", || {
        let mut v: TinyVec<[u16; 3]> = TinyVec::new();
        v.push(1);
        v.move_to_the_heap_and_reserve(33);
        v
    });
}

#[cfg(feature = "slab")]
#[test]
fn slab_histories() {
    use slab::Slab;
    check("cloned", || {
        let mut s: Slab<String> = Slab::with_capacity(50);
        for i in 0..10 {
            s.insert(i.to_string());
        }
        s.remove(3);
        s.clone()
    });
    check("one left", || {
        let mut s: Slab<String> = (0..10).map(|i| (i, i.to_string())).collect();
        s.retain(|k, _| k == 7);
        s
    });
    check("compact", || {
        let mut s: Slab<u64> = Slab::new();
        for i in 0..20 {
            s.insert(i);
        }
        for i in 0..15 {
            s.remove(i);
        }
        s.compact(|_, _, _| true);
        s
    });
    check("drained", || {
        let mut s: Slab<Vec<u8>> = Slab::new();
        for i in 0..9 {
            s.insert(vec![0; i]);
        }
        s.drain().take(2).count();
        s
    });
    check("from iter sparse", || {
        [(5usize, "a".to_string()), (100, "b".to_string())]
            .into_iter()
            .collect::<Slab<_>>()
    });
}

#[cfg(feature = "roaring")]
#[test]
fn roaring_histories() {
    use roaring::RoaringBitmap;
    check("cloned", || {
        let b: RoaringBitmap = (0..100_000u32).step_by(3).collect();
        b.clone()
    });
    check("ops", || {
        let a: RoaringBitmap = (0..5000u32).collect();
        let b: RoaringBitmap = (2500..200_000u32).step_by(7).collect();
        &a | &b
    });
    check("removed", || {
        let mut a: RoaringBitmap = (0..300_000u32).collect();
        a.remove_range(1000..290_000);
        a
    });
}

#[cfg(feature = "url")]
#[test]
fn url_histories() {
    check("joined", || {
        url::Url::parse("https://a.example/x/y")
            .unwrap()
            .join("../zz?q=1")
            .unwrap()
    });
    check("cloned set_path", || {
        let mut u = url::Url::parse("https://a.example/").unwrap();
        u.set_path(&"p/".repeat(40));
        u.set_path("/");
        u.clone()
    });
    check("set_path shrunk", || {
        let mut u = url::Url::parse("https://a.example/").unwrap();
        u.set_path(&"p/".repeat(40));
        u.set_path("/");
        u
    });
}

#[cfg(all(feature = "arcstr", feature = "smol_str"))]
#[test]
fn arcstr_smol_histories() {
    check("substr", || {
        let a = arcstr::ArcStr::from("a".repeat(100));
        (a.substr(3..40), a.substr(50..))
    });
    check("substr alone", || {
        arcstr::ArcStr::from("a".repeat(100)).substr(3..40)
    });
    check("smol cloned", || {
        let s = smol_str::SmolStr::new("q".repeat(60));
        vec![s.clone(), s]
    });
    check("smol from string", || {
        smol_str::SmolStr::from(String::with_capacity(100) + &"r".repeat(40))
    });
}

#[cfg(feature = "dashmap")]
#[test]
fn dashmap_histories() {
    use dashmap::DashMap;
    check("shrunk", || {
        let m: DashMap<u32, String> = (0..500).map(|i| (i, i.to_string())).collect();
        m.retain(|k, _| k % 50 == 0);
        m.shrink_to_fit();
        m
    });
    check("cleared", || {
        let m: DashMap<String, Vec<u8>> = (0..100).map(|i| (i.to_string(), vec![0; i])).collect();
        m.clear();
        m.insert("a".into(), vec![1; 3]);
        m
    });
}

#[cfg(feature = "serde_json")]
#[test]
fn serde_json_map_histories() {
    check("map cloned", || {
        let v: serde_json::Value = serde_json::from_str(&format!(
            "{{{}}}",
            (0..30)
                .map(|i| format!("\"k{i}\":\"{}\"", "v".repeat(i)))
                .collect::<Vec<_>>()
                .join(",")
        ))
        .unwrap();
        v.clone()
    });
    check("map removed", || {
        let mut m = serde_json::Map::new();
        for i in 0..40 {
            m.insert(format!("key{i}"), serde_json::Value::from(i));
        }
        for i in 0..35 {
            m.remove(&format!("key{i}"));
        }
        m
    });
    check("value from vec", || {
        serde_json::Value::from(Vec::<u8>::with_capacity(30))
    });
    check("value array shrunk", || {
        let mut v = serde_json::json!([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        v.as_array_mut().unwrap().truncate(2);
        v
    });
    check("number big", || {
        serde_json::from_str::<serde_json::Value>("[1e300, 18446744073709551615, -5]").unwrap()
    });
}
