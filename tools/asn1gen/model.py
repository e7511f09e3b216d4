"""The typed model of a family's ASN.1: modules, type definitions and type nodes.

`build_model` turns what `asn1tools.parse_files` returns into these dataclasses once:
constraints become numbers (`Integer.lb`, `Size`), references are linked to their
definitions (`Ref.target`), class fields are replaced by what they stand for (`&id` by
its type, `&Type` by `Open`), and the `--` comments of the source become `doc` strings.
Backends read only this model, never asn1tools' dictionaries.

Type nodes (`Type` subclasses) each carry a `kind` string naming the construct, for
backends that prefer a `match` on it to `isinstance`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Optional

from . import comments
from .naming import int_repr

# References are followed at most this deep (a guard against cycles the parser accepts).
MAX_DEPTH = 50


@dataclass(eq=False)
class Size:
    """A SIZE constraint: `lb..ub` (ub None for MAX), extensible or not. `constrained` is
    False for a type written without SIZE (then lb 0, ub None)."""
    lb: int = 0
    ub: Optional[int] = None
    ext: bool = False
    constrained: bool = False

    @property
    def rust(self) -> str:
        """The Rust `Size` expression of the runtime (`Size::range(1, 8)`)."""
        if not self.constrained:
            return "Size::UNCONSTRAINED"
        if self.ub is None:
            e = f"Size {{ lb: {self.lb}, ub: None, ext: false }}"
        elif self.lb == self.ub:
            e = f"Size::fixed({self.lb})"
        else:
            e = f"Size::range({self.lb}, {self.ub})"
        return e + ".extensible()" if self.ext else e

    def asn(self) -> str:
        """The constraint as ASN.1 writes it (`SIZE(1..8, ...)`), or "" if unconstrained."""
        if not self.constrained:
            return ""
        ub = "" if self.ub == self.lb else f"..{self.ub}"
        return f" SIZE({self.lb}{ub}{', ...' if self.ext else ''})"


class Type:
    """A type node: the construct of a definition, of a member, or of a list's element."""
    kind: ClassVar[str] = ""


@dataclass(eq=False)
class Integer(Type):
    """`INTEGER (lb..ub, ...)`; lb/ub None for MIN/MAX or no constraint."""
    kind: ClassVar[str] = "INTEGER"
    lb: Optional[int] = None
    ub: Optional[int] = None
    ext: bool = False
    named_numbers: dict = field(default_factory=dict)

    @property
    def constrained(self) -> bool:
        """Both bounds known: a constrained whole number of `bits` bits."""
        return self.lb is not None and self.ub is not None

    @property
    def bits(self) -> int:
        """The width of the constrained encoding, `ub - lb` in binary (0 for one value)."""
        return (self.ub - self.lb).bit_length()

    @property
    def rust(self) -> str:
        """The Rust type of a UPER value: the smallest holding the root, or `i64` for an
        extensible constraint (a value outside the root is any whole number: UPER writes it
        unconstrained after the extension bit), as for an unconstrained INTEGER."""
        if self.ext and self.constrained and self.lb >= -2**63 and self.ub < 2**63:
            return "i64"
        return int_repr(self.lb, self.ub)


@dataclass(eq=False)
class Boolean(Type):
    """`BOOLEAN`."""
    kind: ClassVar[str] = "BOOLEAN"


@dataclass(eq=False)
class Null(Type):
    """`NULL`."""
    kind: ClassVar[str] = "NULL"


@dataclass(eq=False)
class EnumValue:
    """One value of an ENUMERATED: its identifier, number and comment."""
    name: str
    number: int
    doc: str = ""


@dataclass(eq=False)
class Enumerated(Type):
    """`ENUMERATED { root, ..., additions }`; `root` in the order written (UPER encodes
    the index in `sorted_root`, ordered by number)."""
    kind: ClassVar[str] = "ENUMERATED"
    root: list = field(default_factory=list)
    additions: list = field(default_factory=list)
    ext: bool = False

    @property
    def sorted_root(self) -> list:
        """The root values in the order of their encoding (by number)."""
        return sorted(self.root, key=lambda v: v.number)

    @property
    def index_bits(self) -> int:
        """The width of a root value's index."""
        return (len(self.root) - 1).bit_length()


@dataclass(eq=False)
class BitString(Type):
    """`BIT STRING { named bits } (SIZE ...)`; `named_bits` as (name, bit number, doc)."""
    kind: ClassVar[str] = "BIT STRING"
    size: Size = field(default_factory=Size)
    named_bits: list = field(default_factory=list)


@dataclass(eq=False)
class OctetString(Type):
    """`OCTET STRING (SIZE ...)`."""
    kind: ClassVar[str] = "OCTET STRING"
    size: Size = field(default_factory=Size)

    @property
    def fixed_octets(self) -> Optional[int]:
        """The octet count of a fixed size of at most 64 (held as `[u8; N]`), else None."""
        s = self.size
        return s.lb if s.constrained and s.lb == s.ub and not s.ext and s.lb <= 64 else None


@dataclass(eq=False)
class ObjectId(OctetString):
    """`OBJECT IDENTIFIER`. On the wire an unconstrained OCTET STRING (its X.690 contents
    octets), so the backends that only frame it (sizes, skips of views, blocks) read it as
    one; those that build, check or show a value (`rust`: the runtime type) know it apart."""
    kind: ClassVar[str] = "OBJECT IDENTIFIER"
    rust: ClassVar[str] = "crate::per::ObjectIdentifier"


@dataclass(eq=False)
class RelativeOid(ObjectId):
    """`RELATIVE-OID` (as `ObjectId`, no combined first arcs)."""
    kind: ClassVar[str] = "RELATIVE-OID"
    rust: ClassVar[str] = "crate::per::RelativeOid"


@dataclass(eq=False)
class CharString(Type):
    """A character string type: `kind_name` is `IA5String`, `UTF8String`, ...."""
    kind: ClassVar[str] = "CharString"
    kind_name: str = "IA5String"
    size: Size = field(default_factory=Size)


@dataclass(eq=False)
class SequenceOf(Type):
    """`SEQUENCE (SIZE ...) OF element`; `small`: how many entries a family's tuning holds
    in place in a `SmallList` (0: a `Vec`)."""
    kind: ClassVar[str] = "SEQUENCE OF"
    element: Type = None
    size: Size = field(default_factory=Size)
    small: int = 0


@dataclass(eq=False)
class Member:
    """A SEQUENCE member or a CHOICE alternative."""
    name: str
    type: Type
    optional: bool = False
    has_default: bool = False
    default: object = None
    doc: str = ""

    @property
    def has_presence_bit(self) -> bool:
        """OPTIONAL or DEFAULT: a presence bit in the SEQUENCE's preamble."""
        return self.optional or self.has_default


@dataclass(eq=False)
class Addition:
    """An extension addition of a SEQUENCE: one member, or a group `[[ ... ]]`."""
    members: list
    group: bool = False


@dataclass(eq=False)
class Sequence(Type):
    """`SEQUENCE { root, ..., additions }`."""
    kind: ClassVar[str] = "SEQUENCE"
    root: list = field(default_factory=list)
    ext: bool = False
    additions: list = field(default_factory=list)

    @property
    def optionals(self) -> list:
        """The root members with a presence bit, in order."""
        return [m for m in self.root if m.has_presence_bit]

    @property
    def addition_members(self) -> list:
        """Every member of every addition, in order."""
        return [m for a in self.additions for m in a.members]


@dataclass(eq=False)
class Choice(Type):
    """`CHOICE { root, ..., additions }` (additions are single alternatives)."""
    kind: ClassVar[str] = "CHOICE"
    root: list = field(default_factory=list)
    ext: bool = False
    additions: list = field(default_factory=list)

    @property
    def index_bits(self) -> int:
        """The width of a root alternative's index."""
        return (len(self.root) - 1).bit_length()


@dataclass(eq=False)
class Open(Type):
    """An open type (`&Type` of a class, or ANY): length and octets."""
    kind: ClassVar[str] = "OPEN"


@dataclass(eq=False)
class TypedOpen(Type):
    """An open type typed by a sibling member through an information object set
    (`CLASS.&Type ({Set}{@id})`): `objects` maps each id of the set to the `Ref` of its
    type; other ids (the set is extensible) are kept as the open type's octets. `id_member`
    names the SEQUENCE member holding the id (read before this one)."""
    kind: ClassVar[str] = "TYPED OPEN"
    set_name: str = ""
    id_member: str = ""
    objects: dict = field(default_factory=dict)
    ext: bool = False
    class_name: str = ""  # the information object class (`REG-EXT-ID-AND-TYPE`)
    # Set by the generator from its tuning (`Tuning.lenient_open`): content of a known id
    # that does not decode (or would not re-encode to its octets) is kept as octets.
    lenient: bool = False


@dataclass(eq=False)
class Ref(Type):
    """A reference to a defined type, optionally narrowed where used (`ITIScodes
    (523..541)`: `narrowing` is then the INTEGER it is read as)."""
    kind: ClassVar[str] = "REF"
    name: str = ""
    narrowing: Optional[Integer] = None
    target: Optional["Definition"] = None

    def resolved(self) -> Type:
        """The defining construct, through aliases."""
        t, depth = self, 0
        while isinstance(t, Ref) and depth < MAX_DEPTH:
            t = t.target.type
            depth += 1
        return t


@dataclass(eq=False)
class Definition:
    """A type assignment `Name ::= type` of a module; `instance_of` names the
    parameterised type a definition instantiates (see `Instances`), if it does."""
    name: str
    module: str
    type: Type
    doc: str = ""
    instance_of: str = ""


@dataclass(eq=False)
class Module:
    """An ASN.1 module: its definitions in the order written, and its source file."""
    name: str
    path: str
    definitions: list = field(default_factory=list)


@dataclass(eq=False)
class Model:
    """Every module of a family and every type definition by name."""
    modules: list
    types: dict


CHAR_STRINGS = ("IA5String", "UTF8String", "VisibleString", "PrintableString", "NumericString")


def _bounds(constraint):
    """(lb, ub, ext) of asn1tools' `restricted-to`/`size` list; None bounds for MIN/MAX."""
    ext = None in constraint
    rng = [r for r in constraint if r is not None]
    if len(rng) != 1:
        raise SystemExit(f"unsupported constraint {constraint}")
    r = rng[0]
    lb, ub = r if isinstance(r, (list, tuple)) else (r, r)
    return (None if lb == "MIN" else lb), (None if ub == "MAX" else ub), ext


def _size(node) -> Size:
    """The SIZE constraint of an asn1tools node (an unconstrained `Size` if none)."""
    if not node.get("size"):
        return Size()
    lb, ub, ext = _bounds(node["size"])
    return Size(lb, ub, ext, constrained=True)


def _integer(constraint, named=None) -> Integer:
    """An INTEGER of asn1tools' `restricted-to` list (unconstrained if None)."""
    if not constraint:
        return Integer(named_numbers=named or {})
    lb, ub, ext = _bounds(constraint)
    return Integer(lb, ub, ext, named or {})


class _Builder:
    """Builds type nodes from asn1tools dictionaries; `docs` maps comment paths to text."""

    def __init__(self, classes, names, docs, object_sets=None, instances=None):
        self.classes = classes  # "CLASS.&field" -> asn1tools type string
        self.names = names  # every defined type name
        self.docs = docs
        self.object_sets = object_sets or {}  # set name -> ({id: type name}, extensible)
        self.instances = instances  # the module's parameterised references (`Instances`)

    def type(self, node, path):
        """The type node of an asn1tools node at `path` (type name, member names)."""
        t = node["type"]
        if ".&" in t:  # a class field: `&id` is its type, `&Type` an open type
            spec = self.classes[t]
            table = node.get("table")
            if spec == "OpenType" and isinstance(table, list) and table[0] in self.object_sets:
                # `&Type ({Set}{@id})`: typed by the member `id` through the object set.
                objects, ext = self.object_sets[table[0]]
                if len(table[1]) != 1:
                    raise SystemExit(f"{'.'.join(path)}: a table constraint on one member is supported")
                for tn in objects.values():
                    if tn not in self.names:
                        raise SystemExit(f"{'.'.join(path)}: {table[0]} names {tn}, not a type")
                return TypedOpen(table[0], table[1][0].lstrip("@."),
                                 {i: Ref(name=tn) for i, tn in objects.items()}, ext, t.split(".&")[0])
            return Open() if spec == "OpenType" else self.type({"type": spec}, path)
        if t in self.names and "actual-parameters" in node:
            return self.instances.ref(t, path, self)
        if t in self.names:
            if node.get("size"):
                raise SystemExit(f"SIZE on a reference to {t} in {'.'.join(path)}")
            rt = node.get("restricted-to")
            return Ref(name=t, narrowing=_integer(rt) if rt else None)
        if t == "INTEGER":
            named = node.get("named-numbers")
            return _integer(node.get("restricted-to"), named if isinstance(named, dict) else {})
        if t == "BOOLEAN":
            return Boolean()
        if t == "NULL":
            return Null()
        if t == "ANY":
            return Open()
        if t == "BIT STRING":
            bits = [(n, int(i), self.docs.get(path + (n,), "")) for n, i in node.get("named-bits") or []]
            return BitString(_size(node), bits)
        if t == "OCTET STRING":
            return OctetString(_size(node))
        if t in ("OBJECT IDENTIFIER", "RELATIVE-OID"):
            if node.get("size") or node.get("restricted-to") or node.get("with-components"):
                raise SystemExit(f"a constrained {t} in {'.'.join(path)}")
            return ObjectId() if t == "OBJECT IDENTIFIER" else RelativeOid()
        if t in CHAR_STRINGS:
            return CharString(kind_name=t, size=_size(node))
        if t == "SEQUENCE OF":
            return SequenceOf(element=self.type(node["element"], path), size=_size(node))
        if t == "ENUMERATED":
            return self.enumerated(node["values"], path)
        if t in ("SEQUENCE", "CHOICE"):
            return self.constructed(t, node["members"], path)
        raise SystemExit(f"unsupported type {t} in {'.'.join(path)}")

    def member(self, m, path):
        """A SEQUENCE member or CHOICE alternative, with its comment."""
        p = path + (m["name"],)
        return Member(m["name"], self.type(m, p), optional=bool(m.get("optional")),
                      has_default="default" in m, default=m.get("default"), doc=self.docs.get(p, ""))

    def enumerated(self, values, path):
        """An ENUMERATED of asn1tools' values: (name, number) pairs, None for `...`."""
        def value(v):
            return EnumValue(v[0], v[1], self.docs.get(path + (v[0],), ""))
        ext = None in values
        cut = values.index(None) if ext else len(values)
        return Enumerated(root=[value(v) for v in values[:cut]],
                          additions=[value(v) for v in values[cut + 1:] if v is not None], ext=ext)

    def constructed(self, t, members, path):
        """A SEQUENCE or CHOICE of asn1tools' members: dicts, None for `...`, lists for groups."""
        ext = None in members
        cut = members.index(None) if ext else len(members)
        root = [self.member(m, path) for m in members[:cut]]
        adds = []
        for a in members[cut + 1:]:
            if a is None:
                continue
            group = isinstance(a, list)
            adds.append(Addition([self.member(m, path) for m in (a if group else [a])], group))
        if t == "SEQUENCE":
            return Sequence(root, ext, adds)
        if any(a.group for a in adds):
            raise SystemExit(f"extension group in CHOICE {'.'.join(path)}")
        return Choice(root, ext, [a.members[0] for a in adds])


# An object of a set in the `&Type IDENTIFIED BY &id` syntax: `{ Type IDENTIFIED BY id }`.
_OBJECT = re.compile(r"\{\s*([A-Za-z][\w-]*)\s+IDENTIFIED\s+BY\s+([\w-]+)\s*\}")


def _object_sets(text, values):
    """The information object sets written in a module's `text` (asn1tools parses their
    names, not their objects): set name -> ({id: type name}, extensible). The ids are
    numbers or value references (`values`: name -> number)."""
    out = {}
    text = re.sub(r"--[^\n]*", "", text)
    for m in re.finditer(r"([A-Z][\w-]*)\s+[A-Z][\w-]*\s*::=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", text):
        body = m.group(2)
        objects = {}
        for tn, idref in _OBJECT.findall(body):
            i = int(idref) if idref.isdigit() else values.get(idref)
            if i is None:
                raise SystemExit(f"object set {m.group(1)}: unknown id value {idref}")
            if i in objects:
                raise SystemExit(f"object set {m.group(1)}: id {i} twice")
            objects[i] = tn
        if objects:
            out[m.group(1)] = (objects, "..." in _OBJECT.sub("", body))
    return out


class Instances:
    """The references to a parameterised type with an information object set as actual
    parameter (`RegionalExtension {{Reg-MapData}}`). asn1tools parses the definition (its
    `parameters`) but not the actual parameter, so each module's references are read from
    its text, in the order asn1tools gives its nodes (the order written).

    A reference whose set has objects becomes a definition of its own, named after the
    set (`Reg-MapData`), in the set's module: the parameterised type with the set put in
    for its parameter (an open type typed by the set). A reference whose set is empty (or
    unknown) is the parameterised type itself, whose open type stays untyped."""

    _REF = re.compile(r"\b([A-Z][\w-]*)\s*\{\s*\{\s*([A-Za-z][\w-]*)\s*\}\s*\}")

    def __init__(self, parsed, object_sets, set_modules):
        self.parsed = parsed
        self.object_sets = object_sets
        self.set_modules = set_modules  # set name -> (module name, position in its text)
        self.pending = []
        self.made = {}  # set name -> Definition

    def start(self, text):
        """Begins a module: its references, in the order written."""
        self.pending = self._REF.findall(re.sub(r"--[^\n]*", "", text))

    def ref(self, t, path, builder):
        """The type node of the next reference, to the parameterised type `t`."""
        if not self.pending or self.pending[0][0] != t:
            raise SystemExit(f"{'.'.join(path)}: its actual parameter of {t} was not found in the text")
        _, set_name = self.pending.pop(0)
        if set_name not in self.object_sets:
            return Ref(name=t)
        if set_name in builder.names:
            raise SystemExit(f"{set_name}: an object set named like a type")
        if set_name not in self.made:
            node, formal = self._definition(t)
            d = Definition(set_name, self.set_modules[set_name][0], None, instance_of=t,
                           doc=f"`{t}` with `{set_name}` for its parameter `{formal}`.")
            self.made[set_name] = d
            d.type = builder.type(_substitute(node, formal, set_name), (set_name,))
        return Ref(name=set_name)

    def _definition(self, t):
        for m in self.parsed.values():
            node = m["types"].get(t)
            if node is not None:
                params = node.get("parameters") or []
                if len(params) != 1:
                    raise SystemExit(f"{t}: one parameter (an object set) is supported")
                return node, params[0]
        raise SystemExit(f"{t}: not defined")

    def check_done(self, module):
        if self.pending:
            raise SystemExit(f"{module}: references {self.pending} not matched to parsed nodes")


def _substitute(node, formal, actual):
    """A copy of asn1tools' `node` with the object set `formal` replaced by `actual`."""
    if isinstance(node, dict):
        out = {k: _substitute(v, formal, actual) for k, v in node.items() if k != "parameters"}
        table = out.get("table")
        if isinstance(table, list) and table and table[0] == formal:
            out["table"] = [actual] + table[1:]
        elif isinstance(table, dict) and table.get("type") == formal:
            out["table"] = {"type": actual}
        return out
    if isinstance(node, list):
        return [_substitute(x, formal, actual) for x in node]
    return node


def _link(node, types):
    """Sets `Ref.target` throughout `node`."""
    if isinstance(node, TypedOpen):
        for r in node.objects.values():
            _link(r, types)
    elif isinstance(node, Ref):
        node.target = types[node.name]
    elif isinstance(node, SequenceOf):
        _link(node.element, types)
    elif isinstance(node, Sequence):
        for m in node.root + node.addition_members:
            _link(m.type, types)
    elif isinstance(node, Choice):
        for m in node.root + node.additions:
            _link(m.type, types)


def build_model(parsed: dict, paths: dict) -> Model:
    """The model of `parsed` (asn1tools' `parse_files` result); `paths` maps each module
    name to its source file, read again for the comments (asn1tools drops them)."""
    classes = {}
    for m in parsed.values():
        for cname, c in m["object-classes"].items():
            for mem in c["members"]:
                classes[f"{cname}.{mem['name']}"] = mem["type"]
    names = {t for m in parsed.values() for t in m["types"]}
    values = {n: v["value"] for m in parsed.values() for n, v in m.get("values", {}).items()
              if isinstance(v.get("value"), int)}
    texts = {}
    for mname in parsed:
        with open(paths[mname], encoding="utf-8") as f:
            texts[mname] = f.read()
    object_sets, set_modules = {}, {}
    for mname in parsed:
        sets = _object_sets(texts[mname], values)
        object_sets.update(sets)
        for k, sname in enumerate(sets):
            set_modules[sname] = (mname, k)
    instances = Instances(parsed, object_sets, set_modules)
    modules, types = [], {}
    for mname, m in parsed.items():
        docs = comments.docs(texts[mname])
        b = _Builder(classes, names, docs, object_sets, instances)
        instances.start(texts[mname])
        mod = Module(mname, paths[mname])
        for tname, node in m["types"].items():
            d = Definition(tname, mname, b.type(node, (tname,)), docs.get((tname,), ""))
            mod.definitions.append(d)
            types[tname] = d
        instances.check_done(mname)
        modules.append(mod)
    # The instances, in their sets' modules, in the order the sets are written.
    by_module = {mod.name: mod for mod in modules}
    for sname, d in sorted(instances.made.items(), key=lambda x: set_modules[x[0]]):
        by_module[d.module].definitions.append(d)
        types[sname] = d
    for d in types.values():
        _link(d.type, types)
    return Model(modules, types)
