//! The chain summary of a report, shared by the chain tests. Include it with
//! `#[path = "common/chain_summary.rs"] mod chain_summary;`.

use memlayout::report::{Node, Report};

/// The chain summary of a report, if it has one (and checks that it has at most one).
pub fn chain_summary(report: &Report) -> Option<Node<'_>> {
    let mut chains = report
        .nodes()
        .filter(|n| n.summary().is_some_and(|s| s.is_chain));
    let found = chains.next();
    assert!(chains.next().is_none(), "one chain summary");
    found
}
