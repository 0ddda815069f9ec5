//! Test-only root package of the memlayout workspace: it holds the top-level tests, benchmarks
//! and examples. The README's code blocks are compiled and run as doc tests here.

/// The README, so `cargo test --workspace` runs its examples.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
