#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""UPER test oracle for cv2x, built on PyPI `asn1tools` and our own ASN.1
modules in ../../asn1 (J2735-2020 compatible, see the headers there).

Line based, so one process can serve a whole Rust test:

  oracle.py decode TYPE        hex lines in  -> canonical JSON lines out
  oracle.py encode TYPE        canonical JSON lines in -> lowercase hex out
  oracle.py random --seed N --count K TYPE [TYPE...]
                               -> TYPE<TAB>hex<TAB>canonical-json lines
  oracle.py encode-lines       TYPE<TAB>canonical-json lines in -> hex out
  oracle.py decode-lines       TYPE<TAB>hex lines in -> canonical JSON out
  oracle.py types              -> the name of every type of the schema

`--asn1 DIR` before the command compiles the modules of DIR instead of
asn1/j2735 (asn1/csae/2020 for the China profile's differential).

A line that fails prints `ERR <message>` instead; every input line gives
exactly one output line, flushed at once. `random` prints
`ERR <TYPE>: <message>` for a value it fails to make and goes on. Each type
draws from its own generator seeded by "N:TYPE", so a type's values do not
depend on the other types asked for.

Canonical JSON (see tests/vectors/README.md): SEQUENCE -> object of the
present members in ASN.1 order; SEQUENCE OF -> array; CHOICE -> {"alt": v};
INTEGER -> number; ENUMERATED -> identifier; BOOLEAN; NULL -> null; BIT STRING
-> '0'/'1' string of the exact length; OCTET STRING -> lowercase hex; character
strings -> string; open types -> the decoded inner value when the id selects a
type of an information object set in the schema, else {"$open_hex": "..."}.

Open types: asn1tools hands them over as raw octets. The id member and the
object set of each table-constrained open type are read from the schema
(asn1tools' parse tree gives the table constraint; the object set contents,
which asn1tools does not parse, are read from the module text). So
MessageFrame.value is typed by messageId through MessageTypes and
PartIIcontent.partII-Value by partII-Id through BSMpartIIExtension, and
RegionalExtension {Set}'s regExtValue is typed by the site's set only in the
type the Rust generator makes of each set with objects, named after the set
(`Reg-IntersectionState`: see `Oracle.instance`); asn1tools does not keep a
reference's actual parameter, so inside messages the content stays $open_hex,
and random values there use region ids that no set types. Typed content that
does not decode, or does not re-encode to its octets, stays $open_hex (the
crate's lenient rule for regions).

Random values: root members, alternatives and enumerations only (the schema
has no extension additions), except that a BIT STRING with an extensible
SIZE, and an INTEGER with an extensible constraint, are made outside the root
about one time in four.

OBJECT IDENTIFIER and RELATIVE-OID: canonical JSON is the dotted text
("1.0.15628.4.1.17.1.0"). asn1tools codes OBJECT IDENTIFIER; it has no
RELATIVE-OID, which PyPI pycrate (REL_OID) codes here instead (see
RelativeOid). Random arcs are mostly small, some up to 2^64 - 1.

asn1tools 0.169 cannot encode or decode a BIT STRING whose value lies outside
the root of an extensible SIZE constraint (for example VehicleEventFlags
SIZE(13, ...) carried with 14 bits); this module patches the UPER BitString
codec to do what X.691 says (extension bit 1, then the length as an
unconstrained length determinant followed by the bits). The patched encoder
also keeps a value's exact length (no trailing-zero trimming or padding for
named bits), so a 0-bit LaneAttributes-Vehicle SIZE(8, ...), as real MAPs
send it, goes through the extension bit and re-encodes byte-exactly.
"""

import glob
import json
import os
import random
import re
import sys

import asn1tools
from asn1tools.codecs import constraints_checker as _constraints_checker
from asn1tools.codecs import type_checker as _type_checker
from asn1tools.codecs import uper as _uper
from pycrate_asn1rt.asnobj_basic import REL_OID as _PycrateRelOid

HERE = os.path.dirname(os.path.abspath(__file__))
ASN1_DIR = os.path.normpath(os.path.join(HERE, '..', '..', 'asn1', 'j2735'))

MAX_RANDOM_SEQUENCE_OF = 4
MAX_RANDOM_OCTETS = 8
MAX_RANDOM_DEPTH = 24


# ---------------------------------------------------------------------------
# asn1tools patch: OBJECT IDENTIFIER first arcs.
# ---------------------------------------------------------------------------

# (The name the UPER codec's ObjectIdentifier.decode calls, in its own module.)
_OID_GLOBALS = _uper.ObjectIdentifier.decode.__globals__
_decode_object_identifier = _OID_GLOBALS['decode_object_identifier']


def _decode_object_identifier_fixed(data, offset, end_offset):
    """asn1tools 0.169 splits the first subidentifier x as x // 40, x % 40, also for
    x >= 80, where X.690 8.19.4 gives 2, x - 80 ('2.999' decodes as '26.39'). The
    encoder is right (40 * a + b). This keeps asn1tools' arcs past the first two."""
    arcs = _decode_object_identifier(data, offset, end_offset).split('.')
    x = 40 * int(arcs[0]) + int(arcs[1])
    if x >= 80:
        arcs[0:2] = ['2', str(x - 80)]
    return '.'.join(arcs)


_OID_GLOBALS['decode_object_identifier'] = _decode_object_identifier_fixed


# ---------------------------------------------------------------------------
# asn1tools gap: RELATIVE-OID, coded by pycrate.
# ---------------------------------------------------------------------------

class RelativeOid(_uper.Type):
    """RELATIVE-OID for asn1tools' UPER compiler (which has none): the value is its
    dotted text ('4.1.17'), as asn1tools gives an OBJECT IDENTIFIER. PyPI pycrate's
    REL_OID makes and reads the whole encoding (length determinant and contents octets,
    X.691 25 / X.690 8.20); asn1tools only places it in the bit stream."""

    def __init__(self, name):
        super(RelativeOid, self).__init__(name, 'RELATIVE-OID')

    def encode(self, data, encoder):
        v = _PycrateRelOid()
        v.set_val(tuple(int(a) for a in data.split('.')))
        encoder.append_bytes(bytearray(v.to_uper()))

    def decode(self, decoder):
        n = decoder.read_length_determinant()
        if n >= 16384:
            raise OracleError('RELATIVE-OID of {} octets: fragmented, not supported'.format(n))
        head = bytes([n]) if n < 128 else bytes([0x80 | n >> 8, n & 0xff])
        v = _PycrateRelOid()
        v.from_uper(head + bytes(decoder.read_bytes(n)))
        arcs = v.get_val()
        if not arcs:
            raise OracleError('empty RELATIVE-OID')
        return '.'.join(str(a) for a in arcs)


_compile_type = _uper.Compiler.compile_type


def _compile_type_with_relative_oid(self, name, type_descriptor, module_name):
    if type_descriptor['type'] == 'RELATIVE-OID':
        return RelativeOid(name)
    return _compile_type(self, name, type_descriptor, module_name)


_uper.Compiler.compile_type = _compile_type_with_relative_oid


def _checker_with_relative_oid(module):
    """asn1tools' type and constraints checkers, which every compile runs: a RELATIVE-OID
    is checked as text (as they check an OBJECT IDENTIFIER), with no constraint."""
    compile_type = module.Compiler.compile_type

    def patched(self, name, type_descriptor, module_name):
        if type_descriptor['type'] == 'RELATIVE-OID':
            return (module.String if module is _type_checker else module.Skip)(name)
        return compile_type(self, name, type_descriptor, module_name)
    module.Compiler.compile_type = patched


_checker_with_relative_oid(_type_checker)
_checker_with_relative_oid(_constraints_checker)


# ---------------------------------------------------------------------------
# asn1tools patch: extensible BIT STRING SIZE, values outside the root.
# ---------------------------------------------------------------------------

def _bitstring_encode(self, data, encoder):
    bits, number_of_bits = data

    # The value is encoded with exactly the bits it has: no trailing zeros
    # are removed or added for named bits (asn1tools' rstrip_zeros). The
    # canonical JSON keeps the exact length, and real senders do not always
    # normalise: MAPs carry LaneAttributes-Vehicle SIZE(8, ...) with 0 bits
    # through the extension bit, and that must re-encode byte-exactly (the
    # cv2x codec does the same). The random values made below never have
    # trailing zeros past the lower bound, so for them both forms agree.

    if self.has_extension_marker:
        if self.minimum <= number_of_bits <= self.maximum:
            encoder.append_bit(0)
        else:
            encoder.append_bit(1)
            return self.encode_unbound(bits, number_of_bits, encoder)

    if self.number_of_bits is None:
        return self.encode_unbound(bits, number_of_bits, encoder)
    elif self.minimum != self.maximum:
        encoder.append_non_negative_binary_integer(
            number_of_bits - self.minimum, self.number_of_bits)

    encoder.append_bits(bits, number_of_bits)


def _bitstring_decode(self, decoder):
    if self.has_extension_marker and decoder.read_bit():
        return self.decode_unbound(decoder)

    if self.number_of_bits is None:
        return self.decode_unbound(decoder)

    number_of_bits = self.minimum

    if self.minimum != self.maximum:
        number_of_bits += decoder.read_non_negative_binary_integer(
            self.number_of_bits)

    return (decoder.read_bits(number_of_bits), number_of_bits)


_uper.BitString.encode = _bitstring_encode
_uper.BitString.decode = _bitstring_decode


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

class OracleError(Exception):
    pass


def kind(t):
    """The asn1tools codec class name of a compiled type, Recursive resolved."""
    while type(t).__name__ == 'Recursive':
        t = t._inner
    return type(t).__name__, t


STRING_KINDS = {
    'IA5String', 'UTF8String', 'NumericString', 'PrintableString',
    'VisibleString', 'BMPString', 'GeneralString', 'GraphicString',
    'TeletexString', 'UniversalString', 'ObjectDescriptor',
}


def bits_to_str(value):
    data, number_of_bits = value
    as_int = int.from_bytes(bytes(data), 'big') if data else 0
    total = 8 * len(data)
    text = format(as_int, '0{}b'.format(total)) if total else ''
    return text[:number_of_bits].ljust(number_of_bits, '0')


def str_to_bits(text):
    if not isinstance(text, str) or any(c not in '01' for c in text):
        raise OracleError('BIT STRING must be a string of 0 and 1: {!r}'.format(text))
    n = len(text)
    if n == 0:
        return (b'', 0)
    padded = text.ljust(((n + 7) // 8) * 8, '0')
    return (int(padded, 2).to_bytes(len(padded) // 8, 'big'), n)


def all_members(t):
    """Root members then extension additions (addition groups flattened)."""
    members = list(t.root_members)
    for addition in (t.additions or []):
        if type(addition).__name__ == 'AdditionGroup':
            members.extend(addition.root_members)
        else:
            members.append(addition)
    return members


def one_line(text):
    return ' '.join(str(text).split())


# ---------------------------------------------------------------------------
# Schema: compiled types plus the open-type tables
# ---------------------------------------------------------------------------

# A set's body: objects `{ ... }` (one level of braces) and `...`; `{ ... }` alone is empty.
_OBJECT_SET_RE = re.compile(
    r'([A-Za-z][\w-]*)\s+([A-Z][A-Z0-9-]*)\s*::=\s*\{((?:[^{}]|\{[^{}]*\})*)\}', re.S)
_OBJECT_RE = re.compile(
    r'\{\s*([A-Za-z][\w.-]*)\s+IDENTIFIED\s+BY\s+([\w-]+)\s*\}')


def _strip_comments(text):
    out = []
    for line in text.splitlines():
        # `--` starts a comment that runs to the next `--` or the line end.
        parts = line.split('--')
        out.append(''.join(parts[0::2]))
    return '\n'.join(out)


class Oracle(object):

    def __init__(self, asn1_dir=ASN1_DIR):
        files = sorted(glob.glob(os.path.join(asn1_dir, '*.asn')))
        if not files:
            raise OracleError('no ASN.1 modules in {}'.format(asn1_dir))
        self.spec = asn1tools.compile_files(files, 'uper')
        self.parsed = asn1tools.parse_files(files)
        self.open_types = self._open_type_tables(files)

    # -- schema reading ----------------------------------------------------

    def _open_type_tables(self, files):
        values = {}
        for module in self.parsed.values():
            for name, value in module.get('values', {}).items():
                if isinstance(value.get('value'), int):
                    values[name] = value['value']

        object_sets = {}
        self.set_class = {}
        for path in files:
            with open(path, encoding='utf-8') as f:
                text = _strip_comments(f.read())
            for set_name, set_class, body in _OBJECT_SET_RE.findall(text):
                self.set_class[set_name] = set_class
                table = {}
                for type_name, id_ref in _OBJECT_RE.findall(body):
                    type_name = type_name.split('.')[-1]
                    id_value = int(id_ref) if id_ref.isdigit() else values[id_ref]
                    table[id_value] = type_name
                object_sets[set_name] = table

        self.object_sets = object_sets
        # Every id some set types: random ids of an untyped parameterised open type avoid them.
        self.typed_ids = {i for table in object_sets.values() for i in table}
        # The parameterised SEQUENCEs holding an open type typed by their parameter.
        self.parameterised = {}
        for module in self.parsed.values():
            for name, type_def in module.get('types', {}).items():
                params = type_def.get('parameters')
                if not params or type_def.get('type') != 'SEQUENCE':
                    continue
                for member in type_def['members']:
                    table = member.get('table') if member else None
                    if isinstance(table, list) and table[0] == params[0] and table[1]:
                        self.parameterised[name] = (table[1][0].lstrip('@').lstrip('.'), member['name'],
                                                    member['type'].split('.&')[0])
        # Key: the member names of the SEQUENCE holding the open type, and
        # the open type member's name -> (id member name, {id: type name}).
        tables = {}
        for module in self.parsed.values():
            for type_def in module.get('types', {}).values():
                if type_def.get('type') not in ('SEQUENCE', 'SET'):
                    continue
                # Extension groups `[[ ]]` come as lists of members.
                members = [x for m in type_def.get('members', []) if m for x in (m if isinstance(m, list) else [m])]
                names = tuple(m['name'] for m in members if 'name' in m)
                for member in members:
                    table = member.get('table')
                    if isinstance(table, list) and len(table) == 2 and table[1]:
                        id_member = table[1][0].lstrip('@').lstrip('.')
                        tables[(names, member['name'])] = (
                            id_member, object_sets.get(table[0], {}))
        return tables

    def _table_for(self, seq_type, member_name):
        names = tuple(m.name for m in seq_type.root_members)
        return self.open_types.get((names, member_name))

    def instance(self, type_name):
        """(parameterised type, id member, open member, {id: type}) when `type_name` names an
        object set with objects used as a parameter (the Rust generator's instance type)."""
        if type_name in self.spec.types or len(self.parameterised) != 1:
            return None
        (param, (id_member, open_member, cls)), = self.parameterised.items()
        if type_name == param:   # the parameterised type itself: untyped
            return param, id_member, open_member, {}
        table = self.object_sets.get(type_name)
        if not table or self.set_class.get(type_name) != cls:
            return None
        return param, id_member, open_member, table

    def type_names(self):
        """The compiled types, the parameterised type and its instances (the Rust types)."""
        return sorted(set(self.spec.types) | {n for n in set(self.object_sets) | set(self.parameterised)
                                              if self.instance(n)})

    def _param_codec(self, id_member, open_member):
        """asn1tools compiles a parameterised type only where it is referenced: the codec
        of one such reference (a SEQUENCE of exactly the id and the open member)."""
        seen, todo = set(), [t.type for t in self.spec.types.values()]
        while todo:
            t = todo.pop()
            if id(t) in seen:
                continue
            seen.add(id(t))
            members = getattr(t, 'root_members', None) or []
            if type(t).__name__ == 'Sequence' and [m.name for m in members] == [id_member, open_member]:
                return t
            todo += list(members) + [x for x in (getattr(t, 'element_type', None),) if x is not None]
            todo += list(getattr(t, 'root_index_to_member', {}).values())
        raise OracleError('no reference to the parameterised type compiled')

    def compiled(self, type_name):
        inst = self.instance(type_name)
        if inst:
            return self._param_codec(inst[1], inst[2])
        try:
            return self.spec.types[type_name].type
        except KeyError:
            raise OracleError('unknown type {}'.format(type_name))

    # -- decode: asn1tools value -> canonical JSON -------------------------

    def decode(self, type_name, data):
        inst = self.instance(type_name)
        if inst:
            param, id_member, open_member, table = inst
            value = self.compiled(type_name).decode(_uper.Decoder(bytearray(data)))
            octets, inner = bytes(value[open_member]), None
            if value[id_member] in table:
                inner_type = table[value[id_member]]
                try:
                    inner = self.decode(inner_type, octets)
                    if self.encode(inner_type, inner) != octets:
                        inner = None
                except Exception:
                    inner = None
            return {id_member: value[id_member],
                    open_member: inner if inner is not None else {'$open_hex': octets.hex()}}
        t = self.compiled(type_name)
        value = self.spec.decode(type_name, bytes(data))
        return self.to_json(t, value)

    def _decode_open(self, table, id_value, octets):
        if table is not None:
            inner = table[1].get(id_value)
            if inner is not None:
                return self.decode(inner, octets)
        return {'$open_hex': bytes(octets).hex()}

    def to_json(self, t, value):
        k, t = kind(t)
        if k in ('Sequence', 'Set'):
            out = {}
            for member in all_members(t):
                if member.name not in value:
                    continue
                mk, _ = kind(member)
                if mk == 'OpenType':
                    table = self._table_for(t, member.name)
                    id_value = value.get(table[0]) if table else None
                    out[member.name] = self._decode_open(
                        table, id_value, value[member.name])
                else:
                    out[member.name] = self.to_json(member, value[member.name])
            return out
        if k in ('SequenceOf', 'SetOf'):
            return [self.to_json(t.element_type, v) for v in value]
        if k == 'Choice':
            name, inner = value
            for member in self._choice_members(t):
                if member.name == name:
                    return {name: self.to_json(member, inner)}
            raise OracleError('unknown CHOICE alternative {}'.format(name))
        if k == 'BitString':
            return bits_to_str(value)
        if k == 'OctetString':
            return bytes(value).hex()
        if k == 'OpenType' or k == 'Any':
            return {'$open_hex': bytes(value).hex()}
        if k == 'Integer':
            return int(value)
        if k in ('ObjectIdentifier', 'RelativeOid'):
            return value   # dotted text
        if k == 'Boolean':
            return bool(value)
        if k == 'Null':
            return None
        if k == 'Enumerated':
            return value   # None for an unknown extension value
        if k in STRING_KINDS:
            return value
        raise OracleError('unsupported type {} ({})'.format(k, t.name))

    @staticmethod
    def _choice_members(t):
        members = list(t.root_index_to_member.values())
        if t.additions_index_to_member:
            members.extend(t.additions_index_to_member.values())
        return members

    # -- encode: canonical JSON -> asn1tools value -------------------------

    def encode(self, type_name, json_value):
        inst = self.instance(type_name)
        if inst:
            param, id_member, open_member, table = inst
            octets = self._encode_open((id_member, table), json_value[id_member], json_value[open_member])
            encoder = _uper.Encoder()
            self.compiled(type_name).encode({id_member: json_value[id_member], open_member: octets}, encoder)
            return bytes(encoder.as_bytearray())
        t = self.compiled(type_name)
        return bytes(self.spec.encode(type_name, self.from_json(t, json_value)))

    def _encode_open(self, table, id_value, json_value):
        if isinstance(json_value, dict) and set(json_value) == {'$open_hex'}:
            return bytes.fromhex(json_value['$open_hex'])
        if table is not None and id_value in table[1]:
            return self.encode(table[1][id_value], json_value)
        raise OracleError('open type value for unknown id {!r} must be '
                          '{{"$open_hex": ...}}'.format(id_value))

    def from_json(self, t, j):
        k, t = kind(t)
        if k in ('Sequence', 'Set'):
            if not isinstance(j, dict):
                raise OracleError('{} expects an object'.format(t.name))
            known = {m.name for m in all_members(t)}
            unknown = set(j) - known
            if unknown:
                raise OracleError('unknown member(s) {} in {}'.format(
                    sorted(unknown), t.name))
            out = {}
            for member in all_members(t):
                if member.name not in j:
                    continue
                mk, _ = kind(member)
                if mk == 'OpenType':
                    table = self._table_for(t, member.name)
                    id_value = j.get(table[0]) if table else None
                    out[member.name] = self._encode_open(
                        table, id_value, j[member.name])
                else:
                    out[member.name] = self.from_json(member, j[member.name])
            return out
        if k in ('SequenceOf', 'SetOf'):
            if not isinstance(j, list):
                raise OracleError('{} expects an array'.format(t.name))
            return [self.from_json(t.element_type, v) for v in j]
        if k == 'Choice':
            if not isinstance(j, dict) or len(j) != 1:
                raise OracleError('CHOICE {} expects a one-key object'.format(t.name))
            (name, inner), = j.items()
            for member in self._choice_members(t):
                if member.name == name:
                    return (name, self.from_json(member, inner))
            raise OracleError('unknown CHOICE alternative {}'.format(name))
        if k == 'BitString':
            return str_to_bits(j)
        if k == 'OctetString':
            return bytes.fromhex(j)
        if k in ('OpenType', 'Any'):
            if isinstance(j, dict) and set(j) == {'$open_hex'}:
                return bytes.fromhex(j['$open_hex'])
            raise OracleError('open type {} needs {{"$open_hex": ...}}'.format(t.name))
        if k == 'Integer':
            if isinstance(j, bool) or not isinstance(j, int):
                raise OracleError('{} expects an integer'.format(t.name))
            return j
        if k in ('ObjectIdentifier', 'RelativeOid'):
            if not isinstance(j, str):
                raise OracleError('{} expects a dotted string'.format(t.name))
            return j
        if k == 'Boolean':
            if not isinstance(j, bool):
                raise OracleError('{} expects true/false'.format(t.name))
            return j
        if k == 'Null':
            return None
        if k == 'Enumerated' or k in STRING_KINDS:
            if not isinstance(j, str):
                raise OracleError('{} expects a string'.format(t.name))
            return j
        raise OracleError('unsupported type {} ({})'.format(k, t.name))

    # -- random valid values, as canonical JSON ----------------------------

    def random_json(self, type_name, rng):
        inst = self.instance(type_name)
        if inst:
            _, id_member, open_member, table = inst
            if not table or rng.random() < 0.2:   # a region the set does not type: octets
                rid = rng.choice([i for i in range(256) if i not in table])
                return {id_member: rid, open_member: {'$open_hex': self._random_octets(rng, 1, 4)}}
            rid = rng.choice(sorted(table))
            return {id_member: rid, open_member: self._random(self.compiled(table[rid]), rng, 1)}
        return self._random(self.compiled(type_name), rng, 0)

    @staticmethod
    def _random_arc(rng):
        """An arc of an OBJECT IDENTIFIER or RELATIVE-OID: mostly small (one or two
        octets), sometimes up to 2^64 - 1 (the largest the crate holds)."""
        r = rng.random()
        if r < 0.6:
            return rng.randint(0, 300)
        if r < 0.9:
            return rng.randint(0, 2**32)
        return rng.randint(0, 2**64 - 1)

    def _random_int(self, t, rng):
        lo = t.minimum if t.minimum is not None else -100000
        hi = t.maximum if t.maximum is not None else 100000
        if t.has_extension_marker and t.minimum is not None and t.maximum is not None and rng.random() < 0.25:
            # Outside the root of an extensible constraint: below or above it (UPER:
            # extension bit, then an unconstrained whole number).
            if rng.random() < 0.5:
                return lo - rng.randint(1, 2**40 if rng.random() < 0.2 else 1000)
            return hi + rng.randint(1, 2**40 if rng.random() < 0.2 else 1000)
        r = rng.random()
        if r < 0.1:
            return lo
        if r < 0.2:
            return hi
        return rng.randint(lo, hi)

    def _random_size(self, t, rng, cap):
        lo = t.minimum if t.minimum is not None else 0
        hi = t.maximum if t.maximum is not None else lo + cap
        # Small: at most `cap` elements unless the lower bound needs more.
        return rng.randint(lo, max(lo, min(hi, cap)))

    def _random(self, t, rng, depth):
        k, t = kind(t)
        if k in ('Sequence', 'Set'):
            out = {}
            pending_open = []
            for member in t.root_members:
                if member.optional or member.default is not None:
                    if depth >= MAX_RANDOM_DEPTH or rng.random() < 0.5:
                        continue
                mk, _ = kind(member)
                if mk == 'OpenType':
                    pending_open.append(member)
                    out[member.name] = None   # keeps ASN.1 order
                    continue
                table = self._id_table_of(t, member.name)
                if table:
                    out[member.name] = rng.choice(sorted(table))
                elif self._untyped_id(t, member.name):
                    out[member.name] = rng.choice([i for i in range(256) if i not in self.typed_ids])
                else:
                    out[member.name] = self._random(member, rng, depth + 1)
            for member in pending_open:
                table = self._table_for(t, member.name)
                id_value = out.get(table[0]) if table else None
                if table and id_value in table[1]:
                    inner = table[1][id_value]
                    out[member.name] = self._random(self.compiled(inner), rng, depth + 1)
                else:
                    out[member.name] = {'$open_hex': self._random_octets(rng, 1, 4)}
            return out
        if k in ('SequenceOf', 'SetOf'):
            n = self._random_size(t, rng, MAX_RANDOM_SEQUENCE_OF)
            if depth >= MAX_RANDOM_DEPTH:
                n = t.minimum or 0
            return [self._random(t.element_type, rng, depth + 1) for _ in range(n)]
        if k == 'Choice':
            member = rng.choice(list(t.root_index_to_member.values()))
            return {member.name: self._random(member, rng, depth + 1)}
        if k == 'BitString':
            lo = t.minimum if t.minimum is not None else 0
            hi = t.maximum if t.maximum is not None else lo + 16
            if t.has_extension_marker and rng.random() < 0.25:
                n = rng.randint(hi + 1, hi + 8)   # outside the extensible root
            else:
                n = rng.randint(lo, min(hi, lo + 16))
            bits = ''.join(rng.choice('01') for _ in range(n))
            if t.has_named_bits and n > lo:
                bits = bits[:-1] + '1'   # named bits: no trailing zeros past the minimum
            return bits
        if k == 'OctetString':
            lo = t.minimum if t.minimum is not None else 0
            hi = t.maximum if t.maximum is not None else lo + MAX_RANDOM_OCTETS
            n = rng.randint(lo, max(lo, min(hi, lo + MAX_RANDOM_OCTETS)))
            return self._random_octets(rng, n, n)
        if k in ('OpenType', 'Any'):
            return {'$open_hex': self._random_octets(rng, 1, 4)}
        if k == 'Integer':
            return self._random_int(t, rng)
        if k == 'ObjectIdentifier':
            first = rng.randint(0, 2)
            second = rng.randint(0, 39) if first < 2 else self._random_arc(rng) % (2**64 - 80)
            arcs = [first, second] + [self._random_arc(rng) for _ in range(rng.randint(0, 4))]
            return '.'.join(str(a) for a in arcs)
        if k == 'RelativeOid':
            return '.'.join(str(self._random_arc(rng)) for _ in range(rng.randint(1, 5)))
        if k == 'Boolean':
            return rng.random() < 0.5
        if k == 'Null':
            return None
        if k == 'Enumerated':
            return rng.choice([t.root_index_to_data[i]
                               for i in sorted(t.root_index_to_data)])
        if k in STRING_KINDS:
            lo = getattr(t, 'minimum', None) or 0
            hi = getattr(t, 'maximum', None) or lo + 8
            n = rng.randint(lo, max(lo, min(hi, lo + 8)))
            alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -'
            return ''.join(rng.choice(alphabet) for _ in range(n))
        raise OracleError('cannot generate type {} ({})'.format(k, t.name))

    def _untyped_id(self, seq_type, member_name):
        """Whether member_name is the id of an open type of a parameterised SEQUENCE, whose
        set asn1tools does not give: an id some set types would be typed by the crate."""
        names = tuple(m.name for m in seq_type.root_members)
        return any(names == (id_member, open_member) and member_name == id_member
                   for id_member, open_member, _ in self.parameterised.values())

    def _id_table_of(self, seq_type, member_name):
        """The {id: type} table when member_name is the id of an open type."""
        names = tuple(m.name for m in seq_type.root_members)
        for (key_names, _open), (id_member, table) in self.open_types.items():
            if key_names == names and id_member == member_name and table:
                return table
        return None

    @staticmethod
    def _random_octets(rng, lo, hi):
        return bytes(rng.randrange(256) for _ in range(rng.randint(lo, hi))).hex()

    def random_lines(self, seed, count, type_names):
        """(type, hex, canonical JSON) per value, or (type, None, error)."""
        for type_name in type_names:
            rng = random.Random('{}:{}'.format(seed, type_name))
            for _ in range(count):
                try:
                    value = self.random_json(type_name, rng)
                    encoded = self.encode(type_name, value)
                    # Report the decode of what was encoded: that is the
                    # canonical form, and checks the encoder on the way.
                    canonical = self.decode(type_name, encoded)
                    if canonical != value:
                        raise OracleError('random {} does not round-trip: {} != {}'.format(
                            type_name, dumps(canonical), dumps(value)))
                except Exception as e:
                    yield type_name, None, '{}: {}'.format(type(e).__name__, e)
                    if isinstance(e, OracleError) and str(e).startswith('unknown type'):
                        break
                    continue
                yield type_name, encoded.hex(), canonical


def dumps(value):
    return json.dumps(value, separators=(',', ':'), ensure_ascii=False)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def _emit(text):
    sys.stdout.write(text + '\n')
    sys.stdout.flush()


def cmd_decode(oracle, type_name):
    for line in sys.stdin:
        try:
            text = line.strip()
            if not text:
                raise OracleError('empty input line')
            _emit(dumps(oracle.decode(type_name, bytes.fromhex(text))))
        except Exception as e:   # one line in, one line out
            _emit('ERR ' + one_line('{}: {}'.format(type(e).__name__, e)))


def cmd_encode(oracle, type_name):
    for line in sys.stdin:
        try:
            text = line.strip()
            if not text:
                raise OracleError('empty input line')
            _emit(oracle.encode(type_name, json.loads(text)).hex())
        except Exception as e:
            _emit('ERR ' + one_line('{}: {}'.format(type(e).__name__, e)))


def cmd_random(oracle, args):
    seed = None
    count = 1
    types = []
    i = 0
    while i < len(args):
        if args[i] == '--seed':
            seed = int(args[i + 1])
            i += 2
        elif args[i] == '--count':
            count = int(args[i + 1])
            i += 2
        else:
            types.append(args[i])
            i += 1
    if seed is None or not types:
        raise SystemExit('usage: oracle.py random --seed N --count K TYPE [TYPE...]')
    for type_name, hex_text, canonical in oracle.random_lines(seed, count, types):
        if hex_text is None:
            _emit('ERR {}: {}'.format(type_name, one_line(canonical)))
        else:
            _emit('{}\t{}\t{}'.format(type_name, hex_text, dumps(canonical)))


def cmd_lines(oracle, encode):
    """encode-lines / decode-lines: TYPE<TAB>payload per line."""
    for line in sys.stdin:
        try:
            text = line.strip()
            if '\t' not in text:
                raise OracleError('expected TYPE<TAB>payload')
            type_name, payload = text.split('\t', 1)
            if encode:
                _emit(oracle.encode(type_name, json.loads(payload)).hex())
            else:
                _emit(dumps(oracle.decode(type_name, bytes.fromhex(payload.strip()))))
        except Exception as e:
            _emit('ERR ' + one_line('{}: {}'.format(type(e).__name__, e)))


USAGE = """usage: oracle.py [--asn1 DIR] COMMAND ...
  oracle.py decode TYPE      (hex lines on stdin)
  oracle.py encode TYPE      (canonical JSON lines on stdin)
  oracle.py random --seed N --count K TYPE [TYPE...]
  oracle.py encode-lines     (TYPE<TAB>canonical JSON lines on stdin)
  oracle.py decode-lines     (TYPE<TAB>hex lines on stdin)
  oracle.py types"""


def main(argv):
    if len(argv) < 2 or argv[1] in ('-h', '--help'):
        print(USAGE)
        return 0 if len(argv) >= 2 else 2
    asn1_dir = ASN1_DIR
    if argv[1] == '--asn1' and len(argv) >= 4:
        asn1_dir = argv[2]
        argv = argv[:1] + argv[3:]
    oracle = Oracle(asn1_dir)
    command = argv[1]
    if command in ('decode', 'encode'):
        if len(argv) != 3:
            print(USAGE, file=sys.stderr)
            return 2
        oracle.compiled(argv[2])
        (cmd_decode if command == 'decode' else cmd_encode)(oracle, argv[2])
        return 0
    if command == 'random':
        cmd_random(oracle, argv[2:])
        return 0
    if command in ('encode-lines', 'decode-lines') and len(argv) == 2:
        cmd_lines(oracle, command == 'encode-lines')
        return 0
    if command == 'types' and len(argv) == 2:
        for name in oracle.type_names():
            _emit(name)
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
