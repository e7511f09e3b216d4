"""The decode backend: `impl Decode` of every generated type (a new value read from a
`BitReader`), with runs of fixed-width members read as blocks (see `blocks`)."""
import re

from ..model import ObjectId, BitString, Boolean, CharString, Choice, Enumerated, Integer, Null, OctetString, Open, Ref, Sequence, SequenceOf
from ..naming import field_name, int_repr, type_name, variant_name
from .blocks import OTHER_ALTERNATIVE
from .common import INLINE

# The variables of a SEQUENCE's decoder (its fields are bound to variables of their name).
LOCALS = {"r", "b", "i", "pre", "opt", "ext", "fast", "x_"}


class Decode:
    """Decoders (a mixin of the generator)."""

    def dec(self, node, ctx, path):
        """Rust expression decoding a value of `node` from `r`."""
        if isinstance(node, Ref) and node.narrowing:
            # A referenced INTEGER narrowed where it is used: `ITIScodes (523..541)`.
            return f"{self.dec(node.narrowing, ctx, path)}.map(|v| {type_name(node.name)}(v as _))"
        if isinstance(node, Ref):
            return f"{type_name(node.name)}::decode(r)"
        if isinstance(node, Integer):
            lb, ub, ext = node.lb, node.ub, node.ext
            ty = node.rust
            if node.constrained and not ext:
                if lb >= 0:
                    return f"r.read_constrained_u64({lb}, {ub}).map(|v| v as {ty})"
                return f"r.read_constrained({lb}, {ub}).map(|v| v as {ty})"
            if node.constrained:
                # A root value sent outside the root (extension bit set) is refused: it
                # would not re-encode to the octets received.
                return (f"(|| -> Result<{ty}> {{ let at = r.position(); let v = if r.read_bool()? {{ let v = r.read_unconstrained()?; "
                        f"if ({lb}..={ub}).contains(&v) {{ return Err(Error::new(ErrorKind::ValueOutOfRange, at)); }} v }} "
                        f"else {{ r.read_constrained({lb}, {ub})? }}; {ty}::try_from(v).map_err(|_| Error::new(ErrorKind::ValueOutOfRange, at)) }})()")
            if lb is not None:
                return f"r.read_semi_constrained({lb})"
            return "r.read_unconstrained()"
        if isinstance(node, Boolean):
            return "r.read_bool()"
        if isinstance(node, Null):
            return "Ok(())"
        if isinstance(node, BitString):
            return f"BitString::decode_sized(r, {node.size.rust})"
        if isinstance(node, ObjectId):
            return f"{node.rust}::decode(r)"
        if isinstance(node, OctetString):
            if node.fixed_octets is not None:
                return "r.read_octet_array()"
            return f"OctetString::decode_sized(r, {node.size.rust})"
        if isinstance(node, CharString) and node.kind_name in ("IA5String", "VisibleString"):
            return f"decode_ia5(r, {node.size.rust})"
        if isinstance(node, CharString) and node.kind_name == "UTF8String":
            return "decode_utf8(r)"
        if isinstance(node, Open):
            return "OpenType::decode(r)"
        if node.kind == "TYPED OPEN":
            # Only inside its SEQUENCE's decode (in place: the SEQUENCE holds heap data), the
            # id member read into `self` before it.
            return f"{type_name(ctx)}::decode_value(self.{field_name(node.id_member)}{'.0' if node.id_is_ref else ''} as u64, r)"
        if isinstance(node, SequenceOf):
            el = node.element
            mb = self.min_bits(el)
            if self.dec_into(node, ctx, "v"):
                small = "small_" if node.small else ""
                return f"decode_{small}list(r, {node.size.rust}, {max(mb, 1) if mb else 0})"
            ety = self.rust_type(el, ctx + "Item")
            return (f"(|| -> Result<Vec<{ety}>> {{ let mut v = Vec::new(); "
                    f"r.read_sized({node.size.rust}, {max(mb, 1) if mb else 0}, |r, n| {{ reserve(&mut v, n); for _ in 0..n {{ v.push({self.dec(el, ctx + 'Item', path)}?); }} Ok(()) }})?; Ok(v) }})()")
        if isinstance(node, INLINE):
            return f"{type_name(ctx)}::decode(r)"
        raise SystemExit(f"cannot decode {node.kind}")

    def decode_items(self, name, node):
        """`impl Decode` of `name` (and, for a CHOICE, its block read)."""
        rn = type_name(name)
        if isinstance(node, Integer):
            return [f"impl Decode for {rn} {{\n    #[inline]\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{\n"
                    f"        {self.dec(node, name, name)}.map({rn})\n    }}\n}}\n"]
        if isinstance(node, Enumerated):
            return self.enum_decode(name, node)
        if isinstance(node, Sequence):
            return self.seq_decode_impl(name, node)
        if isinstance(node, Choice):
            return self.choice_decode(name, node)
        ctx = name + ("Item" if isinstance(node, SequenceOf) else "")
        place = self.dec_into(node, name, "self.0")
        # A list held in place (`SmallList`) reads its usual entries inline: its decoder goes
        # where the value around it is decoded (see `per::small_list::decode_small_list_into`).
        hot = "\n    #[inline(always)]" if isinstance(node, SequenceOf) and node.small else ""
        into = f"{hot}\n    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {{\n        {place}\n    }}\n" if place else ""
        blank = self.blank_fn(f"{rn}({self.blank_expr(node, ctx)})") if self.needs_alloc(node) else ""
        return [f"impl Decode for {rn} {{\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{\n"
                f"        {self.dec(node, name, name)}.map({rn})\n    }}\n{into}{blank}}}\n"]

    @staticmethod
    def enum_decode(name, node):
        """An ENUMERATED: its index (or, extensible, an addition's normally small index)."""
        rn = type_name(name)
        body = []
        if node.ext:
            body.append("if r.read_bool()? {")
            body.append("    return Ok(match r.read_normally_small()? {")
            for i, v in enumerate(node.additions):
                body.append(f"        {i} => {rn}::{variant_name(v.name)},")
            body.append(f"        i => {rn}::Unrecognized(i),")
            body.append("    });")
            body.append("}")
        body.append("let at = r.position();")
        body.append(f"Ok(match r.read_bits({node.index_bits})? {{")
        for i, v in enumerate(node.sorted_root):
            body.append(f"    {i} => {rn}::{variant_name(v.name)},")
        body.append("    _ => return Err(Error::new(ErrorKind::InvalidEnumerated, at)),")
        body.append("})")
        return [f"impl Decode for {rn} {{\n    #[inline]\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{",
                f"        (|| -> Result<Self> {{ {' '.join(body)} }})()\n    }}\n}}\n"]

    def seq_decode_impl(self, name, node):
        """A SEQUENCE's `impl Decode`.

        Plain values (no heap data) are small: their decoders inline into the callers.
        Values with heap data are decoded in place, a new one into its blank (`Default`
        with empty lists and strings: built where it stays, not built and then moved, and
        each list allocated once at its length)."""
        rn = type_name(name)
        out = []
        if self.needs_alloc(node):
            out.append(f"impl Decode for {rn} {{\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{")
            out.append("        let mut v = Self::blank();\n        v.decode_into(r)?;\n        Ok(v)\n    }")
            out.append(self.blank_fn(self.struct_value(name, node, self.blank_expr)))
            out.append("\n    #[inline(always)]\n    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {")
            out += self.seq_decode(name, node, True)
            out.append("    }")
        else:
            out.append(f"impl Decode for {rn} {{\n    #[inline]\n    fn decode(r: &mut BitReader<'_>) -> Result<Self> {{")
            out += self.seq_decode(name, node, False)
            out.append("    }")
        out.append("}\n")
        return out

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

    def seq_decode(self, name, node, into):
        """Body of a SEQUENCE's `decode` (a new value) or, with `into`, `decode_into` (each
        field decoded into its place, reusing its heap blocks)."""
        rn = type_name(name)
        ext, root, adds, add_members, opts = node.ext, node.root, node.additions, node.addition_members, node.optionals
        clash = [m.name for m in root + add_members if field_name(m.name) in LOCALS]
        if clash:
            raise SystemExit(f"{name}: the fields {clash} would shadow the decoder's own variables; "
                             "give them other Rust names (naming.FIELD_NAMES)")
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
                if pre:
                    out.append("        let pre;")

                def member(m, present):
                    fn = field_name(m.name)
                    path = f"{name}.{m.name}"
                    ctx = name + type_name(m.name)
                    f, sl = self.from_bits(m.type, ctx, path), f"{self.dec(m.type, ctx, path)}.field(\"{path}\")?"
                    if present:
                        f, sl = (f"if {present} {{ Some({x}) }} else {{ None }}" for x in (f, sl))
                    target = f"self.{fn}" if into else fn
                    if not into:
                        out.append(f"        let {fn};")
                    return f"{target} = {f};", f"{target} = {sl};"
                out += ["        " + x for x in self.block_read(name, run, pre, blk, npre, opts, member, padded=into)]
                lines += [field_name(m.name) for m, _ in run]
                if pre:
                    out += self.preamble(ext, opts, [m for m in opts if m not in [x for x, _ in run]])
                continue
            for m, _ in run:
                fn = field_name(m.name)
                path = f"{name}.{m.name}"
                ctx = name + type_name(m.name)
                boxed = (name, m.name) in self.tuning.boxed
                d = f"{self.dec(m.type, ctx, path)}{'.map(Box::new)' if boxed else ''}.field(\"{path}\")?"
                lines.append(fn)
                if m.has_presence_bit:
                    present = f"opt >> {len(opts) - 1 - opts.index(m)} & 1 == 1"
                    if into and (boxed or self.dec_into(m.type, ctx, "x") == "x.decode_into(r)"):
                        out.append(f"        decode_opt_into(&mut self.{fn}, {present}, r).field(\"{path}\")?;")
                        continue
                    place = into and self.dec_into(m.type, ctx, "(*v)")
                    if place:
                        out.append(f"        if {present} {{ decode_opt_with(&mut self.{fn}, r, |v, r| {place}).field(\"{path}\")?; }} "
                                   f"else {{ clear(&mut self.{fn}); }}")
                        continue
                    out.append(f"        {bind(fn)} if {present} {{ Some({d}) }} else {{ None }};")
                else:
                    place = into and self.dec_into(m.type, ctx, f"self.{fn}")
                    if place:
                        out.append(f"        {place}.field(\"{path}\")?;")
                        continue
                    out.append(f"        {bind(fn)} {d};")
        if ext and adds:
            for m in add_members:
                out.append(f"        let mut {field_name(m.name)} = None;")
            out.append("        let ext = if ext {")
            out.append(f"            Some(Extensions::decode_with(r, {len(adds)}, |i, r| {{ match i {{")
            for k, a in enumerate(adds):
                body = []
                if a.group:
                    gopts = [m for m in a.members if m.has_presence_bit]
                    if gopts:
                        body.append(f"let gopt = r.read_bits({len(gopts)})?;")
                    for m in a.members:
                        path = f"{name}.{m.name}"
                        d = f"{self.dec(m.type, name + type_name(m.name), path)}.field(\"{path}\")?"
                        if m in gopts:
                            body.append(f"if gopt >> {len(gopts) - 1 - gopts.index(m)} & 1 == 1 {{ {field_name(m.name)} = Some({d}); }}")
                        else:
                            body.append(f"{field_name(m.name)} = Some({d});")
                else:
                    m = a.members[0]
                    path = f"{name}.{m.name}"
                    body.append(f"{field_name(m.name)} = Some({self.dec(m.type, name + type_name(m.name), path)}.field(\"{path}\")?);")
                out.append(f"                {k} => {{ {' '.join(body)} }}")
            out.append("                _ => {}")
            out.append(f"            }} Ok(()) }}).field(\"{name}....\")?)")
            out.append("        } else { None };")
            # Keep the additions' bitmap only when the known fields would not give it back.
            present = ", ".join(" || ".join(f"{field_name(m.name)}.is_some()" for m in a.members) for a in adds)
            out.append(f"        {bind('ext')} ext.filter(|x_| !x_.is_implied_by(&[{present}]));")
            if into:
                out += [f"        self.{field_name(m.name)} = {field_name(m.name)};" for m in add_members]
            lines += [field_name(m.name) for m in add_members]
            lines.append("ext")
        elif ext:
            some = f"Some(Extensions::decode_unknown(r).field(\"{name}....\")?)"
            out.append(f"        if ext {{ self.ext = {some}; }} else {{ clear(&mut self.ext); }}" if into else
                       f"        let ext = if ext {{ {some} }} else {{ None }};")
            lines.append("ext")
        out.append("        Ok(())" if into else f"        Ok({rn} {{ {', '.join(lines)} }})")
        return out

    def choice_decode(self, name, node):
        """A CHOICE's `impl Decode` (and its block read of fixed-width alternatives)."""
        rn = type_name(name)
        root, adds, ext = node.root, node.additions, node.ext
        out = []
        block = self.choice_block(name, node, lambda m, ctx, path: f"{rn}::{variant_name(m.name)}({self.from_bits(m.type, ctx, path)})")
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
            out.append("        if let Some(v) = Self::decode_block(r) { return Ok(v); }")
        if ext:
            out.append(f"        if r.read_bool().field(\"{name}\")? {{")
            out.append(f"            let index = r.read_normally_small().field(\"{name}\")?;")
            out.append("            return match index {")
            for i, m in enumerate(adds):
                # The addition's content is an open type: decoded from its own reader.
                null = isinstance(m.type, Null)
                dec = ("Ok::<(), Error>(())" if null else
                       f"{{ let r = &mut sub; {self.dec(m.type, name + type_name(m.name), name)} }}")
                out.append(f"                {i} => {{ let {'' if null else 'mut '}sub = r.read_open().field(\"{name}\")?; let s = sub.position(); "
                           f"let v = {dec}.field(\"{name}.{m.name}\")?; "
                           f"sub.check_open_end(s).field(\"{name}.{m.name}\")?; Ok({rn}::{variant_name(m.name)}(v)) }}")
            out.append(f"                _ => Ok({rn}::Unknown(UnknownAlternative {{ index, content: OpenType::decode(r).field(\"{name}\")?.0 }})),")
            out.append("            };")
            out.append("        }")
        out.append("        let at = r.position();")
        out.append(f"        match r.read_bits({node.index_bits}).field(\"{name}\")? {{")
        for i, m in enumerate(root):
            path = f"{name}.{m.name}"
            out.append(f"            {i} => Ok({rn}::{variant_name(m.name)}({self.dec(m.type, name + type_name(m.name), path)}.field(\"{path}\")?)),")
        out.append(f"            _ => Err(Error::new(ErrorKind::InvalidChoice, at).in_field(\"{name}\")),")
        out.append("        }\n    }")
        out += self.choice_decode_into(name, node, bool(block))
        if self.needs_alloc(node):
            m = root[0]
            out.append(self.blank_fn(f"{rn}::{variant_name(m.name)}({self.blank_expr(m.type, name + type_name(m.name))})"))
        out.append("}\n")
        return out

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
