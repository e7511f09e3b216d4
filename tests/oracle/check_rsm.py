#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Checks our RoadSafetyMessage ASN.1 (J2945/4 of J2735-2024, MessageFrame id 33; the
modules of asn1/j2735/) against the RSM vectors of tests/vectors
with two independent UPER decoders:

  - pycrate (PyPI pycrate, its compiler pycrate_asn1c), which reads OBJECT IDENTIFIER and
    RELATIVE-OID as they are written;
  - asn1tools (the project's oracle, tests/oracle/oracle.py), which reads OBJECT IDENTIFIER
    (its decoder patched there) but not RELATIVE-OID: for that type alone oracle.py has
    pycrate code the value inside asn1tools' bit stream, so there the two are not
    independent.

Vectors: other/*.hex (real MessageFrames of message 33: V2X Hub's tests, asn1_codec's) and
bare/RoadSafetyMessage/*.hex (bare RoadSafetyMessages, synthetic). For each, with each decoder: the
hex decodes, its canonical JSON (tests/vectors/README.md; an OBJECT IDENTIFIER or
RELATIVE-OID as its dotted arcs, "1.0.15628.4.1.17.1.0") equals the .json beside it, the
value re-encodes to the same octets, and the .json encodes to them.

Then a random differential: asn1tools' random values (oracle.py's generator, seed
CV2X_RSM_SEED, default 1) of every type of the RSM's module and of the 2024 types it brought
(RANDOM_2024_TYPES) decode with pycrate to the same
JSON and re-encode byte-exactly.

Usage: check_rsm.py [VECTORS_DIR] [-v]. Exit status 0 only when nothing failed.
"""

import glob
import importlib.util
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import oracle as oracle_mod  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
J2735 = os.path.join(ROOT, 'asn1', 'j2735')
# Every frame of other/ is a RoadSafetyMessage (message 33); the check says so.
FRAME_GLOB = os.path.join('other', '*.hex')
BARE_DIR = os.path.join('bare', 'RoadSafetyMessage')
RSM_ID = 33


def module_files():
    return sorted(glob.glob(os.path.join(J2735, '*.asn')))


# ---------------------------------------------------------------------------
# pycrate
# ---------------------------------------------------------------------------

class Pycrate(object):
    name = 'pycrate'

    def __init__(self, files):
        from pycrate_asn1c.asnproc import compile_text, generate_modules, PycrateGenerator
        texts = [open(f, encoding='utf-8').read() for f in files]
        compile_text(texts, filenames=files)
        self.tmp = tempfile.mkdtemp(prefix='cv2x-rsm-pycrate-')
        out = os.path.join(self.tmp, 'j2735_rsm.py')
        generate_modules(PycrateGenerator, out)
        spec = importlib.util.spec_from_file_location('j2735_rsm', out)
        self.mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(self.mod)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def type(self, module, name):
        return getattr(getattr(self.mod, module), name)

    def to_json(self, t, v):
        k = t.TYPE
        if k in ('SEQUENCE', 'SET'):
            unknown = [m for m in v if m not in t._cont]
            if unknown:
                raise ValueError('{}: unknown extension additions {}'.format(t._name, unknown))
            return {m: self.to_json(t._cont[m], v[m]) for m in t._cont if m in v}
        if k in ('SEQUENCE OF', 'SET OF'):
            return [self.to_json(t._cont, x) for x in v]
        if k == 'CHOICE':
            name, inner = v
            if name not in t._cont:
                raise ValueError('{}: unknown alternative {}'.format(t._name, name))
            return {name: self.to_json(t._cont[name], inner)}
        if k == 'OPEN_TYPE':
            name, inner = v
            if name.startswith('_unk_'):
                return {'$open_hex': bytes(inner).hex()}
            raise ValueError('typed open type content ({}): not handled here'.format(name))
        if k == 'BIT STRING':
            val, n = v
            return format(val, '0{}b'.format(n)) if n else ''
        if k == 'OCTET STRING':
            return bytes(v).hex()
        if k in ('OBJECT IDENTIFIER', 'RELATIVE-OID'):
            return '.'.join(str(a) for a in v)
        if k in ('INTEGER', 'BOOLEAN', 'ENUMERATED') or k.endswith('String'):
            return v
        if k == 'NULL':
            return None
        raise ValueError('unsupported type {} ({})'.format(k, t._name))

    def from_json(self, t, j):
        k = t.TYPE
        if k in ('SEQUENCE', 'SET'):
            unknown = set(j) - set(t._cont)
            if unknown:
                raise ValueError('{}: unknown members {}'.format(t._name, sorted(unknown)))
            return {m: self.from_json(t._cont[m], j[m]) for m in t._cont if m in j}
        if k in ('SEQUENCE OF', 'SET OF'):
            return [self.from_json(t._cont, x) for x in j]
        if k == 'CHOICE':
            (name, inner), = j.items()
            return (name, self.from_json(t._cont[name], inner))
        if k == 'OPEN_TYPE':
            raise ValueError('open type content: not handled here')
        if k == 'BIT STRING':
            return (int(j, 2) if j else 0, len(j))
        if k == 'OCTET STRING':
            return bytes.fromhex(j)
        if k in ('OBJECT IDENTIFIER', 'RELATIVE-OID'):
            return tuple(int(a) for a in j.split('.'))
        if k in ('INTEGER', 'BOOLEAN', 'ENUMERATED', 'NULL') or k.endswith('String'):
            return j
        raise ValueError('unsupported type {} ({})'.format(k, t._name))

    def decode_rsm(self, octets):
        t = self.type('RoadSafetyMessage', 'RoadSafetyMessage')
        t.from_uper(octets)
        val = t.get_val()
        again = t.to_uper()
        return self.to_json(t, val), again

    def encode_rsm(self, j):
        t = self.type('RoadSafetyMessage', 'RoadSafetyMessage')
        t.set_val(self.from_json(t, j))
        return t.to_uper()

    def decode_frame(self, octets):
        """(messageId, the value's octets, the frame re-encoded)."""
        t = self.type('MessageFrame', 'MessageFrame')
        t.from_uper(octets)
        val = t.get_val()
        name, inner = val['value']
        again = t.to_uper()
        if name.startswith('_unk_'):   # an id MessageTypes does not list
            return val['messageId'], bytes(inner), again
        if name != 'RoadSafetyMessage':
            raise ValueError('message {} typed as {}'.format(val['messageId'], name))
        rsm = self.type('RoadSafetyMessage', 'RoadSafetyMessage')
        rsm.set_val(inner)
        return val['messageId'], rsm.to_uper(), again

    def encode_frame(self, message_id, value_octets):
        t = self.type('MessageFrame', 'MessageFrame')
        rsm = self.type('RoadSafetyMessage', 'RoadSafetyMessage')
        rsm.from_uper(value_octets)
        try:   # typed, when MessageTypes lists the RSM
            t.set_val({'messageId': message_id, 'value': ('RoadSafetyMessage', rsm.get_val())})
            return t.to_uper()
        except Exception:
            t.set_val({'messageId': message_id, 'value': ('_unk_004', value_octets)})
            return t.to_uper()


# ---------------------------------------------------------------------------
# asn1tools (cross-check: RELATIVE-OID compiled as OCTET STRING)
# ---------------------------------------------------------------------------

class Asn1tools(oracle_mod.Oracle):
    name = 'asn1tools (RELATIVE-OID by pycrate)'

    def __init__(self, files):
        tmp = tempfile.mkdtemp(prefix='cv2x-rsm-asn1tools-')
        try:
            for f in files:
                shutil.copy(f, tmp)
            super(Asn1tools, self).__init__(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def decode_rsm(self, octets):
        j = self.decode('RoadSafetyMessage', octets)
        return j, self.encode('RoadSafetyMessage', j)

    def encode_rsm(self, j):
        return self.encode('RoadSafetyMessage', j)

    def decode_frame(self, octets):
        value = self.spec.decode('MessageFrame', bytes(octets))
        again = bytes(self.spec.encode('MessageFrame', value))
        return value['messageId'], bytes(value['value']), again

    def encode_frame(self, message_id, value_octets):
        return bytes(self.spec.encode('MessageFrame', {'messageId': message_id, 'value': value_octets}))


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------

def load(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def check_one(backend, path, framed):
    """None when the vector passes with this backend, else what failed."""
    octets = bytes.fromhex(load(path).strip())
    want = json.loads(load(path[:-len('.hex')] + '.json'))
    if framed:
        message_id, value, again = backend.decode_frame(octets)
        if message_id != RSM_ID:
            return 'messageId {} is not {}'.format(message_id, RSM_ID)
        if again != octets:
            return 'frame re-encodes to {}'.format(again.hex())
        if want.get('messageId') != RSM_ID:
            return 'expected JSON has messageId {!r}'.format(want.get('messageId'))
        want_value = want['value']
    else:
        value, want_value = octets, want
    got, again = backend.decode_rsm(value)
    if got != want_value:
        from check_vectors import first_difference
        return 'JSON differs: {}'.format(first_difference(got, want_value))
    if again != value:
        return 'value re-encodes to {} (want {})'.format(again.hex(), value.hex())
    from_json = backend.encode_rsm(want_value)
    if from_json != value:
        return 'the expected JSON encodes to {} (want {})'.format(from_json.hex(), value.hex())
    if framed and backend.encode_frame(RSM_ID, from_json) != octets:
        return 'the expected JSON in a frame encodes differently'
    return None


# The types the random differential covers: every type of the RSM's module, and the 2024
# types it brought into other modules (wherever they are).
RSM_MODULE = 'RoadSafetyMessage'
RANDOM_2024_TYPES = (
    'RoadAuthorityID', 'FullRoadAuthorityID', 'RelativeRoadAuthorityID', 'DDate', 'DTime',
    'FrictionInformation', 'DescriptionOfRoadSurface', 'PortlandCement', 'PortlandCementType',
    'AsphaltOrTar', 'AsphaltOrTarType', 'Gravel', 'GravelType', 'Grass', 'GrassType', 'Cinders',
    'CindersType', 'Rock', 'RockType', 'Ice', 'IceType', 'Snow', 'SnowType',
    'RoadSurfaceCondition', 'RoadRoughness', 'MeanVariation', 'VariationStdDev', 'ITISgroups',
    'NTCIPEssVisibility',
)
RANDOM_SEED = 1
RANDOM_COUNT = 12


def random_differential(pycrate, asn1tools_oracle, seed, count):
    """asn1tools' random values of every type of RANDOM_MODULES (oracle.py random): pycrate
    decodes each to the same JSON and re-encodes it byte-exactly. (checked, failures)"""
    module_of = {}
    for module, content in asn1tools_oracle.parsed.items():
        for n in content.get('types', {}):
            if module == RSM_MODULE or n in RANDOM_2024_TYPES:
                module_of[n] = module
    names = list(module_of)
    missing = [n for n in RANDOM_2024_TYPES if n not in module_of]
    failures, checked = (['types not found: {}'.format(missing)] if missing else []), 0
    for type_name, hex_text, canonical in asn1tools_oracle.random_lines(seed, count, names):
        if hex_text is None:
            failures.append('{}: asn1tools: {}'.format(type_name, canonical))
            continue
        t = pycrate.type(module_of[type_name], type_name)
        octets = bytes.fromhex(hex_text)
        try:
            t.from_uper(octets)
            got = pycrate.to_json(t, t.get_val())
            again = t.to_uper()
        except Exception as e:
            failures.append('{} {}: pycrate: {}: {}'.format(type_name, hex_text, type(e).__name__, e))
            continue
        checked += 1
        if got != canonical:
            failures.append('{} {}: pycrate {} != asn1tools {}'.format(
                type_name, hex_text, oracle_mod.dumps(got), oracle_mod.dumps(canonical)))
        elif again != octets:
            failures.append('{} {}: pycrate re-encodes to {}'.format(type_name, hex_text, again.hex()))
    if not names or checked < len(names):
        failures.append('random differential: {} values of {} types'.format(checked, len(names)))
    return checked, failures


def main(argv):
    verbose = '-v' in argv
    args = [a for a in argv if a != '-v']
    vectors = args[0] if args else os.environ.get('CV2X_VECTORS') or os.path.join(ROOT, 'tests', 'vectors')
    frames = sorted(glob.glob(os.path.join(vectors, FRAME_GLOB)))
    bare = sorted(glob.glob(os.path.join(vectors, BARE_DIR, '*.hex')))
    if not frames or not bare:
        print('FAIL: no RSM vectors ({} frames, {} bare) under {}'.format(len(frames), len(bare), vectors))
        return 1
    files = module_files()
    backends = [Pycrate(files), Asn1tools(files)]
    failed = 0
    for backend in backends:
        for kind, paths in (('frames', frames), ('bare', bare)):
            ok = 0
            for path in paths:
                try:
                    why = check_one(backend, path, kind == 'frames')
                except Exception as e:  # a decoder's error is this vector's failure
                    why = '{}: {}'.format(type(e).__name__, oracle_mod.one_line(str(e)))
                name = os.path.relpath(path, vectors)
                if why:
                    failed += 1
                    print('FAIL [{}] {}: {}'.format(backend.name, name, why))
                else:
                    ok += 1
                    if verbose:
                        print('ok   [{}] {}'.format(backend.name, name))
            print('[{}] RSM {}: {} of {} ok'.format(backend.name, kind, ok, len(paths)))
    passed = 2 * (len(frames) + len(bare)) - failed
    seed = int(os.environ.get('CV2X_RSM_SEED', RANDOM_SEED))
    checked, failures = random_differential(backends[0], backends[1], seed, RANDOM_COUNT)
    for f in failures:
        print('FAIL [random, seed {}] {}'.format(seed, oracle_mod.one_line(f)))
    print('[random, seed {}] asn1tools values of the RSM types that pycrate reads alike: {} of {}'.format(
        seed, checked - len(failures), checked))
    failed += len(failures)
    passed += checked - len(failures)
    print('{} passed, {} failed'.format(passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
