#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Checks our China-profile ASN.1 (../../asn1/csae/2020, YD/T 3709-2020 Day-1 with the
T/CSAE 157-2020 Day-2 messages, and ../../asn1/csae/2019, the 2019 draft) with the
asn1tools oracle (oracle.py) against the CSAE vectors (tests/vectors/csae, see its
SOURCES.md). Under 2020:

  - random/VN4/*.hex (synthetic 2020 frames) and the real bsm/ spat/ rsm/ frames (2019
    draft encodings that SOURCES.md finds exact under 2020): decode == the .json beside
    each, and the .json encodes back to the same hex;
  - the real 2019-draft MAP (map/): asn1tools reads a value from its start without
    checking that the input is used up; that value must re-encode to the first 20 of its
    529 octets (the 2020 types stop there; tests/csae finds the same), not to the frame;
  - random/DayII/*.hex (2020 Day-1 frames and Day-2 frames, T/CSAE 157-2020): decode ==
    the .json beside each (a Day-2 message typed by its messageId through the object set
    Day2Messages of MessageFrame.asn) and the .json encodes back to the same hex.

Under the 2019 draft: random/Z2019/*.hex and all 12 real frames exact with their .json.

Under ../../asn1/csae/2017 (T/CSAE 53-2017), SOURCES.md's V3 column:
  - random/V3/*.hex (synthetic 2017 frames): decode == the .json beside each, and the
    .json encodes back to the same hex;
  - the 12 real (2019-draft) frames: 8 fail; 4 give a value from their start ("decodes-
    not-roundtrip") that re-encodes to a strict prefix of the frame (40, 38, 56 and 20
    octets; tests/csae/v2017 finds the same values and refuses the whole frames);
  - the Day-2 frames of random/DayII (2020's msgFrameExt): an extension alternative
    2017 does not know (asn1tools reads past it and cannot keep it; cv2x keeps it).

Usage: check_csae.py [VECTORS_DIR] [-v]   (VECTORS_DIR as for check_vectors.py)
Exit status 0 only when nothing failed.
"""

import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check_vectors  # noqa: E402
import oracle as oracle_mod  # noqa: E402

ASN1_DIR = os.path.normpath(os.path.join(HERE, '..', '..', 'asn1', 'csae', '2020'))
ASN1_DIR_2019 = os.path.normpath(os.path.join(HERE, '..', '..', 'asn1', 'csae', '2019'))
ASN1_DIR_2017 = os.path.normpath(os.path.join(HERE, '..', '..', 'asn1', 'csae', '2017'))

# SOURCES.md: the real frames 2017 reads a value from the start of, and the octets of
# that value's re-encoding.
MISREAD_2017 = {
    'bsm/zyjohn_v2x_example_txt_L277.hex': 40,
    'bsm/zyjohn_v2x_example_txt_L277_2.hex': 38,
    'spat/zyjohn_UperDecoderTest_L31.hex': 56,
    'map/zyjohn_v2x_example_txt_L497.hex': 20,
}


def hex_files(vectors, rel):
    return sorted(glob.glob(os.path.join(vectors, 'csae', rel, '*.hex')))


def read(path):
    with open(path) as f:
        return f.read().strip().lower()


def main(argv):
    verbose = '-v' in argv
    args = [a for a in argv[1:] if a != '-v']
    vectors = args[0] if args else check_vectors.default_vectors_dir()
    oracle = oracle_mod.Oracle(ASN1_DIR)
    checker = check_vectors.Checker(oracle, verbose)

    exact = hex_files(vectors, 'random/VN4')
    for folder in ('bsm', 'spat', 'rsm'):
        exact += hex_files(vectors, folder)
    if len(exact) != 35:
        checker.fail('csae', 'expected 25 random/VN4 and 10 real frames, found {}'.format(len(exact)))
    for path in exact:
        with open(path[:-len('.hex')] + '.json') as f:
            expected = json.load(f)
        checker.check(os.path.relpath(path, vectors), 'MessageFrame', read(path), expected)

    for path in hex_files(vectors, 'map'):
        name = os.path.relpath(path, vectors)
        data = bytes.fromhex(read(path))
        try:
            value = oracle.spec.decode('MessageFrame', data)
            again = oracle.spec.encode('MessageFrame', value)
        except Exception as e:
            checker.fail(name, 'expected a (wrong) value from its start: {}: {}'.format(type(e).__name__, e))
            continue
        if again != data[:20]:
            checker.fail(name, 'the value read from its start re-encodes to {} octets, not its first 20'.format(len(again)))
        else:
            checker.passed += 1
            if verbose:
                print('ok   {} (reads a MapData from its first 20 of {} octets only)'.format(name, len(data)))

    # Day-2 (T/CSAE 157-2020): every frame of random/DayII, its msgFrameExt value typed by
    # messageId through Day2Messages (the oracle reads the object set from our ASN.1).
    day2 = hex_files(vectors, 'random/DayII')
    if len(day2) != 44 or not any('_ext' in os.path.basename(p) for p in day2):
        checker.fail('csae', 'expected 44 random/DayII frames with Day-2 ones, found {}'.format(len(day2)))
    for path in day2:
        with open(path[:-len('.hex')] + '.json') as f:
            expected = json.load(f)
        value = expected.get('msgFrameExt', {}).get('value', {})
        if isinstance(value, dict) and '$open_hex' in value:
            checker.fail(os.path.relpath(path, vectors), 'the expected decode keeps the message as octets')
            continue
        checker.check(os.path.relpath(path, vectors), 'MessageFrame', read(path), expected)

    print('csae 2020 vectors: {} passed, {} failed'.format(checker.passed, checker.failed))
    failed = checker.failed

    # The 2019 draft: its synthetic frames and all 12 real ones (which are 2019-draft
    # encodings), each exact with the .json beside it.
    checker = check_vectors.Checker(oracle_mod.Oracle(ASN1_DIR_2019), verbose)
    exact = hex_files(vectors, 'random/Z2019')
    for folder in ('bsm', 'spat', 'rsm', 'rsi', 'map'):
        exact += hex_files(vectors, folder)
    if len(exact) != 32:
        checker.fail('csae', 'expected 20 random/Z2019 and 12 real frames, found {}'.format(len(exact)))
    for path in exact:
        with open(path[:-len('.hex')] + '.json') as f:
            expected = json.load(f)
        checker.check(os.path.relpath(path, vectors), 'MessageFrame', read(path), expected)
    print('csae 2019-draft vectors: {} passed, {} failed'.format(checker.passed, checker.failed))
    failed += checker.failed
    failed += check_2017(vectors, verbose)
    return 0 if failed == 0 else 1



def check_2017(vectors, verbose):
    """The 2017 checks (see the module docs); returns how many failed."""
    oracle = oracle_mod.Oracle(ASN1_DIR_2017)
    checker = check_vectors.Checker(oracle, verbose)

    exact = hex_files(vectors, 'random/V3')
    if len(exact) != 20:
        checker.fail('csae', 'expected 20 random/V3 frames, found {}'.format(len(exact)))
    for path in exact:
        with open(path[:-len('.hex')] + '.json') as f:
            expected = json.load(f)
        checker.check(os.path.relpath(path, vectors), 'MessageFrame', read(path), expected)

    real = []
    for folder in ('bsm', 'map', 'rsi', 'rsm', 'spat'):
        real += hex_files(vectors, folder)
    if len(real) != 12:
        checker.fail('csae', 'expected 12 real frames, found {}'.format(len(real)))
    for path in real:
        name = os.path.relpath(path, os.path.join(vectors, 'csae')).replace(os.sep, '/')
        data = bytes.fromhex(read(path))
        try:
            value = oracle.spec.decode('MessageFrame', data)
            again = oracle.spec.encode('MessageFrame', value)
        except Exception as e:
            if name in MISREAD_2017:
                checker.fail(name, 'expected a (wrong) value from its start: {}: {}'.format(type(e).__name__, e))
            else:
                checker.passed += 1
                if verbose:
                    print('ok   {} (fails under 2017: {})'.format(name, type(e).__name__))
            continue
        n = MISREAD_2017.get(name)
        if n is None:
            checker.fail(name, 'expected to fail under 2017, read {}'.format(value)[:200])
        elif len(again) != n or again[:-1] != data[:n - 1]:
            checker.fail(name, 'the value read re-encodes to {} octets, not a prefix of {}'.format(len(again), n))
        else:
            checker.passed += 1
            if verbose:
                print('ok   {} (2017 reads a value from its first {} of {} octets)'.format(name, n, len(data)))

    ext = [p for p in hex_files(vectors, 'random/DayII') if '_ext' in os.path.basename(p)]
    if not ext:
        checker.fail('csae', 'no Day-2 frames in random/DayII')
    for path in ext:
        name = os.path.relpath(path, vectors)
        try:
            value = oracle.spec.decode('MessageFrame', bytes.fromhex(read(path)))
        except Exception as e:
            checker.fail(name, 'decode error: {}: {}'.format(type(e).__name__, e))
            continue
        if value[0] is not None:
            checker.fail(name, 'read as {} under 2017'.format(value[0]))
        else:
            checker.passed += 1
            if verbose:
                print('ok   {} (an unknown alternative under 2017)'.format(name))

    print('csae 2017 vectors: {} passed, {} failed'.format(checker.passed, checker.failed))
    return checker.failed


if __name__ == '__main__':
    sys.exit(main(sys.argv))
