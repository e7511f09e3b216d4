//! The link framings on real traffic: every datagram of the COC PC5 capture (a proxy type
//! octet, WSMP, 1609.2 unsecured data, a BSM) is taken apart down to a decoded BSM; and
//! what the writers produce is read back by the parsers.

use cv2x::j2735::view::FrameView;
use cv2x::j2735::{Message, MessageFrame};
use cv2x::link::{ieee1609dot2, unwrap, wsmp::Wsmp, Framing, Psid};
use cv2x::per::Decode;

fn capture(name: &str) -> std::path::PathBuf {
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/captures")
        .join(name);
    if beside.exists() {
        beside
    } else {
        std::path::Path::new("/work/shared/captures").join(name)
    }
}

/// The UDP payload of an Ethernet + IPv4 + UDP packet.
fn udp_payload(pkt: &[u8]) -> &[u8] {
    assert_eq!(&pkt[12..14], &[0x08, 0x00], "IPv4");
    let ip = &pkt[14..];
    let ihl = (ip[0] & 0x0f) as usize * 4;
    assert_eq!(ip[9], 17, "UDP");
    let udp = &ip[ihl..];
    let len = u16::from_be_bytes([udp[4], udp[5]]) as usize;
    &udp[8..len]
}

#[test]
fn every_datagram_of_the_pc5_proxy_capture_is_a_bsm() {
    let file = std::fs::File::open(capture("coc-pc5-bsm-udp-proxy.pcap")).expect("capture");
    let mut reader = pcap_file::pcap::PcapReader::new(file).unwrap();
    let mut n = 0;
    while let Some(pkt) = reader.next_packet() {
        let pkt = pkt.unwrap();
        let d = udp_payload(&pkt.data);
        let u = unwrap(d).unwrap_or_else(|e| panic!("datagram {n}: {e}"));
        assert_eq!(u.framing(), Framing::ProxyWsmp);
        assert_eq!(u.proxy, Some(0x01));
        assert!(u.ieee1609dot2);
        let w = u.wsmp.unwrap();
        assert_eq!(w.psid, Psid(0x01), "the capture's test PSID");
        let frame = MessageFrame::from_uper(u.frame).unwrap();
        let Message::BasicSafetyMessage(bsm) = frame.message else {
            panic!("not a BSM")
        };
        let view = FrameView::new(u.frame).unwrap().bsm().unwrap().unwrap();
        assert_eq!(view.lat(), bsm.core_data.lat.0);
        n += 1;
    }
    assert_eq!(n, 20);
}

#[test]
fn writers_and_parsers_agree() {
    let frame = [0x00, 0x14, 0x03, 0xaa, 0xbb, 0xcc];
    let mut dot2 = Vec::new();
    ieee1609dot2::write_unsecured(&frame, &mut dot2);
    let mut wsm = Vec::new();
    Wsmp {
        psid: Psid::BSM,
        channel: Some(172),
        data_rate: Some(12),
        tx_power_dbm: Some(23),
        data: &dot2,
    }
    .write(&mut wsm)
    .unwrap();
    for (d, framing) in [
        (&frame[..], Framing::Raw),
        (&dot2[..], Framing::Ieee1609Dot2),
        (&wsm[..], Framing::Wsmp),
    ] {
        let u = unwrap(d).unwrap();
        assert_eq!((u.framing(), u.frame), (framing, &frame[..]));
    }
    let mut proxied = vec![0x01];
    proxied.extend_from_slice(&wsm);
    assert_eq!(unwrap(&proxied).unwrap().framing(), Framing::ProxyWsmp);
    // Every proper prefix of a framed datagram is an error, never a panic.
    for n in 0..wsm.len() {
        assert!(unwrap(&wsm[..n]).is_err(), "prefix {n}");
    }
}
