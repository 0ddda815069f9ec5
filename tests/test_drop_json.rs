//! `DropOrder::to_json` (schema `memlayout.drop/2`), read back with serde_json and checked
//! against what really happens: the sizes a counting global allocator is given back while the
//! value drops, the paths drop-logging values record as they drop, the live bytes an `Rc` cycle
//! leaves behind, and, step by step, `DropOrder::steps()`.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, LinkedList};
use std::rc::Rc;
use std::sync::Arc;

use memlayout::{
    DropAction, DropOptions, DropOrder, DropOrderExt, Kind, Layout, TypeLayout, Visitor,
};
use serde_json::Value;

#[path = "common/alloc.rs"]
mod alloc;

/// The document, parsed.
fn parse(order: &DropOrder) -> Value {
    let text = order.to_json();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Each step's full path, rebuilt from the document's path table (a path is its parent's path
/// plus its own segment; parents come first).
fn step_paths(json: &Value) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for path in json["paths"].as_array().expect("paths is an array") {
        let parent = match path["parent"].as_u64() {
            Some(parent) => paths[usize::try_from(parent).unwrap()].clone(),
            None => String::new(),
        };
        paths.push(parent + path["segment"].as_str().expect("a segment"));
    }
    json["steps"]
        .as_array()
        .expect("steps is an array")
        .iter()
        .map(|step| paths[usize_of(&step["path_id"])].clone())
        .collect()
}

/// The keys of the JSON object that starts at the beginning of `json`, in document order
/// (`serde_json::Value` sorts them, so this reads the text).
fn key_order(json: &str) -> Vec<String> {
    let bytes = json.as_bytes();
    assert_eq!(bytes.first(), Some(&b'{'), "an object: {json}");
    let (mut depth, mut i, mut keys) = (0usize, 0usize, Vec::new());
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let is_key = bytes[i + 1..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|&b| b == b':');
                if depth == 1 && is_key {
                    keys.push(json[start..i].to_string());
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

fn usize_of(v: &Value) -> usize {
    let n = v.as_u64().unwrap_or_else(|| panic!("not an integer: {v}"));
    usize::try_from(n).expect("fits usize")
}

/// The keys of the first object that follows `prefix` in `json`.
fn key_order_after(json: &str, prefix: &str) -> Vec<String> {
    let at = json
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {json}"));
    key_order(&json[at + prefix.len()..])
}

/// The action as the JSON spells it, for comparison with a step's `DropAction`.
fn json_action(action: DropAction) -> Value {
    use serde_json::json;
    match action {
        DropAction::RunsDropImpl => json!({ "kind": "runs_drop_impl" }),
        DropAction::MayRunDropImpl => json!({ "kind": "may_run_drop_impl" }),
        DropAction::FreesHeap {
            bytes,
            allocations,
            is_exact,
        } => json!({ "kind": "frees_heap", "bytes": bytes, "allocations": allocations,
                     "is_exact": is_exact }),
        DropAction::DecrementsStrong { to } => json!({ "kind": "decrements_strong", "to": to }),
        DropAction::DropsSharedContents => json!({ "kind": "drops_shared_contents" }),
        DropAction::FreesShared { bytes } => json!({ "kind": "frees_shared", "bytes": bytes }),
        DropAction::DecrementsWeak { to } => json!({ "kind": "decrements_weak", "to": to }),
        DropAction::ReleasesResource { what } => {
            json!({ "kind": "releases_resource", "what": what })
        }
        DropAction::Unreadable { reason } => json!({ "kind": "unreadable", "reason": reason }),
        DropAction::NoOp => json!({ "kind": "no_op" }),
        other => panic!("an action this test does not know: {other:?}"),
    }
}

/// Every JSON step equals the corresponding `DropOrder::steps()` item, field by field.
#[track_caller]
fn check_against_steps(order: &DropOrder, json: &Value) {
    let steps = json["steps"].as_array().expect("steps is an array");
    assert_eq!(steps.len(), order.len(), "one JSON step per step");
    let paths = step_paths(json);
    for ((step, j), path) in order.steps().zip(steps).zip(paths) {
        assert_eq!(usize_of(&j["index"]), step.index());
        assert_eq!(path, step.path());
        assert_eq!(j["type_name"], step.full_type_name());
        assert_eq!(j["short_type_name"], step.type_name());
        assert_eq!(j["label"], step.label());
        assert_eq!(usize_of(&j["depth"]), step.depth());
        assert_eq!(j["action"], json_action(step.action()), "step {step}");
    }
    assert_eq!(json["root_type"], order.root_type());
    assert_eq!(
        usize_of(&json["max_recursion_depth"]),
        order.max_recursion_depth()
    );
    let (bytes, allocations) = order.leaked();
    assert_eq!(usize_of(&json["leaked"]["bytes"]), bytes);
    assert_eq!(usize_of(&json["leaked"]["allocations"]), allocations);
    match order.recursion_warning() {
        Some(warning) => assert_eq!(json["recursion_warning"], warning),
        None => assert!(json["recursion_warning"].is_null()),
    }
}

/// The frees the JSON predicts, in order, read from the JSON alone.
fn json_frees(json: &Value) -> Vec<usize> {
    json["steps"]
        .as_array()
        .expect("steps is an array")
        .iter()
        .filter_map(|step| {
            let action = &step["action"];
            match action["kind"].as_str() {
                Some("frees_heap") => {
                    assert_eq!(action["allocations"], 1, "one block: {step}");
                    assert_eq!(action["is_exact"], true, "an exact block: {step}");
                    Some(usize_of(&action["bytes"]))
                }
                Some("frees_shared") => Some(usize_of(&action["bytes"])),
                _ => None,
            }
        })
        .collect()
}

/// JSON against `steps()`, then the JSON's frees against the allocator's, while `value` drops.
#[track_caller]
fn check_frees<T: Layout>(value: T) -> Value {
    let order = value.drop_order();
    let json = parse(&order);
    check_against_steps(&order, &json);
    drop(order);
    let predicted = json_frees(&json);
    let freed = alloc::frees_during(|| drop(value));
    assert_eq!(
        predicted, freed,
        "JSON frees (left) differ from the allocator's (right)"
    );
    assert!(!freed.is_empty(), "the test value should free something");
    json
}

fn string(capacity: usize) -> String {
    let mut s = String::with_capacity(capacity);
    s.push('x');
    s
}

struct Student {
    name: String,
    scores: HashMap<String, Vec<u32>>,
    notes: LinkedList<String>,
}

impl Layout for Student {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Student>("Student", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "name", &self.name);
        v.field(1, "scores", &self.scores);
        v.field(2, "notes", &self.notes);
    }
}

#[test]
fn json_frees_match_the_allocator() {
    check_frees(vec![string(3), string(17), String::new(), string(40)]);
    check_frees(Box::new((string(9), vec![1u8; 33])));
    check_frees(Student {
        name: string(11),
        scores: (0..6).map(|i| (string(20 + i), vec![7; i + 1])).collect(),
        notes: [30, 31].into_iter().map(string).collect(),
    });
    let shared = Rc::new(string(44));
    let json = check_frees(vec![Rc::clone(&shared), Rc::clone(&shared), shared]);
    let kinds: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"]["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"decrements_strong"));
    assert!(kinds.contains(&"drops_shared_contents"));
    let outside = Arc::new(string(45));
    let weak = Arc::downgrade(&outside);
    let json = check_frees((outside, weak));
    assert!(json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["action"]["kind"] == "decrements_weak"));
}

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Logs its label (the path where the test puts it) when dropped.
struct Noisy(String);

impl Drop for Noisy {
    fn drop(&mut self) {
        LOG.with(|log| log.borrow_mut().push(std::mem::take(&mut self.0)));
    }
}

impl Layout for Noisy {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Noisy>("Noisy", Kind::Other);
    fn has_drop_impl() -> bool {
        true
    }
}

struct Pair {
    a: Noisy,
    b: Box<Noisy>,
}

impl Layout for Pair {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Pair>("Pair", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "a", &self.a);
        v.field(1, "b", &self.b);
    }
}

#[test]
fn json_drop_impl_steps_match_the_drop_log() {
    let pair = |at: &str| Pair {
        a: Noisy(format!("{at}.a")),
        b: Box::new(Noisy(format!("{at}.b.*"))),
    };
    let value = (
        vec![pair(".0[0]"), pair(".0[1]")],
        BTreeMap::from([(2u8, pair(".1[2].value")), (1u8, pair(".1[1].value"))]),
    );
    LOG.with(|log| log.borrow_mut().clear());
    let order = value.drop_order();
    let json = parse(&order);
    check_against_steps(&order, &json);
    let predicted: Vec<String> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .zip(step_paths(&json))
        .filter(|(s, _)| s["action"]["kind"] == "runs_drop_impl")
        .map(|(_, path)| path)
        .collect();
    drop(value);
    let observed = LOG.with(|log| log.take());
    assert_eq!(
        predicted, observed,
        "JSON order (left) differs from the real one"
    );
    assert_eq!(observed.len(), 8);
}

#[test]
fn schema_keys_come_in_the_documented_order() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let file = std::fs::File::open(path).expect("the manifest opens");
    let value = (vec![string(5)], Some(file), [0u64; 2]);
    let order = value.drop_order_with(DropOptions::new().include_no_ops(true).elide_runs(2, 1));
    let text = order.to_json();
    assert_eq!(
        key_order(&text),
        [
            "schema",
            "root_type",
            "options",
            "inline_bytes",
            "leaked",
            "max_recursion_depth",
            "recursion_warning",
            "paths",
            "steps"
        ]
    );
    let json: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["schema"], "memlayout.drop/2");
    assert_eq!(json["root_type"], std::any::type_name_of_val(&value));
    assert_eq!(
        usize_of(&json["inline_bytes"]),
        std::mem::size_of_val(&value)
    );
    assert_eq!(
        key_order_after(&text, r#""options":"#),
        [
            "include_no_ops",
            "elide_runs",
            "recursion_warning_at",
            "max_lines"
        ]
    );
    assert_eq!(json["options"]["include_no_ops"], true);
    assert_eq!(
        json["options"]["elide_runs"],
        serde_json::json!({ "head": 2, "tail": 1 })
    );
    let defaults = parse(&7u8.drop_order());
    assert_eq!(defaults["options"]["include_no_ops"], false);
    assert_eq!(defaults["options"]["elide_runs"]["head"], 5);
    assert!(
        parse(&7u8.drop_order_with(DropOptions::new().no_elision()))["options"]["elide_runs"]
            .is_null()
    );
    assert_eq!(
        key_order_after(&text, r#""leaked":"#),
        ["bytes", "allocations"]
    );
    assert_eq!(
        key_order_after(&text, r#""steps":["#),
        [
            "index",
            "path_id",
            "type_name",
            "short_type_name",
            "label",
            "depth",
            "action"
        ]
    );
    assert_eq!(key_order_after(&text, r#""action":"#)[0], "kind");
    assert_eq!(
        key_order_after(&text, r#""paths":["#),
        ["parent", "segment"]
    );
    check_against_steps(&order, &json);
    let kinds: Vec<&str> = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"]["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"releases_resource"), "{kinds:?}");
    assert!(kinds.contains(&"no_op"), "{kinds:?}");
    let file = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["action"]["kind"] == "releases_resource")
        .unwrap();
    assert_eq!(file["action"]["what"], "closes its file descriptor");
    assert_eq!(file["short_type_name"], "File");
}

#[test]
fn json_lists_every_step_whatever_the_elision() {
    let v: Vec<String> = (0..100).map(|i| i.to_string()).collect();
    let order = v.drop_order_with(DropOptions::new().elide_runs(2, 1).max_lines(4));
    assert!(order.to_string().contains("more"), "Display elides");
    let json = parse(&order);
    check_against_steps(&order, &json);
    assert_eq!(json["steps"].as_array().unwrap().len(), v.len() + 1);
    assert_eq!(step_paths(&json)[57], "[57]");
}

struct Node {
    name: String,
    next: RefCell<Option<Rc<Node>>>,
}

impl Layout for Node {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Node>("Node", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "name", &self.name);
        v.field(1, "next", &self.next);
    }
}

#[test]
fn an_rc_cycle_reports_what_stays_allocated() {
    let (value, built) = alloc::measure(|| {
        let a = Rc::new(Node {
            name: string(21),
            next: RefCell::new(None),
        });
        let b = Rc::new(Node {
            name: string(34),
            next: RefCell::new(Some(Rc::clone(&a))),
        });
        *a.next.borrow_mut() = Some(Rc::clone(&b));
        (a, string(8))
    });
    let (bytes, allocations, json_frees) = {
        let order = value.drop_order();
        let json = parse(&order);
        check_against_steps(&order, &json);
        (
            usize_of(&json["leaked"]["bytes"]),
            usize_of(&json["leaked"]["allocations"]),
            json_frees(&json),
        )
    };
    let keep = Rc::downgrade(&value.0);
    let freed = alloc::frees_during(|| drop(value));
    assert_eq!(json_frees, freed);
    // What the build allocated and the drop did not give back.
    assert!(allocations > 0, "the cycle leaks");
    let stays = built.bytes - freed.iter().sum::<usize>();
    assert_eq!(bytes, stays, "leaked bytes against the allocator");
    assert_eq!(allocations, built.allocations - freed.len());
    // Break the cycle so the test frees what it built.
    if let Some(a) = keep.upgrade() {
        a.next.borrow_mut().take();
    }
}

struct Link {
    name: String,
    next: Option<Box<Link>>,
}

impl Layout for Link {
    const LAYOUT: &'static TypeLayout = &TypeLayout::of::<Link>("Link", Kind::Struct);
    fn visit<'a, V: Visitor<'a>>(&'a self, v: &mut V) {
        v.field(0, "name", &self.name);
        v.field(1, "next", &self.next);
    }
}

#[test]
fn a_deep_value_carries_the_recursion_warning() {
    let mut chain = Link {
        name: string(1),
        next: None,
    };
    for i in 0..300 {
        chain = Link {
            name: string(2 + i % 7),
            next: Some(Box::new(chain)),
        };
    }
    let quiet = parse(&chain.drop_order());
    assert!(quiet["recursion_warning"].is_null());
    let depth = usize_of(&quiet["max_recursion_depth"]);
    assert!(depth > 300, "one level per link at least: {depth}");
    let deepest = quiet["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| usize_of(&s["depth"]))
        .max()
        .unwrap();
    assert!(deepest < depth, "a step's depth counts enclosing values");

    let order = chain.drop_order_with(DropOptions::new().recursion_warning_at(depth - 1));
    let json = parse(&order);
    check_against_steps(&order, &json);
    let warning = json["recursion_warning"].as_str().expect("a warning");
    assert!(warning.contains(&depth.to_string()), "{warning}");
    assert_eq!(
        usize_of(&json["options"]["recursion_warning_at"]),
        depth - 1
    );
    let below = chain.drop_order_with(DropOptions::new().recursion_warning_at(depth));
    assert!(parse(&below)["recursion_warning"].is_null());
    drop((order, below));
    let predicted = json_frees(&json);
    assert_eq!(predicted, alloc::frees_during(|| drop(chain)));
}
