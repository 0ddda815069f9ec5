//! Std types after editing histories (B-trees split, retained, drained and appended; vectors
//! collected in place, spliced, deduplicated; strings edited; values deserialised by
//! serde_json; io errors), each value checked in every walk against the counting allocator
//! (see `hunt_support`).
#![cfg(feature = "alloc")]

#[path = "../../tests/common/alloc.rs"]
mod alloc;
mod hunt_support;

use hunt_support::check;

fn strings(n: usize) -> Vec<String> {
    (0..n).map(|i| "x".repeat(i % 7 + 1)).collect()
}

/// B-trees left with few entries by many histories: their figures are exact only where the
/// invariants leave one shape, which must hold whatever the history.
#[test]
fn btrees_after_histories() {
    use std::collections::{BTreeMap, BTreeSet};
    let full = |n: u32| (0..n).map(|k| (k, k as u64)).collect::<BTreeMap<_, _>>();
    for total in [11u32, 12, 17, 30, 60, 200, 1000] {
        for left in [0u32, 1, 5, 10, 11, 12, 13, 16, 17, 22, 23] {
            if left > total {
                continue;
            }
            let what = format!("{total} to {left}");
            check(&format!("split_off high {what}"), || {
                full(total).split_off(&left)
            });
            check(&format!("split_off low {what}"), || {
                let mut m = full(total);
                m.split_off(&(total - left));
                m
            });
            check(&format!("split_off tail {what}"), || {
                full(total).split_off(&(total - left))
            });
            check(&format!("retain {what}"), || {
                let mut m = full(total);
                m.retain(|k, _| *k < left);
                m
            });
            check(&format!("retain spread {what}"), || {
                let mut m = full(total);
                let step = (total / left.max(1)).max(1);
                let mut kept = 0;
                m.retain(|k, _| {
                    let keep = k % step == 0 && kept < left;
                    kept += u32::from(keep);
                    keep
                });
                m
            });
            check(&format!("pop_first {what}"), || {
                let mut m = full(total);
                while m.len() > left as usize {
                    m.pop_first();
                }
                m
            });
            check(&format!("remove from middle {what}"), || {
                let mut m = full(total);
                let mut k = total / 2;
                while m.len() > left as usize {
                    if m.remove(&k).is_none() {
                        m.pop_last();
                    }
                    k = (k * 7 + 3) % total;
                }
                m
            });
            check(&format!("append {what}"), || {
                let mut a: BTreeMap<u32, u64> = (0..left / 2).map(|k| (k, 0)).collect();
                let mut b: BTreeMap<u32, u64> = (left / 2..left).map(|k| (k, 0)).collect();
                a.append(&mut b);
                (a, b)
            });
            check(&format!("cloned {what}"), || {
                let mut m = full(total);
                m.retain(|k, _| *k >= total - left);
                m.clone()
            });
            check(&format!("set from shuffled {what}"), || {
                (0..left)
                    .map(|k| (k * 7919) % 1009)
                    .collect::<BTreeSet<u32>>()
            });
            check(&format!("extract via range {what}"), || {
                let mut m = full(total);
                let keys: Vec<u32> = m.range(left..).map(|(k, _)| *k).collect();
                for k in keys {
                    m.remove(&k);
                }
                m
            });
        }
    }
}

#[test]
fn in_place_and_string_edits() {
    use std::collections::{BinaryHeap, VecDeque};
    use std::rc::Rc;
    use std::sync::Arc;
    check("in place u64 to u32", || {
        vec![7u64; 33]
            .into_iter()
            .map(|x| x as u32)
            .collect::<Vec<_>>()
    });
    check("in place 6 to 4 bytes", || {
        vec![[1u16; 3]; 7]
            .into_iter()
            .map(|[a, b, _]| [a, b])
            .collect::<Vec<[u16; 2]>>()
    });
    check("in place filtered", || {
        vec![String::from("k"); 20]
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % 4 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
    });
    check("in place strings to boxes", || {
        strings(9)
            .into_iter()
            .map(String::into_boxed_str)
            .collect::<Vec<_>>()
    });
    check("splice", || {
        let mut v = strings(10);
        let removed: Vec<String> = v.splice(2..5, strings(20)).collect();
        (v, removed)
    });
    check("dedup resize append", || {
        let mut v = vec![1u8, 1, 2, 2, 3];
        v.dedup();
        v.resize(40, 9);
        let mut w = vec![0u8; 100];
        v.append(&mut w);
        (v, w)
    });
    check("string edits", || {
        let mut s = String::from("hello world");
        s.insert_str(0, "oh, ");
        s.replace_range(0..3, "well well well");
        let tail = s.split_off(5);
        let drained: String = s.drain(1..3).collect();
        (s, tail, drained)
    });
    check("deque push_front from empty", || {
        let mut d = VecDeque::with_capacity(0);
        for i in 0..9 {
            d.push_front(i.to_string());
        }
        d
    });
    check("heap from vec with spare", || {
        let mut v = Vec::with_capacity(64);
        v.extend(strings(5));
        let mut h = BinaryHeap::from(v);
        h.append(&mut strings(40).into_iter().collect());
        h
    });
    check("heap into_vec", || {
        strings(7).into_iter().collect::<BinaryHeap<_>>().into_vec()
    });
    check("rc from box", || {
        Rc::<[String]>::from(strings(4).into_boxed_slice())
    });
    check("arc from string", || Arc::<str>::from("s".repeat(50)));
    check("arc from box str", || {
        Arc::<str>::from("t".repeat(9).into_boxed_str())
    });
    check("rc from vec with spare", || {
        let mut v = Vec::with_capacity(50);
        v.extend(strings(3));
        Rc::<[String]>::from(v)
    });
}

#[cfg(feature = "serde_json")]
#[test]
fn deserialised_std_types() {
    use std::collections::{BTreeMap, HashSet, VecDeque};
    let strings = r#"["a","bcdefgh","","ijklmnopqrstuvwxyz","\u00e9t\u00e9"]"#;
    check("boxed str", || {
        serde_json::from_str::<Box<str>>(r#""boxed text""#).unwrap()
    });
    check("boxed slice", || {
        serde_json::from_str::<Box<[u8]>>("[1,2,3,4,5,6,7,8,9]").unwrap()
    });
    check("nested vecs", || {
        serde_json::from_str::<Vec<Vec<u16>>>("[[1],[],[2,3,4,5,6],[7,8]]").unwrap()
    });
    check("deque", || {
        serde_json::from_str::<VecDeque<String>>(strings).unwrap()
    });
    check("set", || {
        serde_json::from_str::<HashSet<String>>(strings).unwrap()
    });
    check("btree", || {
        serde_json::from_str::<BTreeMap<String, Vec<u8>>>(r#"{"a":[1],"b":[],"c":[2,3]}"#).unwrap()
    });
    check("options boxed", || {
        serde_json::from_str::<Vec<Option<Box<String>>>>(r#"["x",null,"yy"]"#).unwrap()
    });
    check("path", || {
        serde_json::from_str::<std::path::PathBuf>(r#""/a/b/c""#).unwrap()
    });
    check("cstring", || {
        serde_json::from_str::<std::ffi::CString>("[104,105]").unwrap()
    });
    check("os string", || {
        serde_json::from_str::<std::ffi::OsString>(r#"{"Unix":[104,105]}"#).unwrap()
    });
    check("tuple", || {
        serde_json::from_str::<(String, Vec<u8>, Box<u32>)>(r#"["t",[1],7]"#).unwrap()
    });
    check("from slice", || {
        serde_json::from_slice::<Vec<String>>(strings.as_bytes()).unwrap()
    });
    check("from reader", || {
        serde_json::from_reader::<_, Vec<String>>(strings.as_bytes()).unwrap()
    });
    check("value from reader", || {
        serde_json::from_reader::<_, serde_json::Value>(r#"{"k":["v",{"w":"x\ny"}]}"#.as_bytes())
            .unwrap()
    });
    check("to_string", || {
        serde_json::to_string(&vec!["a"; 40]).unwrap()
    });
    check("to_vec pretty", || {
        serde_json::to_vec_pretty(&vec![1u8; 40]).unwrap()
    });
    check("to_value", || {
        serde_json::to_value(vec![String::from("s"); 9]).unwrap()
    });
    check("value from iter", || {
        (0..20)
            .map(|i| i.to_string())
            .collect::<serde_json::Value>()
    });
    check("value map from iter", || {
        (0..20)
            .map(|i| (i.to_string(), serde_json::Value::from(i)))
            .collect::<serde_json::Map<String, serde_json::Value>>()
    });
}

#[cfg(feature = "std")]
#[test]
fn io_errors() {
    use std::io::{Error, ErrorKind};
    check("os error", || Error::from_raw_os_error(2));
    check("bare kind", || Error::from(ErrorKind::NotFound));
    check("message", || {
        Error::new(ErrorKind::InvalidData, "a message of some length")
    });
    check("other string", || {
        Error::other(String::from("owned message"))
    });
    check("wrapped fmt error", || Error::other(std::fmt::Error));
    check("wrapped io error", || {
        Error::other(Error::new(ErrorKind::InvalidInput, "inner"))
    });
    check("errors in a vec", || {
        (0..5)
            .map(|i| Error::other(format!("error {i}")))
            .collect::<Vec<_>>()
    });
}
