//! Every field of a CSAE message read through its zero-copy view: the `view-read-all`
//! walks of the China-profile benchmarks, shared by the peers crate and cv2x's own
//! `benches/csae.rs` (which includes this file with `#[path]`), so that both measure the
//! same reading.
//!
//! "Every field" is every component the owned decode fills in, at every depth: each integer,
//! enumeration and CHOICE read, each BIT STRING's bits, each IA5String's characters, each
//! list walked entry by entry. Values the views hand out whole (a `Position3D`, a
//! `TimeCountingDown`) go through [`black_box`] so that none is left unread. Entries
//! that fail to read are skipped (`flatten`): the benchmarked messages are validated first.

use std::hint::black_box;

/// The walks of one edition; `|l| width` reads a `LinkView` `l`'s `linkWidth` (mandatory
/// in 2020, OPTIONAL in the 2019 draft: the only difference the walks see).
macro_rules! walks {
    ($ed:ident, $doc:literal, |$l:ident| $link_width:expr) => {
        #[doc = $doc]
        pub mod $ed {
            use super::black_box;
            use cv2x::csae::$ed::view::FrameView;
            use cv2x::csae::$ed::views::{
                BasicSafetyMessageView, LaneTypeAttributesView, LaneView, LinkView, MapDataView,
                PathHistoryView, SPATView,
            };
            use cv2x::per::view::{BitsView, Ia5Str};

            fn bits(b: Option<BitsView<'_>>) -> usize {
                b.map_or(0, |b| b.value() as usize)
            }

            fn text(s: Option<Ia5Str<'_>>) -> usize {
                s.map_or(0, |s| s.bytes().map(usize::from).sum())
            }

            /// Every field of a validated frame's message (BSM, SPAT or MAP; 0 for the others).
            pub fn frame(f: &FrameView<'_>) -> usize {
                match f {
                    FrameView::Bsm(b) => bsm(b),
                    FrameView::Spat(s) => spat(s),
                    FrameView::Map(m) => map(m),
                    _ => 0,
                }
            }

            /// Every field of a BSM, its safety and emergency extensions included.
            pub fn bsm(v: &BasicSafetyMessageView<'_>) -> usize {
                let mut n = v.msg_cnt().0 as usize + v.sec_mark().0 as usize + v.speed().0 as usize;
                n += v.heading().0 as usize;
                black_box((v.id(), v.time_confidence(), v.pos(), v.pos_accuracy()));
                black_box((
                    v.pos_confidence(),
                    v.transmission(),
                    v.angle(),
                    v.motion_cfd(),
                ));
                black_box((v.accel_set(), v.size()));
                let b = v.brakes();
                n += bits(b.wheel_brakes());
                black_box((b.brake_padel(), b.traction(), b.abs(), b.scs()));
                black_box((b.brake_boost(), b.aux_brakes()));
                let c = v.vehicle_class();
                black_box((c.classification(), c.fuel_type()));
                if let Some(s) = v.safety_ext() {
                    n += bits(s.events()) + bits(s.lights());
                    if let Some(h) = s.path_history() {
                        n += path_history(&h);
                    }
                    if let Some(p) = s.path_prediction() {
                        black_box((p.radius_of_curve(), p.confidence()));
                    }
                }
                if let Some(e) = v.emergency_ext() {
                    black_box((e.response_type(), e.siren_use(), e.lights_use()));
                }
                n
            }

            fn path_history(h: &PathHistoryView<'_>) -> usize {
                let mut n = bits(h.curr_gnss_status());
                if let Some(p) = h.initial_position() {
                    black_box((p.utc_time(), p.pos(), p.heading(), p.transmission()));
                    black_box((
                        p.speed(),
                        p.pos_accuracy(),
                        p.time_confidence(),
                        p.motion_cfd(),
                    ));
                }
                for p in h.crumb_data().flatten() {
                    n += p.time_offset().0 as usize;
                    black_box((p.llv_offset(), p.speed(), p.pos_accuracy(), p.heading()));
                }
                n
            }

            /// Every intersection, phase and phase state of a SPAT, with its timing.
            pub fn spat(v: &SPATView<'_>) -> usize {
                let mut n = v.msg_cnt().0 as usize + text(v.name());
                black_box((v.moy(), v.time_stamp()));
                for i in v.intersections().flatten() {
                    n += i.status().value() as usize;
                    black_box((i.intersection_id(), i.moy(), i.time_stamp()));
                    black_box(i.time_confidence());
                    for p in i.phases().flatten() {
                        n += p.id().0 as usize;
                        for s in p.phase_states().flatten() {
                            black_box((s.light(), s.timing()));
                        }
                    }
                }
                n
            }

            /// Every node, link, movement, lane, connection and point of a MAP.
            pub fn map(v: &MapDataView<'_>) -> usize {
                let mut n = v.msg_cnt().0 as usize;
                black_box(v.time_stamp());
                for node in v.nodes().flatten() {
                    n += text(node.name());
                    black_box((node.id(), node.ref_pos()));
                    for link in node.in_links().into_iter().flatten().flatten() {
                        n += link_fields(&link);
                    }
                }
                n
            }

            fn link_fields(l: &LinkView<'_>) -> usize {
                let mut n = text(l.name()) + {
                    let $l = l;
                    $link_width
                };
                black_box(l.upstream_node_id());
                for s in l.speed_limits().into_iter().flatten().flatten() {
                    black_box(s);
                }
                for p in l.points().into_iter().flatten().flatten() {
                    black_box(p.pos_offset());
                }
                for m in l.movements().into_iter().flatten().flatten() {
                    black_box(m);
                }
                for lane in l.lanes().flatten() {
                    n += lane_fields(&lane);
                }
                n
            }

            fn lane_fields(l: &LaneView<'_>) -> usize {
                let mut n = l.lane_id().0 as usize + bits(l.maneuvers());
                black_box(l.lane_width());
                if let Some(a) = l.lane_attributes() {
                    n += bits(a.share_with());
                    n += match a.lane_type() {
                        LaneTypeAttributesView::Vehicle(b)
                        | LaneTypeAttributesView::Crosswalk(b)
                        | LaneTypeAttributesView::BikeLane(b)
                        | LaneTypeAttributesView::Sidewalk(b)
                        | LaneTypeAttributesView::Median(b)
                        | LaneTypeAttributesView::Striping(b)
                        | LaneTypeAttributesView::TrackedVehicle(b)
                        | LaneTypeAttributesView::Parking(b) => b.value() as usize,
                        LaneTypeAttributesView::Unknown(i, o) => i as usize + o.len(),
                    };
                }
                for c in l.connects_to().into_iter().flatten().flatten() {
                    black_box((c.remote_intersection(), c.phase_id()));
                    if let Some(cl) = c.connecting_lane() {
                        n += cl.lane().0 as usize + bits(cl.maneuver());
                    }
                }
                for s in l.speed_limits().into_iter().flatten().flatten() {
                    black_box(s);
                }
                for p in l.points().into_iter().flatten().flatten() {
                    black_box(p.pos_offset());
                }
                n
            }
        }
    };
}

walks!(
    v2020,
    "YD/T 3709-2020 (`cv2x::csae::v2020`).",
    |l| l.link_width().0 as usize
);
walks!(v2019, "The 2019 draft (`cv2x::csae::v2019`).", |l| l
    .link_width()
    .map_or(0, |w| w.0 as usize));
