//! The generated SPaT, MAP, SRM, SSM, TIM and PSM views give the owned decode's value (`to_owned`)
//! on every vector, read in document order or out of it, with and without a `ViewIndex`,
//! and on values carrying what no vector does (regional extensions, extension additions,
//! later editions' alternatives). On hostile input they agree with the owned decode too:
//! `agreement.rs`.

use crate::common::{folder, random, Vector};
use cv2x::j2735::view::*;
use cv2x::j2735::*;
use cv2x::per::{BitString, Decode, Encode, Extensions, Result};

fn vectors(ty: &str) -> Vec<Vector> {
    let mut vs = folder(ty);
    for ed in ["2016", "2020", "2024"] {
        vs.extend(random(ed, ty));
    }
    vs
}

/// `f` on every message of kind `ty` (its value's octets and its owned decode).
fn each_message<T: Decode>(ty: &str, mut f: impl FnMut(&str, &[u8], T)) -> usize {
    let vs = vectors(ty);
    for v in &vs {
        let frame = FrameView::new(&v.bytes).expect("a vector's frame");
        let owned = T::from_uper(frame.value()).expect("a vector decodes");
        f(&v.name, frame.value(), owned);
    }
    vs.len()
}

/// The entries of a list, last first (each read when the one after it was).
fn reversed<T>(l: impl Iterator<Item = Result<T>>) -> Vec<T> {
    let mut v: Vec<T> = l.collect::<Result<_>>().expect("a validated view's list");
    v.reverse();
    v
}

#[test]
fn views_give_the_owned_value_of_every_vector() {
    let mut index = ViewIndex::new();
    let n = each_message("spat", |name, b, o: SPAT| {
        assert_eq!(SPATView::new(b).unwrap().to_owned().unwrap(), o, "{name}");
        assert_eq!(
            SPATView::with_index(b, &mut index)
                .unwrap()
                .to_owned()
                .unwrap(),
            o,
            "{name}"
        );
    }) + each_message("map", |name, b, o: MapData| {
        assert_eq!(
            MapDataView::new(b).unwrap().to_owned().unwrap(),
            o,
            "{name}"
        );
        let v = MapDataView::with_index(b, &mut index).unwrap();
        assert_eq!(v.to_owned().unwrap(), o, "{name}");
    }) + each_message("srm", |name, b, o: SignalRequestMessage| {
        let v = SignalRequestMessageView::new(b).unwrap();
        assert_eq!(v.to_owned().unwrap(), o, "{name}");
    }) + each_message("ssm", |name, b, o: SignalStatusMessage| {
        let v = SignalStatusMessageView::new(b).unwrap();
        assert_eq!(v.to_owned().unwrap(), o, "{name}");
    }) + each_message("tim", |name, b, o: TravelerInformation| {
        let v = TravelerInformationView::new(b).unwrap();
        assert_eq!(v.to_owned().unwrap(), o, "{name}");
        let v = TravelerInformationView::with_index(b, &mut index).unwrap();
        assert_eq!(v.to_owned().unwrap(), o, "{name}");
    }) + each_message("psm", |name, b, o: PersonalSafetyMessage| {
        let v = PersonalSafetyMessageView::new(b).unwrap();
        assert_eq!(v.to_owned().unwrap(), o, "{name}");
        assert_eq!(v.basic_type(), o.basic_type, "{name}");
        assert_eq!(v.speed(), o.speed, "{name}");
    });
    assert!(n > 480, "{n} vectors");
}

/// Items read last first: every later member of an item is found from where its lists end,
/// which a reader in document order would have walked past, here not yet.
#[test]
fn views_read_out_of_document_order() {
    let mut index = ViewIndex::new();
    let mut movements = 0;
    each_message("spat", |name, b, o: SPAT| {
        for indexed in [false, true] {
            let v = if indexed {
                SPATView::with_index(b, &mut index).unwrap()
            } else {
                SPATView::new(b).unwrap()
            };
            let is = reversed(v.intersections());
            for (i, oi) in is.iter().zip(o.intersections.0.iter().rev()) {
                let ss = reversed(i.states());
                for (s, os) in ss.iter().zip(oi.states.0.iter().rev()) {
                    assert_eq!(&s.to_owned().unwrap(), os, "{name}");
                    movements += 1;
                }
                assert_eq!(&i.to_owned().unwrap(), oi, "{name}");
            }
            assert_eq!(v.to_owned().unwrap(), o);
        }
    });
    let mut lanes = 0;
    each_message("map", |name, b, o: MapData| {
        for indexed in [false, true] {
            let v = if indexed {
                MapDataView::with_index(b, &mut index).unwrap()
            } else {
                MapDataView::new(b).unwrap()
            };
            let (Some(is), Some(ois)) = (v.intersections(), &o.intersections) else {
                continue;
            };
            for (i, oi) in reversed(is).iter().zip(ois.0.iter().rev()) {
                for (l, ol) in reversed(i.lane_set())
                    .iter()
                    .zip(oi.lane_set.0.iter().rev())
                {
                    // The lists after the nodes first, then the nodes.
                    let c: Option<Vec<_>> = l.connects_to().map(reversed);
                    assert_eq!(
                        c.map(|c| c.len()),
                        ol.connects_to.as_ref().map(|c| c.0.len())
                    );
                    assert_eq!(&l.to_owned().unwrap(), ol, "{name}");
                    lanes += 1;
                }
            }
        }
    });
    let mut regions = 0;
    each_message("tim", |name, b, o: TravelerInformation| {
        for indexed in [false, true] {
            let v = if indexed {
                TravelerInformationView::with_index(b, &mut index).unwrap()
            } else {
                TravelerInformationView::new(b).unwrap()
            };
            let fs = reversed(v.data_frames());
            for (f, of) in fs.iter().zip(o.data_frames.0.iter().rev()) {
                // The content after the regions first, then the regions, last first.
                assert_eq!(f.content().to_owned().unwrap(), of.content, "{name}");
                for (g, og) in reversed(f.regions()).iter().zip(of.regions.iter().rev()) {
                    assert_eq!(&g.to_owned().unwrap(), og, "{name}");
                    regions += 1;
                }
                assert_eq!(&f.to_owned().unwrap(), of, "{name}");
            }
            assert_eq!(fs.len(), o.data_frames.0.len(), "{name}");
        }
    });
    assert!(
        movements > 1000 && lanes > 1000 && regions > 300,
        "{movements} movements, {lanes} lanes, {regions} TIM regions"
    );
}

#[test]
fn trailing_data_is_refused() {
    let v = &folder("spat")[0];
    let frame = FrameView::new(&v.bytes).unwrap();
    let mut value = frame.value().to_vec();
    assert!(SPATView::new(&value).is_ok());
    value.push(0xff);
    assert_eq!(
        SPATView::new(&value).unwrap_err().kind,
        cv2x::per::ErrorKind::TrailingData
    );
}

// ---------------------------------------------------------------------------------------
// Regional extensions, extension additions and later editions' CHOICE alternatives: no
// vector carries them, so they are added to decoded vectors, which are re-encoded and read
// back through both paths.

/// `n` regional extensions of regions the crate does not know (kept as octets), as the
/// site's type (`From<RegionalExtension>`).
fn reg<T: From<RegionalExtension>>(n: usize) -> Option<Vec<T>> {
    Some(
        (0..n)
            .map(|i| {
                RegionalExtension {
                    region_id: RegionId(128 + i as u8),
                    reg_ext_value: cv2x::per::OpenType(vec![0xa5; i + 1]),
                }
                .into()
            })
            .collect(),
    )
}

fn one_reg<T: From<RegionalExtension>>() -> T {
    RegionalExtension {
        region_id: RegionId(2),
        reg_ext_value: cv2x::per::OpenType(vec![1, 2, 3]),
    }
    .into()
}

fn exts() -> Option<Extensions> {
    Some(Extensions {
        slots: vec![None, Some(vec![0x42]), Some(vec![7, 8])],
    })
}

fn unknown_alt() -> cv2x::per::UnknownAlternative {
    cv2x::per::UnknownAlternative {
        index: 2,
        content: vec![0x99, 0x01],
    }
}

fn enrich_position(p: &mut Position3D) {
    p.regional = reg(2);
    p.ext = exts();
}

fn enrich_spat(s: &mut SPAT) {
    s.regional = reg(1);
    s.ext = exts();
    s.name = Some(DescriptiveName("Main & 1st".into()));
    for i in &mut s.intersections.0 {
        i.regional = reg(2);
        i.ext = exts();
        for m in &mut i.states.0 {
            m.regional = reg(3);
            m.ext = exts();
            for e in &mut m.state_time_speed.0 {
                e.regional = reg(1);
                e.ext = exts();
                for a in e.speeds.iter_mut().flat_map(|l| l.0.iter_mut()) {
                    a.regional = reg(1);
                    a.ext = exts();
                }
            }
            for a in m
                .maneuver_assist_list
                .iter_mut()
                .flat_map(|l| l.0.iter_mut())
            {
                a.regional = reg(2);
                a.ext = exts();
            }
        }
    }
}

fn enrich_lane(l: &mut GenericLane, k: usize) {
    l.regional = reg(1);
    l.ext = exts();
    l.lane_attributes.regional = Some(one_reg());
    match k % 3 {
        0 => l.lane_attributes.lane_type = LaneTypeAttributes::Unknown(unknown_alt()),
        1 => {
            // A vehicle attribute string past its root size (SIZE(8, ...)).
            let mut b = BitString::from_u64(0b1_0100_1101, 9);
            b.push_bits(0b110, 3);
            l.lane_attributes.lane_type = LaneTypeAttributes::Vehicle(LaneAttributesVehicle(b));
        }
        _ => {}
    }
    enrich_nodes_xy(&mut l.node_list);
    if k % 5 == 4 {
        l.node_list = NodeListXY::Unknown(unknown_alt());
    }
}

fn enrich_nodes_xy(l: &mut NodeListXY) {
    match l {
        NodeListXY::Nodes(n) => {
            for (j, n) in n.0.iter_mut().enumerate() {
                n.ext = exts();
                if j == 0 {
                    n.delta = NodeOffsetPointXY::Regional(one_reg());
                }
                if let Some(a) = &mut n.attributes {
                    a.regional = reg(2);
                    a.ext = exts();
                    a.data = Some(LaneDataAttributeList(vec![
                        LaneDataAttribute::Unknown(unknown_alt()),
                        LaneDataAttribute::Regional(reg(2).unwrap()),
                    ]));
                }
            }
        }
        NodeListXY::Computed(c) => {
            c.regional = reg(1);
            c.ext = exts();
        }
        NodeListXY::Unknown(_) => {}
    }
}

fn enrich_map(m: &mut MapData) {
    m.regional = reg(4);
    m.ext = exts();
    for (k, i) in m
        .intersections
        .iter_mut()
        .flat_map(|l| l.0.iter_mut())
        .enumerate()
    {
        i.regional = reg(1);
        i.ext = exts();
        enrich_position(&mut i.ref_point);
        i.preempt_priority_data = Some(PreemptPriorityList(vec![
            SignalControlZone {
                zone: one_reg(),
                ext: None,
            },
            SignalControlZone {
                zone: one_reg(),
                ext: exts(),
            },
        ]));
        for (j, l) in i.lane_set.0.iter_mut().enumerate() {
            enrich_lane(l, k + j);
        }
    }
    for (k, s) in m
        .road_segments
        .iter_mut()
        .flat_map(|l| l.0.iter_mut())
        .enumerate()
    {
        s.regional = reg(1);
        s.ext = exts();
        enrich_position(&mut s.ref_point);
        for (j, l) in s.road_lane_set.0.iter_mut().enumerate() {
            enrich_lane(l, k + j + 1);
        }
    }
    for r in m.restriction_list.iter_mut().flat_map(|l| l.0.iter_mut()) {
        r.users.0.push(RestrictionUserType::Unknown(unknown_alt()));
        r.users
            .0
            .push(RestrictionUserType::Regional(reg(2).unwrap()));
    }
    if let Some(d) = &mut m.data_parameters {
        d.ext = exts();
    }
}

fn enrich_requestor_type(t: &mut Option<RequestorType>) {
    if let Some(t) = t {
        t.regional = Some(one_reg());
        t.ext = exts();
    }
}

fn enrich_srm(s: &mut SignalRequestMessage) {
    s.regional = reg(2);
    s.ext = exts();
    for (k, p) in s
        .requests
        .iter_mut()
        .flat_map(|l| l.0.iter_mut())
        .enumerate()
    {
        p.regional = reg(1);
        p.ext = exts();
        p.request.regional = reg(2);
        p.request.ext = exts();
        if k % 2 == 0 {
            p.request.in_bound_lane = IntersectionAccessPoint::Unknown(unknown_alt());
        }
    }
    let r = &mut s.requestor;
    r.regional = reg(1);
    r.ext = exts();
    enrich_requestor_type(&mut r.r#type);
    if let Some(p) = &mut r.position {
        p.ext = exts();
        enrich_position(&mut p.position);
    }
}

fn enrich_ssm(s: &mut SignalStatusMessage) {
    s.regional = reg(2);
    s.ext = exts();
    for st in &mut s.status.0 {
        st.regional = reg(1);
        st.ext = exts();
        for (k, p) in st.sig_status.0.iter_mut().enumerate() {
            p.regional = reg(3);
            p.ext = exts();
            if k % 2 == 1 {
                p.outbound_on = Some(IntersectionAccessPoint::Unknown(unknown_alt()));
            }
            if let Some(q) = &mut p.requester {
                q.ext = exts();
                enrich_requestor_type(&mut q.type_data);
            }
        }
    }
}

fn enrich_nodes_ll(l: &mut NodeListLL, k: usize) {
    if let NodeListLL::Nodes(n) = l {
        for (j, n) in n.0.iter_mut().enumerate() {
            n.ext = exts();
            if j == 0 {
                n.delta = NodeOffsetPointLL::Regional(one_reg());
            }
            if let Some(a) = &mut n.attributes {
                a.regional = reg(1);
                a.ext = exts();
                a.local_node = Some(NodeAttributeLLList(vec![NodeAttributeLL::Unrecognized(3)]));
            }
        }
    }
    if k % 4 == 3 {
        *l = NodeListLL::Unknown(unknown_alt());
    }
}

fn enrich_tim(m: &mut TravelerInformation) {
    m.regional = reg(2);
    m.ext = exts();
    for (k, f) in m.data_frames.0.iter_mut().enumerate() {
        f.ext = exts();
        if let TravelerDataFrameMsgId::RoadSignID(r) = &mut f.msg_id {
            enrich_position(&mut r.position);
        }
        for (j, g) in f.regions.iter_mut().enumerate() {
            g.regional = reg(1);
            g.ext = exts();
            if let Some(a) = &mut g.anchor {
                enrich_position(a);
            }
            match &mut g.description {
                Some(GeographicalPathDescription::Path(p)) => match &mut p.offset {
                    OffsetSystemOffset::Xy(l) => enrich_nodes_xy(l),
                    OffsetSystemOffset::Ll(l) => enrich_nodes_ll(l, k + j),
                },
                Some(GeographicalPathDescription::Geometry(g)) => {
                    g.regional = reg(2);
                    g.ext = exts();
                    enrich_position(&mut g.circle.center);
                }
                Some(GeographicalPathDescription::OldRegion(r)) => match &mut r.area {
                    ValidRegionArea::ShapePointSet(s) => {
                        s.ext = exts();
                        enrich_nodes_xy(&mut s.node_list);
                    }
                    ValidRegionArea::Circle(c) => enrich_position(&mut c.center),
                    ValidRegionArea::RegionPointSet(s) => s.ext = exts(),
                },
                _ => {}
            }
            if (k + j) % 5 == 4 {
                g.description = Some(GeographicalPathDescription::Unknown(unknown_alt()));
            }
        }
    }
}

/// A message of kind `ty` enriched by `enrich`, encoded, and read back by the owned
/// decode and by its view `view` (with and without an index where it has one).
fn enriched<T: Decode + Encode + PartialEq + std::fmt::Debug>(
    ty: &str,
    enrich: fn(&mut T),
    view: fn(&[u8], Option<&mut ViewIndex>) -> T,
) {
    let mut index = ViewIndex::new();
    each_message(ty, |name, _, mut o: T| {
        enrich(&mut o);
        let b = o.to_uper().unwrap();
        assert_eq!(T::from_uper(&b).unwrap(), o, "{name}");
        assert_eq!(view(&b, None), o, "{name}");
        assert_eq!(view(&b, Some(&mut index)), o, "{name}");
    });
}

#[test]
fn views_agree_on_regional_extensions_and_additions() {
    enriched("spat", enrich_spat, |b, ix| match ix {
        Some(ix) => SPATView::with_index(b, ix).unwrap().to_owned().unwrap(),
        None => SPATView::new(b).unwrap().to_owned().unwrap(),
    });
    enriched("map", enrich_map, |b, ix| match ix {
        Some(ix) => MapDataView::with_index(b, ix).unwrap().to_owned().unwrap(),
        None => MapDataView::new(b).unwrap().to_owned().unwrap(),
    });
    enriched("srm", enrich_srm, |b, ix| match ix {
        Some(ix) => SignalRequestMessageView::with_index(b, ix)
            .unwrap()
            .to_owned()
            .unwrap(),
        None => SignalRequestMessageView::new(b)
            .unwrap()
            .to_owned()
            .unwrap(),
    });
    enriched("ssm", enrich_ssm, |b, ix| match ix {
        Some(ix) => SignalStatusMessageView::with_index(b, ix)
            .unwrap()
            .to_owned()
            .unwrap(),
        None => SignalStatusMessageView::new(b).unwrap().to_owned().unwrap(),
    });
    enriched("tim", enrich_tim, |b, ix| match ix {
        Some(ix) => TravelerInformationView::with_index(b, ix)
            .unwrap()
            .to_owned()
            .unwrap(),
        None => TravelerInformationView::new(b).unwrap().to_owned().unwrap(),
    });
}
