#!/usr/bin/env python3
"""memlayout's public API, one item a line, from rustdoc's JSON output (issue 12).

    python3 scripts/public_api.py target/public-api/doc/memlayout.json > public-api.txt

`scripts/public_api.sh` builds the JSON (nightly only) and checks or blesses `public-api.txt`.

Every item a user can name is listed at the path a user writes (`memlayout::Report`, not the
private module that defines it), with its signature: functions and methods with their generics
and where-clauses, struct fields, enum variants, trait items (marked `provided` when they have a
default body), associated constants and types, the arms of exported macros, and the trait impls
written for public types or for public traits (derived ones included). Auto-trait and blanket
impls, which rustdoc synthesises, and `#[doc(hidden)]` items are left out. Lines are sorted, so
the file changes only where the API does.
"""

import json
import re
import sys

# rustdoc's JSON format changes on nightly; these are the versions this renderer was written
# against. A newer one usually still works: the check says so when it does not.
KNOWN_FORMAT_VERSIONS = range(57, 58)


class Api:
    def __init__(self, doc):
        self.index = doc["index"]
        self.paths = doc["paths"]
        self.crate = self.index[str(doc["root"])]["name"]
        # Every public path of each local item reachable from the crate root.
        self.public_paths = {}
        # The path each item is listed at: its shortest public path.
        self.public = {}
        self.lines = set()

    def item(self, item_id):
        return self.index.get(str(item_id))

    # ---- paths ----

    def discover(self, module_id, prefix):
        """Records the public path of each item under `module_id`, following re-exports."""
        for child_id in self.item(module_id)["inner"]["module"]["items"]:
            child = self.item(child_id)
            if child is None or child["visibility"] != "public":
                continue
            kind = kind_of(child)
            if kind == "use":
                use = child["inner"]["use"]
                target = use["id"]
                if use["is_glob"] or target is None:
                    continue
                self.public_paths.setdefault(target, []).append(f"{prefix}::{use['name']}")
                target_item = self.item(target)
                if target_item and kind_of(target_item) == "module":
                    self.discover(target, f"{prefix}::{use['name']}")
            else:
                path = f"{prefix}::{child['name']}"
                self.public_paths.setdefault(child_id, []).append(path)
                if kind == "module":
                    self.discover(child_id, path)

    def choose_paths(self):
        for item_id, paths in self.public_paths.items():
            self.public[item_id] = min(paths, key=lambda p: (p.count("::"), p))

    def path_of(self, item_id, written):
        if item_id in self.public:
            return self.public[item_id]
        summary = self.paths.get(str(item_id))
        if summary:
            return "::".join(summary["path"])
        return written

    # ---- types ----

    def ty(self, t):
        (kind, v), = t.items()
        if kind == "resolved_path":
            return self.path_of(v["id"], v["path"]) + self.args(v["args"])
        if kind == "generic":
            return v
        if kind == "primitive":
            return v
        if kind == "tuple":
            inner = ", ".join(self.ty(x) for x in v)
            return f"({inner},)" if len(v) == 1 else f"({inner})"
        if kind == "slice":
            return f"[{self.ty(v)}]"
        if kind == "array":
            return f"[{self.ty(v['type'])}; {v['len']}]"
        if kind == "borrowed_ref":
            lifetime = f"{v['lifetime']} " if v["lifetime"] else ""
            mutable = "mut " if v["is_mutable"] else ""
            return f"&{lifetime}{mutable}{self.ty(v['type'])}"
        if kind == "raw_pointer":
            return f"*{'mut' if v['is_mutable'] else 'const'} {self.ty(v['type'])}"
        if kind == "function_pointer":
            hrtb = self.hrtb(v["generic_params"])
            return f"{hrtb}{self.header(v['header'])}fn{self.sig(v['sig'])}"
        if kind == "dyn_trait":
            parts = [self.hrtb(p["generic_params"]) + self.path(p["trait"]) for p in v["traits"]]
            if v["lifetime"]:
                parts.append(v["lifetime"])
            return "dyn " + " + ".join(parts)
        if kind == "impl_trait":
            return "impl " + self.bounds(v)
        if kind == "qualified_path":
            self_type = self.ty(v["self_type"])
            trait = f"<{self_type} as {self.path(v['trait'])}>" if v["trait"] else self_type
            return f"{trait}::{v['name']}{self.args(v['args'])}"
        if kind == "infer":
            return "_"
        raise SystemExit(
            f"public_api.py: unknown rustdoc JSON type kind `{kind}`: update scripts/public_api.py"
        )

    def path(self, p):
        return self.path_of(p["id"], p["path"]) + self.args(p["args"])

    def args(self, args):
        if not args:
            return ""
        (kind, v), = args.items()
        if kind == "parenthesized":
            inputs = ", ".join(self.ty(x) for x in v["inputs"])
            output = f" -> {self.ty(v['output'])}" if v["output"] else ""
            return f"({inputs}){output}"
        if kind == "return_type_notation":
            return "(..)"
        parts = [self.arg(a) for a in v["args"]]
        parts += [self.constraint(c) for c in v["constraints"]]
        return f"<{', '.join(parts)}>" if parts else ""

    def arg(self, a):
        (kind, v), = a.items() if isinstance(a, dict) else ((a, None),)
        if kind == "type":
            return self.ty(v)
        if kind == "lifetime":
            return v
        if kind == "const":
            return v.get("expr") or v.get("value") or "_"
        return "_"

    def constraint(self, c):
        name = c["name"] + self.args(c["args"])
        (kind, v), = c["binding"].items()
        if kind == "equality":
            (term_kind, term), = v.items()
            value = self.ty(term) if term_kind == "type" else term.get("expr", "_")
            return f"{name} = {value}"
        return f"{name}: {self.bounds(v)}"

    def bounds(self, bounds):
        out = []
        for b in bounds:
            (kind, v), = b.items()
            if kind == "trait_bound":
                modifier = {"none": "", "maybe": "?", "maybe_const": "~const "}[v["modifier"]]
                out.append(f"{self.hrtb(v['generic_params'])}{modifier}{self.path(v['trait'])}")
            elif kind == "outlives":
                out.append(v)
            elif kind == "use":
                out.append(f"use<{', '.join(str(x) for x in v)}>")
        return " + ".join(out)

    def hrtb(self, params):
        return f"for<{', '.join(p['name'] for p in params)}> " if params else ""

    def generics(self, g):
        params = []
        for p in g["params"]:
            (kind, v), = p["kind"].items()
            if kind == "lifetime":
                outlives = f": {' + '.join(v['outlives'])}" if v["outlives"] else ""
                params.append(p["name"] + outlives)
            elif kind == "type":
                if v["is_synthetic"]:
                    continue
                bounds = f": {self.bounds(v['bounds'])}" if v["bounds"] else ""
                default = f" = {self.ty(v['default'])}" if v["default"] else ""
                params.append(p["name"] + bounds + default)
            elif kind == "const":
                default = f" = {v['default']}" if v["default"] else ""
                params.append(f"const {p['name']}: {self.ty(v['type'])}{default}")
        return f"<{', '.join(params)}>" if params else ""

    def where_clause(self, g):
        preds = []
        for w in g["where_predicates"]:
            (kind, v), = w.items()
            if kind == "bound_predicate":
                hrtb = self.hrtb(v["generic_params"])
                preds.append(f"{hrtb}{self.ty(v['type'])}: {self.bounds(v['bounds'])}")
            elif kind == "lifetime_predicate":
                preds.append(f"{v['lifetime']}: {' + '.join(v['outlives'])}")
            elif kind == "eq_predicate":
                (term_kind, term), = v["rhs"].items()
                rhs = self.ty(term) if term_kind == "type" else term.get("expr", "_")
                preds.append(f"{self.ty(v['lhs'])} = {rhs}")
        return f" where {', '.join(preds)}" if preds else ""

    def header(self, h):
        out = ""
        if h["is_const"]:
            out += "const "
        if h["is_async"]:
            out += "async "
        if h["is_unsafe"]:
            out += "unsafe "
        abi = h["abi"]
        if abi != "Rust":
            out += f'extern "{abi}" ' if isinstance(abi, str) else f'extern "{next(iter(abi))}" '
        return out

    def sig(self, sig):
        inputs = []
        for name, t in sig["inputs"]:
            if name == "self":
                inputs.append(self.self_param(t))
            else:
                inputs.append(f"{name}: {self.ty(t)}")
        if sig.get("is_c_variadic"):
            inputs.append("...")
        output = f" -> {self.ty(sig['output'])}" if sig["output"] else ""
        return f"({', '.join(inputs)}){output}"

    def self_param(self, t):
        if t == {"generic": "Self"}:
            return "self"
        if "borrowed_ref" in t and t["borrowed_ref"]["type"] == {"generic": "Self"}:
            r = t["borrowed_ref"]
            lifetime = f"{r['lifetime']} " if r["lifetime"] else ""
            return f"&{lifetime}{'mut ' if r['is_mutable'] else ''}self"
        return f"self: {self.ty(t)}"

    def function(self, path, f, extra=""):
        g = f["generics"]
        head = self.header(f["header"])
        line = f"pub {head}fn {path}{self.generics(g)}{self.sig(f['sig'])}{self.where_clause(g)}"
        self.lines.add(line + extra)

    # ---- items ----

    def render(self, item_id, path):
        item = self.item(item_id)
        if item is None:
            summary = self.paths.get(str(item_id))
            kind = summary["kind"] if summary else "item"
            source = "::".join(summary["path"]) if summary else "?"
            self.lines.add(f"pub use {path} = {source} ({kind.replace('_', ' ')})")
            return
        kind = kind_of(item)
        v = item["inner"][kind]
        if kind == "module":
            self.lines.add(f"pub mod {path}")
        elif kind == "function":
            self.function(path, v)
        elif kind == "constant":
            self.lines.add(f"pub const {path}: {self.ty(v['type'])}")
        elif kind == "static":
            mutable = "mut " if v["is_mutable"] else ""
            self.lines.add(f"pub static {mutable}{path}: {self.ty(v['type'])}")
        elif kind == "type_alias":
            g = v["generics"]
            alias = f"{path}{self.generics(g)}{self.where_clause(g)} = {self.ty(v['type'])}"
            self.lines.add(f"pub type {alias}")
        elif kind == "macro":
            for arm in macro_arms(v):
                self.lines.add(f"pub macro {path}! {arm}")
        elif kind == "proc_macro":
            self.lines.add(f"pub {v['kind']} macro {path}")
        elif kind == "struct":
            self.struct(path, v)
        elif kind == "enum":
            self.enum(path, v)
        elif kind == "union":
            g = v["generics"]
            self.lines.add(f"pub union {path}{self.generics(g)}{self.where_clause(g)}")
            self.fields(path, v["fields"])
            self.impls(path, v["impls"])
        elif kind == "trait":
            self.trait(path, v)
        else:
            self.lines.add(f"pub {kind} {path}")

    def struct(self, path, s):
        g = s["generics"]
        self.lines.add(f"pub struct {path}{self.generics(g)}{self.where_clause(g)}")
        (shape, v), = s["kind"].items() if isinstance(s["kind"], dict) else ((s["kind"], None),)
        if shape == "plain":
            self.fields(path, v["fields"])
        elif shape == "tuple":
            self.tuple_fields(path, v)
        self.impls(path, s["impls"])

    def fields(self, path, field_ids):
        for field_id in field_ids:
            field = self.item(field_id)
            if field and field["visibility"] == "public":
                self.lines.add(f"pub {path}::{field['name']}: {self.ty(field['inner']['struct_field'])}")

    def tuple_fields(self, path, field_ids):
        for position, field_id in enumerate(field_ids):
            field = self.item(field_id) if field_id is not None else None
            if field and field["visibility"] == "public":
                self.lines.add(f"pub {path}::{position}: {self.ty(field['inner']['struct_field'])}")

    def enum(self, path, e):
        g = e["generics"]
        self.lines.add(f"pub enum {path}{self.generics(g)}{self.where_clause(g)}")
        for variant_id in e["variants"]:
            variant = self.item(variant_id)
            v = variant["inner"]["variant"]
            name = f"{path}::{variant['name']}"
            (shape, fields), = v["kind"].items() if isinstance(v["kind"], dict) else ((v["kind"], None),)
            if shape == "plain":
                self.lines.add(f"pub {name}")
            elif shape == "tuple":
                types = [
                    self.ty(self.item(f)["inner"]["struct_field"]) if f is not None else "_"
                    for f in fields
                ]
                self.lines.add(f"pub {name}({', '.join(types)})")
            else:
                self.lines.add(f"pub {name} {{ .. }}")
                for field_id in fields["fields"]:
                    field = self.item(field_id)
                    self.lines.add(f"pub {name}::{field['name']}: {self.ty(field['inner']['struct_field'])}")
        self.impls(path, e["impls"])

    def trait(self, path, t):
        g = t["generics"]
        supertraits = f": {self.bounds(t['bounds'])}" if t["bounds"] else ""
        unsafe = "unsafe " if t["is_unsafe"] else ""
        self.lines.add(f"pub {unsafe}trait {path}{self.generics(g)}{supertraits}{self.where_clause(g)}")
        for member_id in t["items"]:
            self.member(path, self.item(member_id), in_trait=True)
        for impl_id in t["implementations"]:
            self.impl(self.item(impl_id))

    def member(self, path, item, in_trait):
        kind = kind_of(item)
        v = item["inner"][kind]
        name = f"{path}::{item['name']}"
        if kind == "function":
            extra = " (provided)" if in_trait and v["has_body"] else ""
            self.function(name, v, extra)
        elif kind == "assoc_const":
            default = " (provided)" if in_trait and v.get("value") is not None else ""
            self.lines.add(f"pub const {name}: {self.ty(v['type'])}{default}")
        elif kind == "assoc_type":
            bounds = f": {self.bounds(v['bounds'])}" if v["bounds"] else ""
            value = f" = {self.ty(v['type'])}" if v["type"] else ""
            self.lines.add(f"pub type {name}{self.generics(v['generics'])}{bounds}{value}")

    def impls(self, path, impl_ids):
        for impl_id in impl_ids:
            impl = self.item(impl_id)
            v = impl["inner"]["impl"]
            if v["trait"] is None:
                for member_id in v["items"]:
                    member = self.item(member_id)
                    if member and member["visibility"] == "public":
                        self.member(path, member, in_trait=False)
            else:
                self.impl(impl)

    def impl(self, impl):
        v = impl["inner"]["impl"]
        if v["is_synthetic"] or v["blanket_impl"] is not None:
            return
        g = v["generics"]
        negative = "!" if v["is_negative"] else ""
        unsafe = "unsafe " if v["is_unsafe"] else ""
        trait = self.path(v["trait"])
        line = f"{unsafe}impl{self.generics(g)} {negative}{trait} for {self.ty(v['for'])}"
        self.lines.add(line + self.where_clause(g))


def kind_of(item):
    return next(iter(item["inner"]))


def macro_arms(source):
    """The matchers of a `macro_rules!` as rustdoc prints it (`(matcher) => { ... };`)."""
    arms = re.findall(r"^\s*(\(.*\))\s*=>\s*\{\s*\.\.\.\s*\};?\s*$", source, re.MULTILINE)
    return arms or [re.sub(r"\s+", " ", source)]


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: public_api.py <crate.json>")
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    version = doc["format_version"]
    if version not in KNOWN_FORMAT_VERSIONS:
        print(
            f"public_api.py: rustdoc JSON format_version {version}, written for "
            f"{KNOWN_FORMAT_VERSIONS.start}..{KNOWN_FORMAT_VERSIONS.stop - 1}: check the output",
            file=sys.stderr,
        )
    api = Api(doc)
    root = doc["root"]
    api.discover(root, api.crate)
    api.choose_paths()
    for item_id, path in api.public.items():
        api.render(item_id, path)
        for other in api.public_paths[item_id]:
            if other != path:
                api.lines.add(f"pub use {other} = {path}")
    print(f"# The public API of {api.crate}, from rustdoc's JSON: one item a line, then the trait impls.")
    print("# Generated by `scripts/public_api.sh --bless`; do not edit by hand.")
    print()
    items = sorted(line for line in api.lines if not line.startswith(("impl", "unsafe impl")))
    impls = sorted(line for line in api.lines if line.startswith(("impl", "unsafe impl")))
    print("\n".join(items))
    print()
    print("\n".join(impls))


if __name__ == "__main__":
    main()
