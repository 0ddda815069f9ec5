//! Test-only root package of the memlayout workspace.
