//! The view path allocates nothing: a counting global allocator (`tests/common/counting.rs`)
//! watches this thread while every BSM vector is read through `FrameView` / `BsmView`. It
//! counts per thread, so the other tests of the binary, running beside, are not counted.

use crate::common;

use crate::counting::allocations_during;

#[test]
fn view_path_does_not_allocate() {
    use cv2x::j2735::view::FrameView;
    let mut vs = common::folder("bsm");
    for ed in ["2016", "2020", "2024"] {
        vs.extend(common::random(ed, "bsm"));
    }
    let mut sum = 0i64;
    let mut entries = 0usize;
    // Sanity: the counter does see allocations.
    assert!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 16]))) > 0);
    let n = allocations_during(|| {
        for v in &vs {
            let f = FrameView::new(&v.bytes).unwrap();
            let b = f.bsm().unwrap().unwrap();
            sum += b.msg_cnt() as i64
                + b.lat() as i64
                + b.long() as i64
                + b.elev() as i64
                + b.speed() as i64;
            sum += b.heading() as i64
                + b.angle() as i64
                + b.accel_long() as i64
                + b.yaw() as i64
                + b.width() as i64;
            sum += b.semi_major() as i64
                + b.orientation() as i64
                + b.transmission() as i64
                + b.wheel_brakes() as i64;
            sum += b.id()[0] as i64 + b.sec_mark() as i64 + b.length() as i64 + b.abs() as i64;
            for p in b.part_ii() {
                let p = p.unwrap();
                entries += 1;
                sum += p.id as i64 + p.content.remaining() as i64;
            }
            for r in b.regional() {
                sum += r.unwrap().region_id as i64;
            }
        }
    });
    std::hint::black_box(sum);
    assert!(entries > 0);
    assert_eq!(n, 0, "the view path allocated {n} times");
}

#[test]
fn signal_views_do_not_allocate() {
    use cv2x::j2735::view::*;

    /// Touches a value the sum cannot hold (an enum with an unknown-value variant).
    fn e<T>(t: T) -> i64 {
        std::hint::black_box(t);
        1
    }

    fn text(s: Option<Ia5Str<'_>>) -> i64 {
        let mut buf = [0u8; 64];
        s.map_or(0, |s| {
            s.chars().map(|c| c as i64).sum::<i64>()
                + s.copy_to(&mut buf).map_or(0, |t| t.len() as i64)
        })
    }
    fn regional(it: RegionalListIter<'_>) -> i64 {
        it.map(|r| {
            let r = r.unwrap();
            r.region_id as i64 + r.content.remaining() as i64
        })
        .sum()
    }
    fn position(p: &Position3DView<'_>) -> i64 {
        p.lat() as i64
            + p.long() as i64
            + p.elevation().unwrap_or(0) as i64
            + p.latitude_deg().map_or(0, |d| d as i64)
            + regional(p.regional())
            + p.has_extensions() as i64
    }
    fn access(a: AccessPoint) -> i64 {
        match a {
            AccessPoint::Lane(v) | AccessPoint::Approach(v) | AccessPoint::Connection(v) => {
                v as i64
            }
            AccessPoint::Unknown(i) => i as i64,
        }
    }
    fn vehicle(v: VehicleIdView) -> i64 {
        match v {
            VehicleIdView::Entity(b) => b[0] as i64,
            VehicleIdView::Station(s) => s as i64,
        }
    }
    fn requestor_type(t: Option<RequestorTypeView<'_>>) -> i64 {
        t.map_or(0, |t| {
            e(t.role())
                + t.subrole().map_or(0, e)
                + t.request().map_or(0, e)
                + t.iso3883().unwrap_or(0) as i64
                + t.hpms_type().is_some() as i64
                + t.regional().map_or(0, |r| r.region_id as i64)
                + t.has_extensions() as i64
        })
    }
    fn spat(v: &SpatView<'_>) -> i64 {
        let mut sum = v.time_stamp().unwrap_or(0) as i64 + text(v.name()) + regional(v.regional());
        sum += v.has_extensions() as i64;
        for i in v.intersections() {
            let i = i.unwrap();
            sum += text(i.name()) + i.id().id.0 as i64 + i.region().unwrap_or(0) as i64;
            sum += i.intersection_id() as i64 + i.revision() as i64 + i.status() as i64;
            sum += i.moy().unwrap_or(0) as i64 + i.time_stamp().unwrap_or(0) as i64;
            sum += i.enabled_lanes().map(|l| l.unwrap() as i64).sum::<i64>();
            sum += regional(i.regional()) + i.has_extensions() as i64;
            let assist = |it: ManeuverAssistIter<'_>| -> i64 {
                it.map(|a| {
                    let a = a.unwrap();
                    a.connection_id() as i64
                        + a.queue_length().unwrap_or(0) as i64
                        + a.available_storage_length().unwrap_or(0) as i64
                        + a.wait_on_stop().unwrap_or(false) as i64
                        + a.ped_bicycle_detect().unwrap_or(false) as i64
                        + regional(a.regional())
                        + a.has_extensions() as i64
                })
                .sum()
            };
            sum += assist(i.maneuver_assist());
            for s in i.states() {
                let s = s.unwrap();
                sum += text(s.name()) + s.signal_group() as i64 + assist(s.maneuver_assist());
                sum += regional(s.regional()) + s.has_extensions() as i64;
                for ev in s.events() {
                    let ev = ev.unwrap();
                    sum += e(ev.event_state());
                    sum += ev.timing().map_or(0, |t| t.min_end_time.0 as i64);
                    sum += ev.min_end_time().unwrap_or(0) as i64
                        + ev.likely_time().unwrap_or(0) as i64;
                    sum += regional(ev.regional()) + ev.has_extensions() as i64;
                    for a in ev.speeds() {
                        let a = a.unwrap();
                        sum += e(a.kind()) + a.speed().unwrap_or(0) as i64;
                        sum += a.confidence().is_some() as i64 + a.distance().unwrap_or(0) as i64;
                        sum += a.class().unwrap_or(0) as i64 + regional(a.regional());
                        sum += a.has_extensions() as i64;
                    }
                }
            }
        }
        sum
    }
    fn lane(l: &GenericLaneView<'_>) -> i64 {
        let mut sum = l.lane_id() as i64 + text(l.name());
        sum += l.ingress_approach().unwrap_or(0) as i64 + l.egress_approach().unwrap_or(0) as i64;
        sum += l.directional_use() as i64 + l.shared_with() as i64;
        let t = l.lane_type();
        sum += t.index() as i64 + t.is_extension() as i64 + t.name().len() as i64;
        sum += t.bits().value() as i64 + t.bits().len() as i64 + t.bits().get(1) as i64;
        sum += l
            .lane_attributes_regional()
            .map_or(0, |r| r.region_id as i64);
        sum += l.maneuvers().unwrap_or(0) as i64;
        if let NodeListView::Unknown(i) = l.node_list() {
            sum += i as i64;
        }
        if let Some(c) = l.computed() {
            sum += c.reference_lane_id() as i64 + c.offset_x_cm() as i64 + c.offset_y_cm() as i64;
            sum += matches!(c.offset_x(), cv2x::j2735::ComputedLaneOffsetXaxis::Large(_)) as i64;
            sum += matches!(c.offset_y(), cv2x::j2735::ComputedLaneOffsetYaxis::Large(_)) as i64;
            sum += c.rotate_xy().unwrap_or(0) as i64 + c.scale_x().unwrap_or(0) as i64;
            sum += c.scale_y().unwrap_or(0) as i64 + regional(c.regional());
            sum += c.has_extensions() as i64;
        }
        for n in l.nodes() {
            let n = n.unwrap();
            sum += match n.offset() {
                NodeOffset::Xy { form, x, y } => form as i64 + x as i64 + y as i64,
                NodeOffset::LatLon { lat, lon } => lat as i64 + lon as i64,
                NodeOffset::Regional { region_id } => region_id as i64,
            };
            sum += n.xy_cm().map_or(0, |p| p.0 as i64) + n.lat_lon().map_or(0, |p| p.1 as i64);
            sum += n.regional_offset().map_or(0, |r| r.region_id as i64);
            sum += n.has_attributes() as i64 + n.has_extensions() as i64;
            if let Some(a) = n.attributes() {
                sum += a.local_node().map(|x| e(x.unwrap())).sum::<i64>();
                sum += a.disabled().map(|x| e(x.unwrap())).sum::<i64>();
                sum += a.enabled().map(|x| e(x.unwrap())).sum::<i64>();
                for d in a.lane_data() {
                    sum += match d.unwrap() {
                        LaneDataView::PathEndPointAngle(v) | LaneDataView::LaneAngle(v) => v as i64,
                        LaneDataView::LaneCrownPointCenter(v)
                        | LaneDataView::LaneCrownPointLeft(v)
                        | LaneDataView::LaneCrownPointRight(v) => v as i64,
                        LaneDataView::SpeedLimits(s) => {
                            s.map(|x| x.unwrap().speed.0 as i64).sum::<i64>()
                        }
                        LaneDataView::Regional(r) => regional(r),
                        LaneDataView::Unknown(i) => i as i64,
                    };
                }
                sum += a.d_width().unwrap_or(0) as i64 + a.d_elevation().unwrap_or(0) as i64;
                sum += regional(a.regional()) + a.has_extensions() as i64;
            }
        }
        for c in l.connections() {
            let c = c.unwrap();
            sum += c.lane() as i64 + c.maneuver().unwrap_or(0) as i64;
            sum += c.remote_intersection().map_or(0, |r| r.id.0 as i64);
            sum += c.signal_group().unwrap_or(0) as i64 + c.user_class().unwrap_or(0) as i64;
            sum += c.connection_id().unwrap_or(0) as i64;
        }
        sum += l.overlays().map(|x| x.unwrap() as i64).sum::<i64>();
        sum + regional(l.regional()) + l.has_extensions() as i64
    }
    fn map(v: &MapView<'_>) -> i64 {
        let mut sum = v.time_stamp().unwrap_or(0) as i64 + v.msg_issue_revision() as i64;
        sum += v.layer_type().is_some() as i64 + v.layer_id().unwrap_or(0) as i64;
        for i in v.intersections() {
            let i = i.unwrap();
            sum += text(i.name()) + i.id().id.0 as i64 + i.region().unwrap_or(0) as i64;
            sum += i.intersection_id() as i64 + i.revision() as i64;
            sum += position(&i.ref_point()) + i.lane_width().unwrap_or(0) as i64;
            sum += i
                .speed_limits()
                .map(|s| s.unwrap().speed.0 as i64)
                .sum::<i64>();
            sum += i.lanes().map(|l| lane(&l.unwrap())).sum::<i64>();
            sum += i
                .preempt_priority()
                .map(|z| z.unwrap().region_id as i64)
                .sum::<i64>();
            sum += regional(i.regional()) + i.has_extensions() as i64;
        }
        for s in v.road_segments() {
            let s = s.unwrap();
            sum += text(s.name()) + s.region().unwrap_or(0) as i64 + s.segment_id() as i64;
            sum += s.revision() as i64 + position(&s.ref_point());
            sum += s.lane_width().unwrap_or(0) as i64;
            sum += s
                .speed_limits()
                .map(|x| x.unwrap().speed.0 as i64)
                .sum::<i64>();
            sum += s.lanes().map(|l| lane(&l.unwrap())).sum::<i64>();
            sum += regional(s.regional()) + s.has_extensions() as i64;
        }
        if let Some(d) = v.data_parameters() {
            sum += text(d.process_method()) + text(d.process_agency());
            sum += text(d.last_checked_date()) + text(d.geoid_used()) + d.has_extensions() as i64;
        }
        for r in v.restriction_classes() {
            let r = r.unwrap();
            sum += r.id() as i64;
            for u in r.users() {
                sum += match u.unwrap() {
                    RestrictionUserView::BasicType(t) => e(t),
                    RestrictionUserView::Regional(r) => regional(r),
                    RestrictionUserView::Unknown(i) => i as i64,
                };
            }
        }
        sum + regional(v.regional()) + v.has_extensions() as i64
    }
    fn srm(v: &SrmView<'_>) -> i64 {
        let mut sum = v.time_stamp().unwrap_or(0) as i64 + v.second() as i64;
        sum += v.sequence_number().unwrap_or(0) as i64;
        for p in v.requests() {
            let p = p.unwrap();
            sum += p.intersection().id.0 as i64 + p.region().unwrap_or(0) as i64;
            sum += p.intersection_id() as i64 + p.request_id() as i64 + e(p.request_type());
            sum += access(p.in_bound()) + p.out_bound().map_or(0, access);
            sum += regional(p.request_regional()) + p.request_has_extensions() as i64;
            sum += p.minute().unwrap_or(0) as i64 + p.second().unwrap_or(0) as i64;
            sum += p.duration().unwrap_or(0) as i64 + regional(p.regional());
            sum += p.has_extensions() as i64;
        }
        let r = v.requestor();
        sum += vehicle(r.id()) + requestor_type(r.kind());
        if let Some(p) = r.position() {
            sum += position(&p.position()) + p.heading().unwrap_or(0) as i64;
            sum += p.speed().map_or(0, |s| s.speed.0 as i64) + p.has_extensions() as i64;
        }
        sum += text(r.name()) + text(r.route_name()) + r.transit_status().unwrap_or(0) as i64;
        sum += r.transit_occupancy().map_or(0, e);
        sum += r.transit_schedule().unwrap_or(0) as i64 + regional(r.regional());
        sum += r.has_extensions() as i64;
        sum + regional(v.regional()) + v.has_extensions() as i64
    }
    fn ssm(v: &SsmView<'_>) -> i64 {
        let mut sum = v.time_stamp().unwrap_or(0) as i64 + v.second() as i64;
        sum += v.sequence_number().unwrap_or(0) as i64;
        for s in v.status() {
            let s = s.unwrap();
            sum += s.sequence_number() as i64 + s.id().id.0 as i64;
            sum += s.region().unwrap_or(0) as i64 + s.intersection_id() as i64;
            for p in s.packages() {
                let p = p.unwrap();
                if let Some(q) = p.requester() {
                    sum += vehicle(q.id()) + q.request() as i64 + q.sequence_number() as i64;
                    sum += q.role().map_or(0, e) + requestor_type(q.type_data());
                    sum += q.has_extensions() as i64;
                }
                sum += access(p.inbound()) + p.outbound().map_or(0, access);
                sum += p.minute().unwrap_or(0) as i64 + p.second().unwrap_or(0) as i64;
                sum += p.duration().unwrap_or(0) as i64 + e(p.status());
                sum += regional(p.regional()) + p.has_extensions() as i64;
            }
            sum += regional(s.regional()) + s.has_extensions() as i64;
        }
        sum + regional(v.regional()) + v.has_extensions() as i64
    }

    let mut vs = Vec::new();
    for ty in ["spat", "map", "srm", "ssm"] {
        vs.extend(common::folder(ty));
        for ed in ["2016", "2020", "2024"] {
            vs.extend(common::random(ed, ty));
        }
    }
    let mut sum = 0i64;
    let mut read = 0usize;
    let n = allocations_during(|| {
        for v in &vs {
            let f = FrameView::new(&v.bytes).unwrap();
            sum += if let Some(s) = f.spat() {
                spat(&s.unwrap())
            } else if let Some(m) = f.map() {
                map(&m.unwrap())
            } else if let Some(s) = f.srm() {
                srm(&s.unwrap())
            } else {
                ssm(&f.ssm().unwrap().unwrap())
            };
            read += 1;
        }
    });
    std::hint::black_box(sum);
    assert_eq!(read, vs.len());
    assert!(read > 400);
    assert_eq!(n, 0, "the signal views allocated {n} times");
}
