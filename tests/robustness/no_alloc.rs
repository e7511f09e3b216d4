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
    use std::hint::black_box;

    /// Touches a plain value (the view read it; the walk only keeps it alive).
    fn t<T>(v: T) -> i64 {
        black_box(v);
        1
    }
    /// Walks an optional list, touching each entry with `f`.
    fn each<I: Iterator<Item = cv2x::per::Result<T>>, T>(
        l: Option<I>,
        f: impl Fn(T) -> i64,
    ) -> i64 {
        l.map_or(0, |l| l.map(|x| f(x.unwrap())).sum())
    }
    fn text(s: Option<Ia5Str<'_>>) -> i64 {
        let mut buf = [0u8; 255];
        s.map_or(0, |s| {
            s.chars().map(|c| c as i64).sum::<i64>()
                + s.copy_to(&mut buf).map_or(0, |t| t.len() as i64)
        })
    }
    fn bits(b: Option<BitsView<'_>>) -> i64 {
        b.map_or(0, |b| {
            b.len() as i64 + (0..b.len()).filter(|&i| b.get(i)).count() as i64
        })
    }
    /// Walks an optional list of regional extensions (each site has its own type).
    macro_rules! regional {
        ($l:expr) => {
            each($l, |r| {
                r.region_id().0 as i64 + r.reg_ext_value().len() as i64
            })
        };
    }
    fn position(p: &Position3DView<'_>) -> i64 {
        p.lat().0 as i64 + p.long().0 as i64 + t(p.elevation()) + regional!(p.regional())
    }
    fn access(a: IntersectionAccessPointView<'_>) -> i64 {
        match a {
            IntersectionAccessPointView::Unknown(i, o) => i as i64 + o.len() as i64,
            other => t(other),
        }
    }
    fn requestor_type(r: Option<RequestorTypeView<'_>>) -> i64 {
        r.map_or(0, |r| {
            t(r.role()) + t(r.subrole()) + t(r.request()) + t(r.regional())
        })
    }
    fn lane_data<'a>(
        l: Option<impl Iterator<Item = cv2x::per::Result<LaneDataAttributeView<'a>>>>,
    ) -> i64 {
        each(l, |d| match d {
            LaneDataAttributeView::Unknown(i, o) => i as i64 + o.len() as i64,
            other => t(other),
        })
    }
    fn nodes_xy(l: NodeListXYView<'_>) -> i64 {
        let mut sum = 0;
        match l {
            NodeListXYView::Nodes(nodes) => {
                for n in nodes {
                    let n = n.unwrap();
                    sum += t(n.delta());
                    if let Some(a) = n.attributes() {
                        sum +=
                            each(a.local_node(), t) + each(a.disabled(), t) + each(a.enabled(), t);
                        sum += lane_data(a.data());
                        sum += t(a.d_width()) + t(a.d_elevation()) + regional!(a.regional());
                    }
                }
            }
            NodeListXYView::Computed(c) => {
                sum += c.reference_lane_id().0 as i64 + t(c.offset_xaxis()) + t(c.rotate_xy());
                sum += regional!(c.regional());
            }
            NodeListXYView::Unknown(i, o) => sum += i as i64 + o.len() as i64,
        }
        sum
    }
    fn nodes_ll(l: NodeListLLView<'_>) -> i64 {
        let mut sum = 0;
        match l {
            NodeListLLView::Nodes(nodes) => {
                for n in nodes {
                    let n = n.unwrap();
                    sum += t(n.delta());
                    if let Some(a) = n.attributes() {
                        sum +=
                            each(a.local_node(), t) + each(a.disabled(), t) + each(a.enabled(), t);
                        sum += lane_data(a.data());
                        sum += t(a.d_width()) + t(a.d_elevation()) + regional!(a.regional());
                    }
                }
            }
            NodeListLLView::Unknown(i, o) => sum += i as i64 + o.len() as i64,
        }
        sum
    }
    fn circle(c: CircleView<'_>) -> i64 {
        position(&c.center()) + t(c.radius()) + t(c.units())
    }
    fn tim(v: &TravelerInformationView<'_>) -> i64 {
        let mut sum = t(v.msg_cnt()) + t(v.time_stamp()) + t(v.packet_id()) + text(v.url_b());
        for f in v.data_frames() {
            let f = f.unwrap();
            sum += t(f.not_used()) + t(f.frame_type()) + t(f.start_year()) + t(f.start_time());
            sum += t(f.duration_time()) + t(f.priority()) + text(f.url());
            if let TravelerDataFrameMsgIdView::RoadSignID(r) = f.msg_id() {
                sum += position(&r.position()) + bits(Some(r.view_angle())) + t(r.crc());
            }
            for g in f.regions() {
                let g = g.unwrap();
                sum += text(g.name()) + t(g.id()) + g.anchor().map_or(0, |a| position(&a));
                sum += t(g.lane_width()) + t(g.directionality()) + bits(g.direction());
                sum += regional!(g.regional());
                sum += match g.description() {
                    Some(GeographicalPathDescriptionView::Path(p)) => match p.offset() {
                        OffsetSystemOffsetView::Xy(l) => nodes_xy(l),
                        OffsetSystemOffsetView::Ll(l) => nodes_ll(l),
                    },
                    Some(GeographicalPathDescriptionView::Geometry(g)) => {
                        bits(Some(g.direction())) + circle(g.circle()) + regional!(g.regional())
                    }
                    Some(GeographicalPathDescriptionView::OldRegion(r)) => match r.area() {
                        ValidRegionAreaView::ShapePointSet(s) => nodes_xy(s.node_list()),
                        ValidRegionAreaView::Circle(c) => circle(c),
                        ValidRegionAreaView::RegionPointSet(s) => s.node_list().map(t).sum::<i64>(),
                    },
                    Some(GeographicalPathDescriptionView::Unknown(i, o)) => {
                        i as i64 + o.len() as i64
                    }
                    None => 0,
                };
            }
            sum += match f.content() {
                TravelerDataFrameContentView::Advisory(l) => l
                    .map(|e| match e.unwrap().item() {
                        ITIStextItemView::Itis(c) => t(c),
                        ITIStextItemView::Text(s) => text(Some(s)),
                    })
                    .sum::<i64>(),
                TravelerDataFrameContentView::WorkZone(l)
                | TravelerDataFrameContentView::GenericSign(l)
                | TravelerDataFrameContentView::SpeedLimit(l)
                | TravelerDataFrameContentView::ExitService(l) => l
                    .map(|e| match e.unwrap().item() {
                        ITISphraseItemView::Itis(c) => t(c),
                        ITISphraseItemView::Text(s) => text(Some(s)),
                    })
                    .sum::<i64>(),
            };
        }
        sum + regional!(v.regional())
    }
    fn lane(l: &GenericLaneView<'_>) -> i64 {
        let mut sum = l.lane_id().0 as i64 + text(l.name()) + t(l.ingress_approach());
        let a = l.lane_attributes();
        sum += bits(Some(a.directional_use())) + bits(Some(a.shared_with()));
        sum += t(a.lane_type()) + t(a.regional()) + bits(l.maneuvers());
        sum += nodes_xy(l.node_list());
        sum += each(l.connects_to(), |c| {
            let cl = c.connecting_lane();
            cl.lane().0 as i64
                + bits(cl.maneuver())
                + t(c.remote_intersection())
                + t(c.signal_group())
        });
        sum + each(l.overlays(), t) + regional!(l.regional())
    }
    fn spat(v: &SPATView<'_>) -> i64 {
        let mut sum = t(v.time_stamp()) + text(v.name()) + regional!(v.regional());
        for i in v.intersections() {
            let i = i.unwrap();
            sum += text(i.name()) + t(i.id()) + t(i.revision()) + bits(Some(i.status()));
            sum += t(i.moy()) + t(i.time_stamp()) + each(i.enabled_lanes(), t);
            for s in i.states() {
                let s = s.unwrap();
                sum += text(s.movement_name()) + t(s.signal_group());
                for e in s.state_time_speed() {
                    let e = e.unwrap();
                    sum += t(e.event_state()) + t(e.timing()) + regional!(e.regional());
                    sum += each(e.speeds(), |a| {
                        t(a.speed()) + t(a.distance()) + regional!(a.regional())
                    });
                }
                sum += each(s.maneuver_assist_list(), |m| {
                    t(m.connection_id()) + t(m.queue_length())
                });
                sum += regional!(s.regional());
            }
            sum += each(i.maneuver_assist_list(), |m| {
                t(m.connection_id()) + regional!(m.regional())
            });
            sum += regional!(i.regional());
        }
        sum
    }
    fn map(v: &MapDataView<'_>) -> i64 {
        let mut sum = t(v.time_stamp()) + t(v.msg_issue_revision()) + t(v.layer_type());
        sum += each(v.intersections(), |i| {
            text(i.name())
                + t(i.id())
                + position(&i.ref_point())
                + t(i.lane_width())
                + each(i.speed_limits(), t)
                + i.lane_set().map(|l| lane(&l.unwrap())).sum::<i64>()
                + each(i.preempt_priority_data(), t)
                + regional!(i.regional())
        });
        sum += each(v.road_segments(), |s| {
            text(s.name())
                + t(s.id())
                + position(&s.ref_point())
                + each(s.speed_limits(), t)
                + s.road_lane_set().map(|l| lane(&l.unwrap())).sum::<i64>()
                + regional!(s.regional())
        });
        if let Some(d) = v.data_parameters() {
            sum += text(d.process_method()) + text(d.process_agency());
            sum += text(d.last_checked_date()) + text(d.geoid_used());
        }
        sum += each(v.restriction_list(), |r| {
            t(r.id()) + r.users().map(|u| t(u.unwrap())).sum::<i64>()
        });
        sum + regional!(v.regional())
    }
    fn srm(v: &SignalRequestMessageView<'_>) -> i64 {
        let mut sum = t(v.time_stamp()) + t(v.second()) + t(v.sequence_number());
        sum += each(v.requests(), |p| {
            let r = p.request();
            t(r.id())
                + t(r.request_id())
                + t(r.request_type())
                + access(r.in_bound_lane())
                + r.out_bound_lane().map_or(0, access)
                + regional!(r.regional())
                + t(p.minute())
                + t(p.duration())
                + regional!(p.regional())
        });
        let r = v.requestor();
        sum += t(r.id()) + text(r.name()) + text(r.route_name()) + bits(r.transit_status());
        sum += r.position().map_or(0, t) + t(r.transit_schedule()) + regional!(r.regional());
        sum + regional!(v.regional())
    }
    fn ssm(v: &SignalStatusMessageView<'_>) -> i64 {
        let mut sum = t(v.time_stamp()) + t(v.second()) + t(v.sequence_number());
        for s in v.status() {
            let s = s.unwrap();
            sum += t(s.sequence_number()) + t(s.id()) + regional!(s.regional());
            for p in s.sig_status() {
                let p = p.unwrap();
                if let Some(q) = p.requester() {
                    sum += t(q.id()) + t(q.request()) + t(q.role()) + requestor_type(q.type_data());
                }
                sum += access(p.inbound_on()) + p.outbound_on().map_or(0, access);
                sum += t(p.minute()) + t(p.duration()) + t(p.status()) + regional!(p.regional());
            }
        }
        sum + regional!(v.regional())
    }

    let mut vs = Vec::new();
    for ty in ["spat", "map", "srm", "ssm", "tim"] {
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
            } else if let Some(m) = f.tim() {
                tim(&m.unwrap())
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
