//! Round trips and refusals of every primitive, on the byte samples of SECURITY-FACTS.md.

use super::*;

fn rd(b: &[u8]) -> Reader<'_> {
    Reader::new(b)
}

#[test]
fn lengths() {
    for n in [0usize, 1, 127, 128, 177, 255, 256, 65_535, 70_000] {
        let mut w = Writer::new();
        w.length(n);
        let mut b = w.into_vec();
        b.resize(b.len() + n, 0);
        let mut r = rd(&b);
        assert_eq!(r.length().unwrap(), n);
    }
    let mut w = Writer::new();
    w.length(177);
    assert_eq!(w.as_slice(), [0x81, 0xb1]);
    // Long form under 128, a leading zero, zero length octets, too many, beyond the input.
    let mut long = [0u8; 200];
    long[..2].copy_from_slice(&[0x81, 0x05]);
    assert_eq!(
        rd(&long).length().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    long[..3].copy_from_slice(&[0x82, 0x00, 0x90]);
    assert_eq!(
        rd(&long).length().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(
        rd(&[0x80]).length().unwrap_err().kind,
        ErrorKind::InvalidLength
    );
    assert_eq!(
        rd(&[0x85, 1, 1, 1, 1, 1]).length().unwrap_err().kind,
        ErrorKind::InvalidLength
    );
    assert_eq!(
        rd(&[0x05, 1]).length().unwrap_err().kind,
        ErrorKind::LengthTooLarge
    );
    assert_eq!(
        rd(&[0x84, 0xff, 0xff, 0xff, 0xff])
            .length()
            .unwrap_err()
            .kind,
        ErrorKind::LengthTooLarge
    );
}

#[test]
fn unbounded_integers() {
    for (v, enc) in [
        (0x20u64, &[0x01, 0x20][..]),
        (0x82, &[0x01, 0x82]),
        (0x204097, &[0x03, 0x20, 0x40, 0x97]),
        (0, &[0x01, 0x00]),
        (
            u64::MAX,
            &[0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ),
    ] {
        let mut w = Writer::new();
        w.uint(v);
        assert_eq!(w.as_slice(), enc);
        assert_eq!(rd(enc).uint().unwrap(), v);
    }
    assert_eq!(
        rd(&[0x00]).uint().unwrap_err().kind,
        ErrorKind::InvalidLength
    );
    assert_eq!(
        rd(&[9, 1, 0, 0, 0, 0, 0, 0, 0, 0]).uint().unwrap_err().kind,
        ErrorKind::ValueOutOfRange
    );
    for v in [0i64, 1, -1, 127, 128, -128, -129, i64::MIN, i64::MAX] {
        let mut w = Writer::new();
        w.int(v);
        let b = w.into_vec();
        let mut r = rd(&b);
        assert_eq!(r.int().unwrap(), v, "{b:02x?}");
        r.finish().unwrap();
    }
    assert_eq!(
        rd(&[0x02, 0x00, 0x01]).int().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(
        rd(&[0x02, 0xff, 0x80]).int().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(rd(&[0x02, 0x00, 0x80]).int().unwrap(), 128);
}

#[test]
fn constrained_integers() {
    assert_eq!(int_width(0, 7), (1, false));
    assert_eq!(int_width(0, 65535), (2, false));
    assert_eq!(int_width(-900_000_000, 900_000_001), (4, true));
    let mut w = Writer::new();
    w.constrained(-1, -900_000_000, 900_000_001).unwrap();
    assert_eq!(w.as_slice(), [0xff, 0xff, 0xff, 0xff]);
    assert_eq!(
        rd(w.as_slice())
            .constrained(-900_000_000, 900_000_001)
            .unwrap(),
        -1
    );
    assert_eq!(
        rd(&[0x7f, 0xff, 0xff, 0xff])
            .constrained(-900_000_000, 900_000_001)
            .unwrap_err()
            .kind,
        ErrorKind::ValueOutOfRange
    );
    assert!(Writer::new().constrained(8, 0, 7).is_err());
    assert_eq!(
        rd(&[0x08]).constrained(0, 7).unwrap_err().kind,
        ErrorKind::ValueOutOfRange
    );
}

#[test]
fn enumerations_and_tags() {
    for v in [0i64, 1, 127, 128, -1, 1000] {
        let mut w = Writer::new();
        w.enumerated(v);
        assert_eq!(rd(w.as_slice()).enumerated().unwrap(), v);
    }
    assert_eq!(
        rd(&[0x81, 0x05]).enumerated().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    for n in [0u32, 5, 62, 63, 200, 100_000] {
        let mut w = Writer::new();
        w.choice(n);
        let mut r = rd(w.as_slice());
        assert_eq!(r.choice().unwrap(), n);
        r.finish().unwrap();
    }
    assert_eq!(
        rd(&[0x40]).choice().unwrap_err().kind,
        ErrorKind::InvalidChoice
    );
    assert_eq!(
        rd(&[0xbf, 0x05]).choice().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(
        rd(&[0xbf, 0x80, 0x50]).choice().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(
        rd(&[0xbf, 0xff, 0xff, 0xff, 0xff, 0x7f])
            .choice()
            .unwrap_err()
            .kind,
        ErrorKind::InvalidChoice
    );
}

#[test]
fn preambles_and_extensions() {
    // HeaderInfo (extensible, 6 optionals) with generationTime and expiryTime: 0x60.
    let p = rd(&[0x60]).preamble(true, 6).unwrap();
    assert!(!p.extended && p.has(0) && p.has(1) && !p.has(2));
    let mut w = Writer::new();
    w.preamble(true, false, 6, p.bits);
    assert_eq!(w.as_slice(), [0x60]);
    // Non-zero padding.
    assert_eq!(
        rd(&[0x61]).preamble(true, 6).unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    // Nine optionals span two octets.
    let mut w = Writer::new();
    w.preamble(false, false, 9, 0b1_0000_0001);
    assert_eq!(w.as_slice(), [0x80, 0x80]);
    assert_eq!(
        rd(w.as_slice()).preamble(false, 9).unwrap().bits,
        0b1_0000_0001
    );
    // Extension bitmap of inlineP2pcdRequest (first addition): 02 06 80.
    let bm = rd(&[0x02, 0x06, 0x80]).extension_bitmap().unwrap();
    assert!(bm.has(0) && !bm.has(1) && bm.len() == 2);
    let mut w = Writer::new();
    w.extension_bitmap(2, [0].into_iter());
    assert_eq!(w.as_slice(), [0x02, 0x06, 0x80]);
    assert_eq!(
        rd(&[0x02, 0x06, 0x00]).extension_bitmap().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(
        rd(&[0x02, 0x06, 0x81]).extension_bitmap().unwrap_err().kind,
        ErrorKind::NonCanonical
    );
    assert_eq!(
        rd(&[0x01, 0x00]).extension_bitmap().unwrap_err().kind,
        ErrorKind::InvalidLength
    );
}

#[test]
fn open_types_and_quantities() {
    let mut w = Writer::new();
    w.open(|w| {
        w.u8(0x82);
        w.bytes(&[7; 48]);
        Ok(())
    })
    .unwrap();
    let b = w.into_vec();
    let mut r = rd(&b);
    let mut inner = r.open().unwrap();
    assert_eq!(inner.offset(), 1);
    assert_eq!(inner.u8().unwrap(), 0x82);
    assert_eq!(inner.remaining(), 48);
    r.finish().unwrap();
    // A quantity the input cannot hold is refused before any allocation.
    assert_eq!(
        rd(&[0x04, 0xff, 0xff, 0xff, 0xff])
            .quantity(1)
            .unwrap_err()
            .kind,
        ErrorKind::LengthTooLarge
    );
    assert_eq!(
        rd(&[0x01, 0x02, 0xaa]).quantity(1).unwrap_err().kind,
        ErrorKind::LengthTooLarge
    );
    assert_eq!(rd(&[0x01, 0x02, 0xaa, 0xbb]).quantity(1).unwrap(), 2);
}

#[test]
fn hostile_bytes_never_panic() {
    // Every primitive on every 3-octet input and a few longer ones.
    let mut buf = [0u8; 3];
    for a in 0..=255u8 {
        for b in [0u8, 1, 0x3f, 0x7f, 0x80, 0x81, 0xbf, 0xff] {
            for c in [0u8, 0x80, 0xff] {
                buf = [a, b, c];
                let _ = rd(&buf).length();
                let _ = rd(&buf).uint();
                let _ = rd(&buf).int();
                let _ = rd(&buf).enumerated();
                let _ = rd(&buf).choice();
                let _ = rd(&buf).preamble(true, 12);
                let _ = rd(&buf).extension_bitmap();
                let _ = rd(&buf).open();
                let _ = rd(&buf).quantity(0);
                let _ = rd(&buf).constrained(-5, 1 << 40);
            }
        }
    }
    let _ = buf;
}
