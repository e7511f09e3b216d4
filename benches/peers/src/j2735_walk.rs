//! J2735 messages read through their zero-copy views: the `view-read-all` walks of the TIM
//! and PSM benchmarks, shared by the peers crate and cv2x's own `benches/codec.rs` (which
//! includes this file with `#[path]`), so that both measure the same reading.

use cv2x::j2735::view::{
    GeographicalPathDescriptionView, NodeListLLView, NodeListXYView, OffsetSystemOffsetView,
    PersonalSafetyMessageView, TravelerDataFrameContentView, TravelerInformationView,
};
use cv2x::j2735::PersonalDeviceUserType;

/// Every data frame's times, content items and region nodes, read through the view.
pub fn walk_tim(v: &TravelerInformationView<'_>) -> usize {
    let mut n = 0;
    for f in v.data_frames().flatten() {
        n += f.start_time().0 as usize + f.duration_time().0 as usize;
        n += match f.content() {
            TravelerDataFrameContentView::Advisory(l) => l.flatten().count(),
            TravelerDataFrameContentView::WorkZone(l)
            | TravelerDataFrameContentView::GenericSign(l)
            | TravelerDataFrameContentView::SpeedLimit(l)
            | TravelerDataFrameContentView::ExitService(l) => l.flatten().count(),
        };
        for g in f.regions().flatten() {
            if let Some(GeographicalPathDescriptionView::Path(p)) = g.description() {
                n += match p.offset() {
                    OffsetSystemOffsetView::Xy(NodeListXYView::Nodes(l)) => l.flatten().count(),
                    OffsetSystemOffsetView::Ll(NodeListLLView::Nodes(l)) => l.flatten().count(),
                    _ => 0,
                };
            }
        }
    }
    n
}

/// A PSM's mandatory fields (type, time, count, id, position, accuracy, speed, heading)
/// and, when present, its path history's points, read through the view.
pub fn walk_psm(v: &PersonalSafetyMessageView<'_>) -> usize {
    let p = v.position();
    let a = v.accuracy();
    let mut n = (v.basic_type() == PersonalDeviceUserType::APEDESTRIAN) as usize
        + v.sec_mark().0 as usize
        + v.msg_cnt().0 as usize
        + v.id().0[3] as usize
        + p.lat().0 as usize
        + p.long().0 as usize
        + p.elevation().map_or(0, |e| e.0 as usize)
        + a.semi_major.0 as usize
        + v.speed().0 as usize
        + v.heading().0 as usize;
    if let Some(h) = v.path_history() {
        n += h.crumb_data().flatten().count();
    }
    n
}
