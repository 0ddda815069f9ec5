//! A deep chain of mixed links (boxes, one-element vectors, and now and then a hash table, a
//! B-tree, a cell or a shared string), shared by the `test_fastpath_*` files. Include it after
//! `#[path = "common/fastpath_checks.rs"] mod fastpath_checks;` (it reads its `Fixed` hasher):
//! `#[path = "common/mixed_chain.rs"] mod mixed_chain;`.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use memlayout::Layout;

use crate::fastpath_checks::Fixed;

/// A chain of mixed links: a box or a one-element vector at each level, so no walk can turn it
/// into a loop; now and then a link that also holds a table, a tree, a cell or a shared string,
/// so that deferral past the stack budget meets every kind of part.
#[derive(Layout)]
pub enum Link {
    Boxed(Box<Link>),
    Listed(Vec<Link>),
    Text(String, Box<Link>),
    Table(HashMap<u16, String, Fixed>, Box<Link>),
    Tree(BTreeMap<u16, String>, Box<Link>),
    Cell(RefCell<Vec<u8>>, Box<Link>),
    Shared(Rc<String>, Box<Link>),
    End,
}

/// A chain of `links` links, with a rich one every `every` links.
pub fn chain_with(links: usize, every: usize) -> Link {
    let mut link = Link::End;
    for i in 0..links {
        let next = Box::new(link);
        link = if i % every == every - 1 {
            let n = i / every;
            match n % 4 {
                0 => Link::Table(
                    (0..(n % 40) as u16)
                        .map(|k| (k, "t".repeat(usize::from(k) % 3)))
                        .collect(),
                    next,
                ),
                1 => Link::Tree(
                    (0..(n * 7 % 300) as u16)
                        .map(|k| (k, "b".repeat(usize::from(k) % 2)))
                        .collect(),
                    next,
                ),
                2 => Link::Cell(RefCell::new(vec![1; n % 9]), next),
                _ => Link::Shared(Rc::new("r".repeat(n % 11)), next),
            }
        } else {
            match i % 3 {
                0 => Link::Boxed(next),
                1 => Link::Listed(vec![*next]),
                _ => Link::Text(String::with_capacity(i % 5), next),
            }
        };
    }
    link
}

/// The next link of a chain.
pub fn next_link(link: &Link) -> Option<&Link> {
    match link {
        Link::Boxed(next)
        | Link::Text(_, next)
        | Link::Table(_, next)
        | Link::Tree(_, next)
        | Link::Cell(_, next)
        | Link::Shared(_, next) => Some(next),
        Link::Listed(next) => next.first(),
        Link::End => None,
    }
}

/// The cells along a chain.
pub fn cells(mut link: &Link) -> Vec<&RefCell<Vec<u8>>> {
    let mut found = Vec::new();
    loop {
        if let Link::Cell(cell, _) = link {
            found.push(cell);
        }
        match next_link(link) {
            Some(next) => link = next,
            None => return found,
        }
    }
}

/// Drops a chain link by link (drop glue would recurse a million times).
pub fn drop_chain(mut link: Link) {
    loop {
        link = match link {
            Link::Boxed(next)
            | Link::Text(_, next)
            | Link::Table(_, next)
            | Link::Tree(_, next)
            | Link::Cell(_, next)
            | Link::Shared(_, next) => *next,
            Link::Listed(mut next) => match next.pop() {
                Some(next) => next,
                None => return,
            },
            Link::End => return,
        };
    }
}
