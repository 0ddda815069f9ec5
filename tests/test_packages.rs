//! The workspace's package split (issue 12): `cargo run --example tour` at the root builds
//! memlayout, its derive and the derive's dependencies, nothing else; the crates the benchmarks
//! compare against belong to the benchmarks, trybuild and proptest to the tests.
//!
//! Cargo itself is the ground truth: `cargo metadata` for the declared dependencies and default
//! members, and, where a nightly toolchain is installed, the unit graph cargo would build for the
//! tour (`--unit-graph`, nightly-only; it builds nothing).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The workspace root (this package's folder).
fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn cargo(toolchain: Option<&str>) -> Command {
    let mut cargo = match toolchain {
        // Through rustup, so `+nightly` selects the toolchain.
        Some(toolchain) => {
            let mut cargo = Command::new("cargo");
            cargo.arg(format!("+{toolchain}"));
            cargo
        }
        None => Command::new(env!("CARGO")),
    };
    cargo.current_dir(workspace_root());
    // The outer `cargo test` sets these for the test binary; the inner cargo must not inherit
    // its toolchain or flags.
    for var in [
        "RUSTC",
        "RUSTDOC",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTUP_TOOLCHAIN",
    ] {
        cargo.env_remove(var);
    }
    cargo
}

/// Runs a cargo command that prints JSON, and parses what it prints.
fn json_from(cargo: &mut Command) -> Value {
    let output = cargo.output().expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{cargo:?} failed: {stderr}");
    serde_json::from_slice(&output.stdout).expect("cargo prints JSON")
}

fn metadata() -> Value {
    json_from(cargo(None).args(["metadata", "--format-version", "1", "--no-deps"]))
}

fn package<'m>(metadata: &'m Value, name: &str) -> &'m Value {
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no package {name} in the workspace"))
}

/// `(name, kind, features)` of each dependency a package declares; kind `normal`, `dev` or `build`.
fn dependencies(package: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut deps: Vec<_> = package["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let kind = d["kind"].as_str().unwrap_or("normal").to_string();
            let features = d["features"].as_array().unwrap();
            let features = features.iter().map(|f| f.as_str().unwrap().to_string());
            (
                d["name"].as_str().unwrap().to_string(),
                kind,
                features.collect(),
            )
        })
        .collect();
    deps.sort();
    deps
}

fn names_of(deps: &[(String, String, Vec<String>)]) -> Vec<&str> {
    deps.iter().map(|(name, _, _)| name.as_str()).collect()
}

#[test]
#[cfg_attr(miri, ignore)]
fn the_examples_depend_on_memlayout_alone_without_features() {
    let metadata = metadata();
    let examples = package(&metadata, "memlayout-examples");
    let deps = dependencies(examples);
    assert_eq!(
        deps,
        [("memlayout".to_string(), "normal".to_string(), vec![])]
    );
    // Examples that export JSON require the package's `json` feature; it is not on by default.
    let default_features = &examples["features"]["default"];
    assert!(
        default_features.is_null(),
        "default features: {default_features}"
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn each_kind_of_outside_crate_belongs_to_one_package() {
    let metadata = metadata();
    let owners = [
        (
            "memlayout-benches",
            &["criterion", "get-size2", "deepsize", "mem_dbg"][..],
        ),
        (
            "memlayout-tests",
            &["trybuild", "proptest", "static_assertions"][..],
        ),
        ("memlayout-allocators", &["mimalloc", "libmimalloc-sys"][..]),
    ];
    for (owner, crates) in owners {
        for package_name in [
            "memlayout-benches",
            "memlayout-tests",
            "memlayout-examples",
            "memlayout-allocators",
        ] {
            let deps = dependencies(package(&metadata, package_name));
            for name in crates {
                let declared = names_of(&deps).contains(name);
                assert_eq!(declared, package_name == owner, "{name} in {package_name}");
            }
        }
    }
}

/// `examples/` and `benches/` are package folders, where cargo finds no targets by itself (it
/// would look in `examples/examples/`): each file must be declared in the package's Cargo.toml,
/// or it would silently never be built.
#[test]
#[cfg_attr(miri, ignore)]
fn every_file_in_examples_and_benches_is_a_declared_target() {
    let metadata = metadata();
    for (folder, package_name) in [
        ("examples", "memlayout-examples"),
        ("benches", "memlayout-benches"),
    ] {
        let targets = package(&metadata, package_name)["targets"]
            .as_array()
            .unwrap();
        let declared: Vec<&Path> = targets
            .iter()
            .map(|t| Path::new(t["src_path"].as_str().unwrap()))
            .collect();
        let files = std::fs::read_dir(workspace_root().join(folder)).expect("the folder exists");
        for file in files {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                assert!(
                    declared
                        .iter()
                        .any(|d| d.ends_with(path.strip_prefix(workspace_root()).unwrap())),
                    "{} is not a target of {package_name}: add it to {folder}/Cargo.toml",
                    path.display()
                );
            }
        }
    }
}

/// Cargo unifies the features of the packages a command selects: were the tests' package (which
/// turns on memlayout's `json`) a default member, `cargo run --example tour` would build serde
/// and serde_json too.
#[test]
#[cfg_attr(miri, ignore)]
fn the_default_members_are_the_examples_and_the_benchmarks() {
    let metadata = metadata();
    let id_of = |name: &str| package(&metadata, name)["id"].clone();
    let defaults = metadata["workspace_default_members"].as_array().unwrap();
    assert!(
        defaults.contains(&id_of("memlayout-examples")),
        "the tour runs from the root"
    );
    assert!(
        defaults.contains(&id_of("memlayout-benches")),
        "`cargo bench` runs the benches"
    );
    assert!(
        !defaults.contains(&id_of("memlayout-tests")),
        "the tests' features stay out"
    );
}

/// What cargo would build for the README's first command, from its own unit graph.
#[test]
#[cfg_attr(miri, ignore)]
fn the_tour_builds_memlayout_its_derive_and_the_derives_dependencies() {
    let nightly = cargo(Some("nightly")).arg("--version").output();
    if !nightly.is_ok_and(|o| o.status.success()) {
        eprintln!("skipping the tour's unit graph: no nightly toolchain on this machine");
        return;
    }
    let graph = json_from(
        cargo(Some("nightly"))
            .args(["build", "--example", "tour", "--unit-graph"])
            .args(["-Z", "unstable-options"]),
    );
    let mut built: Vec<String> = graph["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|unit| unit["mode"] == "build")
        .filter(|unit| unit["target"]["kind"] != serde_json::json!(["custom-build"]))
        .map(|unit| unit["target"]["name"].as_str().unwrap().to_string())
        .collect();
    built.sort();
    built.dedup();
    // `inventory`: the registry (memlayout's default `registry` feature), no dependencies.
    let expected = [
        "inventory",
        "memlayout",
        "memlayout_derive",
        "proc_macro2",
        "quote",
        "syn",
        "tour",
        "unicode_ident",
    ];
    assert_eq!(built, expected);
}
