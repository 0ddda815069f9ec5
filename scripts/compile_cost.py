#!/usr/bin/env python3
"""The compile cost of #[derive(Layout)] (issue 6).

Generates one crate of 300 structs with 5-8 fields of mixed types, in several variants that
differ only in the derive on every type:

    debug    #[derive(Debug)]                       (the baseline)
    layout   #[derive(memlayout::Layout)]
    both     #[derive(Debug, memlayout::Layout)]
    and with --peers: get-size2, deepsize, mem_dbg   (their derives)
    and with --unregistered: layout without memlayout's default `registry` feature
    and with --base DIR: layout (and unregistered) built against the memlayout of another
        checkout, DIR (e.g. `git worktree add /tmp/main main`), in the same interleaved runs:
        a before/after comparison under one load

With --instructions, also counts the instructions rustc executes for one rebuild of each crate
(valgrind's callgrind; minutes per crate), which do not move with the machine's load.

builds each once (dependencies, untimed), then times `cargo build --release` after touching
src/lib.rs, RUNS times, and prints the median wall and CPU time of each and their ratios to
the baseline.
The crates live under $CARGO_TARGET_DIR (or target/) in compile-cost/, never in git.

    python3 scripts/compile_cost.py [--runs 5] [--peers] [--unregistered] [--base DIR]
                                    [--instructions] [--types 300]
"""

import argparse
import os
import random
import re
import resource
import shlex
import shutil
import tempfile
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Field types; `{prev}` is an earlier generated type (a link between the types, as real code has).
SCALARS = ["u8", "u16", "u32", "u64", "i64", "bool", "f64", "char"]
OWNING = [
    "String",
    "Vec<u32>",
    "Vec<String>",
    "Option<u64>",
    "Option<String>",
    "Option<Box<{prev}>>",
    "HashMap<String, u64>",
    "(u32, u16)",
    "[u8; 4]",
]

VARIANTS = {
    "debug": ("#[derive(Debug)]", "", {}),
    "layout": ("#[derive(memlayout::Layout)]", "", {}),
    "both": ("#[derive(Debug, memlayout::Layout)]", "", {}),
    "get-size2": (
        "#[derive(get_size2::GetSize)]",
        "",
        {"get-size2": '{ version = "0.11", features = ["derive"] }'},
    ),
    "deepsize": ("#[derive(deepsize::DeepSizeOf)]", "", {"deepsize": '"0.2"'}),
    "mem_dbg": ("#[derive(mem_dbg::MemSize)]", "#[mem_size(rec)]", {"mem_dbg": '"0.4"'}),
}


def generate_types(count, seed=6):
    """Source of `count` structs: 5-8 fields each, at least one of them owning heap."""
    rng = random.Random(seed)
    types = []
    for i in range(count):
        n = rng.randint(5, 8)
        fields = []
        for f in range(n):
            # Roughly half scalars, half owning types; the first field always owns something.
            pool = OWNING if f == 0 or rng.random() < 0.5 else SCALARS
            ty = rng.choice(pool)
            if "{prev}" in ty:
                ty = ty.format(prev=f"T{rng.randrange(i)}") if i > 0 else "String"
            fields.append((f"field_{f}", ty))
        types.append((f"T{i}", fields))
    return types


def render(types, derive, extra_attr):
    out = ["#![allow(dead_code)]", "use std::collections::HashMap;", ""]
    for name, fields in types:
        out.append(derive)
        if extra_attr:
            out.append(extra_attr)
        out.append(f"pub struct {name} {{")
        for field, ty in fields:
            out.append(f"    pub {field}: {ty},")
        out.append("}")
        out.append("")
    return "\n".join(out)


def write_crate(root, variant, types, label=None, memlayout_root=REPO, memlayout_features=None):
    """The crate of `variant` in `root / label` (the variant's name unless told)."""
    label = label or variant
    derive, extra_attr, deps = VARIANTS[variant]
    source = render(types, derive, extra_attr)
    name = f"compile-cost-{label}"
    return write_package(root / label, name, deps, source, memlayout_features, memlayout_root)


def write_package(crate, name, deps, source, memlayout_features=None, memlayout_root=REPO):
    """A package outside any workspace depending on the memlayout of the checkout at
    `memlayout_root` (with its default features, or only `memlayout_features`) and `deps`
    ({name: spec}), with `source` as its src/lib.rs (rewritten only when it changed, so a
    rebuild is a touch)."""
    (crate / "src").mkdir(parents=True, exist_ok=True)
    memlayout = f'path = "{memlayout_root / "memlayout"}"'
    if memlayout_features is not None:
        features = ", ".join(f'"{f}"' for f in memlayout_features)
        memlayout += f", default-features = false, features = [{features}]"
    dep_lines = [f"memlayout = {{ {memlayout} }}"]
    dep_lines += [f"{dep} = {spec}" for dep, spec in deps.items()]
    (crate / "Cargo.toml").write_text(
        "\n".join(
            [
                "[package]",
                f'name = "{name}"',
                'version = "0.0.0"',
                'edition = "2021"',
                "publish = false",
                "",
                "[dependencies]",
                *dep_lines,
                "",
                "# Not part of any workspace.",
                "[workspace]",
                "",
            ]
        )
    )
    # The repository's lock file pins the same dependency versions as the benches use.
    shutil.copy(REPO / "Cargo.lock", crate / "Cargo.lock")
    lib = crate / "src" / "lib.rs"
    if not lib.exists() or lib.read_text() != source:
        lib.write_text(source)
    return crate


def build(crate, target):
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never")
    subprocess.run(
        ["cargo", "build", "--release", "--quiet"],
        cwd=crate,
        env=env,
        check=True,
    )


def timed_rebuild(crate, target):
    """Wall seconds and CPU seconds (user + system, cargo and rustc) of one rebuild."""
    (crate / "src" / "lib.rs").touch()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    build(crate, target)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def rustc_instructions(crate, target):
    """Instructions rustc executes to rebuild `crate` (callgrind's count, all threads; the
    proc macro runs inside rustc and is counted, cargo is not): unlike CPU time, the same
    under any machine load."""
    (crate / "src" / "lib.rs").touch()
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never")
    cargo = ["cargo", "build", "--release", "--verbose"]
    log = subprocess.run(cargo, cwd=crate, env=env, check=True, capture_output=True, text=True)
    # The package is named after its folder (`write_crate`): rustc's command line for it.
    name = f"--crate-name compile_cost_{crate.name.replace('-', '_')}"
    command = next(
        line.split("Running `", 1)[1].rstrip("`")
        for line in log.stderr.splitlines()
        if "Running `" in line and name + " " in line
    )
    with tempfile.TemporaryDirectory() as out:
        args = shlex.split(command)
        args[args.index("--out-dir") + 1] = out
        valgrind = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.out"]
        run = subprocess.run(valgrind + args, cwd=crate, capture_output=True, text=True)
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def time_interleaved(crates, target, runs):
    """Builds each crate once (dependencies, untimed), then times `runs` rebuilds of each,
    interleaved run by run so that a change in machine load hits all of them alike. Returns
    ({name: [wall seconds]}, {name: [CPU seconds]})."""
    for crate in crates.values():
        build(crate, target)
    walls = {name: [] for name in crates}
    cpus = {name: [] for name in crates}
    for _ in range(runs):
        for name, crate in crates.items():
            wall, cpu = timed_rebuild(crate, target)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return walls, cpus


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--types", type=int, default=300)
    parser.add_argument("--peers", action="store_true", help="time the peers' derives too")
    parser.add_argument(
        "--unregistered", action="store_true", help="time layout without the registry feature"
    )
    parser.add_argument("--base", type=Path, help="time layout against this checkout too")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count rustc's instructions for each crate under callgrind (minutes each)",
    )
    args = parser.parse_args()

    target_root = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    root = target_root / "compile-cost"
    target = root / "target"
    variants = ["debug", "layout", "both"]
    if args.peers:
        variants += ["get-size2", "deepsize", "mem_dbg"]

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    types = generate_types(args.types)
    # label: (crate, how the table names it)
    crates = {v: (write_crate(root, v, types), f"`{VARIANTS[v][0]}`") for v in variants}
    checkouts = [("", REPO)] + ([("-base", args.base.resolve())] if args.base else [])
    for suffix, checkout in checkouts:
        at = f" (memlayout of {checkout})" if suffix else ""
        if suffix:
            label = "layout" + suffix
            crate = write_crate(root, "layout", types, label, checkout)
            crates[label] = (crate, f"`{VARIANTS['layout'][0]}`{at}")
        if args.unregistered:
            label = "layout-unregistered" + suffix
            crate = write_crate(root, "layout", types, label, checkout, ["std"])
            crates[label] = (crate, f"`{VARIANTS['layout'][0]}` without `registry`{at}")
    walls, cpus = time_interleaved({k: c for k, (c, _) in crates.items()}, target, args.runs)

    fields = sum(len(f) for _, f in types)
    print(f"{args.types} types, {fields} fields; release rebuild after touching src/lib.rs;")
    print(f"median of {args.runs} runs each (interleaved); load average before: {load}")
    print("CPU = user + system seconds of cargo and rustc (steadier than wall time on a busy")
    print("machine); ratios are to the same crate with only #[derive(Debug)].")
    print()
    print("| derive | wall (s) | ratio | CPU (s) | ratio | wall runs (s) |")
    print("|---|---|---|---|---|---|")
    base_wall = statistics.median(walls["debug"])
    base_cpu = statistics.median(cpus["debug"])
    for label, (_, shown) in crates.items():
        wall = statistics.median(walls[label])
        cpu = statistics.median(cpus[label])
        runs = ", ".join(f"{t:.2f}" for t in walls[label])
        print(
            f"| {shown} | {wall:.2f} | {wall / base_wall:.2f}x "
            f"| {cpu:.2f} | {cpu / base_cpu:.2f}x | {runs} |"
        )
    if args.instructions:
        counts = {label: rustc_instructions(crate, target) for label, (crate, _) in crates.items()}
        print()
        print("rustc's instructions for one rebuild (callgrind), independent of the load:")
        print()
        print("| derive | instructions (G) | ratio |")
        print("|---|---|---|")
        for label, (_, shown) in crates.items():
            count = counts[label]
            print(f"| {shown} | {count / 1e9:.2f} | {count / counts['debug']:.2f}x |")


if __name__ == "__main__":
    sys.exit(main())
