//! pcap capture files of V2X traffic: writing what was sent or received, reading it back
//! in any of the encapsulations found in the field, and replaying with the original timing.
//!
//! Encapsulations:
//! - [`Encapsulation::Udp`]: Ethernet + IPv4 + UDP carrying the datagram as it went over
//!   the wire (a bare frame, 1609.2, WSMP, or a proxy octet + WSMP);
//! - [`Encapsulation::Wifi`]: an 802.11 data frame (OCB: broadcast, wildcard BSSID) with
//!   LLC/SNAP EtherType 0x88DC and the WSMP, as a DSRC radio captures it.
//!
//! Reading accepts pcap and pcapng files (Wireshark's default format; each packet read with
//! its interface's link type and timestamp resolution) of Ethernet (IPv4/IPv6 UDP, or
//! EtherType 0x88DC), raw IP, Linux cooked capture, 802.11 and radiotap + 802.11 packets,
//! and unwraps each packet with
//! [`unwrap`] (or, for RSU 4.1 immediate-forward text, [`Ifm::parse`](super::ifm::Ifm::parse)).
//!
//! ```no_run
//! use std::net::SocketAddrV4;
//! use std::time::Duration;
//! use cv2x::link::pcap::{Capture, Encapsulation, CaptureWriter};
//!
//! let mut w = CaptureWriter::create("spat.pcap", Encapsulation::Udp {
//!     src: "127.0.0.1:40000".parse().unwrap(),
//!     dst: "127.0.0.1:1516".parse().unwrap(),
//! })?;
//! w.write(Duration::from_millis(1_700_000_000_000), &[0x00, 0x13, 0x01, 0x00])?;
//! drop(w);
//! for packet in Capture::open("spat.pcap")?.packets() {
//!     let p = packet?;
//!     println!("{:?} {:?} {} octets", p.time, p.framing, p.frame.len());
//! }
//! # Ok::<(), cv2x::link::pcap::PcapError>(())
//! ```

use std::fs::File;
use std::io::{BufReader, BufWriter, Chain, Cursor, Read, Write};
use std::net::{IpAddr, SocketAddr, SocketAddrV4};
use std::path::Path;
use std::time::Duration;

use pcap_file::pcap::{PcapHeader, PcapPacket, PcapReader, PcapWriter};
use pcap_file::pcapng::blocks::interface_description::InterfaceDescriptionOption;
use pcap_file::pcapng::{Block, PcapNgReader};
use pcap_file::DataLink;

use super::{unwrap, Framing, LinkError};

/// What can go wrong with a capture file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PcapError {
    /// Reading or writing the file.
    #[error("capture file: {0}")]
    File(#[from] pcap_file::PcapError),
    /// Opening or creating the file.
    #[error("capture file: {0}")]
    Io(#[from] std::io::Error),
    /// A packet whose link, IP or UDP layer is malformed or of an unsupported kind.
    #[error("{what}")]
    Packet {
        /// Index of the packet in the file, from 0.
        index: usize,
        /// What was wrong.
        what: &'static str,
    },
    /// A packet whose V2X framing is malformed.
    #[error("{error}")]
    Framing {
        /// Index of the packet in the file, from 0.
        index: usize,
        /// The framing error.
        error: LinkError,
    },
}

/// How packets are written to a capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encapsulation {
    /// Ethernet + IPv4 + UDP from `src` to `dst`, carrying each datagram unchanged.
    Udp {
        /// Source address and port.
        src: SocketAddrV4,
        /// Destination address and port.
        dst: SocketAddrV4,
    },
    /// 802.11 data frames (OCB) with LLC/SNAP 0x88DC; each datagram must be a WSM.
    Wifi {
        /// The transmitter's MAC address.
        src_mac: [u8; 6],
    },
}

/// Writes a capture file in one encapsulation.
pub struct CaptureWriter<W: Write> {
    inner: PcapWriter<W>,
    encapsulation: Encapsulation,
    ip_id: u16,
    sequence: u16,
    buf: Vec<u8>,
    /// Packets written so far (the index of the next one).
    written: usize,
}

impl CaptureWriter<BufWriter<File>> {
    /// Creates (or truncates) a capture file at `path`.
    pub fn create(path: impl AsRef<Path>, encapsulation: Encapsulation) -> Result<Self, PcapError> {
        Self::new(BufWriter::new(File::create(path)?), encapsulation)
    }
}

impl<W: Write> CaptureWriter<W> {
    /// Writes the file header to `writer`.
    pub fn new(writer: W, encapsulation: Encapsulation) -> Result<Self, PcapError> {
        let datalink = match encapsulation {
            Encapsulation::Udp { .. } => DataLink::ETHERNET,
            Encapsulation::Wifi { .. } => DataLink::IEEE802_11,
        };
        let header = PcapHeader {
            datalink,
            endianness: pcap_file::Endianness::Little,
            ..PcapHeader::default()
        };
        Ok(CaptureWriter {
            inner: PcapWriter::with_header(writer, header)?,
            encapsulation,
            ip_id: 0,
            sequence: 0,
            buf: Vec::new(),
            written: 0,
        })
    }

    /// Writes one datagram sent or received at `time` (since the Unix epoch).
    ///
    /// A datagram longer than an IPv4 packet can carry (65,507 octets of UDP payload) is
    /// refused with [`PcapError::Packet`] rather than written with a wrapped length.
    pub fn write(&mut self, time: Duration, datagram: &[u8]) -> Result<(), PcapError> {
        self.buf.clear();
        match self.encapsulation {
            Encapsulation::Udp { .. } if datagram.len() > MAX_UDP_PAYLOAD => {
                return Err(PcapError::Packet {
                    index: self.written,
                    what: "datagram longer than an IPv4 UDP packet can carry",
                });
            }
            Encapsulation::Udp { src, dst } => {
                self.ip_id = self.ip_id.wrapping_add(1);
                ethernet_ipv4_udp(&mut self.buf, src, dst, self.ip_id, datagram);
            }
            Encapsulation::Wifi { src_mac } => {
                self.sequence = self.sequence.wrapping_add(1) & 0x0fff;
                wifi_ocb(&mut self.buf, src_mac, self.sequence, datagram);
            }
        }
        let packet = PcapPacket::new(time, self.buf.len() as u32, &self.buf);
        self.inner.write_packet(&packet)?;
        self.written += 1;
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> W {
        self.inner.into_writer()
    }
}

/// The largest UDP payload in one IPv4 packet: 65,535 less the IP and UDP headers.
const MAX_UDP_PAYLOAD: usize = 65_535 - 20 - 8;

fn ethernet_ipv4_udp(
    out: &mut Vec<u8>,
    src: SocketAddrV4,
    dst: SocketAddrV4,
    id: u16,
    payload: &[u8],
) {
    out.extend_from_slice(&[0; 12]); // destination and source MAC
    out.extend_from_slice(&[0x08, 0x00]);
    let total = (20 + 8 + payload.len()) as u16;
    let mut ip = [0u8; 20];
    ip[0] = 0x45;
    ip[2..4].copy_from_slice(&total.to_be_bytes());
    ip[4..6].copy_from_slice(&id.to_be_bytes());
    ip[6] = 0x40; // don't fragment
    ip[8] = 64;
    ip[9] = 17;
    ip[12..16].copy_from_slice(&src.ip().octets());
    ip[16..20].copy_from_slice(&dst.ip().octets());
    let sum = checksum(&ip);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    out.extend_from_slice(&ip);
    out.extend_from_slice(&src.port().to_be_bytes());
    out.extend_from_slice(&dst.port().to_be_bytes());
    out.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0]); // no UDP checksum (allowed over IPv4)
    out.extend_from_slice(payload);
}

fn checksum(header: &[u8]) -> u16 {
    let mut sum: u32 = header
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]) as u32)
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// LLC/SNAP header for EtherType 0x88DC (WSMP).
const LLC_WSMP: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0xdc];

fn wifi_ocb(out: &mut Vec<u8>, src: [u8; 6], sequence: u16, wsm: &[u8]) {
    out.extend_from_slice(&[0x08, 0x00]); // frame control: data, no DS bits
    out.extend_from_slice(&[0x00, 0x00]); // duration
    out.extend_from_slice(&[0xff; 6]); // receiver: broadcast
    out.extend_from_slice(&src); // transmitter
    out.extend_from_slice(&[0xff; 6]); // BSSID: wildcard (OCB)
    out.extend_from_slice(&(sequence << 4).to_le_bytes());
    out.extend_from_slice(&LLC_WSMP);
    out.extend_from_slice(wsm);
}

/// One packet of a capture, taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet {
    /// When it was captured (since the Unix epoch).
    pub time: Duration,
    /// The UDP source, if it came over UDP.
    pub src: Option<SocketAddr>,
    /// The UDP destination, if it came over UDP.
    pub dst: Option<SocketAddr>,
    /// The V2X framing of the datagram.
    pub framing: Framing,
    /// The WSMP PSID, if there was a WSMP layer.
    pub psid: Option<super::Psid>,
    /// The datagram as it travelled (the UDP payload, or the WSM of an 802.11 frame), for
    /// replaying it unchanged.
    pub datagram: Vec<u8>,
    /// The J2735 `MessageFrame` octets.
    pub frame: Vec<u8>,
}

/// A capture file being read.
pub struct Capture<R: Read> {
    source: Source<R>,
    index: usize,
}

/// The reader: the file's first four octets (its magic number), read to tell pcap from
/// pcapng, are put back in front of the rest.
type Peeked<R> = Chain<Cursor<[u8; 4]>, R>;

/// The magic number of a pcapng file (its Section Header Block type).
const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

enum Source<R: Read> {
    Pcap {
        reader: PcapReader<Peeked<R>>,
        datalink: DataLink,
    },
    PcapNg(PcapNgReader<Peeked<R>>),
}

impl Capture<BufReader<File>> {
    /// Opens a capture file (pcap or pcapng).
    pub fn open(path: impl AsRef<Path>) -> Result<Self, PcapError> {
        Self::new(BufReader::new(File::open(path)?))
    }
}

impl<R: Read> Capture<R> {
    /// Reads the file header (pcap) or first section header (pcapng) from `reader`.
    pub fn new(mut reader: R) -> Result<Self, PcapError> {
        let mut magic = [0u8; 4];
        reader.read_exact(&mut magic)?;
        let peeked = Cursor::new(magic).chain(reader);
        let source = if magic == PCAPNG_MAGIC {
            Source::PcapNg(PcapNgReader::new(peeked)?)
        } else {
            let reader = PcapReader::new(peeked)?;
            let datalink = reader.header().datalink;
            Source::Pcap { reader, datalink }
        };
        Ok(Capture { source, index: 0 })
    }

    /// The packets, each taken apart down to its `MessageFrame` (or an error for that packet;
    /// reading goes on after a bad packet, stops after a bad file).
    pub fn packets(self) -> Packets<R> {
        Packets {
            capture: self,
            done: false,
        }
    }
}

/// A packet read from a pcapng file: its link type, time and octets.
type NgPacket = (DataLink, Duration, Vec<u8>);

/// The next packet of a pcapng file (other blocks are skipped), or a per-packet error for
/// a packet of an interface the file has not described.
fn next_ng<R: Read>(
    reader: &mut PcapNgReader<R>,
    index: usize,
) -> Option<Result<Result<NgPacket, PcapError>, pcap_file::PcapError>> {
    loop {
        let block = match reader.next_block()? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        // The block borrows the reader: copy what is needed before looking up its interface.
        let (interface, units, data) = match block {
            // pcap-file hands the raw timestamp over as nanoseconds, whatever its unit.
            Block::EnhancedPacket(p) => (p.interface_id, p.timestamp.as_nanos() as u64, p.data),
            Block::Packet(p) => (u32::from(p.interface_id), p.timestamp, p.data),
            Block::SimplePacket(p) => (0, 0, p.data),
            _ => continue,
        };
        let data = data.into_owned();
        let Some(idb) = reader.interfaces().get(interface as usize) else {
            return Some(Ok(Err(PcapError::Packet {
                index,
                what: "packet of an interface the pcapng file did not describe",
            })));
        };
        let (mut resolution, mut offset) = (6, 0);
        for option in &idb.options {
            match option {
                InterfaceDescriptionOption::IfTsResol(r) => resolution = *r,
                InterfaceDescriptionOption::IfTsOffset(s) => offset = *s,
                _ => {}
            }
        }
        let time = ng_time(units, resolution).saturating_add(Duration::from_secs(offset));
        return Some(Ok(Ok((idb.linktype, time, data))));
    }
}

/// A pcapng timestamp of `units` at the interface's resolution (`if_tsresol`: 10^-r
/// seconds, or 2^-(r & 0x7f) when the high bit is set; microseconds by default).
fn ng_time(units: u64, resolution: u8) -> Duration {
    const NANOS: u128 = 1_000_000_000;
    let units = u128::from(units);
    let exponent = u32::from(resolution & 0x7f);
    let nanos = if resolution & 0x80 != 0 {
        (units * NANOS).checked_shr(exponent).unwrap_or(0)
    } else if exponent <= 9 {
        units * 10u128.pow(9 - exponent)
    } else {
        10u128
            .checked_pow(exponent - 9)
            .map_or(0, |scale| units / scale)
    };
    // At most `units` seconds, so it fits.
    Duration::new((nanos / NANOS) as u64, (nanos % NANOS) as u32)
}

/// Iterator over the packets of a [`Capture`].
pub struct Packets<R: Read> {
    capture: Capture<R>,
    done: bool,
}

impl<R: Read> Iterator for Packets<R> {
    type Item = Result<Packet, PcapError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let c = &mut self.capture;
        let index = c.index;
        let read = match &mut c.source {
            Source::Pcap { reader, datalink } => match reader.next_packet()? {
                Ok(p) => Ok(dissect(*datalink, index, p.timestamp, &p.data)),
                Err(e) => Err(e),
            },
            Source::PcapNg(reader) => match next_ng(reader, index)? {
                Ok(Ok((datalink, time, data))) => Ok(dissect(datalink, index, time, &data)),
                Ok(Err(e)) => Ok(Err(e)),
                Err(e) => Err(e),
            },
        };
        match read {
            Ok(packet) => {
                c.index += 1;
                Some(packet)
            }
            Err(e) => {
                self.done = true;
                Some(Err(e.into()))
            }
        }
    }
}

/// Takes one captured packet apart.
pub fn dissect(
    datalink: DataLink,
    index: usize,
    time: Duration,
    data: &[u8],
) -> Result<Packet, PcapError> {
    let bad = |what| PcapError::Packet { index, what };
    let (addrs, payload) = match datalink {
        DataLink::ETHERNET => {
            let ethertype = u16::from_be_bytes([
                *data.get(12).ok_or(bad("short Ethernet header"))?,
                *data.get(13).ok_or(bad("short Ethernet header"))?,
            ]);
            by_ethertype(ethertype, &data[14..]).ok_or(bad("not UDP or WSMP"))?
        }
        DataLink::LINUX_SLL => {
            let proto = data.get(14..16).ok_or(bad("short cooked header"))?;
            by_ethertype(u16::from_be_bytes([proto[0], proto[1]]), &data[16..])
                .ok_or(bad("not UDP or WSMP"))?
        }
        DataLink::RAW | DataLink::IPV4 | DataLink::IPV6 => ip_udp(data).ok_or(bad("not UDP"))?,
        DataLink::IEEE802_11 => (
            None,
            wifi_payload(data).ok_or(bad("not an 802.11 WSMP data frame"))?,
        ),
        DataLink::IEEE802_11_RADIOTAP => {
            let len = data
                .get(2..4)
                .map(|l| u16::from_le_bytes([l[0], l[1]]) as usize)
                .ok_or(bad("short radiotap header"))?;
            (
                None,
                data.get(len..)
                    .and_then(wifi_payload)
                    .ok_or(bad("not an 802.11 WSMP data frame"))?,
            )
        }
        _ => return Err(bad("unsupported link type")),
    };
    let (framing, psid, frame) = match unwrap(payload) {
        Ok(u) => (u.framing(), u.wsmp.map(|w| w.psid), u.frame.to_vec()),
        // RSU 4.1 immediate-forward text, as an RSU daemon sends it to the RSU.
        Err(error) => match core::str::from_utf8(payload)
            .ok()
            .and_then(|t| super::ifm::Ifm::parse(t).ok())
        {
            Some(ifm) => (Framing::Ifm, Some(ifm.psid), ifm.payload),
            None => return Err(PcapError::Framing { index, error }),
        },
    };
    Ok(Packet {
        time,
        src: addrs.map(|a| a.0),
        dst: addrs.map(|a| a.1),
        framing,
        psid,
        datagram: payload.to_vec(),
        frame,
    })
}

type Addrs = Option<(SocketAddr, SocketAddr)>;

fn by_ethertype(ethertype: u16, rest: &[u8]) -> Option<(Addrs, &[u8])> {
    match ethertype {
        0x0800 | 0x86dd => ip_udp(rest),
        0x88dc => Some((None, rest)),
        _ => None,
    }
}

/// The UDP payload of an IPv4 or IPv6 packet, with its addresses.
fn ip_udp(ip: &[u8]) -> Option<(Addrs, &[u8])> {
    let (src, dst, udp): (IpAddr, IpAddr, &[u8]) = match ip.first()? >> 4 {
        4 => {
            let ihl = (ip[0] & 0x0f) as usize * 4;
            if *ip.get(9)? != 17 || ihl < 20 {
                return None;
            }
            let s: [u8; 4] = ip.get(12..16)?.try_into().ok()?;
            let d: [u8; 4] = ip.get(16..20)?.try_into().ok()?;
            (s.into(), d.into(), ip.get(ihl..)?)
        }
        6 => {
            if *ip.get(6)? != 17 {
                return None;
            }
            let s: [u8; 16] = ip.get(8..24)?.try_into().ok()?;
            let d: [u8; 16] = ip.get(24..40)?.try_into().ok()?;
            (s.into(), d.into(), ip.get(40..)?)
        }
        _ => return None,
    };
    let sp = u16::from_be_bytes(udp.get(0..2)?.try_into().ok()?);
    let dp = u16::from_be_bytes(udp.get(2..4)?.try_into().ok()?);
    let len = u16::from_be_bytes(udp.get(4..6)?.try_into().ok()?) as usize;
    let payload = udp.get(8..len)?;
    Some((
        Some((SocketAddr::new(src, sp), SocketAddr::new(dst, dp))),
        payload,
    ))
}

/// The WSM in an 802.11 data frame with LLC/SNAP 0x88DC.
fn wifi_payload(f: &[u8]) -> Option<&[u8]> {
    let fc = *f.first()?;
    if (fc >> 2) & 0x3 != 2 {
        return None; // not a data frame
    }
    let flags = *f.get(1)?;
    let mut len = 24;
    if flags & 0x03 == 0x03 {
        len += 6; // four addresses
    }
    if (fc >> 4) & 0x8 != 0 {
        len += 2; // QoS data
    }
    if flags & 0x80 != 0 {
        len += 4; // HT control (order bit)
    }
    let rest = f.get(len..)?;
    (rest.get(..8)? == LLC_WSMP).then(|| &rest[8..])
}

/// Replays packets with their original timing: yields each packet with how long to wait
/// after the previous one (zero for the first). Sans-IO: the caller sleeps and sends.
pub fn paced<I: Iterator<Item = Result<Packet, PcapError>>>(
    packets: I,
) -> impl Iterator<Item = Result<(Duration, Packet), PcapError>> {
    let mut last: Option<Duration> = None;
    packets.map(move |p| {
        let p = p?;
        let wait = last.map_or(Duration::ZERO, |l| p.time.saturating_sub(l));
        last = Some(p.time);
        Ok((wait, p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcapng_timestamps_follow_the_interface_resolution() {
        let t = |units, r| ng_time(units, r);
        assert_eq!(t(1_500_000, 6), Duration::from_millis(1_500));
        assert_eq!(t(1_500_000_000, 9), Duration::from_millis(1_500));
        assert_eq!(t(15, 1), Duration::from_millis(1_500));
        assert_eq!(t(3 << 9, 0x89), Duration::from_secs(3)); // 2^-9 s units
        assert_eq!(t(u64::MAX, 0), Duration::from_secs(u64::MAX));
        assert_eq!(t(u64::MAX, 0xff), Duration::ZERO);
        assert_eq!(t(123, 60), Duration::ZERO);
    }

    #[test]
    fn ipv4_header_checksum_verifies() {
        let mut out = Vec::new();
        ethernet_ipv4_udp(
            &mut out,
            "10.0.0.1:1".parse().unwrap(),
            "10.0.0.2:2".parse().unwrap(),
            7,
            &[1, 2, 3],
        );
        assert_eq!(checksum(&out[14..34]), 0);
    }

    #[test]
    fn a_datagram_too_long_for_udp_is_refused_not_wrapped() {
        let udp = Encapsulation::Udp {
            src: "10.0.0.1:1".parse().unwrap(),
            dst: "10.0.0.2:2".parse().unwrap(),
        };
        let mut w = CaptureWriter::new(Vec::new(), udp).unwrap();
        let t = Duration::from_secs(1);
        w.write(t, &[1, 2, 3]).unwrap();
        let e = w.write(t, &vec![0; MAX_UDP_PAYLOAD + 1]).unwrap_err();
        assert!(matches!(e, PcapError::Packet { index: 1, .. }), "{e}");
        w.write(t, &[1, 2, 3]).unwrap();
    }
}
