//! The zero-copy faces allocate nothing under 2017: the frame's view (a SPAT walked through
//! it down to every phase state's light and timing), each bare message's view (a SPAT's
//! walked too), and skipping a whole frame.

use super::frames_2017;
use crate::counting::allocations_during;

use cv2x::csae::v2017::view::FrameView;
use cv2x::csae::v2017::views::{
    BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
    SPATView,
};
use cv2x::csae::v2017::{skip, MessageFrame};
use cv2x::per::{BitReader, Decode, Encode};

/// Reads every phase state of a SPAT view: a sum of what it read, so nothing is optimised away.
fn walk_spat(v: &SPATView<'_>) -> i64 {
    let mut sum = i64::from(v.msg_cnt().0) + 1;
    for i in v.intersections() {
        let i = i.expect("validated");
        sum += i64::from(i.intersection_id().id.0);
        for p in i.phases() {
            let p = p.expect("validated");
            sum += i64::from(p.id().0);
            for s in p.phase_states() {
                let s = s.expect("validated");
                sum += s.light().name().len() as i64;
                if let Some(t) = s.timing() {
                    // 2017: a coming state's end is its start plus its length.
                    sum += i64::from(t.start_time.0) + i64::from(t.likely_end_time.0);
                }
            }
        }
    }
    sum
}

#[test]
fn views_and_skip_allocate_nothing() {
    let (mut checked, mut spats) = (0, 0);
    for v in &frames_2017() {
        let frame = MessageFrame::from_uper(&v.bytes).unwrap();
        let bare = match &frame {
            MessageFrame::BsmFrame(m) => m.to_uper(),
            MessageFrame::MapFrame(m) => m.to_uper(),
            MessageFrame::RsmFrame(m) => m.to_uper(),
            MessageFrame::SpatFrame(m) => m.to_uper(),
            MessageFrame::RsiFrame(m) => m.to_uper(),
            MessageFrame::Unknown(_) => panic!("{}: not a 2017 message", v.name),
        }
        .unwrap();
        let (mut through_frame, mut bare_sum) = (0, 0);
        let n = allocations_during(|| {
            skip::message_frame(&mut BitReader::new(&v.bytes)).unwrap();
            // The frame's view, a SPAT walked through it.
            if let FrameView::Spat(s) = FrameView::new(&v.bytes).unwrap() {
                through_frame = walk_spat(&s);
            }
            match &frame {
                MessageFrame::BsmFrame(_) => drop(BasicSafetyMessageView::new(&bare).unwrap()),
                MessageFrame::MapFrame(_) => drop(MapDataView::new(&bare).unwrap()),
                MessageFrame::RsmFrame(_) => drop(RoadsideSafetyMessageView::new(&bare).unwrap()),
                MessageFrame::RsiFrame(_) => drop(RoadSideInformationView::new(&bare).unwrap()),
                _ => bare_sum = walk_spat(&SPATView::new(&bare).unwrap()),
            }
        });
        assert_eq!(n, 0, "{}: {n} allocations", v.name);
        // The frame's and the bare message's views read the same SPAT.
        assert_eq!(through_frame, bare_sum, "{}", v.name);
        if bare_sum != 0 {
            spats += 1;
        }
        checked += 1;
    }
    eprintln!("csae 2017 no-alloc: {checked} messages, {spats} SPATs walked");
    assert!(
        checked == 20 && spats >= 4,
        "{checked} messages, {spats} SPATs walked"
    );
}
