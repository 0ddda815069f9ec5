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
    evaluated      `current` plus a `const` per type that reads its LAYOUT, so the compiler
                   evaluates it (as registering the type makes it do): the price of the
                   evaluation alone
    and with --ideas (ways to name each field's type fewer times, issue 16):
    leaf-table     `current` with IS_LEAF computed by a `const fn` from LAYOUT's field table
                   (an approximation, inline storage, good enough to price it): reading
                   LAYOUT in IS_LEAF makes the compiler evaluate LAYOUT
    visit-autoref  `current` with `visit` inferring each field's type by autoref
                   specialisation, `(&FieldRef(&self.f)).__visit_field(..)`: the `Layout` impl
                   when the type has one, else a no-op that a crate that compiles never
                   reaches (LAYOUT reports the missing impl, once)
    leaf-autoref   both
    and with --registry (needs the `inventory` crate):
    registry       `current` plus, per type, a static entry and `inventory::submit!`
    static         `current` plus, per type, a static entry only
    reg-real       `current` plus what the derive registers: `inventory::submit!` of
                   memlayout's `Registration::of::<T>()` (two function pointers)
    reg-fns        the same with a local registration type (a registry in this crate)
    reg-ref        the registration holds `&'static TypeLayout` (T::LAYOUT) and a TypeId
                   function instead of two functions
    reg-one        the registration holds one function returning both
    reg-name       the registration holds the type's name only: inventory's own price (a
                   static node and a constructor per type), no LAYOUT evaluated
    table-registered  `table-inferred` registered as the derive does (`reg-real`): the
                   cheapest derive prototype with memlayout's default registry
    and with --linkme (needs the `linkme` crate; memlayout does not use it, Miri does not
    support its section symbols):
    reg-linkme     `reg-name` through a linkme distributed slice instead of inventory (no
                   constructor, one static in a link section per type)

The inferred shapes call one helper defined in each generated crate (module `proto`), a
constant cost of a few milliseconds. Timing as in compile_cost.py: a release rebuild after
touching src/lib.rs, CPU = user + system seconds of cargo and rustc, median of interleaved runs.

    python3 scripts/compile_cost_shapes.py [--runs 5] [--ideas] [--registry] [--linkme]
                                           [--only debug,current]
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

    /// Autoref specialisation: `(&FieldRef(&self.f)).__visit_field(..)` picks the `Layout`
    /// impl when the field's type has one, else a no-op that is never reached (LAYOUT errors).
    pub struct FieldRef<'a, T: ?Sized>(pub &'a T);
    pub trait VisitLayout<'a> {
        fn __visit_field<V: Visitor<'a>>(&self, index: usize, name: &'static str, visitor: &mut V);
    }
    impl<'a, T: Layout + ?Sized> VisitLayout<'a> for FieldRef<'a, T> {
        #[inline]
        fn __visit_field<V: Visitor<'a>>(&self, index: usize, name: &'static str, visitor: &mut V) {
            visitor.field(index, name, self.0);
        }
    }
    pub trait VisitMissing {
        #[inline]
        fn __visit_field<V>(&self, _: usize, _: &'static str, _: &mut V) {}
    }
    impl<'a, T: ?Sized> VisitMissing for &FieldRef<'a, T> {}

    /// IS_LEAF read from the field table (an approximation for costing: inline storage).
    pub const fn leaf_of(layout: &TypeLayout) -> bool {
        let mut i = 0;
        while i < layout.fields.len() {
            if !matches!(layout.fields[i].storage, ::memlayout::Storage::Inline) {
                return false;
            }
            i += 1;
        }
        true
    }
}

pub struct Entry {
    pub name: &'static str,
    pub layout: fn() -> &'static ::memlayout::TypeLayout,
}
"""

# Registration variants (the reg-* shapes), in module `proto_reg`.
REG_PROTO = r"""
mod proto_reg {
    use ::memlayout::__private::*;
    use ::core::any::TypeId;
    pub struct RegFns { pub layout: fn() -> &'static TypeLayout, pub type_id: fn() -> TypeId }
    ::inventory::collect!(RegFns);
    pub struct RegRef { pub layout: &'static TypeLayout, pub type_id: fn() -> TypeId }
    ::inventory::collect!(RegRef);
    pub struct RegOne(pub fn() -> (&'static TypeLayout, TypeId));
    ::inventory::collect!(RegOne);
    pub fn registration_of<T: Layout + 'static>() -> (&'static TypeLayout, TypeId) {
        (T::LAYOUT, TypeId::of::<T>())
    }
    pub struct RegName(pub &'static str);
    ::inventory::collect!(RegName);
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


def visit_autoref(fields):
    calls = "".join(
        f'(&crate::proto::FieldRef(&self.{f})).__visit_field({i}, "{f}", __v);'
        for i, (f, _) in enumerate(fields)
    )
    signature = f"fn visit<'__a, __V: {P}::Visitor<'__a>>(&'__a self, __v: &mut __V)"
    return (
        f"#[inline] #[allow(unused_imports)] {signature} {{ use crate::proto::VisitLayout as _;"
        f" use crate::proto::VisitMissing as _; {calls} }}"
    )


LEAF_FROM_TABLE = "const IS_LEAF: bool = crate::proto::leaf_of(Self::LAYOUT);"

REGISTRATIONS = {
    "reg-real": "::memlayout::registry::Registration::of::<{name}>()",
    "reg-fns": "crate::proto_reg::RegFns {{ layout: ::memlayout::__private::layout_of::<{name}>,"
    " type_id: ::core::any::TypeId::of::<{name}> }}",
    "reg-ref": "crate::proto_reg::RegRef {{ layout: <{name} as ::memlayout::Layout>::LAYOUT,"
    " type_id: ::core::any::TypeId::of::<{name}> }}",
    "reg-one": "crate::proto_reg::RegOne(crate::proto_reg::registration_of::<{name}>)",
    "reg-name": 'crate::proto_reg::RegName("{name}")',
    "table-registered": "::memlayout::registry::Registration::of::<{name}>()",
}

# A linkme distributed slice instead of inventory (no constructor per type; for comparison
# only: memlayout does not use linkme, whose section symbols Miri does not support).
LINKME_PROTO = r"""
mod proto_linkme {
    pub struct RegName(pub &'static str);
    #[::linkme::distributed_slice]
    pub static NAMES: [RegName];
}
"""


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
    elif shape == "leaf-table":
        items = [current[0], LEAF_FROM_TABLE] + current[2:]
    elif shape == "visit-autoref":
        items = current[:2] + [visit_autoref(fields)] + current[3:]
    elif shape == "leaf-autoref":
        items = [current[0], LEAF_FROM_TABLE, visit_autoref(fields), HAS_DROP_IMPL]
    elif shape == "evaluated":
        items = current
        after = f"const _: &{P}::TypeLayout = <{name} as {P}::Layout>::LAYOUT;"
    elif shape == "reg-linkme":
        items = current
        after = (
            "#[::linkme::distributed_slice(crate::proto_linkme::NAMES)] static __NAME:"
            f' crate::proto_linkme::RegName = crate::proto_linkme::RegName("{name}");'
        )
    elif shape in REGISTRATIONS:
        items = current
        if shape == "table-registered":
            items = [layout_const(name, fields, inferred=True), HAS_DROP_IMPL]
        after = "::inventory::submit! { " + REGISTRATIONS[shape].format(name=name) + " }"
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
    if shape in REGISTRATIONS:
        out.append(REG_PROTO)
    if shape == "reg-linkme":
        out.append(LINKME_PROTO)
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
    deps = {"inventory": '"0.3"'} if shape == "registry" or shape in REGISTRATIONS else {}
    if shape == "reg-linkme":
        deps = {"linkme": '"0.3"'}
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
    "evaluated",
]
IDEAS = ["leaf-table", "visit-autoref", "leaf-autoref"]
REGISTRY = ["registry", "static", "reg-real", "reg-fns", "reg-ref", "reg-one", "reg-name"]
REGISTRY += ["table-registered"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--types", type=int, default=300)
    parser.add_argument("--ideas", action="store_true", help="also time the --ideas shapes")
    parser.add_argument("--registry", action="store_true", help="also time registration items")
    parser.add_argument("--linkme", action="store_true", help="also time reg-linkme")
    parser.add_argument("--only", help="comma-separated shapes (debug is always timed)")
    args = parser.parse_args()

    shapes = SHAPES + (IDEAS if args.ideas else []) + (REGISTRY if args.registry else [])
    shapes += ["reg-linkme"] if args.linkme else []
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
