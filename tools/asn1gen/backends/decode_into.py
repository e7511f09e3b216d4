"""The decode-in-place backend: `Decode::decode_into` (a value decoded into an existing
one, reusing its heap blocks) and `Decode::blank` (the value a new one is decoded into)."""
from ..model import ObjectId, CharString, Choice, OctetString, Ref, Sequence, SequenceOf
from ..naming import field_name, type_name, variant_name
from .common import INLINE


class DecodeInto:
    """Decoders in place (a mixin of the generator)."""

    def dec_into(self, node, ctx, target):
        """Rust expression (a `Result<()>`) decoding a value of `node` into the place `target`,
        reusing its heap blocks; None where a new value is as cheap (no heap data)."""
        if isinstance(node, Ref) and not node.narrowing:
            return f"{target}.decode_into(r)" if self.needs_alloc(node) else None
        if node.kind == "TYPED OPEN":
            # Inside its SEQUENCE's decode_into: the id member is already in `self`.
            idv = f"self.{field_name(node.id_member)}{'.0' if node.id_is_ref else ''} as u64"
            return f"{target}.decode_value_into({idv}, r)"
        if isinstance(node, (Sequence, Choice)):
            return f"{target}.decode_into(r)" if self.needs_alloc(node) else None
        if isinstance(node, CharString) and node.kind_name in ("IA5String", "VisibleString"):
            return f"decode_ia5_into(&mut {target}, r, {node.size.rust})"
        if isinstance(node, SequenceOf) and isinstance(node.element, (Ref,) + INLINE):
            mb = self.min_bits(node.element)
            small = "small_" if node.small else ""
            return f"decode_{small}list_into(&mut {target}, r, {node.size.rust}, {max(mb, 1) if mb else 0})"
        return None

    def blank_expr(self, node, ctx):
        """Rust expression of the value a new `node` is decoded into (`Decode::blank`): its
        `Default`, but with lists and strings empty, so that decoding into it allocates each
        once at its length (not its minimum size, then again when it grows)."""
        if isinstance(node, Ref) and not node.narrowing:
            return "Decode::blank()" if self.needs_alloc(node) else "Default::default()"
        if isinstance(node, SequenceOf):
            return "SmallList::new()" if node.small else "Vec::new()"
        if isinstance(node, CharString):
            return "String::new()"
        if isinstance(node, OctetString) and node.fixed_octets is None and not isinstance(node, ObjectId):
            return "OctetString(Vec::new())"
        if isinstance(node, (Sequence, Choice)) and self.needs_alloc(node):
            return f"{type_name(ctx)}::blank()"
        return self.default_expr(node, ctx)

    @staticmethod
    def blank_fn(expr):
        """`Decode::blank` of a generated type, inside its `impl Decode`."""
        return f"\n    #[inline]\n    fn blank() -> Self {{\n        {expr}\n    }}\n"

    def choice_decode_into(self, name, node, block):
        """A CHOICE's `decode_into`: into the alternative `self` holds when the same one
        arrives (`block`: the CHOICE has a block read, tried first)."""
        rn = type_name(name)
        places = [self.dec_into(m.type, name + type_name(m.name), "(*v)") for m in node.root]
        if not (self.needs_alloc(node) and any(places)):
            return []
        out = ["\n    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {"]
        if block:
            out.append("        if let Some(v) = Self::decode_block(r) { *self = v; return Ok(()); }")
        if node.ext:
            # An extension alternative (rare): decoded anew, from the start.
            out.append("        let start = r.clone();")
            out.append(f"        if r.read_bool().field(\"{name}\")? {{ *r = start; *self = Self::decode(r)?; return Ok(()); }}")
        out.append("        let at = r.position();")
        out.append(f"        match r.read_bits({node.index_bits}).field(\"{name}\")? {{")
        for i, (m, place) in enumerate(zip(node.root, places)):
            path = f"{name}.{m.name}"
            new = f"*self = {rn}::{variant_name(m.name)}({self.dec(m.type, name + type_name(m.name), path)}.field(\"{path}\")?)"
            if place:
                out.append(f"            {i} => if let {rn}::{variant_name(m.name)}(v) = self {{ {place}.field(\"{path}\")?; }} else {{ {new}; }},")
            else:
                out.append(f"            {i} => {new},")
        out.append(f"            _ => return Err(Error::new(ErrorKind::InvalidChoice, at).in_field(\"{name}\")),")
        out.append("        }")
        out.append("        Ok(())\n    }")
        return out
