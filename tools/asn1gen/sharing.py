"""Types shared by the editions of a group (the CSAE editions): a type whose definition is
the same in two or more editions, down to every type it reaches, is generated once into
the group's own module and re-exported by each edition that has it, so that a value read
under one edition is the same Rust value under another.

"The same" is the wire and the Rust face both: names of the type, its members and values,
constraints, optionality, extension markers, and the same of every type referred to
(`wire_key`). Comments do not count; a shared type's documentation is its first edition's
(the group's order)."""
from .model import (ObjectId, BitString, Boolean, CharString, Choice, Enumerated, Integer, Null, OctetString, Open, Ref,
                    Sequence, SequenceOf, TypedOpen)
from .naming import snake, type_name

MAX_DEPTH = 50  # no CSAE type is recursive; a guard all the same


def _int(n):
    return None if n is None else ("INTEGER", n.lb, n.ub, n.ext, tuple(sorted(n.named_numbers.items())))


def _size(s):
    return (s.lb, s.ub, s.ext, s.constrained)


def _member(m, depth):
    return (m.name, m.optional, m.has_default, repr(m.default), wire_key(m.type, depth + 1))


def wire_key(node, depth=0):
    """A hashable description of `node` and of everything it refers to, without comments."""
    if depth > MAX_DEPTH:
        raise SystemExit("sharing: types nested deeper than MAX_DEPTH (a recursive type?)")
    if isinstance(node, Ref):
        return ("REF", node.name, _int(node.narrowing), wire_key(node.target.type, depth + 1))
    if isinstance(node, Integer):
        return _int(node)
    if isinstance(node, (Boolean, Null, Open)):
        return (node.kind,)
    if isinstance(node, Enumerated):
        return ("ENUMERATED", tuple((v.name, v.number) for v in node.root), node.ext,
                tuple((v.name, v.number) for v in node.additions))
    if isinstance(node, BitString):
        return ("BIT STRING", _size(node.size), tuple((n, i) for n, i, _ in node.named_bits))
    if isinstance(node, ObjectId):
        return (node.kind,)
    if isinstance(node, OctetString):
        return ("OCTET STRING", _size(node.size))
    if isinstance(node, CharString):
        return (node.kind_name, _size(node.size))
    if isinstance(node, SequenceOf):
        return ("SEQUENCE OF", _size(node.size), node.small, wire_key(node.element, depth + 1))
    if isinstance(node, Sequence):
        return ("SEQUENCE", tuple(_member(m, depth) for m in node.root), node.ext,
                tuple((a.group, tuple(_member(m, depth) for m in a.members)) for a in node.additions))
    if isinstance(node, Choice):
        return ("CHOICE", tuple(_member(m, depth) for m in node.root), node.ext,
                tuple(_member(m, depth) for m in node.additions))
    if isinstance(node, TypedOpen):
        return ("TYPED OPEN", node.set_name, node.id_member, node.ext,
                tuple((i, wire_key(r, depth + 1)) for i, r in sorted(node.objects.items())))
    raise SystemExit(f"sharing: no key for {node.kind}")


def shared_names(gens):
    """{type name: [the generators of the editions sharing it]}, for the generators of a
    group's editions (in the group's order)."""
    keys = [{d.name: wire_key(d.type) for d in g.model.types.values()} for g in gens]
    out = {}
    for name in sorted(set().union(*keys)):
        by_key = {}
        for g, k in zip(gens, keys):
            if name in k:
                by_key.setdefault(k[name], []).append(g)
        groups = [gs for gs in by_key.values() if len(gs) > 1]
        if len(groups) > 1:
            raise SystemExit(f"sharing: {name} has two shared forms (in {[g.family.name for g in groups[0]]} and "
                             f"{[g.family.name for g in groups[1]]}): rename one in its ASN.1")
        if groups:
            out[name] = groups[0]
    return out


class Reexports:
    """What an edition takes from the group's module: owned types (split by whether they
    need `alloc`), skip functions and views."""

    def __init__(self, crate_path):
        self.crate_path = crate_path
        self.types, self.alloc_types, self.skips, self.views = [], [], [], []

    def lines(self, which):
        """The `use` lines of one output: "owned" (mod.rs), "skip" or "views"."""
        p = self.crate_path
        if which == "owned":
            out = [f"pub use {p}::{{{', '.join(self.types)}}};"] if self.types else []
            if self.alloc_types:
                out += ['#[cfg(feature = "alloc")]', f"pub use {p}::{{{', '.join(self.alloc_types)}}};"]
            return out
        if which == "skip" and self.skips:
            return [f"pub use {p}::skip::{{{', '.join(self.skips)}}};",
                    f"pub(crate) use {p}::skip::{{{', '.join(s + '_with' for s in self.skips)}}};"]
        if which == "views" and self.views:
            return [f"pub use {p}::views::{{{', '.join(self.views)}}};"]
        return []


def plan(group, gens, shared_gen_of):
    """Splits a group's editions: sets each edition generator's `emit` (the types it
    generates itself) and `reexports`, and returns the generator of the shared types
    (`shared_gen_of(definitions)` builds it from the shared definitions, taken from the
    first edition that has each)."""
    shared = shared_names(gens)
    # In the order written (the first edition's modules first).
    definitions, seen = [], set()
    for g in gens:
        for m in g.model.modules:
            for d in m.definitions:
                if d.name in shared and d.name not in seen and shared[d.name][0] is g:
                    seen.add(d.name)
                    definitions.append(d)
    sgen = shared_gen_of(definitions)
    sgen.emit = {d.name for d in definitions}
    views, plain = {}, {}
    for g in gens:
        mine = {n for n, gs in shared.items() if g in gs}
        g.emit = {n for n in g.model.types if n not in mine}
        owner = g.item_owners()
        g.shared_types = {type_name(n) for n, o in owner.items() if o in mine}
        r = g.reexports = Reexports(group.crate_path)
        for m in g.model.modules:
            for name, node, _ in g.items(m, every=True):
                if owner[name] not in mine:
                    continue
                (r.alloc_types if g.needs_alloc(node) else r.types).append(type_name(name))
                if g.needs_alloc(node):
                    r.skips.append(snake(type_name(name)))
        if g.tuning.view_roots:
            for entry in g.reachable_views():
                if owner.get(entry[0]) in mine:
                    views.setdefault(entry[0], entry)
                    r.views.append(type_name(entry[0]) + "View")
            for ty, ectx in g.all_plain_entries().items():
                if ty in g.shared_types:
                    plain.setdefault(ty, ectx)
    sgen.view_list = list(views.values())
    sgen.plain_list = plain
    return sgen
