//! Traffic for the tests: the BSM, SPaT and MAP frame vectors of `tests/vectors`, and
//! distinct BSMs made from one (each its own 4-octet temporary id).

use cv2x::j2735::{Message, MessageFrame};
use cv2x::per::{Decode, Encode};

use crate::common;

/// A frame vector: its UPER octets, and its expected canonical JSON (edition 2020).
pub struct Frame {
    pub name: String,
    pub bytes: Vec<u8>,
    pub json: serde_json::Value,
    pub msg: &'static str,
}

/// The bare-frame BSM, SPaT and MAP vectors whose expected JSON is of edition 2020.
pub fn frames() -> Vec<Frame> {
    let mut out = Vec::new();
    for (dir, msg) in [("bsm", "BSM"), ("spat", "SPAT"), ("map", "MAP")] {
        for v in common::folder(dir) {
            let Some(json) = v.json else { continue };
            if v.edition != "2020" || MessageFrame::from_uper(&v.bytes).is_err() {
                continue;
            }
            out.push(Frame {
                name: v.name,
                bytes: v.bytes,
                json,
                msg,
            });
        }
    }
    assert!(
        out.iter().filter(|f| f.msg == "BSM").count() >= 3
            && out.iter().filter(|f| f.msg == "SPAT").count() >= 2
            && out.iter().filter(|f| f.msg == "MAP").count() >= 2,
        "too few frame vectors"
    );
    out
}

/// The first BSM vector with its temporary id set to `n`: frames told apart by their id.
pub struct Bsms {
    base: MessageFrame,
}

impl Bsms {
    pub fn new() -> Self {
        let f = frames().into_iter().find(|f| f.msg == "BSM").unwrap();
        Bsms {
            base: MessageFrame::from_uper(&f.bytes).unwrap(),
        }
    }

    pub fn nth(&self, n: u32) -> Vec<u8> {
        let mut f = self.base.clone();
        let Message::BasicSafetyMessage(b) = &mut f.message else {
            unreachable!()
        };
        b.core_data.id.0 = n.to_be_bytes();
        f.to_uper().unwrap()
    }
}

/// The temporary id of a BSM envelope's value.
pub fn bsm_id(envelope: &serde_json::Value) -> u32 {
    let hex = envelope["value"]["value"]["coreData"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no BSM id in {envelope}"));
    u32::from_str_radix(hex, 16).unwrap()
}

/// A small xorshift generator for garbage (reproducible, no dependency).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}
