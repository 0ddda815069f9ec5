//! Layout snapshots (feature `json`): the layouts of a program's types in a committed file, and
//! a test that fails with a diff in plain words when one of them changes.
//!
//! ```text
//! layout snapshot `tests/layouts.json` does not match (1 type changed):
//! `Packet`: size 12 -> 16; field `id: u32` added at offset 12 (4 bytes)
//! ```
//!
//! # In a test
//! [`check_types`] compares the given types with the file; [`check`] (feature `registry`, on by
//! default) is `check_types(path, memlayout::registered())`: every non-generic type deriving
//! `Layout` and every `memlayout::register!(Wrapper<u64>)` instantiation, so a crate gets its
//! snapshot test by adding two lines:
//!
//! ```no_run
//! #[test]
//! fn layouts() { memlayout::snapshot::check("tests/layouts.json"); }
//! ```
//!
//! A relative path is relative to the current directory, which under `cargo test` is the root
//! of the package being tested.
//!
//! # Recording and re-recording: `MEMLAYOUT_BLESS`
//! Following trybuild's `TRYBUILD=overwrite` and insta's `INSTA_UPDATE=always`, one environment
//! variable decides: `MEMLAYOUT_BLESS=1 cargo test` writes the file from the current layouts
//! (creating its folder) and the check passes; unset, empty or `0`, the check compares. Any
//! other value fails the check with a message naming the two accepted ones, as trybuild does
//! for an unknown `TRYBUILD` value, rather than guessing.
//!
//! A missing file fails the check, like a missing `.stderr` file under trybuild and a new
//! snapshot under `INSTA_UPDATE=no` (insta's setting in CI): the message says to record it
//! with `MEMLAYOUT_BLESS=1`. Writing it silently would make the first CI run pass with
//! nothing committed to compare against.
//!
//! # Another target or compiler
//! The file records the target triple, `rustc -V` and the compiler flags that change layouts
//! (`-Z randomize-layout`, `-Z layout-seed`), captured by memlayout's build script. When any of
//! them differs from the running build's, layouts may legitimately differ: the check prints
//! why it did not compare (and, for information, how many types differ) to stderr, past the
//! test harness's output capture, and returns [`CheckOutcome::OtherEnvironment`] instead of
//! failing. A CI job pinned to the recording toolchain can insist on a comparison with
//! `assert_eq!(check_types(..), CheckOutcome::Matched)`.
//!
//! # The file
//! Schema `memlayout.snapshot/1`: `{"schema", "target", "rustc", "layout_flags": [..],
//! "types": [..]}`, each type a [`TypeLayout::to_json`] document (`memlayout.type/1`), sorted
//! by full type name, pretty-printed with keys in a fixed order, so a reviewer sees a clean
//! text diff next to the semantic one. Types are matched by full type name
//! (`my_crate::net::Packet`): a type moved to another module shows as one removed and one
//! added. Two types that share a full name (items of two blocks of one function) are one entry:
//! the file records one of them. A file that lists a type twice (a merge that kept both sides)
//! fails the check rather than have one copy compared and the other ignored.
//!
//! # Two files
//! [`diff`] compares two snapshot files' text, for CI jobs that compare a branch with main;
//! `examples/layout_diff.rs` is that job as a command, exiting with 1 when layouts differ.

mod diff;
mod record;

pub use diff::{Change, SnapshotDiff, TypeChange, TypeEntry};

use alloc::{
    format,
    string::{String, ToString},
};
use core::fmt;
use std::io::Write;
use std::path::Path;

use crate::TypeLayout;
use record::SnapshotRecord;

/// The version key of every snapshot file.
pub(crate) const SCHEMA: &str = "memlayout.snapshot/1";

/// The variable that rewrites snapshot files instead of comparing them.
const BLESS_VARIABLE: &str = "MEMLAYOUT_BLESS";

/// [`check_types`] over every registered type (feature `registry`, on by default):
/// `check_types(path, memlayout::registered())`, every non-generic type deriving `Layout` in
/// the program and every `memlayout::register!`ed instantiation. The two-line snapshot test.
///
/// # Panics
/// As [`check_types`].
///
/// ```
/// use memlayout::{snapshot, Layout};
///
/// #[derive(Layout)]
/// struct Packet { id: u64, len: u32 }
///
/// // What `MEMLAYOUT_BLESS=1` would write for this program's registered types:
/// let path = std::env::temp_dir().join("memlayout-doc-check.json");
/// std::fs::write(&path, snapshot::to_json(memlayout::registered())).unwrap();
///
/// // The test itself:
/// assert_eq!(snapshot::check(&path), snapshot::CheckOutcome::Matched);
/// ```
#[cfg(feature = "registry")]
#[track_caller]
pub fn check(path: impl AsRef<Path>) -> CheckOutcome {
    check_types(path, crate::registered())
}

/// Compares the layouts of `layouts` with the snapshot file at `path`, or rewrites the file
/// under `MEMLAYOUT_BLESS=1` (see the [module docs](self)).
///
/// # Panics
/// When a layout differs from the file (the message lists every change in plain words), when
/// the file is missing, unreadable, malformed or of another version, and when
/// `MEMLAYOUT_BLESS` holds something other than `1` or `0`: it is meant for tests.
///
/// ```
/// use memlayout::{snapshot, Layout};
///
/// #[derive(Layout)]
/// #[repr(C)]
/// struct Packet { tag: u8, len: u32 }
///
/// // What `MEMLAYOUT_BLESS=1` would write:
/// let path = std::env::temp_dir().join("memlayout-doc-check-types.json");
/// std::fs::write(&path, snapshot::to_json([Packet::LAYOUT])).unwrap();
///
/// // The test itself:
/// let outcome = snapshot::check_types(&path, [Packet::LAYOUT]);
/// assert_eq!(outcome, snapshot::CheckOutcome::Matched);
/// ```
#[track_caller]
pub fn check_types(
    path: impl AsRef<Path>,
    layouts: impl IntoIterator<Item = &'static TypeLayout>,
) -> CheckOutcome {
    let path = path.as_ref();
    let shown = path.display();
    let current_text = to_json(layouts);
    if bless_requested().unwrap_or_else(|message| panic!("{message}")) {
        write_if_changed(path, &current_text)
            .unwrap_or_else(|error| panic!("cannot write layout snapshot `{shown}`: {error}"));
        return CheckOutcome::Blessed;
    }
    let recorded_text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!(
            "no layout snapshot at `{shown}`: record it with `{BLESS_VARIABLE}=1 cargo test` \
             and commit it"
        ),
        Err(error) => panic!("cannot read layout snapshot `{shown}`: {error}"),
    };
    let recorded = SnapshotRecord::parse(&recorded_text)
        .map_err(|problem| SnapshotError::new(shown.to_string(), problem))
        .unwrap_or_else(|error| panic!("{error}"));
    let current = SnapshotRecord::parse(&current_text)
        .unwrap_or_else(|problem| panic!("memlayout wrote a snapshot it cannot read: {problem}"));
    let diff = SnapshotDiff::between(&recorded, &current);
    if diff.old_environment != diff.new_environment {
        let differences = if diff.is_empty() {
            String::from("the layouts are the same")
        } else {
            format!("for information, {}", diff.counts())
        };
        // Straight to stderr, past the test harness's capture: a check that did not compare
        // must not pass unseen.
        let message = format!(
            "layout snapshot `{shown}` not compared: it was recorded for {}, this build is {}; \
             layouts may legitimately differ (re-record with `{BLESS_VARIABLE}=1` to compare \
             here); {differences}\n",
            diff.old_environment, diff.new_environment,
        );
        let _ = std::io::stderr().lock().write_all(message.as_bytes());
        return CheckOutcome::OtherEnvironment {
            recorded: diff.old_environment,
            current: diff.new_environment,
        };
    }
    if !diff.is_empty() {
        panic!(
            "layout snapshot `{shown}` does not match ({}):\n{}\nif the change is intended, \
             rerun with `{BLESS_VARIABLE}=1` and commit `{shown}`",
            diff.counts(),
            diff.lines()
        );
    }
    CheckOutcome::Matched
}

/// What [`check_types`] did when it did not fail.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckOutcome {
    /// Every layout matches the file.
    Matched,
    /// `MEMLAYOUT_BLESS=1`: the file now holds the current layouts (it is written only when
    /// its text changes).
    Blessed,
    /// The file was recorded for another target, compiler or layout flags: not compared.
    OtherEnvironment {
        /// Where the file was recorded.
        recorded: Environment,
        /// This build.
        current: Environment,
    },
}

/// The snapshot file's text for these layouts: what `MEMLAYOUT_BLESS=1` writes. Types are
/// sorted by full type name; a type given twice is written once.
///
/// ```
/// use memlayout::Layout;
/// let text = memlayout::snapshot::to_json([u32::LAYOUT, <(u8, u16)>::LAYOUT]);
/// let json: serde_json::Value = serde_json::from_str(&text).unwrap();
/// assert_eq!(json["schema"], "memlayout.snapshot/1");
/// assert_eq!(json["types"][0]["type_name"], "(u8, u16)");
/// assert_eq!(json["types"][1]["size"], 4);
/// ```
pub fn to_json(layouts: impl IntoIterator<Item = &'static TypeLayout>) -> String {
    crate::render::snapshot_json::snapshot_file(layouts, &Environment::current())
}

/// The semantic difference between two snapshot files' text (`old` first), for CI jobs that
/// compare a branch with main. Files recorded in different environments are compared too; the
/// diff keeps both environments.
///
/// ```
/// use memlayout::{snapshot, Layout};
/// mod v1 {
///     #[derive(memlayout::Layout)]
///     #[repr(C)]
///     pub struct Packet { pub tag: u8, pub len: u32 }
/// }
/// mod v2 {
///     #[derive(memlayout::Layout)]
///     #[repr(C)]
///     pub struct Packet { pub tag: u8, pub len: u64 }
/// }
/// // The same type at two commits: here, two modules renamed to one.
/// let old = snapshot::to_json([v1::Packet::LAYOUT]);
/// let new = snapshot::to_json([v2::Packet::LAYOUT]).replace("::v2::", "::v1::");
/// let diff = snapshot::diff(&old, &new).unwrap();
/// let size = (size_of::<v1::Packet>(), size_of::<v2::Packet>());
/// assert!(diff.to_string().contains(&format!("`Packet`: size {} -> {}", size.0, size.1)));
/// ```
///
/// # Errors
/// When either text is not JSON, not a snapshot, of another version, or lacks a key the diff
/// needs; the error names which of the two it is.
pub fn diff(old: &str, new: &str) -> Result<SnapshotDiff, SnapshotError> {
    let parse = |text, name: &str| {
        SnapshotRecord::parse(text).map_err(|problem| SnapshotError::new(name.into(), problem))
    };
    Ok(SnapshotDiff::between(
        &parse(old, "the old snapshot")?,
        &parse(new, "the new snapshot")?,
    ))
}

/// Where a snapshot was recorded: what must match for two layouts to be comparable.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Environment {
    /// The target triple (`x86_64-unknown-linux-gnu`).
    pub target: String,
    /// `rustc -V` (`rustc 1.85.0 (4d91de4e4 2025-02-17)`).
    pub rustc: String,
    /// The flags that change layouts, space-separated (`-Zrandomize-layout`), or empty.
    pub layout_flags: String,
}

impl Environment {
    /// This build's, captured by memlayout's build script.
    ///
    /// ```
    /// let here = memlayout::snapshot::Environment::current();
    /// assert!(here.rustc.starts_with("rustc "));
    /// ```
    pub fn current() -> Environment {
        Environment {
            target: env!("MEMLAYOUT_TARGET").into(),
            rustc: env!("MEMLAYOUT_RUSTC_VERSION").into(),
            layout_flags: env!("MEMLAYOUT_LAYOUT_FLAGS").into(),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} with {}", self.target, self.rustc)?;
        if !self.layout_flags.is_empty() {
            write!(f, " and {}", self.layout_flags)?;
        }
        Ok(())
    }
}

/// A snapshot's text that cannot be compared: not JSON, not a snapshot, another version, or a
/// missing key. Its message names the file and says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotError {
    source_name: String,
    problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    NoVersion,
    Version(String),
    Malformed(String),
}

impl SnapshotError {
    fn new(source_name: String, problem: Problem) -> SnapshotError {
        SnapshotError {
            source_name,
            problem,
        }
    }

    /// The version the text declares when it is not `memlayout.snapshot/1`.
    pub fn found_version(&self) -> Option<&str> {
        match &self.problem {
            Problem::Version(found) => Some(found),
            _ => None,
        }
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.source_name;
        match &self.problem {
            Problem::NoVersion => write!(
                f,
                "{name} is not a memlayout layout snapshot: no \"schema\" key (expected \
                 \"{SCHEMA}\"); re-record it with `{BLESS_VARIABLE}=1`"
            ),
            Problem::Version(found) => write!(
                f,
                "{name} is a layout snapshot of version {found}; this memlayout reads \
                 \"{SCHEMA}\": re-record it with `{BLESS_VARIABLE}=1`"
            ),
            Problem::Malformed(problem) => {
                write!(
                    f,
                    "{name} is not a readable layout snapshot: {problem}; mend it, or re-record \
                     it with `{BLESS_VARIABLE}=1`"
                )
            }
        }
    }
}

impl std::error::Error for SnapshotError {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(
            &SnapshotError::new(String::from("the text"), self.clone()),
            f,
        )
    }
}

/// `MEMLAYOUT_BLESS`: `1` rewrites, unset, empty or `0` compares, anything else is a mistake.
fn bless_requested() -> Result<bool, String> {
    match std::env::var(BLESS_VARIABLE) {
        Err(std::env::VarError::NotPresent) => Ok(false),
        Ok(value) if value.is_empty() || value == "0" => Ok(false),
        Ok(value) if value == "1" => Ok(true),
        Ok(value) => Err(format!(
            "{BLESS_VARIABLE}={value:?} is not understood: use `1` to rewrite layout snapshots, \
             or `0` (or leave it unset) to compare with them"
        )),
        Err(error) => Err(format!("{BLESS_VARIABLE} is not readable: {error}")),
    }
}

fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(path, text)
}
