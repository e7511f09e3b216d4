//! The generated views of the J2735 messages beyond the signal and safety ones (21 to 28
//! and the test messages 240 to 255; no real vectors of them exist): on arbitrary values,
//! each message's view (without and with an index, and through `FrameView`'s getter) reads
//! the owned value back; on every prefix and on bit flips of those encodings, the view and
//! the owned decode give one result (the same value, or the same error).
#![cfg(feature = "arbitrary")]

use arbitrary::{Arbitrary, Unstructured};
use cv2x::j2735::view::{FrameView, ViewIndex};
use cv2x::j2735::{views, Message, MessageFrame};
use cv2x::per::{Decode, Encode};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// A small deterministic generator of bit positions (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Inputs derived from an encoding: each strict prefix and 16 single and double bit flips.
fn mutations(m: &[u8], rng: &mut Rng) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = (0..m.len()).map(|n| m[..n].to_vec()).collect();
    if !m.is_empty() {
        for k in 0..16 {
            let mut x = m.to_vec();
            for _ in 0..1 + k % 2 {
                let bit = rng.below(m.len() * 8);
                x[bit / 8] ^= 0x80 >> (bit % 8);
            }
            out.push(x);
        }
    }
    out
}

/// One message's checks on the value built from `seed`; `$indexed` says whether its view
/// has `with_index` (a message also read inside another has not).
macro_rules! check {
    ($seed:expr, $t:ident, $view:ident, $get:ident, $variant:ident, $indexed:tt) => {{
        let val = cv2x::j2735::$t::arbitrary(&mut Unstructured::new($seed))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let bytes = val
            .to_uper()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let hex = hex::encode(&bytes);
        let read = views::$view::new(&bytes).and_then(|v| v.to_owned());
        prop_assert_eq!(read.as_ref(), Ok(&val), "view of {}", hex);
        check!(@index $indexed, $view, bytes, val, hex);
        // Through the frame's getter.
        let frame = MessageFrame {
            message: Message::$variant(val.clone().into()),
            ext: None,
        }
        .to_uper()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let f = FrameView::new(&frame).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let got = f.$get().expect("the frame's message").and_then(|v| v.to_owned());
        prop_assert_eq!(got.as_ref(), Ok(&val), "frame view of {}", hex);
        // Mutations: one result on both faces.
        let mut rng = Rng(bytes.len() as u64 * 0x9e37_79b9 + 1);
        for m in mutations(&bytes, &mut rng) {
            let owned = cv2x::j2735::$t::from_uper(&m);
            let viewed = views::$view::new(&m).and_then(|v| v.to_owned());
            prop_assert_eq!(viewed, owned, "mutation {} of {}", hex::encode(&m), hex);
        }
    }};
    (@index true, $view:ident, $bytes:ident, $val:ident, $hex:ident) => {{
        let mut ix = ViewIndex::new();
        let read = views::$view::with_index(&$bytes, &mut ix).and_then(|v| v.to_owned());
        prop_assert_eq!(read.as_ref(), Ok(&$val), "indexed view of {}", $hex);
    }};
    (@index false, $view:ident, $bytes:ident, $val:ident, $hex:ident) => {};
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs `check!` for each message on its own seeds, collecting the failures.
macro_rules! each {
    ($($t:ident, $view:ident, $get:ident, $variant:ident, $indexed:tt;)*) => {{
        let mut failed = Vec::new();
        $(
            if let Err(e) = runner().run(&vec(any::<u8>(), 0..2048), |seed| {
                check!(&seed, $t, $view, $get, $variant, $indexed);
                Ok(())
            }) {
                failed.push(format!("{}: {e}", stringify!($t)));
            }
        )*
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }};
}

#[test]
fn messages_21_to_28_views_read_the_owned_value() {
    each! {
        CommonSafetyRequest, CommonSafetyRequestView, csr, CommonSafetyRequest, true;
        EmergencyVehicleAlert, EmergencyVehicleAlertView, eva, EmergencyVehicleAlert, true;
        IntersectionCollision, IntersectionCollisionView, ica, IntersectionCollision, true;
        NMEAcorrections, NMEAcorrectionsView, nmea, NmeaCorrections, true;
        ProbeDataManagement, ProbeDataManagementView, pdm, ProbeDataManagement, true;
        ProbeVehicleData, ProbeVehicleDataView, pvd, ProbeVehicleData, true;
        RoadSideAlert, RoadSideAlertView, rsa, RoadSideAlert, false;
        RTCMcorrections, RTCMcorrectionsView, rtcm, RtcmCorrections, true;
    }
}

#[test]
fn test_messages_views_read_the_owned_value() {
    each! {
        TestMessage00, TestMessage00View, test_message_00, TestMessage00, true;
        TestMessage01, TestMessage01View, test_message_01, TestMessage01, true;
        TestMessage02, TestMessage02View, test_message_02, TestMessage02, true;
        TestMessage03, TestMessage03View, test_message_03, TestMessage03, true;
        TestMessage04, TestMessage04View, test_message_04, TestMessage04, true;
        TestMessage05, TestMessage05View, test_message_05, TestMessage05, true;
        TestMessage06, TestMessage06View, test_message_06, TestMessage06, true;
        TestMessage07, TestMessage07View, test_message_07, TestMessage07, true;
        TestMessage08, TestMessage08View, test_message_08, TestMessage08, true;
        TestMessage09, TestMessage09View, test_message_09, TestMessage09, true;
        TestMessage10, TestMessage10View, test_message_10, TestMessage10, true;
        TestMessage11, TestMessage11View, test_message_11, TestMessage11, true;
        TestMessage12, TestMessage12View, test_message_12, TestMessage12, true;
        TestMessage13, TestMessage13View, test_message_13, TestMessage13, true;
        TestMessage14, TestMessage14View, test_message_14, TestMessage14, true;
        TestMessage15, TestMessage15View, test_message_15, TestMessage15, true;
    }
}

/// A frame's getter gives `None` for another message, and the view's error for a broken one.
#[test]
fn getters_of_other_messages_are_none() {
    let val = cv2x::j2735::RoadSideAlert::default();
    let frame = MessageFrame {
        message: Message::RoadSideAlert(Box::new(val)),
        ext: None,
    }
    .to_uper()
    .unwrap();
    let f = FrameView::new(&frame).unwrap();
    assert!(f.rtcm().is_none() && f.eva().is_none() && f.test_message_00().is_none());
    assert!(f.rsa().unwrap().is_ok());
}
