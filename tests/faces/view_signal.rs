//! The SPaT, MAP, SRM and SSM views agree with the owned decode, field by field, on every
//! vector; prefixes of real frames never make them panic.

use crate::common::{folder, random, Vector};
use cv2x::j2735::view::*;
use cv2x::j2735::*;
use cv2x::per::{BitString, Decode, Extensions};

/// Totals of what was compared, to check the tests exercise every level.
#[derive(Default, Debug)]
struct Seen {
    items: std::collections::BTreeMap<&'static str, usize>,
}

impl Seen {
    fn add(&mut self, what: &'static str, n: usize) {
        *self.items.entry(what).or_default() += n;
    }
    fn get(&self, what: &str) -> usize {
        self.items.get(what).copied().unwrap_or(0)
    }
}

fn all<'a, T, P: ListEntry<'a, View = T>>(it: ListIter<'a, T, P>) -> Vec<T> {
    let n = it.len();
    let v: Vec<T> = it
        .collect::<Result<_, _>>()
        .expect("iterating a validated view");
    assert_eq!(v.len(), n);
    v
}

fn vectors(ty: &str) -> Vec<Vector> {
    let mut vs = folder(ty);
    for ed in ["2016", "2020", "2024"] {
        vs.extend(random(ed, ty));
    }
    vs
}

fn name(v: Option<Ia5Str<'_>>) -> Option<String> {
    v.map(|s| {
        let t = s.to_string();
        let mut buf = [0u8; 255];
        assert_eq!(s.copy_to(&mut buf), Some(t.as_str()));
        assert_eq!(s.len(), t.len());
        assert!(s == t.as_str());
        assert_eq!(s.chars().collect::<String>(), t);
        t
    })
}

fn owned_name(o: &Option<DescriptiveName>) -> Option<String> {
    o.as_ref().map(|n| n.0.clone())
}

fn bits(b: &BitString) -> String {
    b.to_bit_text()
}

fn ext(o: &Option<Extensions>) -> bool {
    o.is_some()
}

fn regional(
    name: &str,
    v: RegionalListIter<'_>,
    o: &Option<Vec<RegionalExtension>>,
    seen: &mut Seen,
) {
    let v = all(v);
    let o = o.as_deref().unwrap_or(&[]);
    assert_eq!(v.len(), o.len(), "{name}: regional count");
    for (v, o) in v.iter().zip(o) {
        one_regional(name, v, o);
    }
    seen.add("regional", v.len());
}

fn one_regional(name: &str, v: &RegionalView<'_>, o: &RegionalExtension) {
    assert_eq!(v.region_id, o.region_id.0, "{name}");
    let mut c = v.content.clone();
    let mut buf = vec![0u8; c.remaining() / 8];
    c.read_octets_into(&mut buf).unwrap();
    assert_eq!(buf, o.reg_ext_value.0, "{name}: regional content");
}

fn access_point(o: &IntersectionAccessPoint) -> AccessPoint {
    match o {
        IntersectionAccessPoint::Lane(v) => AccessPoint::Lane(v.0),
        IntersectionAccessPoint::Approach(v) => AccessPoint::Approach(v.0),
        IntersectionAccessPoint::Connection(v) => AccessPoint::Connection(v.0),
        IntersectionAccessPoint::Unknown(u) => AccessPoint::Unknown(u.index),
    }
}

fn vehicle_id(o: &VehicleID) -> VehicleIdView {
    match o {
        VehicleID::EntityID(t) => VehicleIdView::Entity(t.0),
        VehicleID::StationID(s) => VehicleIdView::Station(s.0),
    }
}

fn requestor_type(name: &str, v: Option<RequestorTypeView<'_>>, o: &Option<RequestorType>) {
    assert_eq!(v.is_some(), o.is_some(), "{name}: requestor type");
    let (Some(v), Some(o)) = (v, o) else { return };
    assert_eq!(v.role(), o.role, "{name}");
    assert_eq!(v.subrole(), o.subrole, "{name}");
    assert_eq!(v.request(), o.request, "{name}");
    assert_eq!(v.iso3883(), o.iso3883.map(|x| x.0), "{name}");
    assert_eq!(v.hpms_type(), o.hpms_type, "{name}");
    assert_eq!(v.regional().is_some(), o.regional.is_some(), "{name}");
    if let (Some(v), Some(o)) = (v.regional(), &o.regional) {
        one_regional(name, &v, o);
    }
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

fn position(name: &str, v: &Position3DView<'_>, o: &Position3D, seen: &mut Seen) {
    assert_eq!(v.lat(), o.lat.0, "{name}");
    assert_eq!(v.long(), o.long.0, "{name}");
    assert_eq!(v.elevation(), o.elevation.map(|e| e.0), "{name}");
    assert_eq!(
        v.latitude_deg(),
        cv2x::j2735::units::lat_deg(o.lat.0),
        "{name}"
    );
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

// ---------------------------------------------------------------------------------------
// SPaT

fn agree_spat(name: &str, v: &SpatView<'_>, o: &SPAT, seen: &mut Seen) {
    assert_eq!(v.time_stamp(), o.time_stamp.map(|x| x.0), "{name}");
    assert_eq!(name_of(v.name()), owned_name(&o.name), "{name}");
    let is = all(v.intersections());
    assert_eq!(is.len(), o.intersections.0.len(), "{name}");
    for (v, o) in is.iter().zip(&o.intersections.0) {
        intersection_state(name, v, o, seen);
    }
    seen.add("IntersectionState", is.len());
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

fn name_of(v: Option<Ia5Str<'_>>) -> Option<String> {
    name(v)
}

fn intersection_state(
    name: &str,
    v: &IntersectionStateView<'_>,
    o: &IntersectionState,
    seen: &mut Seen,
) {
    assert_eq!(name_of(v.name()), owned_name(&o.name), "{name}");
    assert_eq!(v.id(), o.id, "{name}");
    assert_eq!(v.region(), o.id.region.map(|x| x.0), "{name}");
    assert_eq!(v.intersection_id(), o.id.id.0, "{name}");
    assert_eq!(v.revision(), o.revision.0, "{name}");
    assert_eq!(format!("{:016b}", v.status()), bits(&o.status.0), "{name}");
    assert_eq!(v.moy(), o.moy.map(|x| x.0), "{name}");
    assert_eq!(v.time_stamp(), o.time_stamp.map(|x| x.0), "{name}");
    let lanes = all(v.enabled_lanes());
    let owned: Vec<u8> = o
        .enabled_lanes
        .as_ref()
        .map(|l| l.0.iter().map(|x| x.0).collect())
        .unwrap_or_default();
    assert_eq!(lanes, owned, "{name}: enabledLanes");
    let states = all(v.states());
    assert_eq!(states.len(), o.states.0.len(), "{name}");
    for (v, o) in states.iter().zip(&o.states.0) {
        movement_state(name, v, o, seen);
    }
    seen.add("MovementState", states.len());
    maneuver_assist(name, v.maneuver_assist(), &o.maneuver_assist_list, seen);
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

fn maneuver_assist(
    name: &str,
    v: ManeuverAssistIter<'_>,
    o: &Option<ManeuverAssistList>,
    seen: &mut Seen,
) {
    let v = all(v);
    let o = o.as_ref().map(|l| l.0.as_slice()).unwrap_or(&[]);
    assert_eq!(v.len(), o.len(), "{name}: maneuverAssistList");
    for (v, o) in v.iter().zip(o) {
        assert_eq!(v.connection_id(), o.connection_id.0, "{name}");
        assert_eq!(v.queue_length(), o.queue_length.map(|x| x.0), "{name}");
        assert_eq!(
            v.available_storage_length(),
            o.available_storage_length.map(|x| x.0),
            "{name}"
        );
        assert_eq!(
            v.wait_on_stop(),
            o.wait_on_stop.as_ref().map(|x| x.0),
            "{name}"
        );
        assert_eq!(
            v.ped_bicycle_detect(),
            o.ped_bicycle_detect.as_ref().map(|x| x.0),
            "{name}"
        );
        regional(name, v.regional(), &o.regional, seen);
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
    }
    seen.add("ConnectionManeuverAssist", v.len());
}

fn movement_state(name: &str, v: &MovementStateView<'_>, o: &MovementState, seen: &mut Seen) {
    assert_eq!(name_of(v.name()), owned_name(&o.movement_name), "{name}");
    assert_eq!(v.signal_group(), o.signal_group.0, "{name}");
    let events = all(v.events());
    assert_eq!(events.len(), o.state_time_speed.0.len(), "{name}");
    for (v, o) in events.iter().zip(&o.state_time_speed.0) {
        assert_eq!(v.event_state(), o.event_state, "{name}");
        assert_eq!(v.timing(), o.timing, "{name}");
        assert_eq!(
            v.min_end_time(),
            o.timing.as_ref().map(|t| t.min_end_time.0),
            "{name}"
        );
        assert_eq!(
            v.likely_time(),
            o.timing.as_ref().and_then(|t| t.likely_time).map(|t| t.0),
            "{name}"
        );
        let speeds = all(v.speeds());
        let os = o.speeds.as_ref().map(|l| l.0.as_slice()).unwrap_or(&[]);
        assert_eq!(speeds.len(), os.len(), "{name}: speeds");
        for (v, o) in speeds.iter().zip(os) {
            assert_eq!(v.kind(), o.r#type, "{name}");
            assert_eq!(v.speed(), o.speed.map(|x| x.0), "{name}");
            assert_eq!(v.confidence(), o.confidence, "{name}");
            assert_eq!(v.distance(), o.distance.map(|x| x.0), "{name}");
            assert_eq!(v.class(), o.class.map(|x| x.0), "{name}");
            regional(name, v.regional(), &o.regional, seen);
            assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
        }
        seen.add("AdvisorySpeed", speeds.len());
        regional(name, v.regional(), &o.regional, seen);
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
    }
    seen.add("MovementEvent", events.len());
    maneuver_assist(name, v.maneuver_assist(), &o.maneuver_assist_list, seen);
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

#[test]
fn spat_view_agrees_with_owned() {
    let mut seen = Seen::default();
    let (mut indexed, mut index, mut lists) = (Seen::default(), ViewIndex::new(), 0);
    let vs = vectors("spat");
    for v in &vs {
        let frame = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert!(frame.bsm().is_none() && frame.map().is_none());
        let view = frame
            .spat()
            .expect("message 19")
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let owned = MessageFrame::from_uper(&v.bytes).unwrap();
        let Message::Spat(s) = &owned.message else {
            panic!("{}: not a SPaT", v.name)
        };
        agree_spat(&v.name, &view, s, &mut seen);
        // The same with an index, reused from message to message.
        let view = frame
            .spat_with_index(&mut index)
            .expect("message 19")
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree_spat(&v.name, &view, s, &mut indexed);
        lists += index.len();
    }
    println!("{} SPaT vectors: {seen:?}", vs.len());
    assert_eq!(format!("{seen:?}"), format!("{indexed:?}"));
    assert!(lists > vs.len(), "the indexes recorded {lists} lists");
    for what in [
        "IntersectionState",
        "MovementState",
        "MovementEvent",
        "AdvisorySpeed",
        "ConnectionManeuverAssist",
    ] {
        assert!(seen.get(what) > 0, "no {what} compared");
    }
}

#[test]
fn bare_spat_view_agrees_with_owned() {
    let mut seen = Seen::default();
    for v in folder("bare/SPAT") {
        let view = SpatView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree_spat(
            &v.name,
            &view,
            &SPAT::from_uper(&v.bytes).unwrap(),
            &mut seen,
        );
    }
}

// ---------------------------------------------------------------------------------------
// MAP

fn agree_map(name: &str, v: &MapView<'_>, o: &MapData, seen: &mut Seen) {
    assert_eq!(v.time_stamp(), o.time_stamp.map(|x| x.0), "{name}");
    assert_eq!(v.msg_issue_revision(), o.msg_issue_revision.0, "{name}");
    assert_eq!(v.layer_type(), o.layer_type, "{name}");
    assert_eq!(v.layer_id(), o.layer_id.map(|x| x.0), "{name}");
    let is = all(v.intersections());
    let os = o
        .intersections
        .as_ref()
        .map(|l| l.0.as_slice())
        .unwrap_or(&[]);
    assert_eq!(is.len(), os.len(), "{name}");
    for (v, o) in is.iter().zip(os) {
        intersection_geometry(name, v, o, seen);
    }
    seen.add("IntersectionGeometry", is.len());
    let rs = all(v.road_segments());
    let os = o
        .road_segments
        .as_ref()
        .map(|l| l.0.as_slice())
        .unwrap_or(&[]);
    assert_eq!(rs.len(), os.len(), "{name}");
    for (v, o) in rs.iter().zip(os) {
        assert_eq!(name_of(v.name()), owned_name(&o.name), "{name}");
        assert_eq!(v.region(), o.id.region.map(|x| x.0), "{name}");
        assert_eq!(v.segment_id(), o.id.id.0, "{name}");
        assert_eq!(v.revision(), o.revision.0, "{name}");
        position(name, &v.ref_point(), &o.ref_point, seen);
        assert_eq!(v.lane_width(), o.lane_width.map(|x| x.0), "{name}");
        speed_limits(name, v.speed_limits(), &o.speed_limits);
        lanes(name, v.lanes(), &o.road_lane_set.0, seen);
        regional(name, v.regional(), &o.regional, seen);
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
    }
    seen.add("RoadSegment", rs.len());
    assert_eq!(
        v.data_parameters().is_some(),
        o.data_parameters.is_some(),
        "{name}"
    );
    if let (Some(v), Some(o)) = (v.data_parameters(), &o.data_parameters) {
        assert_eq!(name_of(v.process_method()), o.process_method, "{name}");
        assert_eq!(name_of(v.process_agency()), o.process_agency, "{name}");
        assert_eq!(
            name_of(v.last_checked_date()),
            o.last_checked_date,
            "{name}"
        );
        assert_eq!(name_of(v.geoid_used()), o.geoid_used, "{name}");
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
        seen.add("DataParameters", 1);
    }
    let rc = all(v.restriction_classes());
    let os = o
        .restriction_list
        .as_ref()
        .map(|l| l.0.as_slice())
        .unwrap_or(&[]);
    assert_eq!(rc.len(), os.len(), "{name}");
    for (v, o) in rc.iter().zip(os) {
        assert_eq!(v.id(), o.id.0, "{name}");
        let users = all(v.users());
        assert_eq!(users.len(), o.users.0.len(), "{name}");
        for (v, o) in users.into_iter().zip(&o.users.0) {
            match (v, o) {
                (RestrictionUserView::BasicType(a), RestrictionUserType::BasicType(b)) => {
                    assert_eq!(a, *b, "{name}")
                }
                (RestrictionUserView::Regional(a), RestrictionUserType::Regional(b)) => {
                    regional(name, a, &Some(b.clone()), seen)
                }
                (RestrictionUserView::Unknown(a), RestrictionUserType::Unknown(b)) => {
                    assert_eq!(a, b.index, "{name}")
                }
                (a, b) => panic!("{name}: {a:?} vs {b:?}"),
            }
        }
    }
    seen.add("RestrictionClassAssignment", rc.len());
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

fn speed_limits(name: &str, v: SpeedLimitIter<'_>, o: &Option<SpeedLimitList>) {
    let v = all(v);
    let o = o.as_ref().map(|l| l.0.clone()).unwrap_or_default();
    assert_eq!(v, o, "{name}: speed limits");
}

fn intersection_geometry(
    name: &str,
    v: &IntersectionGeometryView<'_>,
    o: &IntersectionGeometry,
    seen: &mut Seen,
) {
    assert_eq!(name_of(v.name()), owned_name(&o.name), "{name}");
    assert_eq!(v.id(), o.id, "{name}");
    assert_eq!(v.region(), o.id.region.map(|x| x.0), "{name}");
    assert_eq!(v.intersection_id(), o.id.id.0, "{name}");
    assert_eq!(v.revision(), o.revision.0, "{name}");
    position(name, &v.ref_point(), &o.ref_point, seen);
    assert_eq!(v.lane_width(), o.lane_width.map(|x| x.0), "{name}");
    speed_limits(name, v.speed_limits(), &o.speed_limits);
    lanes(name, v.lanes(), &o.lane_set.0, seen);
    let zones = all(v.preempt_priority());
    let oz = o
        .preempt_priority_data
        .as_ref()
        .map(|l| l.0.as_slice())
        .unwrap_or(&[]);
    assert_eq!(zones.len(), oz.len(), "{name}: preemptPriorityData");
    for (v, o) in zones.iter().zip(oz) {
        one_regional(name, v, &o.zone);
    }
    seen.add("SignalControlZone", zones.len());
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

fn lane_type(name: &str, v: &LaneTypeView<'_>, o: &LaneTypeAttributes) {
    let (index, b) = match o {
        LaneTypeAttributes::Vehicle(b) => (0, &b.0),
        LaneTypeAttributes::Crosswalk(b) => (1, &b.0),
        LaneTypeAttributes::BikeLane(b) => (2, &b.0),
        LaneTypeAttributes::Sidewalk(b) => (3, &b.0),
        LaneTypeAttributes::Median(b) => (4, &b.0),
        LaneTypeAttributes::Striping(b) => (5, &b.0),
        LaneTypeAttributes::TrackedVehicle(b) => (6, &b.0),
        LaneTypeAttributes::Parking(b) => (7, &b.0),
        LaneTypeAttributes::Unknown(u) => {
            assert!(v.is_extension(), "{name}");
            assert_eq!(v.index(), u.index, "{name}");
            assert_eq!(v.bits().len(), u.content.len() * 8, "{name}");
            assert_eq!(v.name(), "?");
            return;
        }
    };
    assert!(!v.is_extension(), "{name}");
    assert_eq!(v.index(), index, "{name}");
    let json = serde_json::to_value(o).unwrap();
    let key = json.as_object().unwrap().keys().next().unwrap().clone();
    assert_eq!(v.name(), key, "{name}");
    assert_eq!(v.bits().to_string(), bits(b), "{name}: lane type bits");
    assert_eq!(v.bits().len(), b.len(), "{name}");
    if b.len() <= 64 {
        let text = bits(b);
        let value = if text.is_empty() {
            0
        } else {
            u64::from_str_radix(&text, 2).unwrap()
        };
        assert_eq!(v.bits().value(), value, "{name}");
    }
    for i in 0..b.len() + 2 {
        assert_eq!(v.bits().get(i), i < b.len() && b.get(i), "{name}");
    }
}

fn lanes(name: &str, v: GenericLaneIter<'_>, o: &[GenericLane], seen: &mut Seen) {
    let v = all(v);
    assert_eq!(v.len(), o.len(), "{name}: lanes");
    for (v, o) in v.iter().zip(o) {
        generic_lane(name, v, o, seen);
    }
    seen.add("GenericLane", v.len());
}

fn generic_lane(name: &str, v: &GenericLaneView<'_>, o: &GenericLane, seen: &mut Seen) {
    assert_eq!(v.lane_id(), o.lane_id.0, "{name}");
    assert_eq!(name_of(v.name()), owned_name(&o.name), "{name}");
    assert_eq!(
        v.ingress_approach(),
        o.ingress_approach.map(|x| x.0),
        "{name}"
    );
    assert_eq!(
        v.egress_approach(),
        o.egress_approach.map(|x| x.0),
        "{name}"
    );
    let la = &o.lane_attributes;
    assert_eq!(
        format!("{:02b}", v.directional_use()),
        bits(&la.directional_use.0),
        "{name}"
    );
    assert_eq!(
        format!("{:010b}", v.shared_with()),
        bits(&la.shared_with.0),
        "{name}"
    );
    lane_type(name, &v.lane_type(), &la.lane_type);
    assert_eq!(
        v.lane_attributes_regional().is_some(),
        la.regional.is_some(),
        "{name}"
    );
    if let (Some(v), Some(o)) = (v.lane_attributes_regional(), &la.regional) {
        one_regional(name, &v, o);
    }
    assert_eq!(
        v.maneuvers().map(|m| format!("{m:012b}")),
        o.maneuvers.as_ref().map(|m| bits(&m.0)),
        "{name}"
    );
    match (&o.node_list, v.node_list()) {
        (NodeListXY::Nodes(on), NodeListView::Nodes(vn)) => {
            assert!(v.computed().is_none());
            let vn = all(vn);
            assert_eq!(vn.len(), on.0.len(), "{name}: nodes");
            assert_eq!(all(v.nodes()).len(), on.0.len(), "{name}");
            for (v, o) in vn.iter().zip(&on.0) {
                node(name, v, o, seen);
            }
            seen.add("NodeXY", vn.len());
        }
        (NodeListXY::Computed(oc), NodeListView::Computed(vc)) => {
            assert_eq!(v.nodes().len(), 0, "{name}");
            assert_eq!(vc.reference_lane_id(), oc.reference_lane_id.0, "{name}");
            assert_eq!(vc.offset_x(), oc.offset_xaxis, "{name}");
            assert_eq!(vc.offset_y(), oc.offset_yaxis, "{name}");
            let cm = |x: &ComputedLaneOffsetXaxis| match x {
                ComputedLaneOffsetXaxis::Small(v) => v.0,
                ComputedLaneOffsetXaxis::Large(v) => v.0,
            };
            assert_eq!(vc.offset_x_cm(), cm(&oc.offset_xaxis), "{name}");
            assert_eq!(vc.rotate_xy(), oc.rotate_xy.map(|x| x.0), "{name}");
            assert_eq!(vc.scale_x(), oc.scale_xaxis.map(|x| x.0), "{name}");
            assert_eq!(vc.scale_y(), oc.scale_yaxis.map(|x| x.0), "{name}");
            regional(name, vc.regional(), &oc.regional, seen);
            assert_eq!(vc.has_extensions(), ext(&oc.ext), "{name}");
            seen.add("ComputedLane", 1);
        }
        (NodeListXY::Unknown(u), NodeListView::Unknown(i)) => assert_eq!(u.index, i, "{name}"),
        (a, b) => panic!("{name}: {a:?} vs {b:?}"),
    }
    let cs = all(v.connections());
    let oc = o
        .connects_to
        .as_ref()
        .map(|l| l.0.as_slice())
        .unwrap_or(&[]);
    assert_eq!(cs.len(), oc.len(), "{name}: connectsTo");
    for (v, o) in cs.iter().zip(oc) {
        assert_eq!(v.lane(), o.connecting_lane.lane.0, "{name}");
        assert_eq!(
            v.maneuver().map(|m| format!("{m:012b}")),
            o.connecting_lane.maneuver.as_ref().map(|m| bits(&m.0)),
            "{name}"
        );
        assert_eq!(v.remote_intersection(), o.remote_intersection, "{name}");
        assert_eq!(v.signal_group(), o.signal_group.map(|x| x.0), "{name}");
        assert_eq!(v.user_class(), o.user_class.map(|x| x.0), "{name}");
        assert_eq!(v.connection_id(), o.connection_id.map(|x| x.0), "{name}");
    }
    seen.add("Connection", cs.len());
    let ov = all(v.overlays());
    let oo: Vec<u8> = o
        .overlays
        .as_ref()
        .map(|l| l.0.iter().map(|x| x.0).collect())
        .unwrap_or_default();
    assert_eq!(ov, oo, "{name}: overlays");
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

fn node(name: &str, v: &NodeView<'_>, o: &NodeXY, seen: &mut Seen) {
    let xy = |form: u8, x: i16, y: i16| NodeOffset::Xy {
        form,
        x: x as i32,
        y: y as i32,
    };
    let want = match &o.delta {
        NodeOffsetPointXY::NodeXY1(p) => xy(1, p.x.0, p.y.0),
        NodeOffsetPointXY::NodeXY2(p) => xy(2, p.x.0, p.y.0),
        NodeOffsetPointXY::NodeXY3(p) => xy(3, p.x.0, p.y.0),
        NodeOffsetPointXY::NodeXY4(p) => xy(4, p.x.0, p.y.0),
        NodeOffsetPointXY::NodeXY5(p) => xy(5, p.x.0, p.y.0),
        NodeOffsetPointXY::NodeXY6(p) => xy(6, p.x.0, p.y.0),
        NodeOffsetPointXY::NodeLatLon(p) => NodeOffset::LatLon {
            lat: p.lat.0,
            lon: p.lon.0,
        },
        NodeOffsetPointXY::Regional(r) => {
            one_regional(name, &v.regional_offset().unwrap(), r);
            NodeOffset::Regional {
                region_id: r.region_id.0,
            }
        }
    };
    assert_eq!(v.offset(), want, "{name}");
    match want {
        NodeOffset::Xy { x, y, .. } => assert_eq!(v.xy_cm(), Some((x, y))),
        NodeOffset::LatLon { lat, lon } => assert_eq!(v.lat_lon(), Some((lat, lon))),
        NodeOffset::Regional { .. } => assert!(v.xy_cm().is_none() && v.lat_lon().is_none()),
    }
    if !matches!(want, NodeOffset::Regional { .. }) {
        assert!(v.regional_offset().is_none());
    }
    assert_eq!(v.has_attributes(), o.attributes.is_some(), "{name}");
    if let (Some(v), Some(o)) = (v.attributes(), &o.attributes) {
        let ln = all(v.local_node());
        assert_eq!(
            ln,
            o.local_node
                .as_ref()
                .map(|l| l.0.clone())
                .unwrap_or_default(),
            "{name}"
        );
        let d = all(v.disabled());
        assert_eq!(
            d,
            o.disabled.as_ref().map(|l| l.0.clone()).unwrap_or_default(),
            "{name}"
        );
        let e = all(v.enabled());
        assert_eq!(
            e,
            o.enabled.as_ref().map(|l| l.0.clone()).unwrap_or_default(),
            "{name}"
        );
        let data = all(v.lane_data());
        let od = o.data.as_ref().map(|l| l.0.as_slice()).unwrap_or(&[]);
        assert_eq!(data.len(), od.len(), "{name}: lane data");
        for (v, o) in data.into_iter().zip(od) {
            match (v, o) {
                (LaneDataView::PathEndPointAngle(a), LaneDataAttribute::PathEndPointAngle(b)) => {
                    assert_eq!(a, b.0)
                }
                (
                    LaneDataView::LaneCrownPointCenter(a),
                    LaneDataAttribute::LaneCrownPointCenter(b),
                ) => assert_eq!(a, b.0),
                (LaneDataView::LaneCrownPointLeft(a), LaneDataAttribute::LaneCrownPointLeft(b)) => {
                    assert_eq!(a, b.0)
                }
                (
                    LaneDataView::LaneCrownPointRight(a),
                    LaneDataAttribute::LaneCrownPointRight(b),
                ) => assert_eq!(a, b.0),
                (LaneDataView::LaneAngle(a), LaneDataAttribute::LaneAngle(b)) => {
                    assert_eq!(a, b.0)
                }
                (LaneDataView::SpeedLimits(a), LaneDataAttribute::SpeedLimits(b)) => {
                    speed_limits(name, a, &Some(b.clone()))
                }
                (LaneDataView::Regional(a), LaneDataAttribute::Regional(b)) => {
                    regional(name, a, &Some(b.clone()), seen)
                }
                (LaneDataView::Unknown(a), LaneDataAttribute::Unknown(b)) => {
                    assert_eq!(a, b.index)
                }
                (a, b) => panic!("{name}: {a:?} vs {b:?}"),
            }
            seen.add("LaneDataAttribute", 1);
        }
        assert_eq!(v.d_width(), o.d_width.map(|x| x.0), "{name}");
        assert_eq!(v.d_elevation(), o.d_elevation.map(|x| x.0), "{name}");
        regional(name, v.regional(), &o.regional, seen);
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
        seen.add("NodeAttributeSetXY", 1);
    }
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

#[test]
fn map_view_agrees_with_owned() {
    let mut seen = Seen::default();
    let (mut indexed, mut index, mut lists) = (Seen::default(), ViewIndex::new(), 0);
    let vs = vectors("map");
    for v in &vs {
        let frame = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert!(frame.spat().is_none() && frame.srm().is_none());
        let view = frame
            .map()
            .expect("message 18")
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let owned = MessageFrame::from_uper(&v.bytes).unwrap();
        let Message::MapData(m) = &owned.message else {
            panic!("{}: not a MAP", v.name)
        };
        agree_map(&v.name, &view, m, &mut seen);
        let view = frame
            .map_with_index(&mut index)
            .expect("message 18")
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree_map(&v.name, &view, m, &mut indexed);
        lists += index.len();
    }
    println!("{} MAP vectors: {seen:?}", vs.len());
    assert_eq!(format!("{seen:?}"), format!("{indexed:?}"));
    assert!(lists > vs.len(), "the indexes recorded {lists} lists");
    for what in [
        "IntersectionGeometry",
        "GenericLane",
        "NodeXY",
        "Connection",
        "NodeAttributeSetXY",
        "RoadSegment",
    ] {
        assert!(seen.get(what) > 0, "no {what} compared");
    }
}

#[test]
fn bare_map_view_agrees_with_owned() {
    let mut seen = Seen::default();
    for v in folder("bare/MapData") {
        let view = MapView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree_map(
            &v.name,
            &view,
            &MapData::from_uper(&v.bytes).unwrap(),
            &mut seen,
        );
    }
}

// ---------------------------------------------------------------------------------------
// SRM

fn agree_srm(name: &str, v: &SrmView<'_>, o: &SignalRequestMessage, seen: &mut Seen) {
    assert_eq!(v.time_stamp(), o.time_stamp.map(|x| x.0), "{name}");
    assert_eq!(v.second(), o.second.0, "{name}");
    assert_eq!(
        v.sequence_number(),
        o.sequence_number.map(|x| x.0),
        "{name}"
    );
    let rs = all(v.requests());
    let or = o.requests.as_ref().map(|l| l.0.as_slice()).unwrap_or(&[]);
    assert_eq!(rs.len(), or.len(), "{name}: requests");
    for (v, o) in rs.iter().zip(or) {
        let q = &o.request;
        assert_eq!(v.intersection(), q.id, "{name}");
        assert_eq!(v.region(), q.id.region.map(|x| x.0), "{name}");
        assert_eq!(v.intersection_id(), q.id.id.0, "{name}");
        assert_eq!(v.request_id(), q.request_id.0, "{name}");
        assert_eq!(v.request_type(), q.request_type, "{name}");
        assert_eq!(v.in_bound(), access_point(&q.in_bound_lane), "{name}");
        assert_eq!(
            v.out_bound(),
            q.out_bound_lane.as_ref().map(access_point),
            "{name}"
        );
        regional(name, v.request_regional(), &q.regional, seen);
        assert_eq!(v.request_has_extensions(), ext(&q.ext), "{name}");
        assert_eq!(v.minute(), o.minute.map(|x| x.0), "{name}");
        assert_eq!(v.second(), o.second.map(|x| x.0), "{name}");
        assert_eq!(v.duration(), o.duration.map(|x| x.0), "{name}");
        regional(name, v.regional(), &o.regional, seen);
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
    }
    seen.add("SignalRequestPackage", rs.len());
    let (v_rq, o_rq) = (v.requestor(), &o.requestor);
    assert_eq!(v_rq.id(), vehicle_id(&o_rq.id), "{name}");
    requestor_type(name, v_rq.kind(), &o_rq.r#type);
    assert_eq!(v_rq.position().is_some(), o_rq.position.is_some(), "{name}");
    if let (Some(v), Some(o)) = (v_rq.position(), &o_rq.position) {
        position(name, &v.position(), &o.position, seen);
        assert_eq!(v.heading(), o.heading.map(|x| x.0), "{name}");
        assert_eq!(v.speed(), o.speed, "{name}");
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
        seen.add("RequestorPositionVector", 1);
    }
    assert_eq!(name_of(v_rq.name()), owned_name(&o_rq.name), "{name}");
    assert_eq!(
        name_of(v_rq.route_name()),
        owned_name(&o_rq.route_name),
        "{name}"
    );
    assert_eq!(
        v_rq.transit_status().map(|b| format!("{b:08b}")),
        o_rq.transit_status.as_ref().map(|b| bits(&b.0)),
        "{name}"
    );
    assert_eq!(v_rq.transit_occupancy(), o_rq.transit_occupancy, "{name}");
    assert_eq!(
        v_rq.transit_schedule(),
        o_rq.transit_schedule.map(|x| x.0),
        "{name}"
    );
    regional(name, v_rq.regional(), &o_rq.regional, seen);
    assert_eq!(v_rq.has_extensions(), ext(&o_rq.ext), "{name}");
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

#[test]
fn srm_view_agrees_with_owned() {
    let mut seen = Seen::default();
    let vs = vectors("srm");
    for v in &vs {
        let frame = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert!(frame.ssm().is_none());
        let view = frame
            .srm()
            .expect("message 29")
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let owned = MessageFrame::from_uper(&v.bytes).unwrap();
        let Message::SignalRequestMessage(m) = &owned.message else {
            panic!("{}: not an SRM", v.name)
        };
        agree_srm(&v.name, &view, m, &mut seen);
    }
    println!("{} SRM vectors: {seen:?}", vs.len());
    assert!(seen.get("SignalRequestPackage") > 0);
    assert!(seen.get("RequestorPositionVector") > 0);
}

#[test]
fn bare_srm_view_agrees_with_owned() {
    let mut seen = Seen::default();
    for v in folder("bare/SignalRequestMessage") {
        let view = SrmView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree_srm(
            &v.name,
            &view,
            &SignalRequestMessage::from_uper(&v.bytes).unwrap(),
            &mut seen,
        );
    }
}

// ---------------------------------------------------------------------------------------
// SSM

fn agree_ssm(name: &str, v: &SsmView<'_>, o: &SignalStatusMessage, seen: &mut Seen) {
    assert_eq!(v.time_stamp(), o.time_stamp.map(|x| x.0), "{name}");
    assert_eq!(v.second(), o.second.0, "{name}");
    assert_eq!(
        v.sequence_number(),
        o.sequence_number.map(|x| x.0),
        "{name}"
    );
    let ss = all(v.status());
    assert_eq!(ss.len(), o.status.0.len(), "{name}: status");
    for (v, o) in ss.iter().zip(&o.status.0) {
        assert_eq!(v.sequence_number(), o.sequence_number.0, "{name}");
        assert_eq!(v.id(), o.id, "{name}");
        assert_eq!(v.region(), o.id.region.map(|x| x.0), "{name}");
        assert_eq!(v.intersection_id(), o.id.id.0, "{name}");
        let ps = all(v.packages());
        assert_eq!(ps.len(), o.sig_status.0.len(), "{name}: sigStatus");
        for (v, o) in ps.iter().zip(&o.sig_status.0) {
            assert_eq!(v.requester().is_some(), o.requester.is_some(), "{name}");
            if let (Some(v), Some(o)) = (v.requester(), &o.requester) {
                assert_eq!(v.id(), vehicle_id(&o.id), "{name}");
                assert_eq!(v.request(), o.request.0, "{name}");
                assert_eq!(v.sequence_number(), o.sequence_number.0, "{name}");
                assert_eq!(v.role(), o.role, "{name}");
                requestor_type(name, v.type_data(), &o.type_data);
                assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
                seen.add("SignalRequesterInfo", 1);
            }
            assert_eq!(v.inbound(), access_point(&o.inbound_on), "{name}");
            assert_eq!(
                v.outbound(),
                o.outbound_on.as_ref().map(access_point),
                "{name}"
            );
            assert_eq!(v.minute(), o.minute.map(|x| x.0), "{name}");
            assert_eq!(v.second(), o.second.map(|x| x.0), "{name}");
            assert_eq!(v.duration(), o.duration.map(|x| x.0), "{name}");
            assert_eq!(v.status(), o.status, "{name}");
            regional(name, v.regional(), &o.regional, seen);
            assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
        }
        seen.add("SignalStatusPackage", ps.len());
        regional(name, v.regional(), &o.regional, seen);
        assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
    }
    seen.add("SignalStatus", ss.len());
    regional(name, v.regional(), &o.regional, seen);
    assert_eq!(v.has_extensions(), ext(&o.ext), "{name}");
}

#[test]
fn ssm_view_agrees_with_owned() {
    let mut seen = Seen::default();
    let vs = vectors("ssm");
    for v in &vs {
        let frame = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert!(frame.srm().is_none());
        let view = frame
            .ssm()
            .expect("message 30")
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let owned = MessageFrame::from_uper(&v.bytes).unwrap();
        let Message::SignalStatusMessage(m) = &owned.message else {
            panic!("{}: not an SSM", v.name)
        };
        agree_ssm(&v.name, &view, m, &mut seen);
    }
    println!("{} SSM vectors: {seen:?}", vs.len());
    assert!(seen.get("SignalStatusPackage") > 0);
    assert!(seen.get("SignalRequesterInfo") > 0);
}

#[test]
fn bare_ssm_view_agrees_with_owned() {
    let mut seen = Seen::default();
    for v in folder("bare/SignalStatusMessage") {
        let view = SsmView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        agree_ssm(
            &v.name,
            &view,
            &SignalStatusMessage::from_uper(&v.bytes).unwrap(),
            &mut seen,
        );
    }
}

// ---------------------------------------------------------------------------------------
// Truncated and damaged input

/// Walks every iterator of a view, returning whether any entry failed.
fn walk_spat(v: &SpatView<'_>) -> bool {
    let mut bad = false;
    for i in v.intersections() {
        let Ok(i) = i else { return true };
        bad |= i.enabled_lanes().any(|x| x.is_err());
        for s in i.states() {
            let Ok(s) = s else { return true };
            for e in s.events() {
                let Ok(e) = e else { return true };
                let _ = e.timing();
                bad |= e.speeds().any(|x| x.is_err());
            }
        }
    }
    bad
}

fn walk_map(v: &MapView<'_>) -> bool {
    let mut bad = false;
    for i in v.intersections() {
        let Ok(i) = i else { return true };
        for l in i.lanes() {
            let Ok(l) = l else { return true };
            bad |= l.nodes().any(|x| x.is_err());
            bad |= l.connections().any(|x| x.is_err());
        }
    }
    bad
}

fn walk_srm(v: &SrmView<'_>) -> bool {
    v.requests().any(|x| x.is_err())
}

fn walk_ssm(v: &SsmView<'_>) -> bool {
    let mut bad = false;
    for s in v.status() {
        let Ok(s) = s else { return true };
        bad |= s.packages().any(|x| x.is_err());
    }
    bad
}

/// Every prefix of a few real frames of each kind: the view never panics, where the owned
/// decode accepts the frame the view does too, and a view that accepts walks cleanly.
#[test]
fn prefixes_never_panic_and_accept_what_owned_accepts() {
    type Check = fn(&FrameView<'_>) -> Option<Result<bool, cv2x::per::Error>>;
    let kinds: [(&str, u16, Check); 6] = [
        ("spat", 19, |f| f.spat().map(|r| r.map(|v| walk_spat(&v)))),
        ("spat", 19, |f| {
            let mut ix = ViewIndex::new();
            f.spat_with_index(&mut ix).map(|r| r.map(|v| walk_spat(&v)))
        }),
        ("map", 18, |f| f.map().map(|r| r.map(|v| walk_map(&v)))),
        ("map", 18, |f| {
            let mut ix = ViewIndex::new();
            f.map_with_index(&mut ix).map(|r| r.map(|v| walk_map(&v)))
        }),
        ("srm", 29, |f| f.srm().map(|r| r.map(|v| walk_srm(&v)))),
        ("ssm", 30, |f| f.ssm().map(|r| r.map(|v| walk_ssm(&v)))),
    ];
    let owned_ok =
        |b: &[u8], id: u16| MessageFrame::from_uper(b).is_ok_and(|f| f.message.message_id() == id);
    let mut checked = 0;
    for (ty, id, check) in kinds {
        for v in folder(ty).iter().take(6) {
            for n in 0..=v.bytes.len() {
                let p = &v.bytes[..n];
                let view = FrameView::new(p).ok().and_then(|f| check(&f));
                if let Some(Ok(bad)) = view {
                    assert!(!bad, "{} prefix {n}: an accepted view failed", v.name);
                }
                if owned_ok(p, id) {
                    assert!(
                        matches!(view, Some(Ok(_))),
                        "{} prefix {n}: owned accepts, view does not",
                        v.name
                    );
                }
                checked += 1;
            }
            // Single bit flips over the first octets: no panics either way.
            for i in 0..v.bytes.len().min(64) * 8 {
                let mut b = v.bytes.clone();
                b[i / 8] ^= 0x80 >> (i % 8);
                let view = FrameView::new(&b).ok().and_then(|f| check(&f));
                if let Some(Ok(bad)) = view {
                    assert!(!bad, "{} bit {i}: an accepted view failed", v.name);
                }
                if owned_ok(&b, id) {
                    assert!(matches!(view, Some(Ok(_))), "{} bit {i}", v.name);
                }
            }
        }
    }
    assert!(checked > 100);
}

#[test]
fn trailing_data_is_refused() {
    let v = &folder("spat")[0];
    let frame = FrameView::new(&v.bytes).unwrap();
    let mut value = frame.value().to_vec();
    assert!(SpatView::new(&value).is_ok());
    value.push(0xff);
    assert_eq!(
        SpatView::new(&value).unwrap_err().kind,
        cv2x::per::ErrorKind::TrailingData
    );
}

// ---------------------------------------------------------------------------------------
// Regional extensions, extension additions and later editions' CHOICE alternatives: no
// vector carries them, so they are added to decoded vectors, which are re-encoded and read
// back through both paths.

fn reg(n: usize) -> Option<Vec<RegionalExtension>> {
    Some(
        (0..n)
            .map(|i| RegionalExtension {
                region_id: RegionId(128 + i as u8),
                reg_ext_value: cv2x::per::OpenType(vec![0xa5; i + 1]),
            })
            .collect(),
    )
}

fn one_reg() -> RegionalExtension {
    RegionalExtension {
        region_id: RegionId(2),
        reg_ext_value: cv2x::per::OpenType(vec![1, 2, 3]),
    }
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
    match &mut l.node_list {
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
    if k % 5 == 4 {
        l.node_list = NodeListXY::Unknown(unknown_alt());
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

#[test]
fn views_agree_on_regional_extensions_and_additions() {
    use cv2x::per::Encode;
    let mut seen = Seen::default();
    for v in vectors("spat") {
        let Message::Spat(mut s) = MessageFrame::from_uper(&v.bytes).unwrap().message else {
            unreachable!()
        };
        enrich_spat(&mut s);
        let b = s.to_uper().unwrap();
        let o = SPAT::from_uper(&b).unwrap();
        assert_eq!(o, s, "{}", v.name);
        agree_spat(&v.name, &SpatView::new(&b).unwrap(), &o, &mut seen);
        let mut index = ViewIndex::new();
        let view = SpatView::with_index(&b, &mut index).unwrap();
        agree_spat(&v.name, &view, &o, &mut seen);
    }
    for v in vectors("map") {
        let Message::MapData(mut m) = MessageFrame::from_uper(&v.bytes).unwrap().message else {
            unreachable!()
        };
        enrich_map(&mut m);
        let b = m.to_uper().unwrap();
        let o = MapData::from_uper(&b).unwrap();
        agree_map(&v.name, &MapView::new(&b).unwrap(), &o, &mut seen);
        let mut index = ViewIndex::new();
        let view = MapView::with_index(&b, &mut index).unwrap();
        agree_map(&v.name, &view, &o, &mut seen);
    }
    for v in vectors("srm") {
        let Message::SignalRequestMessage(mut m) =
            MessageFrame::from_uper(&v.bytes).unwrap().message
        else {
            unreachable!()
        };
        enrich_srm(&mut m);
        let b = m.to_uper().unwrap();
        let o = SignalRequestMessage::from_uper(&b).unwrap();
        agree_srm(&v.name, &SrmView::new(&b).unwrap(), &o, &mut seen);
    }
    for v in vectors("ssm") {
        let Message::SignalStatusMessage(mut m) =
            MessageFrame::from_uper(&v.bytes).unwrap().message
        else {
            unreachable!()
        };
        enrich_ssm(&mut m);
        let b = m.to_uper().unwrap();
        let o = SignalStatusMessage::from_uper(&b).unwrap();
        agree_ssm(&v.name, &SsmView::new(&b).unwrap(), &o, &mut seen);
    }
    println!("{seen:?}");
    for what in [
        "regional",
        "SignalControlZone",
        "LaneDataAttribute",
        "ComputedLane",
    ] {
        assert!(seen.get(what) > 0, "no {what} compared");
    }
}
