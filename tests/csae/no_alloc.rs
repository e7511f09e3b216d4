//! The zero-copy faces allocate nothing: the frame's view (a SPAT walked through it down to
//! every phase state's light and timing), each bare message's view (a SPAT's walked too),
//! and skipping a whole frame.

use crate::counting::allocations_during;
use crate::{folder, frames_2020};

use cv2x::csae::v2020::view::FrameView;
use cv2x::csae::v2020::views::{
    BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
    SPATView, TimeChangeDetailsView,
};
use cv2x::csae::v2020::{skip, MessageFrame};
use cv2x::per::{BitReader, Decode, Encode};

/// Reads every phase state of a SPAT view: a sum of what it read, so nothing is optimised away.
fn walk_spat(v: &SPATView<'_>) -> i64 {
    let mut sum = i64::from(v.msg_cnt().0);
    for i in v.intersections() {
        let i = i.expect("validated");
        sum += i64::from(i.intersection_id().id.0);
        for p in i.phases() {
            let p = p.expect("validated");
            sum += i64::from(p.id().0);
            for s in p.phase_states() {
                let s = s.expect("validated");
                sum += s.light().name().len() as i64;
                sum += match s.timing() {
                    Some(TimeChangeDetailsView::Counting(c)) => i64::from(c.likely_end_time.0),
                    Some(TimeChangeDetailsView::UtcTiming(u)) => i64::from(u.likely_end_utc_time.0),
                    Some(TimeChangeDetailsView::Unknown(n, _)) => n as i64,
                    None => 0,
                };
            }
        }
    }
    sum
}

#[test]
fn views_and_skip_allocate_nothing() {
    let mut vs = frames_2020();
    vs.extend(folder("random/DayII"));
    let (mut checked, mut spats) = (0, 0);
    for v in &vs {
        let frame = MessageFrame::from_uper(&v.bytes).unwrap();
        let bare = match &frame {
            MessageFrame::BsmFrame(m) => m.to_uper(),
            MessageFrame::MapFrame(m) => m.to_uper(),
            MessageFrame::RsmFrame(m) => m.to_uper(),
            MessageFrame::SpatFrame(m) => m.to_uper(),
            MessageFrame::RsiFrame(m) => m.to_uper(),
            _ => continue,
        }
        .unwrap();
        let mut sum = 0;
        let n = allocations_during(|| {
            skip::message_frame(&mut BitReader::new(&v.bytes)).unwrap();
            // The frame's view, a SPAT walked through it.
            if let FrameView::Spat(s) = FrameView::new(&v.bytes).unwrap() {
                sum += walk_spat(&s);
            }
            match &frame {
                MessageFrame::BsmFrame(_) => drop(BasicSafetyMessageView::new(&bare).unwrap()),
                MessageFrame::MapFrame(_) => drop(MapDataView::new(&bare).unwrap()),
                MessageFrame::RsmFrame(_) => drop(RoadsideSafetyMessageView::new(&bare).unwrap()),
                MessageFrame::RsiFrame(_) => drop(RoadSideInformationView::new(&bare).unwrap()),
                _ => sum = walk_spat(&SPATView::new(&bare).unwrap()),
            }
        });
        assert_eq!(n, 0, "{}: {n} allocations", v.name);
        if sum != 0 {
            spats += 1;
        }
        checked += 1;
    }
    eprintln!("csae 2020 no-alloc: {checked} messages, {spats} SPATs walked");
    assert!(
        checked >= 60 && spats >= 10,
        "{checked} messages, {spats} SPATs walked"
    );
}

/// A sensor sharing message's detected region (a list of polygons, each a list of points:
/// a list whose entries are lists) read through its view, every point reached, allocates
/// nothing; the points read are the owned message's.
#[test]
fn a_list_of_lists_is_walked_without_allocating() {
    use cv2x::csae::v2020::views::SensorSharingMsgView;
    use cv2x::csae::v2020::{DetectedRegion, Polygon, PositionOffsetLLV, SensorSharingMsg};
    let polygons: Vec<Polygon> = (4..7)
        .map(|n| Polygon(vec![PositionOffsetLLV::default(); n]))
        .collect();
    let owned = SensorSharingMsg {
        detected_region: Some(DetectedRegion(polygons)),
        ..Default::default()
    };
    let bytes = owned.to_uper().unwrap();
    let mut read = [0usize; 3];
    let n = allocations_during(|| {
        let view = SensorSharingMsgView::new(&bytes).unwrap();
        for (k, polygon) in view.detected_region().expect("present").enumerate() {
            for point in polygon.expect("validated") {
                point.expect("validated");
                read[k] += 1;
            }
        }
    });
    assert_eq!(n, 0, "{n} allocations");
    assert_eq!(read, [4, 5, 6]);
    let view = SensorSharingMsgView::new(&bytes).unwrap();
    assert_eq!(view.to_owned().unwrap(), owned);
}
