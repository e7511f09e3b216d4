//! The COER decoder of IEEE 1609.2 (`cv2x::sec`): arbitrary bytes as `Ieee1609Dot2Data`, as
//! `Certificate` and through the `SignedSpdu` view; never a panic. Canonical OER has one
//! encoding per value, so whatever decodes re-encodes to the same octets, and the view
//! agrees with the owned decode.
#![no_main]

use cv2x::sec::{Certificate, Coer, Ieee1609Dot2Content, Ieee1609Dot2Data, SignedSpdu};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let owned = Ieee1609Dot2Data::from_coer(data);
    if let Ok(d) = &owned {
        assert_eq!(d.to_coer().expect("a decoded value encodes"), data);
    }
    if let Ok(c) = Certificate::from_coer(data) {
        assert_eq!(c.to_coer().expect("a decoded value encodes"), data);
        let _ = c.canonical().to_coer();
    }
    match (SignedSpdu::parse(data), &owned) {
        (Ok(view), Ok(d)) => {
            let Ieee1609Dot2Content::SignedData(s) = &d.content else {
                panic!("the view read signed data the owned decode did not")
            };
            assert_eq!(view.tbs, &s.tbs_data.to_coer().unwrap()[..]);
            assert_eq!(view.header, s.tbs_data.header_info);
            assert_eq!(view.signer, s.signer);
            assert_eq!(view.signature, s.signature);
        }
        (Ok(_), Err(e)) => panic!("the view accepted what the owned decode refused: {e}"),
        (Err(_), Ok(d)) => assert!(
            !matches!(d.content, Ieee1609Dot2Content::SignedData(_)),
            "the owned decode accepted signed data the view refused"
        ),
        (Err(_), Err(_)) => {}
    }
});
