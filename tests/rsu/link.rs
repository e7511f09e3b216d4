//! The link framings on real traffic: every datagram of the COC PC5 capture (a proxy type
//! octet, WSMP, 1609.2 unsecured data, a BSM) is taken apart down to a decoded BSM; what the
//! writers produce is read back by the parsers; captures the crate writes are read back by
//! the crate and dissected by the real `tshark`.

use cv2x::link::{ieee1609dot2, unwrap, wsmp::Wsmp, Framing, Psid};

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

#[cfg(feature = "pcap")]
mod captures {
    use super::*;
    use cv2x::j2735::view::FrameView;
    use cv2x::j2735::{Message, MessageFrame};
    use cv2x::per::Decode;

    use crate::common::capture;

    #[test]
    fn every_datagram_of_the_pc5_proxy_capture_is_a_bsm() {
        use cv2x::link::pcap::Capture;
        let mut n = 0;
        for p in Capture::open(capture("coc-pc5-bsm-udp-proxy.pcap"))
            .unwrap()
            .packets()
        {
            let p = p.unwrap_or_else(|e| panic!("packet {n}: {e}"));
            assert_eq!(p.framing, Framing::ProxyWsmp);
            assert_eq!(p.psid, Some(Psid(0x01)), "the capture's test PSID");
            assert_eq!(p.dst.unwrap().port(), 1234);
            let frame = MessageFrame::from_uper(&p.frame).unwrap();
            let Message::BasicSafetyMessage(bsm) = frame.message else {
                panic!("not a BSM")
            };
            let view = FrameView::new(&p.frame).unwrap().bsm().unwrap().unwrap();
            assert_eq!(view.lat(), bsm.core_data.lat.0);
            n += 1;
        }
        assert_eq!(n, 20);
    }
    /// The pcapng copies of the PC5 capture (made by Wireshark's `editcap`, one with
    /// microsecond and one with nanosecond timestamps) read as the pcap does: the same
    /// packets, times, addresses and frames. Every truncation of a pcapng file reads some
    /// packets and then an error, never a panic.
    #[test]
    fn pcapng_captures_read_like_the_pcap() {
        use cv2x::link::pcap::Capture;
        let read = |name: &str| -> Vec<_> {
            Capture::open(capture(name))
                .unwrap()
                .packets()
                .map(|p| p.unwrap())
                .collect()
        };
        let pcap = read("coc-pc5-bsm-udp-proxy.pcap");
        assert_eq!(pcap.len(), 20);
        for name in [
            "coc-pc5-bsm-udp-proxy.pcapng",
            "coc-pc5-bsm-udp-proxy-nsec.pcapng",
        ] {
            assert_eq!(read(name), pcap, "{name}");
            let bytes = std::fs::read(capture(name)).unwrap();
            for n in 0..bytes.len() {
                if let Ok(c) = Capture::new(&bytes[..n]) {
                    let ok = c.packets().take_while(|p| p.is_ok()).count();
                    assert!(ok <= pcap.len(), "{name}: prefix {n}");
                }
            }
        }
    }

    use cv2x::link::pcap::{paced, Capture, CaptureWriter, Encapsulation};
    use std::process::Command;
    use std::time::Duration;

    /// Frames of three messages, each in the three framings found in the field.
    fn datagrams() -> Vec<(Vec<u8>, Vec<u8>)> {
        let bsm = hex_frame(
            "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
        );
        let mut out = Vec::new();
        for (frame, psid) in [(bsm.clone(), Psid::BSM), (bsm, Psid(0x01))] {
            let mut dot2 = Vec::new();
            ieee1609dot2::write_unsecured(&frame, &mut dot2);
            let mut wsm = Vec::new();
            Wsmp {
                psid,
                channel: Some(172),
                data_rate: Some(12),
                tx_power_dbm: Some(20),
                data: &dot2,
            }
            .write(&mut wsm)
            .unwrap();
            out.push((frame, wsm));
        }
        out
    }

    fn hex_frame(h: &str) -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    }

    fn write(path: &std::path::Path, enc: Encapsulation, proxy: bool) -> Vec<Vec<u8>> {
        let mut w = CaptureWriter::create(path, enc).unwrap();
        let mut frames = Vec::new();
        for (i, (frame, wsm)) in datagrams().into_iter().enumerate() {
            let mut d = Vec::new();
            if proxy {
                d.push(0x01);
            }
            d.extend_from_slice(&wsm);
            w.write(
                Duration::from_millis(1_700_000_000_000 + 100 * i as u64),
                &d,
            )
            .unwrap();
            frames.push(frame);
        }
        drop(w);
        frames
    }

    #[test]
    fn written_captures_read_back_in_every_encapsulation() {
        let dir = std::env::temp_dir().join(format!("cv2x-pcap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let udp = Encapsulation::Udp {
            src: "127.0.0.1:40000".parse().unwrap(),
            dst: "127.0.0.1:1234".parse().unwrap(),
        };
        let wifi = Encapsulation::Wifi {
            src_mac: [2, 0, 0, 0, 0, 1],
        };
        for (name, enc, proxy, framing) in [
            ("udp-wsmp.pcap", udp, false, Framing::Wsmp),
            ("udp-proxy.pcap", udp, true, Framing::ProxyWsmp),
            ("wifi.pcap", wifi, false, Framing::Wsmp),
        ] {
            let path = dir.join(name);
            let frames = write(&path, enc, proxy);
            let read: Vec<_> = paced(Capture::open(&path).unwrap().packets())
                .map(|p| p.unwrap())
                .collect();
            assert_eq!(read.len(), frames.len(), "{name}");
            for (i, ((wait, p), f)) in read.iter().zip(&frames).enumerate() {
                assert_eq!((p.framing, &p.frame), (framing, f), "{name}");
                assert_eq!(
                    *wait,
                    Duration::from_millis(if i == 0 { 0 } else { 100 }),
                    "{name}"
                );
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// What an RSU daemon records of what it sends to the RSU: immediate-forward text.
    #[test]
    fn immediate_forward_text_reads_back() {
        use cv2x::link::ifm::Ifm;
        let path = std::env::temp_dir().join(format!("cv2x-ifm-{}.pcap", std::process::id()));
        let udp = Encapsulation::Udp {
            src: "127.0.0.1:40000".parse().unwrap(),
            dst: "127.0.0.1:1516".parse().unwrap(),
        };
        let mut w = CaptureWriter::create(&path, udp).unwrap();
        let frame = hex_frame(
            "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
        );
        let text = Ifm::new("BSM", Psid::BSM, frame.clone()).to_text();
        w.write(Duration::from_secs(1), text.as_bytes()).unwrap();
        drop(w);
        let p = Capture::open(&path)
            .unwrap()
            .packets()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(
            (p.framing, p.psid, &p.frame, &p.datagram),
            (Framing::Ifm, Some(Psid::BSM), &frame, &text.into_bytes())
        );
        std::fs::remove_file(&path).unwrap();
    }

    /// The real tshark dissects what we write: WSMP and IEEE 1609.2, without errors.
    #[test]
    fn tshark_dissects_our_captures() {
        let tshark = Command::new("tshark").arg("--version").output();
        assert!(
            tshark.is_ok(),
            "tshark is not installed (scripts/test-all.sh installs it)"
        );
        let dir = std::env::temp_dir().join(format!("cv2x-tshark-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let wifi = dir.join("wifi.pcap");
        write(
            &wifi,
            Encapsulation::Wifi {
                src_mac: [2, 0, 0, 0, 0, 1],
            },
            false,
        );
        let out = Command::new("tshark")
            .args(["-r"])
            .arg(&wifi)
            .arg("-V")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Wave Short Message Protocol"), "{text}");
        assert!(text.contains("Ieee1609Dot2Data"), "{text}");
        assert!(text.contains("unsecuredData"), "{text}");
        for bad in ["Malformed", "Expert Info (Error", "Dissector bug"] {
            assert!(!text.contains(bad), "{bad} in:\n{text}");
        }
        // Field by field, as we wrote them: PSID 0x20, channel 172, 1609.2 version 3 (tshark
        // hands the data to its 1609.2 dissector for the BSM PSID).
        let fields = Command::new("tshark")
            .args(["-r"])
            .arg(&wifi)
            .args([
                "-T",
                "fields",
                "-e",
                "wsmp.psid",
                "-e",
                "wsmp.wave_ie_data",
                "-e",
                "ieee1609dot2.protocolVersion",
            ])
            .output()
            .unwrap();
        let fields = String::from_utf8_lossy(&fields.stdout);
        let first: Vec<&str> = fields.lines().next().unwrap_or("").split('\t').collect();
        assert_eq!(first[0], "0x00000020", "{fields}");
        assert!(first[1].starts_with("ac"), "channel 172 = 0xac: {fields}");
        assert_eq!(first[2], "3", "{fields}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
