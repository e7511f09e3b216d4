#!/usr/bin/env python3
"""Writes seed corpora from the conformance vectors (tests/vectors, or CV2X_VECTORS): seeds/binary (frames and bare messages as
binary files), seeds/json (their canonical JSON), seeds/line (text lines as `v2x` reads
them: hex, 0x-hex with whitespace, JSON) and seeds/link (framed datagrams: 1609.2, WSMP,
proxy + WSMP, RSU 4.1 immediate-forward text; pcap files built from the vectors in every
link type the reader takes, and the real captures of tests/captures, pcap and pcapng). Usage: seeds.py [VECTORS_DIR]"""
import glob
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
vectors = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CV2X_VECTORS")
           or os.path.normpath(os.path.join(here, "..", "tests", "vectors")))
if not os.path.isfile(os.path.join(vectors, "index.json")):
    sys.exit(f"no vectors in {vectors}")
for kind in ("binary", "json"):
    os.makedirs(os.path.join(here, "seeds", kind), exist_ok=True)
n = 0
for path in sorted(glob.glob(os.path.join(vectors, "**", "*.hex"), recursive=True)):
    name = os.path.relpath(path, vectors).replace(os.sep, "__")[:-4]
    with open(path) as f:
        data = bytes.fromhex(f.read().strip())
    with open(os.path.join(here, "seeds", "binary", name), "wb") as f:
        f.write(data)
    j = path[:-4] + ".json"
    if os.path.exists(j):
        with open(j, "rb") as src, open(os.path.join(here, "seeds", "json", name), "wb") as f:
            f.write(src.read())
    n += 1
for path in sorted(glob.glob(os.path.join(vectors, "random", "*", "*.tsv"))):
    for i, line in enumerate(open(path)):
        h, j = line.rstrip("\n").split("\t", 1)
        name = os.path.relpath(path, vectors).replace(os.sep, "__") + f"_{i}"
        with open(os.path.join(here, "seeds", "binary", name), "wb") as f:
            f.write(bytes.fromhex(h))
        with open(os.path.join(here, "seeds", "json", name), "w") as f:
            f.write(j)
        n += 1


# --- seeds/line and seeds/link: the text and framing targets (added after the ones above,
# which stay as they were).
for kind in ("line", "link"):
    os.makedirs(os.path.join(here, "seeds", kind), exist_ok=True)


def put(kind, name, data):
    with open(os.path.join(here, "seeds", kind, name), "wb") as f:
        f.write(data)


frames = []  # (name, octets, json or None) of the MessageFrame vectors
for path in sorted(glob.glob(os.path.join(vectors, "**", "*.hex"), recursive=True)):
    name = os.path.relpath(path, vectors).replace(os.sep, "__")[:-4]
    with open(path) as f:
        data = bytes.fromhex(f.read().strip())
    j = path[:-4] + ".json"
    js = open(j, "rb").read().strip() if os.path.exists(j) else None
    # A frame starts 00 then its message ID (bare messages and other PDUs are left out).
    if len(data) > 3 and data[0] == 0 and os.sep + "bare" + os.sep not in path:
        frames.append((name, data, js))

lines = 0
for i, (name, data, js) in enumerate(frames):
    text = data.hex() + "\n" + ("  0X" if i % 2 else "0x") + data.hex().upper() + " \r\n"
    if js is not None:
        text += "\n" + js.decode().replace("\n", " ") + "\n"
    put("line", name, text.encode())
    lines += 1
# The random frames: every eighth hex and JSON line pair of each file.
for path in sorted(glob.glob(os.path.join(vectors, "random", "*", "*.tsv"))):
    pairs = [line.rstrip("\n").split("\t", 1) for line in open(path)]
    for i in range(0, len(pairs), 8):
        name = os.path.relpath(path, vectors).replace(os.sep, "__") + f"_{i}"
        put("line", name, (pairs[i][0] + "\n" + pairs[i][1] + "\n").encode())
        lines += 1

# Framings, for every frame vector in turn.
PSIDS = {18: b"\xe0\x00\x00\x17", 19: b"\x80\x02", 20: b"\x20", 29: b"\xe0\x00\x00\x16",
         30: b"\xe0\x00\x00\x15", 31: b"\x80\x03"}
TYPES = {18: "MAP", 19: "SPAT", 20: "BSM", 29: "SRM", 30: "SSM", 31: "TIM"}


def count(n):  # 1609.3 variable-length count
    return bytes([n]) if n < 0x80 else bytes([0x80 | n >> 8, n & 0xff])


def dot2(payload):  # IEEE 1609.2 unsecured data, C-OER length
    n = len(payload)
    if n < 0x80:
        head = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(b)]) + b
    return b"\x03\x80" + head + payload


def wsmp(psid, data, elements=()):
    head = bytes([0x0b if elements else 0x03])
    if elements:
        head += count(len(elements)) + b"".join(bytes([e, 1, v]) for e, v in elements)
    return head + b"\x00" + psid + count(len(data)) + data


def ifm(msg_id, data):
    return ("Version=0.7\nType=%s\nPSID=0x%s\nPriority=7\nTxMode=CONT\nTxChannel=183\nTxInterval=0\n"
            "DeliveryStart=\nDeliveryStop=\nSignature=False\nEncryption=False\nPayload=%s\n" % (
                TYPES.get(msg_id, "TIM"), PSIDS.get(msg_id, b"\x80\x03").hex().upper(),
                data.hex().upper())).encode()


datagrams = []
for i, (name, data, _) in enumerate(frames):
    psid = PSIDS.get(data[1], b"\x80\x03")
    forms = [
        dot2(data),
        wsmp(psid, data),
        wsmp(psid, dot2(data), [(15, 172), (16, 12), (4, 148)]),
        b"\x01" + wsmp(psid, dot2(data)),
        ifm(data[1], data),
    ]
    datagrams.append(forms[i % len(forms)])
    # Every form for every fourth vector.
    if i % 4 == 0:
        for k, d in enumerate(forms):
            put("link", f"{name}.{k}", d)

# pcap files: 16 datagrams each, in every link type the reader takes apart.
LLC_WSMP = bytes([0xaa, 0xaa, 0x03, 0, 0, 0, 0x88, 0xdc])


def ipv4_udp(payload, sport=40000, dport=1516):
    total = 20 + 8 + len(payload)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 1, 0x4000, 64, 17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    return ip + struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def ipv6_udp(payload):
    ip = struct.pack(">IHBB", 6 << 28, 8 + len(payload), 17, 64) + bytes(15) + b"\x01" + bytes(15) + b"\x02"
    return ip + struct.pack(">HHHH", 40000, 1516, 8 + len(payload), 0) + payload


def wifi(wsm):
    return bytes([0x08, 0x00, 0, 0]) + b"\xff" * 6 + bytes([2, 0, 0, 0, 0, 1]) + b"\xff" * 6 + b"\x10\x00" + LLC_WSMP + wsm


LINKS = {
    1: lambda d: bytes(12) + b"\x08\x00" + ipv4_udp(d),  # Ethernet, IPv4
    101: ipv4_udp,  # raw IP
    113: lambda d: struct.pack(">HHH8sH", 0, 1, 6, bytes(8), 0x86dd) + ipv6_udp(d),  # Linux cooked
    105: wifi,  # 802.11 (WSMs only)
    127: lambda d: struct.pack("<BBHI", 0, 0, 8, 0) + wifi(d),  # radiotap + 802.11
}
pcaps = 0
for link, wrap in LINKS.items():
    for nano in (False, True):
        ds = [d for d in datagrams if link not in (105, 127) or d[:1] in (b"\x03", b"\x0b")]
        ds = ds[(link + nano) % 7::max(1, len(ds) // 16)][:16]
        magic = 0xa1b23c4d if nano else 0xa1b2c3d4
        endian = ">" if nano else "<"
        out = struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, link)
        for k, d in enumerate(ds):
            pkt = wrap(d)
            out += struct.pack(endian + "IIII", 1_700_000_000 + k // 10, (k % 10) * 100_000 * (1000 if nano else 1),
                               len(pkt), len(pkt)) + pkt
        put("link", f"capture-link{link}{'-ns' if nano else ''}.pcap", out)
        pcaps += 1
captures = os.path.normpath(os.path.join(here, "..", "tests", "captures"))
for path in sorted(glob.glob(os.path.join(captures, "*.pcap")) + glob.glob(os.path.join(captures, "*.pcapng"))):
    with open(path, "rb") as src:
        put("link", os.path.basename(path), src.read())
    pcaps += 1
print(f"{n} seeds from {vectors}; {lines} line seeds; {len(os.listdir(os.path.join(here, 'seeds', 'link')))} link seeds"
      f" ({pcaps} captures)")


# --- seeds/values: the generated_views target's input, a selector octet (SPaT 0, MAP 1,
# SRM 2, SSM 3, PSM 4, TIM 5, BSM 6, messages 21..28 7..14, test messages 240..255 15..30)
# then a message value: each frame vector's open type content.
os.makedirs(os.path.join(here, "seeds", "values"), exist_ok=True)
SELECTOR = {19: 0, 18: 1, 29: 2, 30: 3, 32: 4, 31: 5, 20: 6}
SELECTOR.update({msg_id: 7 + k for k, msg_id in enumerate(range(21, 29))})
SELECTOR.update({msg_id: 15 + k for k, msg_id in enumerate(range(240, 256))})


def frame_value(data):
    """(message ID, value octets) of a MessageFrame in UPER (extension bit 0, a 15-bit ID,
    an open type of fewer than 16K octets), else None."""
    bits = int.from_bytes(data, "big")
    total = len(data) * 8

    def take(at, n):
        return (bits >> (total - at - n)) & ((1 << n) - 1) if at + n <= total else None

    if total < 24 or take(0, 1) != 0:
        return None
    msg_id = take(1, 15)
    first = take(16, 8)
    if first >> 7 == 0:
        n, at = first, 24
    elif first >> 6 == 0b10:
        n, at = take(16, 16) & 0x3fff, 32
    else:
        return None
    if at + 8 * n > total:
        return None
    value = (bits >> (total - at - 8 * n)) & ((1 << (8 * n)) - 1)
    return msg_id, value.to_bytes(n, "big")


for name, data, _ in frames:
    got = frame_value(data)
    if got and got[0] in SELECTOR:
        put("values", name, bytes([SELECTOR[got[0]]]) + got[1])
