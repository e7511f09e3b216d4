//! The COER types on every public vector: decode, re-encode byte-exactly, and the facts of
//! SECURITY-FACTS.md read back.

use cv2x::oer::ErrorKind;
use cv2x::sec::*;

use crate::common::{all_vectors, vector};

fn is_cert(name: &str) -> bool {
    name.starts_with("kr_penta") || name.starts_with("eu_tlm")
}

#[test]
fn every_vector_round_trips_byte_exactly() {
    let mut n = 0;
    for (name, b) in all_vectors() {
        let again = if is_cert(&name) {
            Certificate::from_coer(&b)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .to_coer()
        } else {
            Ieee1609Dot2Data::from_coer(&b)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
                .to_coer()
        }
        .unwrap();
        assert_eq!(hex::encode(&again), hex::encode(&b), "{name}");
        n += 1;
    }
    assert_eq!(n, 19, "vector files");
}

#[test]
fn real_signed_bsm_reads_as_documented() {
    let b = vector("ode_bsm_signed_digest.hex");
    let s = SignedSpdu::parse(&b).unwrap();
    assert_eq!(s.header.psid, Psid::BSM);
    assert_eq!(s.header.generation_time, Some(Time64(636_913_807_899_000)));
    assert_eq!(
        s.signer,
        SignerIdentifier::Digest(HashedId8(hex_arr("5b073a8672e91e9d")))
    );
    assert!(matches!(
        s.signature,
        Signature::EcdsaNistP256Signature(EcdsaP256Signature {
            r_sig: EccP256CurvePoint::CompressedY0(_),
            ..
        })
    ));
    let frame = s.payload().unwrap();
    assert_eq!(frame.len(), 177);
    // The payload is borrowed from the input: no copy.
    let range = b.as_ptr_range();
    assert!(range.contains(&frame.as_ptr()));
    // The owned decode agrees with the view.
    let d = Ieee1609Dot2Data::from_coer(&b).unwrap();
    let Ieee1609Dot2Content::SignedData(sd) = &d.content else {
        panic!()
    };
    assert_eq!(sd.tbs_data.to_coer().unwrap(), s.tbs);
    assert_eq!(sd.tbs_data.header_info, s.header);
}

fn hex_arr<const N: usize>(s: &str) -> [u8; N] {
    hex::decode(s).unwrap().try_into().unwrap()
}

#[test]
fn rsu_tim_certificate_permissions() {
    let b = vector("ode_tim_rsu_cert_with_ssps.hex");
    let s = SignedSpdu::parse(&b).unwrap();
    assert_eq!(s.header.psid, Psid::TIM);
    let (g, e) = (
        s.header.generation_time.unwrap().0,
        s.header.expiry_time.unwrap().0,
    );
    assert_eq!(e - g, 4 * 3600 * 1_000_000);
    let SignerIdentifier::Certificate(certs) = &s.signer else {
        panic!()
    };
    let c = &certs.0[0];
    assert_eq!(c.r#type, CertificateType::Implicit);
    assert_eq!(
        c.issuer,
        IssuerIdentifier::Sha256AndDigest(HashedId8(hex_arr("c620fb90caad3b9c")))
    );
    assert_eq!(c.to_be_signed.crl_series, CrlSeries(3));
    assert_eq!(
        c.to_be_signed.validity_period.duration,
        Duration::Minutes(Uint16(10140))
    );
    let perms: Vec<(u64, Option<String>)> = c
        .app_permissions()
        .iter()
        .map(|p| {
            (
                p.psid.0,
                p.ssp.as_ref().and_then(|s| s.octets()).map(hex::encode),
            )
        })
        .collect();
    assert_eq!(perms.len(), 9);
    assert!(perms.contains(&(0x82, Some("0080013040".into()))));
    assert!(perms.contains(&(0x204097, Some("0080012040".into()))));
    assert!(perms.contains(&(0x83, Some("008001f040".into()))));
    assert!(
        matches!(&c.to_be_signed.region, Some(GeographicRegion::IdentifiedRegion(v)) if v.0[0].country() == Some(840))
    );
}

#[test]
fn korean_rse_certificate_region_and_psid() {
    let c = Certificate::from_coer(&vector("kr_penta_rse0_b68ce89c75396849.hex")).unwrap();
    assert_eq!(c.to_be_signed.validity_period.start, Time32(499_525_388));
    assert_eq!(
        c.to_be_signed.validity_period.duration,
        Duration::Hours(Uint16(850))
    );
    assert_eq!(c.app_permissions()[0].psid, Psid::WSA);
    let Some(GeographicRegion::CircularRegion(r)) = c.to_be_signed.region else {
        panic!()
    };
    assert_eq!(
        (r.center.latitude.0, r.center.longitude.0, r.radius.0),
        (374_856_150, 1_270_392_830, 3000)
    );
}

#[test]
fn tlm_root_is_brainpool_p384_self_signed() {
    let c = Certificate::from_coer(&vector("eu_tlm_E7A4B2B045E7ACF9.hex")).unwrap();
    assert_eq!(c.issuer, IssuerIdentifier::SelfValue(HashAlgorithm::Sha384));
    assert!(matches!(
        c.signature,
        Some(Signature::EcdsaBrainpoolP384r1Signature(_))
    ));
    assert!(matches!(
        c.to_be_signed.verify_key_indicator,
        VerificationKeyIndicator::VerificationKey(PublicVerificationKey::EcdsaBrainpoolP384r1(_))
    ));
}

#[test]
fn json_round_trip() {
    for (name, b) in all_vectors() {
        if is_cert(&name) {
            let c = Certificate::from_coer(&b).unwrap();
            let j = serde_json::to_string(&c).unwrap();
            let back: Certificate = serde_json::from_str(&j).unwrap();
            assert_eq!(back, c, "{name}");
        } else {
            let d = Ieee1609Dot2Data::from_coer(&b).unwrap();
            let j = serde_json::to_string(&d).unwrap();
            let back: Ieee1609Dot2Data = serde_json::from_str(&j).unwrap();
            assert_eq!(back, d, "{name}");
        }
    }
    let c = Certificate::from_coer(&vector("kr_penta_rse0_b68ce89c75396849.hex")).unwrap();
    let j = serde_json::to_value(&c).unwrap();
    assert_eq!(j["toBeSigned"]["appPermissions"][0]["psid"], 135);
    assert_eq!(j["issuer"]["sha256AndDigest"], "163f2b7bc99253f4");
}

#[test]
fn every_prefix_and_bit_flip_is_a_value_or_an_error() {
    // Hostile input: no panic, and whatever decodes re-encodes to the same octets
    // (canonical decoding accepts one encoding per value).
    let mut decoded = 0usize;
    let mut refused = 0usize;
    for (name, b) in all_vectors() {
        let cert = is_cert(&name);
        let mut check = |m: &[u8]| {
            let again = if cert {
                Certificate::from_coer(m).and_then(|c| c.to_coer())
            } else {
                Ieee1609Dot2Data::from_coer(m).and_then(|d| d.to_coer())
            };
            match again {
                Ok(e) => {
                    assert_eq!(
                        e, m,
                        "{name}: a mutation decoded but re-encoded differently"
                    );
                    decoded += 1;
                }
                Err(_) => refused += 1,
            }
            let _ = SignedSpdu::parse(m);
        };
        for i in 0..b.len() {
            check(&b[..i]);
        }
        for bit in 0..b.len() * 8 {
            let mut m = b.clone();
            m[bit / 8] ^= 0x80 >> (bit % 8);
            check(&m);
        }
    }
    assert!(decoded > 0 && refused > 0);
}

#[test]
fn refusals_name_the_field() {
    // encryptedData is not decoded.
    let e = Ieee1609Dot2Data::from_coer(&[0x03, 0x82, 0x01]).unwrap_err();
    assert_eq!(
        (e.kind, e.path),
        (ErrorKind::Unsupported, "Ieee1609Dot2Content.encryptedData")
    );
    // A protocol version other than 3.
    let e = Ieee1609Dot2Data::from_coer(&[0x02, 0x80, 0x00]).unwrap_err();
    assert_eq!(
        (e.kind, e.path),
        (
            ErrorKind::ValueOutOfRange,
            "Ieee1609Dot2Data.protocolVersion"
        )
    );
    // The real BSM, cut inside its header.
    let b = vector("ode_bsm_signed_digest.hex");
    let s = SignedSpdu::parse(&b).unwrap();
    let header_at = s.tbs.len() - 10;
    let e = SignedSpdu::parse(&b[..b.len() - s.tbs.len() + header_at - 60]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnexpectedEnd);
    // Nesting beyond MAX_NESTING: signed data inside signed data, ...
    let mut nested = vec![0x03, 0x80, 0x00];
    for _ in 0..6 {
        let mut n = vec![0x03, 0x81, 0x00, 0x40];
        n.extend_from_slice(&nested);
        n.extend_from_slice(&[0x00, 0x01, 0x20, 0x82]);
        n.extend_from_slice(&[0x80; 1]);
        n.extend_from_slice(&[0u8; 64]);
        nested = n;
    }
    let e = Ieee1609Dot2Data::from_coer(&nested).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep);
}
