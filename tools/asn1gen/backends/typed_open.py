"""Open types typed by a sibling member through an information object set
(`CLASS.&Type ({Set}{@id})`, `model.TypedOpen`): a Rust enum named after its place (the
SEQUENCE and member, `MessageFrameExtValue`) with a variant per object of the set and
`Unknown(OpenType)` for the other ids (kept as sent, re-encoded byte-exactly).

The enum's codecs take the id (`decode_value_into(id, r)`, `encode_value(id, w)`, the
skip function `<enum>_with(id, r, l)`, `from_json(id, value)`, `arbitrary_with_id(u)`);
the SEQUENCE holding it passes its id member. In JSON the value is the decoded message,
or `{"$open_hex": ...}` for octets kept as sent."""
from ..model import Integer, Ref, Sequence, TypedOpen
from ..naming import field_name, snake, type_name
from .types import doc


def typed_members(node):
    """The (id member, typed open member) pairs of a SEQUENCE, checked: the id is a
    mandatory root member before the open type, an INTEGER or a reference to one."""
    if not isinstance(node, Sequence):
        return []
    out = []
    for i, m in enumerate(node.root):
        if not isinstance(m.type, TypedOpen):
            continue
        idm = next((x for x in node.root[:i] if x.name == m.type.id_member), None)
        if idm is None or idm.has_presence_bit:
            raise SystemExit(f"{m.name}: its id {m.type.id_member} must be a mandatory member before it")
        t = idm.type.resolved() if isinstance(idm.type, Ref) else idm.type
        if not isinstance(t, Integer) or not t.constrained:
            raise SystemExit(f"{m.name}: its id {m.type.id_member} must be a constrained INTEGER")
        out.append((idm, m))
    if len(out) > 1:
        raise SystemExit("one typed open type per SEQUENCE is supported")
    if any(isinstance(m.type, TypedOpen) for a in node.additions for m in a.members):
        raise SystemExit("a typed open type must be a root member")
    return out


def id_value(idm, expr):
    """The Rust `u64` of the id member's value `expr`."""
    return f"{expr}.0 as u64" if isinstance(idm.type, Ref) else f"{expr} as u64"


def id_build(idm, expr):
    """The id member's Rust value from the `u64` `expr`."""
    return f"{type_name(idm.type.name)}({expr} as _)" if isinstance(idm.type, Ref) else f"{expr} as _"


class TypedOpens:
    """Typed open types (a mixin of the generator)."""

    def typed_open_items(self, name, node):
        """The enum of a typed open type and its impls (owned face: type, Default, codecs
        by id, JSON, arbitrary)."""
        rn = type_name(name)
        objs = sorted(node.objects.items())
        variants = [(i, type_name(r.name), r) for i, r in objs]
        ids = " | ".join(str(i) for i, _, _ in variants)
        out = doc(f"An open type typed by `{node.id_member}` through `{node.set_name}`: the message sent with "
                  "each id of the set, or the octets of another id (kept as sent).", "")
        out += ["#[derive(Clone, Debug, PartialEq)]", f"pub enum {rn} {{"]
        for i, v, r in variants:
            out.append(f"    /// `{r.name}` (`{node.id_member}` {i}).")
            out.append(f"    {v}({type_name(r.name)}),")
        unread = " or that does not read as its message" if node.lenient else ""
        out.append(f"    /// An id not in `{node.set_name}` (or content given as octets{unread}): the open type's octets,")
        out.append("    /// re-encoded as they are (`{\"$open_hex\": ...}` in JSON).")
        out.append("    Unknown(OpenType),")
        out.append("}\n")
        first = variants[0][1]
        out.append(f"impl Default for {rn} {{\n    fn default() -> Self {{\n        {rn}::{first}(Default::default())\n    }}\n}}\n")
        out.append(f"impl {rn} {{")
        out.append(f"    /// The ids of `{node.set_name}`.")
        out.append(f"    pub const IDS: [u64; {len(variants)}] = [{', '.join(str(i) for i, _, _ in variants)}];\n")
        out.append("    /// The id of the message held (`None` for octets kept as sent).")
        out.append("    pub fn id(&self) -> Option<u64> {\n        match self {")
        out += [f"            {rn}::{v}(_) => Some({i})," for i, v, _ in variants]
        out.append(f"            {rn}::Unknown(_) => None,\n        }}\n    }}\n")
        out.append(f"    /// Whether `id` is in `{node.set_name}`.")
        out.append(f"    pub fn is_known(id: u64) -> bool {{\n        matches!(id, {ids})\n    }}\n")
        makers = [("with_id", "Decode::blank()", "its blank (the place a new one is decoded into)")]
        if not node.lenient:
            makers.append(("default_with_id", "Default::default()", "its `Default` (what a failed decode leaves)"))
        for fn, make, what in makers:
            out.append(f"    /// The message sent with `id` holding {what}; octets for another id.")
            out.append(f"    fn {fn}(id: u64) -> Self {{\n        match id {{")
            out += [f"            {i} => {rn}::{v}({make})," for i, v, _ in variants]
            out.append(f"            _ => {rn}::Unknown(OpenType(Vec::new())),\n        }}\n    }}\n")
        out += self.lenient_decode(rn, variants) if node.lenient else self.strict_decode(rn, variants)
        out.append("    /// Encodes the value as the open type sent with `id`; `Unencodable` if it holds the")
        out.append("    /// message of another id (octets are written whatever the id).")
        out.append("    pub fn encode_value<S: Sink>(&self, id: u64, w: &mut BitWriter<S>) -> Result<()> {")
        out.append("        match self {")
        out += [f"            {rn}::{v}(m) if id == {i} => crate::per::owned::encode_open(m, w)," for i, v, _ in variants]
        out.append(f"            {rn}::Unknown(o) => o.encode(w),")
        out.append("            _ => Err(w.error(ErrorKind::Unencodable)),")
        out.append("        }\n    }\n}\n")
        # JSON: the message itself (or {"$open_hex": ...}); read back by its id.
        out.append('#[cfg(feature = "serde")]')
        out.append(f"impl serde::Serialize for {rn} {{")
        out.append("    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {")
        out.append("        match self {")
        out += [f"            {rn}::{v}(m) => m.serialize(s)," for _, v, _ in variants]
        out.append(f"            {rn}::Unknown(o) => o.serialize(s),\n        }}\n    }}\n}}\n")
        out.append('#[cfg(feature = "serde")]')
        out.append(f"impl {rn} {{")
        out.append("    /// The value sent with `id` from its JSON: `{\"$open_hex\": ...}` (octets, any id), else")
        out.append(f"    /// the message of `id` (an id outside `{node.set_name}` must be given as octets).")
        out.append("    pub fn from_json(id: u64, v: serde_json::Value) -> core::result::Result<Self, serde_json::Error> {")
        out.append("        use serde::de::Error as _;")
        out.append(f"        if v.get(\"$open_hex\").is_some() {{\n            return serde_json::from_value(v).map({rn}::Unknown);\n        }}")
        out.append("        Ok(match id {")
        out += [f"            {i} => {rn}::{v}(serde_json::from_value(v)?)," for i, v, _ in variants]
        # (Short literals: rustfmt can break the call whatever the set's name.)
        out.append(f"            _ => return Err(serde_json::Error::custom(alloc::format!(\"{{}} {{id}} is not in {{}}: "
                   f"give its value as $open_hex\", \"{node.id_member}\", \"{node.set_name}\"))),")
        out.append("        })\n    }\n}\n")
        # Arbitrary values with their id: mostly a known message, rarely another id's octets.
        lb, ub = node.id_bounds
        out.append('#[cfg(feature = "arbitrary")]')
        out.append(f"impl {rn} {{")
        out.append("    /// An arbitrary value and the id it is sent with: a known message, or rarely the octets")
        out.append(f"    /// of an id outside `{node.set_name}`.")
        out.append("    pub fn arbitrary_with_id(u: &mut Unstructured<'_>) -> arbitrary::Result<(u64, Self)> {")
        out.append("        if arb::rare(u)? {")
        out.append(f"            let id: u64 = u.int_in_range({lb}..={ub})?;")
        out.append(f"            if !Self::is_known(id) {{\n                return Ok((id, {rn}::Unknown(u.arbitrary()?)));\n            }}")
        out.append("        }")
        out.append(f"        Ok(match u.int_in_range(0..={len(variants) - 1})? {{")
        for k, (i, v, _) in enumerate(variants):
            pat = "_" if k == len(variants) - 1 else str(k)
            out.append(f"            {pat} => ({i}, {rn}::{v}(u.arbitrary()?)),")
        out.append("        })\n    }\n}\n")
        return out

    def strict_decode(self, rn, variants):
        """`decode_value_into` and `decode_value` of a typed open type whose known ids' content
        must decode (else an error)."""
        out = []
        out.append("    /// Decodes the open type sent with `id` (its length, then the message, which must fill it")
        out.append("    /// up to the zero padding) into the message `self` holds when it is the one of `id`.")
        out.append("    pub fn decode_value_into(&mut self, id: u64, r: &mut BitReader<'_>) -> Result<()> {")
        out.append(f"        if !Self::is_known(id) {{\n            *self = {rn}::Unknown(OpenType::decode(r)?);\n            return Ok(());\n        }}")
        out.append("        let fresh = self.id() != Some(id);")
        out.append("        if fresh {\n            *self = Self::with_id(id);\n        }")
        out.append("        let got = match self {")
        out += [f"            {rn}::{v}(m) => r.read_open_into(m)," for _, v, _ in variants]
        out.append(f"            {rn}::Unknown(o) => OpenType::decode(r).map(|x| *o = x),")
        out.append("        };")
        out.append("        if got.is_err() && fresh {\n            *self = Self::default_with_id(id);\n        }")
        out.append("        got\n    }\n")
        out.append("    /// Decodes the open type sent with `id` (see [`Self::decode_value_into`]).")
        out.append("    pub fn decode_value(id: u64, r: &mut BitReader<'_>) -> Result<Self> {")
        out.append("        let mut v = Self::with_id(id);\n        v.decode_value_into(id, r)?;\n        Ok(v)\n    }\n")
        return out

    def lenient_decode(self, rn, variants):
        """`decode_value_into`, `decode_value` and `from_octets` of a lenient typed open type
        (`TypedOpen.lenient`): the octets are read first; the message of a known id is taken
        from them only if it fills them (up to the zero padding) and re-encodes to them, else
        the octets are kept. Only the open type's framing (its length) can fail."""
        out = ["    /// Decodes the open type sent with `id`: its octets, then the message of `id` read from",
               "    /// them (in place when `self` holds it) if it fills them and re-encodes to them; else",
               "    /// the octets, kept as sent. Fails only on the open type's length.",
               "    pub fn decode_value_into(&mut self, id: u64, r: &mut BitReader<'_>) -> Result<()> {",
               "        let o = OpenType::decode(r)?;",
               "        self.set_octets(id, o);",
               "        Ok(())\n    }\n",
               "    /// Decodes the open type sent with `id` (see [`Self::decode_value_into`]).",
               "    pub fn decode_value(id: u64, r: &mut BitReader<'_>) -> Result<Self> {",
               "        let mut v = Self::with_id(id);\n        v.decode_value_into(id, r)?;\n        Ok(v)\n    }\n",
               "    /// The value sent with `id` whose open type holds the octets `o` (see",
               "    /// [`Self::decode_value_into`]).",
               "    pub fn from_octets(id: u64, o: OpenType) -> Self {",
               "        let mut v = Self::with_id(id);\n        v.set_octets(id, o);\n        v\n    }\n",
               "    /// Holds the message of `id` read from `o` if it reads exactly, else `o`.",
               "    fn set_octets(&mut self, id: u64, o: OpenType) {",
               f"        if !Self::is_known(id) {{\n            *self = {rn}::Unknown(o);\n            return;\n        }}",
               "        if self.id() != Some(id) {\n            *self = Self::with_id(id);\n        }",
               "        let exact = match self {"]
        out += [f"            {rn}::{v}(m) => BitReader::new(&o.0).decode_content_into(m).is_ok() "
                "&& m.to_uper().is_ok_and(|e| e == o.0)," for _, v, _ in variants]
        out += [f"            {rn}::Unknown(_) => false,", "        };",
                f"        if !exact {{\n            *self = {rn}::Unknown(o);\n        }}", "    }\n"]
        return out

    def instance_from(self, name, node, generic):
        """`From<generic>` of an instance of a parameterised type (`model.Instances`): the
        untyped value (its open type as octets) typed by the instance's set, as its decode
        would type it."""
        (idm, tm), = typed_members(node)
        rn, gn = type_name(name), type_name(generic)
        moves = []
        for m in node.root:
            fn = field_name(m.name)
            if m is tm:
                moves.append(f"{fn}: {type_name(name + type_name(m.name))}::from_octets("
                             f"{id_value(idm, 'v.' + field_name(idm.name))}, v.{fn})")
            else:
                moves.append(f"{fn}: v.{fn}")
        return [f"impl From<{gn}> for {rn} {{",
                f"    /// The `{generic}` typed by `{name}` (octets of a region outside it, or that do not",
                "    /// read as its type, stay octets).",
                f"    fn from(v: {gn}) -> Self {{\n        {rn} {{ {', '.join(moves)} }}\n    }}", "}\n"]

    def typed_struct_serde(self, name, node):
        """`Deserialize` of a SEQUENCE holding a typed open type: its members read with the
        open type as JSON, then typed by the id read beside it."""
        (idm, tm), = typed_members(node)
        rn = type_name(name)
        adds = node.addition_members
        fields, moves = [], []
        for m in node.root + adds:
            fn = field_name(m.name)
            fty = "serde_json::Value" if m is tm else self.rust_type(m.type, name + type_name(m.name))
            if (name, m.name) in self.tuning.boxed:
                fty = f"Box<{fty}>"
            if m.has_presence_bit or m in adds:
                fields.append(f'        #[serde(rename = "{m.name}", default)]\n        {fn}: Option<{fty}>,')
            else:
                fields.append(f'        #[serde(rename = "{m.name}")]\n        {fn}: {fty},')
            if m is tm:
                moves.append(f"{fn}: {type_name(name + type_name(m.name))}::from_json({id_value(idm, 'raw.' + field_name(idm.name))}, "
                             f"raw.{fn}).map_err(D::Error::custom)?")
            else:
                moves.append(f"{fn}: raw.{fn}")
        if node.ext:
            fields.append('        #[serde(rename = "$ext", default)]\n        ext: Option<Extensions>,')
            moves.append("ext: raw.ext")
        out = ['#[cfg(feature = "serde")]', f"impl<'de> serde::Deserialize<'de> for {rn} {{",
               "    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {",
               "        use serde::de::Error as _;",
               "        #[derive(serde::Deserialize)]", "        struct Raw {"]
        out += ["    " + f for f in fields]
        out += ["        }", "        let raw = Raw::deserialize(d)?;", f"        Ok({rn} {{ {', '.join(moves)} }})", "    }", "}\n"]
        return out

    def typed_struct_arbitrary(self, name, node, body):
        """The arbitrary SEQUENCE `body` (see `seq_arbitrary`) with its id and typed open
        type taken together from `arbitrary_with_id`."""
        (idm, tm), = typed_members(node)
        enum = type_name(name + type_name(tm.name))
        out = [f"let (id_, value_) = {enum}::arbitrary_with_id(u)?;"]
        for line in body:
            if line.startswith(f"    {field_name(idm.name)}: "):
                line = f"    {field_name(idm.name)}: {id_build(idm, 'id_')},"
            elif line.startswith(f"    {field_name(tm.name)}: "):
                line = f"    {field_name(tm.name)}: value_,"
            out.append(line)
        return out

    def typed_seq_skip(self, name, node):
        """Body of the skip of a SEQUENCE holding a typed open type: member by member, the
        id kept to type the open type."""
        (idm, tm), = typed_members(node)
        opts = node.optionals
        npre = (1 if node.ext else 0) + len(opts)
        body = []
        if npre:
            body.append(f"let pre = r.read_bits({npre}).field(\"{name}\")?;")
            body += [x.strip() for x in self.preamble(node.ext, opts)]
        for m in node.root:
            path = f"{name}.{m.name}"
            ctx = name + type_name(m.name)
            if m is idm:
                body.append(f"let id_ = {self.dec(m.type, ctx, path)}.field(\"{path}\")?;")
                continue
            if m is tm and tm.type.lenient:
                # (Its content is checked by the owned decode, which keeps what does not read.)
                body.append(f"r.read_open().map(drop).field(\"{path}\")?;")
                continue
            if m is tm:
                body.append(f"{snake(type_name(ctx))}_with({id_value(idm, 'id_')}, r, l).field(\"{path}\")?;")
                continue
            e = f"{self.skp(m.type, ctx, path)}.field(\"{path}\")?;"
            if m.has_presence_bit:
                e = f"if opt >> {len(opts) - 1 - opts.index(m)} & 1 == 1 {{ {e} }}"
            body.append(e)
        if node.ext:
            body.append(f"if ext {{ r.skip_extensions().field(\"{name}....\")?; }}")
        body.append("Ok(())")
        return body

    def typed_open_skip_fn(self, name, node):
        """`skip::<enum>(id, r)`: reads past the open type sent with `id`, a known message's
        content checked as a whole value (then only zero padding), other octets skipped."""
        fn = snake(type_name(name))
        out = [f"/// Reads past the open type `{name}` sent with `id`.\n#[inline]\n"
               f"pub fn {fn}(id: u64, r: &mut BitReader<'_>) -> Result<()> {{\n    {fn}_with(id, r, &mut NoLists)\n}}\n",
               f"/// [`{fn}`], telling `l` where each `SEQUENCE OF` in it starts and ends.\n"
               f"pub(crate) fn {fn}_with<L: ListSink>(id: u64, r: &mut BitReader<'_>, l: &mut L) -> Result<()> {{",
               "    match id {"]
        for i, ref in sorted(node.objects.items()):
            out.append(f"        {i} => {{ let mut c = r.read_open()?; let start = c.position(); "
                       f"{{ let r = &mut c; {self.skp(ref, name, name)} }}.and_then(|()| c.check_open_end(start)) }}")
        out.append("        _ => r.read_sized(Size::UNCONSTRAINED, 8, |r, n| r.skip(n * 8)).map(drop),")
        out.append("    }\n}\n")
        return out
