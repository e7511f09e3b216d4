//! The link framings (`cv2x::link`): arbitrary bytes through `unwrap` (WSMP, IEEE 1609.2,
//! proxy + WSMP, DSMP, bare), the WSMP, 1609.2 and immediate-forward parsers, and the pcap reader
//! (a capture in memory, and single packets of every link type); never a panic.
//! Whatever parses re-encodes: 1609.2 (C-OER, canonical) to the same octets; WSMP and IFM
//! (not canonical: element order, unknown keys) to a form that parses to the same value and
//! re-encodes to itself; a datagram unwrapped and rebuilt from its layers unwraps the same.
#![no_main]

use std::time::Duration;

use cv2x::link::dsmp::Dsmp;
use cv2x::link::ifm::Ifm;
use cv2x::link::pcap::{dissect, paced, Capture, CaptureWriter, Encapsulation, Packet};
use cv2x::link::wsmp::Wsmp;
use cv2x::link::{ieee1609dot2, unwrap, Framing, Unwrapped};
use libfuzzer_sys::fuzz_target;
use pcap_file::pcap::PcapParser;
use pcap_file::DataLink;

fn write_wsmp(w: &Wsmp<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    w.write(&mut out).expect("a parsed WSM writes");
    out
}

fn wsmp(data: &[u8]) {
    if let Ok(w) = Wsmp::parse(data) {
        let out = write_wsmp(&w);
        assert_eq!(Wsmp::parse(&out), Ok(w), "the written WSM parses the same");
        assert_eq!(write_wsmp(&Wsmp::parse(&out).unwrap()), out);
        // Without extension elements the only freedom is a long length form; the same
        // size means the same octets.
        if data[0] == 0x03 && out.len() == data.len() {
            assert_eq!(out, data);
        }
    }
    if let Ok((w, end)) = Wsmp::parse_prefix(data) {
        assert_eq!(Wsmp::parse(&data[..end]), Ok(w));
    }
}

fn dsmp(data: &[u8]) {
    if let Ok(d) = Dsmp::parse(data) {
        let mut out = Vec::new();
        d.write(&mut out).expect("a parsed DSMP message writes");
        assert_eq!(out, data, "DSMP has one encoding");
    }
    if let Ok((d, end)) = Dsmp::parse_prefix(data) {
        assert_eq!(Dsmp::parse(&data[..end]), Ok(d));
    }
}

fn dot2(data: &[u8]) {
    if let Ok(payload) = ieee1609dot2::parse_unsecured(data) {
        let mut out = Vec::new();
        ieee1609dot2::write_unsecured(payload, &mut out);
        assert_eq!(out, data, "C-OER is canonical");
    }
    if let Ok((payload, end)) = ieee1609dot2::parse_unsecured_prefix(data) {
        assert_eq!(ieee1609dot2::parse_unsecured(&data[..end]), Ok(payload));
    }
}

/// A datagram rebuilt from its layers.
fn rebuild(u: &Unwrapped<'_>) -> Vec<u8> {
    let mut inner = Vec::new();
    if let Some(spdu) = u.signed {
        inner.extend_from_slice(spdu);
    } else if u.ieee1609dot2 {
        ieee1609dot2::write_unsecured(u.frame, &mut inner);
    } else {
        inner.extend_from_slice(u.frame);
    }
    if let Some(d) = u.dsmp {
        assert!(u.proxy.is_none() && u.wsmp.is_none());
        let mut out = Vec::new();
        Dsmp {
            payload: &inner,
            ..d
        }
        .write(&mut out)
        .expect("a parsed DSMP message writes");
        return out;
    }
    let Some(w) = u.wsmp else {
        assert!(u.proxy.is_none());
        return inner;
    };
    let mut out: Vec<u8> = u.proxy.into_iter().collect();
    Wsmp { data: &inner, ..w }
        .write(&mut out)
        .expect("a parsed WSM writes");
    out
}

fn unwrapped(data: &[u8]) {
    let Ok(u) = unwrap(data) else { return };
    assert!(u.framing() != Framing::Ifm);
    let again = rebuild(&u);
    assert_eq!(
        unwrap(&again),
        Ok(u),
        "the rebuilt datagram unwraps the same"
    );
    if u.wsmp.is_none() {
        assert_eq!(again, data, "bare, DSMP and 1609.2 framings are canonical");
    }
}

fn ifm(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(m) = Ifm::parse(&text) {
        let out = m.to_text();
        assert_eq!(Ifm::parse(&out).as_ref(), Ok(&m), "{out:?}");
    }
}

/// Every packet read from a capture is consistent with its datagram.
fn check_packets(packets: &[Packet]) {
    for p in packets {
        match p.framing {
            Framing::Ifm => {
                let m = Ifm::parse(std::str::from_utf8(&p.datagram).unwrap()).unwrap();
                assert_eq!((Some(m.psid), &m.payload), (p.psid, &p.frame));
            }
            framing => {
                let u = unwrap(&p.datagram).expect("the datagram unwraps");
                assert_eq!((u.framing(), u.frame), (framing, &p.frame[..]));
                assert_eq!(u.wsmp.map(|w| w.psid), p.psid);
            }
        }
    }
}

/// A capture written from the packets' datagrams (over UDP, and in 802.11 frames) reads back
/// the same.
fn write_back(packets: &[Packet]) {
    let udp = Encapsulation::Udp {
        src: "10.0.0.1:40000".parse().unwrap(),
        dst: "10.0.0.2:1516".parse().unwrap(),
    };
    let wifi = Encapsulation::Wifi {
        src_mac: [2, 0, 0, 0, 0, 1],
    };
    // Datagrams that fit in one UDP datagram and under the capture's snap length, at times
    // a pcap file holds (seconds in 32 bits; a pcapng file's 64-bit times go further).
    let kept: Vec<&Packet> = packets
        .iter()
        .filter(|p| p.datagram.len() <= 60_000 && p.time.as_secs() <= u64::from(u32::MAX))
        .collect();
    if kept.is_empty() {
        return;
    }
    for enc in [udp, wifi] {
        let mut w = CaptureWriter::new(Vec::new(), enc).unwrap();
        for p in &kept {
            w.write(p.time, &p.datagram).expect("writes");
        }
        let file = w.into_inner();
        let back = read_back(&file);
        assert_eq!(back.len(), kept.len());
        for (b, p) in back.iter().zip(&kept) {
            // The writer keeps microseconds.
            assert_eq!(b.time.as_micros(), p.time.as_micros());
            assert_eq!((&b.datagram, &b.frame), (&p.datagram, &p.frame));
            assert_eq!((b.framing, b.psid), (p.framing, p.psid));
        }
    }
}

/// The packets of a capture the crate wrote, read as `Capture::packets` reads them (the pcap
/// parser, then `dissect`) but from the slice: a `Capture` costs an 8 MB buffer.
fn read_back(file: &[u8]) -> Vec<Packet> {
    let (mut rest, parser) = PcapParser::new(file).expect("a written capture has a header");
    let mut packets = Vec::new();
    while !rest.is_empty() {
        let (next, p) = parser.next_packet(rest).expect("a written packet parses");
        let index = packets.len();
        let datalink = parser.header().datalink;
        packets.push(
            dissect(datalink, index, p.timestamp, &p.data).expect("a written packet dissects"),
        );
        rest = next;
    }
    packets
}

/// The magic numbers of pcap files (microsecond and nanosecond, either byte order) and of
/// pcapng files (the Section Header Block's type, the same in either byte order). The
/// reader allocates an 8 MB buffer before it looks at the magic, so other inputs are not
/// given to it: at every execution that would cost most of the fuzzer's time.
const PCAP_MAGIC: [[u8; 4]; 5] = [
    [0xd4, 0xc3, 0xb2, 0xa1],
    [0xa1, 0xb2, 0xc3, 0xd4],
    [0x4d, 0x3c, 0xb2, 0xa1],
    [0xa1, 0xb2, 0x3c, 0x4d],
    [0x0a, 0x0d, 0x0d, 0x0a],
];

fn pcap(data: &[u8]) {
    // A whole capture file in memory.
    let magic = data
        .get(..4)
        .is_some_and(|m| PCAP_MAGIC.iter().any(|p| p == m));
    if let Some(Ok(c)) = magic.then(|| Capture::new(data)) {
        let mut good = Vec::new();
        for item in paced(c.packets().take(64)) {
            if let Ok((_, p)) = item {
                good.push(p);
            }
        }
        check_packets(&good);
        write_back(&good);
    }
    // One packet of each link type the reader takes apart (and one it does not).
    if let Some((&sel, rest)) = data.split_first() {
        let links = [
            DataLink::ETHERNET,
            DataLink::LINUX_SLL,
            DataLink::RAW,
            DataLink::IPV4,
            DataLink::IPV6,
            DataLink::IEEE802_11,
            DataLink::IEEE802_11_RADIOTAP,
            DataLink::NULL,
        ];
        let link = links[sel as usize % links.len()];
        if let Ok(p) = dissect(link, 0, Duration::from_secs(1), rest) {
            check_packets(&[p]);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    unwrapped(data);
    wsmp(data);
    dsmp(data);
    dot2(data);
    ifm(data);
    pcap(data);
    // The same octets behind a proxy octet, and as the data of a WSM, reach the inner parsers.
    if let Some(rest) = data.get(1..) {
        wsmp(rest);
        dot2(rest);
    }
});
