"""The arbitrary backend: `impl Arbitrary` (feature `arbitrary`) building valid values,
within every constraint, small, and re-encodable, for property tests and fuzzing."""
from ..model import ObjectId, BitString, Boolean, CharString, Choice, Enumerated, Integer, Null, OctetString, Open, Ref, Sequence, SequenceOf
from ..naming import field_name, type_name, variant_name
from .common import INLINE


class Arbitrary:
    """`Arbitrary` impls (a mixin of the generator)."""

    def arb(self, node, ctx):
        """Rust expression building an arbitrary valid value of `node` from `u` (its type is
        inferred from where it goes): within every constraint, small, and re-encodable."""
        if isinstance(node, Ref) and node.narrowing:
            return f"{type_name(node.name)}({self.arb(node.narrowing, ctx)})"
        if isinstance(node, (Ref, Boolean, Open) + INLINE) or node.kind == "TYPED OPEN":
            # (A typed open type is built with its id: see `typed_struct_arbitrary`.)
            return "u.arbitrary()?"
        if isinstance(node, Integer):
            if node.constrained:
                if node.ext:  # mostly in the root; rarely any value of the Rust type
                    return f"if arb::rare(u)? {{ u.arbitrary()? }} else {{ u.int_in_range({node.lb}..={node.ub})? }}"
                return f"u.int_in_range({node.lb}..={node.ub})?"
            if node.lb is not None:
                return f"u.int_in_range({node.lb}..=i64::MAX)?"
            return "u.arbitrary()?"
        if isinstance(node, Null):
            return "()"
        if isinstance(node, BitString):
            return f"BitString::arbitrary_sized(u, {node.size.rust})?"
        if isinstance(node, ObjectId):
            return "u.arbitrary()?"
        if isinstance(node, OctetString):
            if node.fixed_octets is not None:
                return "u.arbitrary()?"
            return f"OctetString::arbitrary_sized(u, {node.size.rust})?"
        if isinstance(node, CharString) and node.kind_name in ("IA5String", "VisibleString"):
            return f"arb::ia5(u, {node.size.rust})?"
        if isinstance(node, CharString) and node.kind_name == "UTF8String":
            return "arb::utf8(u)?"
        if isinstance(node, SequenceOf):
            v = f"arb::vec(u, {node.size.rust}, {self.arb_fn(node.element, ctx + 'Item')})?"
            return f"SmallList::from({v})" if node.small else v
        raise SystemExit(f"no arbitrary for {node.kind}")

    def arb_fn(self, node, ctx):
        """A closure `|u| -> arbitrary::Result<T>` building a value of `node`."""
        e = self.arb(node, ctx)
        return f"|u| {e[:-1]}" if e.endswith("?") and not e.startswith("if ") else f"|u| Ok({e})"

    def arb_member(self, m, ctx):
        """The arbitrary value of a SEQUENCE member: optional ones present or absent."""
        e = self.arb(m.type, ctx)
        if not m.has_presence_bit:
            return e
        return e if e == "u.arbitrary()?" else f"arb::opt(u, {self.arb_fn(m.type, ctx)})?"

    def arbitrary_item(self, name, node):
        """`Arbitrary` for `name`, behind the `arbitrary` feature."""
        rn = type_name(name)
        if isinstance(node, Enumerated):
            body = []
            if node.ext:
                body.append(f"if arb::rare(u)? {{ return Ok({rn}::Unrecognized(u.int_in_range({len(node.additions)}..={len(node.additions) + 3})?)); }}")
            values = ", ".join(f"{rn}::{variant_name(v.name)}" for v in node.sorted_root + node.additions)
            body.append(f"Ok(*u.choose(&[{values}])?)")
        elif isinstance(node, Sequence):
            body = self.seq_arbitrary(name, node)
        elif isinstance(node, Choice):
            body = []
            if node.ext:
                body.append(f"if arb::rare(u)? {{ return Ok({rn}::Unknown(arb::unknown_alternative(u, {len(node.additions)})?)); }}")
            alts = node.root + node.additions
            body.append(f"Ok(match u.int_in_range(0..={len(alts) - 1})? {{")
            for i, m in enumerate(alts):
                pat = "_" if i == len(alts) - 1 else str(i)
                body.append(f"    {pat} => {rn}::{variant_name(m.name)}({self.arb(m.type, name + type_name(m.name))}),")
            body.append("})")
        else:
            body = [f"Ok({rn}({self.arb(node, name)}))"]
        out = ['#[cfg(feature = "arbitrary")]', f"impl<'a> Arbitrary<'a> for {rn} {{",
               "    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {"]
        out.extend("        " + line for line in body)
        out.append("    }\n}\n")
        return out

    def seq_arbitrary(self, name, node):
        """A SEQUENCE's fields: each addition (a group: all its members) there or not."""
        rn = type_name(name)
        adds = node.additions
        body = [f"Ok({rn} {{"]
        for m in node.root:
            body.append(f"    {field_name(m.name)}: {self.arb_member(m, name + type_name(m.name))},")
        if adds:
            # Within a group, its own OPTIONAL members vary.
            body.insert(0, "let adds = [" + ", ".join("u.arbitrary::<bool>()?" for _ in adds) + "];")
            for k, a in enumerate(adds):
                for m in a.members:
                    inner = self.arb_member(m, name + type_name(m.name))
                    val = inner if m.has_presence_bit else f"Some({inner})"
                    body.append(f"    {field_name(m.name)}: if adds[{k}] {{ {val} }} else {{ None }},")
        if node.ext:
            # Unknown additions come after the known ones.
            body.append(f"    ext: arb::ext(u)?.map(|mut e| {{ e.slots.splice(0..0, core::iter::repeat_n(None, {len(adds)})); e }}),"
                        if adds else "    ext: arb::ext(u)?,")
        body.append("})")
        from .typed_open import typed_members
        if typed_members(node):
            return self.typed_struct_arbitrary(name, node, body)
        return body
