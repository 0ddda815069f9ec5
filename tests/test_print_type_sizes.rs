//! Cross-check against the nightly compiler's own report: builds the sample crate in
//! `tests/fixtures/type_sizes` with `cargo +nightly rustc -- -Zprint-type-sizes`, runs it (it
//! prints memlayout's figures for the same types as `memlayout.type/1` JSON lines) and compares
//! size, alignment, field offsets and sizes, padding gaps, discriminant sizes and variant fields.
//!
//! Needs nightly, so it is `#[ignore]`d: run it with
//! `cargo test -p memlayout-tests --test test_print_type_sizes -- --ignored`. Without a nightly
//! toolchain it prints a skip line and passes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// One type as `-Zprint-type-sizes` describes it.
#[derive(Debug, Default)]
struct Printed {
    size: usize,
    align: usize,
    /// Top-level fields: name (without the leading `.`), offset, size.
    fields: Vec<(String, usize, usize)>,
    /// `padding:` and `end padding:` lines at the top level: offset, size.
    gaps: Vec<(usize, usize)>,
    discriminant: Option<usize>,
    variants: Vec<PrintedVariant>,
}

#[derive(Debug, Default)]
struct PrintedVariant {
    name: String,
    /// Name, offset (explicit or running), size.
    fields: Vec<(String, usize, usize)>,
}

/// `N bytes` → N
fn bytes(text: &str) -> Option<usize> {
    text.trim().strip_suffix("bytes")?.trim().parse().ok()
}

/// The value after `key: ` in a comma-separated tail (`12 bytes, offset: 0 bytes`).
fn keyed(tail: &str, key: &str) -> Option<usize> {
    tail.split(", ").find_map(|part| {
        part.strip_prefix(key)
            .and_then(|rest| bytes(rest.trim_start_matches(": ")))
    })
}

/// Parses every `print-type-size` line. Type names are the compiler's spelling.
fn parse_print_type_sizes(output: &str) -> Result<HashMap<String, Printed>, String> {
    let mut types: HashMap<String, Printed> = HashMap::new();
    let mut current: Option<(String, Printed)> = None;
    // Running offsets, as the compiler prints them: each field follows the previous one
    // (plus any padding line) unless it states its offset.
    let mut cursor = 0;
    let mut variant_cursor = 0;
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("print-type-size ") else {
            continue;
        };
        let indent = rest.len() - rest.trim_start().len();
        let item = rest.trim_start();
        let bad = || format!("unexpected line: {line}");
        if let Some(ty) = item.strip_prefix("type: `") {
            if let Some((name, printed)) = current.take() {
                types.entry(name).or_insert(printed);
            }
            let (name, tail) = ty.rsplit_once("`: ").ok_or_else(bad)?;
            let (size, align) = tail.split_once(", alignment: ").ok_or_else(bad)?;
            let printed = Printed {
                size: bytes(size).ok_or_else(bad)?,
                align: bytes(align).ok_or_else(bad)?,
                ..Printed::default()
            };
            current = Some((name.to_owned(), printed));
            cursor = 0;
            continue;
        }
        let Some((_, printed)) = current.as_mut() else {
            return Err(bad());
        };
        let in_variant = indent >= 8;
        if let Some(d) = item.strip_prefix("discriminant: ") {
            printed.discriminant = Some(bytes(d).ok_or_else(bad)?);
            cursor = printed.discriminant.unwrap_or(0);
        } else if let Some(v) = item.strip_prefix("variant `") {
            let (name, _) = v.split_once('`').ok_or_else(bad)?;
            printed.variants.push(PrintedVariant {
                name: name.to_owned(),
                fields: Vec::new(),
            });
            variant_cursor = printed.discriminant.unwrap_or(0);
        } else if let Some(p) = item.strip_prefix("end padding: ") {
            let size = bytes(p).ok_or_else(bad)?;
            if !in_variant {
                printed.gaps.push((printed.size - size, size));
            }
        } else if let Some(p) = item.strip_prefix("padding: ") {
            let size = bytes(p).ok_or_else(bad)?;
            if in_variant {
                variant_cursor += size;
            } else {
                printed.gaps.push((cursor, size));
                cursor += size;
            }
        } else if let Some(f) = item.strip_prefix("field `.") {
            let (name, tail) = f.split_once("`: ").ok_or_else(bad)?;
            let size = bytes(tail.split(", ").next().unwrap_or("")).ok_or_else(bad)?;
            let stated = keyed(tail, "offset");
            if in_variant {
                let offset = stated.unwrap_or(variant_cursor);
                let variant = printed.variants.last_mut().ok_or_else(bad)?;
                variant.fields.push((name.to_owned(), offset, size));
                variant_cursor = offset + size;
            } else {
                let offset = stated.unwrap_or(cursor);
                printed.fields.push((name.to_owned(), offset, size));
                cursor = offset + size;
            }
        } else {
            return Err(bad());
        }
    }
    if let Some((name, printed)) = current.take() {
        types.entry(name).or_insert(printed);
    }
    Ok(types)
}

/// A type name without module paths (`core::option::Option<alloc::boxed::Box<u8>>` →
/// `Option<Box<u8>>`), so `std::` and `core::` spellings and the crate prefix all meet.
fn short(name: &str) -> String {
    let mut out = String::new();
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if c.is_alphabetic() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let (ident, after) = rest.split_at(end);
            match after.strip_prefix("::") {
                Some(after) if c.is_lowercase() || c == '_' => rest = after,
                _ => {
                    out.push_str(ident);
                    rest = after;
                }
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Whether every path segment of rustc's `printed` name occurs in memlayout's `full` name
/// (`std`, `core` and `alloc` alike): `std::io::Error` is in `std::io::error::Error`,
/// `std::fmt::Error` is not.
fn holds_path_of(full: &str, printed: &str) -> bool {
    let segments = |name: &str| -> Vec<String> {
        name.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|s| !s.is_empty())
            .map(|s| match s {
                "core" | "alloc" => "std".to_owned(),
                s => s.to_owned(),
            })
            .collect()
    };
    let held = segments(full);
    segments(printed).iter().all(|s| held.contains(s))
}

fn as_usize(v: &Value) -> usize {
    v.as_u64().map_or(usize::MAX, |n| n as usize)
}

/// How rustc laid out an enum, as `-Zprint-type-sizes` shows it.
#[derive(Clone, Copy, Debug)]
enum RustcEnum {
    Tag(usize),
    Niche,
    OneVariant,
    Uninhabited,
}

/// The differences between memlayout's document and the compiler's report for one type.
fn compare(doc: &Value, printed: &Printed, problems: &mut Vec<String>) {
    let name = doc["type_name"].as_str().unwrap_or("?");
    let mut problem = |what: String| problems.push(format!("{name}: {what}"));
    if as_usize(&doc["size"]) != printed.size || as_usize(&doc["align"]) != printed.align {
        problem(format!(
            "size/align memlayout {}/{} rustc {}/{}",
            doc["size"], doc["align"], printed.size, printed.align
        ));
    }
    match doc["kind"].as_str() {
        Some("enum") => compare_enum(doc, printed, &mut problem),
        Some("union") => {
            // Printed as one variant holding every field at its offset.
            let fields = printed
                .variants
                .first()
                .map(|v| &v.fields[..])
                .unwrap_or(&[]);
            compare_fields(doc, fields, &mut problem);
        }
        _ => {
            compare_fields(doc, &printed.fields, &mut problem);
            let gaps: Vec<(usize, usize)> = doc["padding"]["gaps"]
                .as_array()
                .map(|gaps| {
                    gaps.iter()
                        .map(|g| (as_usize(&g["offset"]), as_usize(&g["size"])))
                        .collect()
                })
                .unwrap_or_default();
            if gaps != printed.gaps {
                problem(format!("gaps memlayout {gaps:?} rustc {:?}", printed.gaps));
            }
        }
    }
}

fn compare_fields(
    doc: &Value,
    printed: &[(String, usize, usize)],
    problem: &mut impl FnMut(String),
) {
    let fields = doc["fields"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    if fields.len() != printed.len() {
        problem(format!(
            "{} fields in memlayout, {} printed",
            fields.len(),
            printed.len()
        ));
    }
    for field in fields {
        let field_name = field["name"].as_str().unwrap_or("?");
        let ours = (as_usize(&field["offset"]), as_usize(&field["size"]));
        match printed.iter().find(|(n, ..)| n == field_name) {
            Some((_, offset, size)) if (*offset, *size) == ours => {}
            Some((_, offset, size)) => problem(format!(
                "field {field_name}: memlayout offset {} size {}, rustc offset {offset} size {size}",
                ours.0, ours.1
            )),
            None => problem(format!("field {field_name} not printed by rustc")),
        }
    }
}

fn compare_enum(doc: &Value, printed: &Printed, problem: &mut impl FnMut(String)) {
    let discriminant = &doc["enum"]["discriminant"];
    let kind = discriminant["kind"].as_str().unwrap_or("?");
    let tag = discriminant["tag_bytes"].as_u64().map(|n| n as usize);
    // What rustc did, from what it printed: a `discriminant:` line is a tag of that width;
    // without one, a niche layout prints every variant that takes space (two or more), a
    // single-variant layout that one, an uninhabited enum none.
    let rustc = match (printed.discriminant, printed.variants.len()) {
        (Some(bytes), _) => RustcEnum::Tag(bytes),
        (None, 2..) => RustcEnum::Niche,
        (None, 1) => RustcEnum::OneVariant,
        (None, 0) => RustcEnum::Uninhabited,
    };
    let agrees = match (kind, rustc) {
        ("tag", RustcEnum::Tag(bytes)) => tag == Some(bytes),
        ("niche", RustcEnum::Niche)
        | ("none", RustcEnum::OneVariant)
        | ("uninhabited", RustcEnum::Uninhabited) => true,
        // Undetermined is right either way, as long as a tag has the width given.
        ("undetermined", RustcEnum::Niche) => true,
        ("undetermined", RustcEnum::Tag(bytes)) => tag == Some(bytes),
        _ => false,
    };
    if !agrees {
        problem(format!(
            "discriminant memlayout {kind} {tag:?}, rustc {rustc:?}"
        ));
    }
    let variants = doc["enum"]["variants"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for variant in variants {
        let variant_name = variant["name"].as_str().unwrap_or("?");
        let Some(rustc) = printed.variants.iter().find(|v| v.name == variant_name) else {
            // An absent variant (uninhabited, zero-sized fields) is left out of a
            // single-variant layout; a tagged or niche layout prints it.
            if variant["is_absent"] != true {
                problem(format!("variant {variant_name} not printed by rustc"));
            }
            continue;
        };
        for field in variant["fields"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let field_name = field["name"].as_str().unwrap_or("?");
            let size = as_usize(&field["size"]);
            match rustc.fields.iter().find(|(n, ..)| n == field_name) {
                Some((.., s)) if *s == size => {}
                other => problem(format!(
                    "variant {variant_name} field {field_name}: memlayout {size} bytes, rustc {:?}",
                    other.map(|f| f.2)
                )),
            }
        }
        let payload: usize = rustc.fields.iter().map(|f| f.2).sum();
        if as_usize(&variant["payload_size"]) != payload {
            problem(format!(
                "variant {variant_name} payload memlayout {} rustc {payload}",
                variant["payload_size"]
            ));
        }
    }
}

/// The directory cargo builds this test into (`<target>/debug/deps/..` → `<target>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// `cargo +nightly ...` in the fixture, with the environment of the outer build removed so the
/// fixture is built plainly (no `-Zrandomize-layout`, no stable `RUSTC`).
fn nightly_cargo(fixture: &Path, target: &Path) -> Command {
    let mut cargo = Command::new("cargo");
    cargo
        .arg("+nightly")
        .current_dir(fixture)
        .env("CARGO_TARGET_DIR", target);
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC",
        "RUSTDOC",
        "RUSTUP_TOOLCHAIN",
        "CARGO_BUILD_TARGET",
    ] {
        cargo.env_remove(var);
    }
    cargo
}

/// The fixture's enums memlayout may leave undetermined: samples of the shape the docs of
/// `memlayout::layout::Discriminant` list. Any other undetermined enum fails the check (none of the
/// 210-enum corpus is; `LargestInTheMiddle` and regex-syntax's `GroupKind` were, before the niche
/// probe counted 257 values).
const DOCUMENTED_UNDETERMINED: &[&str] = &["WideTagOrCharNiche"];

#[test]
#[ignore = "needs a nightly toolchain: cargo test -p memlayout-tests --test test_print_type_sizes -- --ignored"]
fn memlayout_agrees_with_print_type_sizes() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/type_sizes");
    let target = target_dir().join("type_sizes_fixture");
    let has_nightly = nightly_cargo(&fixture, &target)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_nightly {
        println!("skipped: no nightly toolchain (rustup toolchain install nightly), -Zprint-type-sizes needs it");
        return;
    }
    // -Zprint-type-sizes prints only while compiling: drop the fixture's own artifacts (not its
    // dependencies') so it is compiled again.
    let clean = nightly_cargo(&fixture, &target)
        .args(["clean", "--quiet", "-p", "type_sizes_fixture"])
        .status()
        .expect("run cargo +nightly clean");
    assert!(clean.success(), "cargo clean -p type_sizes_fixture failed");
    let build = nightly_cargo(&fixture, &target)
        .args(["rustc", "--quiet", "--", "-Zprint-type-sizes"])
        .output()
        .expect("run cargo +nightly rustc");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(
        build.status.success(),
        "building the fixture failed:\n{stderr}"
    );
    let report = String::from_utf8_lossy(&build.stdout).into_owned() + &stderr;
    let printed = parse_print_type_sizes(&report).unwrap_or_else(|e| panic!("{e}"));
    // Keyed by short name; where rustc prints several types of one short name (`Bound<u32>` of
    // std and of `hunt_shapes`; `Result<(), Error>` of `io::Error` and of `fmt::Error`) they are
    // kept apart, and each fixture type is matched to the one whose path segments its full
    // name holds (before, one of them was compared, whichever the hash map kept).
    let mut by_short: HashMap<String, Vec<(&String, &Printed)>> = HashMap::new();
    for (name, p) in &printed {
        by_short.entry(short(name)).or_default().push((name, p));
    }
    let ambiguous: HashMap<String, Vec<(&String, &Printed)>> = by_short
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .collect();
    let printed: HashMap<String, &Printed> =
        printed.iter().map(|(name, p)| (short(name), p)).collect();

    let binary = target.join("debug").join(format!(
        "type_sizes_fixture{}",
        std::env::consts::EXE_SUFFIX
    ));
    let run = Command::new(&binary).output().expect("run the fixture");
    assert!(
        run.status.success(),
        "the fixture failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);

    let mut problems = Vec::new();
    let mut summary = String::new();
    let mut checked = 0;
    let mut enum_kinds: Vec<(String, usize)> = Vec::new();
    for line in stdout.lines() {
        let doc: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line ({e}): {line}"));
        assert_eq!(doc["schema"], "memlayout.type/1");
        let key = short(doc["type_name"].as_str().unwrap_or(""));
        if let Some(kind) = doc["enum"]["discriminant"]["kind"].as_str() {
            match enum_kinds.iter_mut().find(|(k, _)| k == kind) {
                Some((_, count)) => *count += 1,
                None => enum_kinds.push((kind.to_owned(), 1)),
            }
            if kind == "undetermined" && !DOCUMENTED_UNDETERMINED.contains(&key.as_str()) {
                problems.push(format!(
                    "{key}: undetermined, and not among the shapes `Discriminant` documents"
                ));
            }
        }
        let full = doc["type_name"].as_str().unwrap_or("");
        let chosen = match ambiguous.get(&key) {
            None => printed.get(&key).copied(),
            Some(candidates) => {
                let held: Vec<&Printed> = candidates
                    .iter()
                    .filter(|(name, _)| holds_path_of(full, name))
                    .map(|&(_, p)| p)
                    .collect();
                if held.len() != 1 {
                    let names: Vec<&String> = candidates.iter().map(|&(n, _)| n).collect();
                    problems.push(format!(
                        "{full}: {} of rustc's {names:?} match it: rename the fixture type",
                        held.len()
                    ));
                    continue;
                }
                Some(held[0])
            }
        };
        match chosen {
            Some(p) => {
                compare(&doc, p, &mut problems);
                checked += 1;
                let _ = writeln!(
                    summary,
                    "  {key}: {} bytes, align {}, discriminant {:?}",
                    p.size, p.align, p.discriminant
                );
            }
            None => problems.push(format!("{key}: not in the -Zprint-type-sizes output")),
        }
    }
    println!("compared {checked} types with -Zprint-type-sizes:\n{summary}");
    println!("enums by discriminant kind: {enum_kinds:?}");
    assert!(
        problems.is_empty(),
        "memlayout disagrees with rustc:\n  {}",
        problems.join("\n  ")
    );
    assert!(checked >= 20, "only {checked} types compared");
}

#[test]
fn the_parser_reads_every_line_kind() {
    let output = "\
print-type-size type: `E`: 16 bytes, alignment: 8 bytes
print-type-size     discriminant: 4 bytes
print-type-size     variant `B`: 12 bytes
print-type-size         padding: 4 bytes
print-type-size         field `.0`: 8 bytes, alignment: 8 bytes
print-type-size     variant `C`: 0 bytes
print-type-size type: `C`: 6 bytes, alignment: 2 bytes
print-type-size     field `.a`: 1 bytes
print-type-size     padding: 1 bytes
print-type-size     field `.b`: 2 bytes, alignment: 2 bytes
print-type-size     field `.c`: 1 bytes
print-type-size     end padding: 1 bytes
print-type-size type: `U`: 8 bytes, alignment: 8 bytes
print-type-size     variant `U`: 8 bytes
print-type-size         field `.x`: 1 bytes
print-type-size         field `.y`: 8 bytes, offset: 0 bytes, alignment: 8 bytes
";
    let types = parse_print_type_sizes(output).unwrap();
    let e = &types["E"];
    assert_eq!((e.size, e.align, e.discriminant), (16, 8, Some(4)));
    assert_eq!(e.variants[0].fields, [("0".to_owned(), 8, 8)]);
    let c = &types["C"];
    assert_eq!(
        c.fields,
        [
            ("a".to_owned(), 0, 1),
            ("b".to_owned(), 2, 2),
            ("c".to_owned(), 4, 1)
        ]
    );
    assert_eq!(c.gaps, [(1, 1), (5, 1)]);
    let u = &types["U"];
    assert_eq!(
        u.variants[0].fields,
        [("x".to_owned(), 0, 1), ("y".to_owned(), 0, 8)]
    );
    assert!(parse_print_type_sizes("print-type-size     field `.x`: 1 bytes").is_err());
    assert_eq!(
        short("std::option::Option<alloc::boxed::Box<u8>>"),
        "Option<Box<u8>>"
    );
}
