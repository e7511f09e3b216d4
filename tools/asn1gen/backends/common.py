"""What every backend asks of a type node: its Rust type, its minimum encoded size,
whether it holds heap data, its smallest value; and the order types are defined in."""
from ..model import (ObjectId, BitString, Boolean, CharString, Choice, Enumerated, Integer, Null, OctetString, Open, Ref,
                     Sequence, SequenceOf, TypedOpen)
from ..naming import int_repr, type_name

MAX_DEPTH = 20  # recursion guard of the size and width helpers (no J2735 type is recursive)
INLINE = (Sequence, Choice, Enumerated)  # constructs written inline get a type of their own


class Common:
    """The model, the family and the helpers shared by the backends (a mixin base)."""

    def __init__(self, model, family, partial=False):
        self.model = model
        self.family = family
        self.tuning = family.tuning
        # What a group's sharing sets (see `asn1gen.sharing`): the definitions this
        # generator writes (None: all), the Rust names of the types it takes from the
        # group's module and how it re-exports them, and for the group's own generator
        # the views and list entries it writes.
        self.emit = None
        self.shared_types = set()
        self.reexports = None
        self.view_list = None
        self.plain_list = None
        # A group's own generator holds only the shared definitions: tuning entries
        # naming others are for the editions.
        self.partial = partial
        for name, (places, _) in self.tuning.small_lists.items():
            if name in self.model.types or not partial:
                self.model.types[name].type.small = places
        for seq, member in self.tuning.boxed:
            if partial and seq not in self.model.types:
                continue
            node = self.model.types[seq].type
            # (A COER family may box an extension addition too.)
            adds = node.addition_members if family.encoding == "coer" else []
            m = next((m for m in node.root + adds if m.name == member), None)
            # Only the field-by-field reads box a value (block reads build it in place).
            if m is None or not (m.has_presence_bit or m in adds) or seq in self.tuning.optional_in_blocks:
                raise SystemExit(f"boxed {seq}.{member}: only an OPTIONAL root member of a SEQUENCE "
                                 "not in optional_in_blocks can be boxed")
        # Each typed open type learns its id member's type (its codecs take the id). In a
        # hand-written type (J2735's MessageFrame) it stays an open type: the hand-written
        # code types it.
        from .typed_open import typed_members
        for d in self.model.types.values():
            if d.name in self.tuning.hand_written and isinstance(d.type, Sequence):
                for m in d.type.root:
                    if isinstance(m.type, TypedOpen):
                        m.type = Open()
                continue
            for _, node in [(d.name, d.type)] + self.inline_types(d.name, d.type):
                for idm, m in typed_members(node):
                    t = idm.type.resolved() if isinstance(idm.type, Ref) else idm.type
                    m.type.id_bounds = (t.lb, t.ub)
                    m.type.id_is_ref = isinstance(idm.type, Ref)
                    m.type.lenient = m.type.class_name in self.tuning.lenient_open

    # ---- references -----------------------------------------------------------------------
    def hand_written(self, node):
        """Whether `node` refers to a type written by hand (no generated codec)."""
        return isinstance(node, Ref) and node.name in self.tuning.hand_written

    # ---- sizes ------------------------------------------------------------------------------
    def min_bits(self, node, depth=0):
        """A lower bound on the encoded size, to refuse lengths the input cannot hold."""
        if depth > MAX_DEPTH:
            return 0
        if isinstance(node, Ref):
            return 8 if self.hand_written(node) else self.min_bits(node.target.type, depth + 1)
        if isinstance(node, TypedOpen):
            return 8
        if isinstance(node, Integer):
            return node.bits + node.ext if node.constrained else 8
        if isinstance(node, Boolean):
            return 1
        if isinstance(node, Enumerated):
            return (len(node.root) + len(node.additions) - 1).bit_length() + node.ext
        if isinstance(node, Sequence):
            b = int(node.ext)
            for m in node.root:
                b += 1 if m.has_presence_bit else self.min_bits(m.type, depth + 1)
            return b
        if isinstance(node, Choice):
            return node.ext + node.index_bits
        if isinstance(node, (SequenceOf, BitString, OctetString, CharString)):
            if isinstance(node, CharString) and node.kind_name not in ("IA5String", "UTF8String"):
                return 0
            # The length determinant, then at least `lb` units.
            # (A value outside an extensible root may be shorter: extension bit, length 0.)
            s = node.size
            head = (s.ub - s.lb).bit_length() if s.ub is not None and s.ub < 65536 else 8
            if isinstance(node, SequenceOf):
                unit = self.min_bits(node.element, depth + 1)
            else:
                unit = 1 if isinstance(node, BitString) else 8 if isinstance(node, OctetString) else (7 if node.kind_name == "IA5String" else 8)
            root = head + s.lb * unit
            return 1 + min(root, 8) if s.ext else root
        return 0

    def needs_alloc(self, node, depth=0):
        """Whether the Rust type of `node` holds heap data (so it exists only with `alloc`).

        INTEGER and ENUMERATED types, BOOLEAN and NULL, and non-extensible SEQUENCEs and
        CHOICEs of those are plain values: they build without `alloc`, so views can return them.
        """
        if isinstance(node, Ref):
            return depth > 30 or self.needs_alloc(node.target.type, depth + 1)
        if isinstance(node, (Integer, Boolean, Null, Enumerated)):
            return False
        if isinstance(node, OctetString) and node.fixed_octets is not None:
            return False
        if isinstance(node, (Sequence, Choice)):
            return node.ext or any(self.needs_alloc(m.type, depth + 1) for m in node.root)
        return True

    # ---- Rust types -------------------------------------------------------------------------
    def rust_type(self, node, ctx):
        """The Rust type of `node`; an inline SEQUENCE, CHOICE or ENUMERATED is the type
        named `ctx` (see `inline_types`)."""
        if isinstance(node, Ref):
            return type_name(node.name)
        if isinstance(node, Integer):
            return node.rust
        if isinstance(node, Boolean):
            return "bool"
        if isinstance(node, Null):
            return "()"
        if isinstance(node, BitString):
            return "BitString"
        if isinstance(node, ObjectId):
            return node.rust
        if isinstance(node, OctetString):
            n = node.fixed_octets
            return f"[u8; {n}]" if n is not None else "OctetString"
        if isinstance(node, CharString):
            return "String"
        if isinstance(node, Open):
            return "OpenType"
        if isinstance(node, TypedOpen):
            return type_name(ctx)
        if isinstance(node, SequenceOf):
            item = self.rust_type(node.element, ctx + 'Item')
            if not node.small:
                return f"Vec<{item}>"
            return f"SmallList<{item}>" if node.small == 1 else f"SmallList<{item}, {node.small}>"
        if isinstance(node, INLINE):
            return type_name(ctx)
        raise SystemExit(f"unsupported type {node.kind} in {ctx}")

    def default_expr(self, node, ctx):
        """Rust expression of the smallest valid value of `node` (its `Default`): integers
        at their lower bound, the first enumerated value or CHOICE alternative, absent
        OPTIONAL members, lists and strings of their minimum size."""
        if isinstance(node, Ref):
            if node.narrowing:
                return f"{type_name(node.name)}({node.narrowing.lb or 0} as _)"
            return "Default::default()"
        if isinstance(node, Integer):
            return f"{node.lb or 0}"
        if isinstance(node, Boolean):
            return "false"
        if isinstance(node, Null):
            return "()"
        if isinstance(node, Open):
            return "OpenType::default()"
        if isinstance(node, TypedOpen):
            return f"{type_name(ctx)}::default()"
        if isinstance(node, INLINE):
            return f"{type_name(ctx)}::default()"
        lb = node.size.lb
        if isinstance(node, BitString):
            return f"BitString::zeros({lb})"
        if isinstance(node, ObjectId):
            return f"{node.rust}::default()"
        if isinstance(node, OctetString):
            n = node.fixed_octets
            return f"[0; {n}]" if n is not None else f"OctetString(alloc::vec![0; {lb}])"
        if isinstance(node, CharString):
            return f'String::from("{"0" * lb if node.kind_name == "NumericString" else " " * lb}")'
        if isinstance(node, SequenceOf):
            el = self.default_expr(node.element, ctx + "Item")
            return "Vec::new()" if lb == 0 else f"core::iter::repeat_with(|| {el}).take({lb}).collect()"
        raise SystemExit(f"no default for {node.kind} in {ctx}")

    # ---- what is defined, in order ------------------------------------------------------------
    def inline_types(self, name, node):
        """The (name, node) of the SEQUENCEs, CHOICEs and ENUMERATEDs written inline in
        `node` (directly, or as list elements), in the order of their members: each is a
        Rust type named after its place (`ctx` + member name, + `Item` for an element)."""
        def walk(t, ctx):
            if isinstance(t, SequenceOf):
                yield from walk(t.element, ctx + "Item")
            elif isinstance(t, INLINE + (TypedOpen,)):
                yield ctx, t
        members = []
        if isinstance(node, Sequence):
            members = node.root + node.addition_members
        elif isinstance(node, Choice):
            members = node.root + node.additions
        elif isinstance(node, SequenceOf):
            # (A defined list's element is named `<name>ItemItem`, as its Rust type says.)
            return list(walk(node, name + "Item"))
        out = []
        for m in members:
            out += walk(m.type, name + type_name(m.name))
        return out

    def items(self, module, every=False):
        """Every type `module` defines (bar the hand-written ones; unless `every`, only
        those this generator emits), each followed by the types written inline in it,
        depth first: (name, node, definition or None)."""
        out = []

        def visit(name, node, d):
            out.append((name, node, d))
            for n, t in self.inline_types(name, node):
                visit(n, t, None)
        for d in module.definitions:
            if d.name not in self.tuning.hand_written and (every or self.emit is None or d.name in self.emit):
                visit(d.name, d.type, d)
        return out

    def item_owners(self):
        """{item name: the name of the definition it is written in} over every module."""
        owner = {}
        for m in self.model.modules:
            d = None
            for name, _, definition in self.items(m, every=True):
                d = definition.name if definition else d
                owner[name] = d
        return owner
