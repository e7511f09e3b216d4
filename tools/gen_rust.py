#!/usr/bin/env python3
"""Generates the owned J2735 types of cv2x from the ASN.1 modules in `asn1/`.

    python3 tools/gen_rust.py            # rewrites src/j2735/generated/*.rs
    python3 tools/gen_rust.py --check    # fails if the checked-in output is stale

One source of truth per type: `asn1/` says what a type is, this script says how every
ASN.1 construct maps to Rust, and the output (checked in, formatted by rustfmt) is plain
Rust: a type, its `Decode` and its `Encode`, with the constraint in one place.

Types that need a hand-written decoder (open types selected by an id) are listed in
HAND_WRITTEN and live in src/j2735/ beside the generated code.
"""
import glob
import os
import re
import subprocess
import sys

import asn1tools

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "j2735", "generated")

# Written by hand in src/j2735/: their open types are typed by an id.
HAND_WRITTEN = {"MessageFrame", "PartIIcontent"}
# Errors name the field being read (`BSMcoreData.lat`): SEQUENCE members and CHOICE
# alternatives attach their path; a type that is only a constrained value (an INTEGER,
# ENUMERATED or string newtype) leaves it to its container.
# Field names whose snake_case form would read badly.
FIELD_NAMES = {"currGNSSstatus": "curr_gnss_status", "theRTCM": "the_rtcm"}
RUST_KEYWORDS = {"type", "ref", "match", "mod", "move", "use", "loop", "impl", "fn", "in", "as", "box",
                 "crate", "self", "super", "struct", "enum", "trait", "where", "static", "const"}


def type_name(asn):
    parts = re.split(r"[-_]", asn)
    return "".join(p[:1].upper() + p[1:] for p in parts)


def field_name(asn):
    if asn in FIELD_NAMES:
        return FIELD_NAMES[asn]
    s = asn.replace("-", "_")
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"_+", "_", s).lower()
    return "r#" + s if s in RUST_KEYWORDS else s


def variant_name(asn):
    parts = [p for p in re.split(r"[-_]", asn) if p]
    v = ""
    for p in parts:
        # Keep `prec0-1deg` and `prec01deg` apart: an underscore between digit groups.
        v += ("_" if v[-1:].isdigit() and p[:1].isdigit() else "") + p[:1].upper() + p[1:]
    return "V" + v if v[0].isdigit() else v


def int_repr(lb, ub):
    for t, lo, hi in (("u8", 0, 255), ("i8", -128, 127), ("u16", 0, 65535), ("i16", -32768, 32767),
                      ("u32", 0, 2**32 - 1), ("i32", -2**31, 2**31 - 1), ("u64", 0, 2**64 - 1)):
        if lb is not None and ub is not None and lo <= lb and ub <= hi:
            return t
    return "i64"


def bits_for(lb, ub):
    return (ub - lb).bit_length()


class Gen:
    def __init__(self, modules):
        self.modules = modules
        self.types = {}  # asn name -> (module, node)
        for mname, m in modules.items():
            for tname, node in m["types"].items():
                self.types[tname] = (mname, node)
        classes = {}
        for m in modules.values():
            for cname, c in m["object-classes"].items():
                for mem in c["members"]:
                    classes[f"{cname}.{mem['name']}"] = mem["type"]
        # Class fields become what they stand for: `&id` its type, `&Type` an open type.
        def norm(node):
            if isinstance(node, dict):
                t = node.get("type")
                if isinstance(t, str) and ".&" in t:
                    node["type"] = "ANY" if classes.get(t) == "OpenType" else classes[t]
                for v in node.values():
                    norm(v)
            elif isinstance(node, list):
                for v in node:
                    norm(v)
        norm(modules)
        self.out = {m: [] for m in modules}
        self.extra = []  # (module, asn name, node) for inline types
        self.defined = []  # every ASN.1 type name given a Rust type, in order
        self.skips = []  # lines of generated/skip.rs

    # ---- constraints -------------------------------------------------------------------
    @staticmethod
    def int_range(node):
        """(lb, ub, extensible) of an INTEGER node; None bounds for MIN/MAX."""
        rt = node.get("restricted-to")
        if not rt:
            return None, None, False
        ext = None in rt
        rng = [r for r in rt if r is not None]
        if len(rng) != 1:
            raise SystemExit(f"unsupported integer constraint {rt}")
        r = rng[0]
        if isinstance(r, (list, tuple)):
            lb, ub = r
        else:
            lb = ub = r
        lb = None if lb == "MIN" else lb
        ub = None if ub == "MAX" else ub
        return lb, ub, ext

    @staticmethod
    def size(node):
        """Rust `Size` expression and (lb, ub, ext)."""
        sz = node.get("size")
        if not sz:
            return "Size::UNCONSTRAINED", (0, None, False)
        ext = None in sz
        rng = [r for r in sz if r is not None]
        if len(rng) != 1:
            raise SystemExit(f"unsupported size {sz}")
        r = rng[0]
        lb, ub = (r if isinstance(r, (list, tuple)) else (r, r))
        ub = None if ub == "MAX" else ub
        if ub is None:
            e = f"Size {{ lb: {lb}, ub: None, ext: false }}"
        elif lb == ub:
            e = f"Size::fixed({lb})"
        else:
            e = f"Size::range({lb}, {ub})"
        if ext:
            e += ".extensible()"
        return e, (lb, ub, ext)

    def fixed_octets(self, node):
        """The octet count of a fixed-size OCTET STRING (held as `[u8; N]`), else None."""
        if node["type"] != "OCTET STRING" or not node.get("size"):
            return None
        _, (lb, ub, ext) = self.size(node)
        return lb if lb == ub and not ext and lb <= 64 else None

    def resolve(self, node):
        """Follows type references to the defining node."""
        seen = 0
        while node["type"] in self.types and seen < 50:
            node = self.types[node["type"]][1]
            seen += 1
        return node

    def min_bits(self, node, depth=0):
        """A lower bound on the encoded size, to refuse lengths the input cannot hold."""
        if depth > 20:
            return 0
        t = node["type"]
        if t in self.types and t not in HAND_WRITTEN:
            return self.min_bits(self.types[t][1], depth + 1)
        if t == "INTEGER":
            lb, ub, ext = self.int_range(node)
            if lb is not None and ub is not None:
                return bits_for(lb, ub) + ext
            return 8
        if t == "BOOLEAN":
            return 1
        if t == "ENUMERATED":
            n = len([v for v in node["values"] if v is not None and v != "..."])
            return (n - 1).bit_length() + (None in node["values"])
        if t == "SEQUENCE":
            ms = node["members"]
            b = 1 if None in ms else 0
            for m in ms:
                if m is None or isinstance(m, list):
                    continue
                if m.get("optional") or "default" in m:
                    b += 1
                else:
                    b += self.min_bits(m, depth + 1)
            return b
        if t == "CHOICE":
            alts = [m for m in node["members"] if m is not None and not isinstance(m, list)]
            root = alts[: self.root_count(node["members"])]
            return (None in node["members"]) + (len(root) - 1).bit_length()
        if t in ("SEQUENCE OF", "BIT STRING", "OCTET STRING", "IA5String", "UTF8String"):
            # The length determinant, then at least `lb` units.
            # (A value outside an extensible root may be shorter: extension bit, length 0.)
            _, (lb, ub, ext) = self.size(node)
            head = (ub - lb).bit_length() if ub is not None and ub < 65536 else 8
            unit = {"BIT STRING": 1, "OCTET STRING": 8, "UTF8String": 8, "IA5String": 7}.get(t)
            if unit is None:
                unit = self.min_bits(node["element"], depth + 1)
            root = head + lb * unit
            return 1 + min(root, 8) if ext else root
        return 8 if t in HAND_WRITTEN else 0

    @staticmethod
    def root_count(members):
        n = 0
        for m in members:
            if m is None:
                break
            n += 1
        return n

    # ---- field type mapping ------------------------------------------------------------
    def rust_type(self, node, ctx):
        """Rust type of a member; defines inline compound types under the name `ctx`."""
        t = node["type"]
        if t in self.types:
            return type_name(t)
        if t == "INTEGER":
            lb, ub, _ = self.int_range(node)
            return int_repr(lb, ub)
        if t == "BOOLEAN":
            return "bool"
        if t == "NULL":
            return "()"
        if t == "BIT STRING":
            return "BitString"
        if t == "OCTET STRING":
            n = self.fixed_octets(node)
            return f"[u8; {n}]" if n is not None else "OctetString"
        if t in ("IA5String", "UTF8String", "VisibleString", "PrintableString", "NumericString"):
            return "String"
        if t == "ANY" or ".&Type" in t:
            return "OpenType"
        if ".&id" in t:
            return "u8"
        if t == "SEQUENCE OF":
            list_type = "SmallList" if node.get("small") else "Vec"
            return f"{list_type}<{self.rust_type(node['element'], ctx + 'Item')}>"
        if t in ("SEQUENCE", "CHOICE", "ENUMERATED"):
            self.extra.append((ctx, node))
            return type_name(ctx)
        raise SystemExit(f"unsupported type {t} in {ctx}")

    def default_expr(self, node, ctx):
        """Rust expression of the smallest valid value of `node` (its `Default`): integers
        at their lower bound, the first enumerated value or CHOICE alternative, absent
        OPTIONAL members, lists and strings of their minimum size."""
        t = node["type"]
        if t in self.types and "restricted-to" in node:
            lb = self.int_range(node)[0]
            return f"{type_name(t)}({lb or 0} as _)"
        if t in self.types:
            return "Default::default()"
        if t == "INTEGER":
            lb = self.int_range(node)[0]
            return f"{lb or 0}"
        if t == "BOOLEAN":
            return "false"
        if t == "NULL":
            return "()"
        lb = self.size(node)[1][0]
        if t == "BIT STRING":
            return f"BitString::zeros({lb})"
        if t == "OCTET STRING":
            n = self.fixed_octets(node)
            return f"[0; {n}]" if n is not None else f"OctetString(alloc::vec![0; {lb}])"
        if t in ("IA5String", "UTF8String", "VisibleString", "PrintableString", "NumericString"):
            return f'String::from("{" " * lb}")' if t != "NumericString" else f'String::from("{"0" * lb}")'
        if t == "ANY" or ".&Type" in t:
            return "OpenType::default()"
        if ".&id" in t:
            return "0"
        if t == "SEQUENCE OF":
            el = self.default_expr(node["element"], ctx + "Item")
            return "Vec::new()" if lb == 0 else f"core::iter::repeat_with(|| {el}).take({lb}).collect()"
        if t in ("SEQUENCE", "CHOICE", "ENUMERATED"):
            return f"{type_name(ctx)}::default()"
        raise SystemExit(f"no default for {t} in {ctx}")

    def blank_expr(self, node, ctx):
        """Rust expression of the value a new `node` is decoded into (`Decode::blank`): its
        `Default`, but with lists and strings empty, so that decoding into it allocates each
        once at its length (not its minimum size, then again when it grows)."""
        t = node["type"]
        if t in self.types and "restricted-to" not in node:
            return "Decode::blank()" if self.needs_alloc(node) else "Default::default()"
        if t == "SEQUENCE OF":
            return "SmallList::new()" if node.get("small") else "Vec::new()"
        if t in ("IA5String", "UTF8String", "VisibleString", "PrintableString", "NumericString"):
            return "String::new()"
        if t == "OCTET STRING" and self.fixed_octets(node) is None:
            return "OctetString(Vec::new())"
        if t in ("SEQUENCE", "CHOICE") and self.needs_alloc(node):
            return f"{type_name(ctx)}::blank()"
        return self.default_expr(node, ctx)

    @staticmethod
    def blank_fn(expr):
        """`Decode::blank` of a generated type, inside its `impl Decode`."""
        return f"\n    #[inline]\n    fn blank() -> Self {{\n        {expr}\n    }}\n"

    @staticmethod
    def default_impl(rn, expr, out):
        out.append(f"impl Default for {rn} {{\n    fn default() -> Self {{\n        {expr}\n    }}\n}}\n")

    def dec(self, node, ctx, path):
        """Rust expression decoding a value of `node` from `r`."""
        t = node["type"]
        if t in self.types and "restricted-to" in node:
            # A referenced INTEGER narrowed where it is used: `ITIScodes (523..541)`.
            inner = dict(self.resolve(node), **{"restricted-to": node["restricted-to"]})
            return f"{self.dec(inner, ctx, path)}.map(|v| {type_name(t)}(v as _))"
        if t in self.types:
            return f"{type_name(t)}::decode(r)"
        if t == "INTEGER":
            lb, ub, ext = self.int_range(node)
            ty = int_repr(lb, ub)
            if lb is not None and ub is not None and not ext:
                if lb >= 0:
                    return f"r.read_constrained_u64({lb}, {ub}).map(|v| v as {ty})"
                return f"r.read_constrained({lb}, {ub}).map(|v| v as {ty})"
            if lb is not None and ub is not None and ext:
                return (f"(|| -> Result<{ty}> {{ let at = r.position(); let v = if r.read_bool()? {{ r.read_unconstrained()? }} "
                        f"else {{ r.read_constrained({lb}, {ub})? }}; {ty}::try_from(v).map_err(|_| Error::new(ErrorKind::ValueOutOfRange, at)) }})()")
            if lb is not None:
                return f"r.read_semi_constrained({lb})"
            return "r.read_unconstrained()"
        if t == "BOOLEAN":
            return "r.read_bool()"
        if t == "NULL":
            return "Ok(())"
        if t == "BIT STRING":
            return f"BitString::decode_sized(r, {self.size(node)[0]})"
        if t == "OCTET STRING":
            if self.fixed_octets(node) is not None:
                return "r.read_octet_array()"
            return f"OctetString::decode_sized(r, {self.size(node)[0]})"
        if t in ("IA5String", "VisibleString"):
            return f"decode_ia5(r, {self.size(node)[0]})"
        if t == "UTF8String":
            return "decode_utf8(r)"
        if t == "ANY" or ".&Type" in t:
            return "OpenType::decode(r)"
        if t == "SEQUENCE OF":
            el = node["element"]
            ety = self.rust_type(el, ctx + "Item")
            if self.dec_into(node, ctx, "v"):
                mb = self.min_bits(el)
                small = "small_" if node.get("small") else ""
                return f"decode_{small}list(r, {self.size(node)[0]}, {max(mb, 1) if mb else 0})"
            return (f"(|| -> Result<Vec<{ety}>> {{ let mut v = Vec::new(); "
                    f"r.read_sized({self.size(node)[0]}, {max(self.min_bits(el), 1) if self.min_bits(el) else 0}, |r, n| {{ reserve(&mut v, n); for _ in 0..n {{ v.push({self.dec(el, ctx + 'Item', path)}?); }} Ok(()) }})?; Ok(v) }})()")
        if t in ("SEQUENCE", "CHOICE", "ENUMERATED"):
            return f"{type_name(ctx)}::decode(r)"
        raise SystemExit(f"cannot decode {t}")

    def dec_into(self, node, ctx, target):
        """Rust expression (a `Result<()>`) decoding a value of `node` into the place `target`,
        reusing its heap blocks; None where a new value is as cheap (no heap data)."""
        t = node["type"]
        if t in self.types and "restricted-to" not in node:
            return f"{target}.decode_into(r)" if self.needs_alloc(node) else None
        if t in ("SEQUENCE", "CHOICE"):
            return f"{target}.decode_into(r)" if self.needs_alloc(node) else None
        if t in ("IA5String", "VisibleString"):
            return f"decode_ia5_into(&mut {target}, r, {self.size(node)[0]})"
        if t == "SEQUENCE OF":
            el = node["element"]
            if el["type"] in self.types or el["type"] in ("SEQUENCE", "CHOICE", "ENUMERATED"):
                mb = self.min_bits(el)
                small = "small_" if node.get("small") else ""
                return f"decode_{small}list_into(&mut {target}, r, {self.size(node)[0]}, {max(mb, 1) if mb else 0})"
        return None

    def enc(self, node, ctx, v):
        """Rust expression encoding `v` (a reference) into `w`."""
        if v.startswith("&"):
            v = f"({v})"
        t = node["type"]
        if t in self.types and "restricted-to" in node:
            inner = dict(self.resolve(node), **{"restricted-to": node["restricted-to"]})
            return self.enc(inner, ctx, f"&{v}.0")
        if t in self.types:
            return f"{v}.encode(w)"
        if t == "INTEGER":
            lb, ub, ext = self.int_range(node)
            if lb is not None and ub is not None and not ext:
                if lb >= 0:
                    return f"w.write_constrained_u64(*{v} as u64, {lb}, {ub})"
                return f"w.write_constrained(*{v} as i64, {lb}, {ub})"
            if lb is not None and ub is not None and ext:
                return (f"{{ let x = *{v} as i64; let inr = ({lb}..={ub}).contains(&x); w.write_bool(!inr).and_then(|_| "
                        f"if inr {{ w.write_constrained(x, {lb}, {ub}) }} else {{ w.write_unconstrained(x) }}) }}")
            if lb is not None:
                return f"w.write_semi_constrained(*{v}, {lb})"
            return f"w.write_unconstrained(*{v})"
        if t == "BOOLEAN":
            return f"w.write_bool(*{v})"
        if t == "NULL":
            return "Ok(())"
        if t == "OCTET STRING" and self.fixed_octets(node) is not None:
            return f"w.write_octets(&{v}[..])"
        if t in ("BIT STRING", "OCTET STRING"):
            return f"{v}.encode_sized(w, {self.size(node)[0]})"
        if t in ("IA5String", "VisibleString"):
            return f"encode_ia5(w, {v}, {self.size(node)[0]})"
        if t == "UTF8String":
            return f"encode_utf8(w, {v})"
        if t == "ANY" or ".&Type" in t:
            return f"{v}.encode(w)"
        if t == "SEQUENCE OF":
            el = node["element"]
            if node.get("small"):
                # A SmallList: its slice taken once, not at each use (len, then each run).
                return (f"{{ let v = ({v}).as_slice(); {self.enc(dict(node, small=False), ctx, 'v')} }}")
            return (f"w.write_sized({self.size(node)[0]}, ({v}).len(), |w, s, n| {{ for x in ({v})[s..s + n].iter() {{ "
                    f"{self.enc(el, ctx + 'Item', 'x')}?; }} Ok(()) }})")
        if t in ("SEQUENCE", "CHOICE", "ENUMERATED"):
            return f"{v}.encode(w)"
        raise SystemExit(f"cannot encode {t}")

    def arb(self, node, ctx):
        """Rust expression building an arbitrary valid value of `node` from `u` (its type is
        inferred from where it goes): within every constraint, small, and re-encodable."""
        t = node["type"]
        if t in self.types and "restricted-to" in node:
            inner = dict(self.resolve(node), **{"restricted-to": node["restricted-to"]})
            return f"{type_name(t)}({self.arb(inner, ctx)})"
        if t in self.types or t in ("SEQUENCE", "CHOICE", "ENUMERATED", "BOOLEAN") or t == "ANY" or ".&Type" in t:
            return "u.arbitrary()?"
        if t == "INTEGER":
            lb, ub, ext = self.int_range(node)
            if lb is not None and ub is not None:
                if ext:  # mostly in the root; rarely any value of the Rust type
                    return f"if arb::rare(u)? {{ u.arbitrary()? }} else {{ u.int_in_range({lb}..={ub})? }}"
                return f"u.int_in_range({lb}..={ub})?"
            if lb is not None:
                return f"u.int_in_range({lb}..=i64::MAX)?"
            return "u.arbitrary()?"
        if t == "NULL":
            return "()"
        if t == "BIT STRING":
            return f"BitString::arbitrary_sized(u, {self.size(node)[0]})?"
        if t == "OCTET STRING":
            if self.fixed_octets(node) is not None:
                return "u.arbitrary()?"
            return f"OctetString::arbitrary_sized(u, {self.size(node)[0]})?"
        if t in ("IA5String", "VisibleString"):
            return f"arb::ia5(u, {self.size(node)[0]})?"
        if t == "UTF8String":
            return "arb::utf8(u)?"
        if t == "SEQUENCE OF":
            v = f"arb::vec(u, {self.size(node)[0]}, {self.arb_fn(node['element'], ctx + 'Item')})?"
            return f"SmallList::from({v})" if node.get("small") else v
        raise SystemExit(f"no arbitrary for {t}")

    def arb_fn(self, node, ctx):
        """A closure `|u| -> arbitrary::Result<T>` building a value of `node`."""
        e = self.arb(node, ctx)
        return f"|u| {e[:-1]}" if e.endswith("?") and not e.startswith("if ") else f"|u| Ok({e})"

    def arb_member(self, m, ctx):
        """The arbitrary value of a SEQUENCE member: optional ones present or absent."""
        if not (m.get("optional") or "default" in m):
            return self.arb(m, ctx)
        e = self.arb(m, ctx)
        return e if e == "u.arbitrary()?" else f"arb::opt(u, {self.arb_fn(m, ctx)})?"

    @staticmethod
    def arb_impl(rn, body, out):
        """`Arbitrary` for `rn`, behind the `arbitrary` feature; `body` returns `Self`."""
        out.append('#[cfg(feature = "arbitrary")]')
        out.append(f"impl<'a> Arbitrary<'a> for {rn} {{")
        out.append("    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {")
        out.extend("        " + line for line in body)
        out.append("    }\n}\n")

    # ---- runs of fixed-width members, read as one block ----------------------------------
    def fixed(self, node, depth=0, alt=False):
        """The width in bits of a value whose encoding always has that width and which the
        generated code can build from a [`Bits`] block, else None. With `alt` (a CHOICE's
        alternative, read with a fallback), also a BIT STRING of an extensible fixed size:
        its extension bit 0 and its bits, or its extension bit 1, a one-octet length up to
        64 and its bits (else the fallback)."""
        t = node["type"]
        if depth > 20 or t in HAND_WRITTEN:
            return None
        if t in self.types:
            return None if "restricted-to" in node else self.fixed(self.types[t][1], depth + 1, alt)
        if t == "INTEGER":
            lb, ub, ext = self.int_range(node)
            return bits_for(lb, ub) if lb is not None and ub is not None and not ext else None
        if t == "BOOLEAN":
            return 1
        if t == "ENUMERATED":
            vals = node["values"]
            return None if None in vals else (len(vals) - 1).bit_length()
        if t == "BIT STRING" and node.get("size"):
            _, (lb, ub, ext) = self.size(node)
            if alt and lb == ub and ext and lb < 64:
                return 1 + max(lb, 8 + 64)
            return lb if lb == ub and not ext and lb <= 64 else None
        if t == "OCTET STRING":
            n = self.fixed_octets(node)
            return 8 * n if n is not None and n <= 8 else None
        if t == "SEQUENCE":
            ms = node["members"]
            if None in ms or any(not isinstance(m, dict) or m.get("optional") or "default" in m for m in ms):
                return None
            widths = [self.fixed(m, depth + 1) for m in ms]
            return None if None in widths else sum(widths)
        return None

    def bounded(self, node, depth=0):
        """The largest width in bits of a value the generated code can build from a
        [`Bits`] block: the fixed-width values of `fixed`, and SEQUENCEs without extension
        marker of such values, OPTIONAL members included (their width then depends on their
        presence bits). None for others."""
        t = node["type"]
        if depth > 20 or t in HAND_WRITTEN:
            return None
        if t in self.types:
            return None if "restricted-to" in node else self.bounded(self.types[t][1], depth + 1)
        if t == "SEQUENCE":
            ms = node["members"]
            if None in ms or any(not isinstance(m, dict) for m in ms):
                return None
            widths = [self.bounded(m, depth + 1) for m in ms]
            opts = sum(1 for m in ms if m.get("optional") or "default" in m)
            return None if None in widths else opts + sum(widths)
        return self.fixed(node, depth)

    def choice_width(self, node, depth=0):
        """The largest width in bits of a CHOICE's extension bit, index and alternatives of
        a fixed width (see `fixed`), which a padded block reads (the others make it fall
        back to a field-by-field read); None if it has none, or for other types."""
        t = node["type"]
        if depth > 20 or t in HAND_WRITTEN:
            return None
        if t in self.types:
            return None if "restricted-to" in node else self.choice_width(self.types[t][1], depth + 1)
        if t != "CHOICE":
            return None
        ms = node["members"]
        root = ms[: self.root_count(ms)]
        widths = [w for w in (self.fixed(m, alt=True) for m in root) if w is not None]
        return (None in ms) + (len(root) - 1).bit_length() + max(widths) if widths else None

    def choice_arms(self, node, ctx, path, value, other):
        """A CHOICE read from the block `b` (see `choice_width`): `value(m, ctx, path)`
        for each alternative of a fixed width, `other` for the rest."""
        ms = node["members"]
        root = ms[: self.root_count(ms)]
        out = f"if b.take(1) != 0 {{ {other} }} " if None in ms else ""
        arms = [f"{i} => {value(m, ctx + type_name(m['name']), path + '.' + m['name'])}"
                for i, m in enumerate(root) if self.fixed(m, alt=True) is not None]
        return out + f"match b.take({(len(root) - 1).bit_length()}) {{ {', '.join(arms)}, _ => {other} }}"

    def from_bits(self, node, ctx, path):
        """Rust expression building a value of `node` (see `fixed`) from the block `b`;
        errors carry `path`, the field a field-by-field read would name."""
        t = node["type"]
        if t in self.types:
            target = self.types[t][1]
            if target["type"] in self.types:  # an alias: the same Rust type
                return self.from_bits(target, ctx, path)
            if target["type"] in ("SEQUENCE", "ENUMERATED", "CHOICE"):
                return self.from_bits(target, t, path)
            return f"{type_name(t)}({self.from_bits(target, t, path)})"
        if t == "INTEGER":
            lb, ub, _ = self.int_range(node)
            if lb == ub:
                return f"({lb} as {int_repr(lb, ub)})"
            call = f"b.constrained_u64({lb}, {ub})" if lb >= 0 else f"b.constrained({lb}, {ub})"
            return f"({call}.field(\"{path}\")? as {int_repr(lb, ub)})"
        if t == "BOOLEAN":
            return "(b.take(1) == 1)"
        if t == "ENUMERATED":
            rn = type_name(ctx)
            root = sorted(node["values"], key=lambda x: x[1])
            arms = [f"{i} => {rn}::{variant_name(vn)}" for i, (vn, _) in enumerate(root[:-1])]
            arms.append(f"_ => {rn}::{variant_name(root[-1][0])}")
            return f"match b.enumerated({len(root)}).field(\"{path}\")? {{ {', '.join(arms)} }}"
        if t == "BIT STRING":
            _, (n, _, ext) = self.size(node)
            value = f"BitString::from_u64(b.take({n}), {n})"
            # Extensible (a CHOICE's alternative, see `fixed`): the root form, or another
            # size up to 64 bits, else the fallback.
            return (f"if b.take(1) != 0 {{ let n = b.take(8); if n > 64 {{ {OTHER_ALTERNATIVE} }} "
                    f"BitString::from_u64(b.take(n as u32), n as usize) }} else {{ {value} }}") if ext else value
        if t == "OCTET STRING":
            return "b.octets()"
        if t == "SEQUENCE":
            ms = node["members"]
            opts = [m for m in ms if m.get("optional") or "default" in m]
            fields = []
            for m in ms:
                v = self.from_bits(m, ctx + type_name(m["name"]), ctx + "." + m["name"])
                if m in opts:
                    v = f"if p >> {len(opts) - 1 - opts.index(m)} & 1 == 1 {{ Some({v}) }} else {{ None }}"
                fields.append(f"{field_name(m['name'])}: {v}")
            value = f"{type_name(ctx)} {{ {', '.join(fields)} }}"
            # Its presence bits first (struct fields are evaluated in the order written).
            return f"{{ let p = b.take({len(opts)}); {value} }}" if opts else value
        if t == "CHOICE":  # only in a padded block (see `block_read`)
            rn = type_name(ctx)
            return "{ " + self.choice_arms(node, ctx, path, lambda m, c, p: f"{rn}::{variant_name(m['name'])}({self.from_bits(m, c, p)})",
                                           OTHER_ALTERNATIVE) + " }"
        raise SystemExit(f"no block read for {t}")

    def check_bits(self, node, ctx, path):
        """Rust statements reading past a value of `node` (see `fixed`/`bounded`) in the
        block `b`, with the checks and error paths of `from_bits` but building nothing."""
        t = node["type"]
        if t in self.types:
            target = self.types[t][1]
            if target["type"] in self.types or target["type"] not in ("SEQUENCE", "ENUMERATED", "CHOICE"):
                return self.check_bits(target, ctx, path)
            return self.check_bits(target, t, path)
        if t == "INTEGER":
            lb, ub, _ = self.int_range(node)
            if lb == ub:
                return ""
            call = f"b.constrained_u64({lb}, {ub})" if lb >= 0 else f"b.constrained({lb}, {ub})"
            return f"{call}.field(\"{path}\")?;"
        if t == "ENUMERATED":
            return f"b.enumerated({len(node['values'])}).field(\"{path}\")?;"
        if t == "BIT STRING" and self.size(node)[1][2]:  # see `from_bits`
            return (f"if b.take(1) != 0 {{ let n = b.take(8); if n > 64 {{ {OTHER_ALTERNATIVE} }} b.take(n as u32); }} "
                    f"else {{ b.take({self.size(node)[1][0]}); }}")
        if t in ("BOOLEAN", "BIT STRING", "OCTET STRING"):
            return f"b.take({self.fixed(node)});"
        if t == "SEQUENCE":
            ms = node["members"]
            opts = [m for m in ms if m.get("optional") or "default" in m]
            stmts = [f"let p = b.take({len(opts)});"] if opts else []
            for m in ms:
                c = self.check_bits(m, ctx + type_name(m["name"]), ctx + "." + m["name"])
                if m in opts:
                    c = f"if p >> {len(opts) - 1 - opts.index(m)} & 1 == 1 {{ {c} }}"
                stmts.append(c)
            return "{ " + " ".join(stmts) + " }"
        if t == "CHOICE":  # only in a padded block (see `block_read`)
            return "{ " + self.choice_arms(node, ctx, path, lambda m, c, p: "{ " + self.check_bits(m, c, p) + " }",
                                           OTHER_ALTERNATIVE) + " }"
        raise SystemExit(f"no block check for {t}")

    def to_bits(self, node, ctx, v, path):
        """Rust statements adding the value `v` (a place of the type of `node`, see `fixed`)
        to the output block `b`; errors carry `path`, as a field-by-field write would."""
        t = node["type"]
        if t in self.types:
            target = self.types[t][1]
            if target["type"] in self.types:
                return self.to_bits(target, ctx, v, path)
            if target["type"] in ("SEQUENCE", "ENUMERATED"):
                return self.to_bits(target, t, v, path)
            return self.to_bits(target, t, f"{v}.0", path)
        if t == "INTEGER":
            lb, ub, _ = self.int_range(node)
            if lb >= 0:
                return f"b.constrained_u64({v} as u64, {lb}, {ub}).field(\"{path}\")?;"
            return f"b.constrained({v} as i64, {lb}, {ub}).field(\"{path}\")?;"
        if t == "BOOLEAN":
            return f"b.put({v} as u64, 1);"
        if t == "ENUMERATED":
            rn = type_name(ctx)
            root = sorted(node["values"], key=lambda x: x[1])
            arms = ", ".join(f"{rn}::{variant_name(vn)} => {i}" for i, (vn, _) in enumerate(root))
            return f"b.put(match {v} {{ {arms} }}, {(len(root) - 1).bit_length()});"
        if t == "BIT STRING":
            return f"b.bit_string(&{v}, {self.size(node)[1][0]}).field(\"{path}\")?;"
        if t == "OCTET STRING":
            return f"b.octets(&{v});"
        if t == "SEQUENCE":
            ms = node["members"]
            opts = [m for m in ms if m.get("optional") or "default" in m]
            stmts = []
            if opts:
                p = " | ".join(f"({v}.{field_name(m['name'])}.is_some() as u64) << {len(opts) - 1 - i}"
                               for i, m in enumerate(opts))
                stmts.append(f"b.put({p}, {len(opts)});")
            for m in ms:
                fn, mctx, mpath = field_name(m["name"]), ctx + type_name(m["name"]), f"{ctx}.{m['name']}"
                if m in opts:
                    stmts.append(f"if let Some(x) = &{v}.{fn} {{ {self.to_bits(m, mctx, '(*x)', mpath)} }}")
                else:
                    stmts.append(self.to_bits(m, mctx, f"{v}.{fn}", mpath))
            return " ".join(stmts)
        raise SystemExit(f"no block write for {t}")

    def leaves(self, node, depth=0):
        """How many primitive reads a fixed-width value takes."""
        t = node["type"]
        if t in self.types and depth < 20:
            return self.leaves(self.types[t][1], depth + 1)
        if t == "SEQUENCE":
            return sum(self.leaves(m, depth + 1) for m in node["members"])
        return 1

    def runs(self, members, bounded=False, choices=False):
        """Splits root members into runs for block reads: lists of (member, width) of
        consecutive mandatory fixed-width members (with `bounded`, also OPTIONAL members and
        values of at most `width` bits, see `bounded`; with `choices`, also mandatory
        CHOICEs of alternatives of a fixed width, see `choice_width`), at most 128 bits
        each, and single members (width None) read as usual."""
        out, cur, bits = [], [], 0
        for m in members:
            if bounded:
                w = self.bounded(m)
            else:
                w = None if (m.get("optional") or "default" in m) else self.fixed(m)
            if w is None and choices and not (m.get("optional") or "default" in m):
                w = self.choice_width(m)
            if w is None or w > 128 or w == 0:
                if cur:
                    out.append(cur)
                cur, bits = [], 0
                out.append([(m, None)])
                continue
            if bits + w > 128:
                out.append(cur)
                cur, bits = [], 0
            cur.append((m, w))
            bits += w
        if cur:
            out.append(cur)
        return out

    # ---- top-level definitions ---------------------------------------------------------
    def define(self, name, node, out):
        self.defined.append(name)
        t = node["type"]
        if name in SMALL_LISTS:
            assert t == "SEQUENCE OF", name
            node = dict(node, small=True)
        asn = f"`{name}`"
        derive_copy = "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]"
        serde = '#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]'
        rn = type_name(name)
        if t in self.types:  # alias
            if any(k in node for k in ("restricted-to", "size")):
                raise SystemExit(f"constrained alias {name}")
            out.append(f"/// {asn}: the same as `{node['type']}`.\npub type {rn} = {type_name(node['type'])};\n")
            return
        if t == "INTEGER":
            lb, ub, ext = self.int_range(node)
            ty = int_repr(lb, ub)
            rng = f"{lb}..={ub}" + (", extensible" if ext else "")
            out.append(f"/// {asn} `INTEGER ({lb}..{ub}{', ...' if ext else ''})`.")
            out.append(derive_copy)
            out.append(serde)
            out.append('#[cfg_attr(feature = "serde", serde(transparent))]')
            out.append(f"pub struct {rn}(pub {ty});\n")
            out.append(f"impl {rn} {{")
            if lb is not None:
                out.append(f"    /// The lower bound.\n    pub const MIN: {rn} = {rn}({lb});")
            if ub is not None:
                out.append(f"    /// The upper bound.\n    pub const MAX: {rn} = {rn}({ub});")
            for nn, nv in node.get("named-numbers", {}).items() if isinstance(node.get("named-numbers"), dict) else []:
                out.append(f"    /// `{nn}`.\n    pub const {field_name(nn).upper()}: {rn} = {rn}({nv});")
            out.append("}\n")
            self.default_impl(rn, f"{rn}({lb or 0})", out)
            out.append(f"impl Decode for {rn} {{\n    #[inline]\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{\n"
                       f"        {self.dec(node, name, name)}.map({rn})\n    }}\n}}\n")
            out.append(f"impl Encode for {rn} {{\n    #[inline]\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{\n"
                       f"        {self.enc(node, name, '&self.0')}\n    }}\n}}\n")
            self.arb_impl(rn, [f"Ok({rn}({self.arb(node, name)}))"], out)
            _ = rng
            return
        if t == "ENUMERATED":
            vals = node["values"]
            ext = None in vals
            root = [v for v in vals[: self.root_count(vals)]]
            adds = [v for v in vals[self.root_count(vals) + 1:] if v is not None]
            root_sorted = sorted(root, key=lambda x: x[1])
            out.append(f"/// {asn}: ENUMERATED{' (extensible)' if ext else ''}.")
            out.append(derive_copy)
            out.append(serde)
            out.append(f"pub enum {rn} {{")
            for (vn, vv) in root_sorted + adds:
                out.append(f"    /// `{vn}` ({vv})")
                out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{vn}"))]')
                out.append(f"    {variant_name(vn)},")
            if ext:
                out.append("    /// An extension value this edition does not know: its index among the additions.")
                out.append('    #[cfg_attr(feature = "serde", serde(rename = "$ext"))]')
                out.append("    Unrecognized(u64),")
            out.append("}\n")
            n = len(root_sorted)
            out.append(f"impl {rn} {{")
            out.append("    /// The root values in the order of their encoding: value `i` is encoded as `i`.")
            out.append(f"    pub const ROOT: [{rn}; {n}] = [{', '.join(f'{rn}::{variant_name(vn)}' for vn, _ in root_sorted)}];")
            out.append("    /// The ASN.1 identifier of the value (`\"?\"` for an unrecognized extension value).")
            out.append("    pub const fn name(self) -> &'static str {")
            out.append("        match self {")
            for (vn, _) in root_sorted + adds:
                out.append(f"            {rn}::{variant_name(vn)} => \"{vn}\",")
            if ext:
                out.append(f"            {rn}::Unrecognized(_) => \"?\",")
            out.append("        }\n    }\n}\n")
            self.default_impl(rn, f"{rn}::{variant_name(root_sorted[0][0])}", out)
            out.append(f"impl Decode for {rn} {{\n    #[inline]\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{")
            body = []
            if ext:
                body.append("if r.read_bool()? {")
                body.append("    return Ok(match r.read_normally_small()? {")
                for i, (vn, _) in enumerate(adds):
                    body.append(f"        {i} => {rn}::{variant_name(vn)},")
                body.append(f"        i => {rn}::Unrecognized(i),")
                body.append("    });")
                body.append("}")
            body.append("let at = r.position();")
            body.append(f"Ok(match r.read_bits({(n - 1).bit_length()})? {{")
            for i, (vn, _) in enumerate(root_sorted):
                body.append(f"    {i} => {rn}::{variant_name(vn)},")
            body.append("    _ => return Err(Error::new(ErrorKind::InvalidEnumerated, at)),")
            body.append("})")
            out.append(f"        (|| -> Result<Self> {{ {' '.join(body)} }})()\n    }}\n}}\n")
            out.append(f"impl Encode for {rn} {{\n    #[inline]\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{")
            out.append("        let (ext, i) = match self {")
            for i, (vn, _) in enumerate(root_sorted):
                out.append(f"            {rn}::{variant_name(vn)} => (false, {i}),")
            for i, (vn, _) in enumerate(adds):
                out.append(f"            {rn}::{variant_name(vn)} => (true, {i}),")
            if ext:
                out.append(f"            {rn}::Unrecognized(i) => (true, *i),")
            out.append("        };")
            if ext:
                out.append("        w.write_bool(ext)?;")
                out.append(f"        if ext {{ w.write_normally_small(i) }} else {{ w.write_bits(i, {(n - 1).bit_length()}) }}")
            else:
                out.append("        let _ = ext;")
                out.append(f"        w.write_bits(i, {(n - 1).bit_length()})")
            out.append("    }\n}\n")
            body = []
            if ext:
                body.append(f"if arb::rare(u)? {{ return Ok({rn}::Unrecognized(u.int_in_range({len(adds)}..={len(adds) + 3})?)); }}")
            values = ", ".join(f"{rn}::{variant_name(vn)}" for vn, _ in root_sorted + adds)
            body.append(f"Ok(*u.choose(&[{values}])?)")
            self.arb_impl(rn, body, out)
            return
        if t == "BIT STRING" or t == "OCTET STRING" or t in ("IA5String", "UTF8String", "SEQUENCE OF", "BOOLEAN"):
            ty = self.rust_type(node, name + ("Item" if t == "SEQUENCE OF" else ""))
            size_e, (slb, sub, sext) = self.size(node)
            desc = t + ("" if not node.get("size") else f" SIZE({slb}{'..' + str(sub) if sub != slb else ''}{', ...' if sext else ''})")
            out.append(f"/// {asn}: {desc}.")
            fixed = self.fixed_octets(node) is not None
            out.append(derive_copy if fixed else "#[derive(Clone, Debug, PartialEq)]")
            out.append(serde)
            out.append('#[cfg_attr(feature = "serde", serde(transparent))]')
            # A fixed-size OCTET STRING is an array, in JSON the same hex as any other.
            with_hex = '#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] ' if fixed else ""
            out.append(f"pub struct {rn}({with_hex}pub {ty});\n")
            if t == "BIT STRING" and node.get("named-bits"):
                out.append(f"impl {rn} {{")
                for bn, bi in node["named-bits"]:
                    out.append(f"    /// Named bit `{bn}`.\n    pub const {field_name(bn).upper()}: usize = {bi};")
                out.append("}\n")
            self.default_impl(rn, f"{rn}({self.default_expr(node, name + ('Item' if t == 'SEQUENCE OF' else ''))})", out)
            place = self.dec_into(node, name, "self.0")
            into = f"\n    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {{\n        {place}\n    }}\n" if place else ""
            blank = self.blank_fn(f"{rn}({self.blank_expr(node, name + ('Item' if t == 'SEQUENCE OF' else ''))})") if self.needs_alloc(node) else ""
            out.append(f"impl Decode for {rn} {{\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{\n"
                       f"        {self.dec(node, name, name)}.map({rn})\n    }}\n{into}{blank}}}\n")
            out.append(f"impl Encode for {rn} {{\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{\n"
                       f"        {self.enc(node, name, '&self.0')}\n    }}\n}}\n")
            self.arb_impl(rn, [f"Ok({rn}({self.arb(node, name)}))"], out)
            return
        if t == "SEQUENCE":
            self.define_sequence(name, node, out)
            return
        if t == "CHOICE":
            self.define_choice(name, node, out)
            return
        raise SystemExit(f"unsupported definition {name}: {t}")

    def derives(self, node):
        """Plain values (no heap data) are `Copy`, like the integers and enumerations in them."""
        if self.needs_alloc(node):
            return "#[derive(Clone, Debug, PartialEq)]"
        return "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]"

    def is_group(self, members, g):
        """Whether the addition `g` (a list of members) was written as a group `[[ ]]`."""
        return any(isinstance(a, list) and a == g for a in members[self.root_count(members) + 1:])

    def define_sequence(self, name, node, out):
        """A SEQUENCE: a struct with its fields in order (members in BOXED held in a Box)."""
        rn = type_name(name)
        ms = node["members"]
        ext = None in ms
        root = [m for m in ms[: self.root_count(ms)]]
        # Known extension additions: each is one member or an extension group `[[ ... ]]`
        # (a list); their members become optional fields after the root ones.
        adds = [a if isinstance(a, list) else [a] for a in ms[self.root_count(ms) + 1:] if a is not None] if ext else []
        add_members = [m for g in adds for m in g]
        opts = [m for m in root if m.get("optional") or "default" in m]
        out.append(f"/// {'`' + name + '`'}: SEQUENCE{' (extensible)' if ext else ''}.")
        out.append(self.derives(node))
        out.append('#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]')
        out.append(f"pub struct {rn} {{")
        for m in root + add_members:
            fty = self.rust_type(m, name + type_name(m["name"]))
            if (name, m["name"]) in BOXED:
                fty = f"Box<{fty}>"
            opt = m.get("optional") or "default" in m or m in add_members
            kind = " (extension addition)" if m in add_members else " (optional)" if opt else ""
            out.append(f"    /// `{m['name']}`{kind}")
            if opt:
                out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{m["name"]}", default, skip_serializing_if = "Option::is_none"))]')
                out.append(f"    pub {field_name(m['name'])}: Option<{fty}>,")
            else:
                out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{m["name"]}"))]')
                out.append(f"    pub {field_name(m['name'])}: {fty},")
        if ext:
            out.append("    /// Extension bit and additions this edition does not know (kept for re-encoding).")
            out.append('    #[cfg_attr(feature = "serde", serde(rename = "$ext", default, skip_serializing_if = "Option::is_none"))]')
            out.append("    pub ext: Option<Extensions>,")
        out.append("}\n")
        def value(expr):
            """The struct with its OPTIONAL members absent and the others `expr(member)`."""
            fields = []
            for m in root + add_members:
                fn = field_name(m["name"])
                if m.get("optional") or "default" in m or m in add_members:
                    fields.append(f"{fn}: None")
                    continue
                d = expr(m, name + type_name(m["name"]))
                fields.append(f"{fn}: Box::new({d})" if (name, m["name"]) in BOXED else f"{fn}: {d}")
            if ext:
                fields.append("ext: None")
            return f"{rn} {{ {', '.join(fields)} }}"

        self.default_impl(rn, value(self.default_expr), out)
        # Plain values (no heap data) are small: their decoders inline into the callers.
        # Values with heap data are decoded in place, a new one into its blank (`Default`
        # with empty lists and strings: built where it stays, not built and then moved, and
        # each list allocated once at its length).
        if self.needs_alloc(node):
            out.append(f"impl Decode for {rn} {{\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{")
            out.append("        let mut v = Self::blank();\n        v.decode_into(r)?;\n        Ok(v)\n    }")
            out.append(self.blank_fn(value(self.blank_expr)))
        else:
            out.append(f"impl Decode for {rn} {{\n    #[inline]\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{")
            out += self.seq_decode(name, node, False)
            out.append("    }")
        if self.needs_alloc(node):
            out.append("\n    #[inline(always)]\n    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {")
            out += self.seq_decode(name, node, True)
            out.append("    }")
        out.append("}\n")
        # encode
        out.append(f"impl Encode for {rn} {{\n    #[inline]\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{")
        # The preamble (extension bit, presence bits) in one write.
        pre = []
        if ext and adds:
            present = ", ".join(" || ".join(f"self.{field_name(m['name'])}.is_some()" for m in g) for g in adds)
            out.append(f"        let known = [{present}];")
            pre.append("(self.ext.is_some() || known.contains(&true))")
        elif ext:
            pre.append("self.ext.is_some()")
        pre += [f"self.{field_name(m['name'])}.is_some()" for m in opts]
        bits = " | ".join(f"({p} as u64) << {len(pre) - 1 - i}" for i, p in enumerate(pre))
        # The runs of `seq_decode`, written as blocks; the preamble goes into the first one
        # when it starts the SEQUENCE.
        fuse, runs = self.seq_runs(name, root, opts, len(pre))
        if pre and not fuse:
            out.append(f"        w.write_bits({bits}, {len(pre)}).field(\"{name}\")?;")
        for run, fused, blk in runs:
            if blk:
                # Gathered and written as one block (a full buffer is reported at the block's
                # first member, or at the SEQUENCE when the block starts with the preamble).
                stmts = [f"b.put({bits}, {len(pre)});"] if fused else []
                for m, _ in run:
                    fn = field_name(m["name"])
                    ctx, path = name + type_name(m["name"]), f"{name}.{m['name']}"
                    if m in opts:
                        stmts.append(f"if let Some(v) = &self.{fn} {{ {self.to_bits(m, ctx, '(*v)', path)} }}")
                    else:
                        stmts.append(self.to_bits(m, ctx, f"self.{fn}", path))
                label = name if fused else f"{name}.{run[0][0]['name']}"
                out.append(f"        {{ let mut b = w.block_out(); {' '.join(stmts)} w.write_block(b).field(\"{label}\")?; }}")
                continue
            for m, _ in run:
                fn = field_name(m["name"])
                path = f"{name}.{m['name']}"
                if m in opts:
                    out.append(f"        if let Some(v) = &self.{fn} {{ {self.enc(m, name + type_name(m['name']), 'v')}.field(\"{path}\")?; }}")
                else:
                    out.append(f"        {self.enc(m, name + type_name(m['name']), '&self.' + fn)}.field(\"{path}\")?;")
        if ext and adds:
            out.append("        if self.ext.is_some() || known.contains(&true) {")
            out.append("            let none = Extensions::default();")
            out.append("            self.ext.as_ref().unwrap_or(&none).encode_with(w, &known, |i, w| { match i {")
            for k, g in enumerate(adds):
                body = []
                if self.is_group(ms, g):
                    gopts = [m for m in g if m.get("optional") or "default" in m]
                    if gopts:
                        bits = " | ".join(f"(self.{field_name(m['name'])}.is_some() as u64) << {len(gopts) - 1 - i}" for i, m in enumerate(gopts))
                        body.append(f"w.write_bits({bits}, {len(gopts)})?;")
                    for m in g:
                        path = f"{name}.{m['name']}"
                        fn = field_name(m["name"])
                        enc = self.enc(m, name + type_name(m["name"]), "v")
                        if m in gopts:
                            body.append(f"if let Some(v) = &self.{fn} {{ {enc}.field(\"{path}\")?; }}")
                        else:
                            body.append(f"match &self.{fn} {{ Some(v) => {enc}.field(\"{path}\")?, None => return Err(w.error(ErrorKind::Unencodable).in_field(\"{path}\")) }}")
                else:
                    m = g[0]
                    path = f"{name}.{m['name']}"
                    body.append(f"if let Some(v) = &self.{field_name(m['name'])} {{ {self.enc(m, name + type_name(m['name']), 'v')}.field(\"{path}\")?; }}")
                out.append(f"                {k} => {{ {' '.join(body)} }}")
            out.append("                _ => {}")
            out.append(f"            }} Ok(()) }}).field(\"{name}....\")?;")
            out.append("        }")
        elif ext:
            out.append(f"        if let Some(e) = &self.ext {{ e.encode_unknown(w).field(\"{name}....\")?; }}")
        out.append("        Ok(())\n    }\n}\n")
        body = [f"Ok({rn} {{"]
        for m in root:
            body.append(f"    {field_name(m['name'])}: {self.arb_member(m, name + type_name(m['name']))},")
        if adds:
            # Each addition (a group: all its members) is there or not; within a group, its own
            # OPTIONAL members vary.
            body.insert(0, "let adds = [" + ", ".join("u.arbitrary::<bool>()?" for _ in adds) + "];")
            for k, g in enumerate(adds):
                for m in g:
                    inner = self.arb_member(m, name + type_name(m["name"]))
                    val = inner if (m.get("optional") or "default" in m) else f"Some({inner})"
                    body.append(f"    {field_name(m['name'])}: if adds[{k}] {{ {val} }} else {{ None }},")
        if ext:
            # Unknown additions come after the known ones.
            body.append(f"    ext: arb::ext(u)?.map(|mut e| {{ e.slots.splice(0..0, core::iter::repeat_n(None, {len(adds)})); e }}),"
                        if adds else "    ext: arb::ext(u)?,")
        body.append("})")
        self.arb_impl(rn, body, out)

    @staticmethod
    def preamble(ext, opts, later=None):
        """The extension bit and presence bits out of `pre`, the preamble's bits (the
        presence bits only if OPTIONAL members are `later` read, all by default)."""
        out = []
        if ext:
            out.append(f"        let ext = pre >> {len(opts)} & 1 == 1;")
        if opts if later is None else later:
            out.append("        let opt = pre;")
        return out

    def seq_runs(self, name, root, opts, npre, padded=False):
        """How a SEQUENCE's root members are read, shared by its decoder, encoder and
        skip: whether the preamble is fused into the first block, and per run (run, fused,
        block), block being (width, exact width) for a run read as one block, None for
        members read one by one. A CHOICE joins a block only when it is `padded` (read
        with a fallback for its other alternatives, see `block_read`)."""
        runs = self.runs(root, bounded=name in OPTIONAL_IN_BLOCKS, choices=padded and name in CHOICES_IN_BLOCKS)
        fixed_run = (lambda run: run[0][1] is not None)
        fuse = (npre > 0 and runs and root and runs[0][0][0] is root[0] and fixed_run(runs[0])
                and npre + sum(w for _, w in runs[0]) <= 128)
        out = []
        for k, run in enumerate(runs):
            pre = fuse and k == 0
            if fixed_run(run) and (pre or sum(self.leaves(m) for m, _ in run) >= 2):
                width = npre * pre + sum(w for _, w in run)
                exact = all(m not in opts and self.fixed(m) == w for m, w in run)
                out.append((run, pre, (width, exact)))
            else:
                out.append((run, False, None))
        return fuse, out

    @staticmethod
    def block_read(name, run, pre, blk, npre, opts, member, padded=False):
        """The lines reading the run `run` as one block (with the preamble if `pre`):
        `member(m, present)` gives a member's statements (from the block `b`, and field by
        field for when fewer bits than the block's width remain), `present` being the
        Rust condition of its presence bit for an OPTIONAL member, else None.

        With `padded`, a block whose width depends on its presence bits (near the end of
        the input, the width it is read with may reach past it where what it holds does
        not) is read there too, zero-padded: if what it held ends within the input and
        passed its checks, it is taken as read; else (an error, or bits past the end) it
        is read again field by field, for the error a field-by-field read gives. (Not for
        a new value's `let` bindings, which the field-by-field read would assign twice.)"""
        width, exact = blk
        padded = padded and not exact
        bits = "pre" if pre else "opt"  # the presence bits, fused into this block or read
        fast, slow = [], []
        if pre:
            fast.append(f"{'let ' if padded else ''}pre = b.take({npre});")
            slow.append(f"pre = r.read_bits({npre}).field(\"{name}\")?;")
        for m, _ in run:
            present = f"{bits} >> {len(opts) - 1 - opts.index(m)} & 1 == 1" if m in opts else None
            f, sl = member(m, present)
            fast.append(f)
            slow.append(sl)
        if padded:
            # In a labeled block, not a closure (which the compiler may leave out of line):
            # the fallible reads break out of it with their error.
            fast = [re.sub(r'(b\.(?:constrained_u64|constrained|enumerated)\([^)]*\)\.field\("[^"]*"\))\?',
                           r"match \1 { Ok(v) => v, Err(e) => break 'fast Err(e) }", x) for x in fast]
            if any("?" in x for x in fast):  # a fallible read `from_bits` learned since
                raise SystemExit(f"{name}: a `?` left in a padded block: {fast}")
            return [f"let mut b = r.peek_upto({width});",
                    f"let fast: Result<u64> = 'fast: {{ {' '.join(fast)} Ok({'pre' if pre else '0'}) }};",
                    "match fast {",
                    f"    Ok({'p' if pre else '_'}) if r.holds(&b) => {{ {'pre = p; ' if pre else ''}r.advance_past(&b); }}",
                    f"    _ => {{ {' '.join(slow)} }}",
                    "}"]
        if not exact:
            fast.append("r.advance_past(&b);")
        return [f"match r.{'block' if exact else 'peek_block'}({width}) {{",
                f"    Some(mut b) => {{ {' '.join(fast)} }}",
                f"    None => {{ {' '.join(slow)} }}",
                "}"]

    def seq_decode(self, name, node, into):
        """Body of a SEQUENCE's `decode` (a new value) or, with `into`, `decode_into` (each
        field decoded into its place, reusing its heap blocks)."""
        rn = type_name(name)
        ms = node["members"]
        ext = None in ms
        root = [m for m in ms[: self.root_count(ms)]]
        adds = [a if isinstance(a, list) else [a] for a in ms[self.root_count(ms) + 1:] if a is not None] if ext else []
        add_members = [m for g in adds for m in g]
        opts = [m for m in root if m.get("optional") or "default" in m]
        out = []
        # `let x = v;` for a new value, `self.x = v;` in place
        bind = (lambda fn: f"self.{fn} =") if into else (lambda fn: f"let {fn} =")
        # The preamble: the extension bit and the presence bits of the OPTIONAL members, in
        # one read (or in the block of the fixed-width members that follow it).
        npre = (1 if ext else 0) + len(opts)
        fuse, runs = self.seq_runs(name, root, opts, npre, padded=into)
        if npre and not fuse:
            out.append(f"        let pre = r.read_bits({npre}).field(\"{name}\")?;")
            out += self.preamble(ext, opts)
        lines = []
        for run, pre, blk in runs:
            if blk:
                # Members of at most `width` bits in all: one bounds check and load for the
                # run, then each taken from the block (OPTIONAL ones when their presence bit
                # is set); near the end of the input, field by field (the same values and
                # errors either way).
                names = [field_name(m["name"]) for m, _ in run]
                if pre:
                    out.append("        let pre;")

                def member(m, present):
                    fn = field_name(m["name"])
                    path = f"{name}.{m['name']}"
                    ctx = name + type_name(m["name"])
                    f, sl = self.from_bits(m, ctx, path), f"{self.dec(m, ctx, path)}.field(\"{path}\")?"
                    if present:
                        f, sl = (f"if {present} {{ Some({x}) }} else {{ None }}" for x in (f, sl))
                    target = f"self.{fn}" if into else fn
                    if not into:
                        out.append(f"        let {fn};")
                    return f"{target} = {f};", f"{target} = {sl};"
                out += ["        " + x for x in self.block_read(name, run, pre, blk, npre, opts, member, padded=into)]
                lines += names
                if pre:
                    out += self.preamble(ext, opts, [m for m in opts if m not in [x for x, _ in run]])
                continue
            for m, _ in run:
                fn = field_name(m["name"])
                path = f"{name}.{m['name']}"
                ctx = name + type_name(m["name"])
                boxed = (name, m["name"]) in BOXED
                d = f"{self.dec(m, ctx, path)}{'.map(Box::new)' if boxed else ''}.field(\"{path}\")?"
                lines.append(fn)
                if m in opts:
                    bit = len(opts) - 1 - opts.index(m)
                    present = f"opt >> {bit} & 1 == 1"
                    if into and (boxed or self.dec_into(m, ctx, "x") == "x.decode_into(r)"):
                        out.append(f"        decode_opt_into(&mut self.{fn}, {present}, r).field(\"{path}\")?;")
                        continue
                    place = into and self.dec_into(m, ctx, "(*v)")
                    if place:
                        out.append(f"        if {present} {{ decode_opt_with(&mut self.{fn}, r, |v, r| {place}).field(\"{path}\")?; }} "
                                   f"else {{ clear(&mut self.{fn}); }}")
                        continue
                    out.append(f"        {bind(fn)} if {present} {{ Some({d}) }} else {{ None }};")
                else:
                    place = into and self.dec_into(m, ctx, f"self.{fn}")
                    if place:
                        out.append(f"        {place}.field(\"{path}\")?;")
                        continue
                    out.append(f"        {bind(fn)} {d};")
        if ext and adds:
            for m in add_members:
                out.append(f"        let mut {field_name(m['name'])} = None;")
            out.append("        let ext = if ext {")
            out.append(f"            Some(Extensions::decode_with(r, {len(adds)}, |i, r| {{ match i {{")
            for k, g in enumerate(adds):
                body = []
                if self.is_group(ms, g):
                    gopts = [m for m in g if m.get("optional") or "default" in m]
                    if gopts:
                        body.append(f"let gopt = r.read_bits({len(gopts)})?;")
                    for m in g:
                        path = f"{name}.{m['name']}"
                        d = f"{self.dec(m, name + type_name(m['name']), path)}.field(\"{path}\")?"
                        if m in gopts:
                            bit = len(gopts) - 1 - gopts.index(m)
                            body.append(f"if gopt >> {bit} & 1 == 1 {{ {field_name(m['name'])} = Some({d}); }}")
                        else:
                            body.append(f"{field_name(m['name'])} = Some({d});")
                else:
                    m = g[0]
                    path = f"{name}.{m['name']}"
                    body.append(f"{field_name(m['name'])} = Some({self.dec(m, name + type_name(m['name']), path)}.field(\"{path}\")?);")
                out.append(f"                {k} => {{ {' '.join(body)} }}")
            out.append("                _ => {}")
            out.append(f"            }} Ok(()) }}).field(\"{name}....\")?)")
            out.append("        } else { None };")
            # Keep the additions' bitmap only when the known fields would not give it back.
            present = ", ".join(" || ".join(f"{field_name(m['name'])}.is_some()" for m in g) for g in adds)
            out.append(f"        {bind('ext')} ext.filter(|x_| !x_.is_implied_by(&[{present}]));")
            if into:
                out += [f"        self.{field_name(m['name'])} = {field_name(m['name'])};" for m in add_members]
            lines += [field_name(m["name"]) for m in add_members]
            lines.append("ext")
        elif ext:
            some = f"Some(Extensions::decode_unknown(r).field(\"{name}....\")?)"
            out.append(f"        if ext {{ self.ext = {some}; }} else {{ clear(&mut self.ext); }}" if into else
                       f"        let ext = if ext {{ {some} }} else {{ None }};")
            lines.append("ext")
        out.append("        Ok(())" if into else f"        Ok({rn} {{ {', '.join(lines)} }})")
        return out

    def define_choice(self, name, node, out):
        rn = type_name(name)
        ms = node["members"]
        ext = None in ms
        nroot = self.root_count(ms)
        root = ms[:nroot]
        adds = [m for m in ms[nroot + 1:] if m is not None] if ext else []
        if any(isinstance(a, list) for a in adds):
            raise SystemExit(f"extension group in CHOICE {name}")
        out.append(f"/// `{name}`: CHOICE{' (extensible)' if ext else ''}.")
        out.append(self.derives(node))
        out.append('#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]')
        out.append(f"pub enum {rn} {{")
        for m in root + adds:
            fty = self.rust_type(m, name + type_name(m["name"]))
            out.append(f"    /// `{m['name']}`")
            out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{m["name"]}"))]')
            out.append(f"    {variant_name(m['name'])}({fty}),")
        if ext:
            out.append("    /// An alternative added after this edition, kept as sent.")
            out.append('    #[cfg_attr(feature = "serde", serde(rename = "$ext"))]')
            out.append("    Unknown(UnknownAlternative),")
        out.append("}\n")
        self.default_impl(rn, f"{rn}::{variant_name(root[0]['name'])}({self.default_expr(root[0], name + type_name(root[0]['name']))})", out)
        block = self.choice_block(name, node, lambda m, ctx, path: f"{rn}::{variant_name(m['name'])}({self.from_bits(m, ctx, path)})")
        fast = "        if let Some(v) = Self::decode_block(r) { return Ok(v); }"
        if block:
            out.append(f"impl {rn} {{")
            out.append("    /// An alternative of a fixed width read with its index in one block; `None`, having")
            out.append("    /// read nothing, for the others, a value out of range or the end of the input (then")
            out.append("    /// read field by field, for the same values and errors).")
            out.append("    #[inline(always)]")
            out.append("    fn decode_block(r: &mut BitReader<'_>) -> Option<Self> {")
            out += ["        " + x for x in block]
            out.append("    }\n}\n")
        out.append(f"impl Decode for {rn} {{\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{")
        if block:
            out.append(fast)
        if ext:
            out.append(f"        if r.read_bool().field(\"{name}\")? {{")
            out.append(f"            let index = r.read_normally_small().field(\"{name}\")?;")
            out.append("            return match index {")
            for i, m in enumerate(adds):
                # The addition's content is an open type: decoded from its own reader.
                null = m["type"] == "NULL"
                dec = ("Ok::<(), Error>(())" if null else
                       f"{{ let r = &mut sub; {self.dec(m, name + type_name(m['name']), name)} }}")
                out.append(f"                {i} => {{ let {'' if null else 'mut '}sub = r.read_open().field(\"{name}\")?; let s = sub.position(); "
                           f"let v = {dec}.field(\"{name}.{m['name']}\")?; "
                           f"sub.check_open_end(s).field(\"{name}.{m['name']}\")?; Ok({rn}::{variant_name(m['name'])}(v)) }}")
            out.append(f"                _ => Ok({rn}::Unknown(UnknownAlternative {{ index, content: OpenType::decode(r).field(\"{name}\")?.0 }})),")
            out.append("            };")
            out.append("        }")
        out.append("        let at = r.position();")
        out.append(f"        match r.read_bits({(nroot - 1).bit_length()}).field(\"{name}\")? {{")
        for i, m in enumerate(root):
            path = f"{name}.{m['name']}"
            out.append(f"            {i} => Ok({rn}::{variant_name(m['name'])}({self.dec(m, name + type_name(m['name']), path)}.field(\"{path}\")?)),")
        out.append(f"            _ => Err(Error::new(ErrorKind::InvalidChoice, at).in_field(\"{name}\")),")
        out.append("        }\n    }")
        # In place: into the alternative `self` holds when the same one arrives.
        places = [self.dec_into(m, name + type_name(m["name"]), "(*v)") for m in root]
        if self.needs_alloc(node) and any(places):
            out.append("\n    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {")
            if block:
                out.append("        if let Some(v) = Self::decode_block(r) { *self = v; return Ok(()); }")
            if ext:
                # An extension alternative (rare): decoded anew, from the start.
                out.append("        let start = r.clone();")
                out.append(f"        if r.read_bool().field(\"{name}\")? {{ *r = start; *self = Self::decode(r)?; return Ok(()); }}")
            out.append("        let at = r.position();")
            out.append(f"        match r.read_bits({(nroot - 1).bit_length()}).field(\"{name}\")? {{")
            for i, (m, place) in enumerate(zip(root, places)):
                path = f"{name}.{m['name']}"
                new = f"*self = {rn}::{variant_name(m['name'])}({self.dec(m, name + type_name(m['name']), path)}.field(\"{path}\")?)"
                if place:
                    out.append(f"            {i} => if let {rn}::{variant_name(m['name'])}(v) = self {{ {place}.field(\"{path}\")?; }} else {{ {new}; }},")
                else:
                    out.append(f"            {i} => {new},")
            out.append(f"            _ => return Err(Error::new(ErrorKind::InvalidChoice, at).in_field(\"{name}\")),")
            out.append("        }")
            out.append("        Ok(())\n    }")
        if self.needs_alloc(node):
            out.append(self.blank_fn(f"{rn}::{variant_name(root[0]['name'])}({self.blank_expr(root[0], name + type_name(root[0]['name']))})"))
        out.append("}\n")
        out.append(f"impl Encode for {rn} {{\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{")
        out.append("        match self {")
        for i, m in enumerate(root):
            path = f"{name}.{m['name']}"
            pre = "w.write_bool(false)?; " if ext else ""
            v = "_" if m["type"] == "NULL" else "v"  # a NULL encodes as nothing
            out.append(f"            {rn}::{variant_name(m['name'])}({v}) => {{ {pre}w.write_bits({i}, {(nroot - 1).bit_length()})?; {self.enc(m, name + type_name(m['name']), 'v')} }}.field(\"{path}\"),")
        for i, m in enumerate(adds):
            path = f"{name}.{m['name']}"
            v = "_" if m["type"] == "NULL" else "v"
            out.append(f"            {rn}::{variant_name(m['name'])}({v}) => {{ w.write_bool(true)?; w.write_normally_small({i})?; "
                       f"let mut inner = BitWriter::new(Vec::new()); "
                       + ("" if v == "_" else f"{{ let w = &mut inner; {self.enc(m, name + type_name(m['name']), 'v')}?; }} ") +
                       f"if inner.position() == 0 {{ inner.write_bits(0, 8)?; }} OpenType(inner.finish()?.0).encode(w) }}.field(\"{path}\"),")
        if ext:
            out.append(f"            {rn}::Unknown(u) => {{ w.write_bool(true)?; w.write_normally_small(u.index)?; "
                       f"w.write_sized(Size::UNCONSTRAINED, u.content.len(), |w, s, n| w.write_octets(&u.content[s..s + n])) }}.field(\"{name}\"),")
        out.append("        }\n    }\n}\n")
        body = []
        if ext:
            body.append(f"if arb::rare(u)? {{ return Ok({rn}::Unknown(arb::unknown_alternative(u, {len(adds)})?)); }}")
        alts = root + adds
        body.append(f"Ok(match u.int_in_range(0..={len(alts) - 1})? {{")
        for i, m in enumerate(alts):
            pat = "_" if i == len(alts) - 1 else str(i)
            body.append(f"    {pat} => {rn}::{variant_name(m['name'])}({self.arb(m, name + type_name(m['name']))}),")
        body.append("})")
        self.arb_impl(rn, body, out)

    def choice_block(self, name, node, value):
        """The body of a function reading a CHOICE's alternative of a fixed width (see
        `choice_width`) with its index (and extension bit) in one block, zero-padded near
        the end of the input, `value(m, ctx, path)` giving what it returns for the
        alternative `m`: `Some(..)` if it passed its checks and ends within the input, else
        `None` having read nothing (the caller then reads field by field, for the error
        that gives). None if no alternative has a fixed width, or the block would exceed
        128 bits."""
        width = self.choice_width(node)
        if width is None or width > 128:
            return None
        read = self.choice_arms(node, name, name, value, "return None")
        # A failed check gives `None`: the field-by-field read names the error.
        read = re.sub(r'\.field\("[^"]*"\)\?', ".ok()?", read).replace(OTHER_ALTERNATIVE, "return None")
        return [f"let mut b = r.peek_upto({width});", f"let v = {{ {read} }};",
                "if !r.holds(&b) { return None; }", "r.advance_past(&b);", "Some(v)"]

    # ---- what needs `alloc` -------------------------------------------------------------
    def needs_alloc(self, node, depth=0):
        """Whether the Rust type of `node` holds heap data (so it exists only with `alloc`).

        INTEGER and ENUMERATED types, BOOLEAN and NULL, and non-extensible SEQUENCEs and
        CHOICEs of those are plain values: they build without `alloc`, so views can return them.
        """
        t = node["type"]
        if t in self.types:
            return depth > 30 or self.needs_alloc(self.types[t][1], depth + 1)
        if t in ("INTEGER", "BOOLEAN", "NULL", "ENUMERATED"):
            return False
        if self.fixed_octets(node) is not None:
            return False
        if t in ("SEQUENCE", "CHOICE"):
            ms = node["members"]
            return None in ms or any(self.needs_alloc(m, depth + 1) for m in ms if isinstance(m, dict))
        return True

    # ---- skipping (views) ------------------------------------------------------------------
    def skp(self, node, ctx, path):
        """Rust expression that reads past a value of `node` without building it (no `alloc`)."""
        t = node["type"]
        if t in self.types and "restricted-to" not in node and self.needs_alloc(node):
            return f"{snake(type_name(t))}_with(r, l)"
        if t in ("SEQUENCE", "CHOICE") and self.needs_alloc(node):
            return f"{snake(type_name(ctx))}_with(r, l)"
        if t == "BIT STRING":
            return f"r.read_sized({self.size(node)[0]}, 1, |r, n| r.skip(n)).map(drop)"
        if t == "OCTET STRING" or t == "UTF8String":
            return f"r.read_sized({self.size(node)[0]}, 8, |r, n| r.skip(n * 8)).map(drop)"
        if t in ("IA5String", "VisibleString"):
            return f"r.read_sized({self.size(node)[0]}, 7, |r, n| r.skip(n * 7)).map(drop)"
        if t == "ANY":
            return "r.read_open().map(drop)"
        if t == "SEQUENCE OF":
            el = node["element"]
            mb = self.min_bits(el)
            return (f"l.list(r, |r, l| r.read_sized({self.size(node)[0]}, {mb}, |r, n| {{ for _ in 0..n {{ "
                    f"{self.skp(el, ctx + 'Item', path)}?; }} Ok(()) }}).map(drop))")
        return f"{self.dec(node, ctx, path)}.map(drop)"

    def seq_skip(self, name, node):
        """Body of a SEQUENCE's skip: the runs of fixed-width members (with the preamble)
        checked in blocks as `seq_decode` reads them, the others skipped one by one."""
        ms = node["members"]
        ext = None in ms
        root = ms[: self.root_count(ms)]
        opts = [m for m in root if m.get("optional") or "default" in m]
        npre = (1 if ext else 0) + len(opts)
        fuse, runs = self.seq_runs(name, root, opts, npre, padded=True)
        body = []
        if npre and not fuse:
            body.append(f"let pre = r.read_bits({npre}).field(\"{name}\")?;")
            body += [x.strip() for x in self.preamble(ext, opts)]
        for run, pre, blk in runs:
            if blk:
                if pre:
                    body.append("let pre;")

                def member(m, present):
                    path = f"{name}.{m['name']}"
                    ctx = name + type_name(m["name"])
                    f, sl = self.check_bits(m, ctx, path), f"{self.skp(m, ctx, path)}.field(\"{path}\")?;"
                    if present:
                        f, sl = (f"if {present} {{ {x} }}" for x in (f, sl))
                    return f, sl
                body += self.block_read(name, run, pre, blk, npre, opts, member, padded=True)
                if pre:
                    body += [x.strip() for x in self.preamble(ext, opts, [m for m in opts if m not in [x for x, _ in run]])]
                continue
            for m, _ in run:
                path = f"{name}.{m['name']}"
                e = f"{self.skp(m, name + type_name(m['name']), path)}.field(\"{path}\")?;"
                if m in opts:
                    e = f"if opt >> {len(opts) - 1 - opts.index(m)} & 1 == 1 {{ {e} }}"
                body.append(e)
        if ext:
            body.append(f"if ext {{ r.skip_extensions().field(\"{name}....\")?; }}")
        body.append("Ok(())")
        return body

    def define_skip(self, name, node):
        """`skip::<type>(r)`: reads past one value, checking its framing, allocating nothing."""
        t = node["type"]
        fn = snake(type_name(name))
        body = []
        if t == "SEQUENCE":
            body += self.seq_skip(name, node)
        elif t == "CHOICE":
            ms = node["members"]
            ext = None in ms
            nroot = self.root_count(ms)
            if ext:
                body.append(f"if r.read_bool().field(\"{name}\")? {{ r.read_normally_small().field(\"{name}\")?; "
                            f"return r.read_open().map(drop).field(\"{name}\"); }}")
            body.append("let at = r.position();")
            body.append(f"match r.read_bits({(nroot - 1).bit_length()}).field(\"{name}\")? {{")
            for i, m in enumerate(ms[:nroot]):
                path = f"{name}.{m['name']}"
                body.append(f"    {i} => {self.skp(m, name + type_name(m['name']), path)}.field(\"{path}\"),")
            body.append(f"    _ => Err(Error::new(ErrorKind::InvalidChoice, at).in_field(\"{name}\")),")
            body.append("}")
        elif t in self.types:
            body.append(f"{self.skp(node, name, name)}")
        else:
            body.append(f"{self.skp(node, name, name)}.field(\"{name}\")")
        self.skips.append(f"/// Reads past one `{name}`.\n#[inline]\npub fn {fn}(r: &mut BitReader<'_>) -> Result<()> {{\n"
                          f"    {fn}_with(r, &mut NoLists)\n}}\n")
        self.skips.append(f"/// [`{fn}`], telling `l` where each `SEQUENCE OF` in it starts and ends.\n#[inline]\n"
                          f"pub(crate) fn {fn}_with<L: ListSink>(r: &mut BitReader<'_>, l: &mut L) -> Result<()> {{")
        self.skips.extend("    " + line for line in body)
        self.skips.append("}\n")

    def run(self):
        for mname, m in self.modules.items():
            out = self.out[mname]
            todo = [(t, n) for t, n in m["types"].items() if t not in HAND_WRITTEN]
            while todo:
                tname, node = todo.pop(0)
                start = len(out)
                self.define(tname, node, out)
                if self.needs_alloc(node):
                    gate(out, start)
                    self.define_skip(tname, node)
                todo[:0] = self.extra
                self.extra = []
        # The hand-written types are an id and an open type: skipped like any SEQUENCE.
        for name in sorted(HAND_WRITTEN):
            self.define_skip(name, self.types[name][1])
        return self.out


# Optional members that are large and rarely sent, held in a `Box` so that the structs
# around them (repeated in lists) stay small and cheap to move.
# SEQUENCEs whose OPTIONAL members are usually present in real traffic: their decoders read
# them in blocks with the mandatory ones (a block costs a second load and the reader's
# repositioning, a loss where the members are usually absent: measured on the BSM's path
# history points and the MAP's lanes).
OPTIONAL_IN_BLOCKS = {
    "MovementEvent",  # SPaT: its timing (`TimeChangeDetails`, taken whole from the block)
    "IntersectionState",  # SPaT: moy and timeStamp
}
CHOICES_IN_BLOCKS = {
    "NodeXY",  # MAP: each node's preamble with its offset (NodeOffsetPointXY)
}
# What a CHOICE read in a padded block gives for an alternative it cannot read there: the
# block is then read again field by field (this error is never seen).
OTHER_ALTERNATIVE = "break 'fast Err(Error::new(ErrorKind::InvalidChoice, 0))"
# SEQUENCE OFs that real traffic sends with one entry, held in a `SmallList` (one entry in
# place, more on the heap): a SPaT movement's events were 12 of a new SPaT's 15 allocations.
SMALL_LISTS = {
    "MovementEventList",
}
# (`NodeXY.attributes` was boxed until session 9: a box per node with attributes was 13 of
# a 661-octet MAP's 28 allocations; unboxed, its new decode took 20,969 instructions instead
# of 23,566 and its decode in place 12,887 instead of 13,239, for 16.8 kB instead of 10 kB.)
BOXED = {
    ("PathHistory", "initialPosition"),  # FullPositionVector: rarely in a BSM's path history
}


def snake(rust_type):
    """`IntersectionState` -> `intersection_state` (the names of the skip functions)."""
    return {"PartIIcontent": "part_ii_content"}.get(rust_type) or field_name(rust_type).replace("r#", "")


def gate(out, start):
    """Puts every item written since `start` behind `#[cfg(feature = "alloc")]`."""
    i = start
    while i < len(out):
        if re.match(r"(impl|pub struct|pub enum|pub type)\b", out[i]):
            out.insert(i, '#[cfg(feature = "alloc")]')
            i += 1
        i += 1


HEADER = """// @generated by tools/gen_rust.py from asn1/{src}.asn: do not edit by hand.
//! Owned types of the ASN.1 module `{mod}` (J2735-2020 on the wire).
#![allow(clippy::all, clippy::pedantic, unused_parens, unused_imports, unused_labels, missing_docs, clippy::redundant_closure_call)]

#[cfg(feature = "alloc")]
use alloc::boxed::Box;
#[cfg(feature = "alloc")]
use alloc::string::String;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::j2735::*;
#[cfg(feature = "alloc")]
use crate::per::owned::{{clear, decode_ia5, decode_ia5_into, decode_list, decode_list_into, decode_opt_into, decode_opt_with, decode_utf8, encode_ia5, encode_utf8, reserve}};
use crate::per::{{BitReader, BitWriter, Decode, Encode, Error, ErrorKind, Result, ResultExt, Sink, Size}};
#[cfg(feature = "alloc")]
use crate::per::{{BitString, Extensions, OctetString, OpenType, SmallList, UnknownAlternative}};
#[cfg(feature = "alloc")]
use crate::per::small_list::{{decode_small_list, decode_small_list_into}};
#[cfg(feature = "arbitrary")]
use crate::per::owned::arb;
#[cfg(feature = "arbitrary")]
use arbitrary::{{Arbitrary, Unstructured}};

"""

SKIP_HEADER = """// @generated by tools/gen_rust.py from asn1/: do not edit by hand.
//! Reading past values without building them: one function per type that holds heap data
//! (the others are skipped by decoding them, which allocates nothing). The zero-copy views
//! walk messages with these; they check framing (lengths, ranges of what they read, CHOICE
//! indices) and skip the content of open types and extension additions.
#![allow(clippy::all, unused_imports, unused_variables, unused_labels, missing_docs, clippy::redundant_closure_call)]

use crate::j2735::*;
use crate::per::lists::{ListSink, NoLists};
use crate::per::{BitReader, Decode, Error, ErrorKind, Result, ResultExt, Size};

"""


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "asn1", "*.asn")))
    modules = asn1tools.parse_files(files)
    gen = Gen(modules)
    out = gen.run()
    os.makedirs(OUT, exist_ok=True)
    mods = []
    written = {}
    for mname, lines in out.items():
        if not lines:
            continue
        mod = field_name(mname).replace("r#", "")
        mods.append(mod)
        path = os.path.join(OUT, mod + ".rs")
        written[path] = HEADER.format(src=mname, mod=mname) + "\n".join(lines) + "\n"
    modrs = ("// @generated by tools/gen_rust.py: do not edit by hand.\n"
             "//! Owned types generated from `asn1/`, one module per ASN.1 module.\n\n")
    for mod in sorted(mods):
        modrs += f"mod {mod};\npub use {mod}::*;\n"
    names = [n for n in gen.defined if n in gen.types] + sorted(HAND_WRITTEN)
    modrs += ("\n/// Calls `$m!(Type, \"AsnName\")` for every type of `asn1/` (tests and tools).\n"
              "#[doc(hidden)]\n#[macro_export]\nmacro_rules! __for_each_j2735_type {\n    ($m:ident) => {\n")
    for n in names:
        modrs += f"        $m!($crate::j2735::{type_name(n)}, \"{n}\");\n"
    modrs += "    };\n}\n"
    modrs += "pub mod skip;\n"
    written[os.path.join(OUT, "mod.rs")] = modrs
    written[os.path.join(OUT, "skip.rs")] = SKIP_HEADER + "\n".join(gen.skips) + "\n"
    check = "--check" in sys.argv
    stale = []
    for path, text in written.items():
        text = subprocess.run(["rustfmt", "--edition", "2021", "--emit", "stdout"], input=text, capture_output=True,
                              text=True, check=True).stdout
        if check:
            if not os.path.exists(path) or open(path).read() != text:
                stale.append(path)
        else:
            with open(path, "w") as f:
                f.write(text)
    if stale:
        print("stale generated files:", *stale)
        sys.exit(1)


if __name__ == "__main__":
    main()
