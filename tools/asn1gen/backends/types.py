"""The types backend: a Rust type per ASN.1 type (newtype, enum or struct) with its serde
attributes (the canonical JSON form: ASN.1 identifiers as keys), constants, `Default`,
and rustdoc from the ASN.1 comments."""
from ..model import BitString, CharString, Choice, Enumerated, Integer, OctetString, Ref, Sequence, SequenceOf
from ..naming import doc_lines, field_name, int_repr, type_name, variant_name

DERIVE_COPY = "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]"
SERDE = '#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]'


def doc(first, text, indent=""):
    """Doc lines: `first` (what the generator says), then the ASN.1 comment `text`."""
    lines = [f"{indent}/// {first}"]
    if text:
        lines.append(f"{indent}///")
        lines += [f"{indent}/// {x}".rstrip() for x in doc_lines(text)]
    return lines


class Types:
    """Rust type definitions (a mixin of the generator)."""

    def type_items(self, name, node, text):
        """The type of `name` (with its inherent constants); `text` its ASN.1 comment."""
        rn = type_name(name)
        asn = f"`{name}`"
        if isinstance(node, Ref):  # an alias
            if node.narrowing:
                raise SystemExit(f"constrained alias {name}")
            return doc(f"{asn}: the same as `{node.name}`.", text) + [f"pub type {rn} = {type_name(node.name)};\n"]
        if isinstance(node, Integer):
            out = doc(f"{asn} `INTEGER ({node.lb}..{node.ub}{', ...' if node.ext else ''})`.", text)
            out += [DERIVE_COPY, SERDE, '#[cfg_attr(feature = "serde", serde(transparent))]',
                    f"pub struct {rn}(pub {node.rust});\n", f"impl {rn} {{"]
            if node.lb is not None:
                out.append(f"    /// The lower bound.\n    pub const MIN: {rn} = {rn}({node.lb});")
            if node.ub is not None:
                out.append(f"    /// The upper bound.\n    pub const MAX: {rn} = {rn}({node.ub});")
            for nn, nv in node.named_numbers.items():
                out.append(f"    /// `{nn}`.\n    pub const {field_name(nn).upper()}: {rn} = {rn}({nv});")
            out.append("}\n")
            return out
        if isinstance(node, Enumerated):
            return self.enum_items(name, node, text)
        if isinstance(node, (BitString, OctetString, CharString, SequenceOf)) or node.kind == "BOOLEAN":
            ty = self.rust_type(node, name + ("Item" if isinstance(node, SequenceOf) else ""))
            size = getattr(node, "size", None)
            out = doc(f"{asn}: {node.kind_name if isinstance(node, CharString) else node.kind}{size.asn() if size else ''}.", text)
            fixed = isinstance(node, OctetString) and node.fixed_octets is not None
            out += [DERIVE_COPY if fixed else "#[derive(Clone, Debug, PartialEq)]", SERDE,
                    '#[cfg_attr(feature = "serde", serde(transparent))]']
            # A fixed-size OCTET STRING is an array, in JSON the same hex as any other.
            with_hex = '#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] ' if fixed else ""
            out.append(f"pub struct {rn}({with_hex}pub {ty});\n")
            if isinstance(node, BitString) and node.named_bits:
                out.append(f"impl {rn} {{")
                for bn, bi, bdoc in node.named_bits:
                    out += doc(f"Named bit `{bn}`.", bdoc, "    ")
                    out.append(f"    pub const {field_name(bn).upper()}: usize = {bi};")
                out.append("}\n")
            return out
        if isinstance(node, Sequence):
            return self.struct_items(name, node, text)
        if isinstance(node, Choice):
            return self.choice_items(name, node, text)
        raise SystemExit(f"unsupported definition {name}: {node.kind}")

    def enum_items(self, name, node, text):
        """An ENUMERATED: a Rust enum (with `Unrecognized` if extensible), `ROOT`, `name()`."""
        rn = type_name(name)
        values = node.sorted_root + node.additions
        out = enum_decl(name, node, text, values, "An extension value this edition does not know: "
                        "its index among the additions.", "u64")
        out.append(f"impl {rn} {{")
        out.append("    /// The root values in the order of their encoding: value `i` is encoded as `i`.")
        out.append(f"    pub const ROOT: [{rn}; {len(node.root)}] = "
                   f"[{', '.join(f'{rn}::{variant_name(v.name)}' for v in node.sorted_root)}];")
        return out + enum_name_fn(rn, values, node.ext, "extension value")

    def derives(self, node):
        """Plain values (no heap data) are `Copy`, like the integers and enumerations in them."""
        if self.needs_alloc(node):
            return "#[derive(Clone, Debug, PartialEq)]"
        return "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]"

    def struct_items(self, name, node, text):
        """A SEQUENCE: a struct with its fields in order (members in BOXED held in a Box),
        extension additions as optional fields, unknown additions in `ext`."""
        from .typed_open import typed_members
        rn = type_name(name)
        adds = node.addition_members
        typed = typed_members(node)
        out = doc(f"`{name}`: SEQUENCE{' (extensible)' if node.ext else ''}.", text)
        # A typed open type is read from JSON by the id beside it (`typed_struct_serde`).
        serde = '#[cfg_attr(feature = "serde", derive(serde::Serialize))]' if typed else SERDE
        out += [self.derives(node), serde, f"pub struct {rn} {{"]
        for m in node.root + adds:
            fty = self.rust_type(m.type, name + type_name(m.name))
            if (name, m.name) in self.tuning.boxed:
                fty = f"Box<{fty}>"
            opt = m.has_presence_bit or m in adds
            kind = " (extension addition)" if m in adds else " (optional)" if opt else ""
            out += doc(f"`{m.name}`{kind}", m.doc, "    ")
            # An inline fixed-size OCTET STRING is an array, in JSON the same hex as any other.
            hexa = isinstance(m.type, OctetString) and m.type.fixed_octets is not None
            if hexa and (name, m.name) in self.tuning.boxed:
                raise SystemExit(f"{name}.{m.name}: a boxed array")
            if opt:
                w = ', with = "crate::per::owned::hex_array_opt"' if hexa else ""
                out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{m.name}", default, skip_serializing_if = "Option::is_none"{w}))]')
                out.append(f"    pub {field_name(m.name)}: Option<{fty}>,")
            else:
                w = ', with = "crate::per::owned::hex_array"' if hexa else ""
                out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{m.name}"{w}))]')
                out.append(f"    pub {field_name(m.name)}: {fty},")
        if node.ext:
            out.append("    /// Extension bit and additions this edition does not know (kept for re-encoding).")
            out.append('    #[cfg_attr(feature = "serde", serde(rename = "$ext", default, skip_serializing_if = "Option::is_none"))]')
            out.append("    pub ext: Option<Extensions>,")
        out.append("}\n")
        if typed:
            out += self.typed_struct_serde(name, node)
        return out

    def struct_value(self, name, node, expr):
        """The struct with its OPTIONAL members absent and the others `expr(type, ctx)`."""
        adds = node.addition_members
        fields = []
        for m in node.root + adds:
            fn = field_name(m.name)
            if m.has_presence_bit or m in adds:
                fields.append(f"{fn}: None")
                continue
            d = expr(m.type, name + type_name(m.name))
            fields.append(f"{fn}: Box::new({d})" if (name, m.name) in self.tuning.boxed else f"{fn}: {d}")
        if node.ext:
            fields.append("ext: None")
        return f"{type_name(name)} {{ {', '.join(fields)} }}"

    def choice_items(self, name, node, text):
        """A CHOICE: an enum of its alternatives (with `Unknown` if extensible)."""
        rn = type_name(name)
        out = doc(f"`{name}`: CHOICE{' (extensible)' if node.ext else ''}.", text)
        out += [self.derives(node), SERDE, f"pub enum {rn} {{"]
        for m in node.root + node.additions:
            out += doc(f"`{m.name}`", m.doc, "    ")
            out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{m.name}"))]')
            out.append(f"    {variant_name(m.name)}({self.rust_type(m.type, name + type_name(m.name))}),")
        if node.ext:
            out.append("    /// An alternative added after this edition, kept as sent.")
            out.append('    #[cfg_attr(feature = "serde", serde(rename = "$ext"))]')
            out.append("    Unknown(UnknownAlternative),")
        out.append("}\n")
        return out

    def typed_default_expr(self, node):
        """`default_expr` for the members of `node`, whose id of a typed open type is the id
        of the message its `Default` holds (the set's smallest), so that it encodes."""
        from .typed_open import id_build, typed_members
        ids = {id(idm.type): id_build(idm, str(min(tm.type.objects))) for idm, tm in typed_members(node)}
        return lambda t, ctx: ids.get(id(t)) or self.default_expr(t, ctx)

    def default_item(self, name, node):
        """`impl Default`: the smallest valid value (see `default_expr`)."""
        rn = type_name(name)
        if isinstance(node, Integer):
            expr = f"{rn}({node.lb or 0})"
        elif isinstance(node, Enumerated):
            expr = f"{rn}::{variant_name(node.sorted_root[0].name)}"
        elif isinstance(node, Sequence):
            expr = self.struct_value(name, node, self.typed_default_expr(node))
        elif isinstance(node, Choice):
            m = node.root[0]
            expr = f"{rn}::{variant_name(m.name)}({self.default_expr(m.type, name + type_name(m.name))})"
        else:
            expr = f"{rn}({self.default_expr(node, name + ('Item' if isinstance(node, SequenceOf) else ''))})"
        return [f"impl Default for {rn} {{\n    fn default() -> Self {{\n        {expr}\n    }}\n}}\n"]


def enum_decl(name, node, text, values, unknown_doc, unknown_repr):
    """An ENUMERATED's Rust enum: a variant per value, `Unrecognized(unknown_repr)` if extensible."""
    rn = type_name(name)
    out = doc(f"`{name}`: ENUMERATED{' (extensible)' if node.ext else ''}.", text)
    out += [DERIVE_COPY, SERDE, f"pub enum {rn} {{"]
    for v in values:
        out += doc(f"`{v.name}` ({v.number})", v.doc, "    ")
        out.append(f'    #[cfg_attr(feature = "serde", serde(rename = "{v.name}"))]')
        out.append(f"    {variant_name(v.name)},")
    if node.ext:
        out.append(f"    /// {unknown_doc}")
        out.append('    #[cfg_attr(feature = "serde", serde(rename = "$ext"))]')
        out.append(f"    Unrecognized({unknown_repr}),")
    out.append("}\n")
    return out


def enum_name_fn(rn, values, ext, unknown):
    """An ENUMERATED's `name()` and the end of its `impl` block."""
    out = [f"    /// The ASN.1 identifier of the value (`\"?\"` for an unrecognized {unknown}).",
           "    pub const fn name(self) -> &'static str {", "        match self {"]
    for v in values:
        out.append(f"            {rn}::{variant_name(v.name)} => \"{v.name}\",")
    if ext:
        out.append(f"            {rn}::Unrecognized(_) => \"?\",")
    out.append("        }\n    }\n}\n")
    return out
