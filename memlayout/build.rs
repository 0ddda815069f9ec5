//! Records what a layout snapshot (`memlayout::snapshot`) must match to be comparable: the
//! target triple, the compiler's version and the compiler flags that change layouts. The
//! crate reads them with `env!`.

use std::env;
use std::process::Command;

fn main() {
    let target = env::var("TARGET").unwrap_or_else(|_| String::from("unknown"));
    println!("cargo:rustc-env=MEMLAYOUT_TARGET={target}");

    // Cargo hands build scripts the compiler it builds with (wrappers are not involved in `-V`).
    let rustc = env::var("RUSTC").unwrap_or_else(|_| String::from("rustc"));
    let version = Command::new(&rustc)
        .arg("-V")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|| String::from("unknown"));
    println!("cargo:rustc-env=MEMLAYOUT_RUSTC_VERSION={version}");

    // Only flags that change how types are laid out make two builds incomparable: `-C` options,
    // `-D warnings` or coverage instrumentation do not.
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    println!(
        "cargo:rustc-env=MEMLAYOUT_LAYOUT_FLAGS={}",
        layout_flags(&flags).join(" ")
    );
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    println!("cargo:rerun-if-changed=build.rs");
}

/// The `-Z randomize-layout` and `-Z layout-seed=N` flags among the encoded flags (separated
/// by `0x1f`), each written as one word (`-Zrandomize-layout`).
fn layout_flags(encoded: &str) -> Vec<String> {
    let mut words = encoded.split('\u{1f}').filter(|word| !word.is_empty());
    let mut found = Vec::new();
    while let Some(word) = words.next() {
        let option = match word {
            "-Z" => words.next().unwrap_or_default(),
            _ => word.strip_prefix("-Z").unwrap_or_default(),
        };
        if option.starts_with("randomize-layout") || option.starts_with("layout-seed") {
            found.push(format!("-Z{option}"));
        }
    }
    found
}
