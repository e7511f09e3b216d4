#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Checks oracle.py (and so our ASN.1 in ../../asn1/j2735) against the conformance
vectors of the messages our schema types (BSM, SPAT, MAP, SRM, SSM, TIM, PSM): every
vector must decode to its expected canonical JSON and encode back to the
same hex.

  - the MessageFrames of bsm/ spat/ map/ srm/ ssm/ tim/ psm/, and the bare
    messages of bare/BasicSafetyMessage, bare/VehicleSafetyExtensions,
    bare/SPAT, bare/MapData, bare/SignalRequestMessage,
    bare/SignalStatusMessage, bare/TravelerInformation,
    bare/PersonalSafetyMessage (FOLDERS below), whose json_edition
    (index.json) is 2020:
    decode == .json, encode == hex;
  - the same folders' json_edition 2024 vectors: they carry extension
    additions the 2020 schema does not know (skipped by the decoder); they
    must decode without error, and every value of our decode whose member
    name also appears in the 2024 JSON must agree with it;
  - random/2016/{bsm,spat,map,srm,ssm,tim,psm}.tsv and random/2020/ the same:
    hex<TAB>json lines, as above (2016 member names mapped to their 2020
    names first: sspRights -> notUsed, and the TIM's sspTimRights,
    sspLocationRights, sspMsgRights1, sspMsgRights2 and duratonTime; SPAT,
    MAP, SRM and SSM use the same names in both editions).

Usage: check_vectors.py [VECTORS_DIR] [-v]
VECTORS_DIR defaults to $CV2X_VECTORS if set, else ../vectors from this file
(tests/vectors, the conformance vectors carried in the repository).
Exit status 0 only when nothing failed.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import oracle as oracle_mod  # noqa: E402


def default_vectors_dir():
    env = os.environ.get('CV2X_VECTORS')
    if env:
        return env
    return os.path.normpath(os.path.join(HERE, '..', 'vectors'))


# Vector folder -> the type its .hex files hold.
FOLDERS = {
    'bsm': 'MessageFrame',
    'spat': 'MessageFrame',
    'map': 'MessageFrame',
    'srm': 'MessageFrame',
    'ssm': 'MessageFrame',
    'tim': 'MessageFrame',
    'psm': 'MessageFrame',
    'bare/BasicSafetyMessage': 'BasicSafetyMessage',
    'bare/VehicleSafetyExtensions': 'VehicleSafetyExtensions',
    'bare/SPAT': 'SPAT',
    'bare/MapData': 'MapData',
    'bare/SignalRequestMessage': 'SignalRequestMessage',
    'bare/SignalStatusMessage': 'SignalStatusMessage',
    'bare/TravelerInformation': 'TravelerInformation',
    'bare/PersonalSafetyMessage': 'PersonalSafetyMessage',
}

# random/<edition>/<name>.tsv files checked, for editions 2016 and 2020.
RANDOM_TSV = ('bsm', 'spat', 'map', 'srm', 'ssm', 'tim', 'psm')

# J2735-2016 names that J2735-2020 changed (same wire format): the 2016
# random vectors carry the old names, our schema the 2020 ones.
RENAMED_2016_TO_2020 = {
    'sspRights': 'notUsed',
    # TravelerDataFrame
    'sspTimRights': 'notUsed',
    'sspLocationRights': 'notUsed1',
    'sspMsgRights1': 'notUsed2',
    'sspMsgRights2': 'notUsed3',
    'duratonTime': 'durationTime',
}


def to_2020_names(value):
    if isinstance(value, dict):
        return {RENAMED_2016_TO_2020.get(k, k): to_2020_names(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [to_2020_names(v) for v in value]
    return value


def first_difference(a, b, path='$'):
    if type(a) != type(b):
        return '{}: {!r} != {!r}'.format(path, a, b)
    if isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a:
                return '{}.{}: missing (expected {!r})'.format(path, key, b[key])
            if key not in b:
                return '{}.{}: unexpected {!r}'.format(path, key, a[key])
            d = first_difference(a[key], b[key], '{}.{}'.format(path, key))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return '{}: {} elements != {}'.format(path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, '{}[{}]'.format(path, i))
            if d:
                return d
        return None
    return None if a == b else '{}: {!r} != {!r}'.format(path, a, b)


def disagreements(ours, theirs, path='$'):
    """Where our (2020) decode disagrees with a 2024-edition JSON, skipping
    members the 2024 JSON does not have under our name (2024 renamed some,
    e.g. trailers -> doNotUse). Returns (disagreements, leaves compared)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found, leaves = [], 0
        for key, value in ours.items():
            if key in theirs:
                f, n = disagreements(value, theirs[key], '{}.{}'.format(path, key))
                found += f
                leaves += n
        return found, leaves
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        found, leaves = [], 0
        for i, (x, y) in enumerate(zip(ours, theirs)):
            f, n = disagreements(x, y, '{}[{}]'.format(path, i))
            found += f
            leaves += n
        return found, leaves
    if ours == theirs:
        return [], 1
    return ['{}: {!r} != {!r}'.format(path, ours, theirs)], 1


class Checker(object):

    def __init__(self, oracle, verbose=False):
        self.oracle = oracle
        self.verbose = verbose
        self.passed = 0
        self.failed = 0
        self.decode_only = []      # (name, ok, note)
        self.failures = []

    def check(self, name, type_name, hex_text, expected):
        hex_text = hex_text.strip().lower()
        try:
            got = self.oracle.decode(type_name, bytes.fromhex(hex_text))
        except Exception as e:
            return self.fail(name, 'decode error: {}: {}'.format(type(e).__name__, e))
        diff = first_difference(got, expected)
        if diff:
            return self.fail(name, 'decode differs at ' + diff)
        try:
            again = self.oracle.encode(type_name, expected).hex()
        except Exception as e:
            return self.fail(name, 'encode error: {}: {}'.format(type(e).__name__, e))
        if again != hex_text:
            return self.fail(name, 're-encode differs: {} != {}'.format(again, hex_text))
        self.passed += 1
        if self.verbose:
            print('ok   ' + name)

    def fail(self, name, why):
        self.failed += 1
        self.failures.append((name, why))
        print('FAIL {}: {}'.format(name, oracle_mod.one_line(why)[:400]))

    def check_decodes(self, name, type_name, hex_text, expected_2024):
        try:
            got = self.oracle.decode(type_name, bytes.fromhex(hex_text.strip()))
            again = self.oracle.encode(type_name, got).hex()
        except Exception as e:
            self.decode_only.append((name, False, '{}: {}'.format(type(e).__name__, e)))
            return
        found, leaves = disagreements(got, expected_2024)
        if found:
            self.decode_only.append((name, False, 'disagrees with the 2024 JSON at ' + found[0]))
            return
        note = ('agrees with the 2024 JSON on {} shared values; '.format(leaves) +
                ('re-encodes identically' if again == hex_text.strip().lower()
                 else 're-encode drops the unknown additions ({} -> {} bytes)'.format(
                     len(hex_text.strip()) // 2, len(again) // 2)))
        self.decode_only.append((name, True, note))


def main(argv):
    verbose = '-v' in argv
    args = [a for a in argv[1:] if a != '-v']
    vectors = args[0] if args else default_vectors_dir()
    with open(os.path.join(vectors, 'index.json')) as f:
        index = json.load(f)

    checker = Checker(oracle_mod.Oracle(), verbose)
    folders = FOLDERS
    counted = 0
    for entry in index:
        folder = os.path.dirname(entry['file'])
        if folder not in folders:
            continue
        type_name = folders[folder]
        path = os.path.join(vectors, entry['file'])
        with open(path) as f:
            hex_text = f.read()
        counted += 1
        with open(path[:-len('.hex')] + '.json') as f:
            expected = json.load(f)
        if entry['json_edition'] == '2020':
            checker.check(entry['file'], type_name, hex_text, expected)
        else:
            checker.check_decodes(entry['file'], type_name, hex_text, expected)

    for edition in ('2016', '2020'):
        for message in RANDOM_TSV:
            tsv = os.path.join(vectors, 'random', edition, message + '.tsv')
            with open(tsv) as f:
                for number, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    hex_text, json_text = line.rstrip('\n').split('\t', 1)
                    expected = json.loads(json_text)
                    if edition == '2016':
                        expected = to_2020_names(expected)
                    checker.check('random/{}/{}.tsv:{}'.format(edition, message, number),
                                  'MessageFrame', hex_text, expected)

    print()
    print('decode-only (json_edition 2024, extension additions unknown to 2020):')
    for name, ok, note in checker.decode_only:
        print('  {} {}: {}'.format('ok  ' if ok else 'FAIL', name, oracle_mod.one_line(note)[:300]))
    decode_only_failed = sum(1 for _, ok, _ in checker.decode_only if not ok)
    print()
    print('index entries checked: {} (+ random tsv lines)'.format(counted))
    print('decode-only: {} passed, {} failed'.format(
        len(checker.decode_only) - decode_only_failed, decode_only_failed))
    print('vectors: {} passed, {} failed'.format(
        checker.passed + len(checker.decode_only) - decode_only_failed,
        checker.failed + decode_only_failed))
    return 0 if checker.failed == 0 and decode_only_failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
