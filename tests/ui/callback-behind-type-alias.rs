//! A higher-ranked callback behind a type alias: the derive cannot see through the alias, so
//! the field is one error naming `#[layout(opaque)]`, not "not general enough".
use memlayout::Layout;

type Matcher = fn(&str) -> bool;

#[derive(Layout)]
struct Route {
    path: String,
    matches: Matcher,
}

fn main() {}
