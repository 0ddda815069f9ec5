#!/usr/bin/env python3
"""Instructions per operation of every function of `benches/heap.rs`, counted by callgrind.

The machine the benchmarks run on is shared, so wall-clock times move with the load; the number
of instructions a function executes does not. For each workload the bench binary runs under
`valgrind --tool=callgrind` twice, each function repeated 0 and R times inside a function of its
own (`MEMLAYOUT_BENCH_INSTRUCTIONS=GROUP:R`, see `benches/heap.rs`); instructions per operation =
(inclusive Ir at R - inclusive Ir at 0) / R. Writes JSON for `scripts/bench_table.py
--instructions`.

    python3 scripts/bench_instructions.py [--bin PATH] [--out target/instructions.json]
        [--groups 3_hash_map 7_btree_map ...] [--jobs 2]
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import re
import subprocess
import tempfile
from pathlib import Path

from bench_table import GROUPS, REPO

# Counted functions, by the name the bench gives them.
COUNTED = {
    "memlayout_heap_bytes": "counted_memlayout_heap_bytes",
    "memlayout_totals": "counted_memlayout_totals",
    "memlayout_report": "counted_memlayout_report",
    "get-size2": "counted_get_size2",
    "deepsize": "counted_deepsize",
    "mem_dbg": "counted_mem_dbg",
}


def repetitions(group):
    """Enough repetitions that a one-time cost (a first allocation) is noise, few enough that a
    million entries run in seconds under callgrind."""
    if group.endswith("_1m") or group in ("1_vec_u64",):
        return 3
    if group.endswith("_10k"):
        return 20
    if group.endswith("_100") or group.endswith("_1k"):
        return 500
    return 5


def bench_binary():
    out = subprocess.run(
        ["cargo", "bench", "-p", "memlayout-benches", "--bench", "heap", "--no-run",
         "--message-format=json"],
        cwd=REPO, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "heap":
            if message.get("executable"):
                return message["executable"]
    raise SystemExit("cargo built no heap bench")


def inclusive(binary, group, reps):
    """{function: inclusive Ir of its counted function} for one run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, MEMLAYOUT_BENCH_INSTRUCTIONS=f"{group}:{reps}")
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary],
            cwd=REPO / "benches", env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"{group}:{reps} failed:\n{run.stderr[-2000:]}")
        measured = re.findall(r"^measured=(\S+)$", run.stdout, re.M)
        annotated = subprocess.run(
            ["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(out)],
            check=True, capture_output=True, text=True).stdout
    counts = {}
    for function in measured:
        symbol = COUNTED[function]
        match = re.search(r"^\s*([\d,]+) .*::" + symbol + r"\b", annotated, re.M)
        counts[function] = int(match.group(1).replace(",", "")) if match else 0
    return counts


def per_op(binary, group):
    reps = repetitions(group)
    base = inclusive(binary, group, 0)
    full = inclusive(binary, group, reps)
    return group, {f: (full[f] - base.get(f, 0)) / reps for f in full}, reps


def version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", help="the bench binary (default: build it)")
    parser.add_argument("--out", type=Path, default=REPO / "target" / "instructions.json")
    parser.add_argument("--groups", nargs="*", default=[g for g, _ in GROUPS])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    binary = args.bin or bench_binary()
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for group, counts, reps in pool.map(lambda g: per_op(binary, g), args.groups):
            results[group] = {"reps": reps, "per_op": counts}
            print(group, {f: round(n) for f, n in counts.items()}, flush=True)
    report = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "rustc": version(["rustc", "--version"]),
        "valgrind": version(["valgrind", "--version"]),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "binary": str(binary),
        "groups": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
