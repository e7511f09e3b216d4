//! The zero-copy view agrees with the owned decode, field by field, on every BSM vector.

use crate::common;

use crate::common::{folder, random};
use cv2x::j2735::view::{BsmView, FrameView};
use cv2x::j2735::{BasicSafetyMessage, Message, MessageFrame};
use cv2x::per::{Decode, Encode};

fn agree(name: &str, view: &BsmView<'_>, bsm: &BasicSafetyMessage) {
    let c = &bsm.core_data;
    let j = serde_json::to_value(c).unwrap();
    assert_eq!(view.msg_cnt(), c.msg_cnt.0, "{name}");
    assert_eq!(&view.id()[..], &c.id.0[..], "{name}");
    assert_eq!(view.sec_mark(), c.sec_mark.0, "{name}");
    assert_eq!(view.lat(), c.lat.0, "{name}");
    assert_eq!(view.long(), c.long.0, "{name}");
    assert_eq!(view.elev() as i64, c.elev.0 as i64, "{name}");
    assert_eq!(
        view.semi_major() as i64,
        j["accuracy"]["semiMajor"],
        "{name}"
    );
    assert_eq!(
        view.semi_minor() as i64,
        j["accuracy"]["semiMinor"],
        "{name}"
    );
    assert_eq!(
        view.orientation() as i64,
        j["accuracy"]["orientation"],
        "{name}"
    );
    let transmission = [
        "neutral",
        "park",
        "forwardGears",
        "reverseGears",
        "reserved1",
        "reserved2",
        "reserved3",
        "unavailable",
    ];
    assert_eq!(
        transmission[view.transmission() as usize],
        j["transmission"],
        "{name}"
    );
    assert_eq!(view.speed() as i64, j["speed"], "{name}");
    assert_eq!(view.heading() as i64, j["heading"], "{name}");
    assert_eq!(view.angle() as i64, j["angle"], "{name}");
    assert_eq!(view.accel_long() as i64, j["accelSet"]["long"], "{name}");
    assert_eq!(view.accel_lat() as i64, j["accelSet"]["lat"], "{name}");
    assert_eq!(view.accel_vert() as i64, j["accelSet"]["vert"], "{name}");
    assert_eq!(view.yaw() as i64, j["accelSet"]["yaw"], "{name}");
    assert_eq!(
        format!("{:05b}", view.wheel_brakes()),
        j["brakes"]["wheelBrakes"],
        "{name}"
    );
    let status = ["unavailable", "off", "on", "engaged"];
    assert_eq!(
        status[view.traction() as usize],
        j["brakes"]["traction"],
        "{name}"
    );
    assert_eq!(status[view.abs() as usize], j["brakes"]["abs"], "{name}");
    assert_eq!(status[view.scs() as usize], j["brakes"]["scs"], "{name}");
    assert_eq!(
        ["unavailable", "off", "on", "reserved"][view.brake_boost() as usize],
        j["brakes"]["brakeBoost"],
        "{name}"
    );
    assert_eq!(
        ["unavailable", "off", "on", "reserved"][view.aux_brakes() as usize],
        j["brakes"]["auxBrakes"],
        "{name}"
    );
    assert_eq!(view.width() as i64, j["size"]["width"], "{name}");
    assert_eq!(view.length() as i64, j["size"]["length"], "{name}");
    // Part II: same IDs, and each entry decoded on demand equals the owned one.
    let owned = bsm.part_ii.as_deref().unwrap_or(&[]);
    let viewed: Vec<_> = view.part_ii().collect::<Result<_, _>>().unwrap();
    assert_eq!(viewed.len(), owned.len(), "{name}");
    for (v, o) in viewed.iter().zip(owned) {
        assert_eq!(v.id, o.id(), "{name}");
        assert_eq!(&v.decode().unwrap(), o, "{name}");
    }
    let regional = bsm.regional.as_deref().unwrap_or(&[]);
    let viewed: Vec<_> = view.regional().collect::<Result<_, _>>().unwrap();
    assert_eq!(viewed.len(), regional.len(), "{name}");
    for (v, o) in viewed.iter().zip(regional) {
        assert_eq!(v.region_id, o.region_id.0, "{name}");
        assert_eq!(v.content.remaining() / 8, o.reg_ext_value.0.len(), "{name}");
    }
    assert_eq!(view.has_extensions(), bsm.ext.is_some(), "{name}");
}

#[test]
fn view_agrees_with_owned_on_every_bsm_frame() {
    let mut vs = folder("bsm");
    for ed in ["2016", "2020", "2024"] {
        vs.extend(random(ed, "bsm"));
    }
    for v in &vs {
        let frame = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(frame.message_id(), 20);
        let view = frame
            .bsm()
            .unwrap()
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let owned = MessageFrame::from_uper(&v.bytes).unwrap();
        let Message::BasicSafetyMessage(bsm) = &owned.message else {
            unreachable!()
        };
        assert_eq!(frame.value(), &bsm.to_uper().unwrap()[..], "{}", v.name);
        agree(&v.name, &view, bsm);
    }
}

#[test]
fn view_agrees_with_owned_on_bare_bsms() {
    for v in folder("bare/BasicSafetyMessage") {
        let view = BsmView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree(
            &v.name,
            &view,
            &BasicSafetyMessage::from_uper(&v.bytes).unwrap(),
        );
    }
}

#[test]
fn view_rejects_what_owned_rejects_in_core_data() {
    // Every prefix of a real BSM frame: the view never panics, and where the owned decode
    // accepts the frame the view does too.
    for v in folder("bsm").iter().take(20) {
        for n in 0..v.bytes.len() {
            let p = &v.bytes[..n];
            let view_ok = FrameView::new(p)
                .ok()
                .and_then(|f| f.bsm())
                .is_some_and(|b| b.is_ok());
            if MessageFrame::from_uper(p).is_ok() {
                assert!(view_ok, "{} prefix {n}", v.name);
            }
        }
    }
    // Latitude above 900000001 is out of range for both.
    let mut b = common::unhex(
        "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
    );
    b[10..14].fill(0xff);
    assert!(MessageFrame::from_uper(&b).is_err());
    let e = FrameView::new(&b).unwrap().bsm().unwrap().unwrap_err();
    assert_eq!(e.path, "BSMcoreData.lat");
}

#[test]
fn units_on_a_real_bsm() {
    let b = common::unhex(
        "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
    );
    let f = FrameView::new(&b).unwrap();
    let bsm = f.bsm().unwrap().unwrap();
    assert_eq!(bsm.latitude_deg(), Some(38.9557079));
    assert_eq!(bsm.longitude_deg(), Some(-77.1505975));
    assert_eq!(bsm.heading_deg(), Some(10201.0 * 0.0125));
}
