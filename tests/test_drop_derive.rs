//! Drop order of `#[derive(Layout)]` types, predicted and observed: derived structs and enums
//! with and without their own `Drop` impl (detected by the derive, or declared with
//! `#[layout(drop_impl)]` on generic types), holding drop loggers directly and in std
//! containers. Every logger logs the path where the test put it; the predicted `RunsDropImpl`
//! steps must name the same paths in the same order.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, LinkedList, VecDeque};
use std::marker::PhantomData;
use std::rc::Rc;

use memlayout::{DropAction, DropOrderExt, Layout};

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(label: impl Into<String>) {
    LOG.with(|log| log.borrow_mut().push(label.into()));
}

#[track_caller]
fn check<T: Layout>(value: T) -> Vec<String> {
    let predicted: Vec<String> = value
        .drop_order()
        .steps()
        .filter(|s| s.action() == DropAction::RunsDropImpl)
        .map(|s| s.path())
        .collect();
    LOG.with(|log| log.borrow_mut().clear());
    drop(value);
    let observed = LOG.with(|log| log.take());
    assert_eq!(
        predicted, observed,
        "predicted drop order (left) differs from the real one"
    );
    observed
}

/// A derived logger that owns heap memory (its label).
#[derive(Layout)]
struct Noisy {
    label: String,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        log(std::mem::take(&mut self.label));
    }
}

fn noisy(label: impl Into<String>) -> Noisy {
    Noisy {
        label: label.into(),
    }
}

/// A derived logger of plain fields: a leaf (`IS_LEAF`), yet it has drop glue.
#[derive(Layout)]
struct Token {
    id: u32,
}

thread_local! {
    static TOKEN_PATHS: RefCell<HashMap<u32, String>> = RefCell::new(HashMap::new());
}

impl Drop for Token {
    fn drop(&mut self) {
        let path = TOKEN_PATHS.with(|paths| paths.borrow_mut().remove(&self.id));
        log(path.unwrap_or_else(|| format!("token {}", self.id)));
    }
}

/// A token whose drop logs `path`.
fn token(path: impl Into<String>) -> Token {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    TOKEN_PATHS.with(|paths| paths.borrow_mut().insert(id, path.into()));
    Token { id }
}

/// No `Drop` impl: the derive answers `has_drop_impl() == false`.
#[derive(Layout)]
struct Plain {
    first: Noisy,
    count: u64,
    second: Token,
}

/// Its own `Drop` impl, detected by the derive.
#[derive(Layout)]
struct Guarded {
    inner: Plain,
    tail: Noisy,
}

impl Drop for Guarded {
    fn drop(&mut self) {
        log("");
    }
}

#[derive(Layout)]
enum Event {
    Idle,
    Single(Noisy),
    Pair(Token, Noisy),
    Named { who: Noisy, what: Plain },
}

#[derive(Layout)]
enum Loud {
    Quiet(Token),
    Loud { a: Noisy },
}

impl Drop for Loud {
    fn drop(&mut self) {
        log("");
    }
}

/// Generic with its own `Drop`: the derive cannot see it, the attribute declares it.
#[derive(Layout)]
#[layout(drop_impl)]
struct Wrapper<T> {
    label: &'static str,
    inner: T,
}

impl<T> Drop for Wrapper<T> {
    fn drop(&mut self) {
        log(self.label);
    }
}

/// Generic without a `Drop` impl, fields with drop glue.
#[derive(Layout)]
struct Holder<T> {
    items: Vec<T>,
    extra: Option<T>,
}

/// Generic with a `Drop` impl and no field with drop glue: the derive's guess finds it.
#[derive(Layout)]
struct Marker<T> {
    id: u32,
    _for: PhantomData<T>,
}

impl<T> Drop for Marker<T> {
    fn drop(&mut self) {
        log(format!("marker {}", self.id));
    }
}

#[derive(Layout)]
struct Tree {
    name: Noisy,
    children: Vec<Tree>,
}

fn tree(path: &str, depth: usize) -> Tree {
    Tree {
        name: noisy(format!("{path}.name")),
        children: (0..depth)
            .map(|i| tree(&format!("{path}.children[{i}]"), depth - 1))
            .collect(),
    }
}

#[test]
fn the_derive_detects_drop_impls() {
    assert!(Noisy::has_drop_impl());
    assert!(Token::has_drop_impl());
    assert!(!Plain::has_drop_impl());
    assert!(Guarded::has_drop_impl());
    assert!(Loud::has_drop_impl());
    assert!(!Event::has_drop_impl());
    assert!(Wrapper::<Noisy>::has_drop_impl());
    assert!(!Holder::<Noisy>::has_drop_impl());
    assert!(Marker::<String>::has_drop_impl());
}

#[test]
fn derived_structs_with_and_without_drop_impls() {
    let plain = Plain {
        first: noisy(".first"),
        count: 3,
        second: token(".second"),
    };
    assert_eq!(check(plain), [".first", ".second"]);
    let guarded = Guarded {
        inner: Plain {
            first: noisy(".inner.first"),
            count: 0,
            second: token(".inner.second"),
        },
        tail: noisy(".tail"),
    };
    assert_eq!(
        check(guarded),
        ["", ".inner.first", ".inner.second", ".tail"]
    );
}

#[test]
fn derived_enums_drop_the_active_variant() {
    assert!(check(Event::Idle).is_empty());
    assert_eq!(check(Event::Single(noisy(".Single.0"))), [".Single.0"]);
    let pair = Event::Pair(token(".Pair.0"), noisy(".Pair.1"));
    assert_eq!(check(pair), [".Pair.0", ".Pair.1"]);
    let named = Event::Named {
        who: noisy(".Named.who"),
        what: Plain {
            first: noisy(".Named.what.first"),
            count: 1,
            second: token(".Named.what.second"),
        },
    };
    assert_eq!(check(named).len(), 3);
    assert_eq!(check(Loud::Quiet(token(".Quiet.0"))), ["", ".Quiet.0"]);
    assert_eq!(
        check(Loud::Loud {
            a: noisy(".Loud.a")
        }),
        ["", ".Loud.a"]
    );
}

#[test]
fn generic_types_declare_or_guess_their_drop_impls() {
    let wrapped = Wrapper {
        label: "",
        inner: Wrapper {
            label: ".inner",
            inner: noisy(".inner.inner"),
        },
    };
    assert_eq!(check(wrapped), ["", ".inner", ".inner.inner"]);
    let holder = Holder {
        items: vec![token(".items[0]"), token(".items[1]")],
        extra: Some(token(".extra.Some.0")),
    };
    assert_eq!(check(holder).len(), 3);
    let marker: Marker<String> = Marker {
        id: 7,
        _for: PhantomData,
    };
    // A root's path is empty; this logger logs its id instead, so compare by hand.
    let order = marker.drop_order();
    assert_eq!(order.len(), 1);
    assert_eq!(
        order.step(0).map(|s| s.action()),
        Some(DropAction::RunsDropImpl)
    );
    LOG.with(|log| log.borrow_mut().clear());
    drop(marker);
    assert_eq!(LOG.with(|log| log.take()), ["marker 7"]);
}

#[test]
fn derived_values_inside_every_std_container() {
    check(vec![token("[0]"), token("[1]"), token("[2]")]);
    check([noisy("[0]"), noisy("[1]")]);
    check((token(".0"), 1u8, noisy(".2")));
    check(Box::new(token(".*")));
    check(Some(Box::new(noisy(".Some.0.*"))));
    let ok: Result<Token, Noisy> = Ok(token(".Ok.0"));
    check(ok);
    let mut deque = VecDeque::with_capacity(4);
    deque.push_back(token("[1]"));
    deque.push_front(token("[0]"));
    check(deque);
    let map: HashMap<u32, Token> = (0..20)
        .map(|k| (k, token(format!("[{k}].value"))))
        .collect();
    check(map);
    let btree: BTreeMap<String, Noisy> = ["b", "a", "c"]
        .into_iter()
        .map(|k| (k.to_string(), noisy(format!("[{k:?}].value"))))
        .collect();
    assert_eq!(
        check(btree),
        ["[\"a\"].value", "[\"b\"].value", "[\"c\"].value"]
    );
    let list: LinkedList<Noisy> = (0..4).map(|i| noisy(format!("[{i}]"))).collect();
    check(list);
}

#[test]
fn a_linked_list_of_leaf_loggers() {
    // `Token` owns nothing (a leaf), but its drop logs: every node must still be listed.
    let list: LinkedList<Token> = (0..4).map(|i| token(format!("[{i}]"))).collect();
    assert_eq!(check(list).len(), 4);
}

#[test]
fn shared_derived_values() {
    // Two owners inside the value, none outside: the second drops the contents.
    let shared = Rc::new(Plain {
        first: noisy(".children[1].*.first"),
        count: 0,
        second: token(".children[1].*.second"),
    });
    #[derive(Layout)]
    struct Owners {
        children: Vec<Rc<Plain>>,
        kept: Option<Rc<Noisy>>,
    }
    let outside = Rc::new(noisy("outside"));
    let value = Owners {
        children: vec![Rc::clone(&shared), shared],
        kept: Some(Rc::clone(&outside)),
    };
    assert_eq!(check(value).len(), 2);
    assert_eq!(Rc::strong_count(&outside), 1);
}

#[test]
fn a_derived_tree_drops_depth_first_in_declaration_order() {
    let observed = check(tree("", 4));
    // 1 + 4 + 4*3 + 4*3*2 + 4*3*2*1 nodes.
    assert_eq!(observed.len(), 1 + 4 + 12 + 24 + 24);
    assert_eq!(observed[0], ".name");
    assert_eq!(observed[1], ".children[0].name");
}
