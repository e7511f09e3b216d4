"""The encode backend: `impl Encode` of every generated type (written to a `BitWriter`),
with runs of fixed-width members written as blocks (see `blocks`)."""
from dataclasses import replace

from ..model import ObjectId, BitString, Boolean, CharString, Choice, Enumerated, Integer, Null, OctetString, Open, Ref, Sequence, SequenceOf
from ..naming import field_name, type_name, variant_name
from .common import INLINE


class Encode:
    """Encoders (a mixin of the generator)."""

    def enc(self, node, ctx, v):
        """Rust expression encoding `v` (a reference) into `w`."""
        if v.startswith("&"):
            v = f"({v})"
        if isinstance(node, Ref) and node.narrowing:
            return self.enc(node.narrowing, ctx, f"&{v}.0")
        if node.kind == "TYPED OPEN":
            # Inside its SEQUENCE's encode: typed by the id member of `self`.
            return f"{v}.encode_value(self.{field_name(node.id_member)}{'.0' if node.id_is_ref else ''} as u64, w)"
        if isinstance(node, (Ref, Open) + INLINE):
            return f"{v}.encode(w)"
        if isinstance(node, Integer):
            lb, ub = node.lb, node.ub
            if node.constrained and not node.ext:
                if lb >= 0:
                    return f"w.write_constrained_u64(*{v} as u64, {lb}, {ub})"
                return f"w.write_constrained(*{v} as i64, {lb}, {ub})"
            if node.constrained:
                return (f"{{ let x = *{v} as i64; let inr = ({lb}..={ub}).contains(&x); w.write_bool(!inr).and_then(|_| "
                        f"if inr {{ w.write_constrained(x, {lb}, {ub}) }} else {{ w.write_unconstrained(x) }}) }}")
            if lb is not None:
                return f"w.write_semi_constrained(*{v}, {lb})"
            return f"w.write_unconstrained(*{v})"
        if isinstance(node, Boolean):
            return f"w.write_bool(*{v})"
        if isinstance(node, Null):
            return "Ok(())"
        if isinstance(node, ObjectId):
            return f"{v}.encode(w)"
        if isinstance(node, OctetString) and node.fixed_octets is not None:
            return f"w.write_octets(&{v}[..])"
        if isinstance(node, (BitString, OctetString)):
            return f"{v}.encode_sized(w, {node.size.rust})"
        if isinstance(node, CharString) and node.kind_name in ("IA5String", "VisibleString"):
            return f"encode_ia5(w, {v}, {node.size.rust})"
        if isinstance(node, CharString) and node.kind_name == "UTF8String":
            return f"encode_utf8(w, {v})"
        if isinstance(node, SequenceOf):
            if node.small:
                # A SmallList: its slice taken once, not at each use (len, then each run).
                return f"{{ let v = ({v}).as_slice(); {self.enc(replace(node, small=0), ctx, 'v')} }}"
            return (f"w.write_sized({node.size.rust}, ({v}).len(), |w, s, n| {{ for x in ({v})[s..s + n].iter() {{ "
                    f"{self.enc(node.element, ctx + 'Item', 'x')}?; }} Ok(()) }})")
        raise SystemExit(f"cannot encode {node.kind}")

    def encode_item(self, name, node):
        """`impl Encode` of `name`."""
        rn = type_name(name)
        if isinstance(node, Integer):
            return [f"impl Encode for {rn} {{\n    #[inline]\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{\n"
                    f"        {self.enc(node, name, '&self.0')}\n    }}\n}}\n"]
        if isinstance(node, Enumerated):
            return self.enum_encode(name, node)
        if isinstance(node, Sequence):
            return self.seq_encode(name, node)
        if isinstance(node, Choice):
            return self.choice_encode(name, node)
        return [f"impl Encode for {rn} {{\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{\n"
                f"        {self.enc(node, name, '&self.0')}\n    }}\n}}\n"]

    @staticmethod
    def enum_encode(name, node):
        """An ENUMERATED: its index (or, extensible, an addition's normally small index)."""
        rn = type_name(name)
        out = [f"impl Encode for {rn} {{\n    #[inline]\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{",
               "        let (ext, i) = match self {"]
        for i, v in enumerate(node.sorted_root):
            out.append(f"            {rn}::{variant_name(v.name)} => (false, {i}),")
        for i, v in enumerate(node.additions):
            out.append(f"            {rn}::{variant_name(v.name)} => (true, {i}),")
        if node.ext:
            out.append(f"            {rn}::Unrecognized(i) => (true, *i),")
        out.append("        };")
        if node.ext:
            out.append("        w.write_bool(ext)?;")
            out.append(f"        if ext {{ w.write_normally_small(i) }} else {{ w.write_bits(i, {node.index_bits}) }}")
        else:
            out.append("        let _ = ext;")
            out.append(f"        w.write_bits(i, {node.index_bits})")
        out.append("    }\n}\n")
        return out

    def seq_encode(self, name, node):
        """A SEQUENCE: the preamble, the root members (runs written as blocks), then the
        known and unknown extension additions."""
        rn = type_name(name)
        ext, root, adds, opts = node.ext, node.root, node.additions, node.optionals
        out = [f"impl Encode for {rn} {{\n    #[inline]\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{"]
        # The preamble (extension bit, presence bits) in one write.
        pre = []
        if ext and adds:
            present = ", ".join(" || ".join(f"self.{field_name(m.name)}.is_some()" for m in a.members) for a in adds)
            out.append(f"        let known = [{present}];")
            pre.append("(self.ext.is_some() || known.contains(&true))")
        elif ext:
            pre.append("self.ext.is_some()")
        pre += [f"self.{field_name(m.name)}.is_some()" for m in opts]
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
                    fn = field_name(m.name)
                    ctx, path = name + type_name(m.name), f"{name}.{m.name}"
                    if m.has_presence_bit:
                        stmts.append(f"if let Some(v) = &self.{fn} {{ {self.to_bits(m.type, ctx, '(*v)', path)} }}")
                    else:
                        stmts.append(self.to_bits(m.type, ctx, f"self.{fn}", path))
                label = name if fused else f"{name}.{run[0][0].name}"
                out.append(f"        {{ let mut b = w.block_out(); {' '.join(stmts)} w.write_block(b).field(\"{label}\")?; }}")
                continue
            for m, _ in run:
                fn = field_name(m.name)
                path = f"{name}.{m.name}"
                if m.has_presence_bit:
                    out.append(f"        if let Some(v) = &self.{fn} {{ {self.enc(m.type, name + type_name(m.name), 'v')}.field(\"{path}\")?; }}")
                else:
                    out.append(f"        {self.enc(m.type, name + type_name(m.name), '&self.' + fn)}.field(\"{path}\")?;")
        if ext and adds:
            out.append("        if self.ext.is_some() || known.contains(&true) {")
            out.append("            let none = Extensions::default();")
            out.append("            self.ext.as_ref().unwrap_or(&none).encode_with(w, &known, |i, w| { match i {")
            for k, a in enumerate(adds):
                body = []
                if a.group:
                    gopts = [m for m in a.members if m.has_presence_bit]
                    if gopts:
                        bits = " | ".join(f"(self.{field_name(m.name)}.is_some() as u64) << {len(gopts) - 1 - i}" for i, m in enumerate(gopts))
                        body.append(f"w.write_bits({bits}, {len(gopts)})?;")
                    for m in a.members:
                        path = f"{name}.{m.name}"
                        fn = field_name(m.name)
                        enc = self.enc(m.type, name + type_name(m.name), "v")
                        if m in gopts:
                            body.append(f"if let Some(v) = &self.{fn} {{ {enc}.field(\"{path}\")?; }}")
                        else:
                            body.append(f"match &self.{fn} {{ Some(v) => {enc}.field(\"{path}\")?, None => return Err(w.error(ErrorKind::Unencodable).in_field(\"{path}\")) }}")
                else:
                    m = a.members[0]
                    path = f"{name}.{m.name}"
                    body.append(f"if let Some(v) = &self.{field_name(m.name)} {{ {self.enc(m.type, name + type_name(m.name), 'v')}.field(\"{path}\")?; }}")
                out.append(f"                {k} => {{ {' '.join(body)} }}")
            out.append("                _ => {}")
            out.append(f"            }} Ok(()) }}).field(\"{name}....\")?;")
            out.append("        }")
        elif ext:
            out.append(f"        if let Some(e) = &self.ext {{ e.encode_unknown(w).field(\"{name}....\")?; }}")
        out.append("        Ok(())\n    }\n}\n")
        return out

    def choice_encode(self, name, node):
        """A CHOICE: its index, then the alternative (an addition as an open type)."""
        rn = type_name(name)
        out = [f"impl Encode for {rn} {{\n    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {{",
               "        match self {"]
        for i, m in enumerate(node.root):
            path = f"{name}.{m.name}"
            pre = "w.write_bool(false)?; " if node.ext else ""
            v = "_" if isinstance(m.type, Null) else "v"  # a NULL encodes as nothing
            out.append(f"            {rn}::{variant_name(m.name)}({v}) => {{ {pre}w.write_bits({i}, {node.index_bits})?; {self.enc(m.type, name + type_name(m.name), 'v')} }}.field(\"{path}\"),")
        for i, m in enumerate(node.additions):
            path = f"{name}.{m.name}"
            v = "_" if isinstance(m.type, Null) else "v"
            out.append(f"            {rn}::{variant_name(m.name)}({v}) => {{ w.write_bool(true)?; w.write_normally_small({i})?; "
                       f"let mut inner = BitWriter::new(Vec::new()); "
                       + ("" if v == "_" else f"{{ let w = &mut inner; {self.enc(m.type, name + type_name(m.name), 'v')}?; }} ") +
                       f"if inner.position() == 0 {{ inner.write_bits(0, 8)?; }} OpenType(inner.finish()?.0).encode(w) }}.field(\"{path}\"),")
        if node.ext:
            out.append(f"            {rn}::Unknown(u) => {{ w.write_bool(true)?; w.write_normally_small(u.index)?; "
                       f"w.write_sized(Size::UNCONSTRAINED, u.content.len(), |w, s, n| w.write_octets(&u.content[s..s + n])) }}.field(\"{name}\"),")
        out.append("        }\n    }\n}\n")
        return out
