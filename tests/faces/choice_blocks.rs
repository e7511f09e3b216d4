//! A MAP node's offset (the `NodeOffsetPointXY` CHOICE) is read with its node's preamble
//! and its index in one block. A value out of range there must give the error a
//! field-by-field read gives: its kind, the bit where the field starts and the field's
//! name, in the owned decode, in a decode into another value and in the view.

use crate::common::folder;
use cv2x::j2735::view::FrameView;
use cv2x::j2735::{
    LaneAttributesCrosswalk, LaneAttributesVehicle, LaneTypeAttributes, Message, MessageFrame,
    NodeListXY, NodeOffsetPointXY,
};
use cv2x::per::{BitReader, BitString, BitWriter, Decode, Encode, ErrorKind};

/// The first `node-LatLon` offset of the MAP in `frame`: (longitude, latitude).
fn first_lat_lon(frame: &MessageFrame) -> Option<(i32, i32)> {
    let Message::MapData(map) = &frame.message else {
        return None;
    };
    map.intersections.as_ref()?.0.iter().find_map(|i| {
        i.lane_set.0.iter().find_map(|lane| match &lane.node_list {
            NodeListXY::Nodes(nodes) => nodes.0.iter().find_map(|n| match n.delta {
                NodeOffsetPointXY::NodeLatLon(p) => Some((p.lon.0, p.lat.0)),
                _ => None,
            }),
            _ => None,
        })
    })
}

/// The bit offset of the first `n`-bit field holding `v` at or after `from`.
fn find_bits(data: &[u8], from: usize, v: u64, n: u32) -> Option<usize> {
    (from..data.len() * 8 - n as usize).find(|&at| {
        BitReader::with_range(data, at, at + n as usize)
            .unwrap()
            .read_bits(n)
            .unwrap()
            == v
    })
}

#[test]
fn an_out_of_range_node_latitude_is_the_field_by_field_error() {
    let mut checked = 0;
    for v in folder("map") {
        let Ok(frame) = MessageFrame::from_uper(&v.bytes) else {
            continue;
        };
        let Some((lon, lat)) = first_lat_lon(&frame) else {
            continue;
        };
        // The offset: lon (32 bits) and lat (31 bits), each from its lower bound.
        let lon_bits = (lon as i64 + 1_799_999_999) as u64;
        let lat_bits = (lat as i64 + 900_000_000) as u64;
        let at = find_bits(&v.bytes, 0, (lon_bits << 31) | lat_bits, 63).expect("the node") + 32;
        // The latitude's 31 bits all ones: 2^31 - 1 lies past 1,800,000,001.
        let mut bad = v.bytes.clone();
        for bit in at..at + 31 {
            bad[bit / 8] |= 0x80 >> (bit % 8);
        }
        let e = MessageFrame::from_uper(&bad).expect_err("an out-of-range latitude");
        assert_eq!(
            (e.kind, e.bit, e.path),
            (ErrorKind::ValueOutOfRange, at, "Node-LLmD-64b.lat"),
            "{}: {e}",
            v.name
        );
        let mut into = frame.clone();
        let mut r = BitReader::new(&bad);
        assert_eq!(into.decode_into(&mut r).unwrap_err(), e, "{}", v.name);
        // The view counts bits from the start of the message (the frame's open type).
        let f = FrameView::new(&bad).expect("the frame is intact");
        let start = (f.value().as_ptr() as usize - bad.as_ptr() as usize) * 8;
        let ve = f
            .map()
            .expect("a MAP")
            .map(drop)
            .expect_err("the view refuses it");
        assert_eq!(
            (ve.kind, start + ve.bit, ve.path),
            (e.kind, e.bit, e.path),
            "{}: {ve}",
            v.name
        );
        checked += 1;
    }
    assert!(checked >= 1, "no MAP vector has a node-LatLon offset");
}

/// A lane's type (`LaneTypeAttributes`) is read with its index in one block too, with the
/// vehicle attributes (a BIT STRING of SIZE(8, ...)) in their root form or, through the
/// extension bit, of a one-octet length up to 64: every length decodes to itself (those
/// past 64 through the field-by-field read), followed by a bit of something else, and
/// every cut of the encoding before its last bit fails.
#[test]
fn lane_types_of_every_vehicle_attribute_length_decode_and_every_cut_fails() {
    for len in (0..=70).chain([127, 128, 200]) {
        let mut bits = BitString::zeros(len);
        for i in (1..len).step_by(2) {
            bits.set(i, true);
        }
        let value = LaneTypeAttributes::Vehicle(LaneAttributesVehicle(bits));
        let mut w = BitWriter::new(Vec::new());
        value.encode(&mut w).unwrap();
        let used = w.position();
        w.write_bits(1, 1).unwrap();
        let (bytes, _) = w.finish().unwrap();
        let mut r = BitReader::new(&bytes);
        assert_eq!(
            LaneTypeAttributes::decode(&mut r).unwrap(),
            value,
            "length {len}"
        );
        assert_eq!(r.position(), used, "length {len}");
        let mut into = LaneTypeAttributes::Crosswalk(LaneAttributesCrosswalk(BitString::zeros(16)));
        into.decode_into(&mut BitReader::new(&bytes)).unwrap();
        assert_eq!(into, value, "length {len}");
        for end in 0..used {
            let e = LaneTypeAttributes::decode(&mut BitReader::with_range(&bytes, 0, end).unwrap())
                .expect_err("a cut lane type");
            assert!(
                matches!(e.kind, ErrorKind::UnexpectedEnd | ErrorKind::LengthTooLarge),
                "length {len} cut at {end}: {e}"
            );
        }
    }
}
