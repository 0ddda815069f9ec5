//! Accounts with histories, built in several shapes: the values `tests/test_folded_paths.rs`
//! checks `memlayout::render::folded` on and the `folded_paths` example measures it on. Include it
//! with `#[path = "common/accounts.rs"] mod accounts;` (from `examples/`:
//! `"../tests/common/accounts.rs"`).

use memlayout::Layout;

/// One entry of an account's history.
#[derive(Layout)]
pub struct Entry {
    pub body: String,
    pub tag: u64,
}

/// An account: a leaf field, a string and a vector of structs that own strings.
#[derive(Layout)]
pub struct Account {
    pub id: u32,
    pub name: String,
    pub history: Vec<Entry>,
}

/// Account `i`: names of several lengths (empty ones allocate nothing), histories empty, exact,
/// grown with spare capacity, shrunk, and with entries removed.
pub fn account(i: usize) -> Account {
    let name = match i % 4 {
        0 => String::new(),
        1 => format!("account-{i}"),
        2 => String::with_capacity(40 + i % 9),
        _ => "n".repeat(i % 13),
    };
    let entry = |j: usize| Entry {
        body: "b".repeat((i + j) % 11),
        tag: j as u64,
    };
    let mut history: Vec<Entry> = (0..i % 5).map(entry).collect();
    match i % 3 {
        0 => history.reserve(7),
        1 => history.shrink_to_fit(),
        _ => {
            history.push(entry(9));
            history.remove(0);
        }
    }
    Account {
        id: i as u32,
        name,
        history,
    }
}
