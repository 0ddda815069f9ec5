#!/usr/bin/env python3
"""Where the derive's compile cost goes (issue 16), by timing hand-written expansions.

`compile_cost.py` times `#[derive(Layout)]` against `#[derive(Debug)]`. This script takes the
same 300 generated types and times crates whose impls are written out by hand, one shape per
crate, so that each part of the expansion, the proc macro's own run time, and designs the derive
does not (yet) emit can be costed without changing the derive:

    debug          #[derive(Debug)] (the baseline)
    derive         #[derive(memlayout::Layout)], which registers each type (memlayout's
                   default `registry` feature: `inventory::submit!` per type)
    derive-unregistered  the same without the `registry` feature
    current        what the derive expands to without the registry, written out (no proc
                   macro): derive-unregistered - current is the macro's own run time plus
                   the `const` per type that checks `register!`'s type without the registry
    layout-only    `const LAYOUT` alone (the trait's defaults for the rest)
    no-visit       `current` without `fn visit`
    no-is-leaf     `current` without `const IS_LEAF`
    inferred       the shape before one-error-per-field: field types inferred from the field
                   places in LAYOUT and `visitor.field(..)` in visit, so a missing impl is
                   reported at every use (three errors per field), not once
    table          a prototype: LAYOUT and `has_drop_impl` only, what the derive would emit if
                   the walk were driven by the field table (per-field visit functions reached
                   through `__FIELD_TYPE`, IS_LEAF from the table); only the derive's side is
                   written, not that walk
    table-inferred `table` with the field types inferred in LAYOUT (one error per field, from
                   LAYOUT alone, with a "required by a bound in" note)
    and with --registry (needs the `inventory` crate):
    registry       `current` plus, per type, a static entry and `inventory::submit!`
    static         `current` plus, per type, a static entry only

The inferred shapes call one helper defined in each generated crate (module `proto`), a
constant cost of a few milliseconds. Timing as in compile_cost.py: a release rebuild after
touching src/lib.rs, CPU = user + system seconds of cargo and rustc, median of interleaved runs.

    python3 scripts/compile_cost_shapes.py [--runs 5] [--registry] [--only debug,current]
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_cost import REPO, generate_types, time_interleaved, write_package  # noqa: E402

P = "__memlayout"

# Helpers the prototypes call; in a real design they would live in memlayout's `__private`.
PROTO = r"""
mod proto {
    use ::memlayout::__private::*;

    /// `field_at` with the field's type inferred from its place (`T: Layout` bound).
    pub const unsafe fn field_inferred<T: Layout, S>(
        name: &'static str,
        type_name: &'static str,
        base: *const S,
        place: *const T,
    ) -> FieldSpec {
        // SAFETY: forwarded from the caller: `place` is a field of `*base`.
        unsafe { field_at(name, type_name, base, place, T::__FIELD_TYPE) }
    }
}

pub struct Entry {
    pub name: &'static str,
    pub layout: fn() -> &'static ::memlayout::TypeLayout,
}
"""

REGISTRY_COLLECT = (
    "pub struct Registered(pub &'static Entry);\n::inventory::collect!(Registered);\n"
)


def layout_const(name, fields, inferred=False):
    """`const LAYOUT` as the derive writes it, or with each field's type inferred from its place."""
    if inferred:
        part = 'crate::proto::field_inferred("{f}", "{ty}", __b, &raw const (*__b).{f})'
    else:
        part = (
            P + '::field_at("{f}", "{ty}", __b, &raw const (*__b).{f}, '
            "<{ty} as " + P + "::Layout>::__FIELD_TYPE)"
        )
    parts = ", ".join(part.format(f=f, ty=ty) for f, ty in fields)
    return (
        f"const LAYOUT: &'static {P}::TypeLayout = {{"
        f" let __u = {P}::MaybeUninit::<Self>::uninit();"
        f" let __b = &raw const __u as *const Self;"
        f" let __f = unsafe {{ [{parts}] }};"
        f" &{P}::TypeLayout {{ fields: &{P}::fields_of(__f),"
        f" memory_order: &{P}::memory_order_at(&__f),"
        f' ..{P}::struct_layout_at::<Self>("{name}", {P}::Kind::Struct, {P}::Repr::RUST,'
        " &__f) } };"
    )


def is_leaf(fields):
    terms = " && ".join(f"<{ty} as {P}::Layout>::IS_LEAF" for _, ty in fields)
    return f"const IS_LEAF: bool = {terms};"


def visit(fields, direct=False):
    if direct:
        calls = "".join(f'__v.field({i}, "{f}", &self.{f});' for i, (f, _) in enumerate(fields))
    else:
        calls = "".join(
            f'<{ty} as {P}::Layout>::__visit_field(&self.{f}, {i}, "{f}", __v);'
            for i, (f, ty) in enumerate(fields)
        )
    signature = f"fn visit<'__a, __V: {P}::Visitor<'__a>>(&'__a self, __v: &mut __V)"
    return f"#[inline] {signature} {{ {calls} }}"


HAS_DROP_IMPL = (
    f"#[inline] fn has_drop_impl() -> bool {{ use {P}::NoDropImpl as _;"
    f" {P}::DropProbe::<Self>::HAS_DROP_IMPL }}"
)


def entry(name):
    return (
        f'static __ENTRY: crate::Entry = crate::Entry {{ name: "{name}",'
        f" layout: ::memlayout::__private::layout_of::<{name}> }};"
    )


def impl_items(shape, name, fields):
    """The items of `impl Layout for name` in this shape, and what follows the impl."""
    current = [layout_const(name, fields), is_leaf(fields), visit(fields), HAS_DROP_IMPL]
    after = ""
    if shape == "current":
        items = current
    elif shape == "layout-only":
        items = current[:1]
    elif shape == "no-visit":
        items = current[:2] + current[3:]
    elif shape == "no-is-leaf":
        items = current[:1] + current[2:]
    elif shape == "inferred":
        layout = layout_const(name, fields, inferred=True)
        items = [layout, is_leaf(fields), visit(fields, direct=True), HAS_DROP_IMPL]
    elif shape == "table":
        items = [layout_const(name, fields), HAS_DROP_IMPL]
    elif shape == "table-inferred":
        items = [layout_const(name, fields, inferred=True), HAS_DROP_IMPL]
    elif shape == "registry":
        items = current
        after = entry(name) + " ::inventory::submit! { crate::Registered(&__ENTRY) }"
    elif shape == "static":
        items = current
        after = entry(name)
    else:
        raise ValueError(shape)
    return items, after


def render(shape, types):
    out = ["#![allow(dead_code)]", "use std::collections::HashMap;", PROTO]
    if shape == "registry":
        out.append(REGISTRY_COLLECT)
    for name, fields in types:
        derive = {
            "debug": "#[derive(Debug)]",
            "derive": "#[derive(memlayout::Layout)]",
            "derive-unregistered": "#[derive(memlayout::Layout)]",
        }
        out.append(derive.get(shape, ""))
        out.append(f"pub struct {name} {{")
        out += [f"    pub {field}: {ty}," for field, ty in fields]
        out.append("}")
        if shape in derive:
            continue
        items, after = impl_items(shape, name, fields)
        out.append(f"const _: () = {{ use ::memlayout::__private as {P};")
        out.append(f"#[automatically_derived] impl {P}::Layout for {name} {{")
        out += items
        out.append(f"}} {after} }};")
    return "\n".join(out)


def write_crate(root, shape, types):
    deps = {"inventory": '"0.3"'} if shape == "registry" else {}
    # memlayout's `registry` feature (default) makes the derive register each type.
    features = ["std"] if shape == "derive-unregistered" else None
    name = f"compile-cost-shape-{shape}"
    return write_package(root / shape, name, deps, render(shape, types), features)


SHAPES = [
    "debug",
    "derive",
    "derive-unregistered",
    "current",
    "layout-only",
    "no-visit",
    "no-is-leaf",
    "inferred",
    "table",
    "table-inferred",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--types", type=int, default=300)
    parser.add_argument("--registry", action="store_true", help="also time registration items")
    parser.add_argument("--only", help="comma-separated shapes (debug is always timed)")
    args = parser.parse_args()

    shapes = SHAPES + (["registry", "static"] if args.registry else [])
    if args.only:
        shapes = ["debug"] + [s for s in args.only.split(",") if s != "debug"]
    target_root = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    root = target_root / "compile-cost" / "shapes"
    target = target_root / "compile-cost" / "target"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    types = generate_types(args.types)
    crates = {s: write_crate(root, s, types) for s in shapes}
    _, cpus = time_interleaved(crates, target, args.runs)

    print(f"{args.types} types; release rebuild after touching src/lib.rs; median CPU of")
    print(f"{args.runs} interleaved runs; load average before: {load}")
    print()
    print("| shape | CPU (s) | ratio to debug | CPU runs (s) |")
    print("|---|---|---|---|")
    base = statistics.median(cpus["debug"])
    for s in shapes:
        cpu = statistics.median(cpus[s])
        runs = ", ".join(f"{t:.2f}" for t in cpus[s])
        print(f"| {s} | {cpu:.2f} | {cpu / base:.2f}x | {runs} |")


if __name__ == "__main__":
    sys.exit(main())
