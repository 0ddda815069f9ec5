//! The semantic difference between two layout snapshot files, for a CI job that compares a
//! branch with main:
//!
//! ```text
//! cargo run -p memlayout-examples --features json --example layout_diff -- old.json new.json [--json]
//! ```
//!
//! Prints the differences in plain words (or as JSON with `--json`). Exit status, as `diff`'s:
//! 0 when the layouts are the same, 1 when they differ, 2 when a file cannot be read or is not
//! a snapshot. Files recorded for different targets or compilers are compared anyway; the
//! output says so on its first line.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let as_json = args.iter().any(|arg| arg == "--json");
    let files: Vec<&String> = args.iter().filter(|arg| *arg != "--json").collect();
    let [old, new] = files[..] else {
        eprintln!("usage: layout_diff OLD.json NEW.json [--json]");
        return ExitCode::from(2);
    };
    let read = |path: &String| {
        std::fs::read_to_string(path).map_err(|error| format!("cannot read `{path}`: {error}"))
    };
    let diff = read(old).and_then(|old_text| {
        let new_text = read(new)?;
        memlayout::snapshot::diff(&old_text, &new_text)
            .map_err(|error| format!("{error} (old: `{old}`, new: `{new}`)"))
    });
    match diff {
        Err(message) => {
            eprintln!("layout_diff: {message}");
            ExitCode::from(2)
        }
        Ok(diff) => {
            if as_json {
                println!("{}", diff.to_json());
            } else {
                println!("{diff}");
            }
            ExitCode::from(u8::from(!diff.is_empty()))
        }
    }
}
