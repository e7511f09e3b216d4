"""Rust names of ASN.1 identifiers: types, fields, enum variants and functions."""
import re

# Field names whose snake_case form would read badly.
FIELD_NAMES = {"currGNSSstatus": "curr_gnss_status", "theRTCM": "the_rtcm"}
# Type names whose snake_case form would read badly (the names of skip functions).
SNAKE_NAMES = {"PartIIcontent": "part_ii_content"}
RUST_KEYWORDS = {"type", "ref", "match", "mod", "move", "use", "loop", "impl", "fn", "in", "as", "box",
                 "crate", "self", "super", "struct", "enum", "trait", "where", "static", "const"}


def type_name(asn):
    """`Node-XY-20b` -> `NodeXY20b`: a Rust type name."""
    parts = re.split(r"[-_]", asn)
    return "".join(p[:1].upper() + p[1:] for p in parts)


def field_name(asn):
    """`secMark` -> `sec_mark`, `type` -> `r#type`: a Rust field (or module) name."""
    if asn in FIELD_NAMES:
        return FIELD_NAMES[asn]
    s = asn.replace("-", "_")
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"_+", "_", s).lower()
    return "r#" + s if s in RUST_KEYWORDS else s


def variant_name(asn):
    """`prec0-1deg` -> `Prec0_1deg`, `1` -> `V1`: a Rust enum variant name."""
    parts = [p for p in re.split(r"[-_]", asn) if p]
    v = ""
    for p in parts:
        # Keep `prec0-1deg` and `prec01deg` apart: an underscore between digit groups.
        v += ("_" if v[-1:].isdigit() and p[:1].isdigit() else "") + p[:1].upper() + p[1:]
    if v == "Self":  # a keyword no raw identifier escapes (`self` in IEEE 1609.2)
        return "SelfValue"
    return "V" + v if v[0].isdigit() else v


def snake(rust_type):
    """`IntersectionState` -> `intersection_state` (the names of the skip functions)."""
    return SNAKE_NAMES.get(rust_type) or field_name(rust_type).replace("r#", "")


def module_name(asn_module):
    """`BasicSafetyMessage` -> `basic_safety_message`: the Rust module of an ASN.1 module."""
    return field_name(asn_module).replace("r#", "")


def int_repr(lb, ub):
    """The smallest Rust integer type holding `lb..=ub` (i64 if a bound is unknown)."""
    for t, lo, hi in (("u8", 0, 255), ("i8", -128, 127), ("u16", 0, 65535), ("i16", -32768, 32767),
                      ("u32", 0, 2**32 - 1), ("i32", -2**31, 2**31 - 1), ("u64", 0, 2**64 - 1)):
        if lb is not None and ub is not None and lo <= lb and ub <= hi:
            return t
    return "i64"


def doc_lines(text):
    """Comment text as rustdoc lines: each line trimmed (no accidental code blocks), and
    what rustdoc would take for links or HTML escaped, as are headings and lists; URLs
    become autolinks."""
    out = []
    for line in text.splitlines():
        parts = re.split(r"<?(https?://[^\s<>]+)>?", line.strip())
        # URLs as autolinks, the rest with Markdown's special characters escaped.
        line = "".join(f"<{p}>" if i % 2 else re.sub(r"([\\\[\]<>])", r"\\\1", p) for i, p in enumerate(parts))
        line = re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", line)  # not an ordered list
        line = re.sub(r"^([#+\-*])(\s|$)", r"\\\1\2", line)  # not a heading or a list
        out.append(re.sub(r"^([=|>])", r"\\\1", line))  # not a heading's underline, a table or a quote
    return out
