//! `cv2x::j2735::signal`, "what receivers need": TimeMark and calendar arithmetic, phase
//! meanings, lane geometry and MAP/SPaT matching, on hand-made messages and on every real
//! MAP and SPaT vector of `tests/vectors`.
#![cfg(feature = "serde")]

use crate::common;

use std::collections::BTreeSet;

use cv2x::j2735::signal::geometry::{
    lane_points, lane_points_in, node_points, ComputedOffsets, GeometryError, LatLon, LocalFrame,
    NodeDelta,
};
use cv2x::j2735::signal::intersection::{
    find_geometry, find_state, same_intersection, Maneuver, Movement, SignalizedIntersection,
};
use cv2x::j2735::signal::phase::{Aspect, Colour, Meaning};
use cv2x::j2735::signal::time::{
    days_in_year, dsecond_to_utc, is_leap_year, minute_of_the_year_in, minute_of_the_year_to_utc,
    moy_dsecond_to_utc, seconds_until, time_mark_to_utc, utc_to_dsecond, utc_to_minute_of_the_year,
    utc_to_time_mark, year_start_utc_ms, Civil, DSecondValue, TimeMarkEdition, TimeMarkRules,
    TimeMarkValue, Window, DAY_MS, HOUR_MS, MINUTE_MS,
};
use cv2x::j2735::{
    DSecond, GenericLane, IntersectionGeometry, IntersectionReferenceID, MapData, Message,
    MessageFrame, MinuteOfTheYear, MovementPhaseState, TimeMark, SPAT,
};
use cv2x::per::Decode;
use serde_json::json;

use TimeMarkValue::At;

fn utc(y: u32, mo: u8, d: u8, h: u8, mi: u8, s: u8, ms: u16) -> u64 {
    Civil::new(y, mo, d, h, mi, s, ms)
        .to_utc_ms()
        .unwrap_or_else(|| panic!("bad date {y}-{mo}-{d}"))
}

// =========================================================================================
// TimeMark
// =========================================================================================

#[test]
fn time_mark_hour_boundary_both_ways() {
    // Near the end of an hour (and of a year), a small mark is in the next hour.
    let now = utc(2024, 12, 31, 23, 59, 58, 0);
    assert_eq!(
        time_mark_to_utc(TimeMark(10), now),
        At(utc(2025, 1, 1, 0, 0, 1, 0))
    );
    assert_eq!(seconds_until(TimeMark(10), now), Some(3.0));
    // A mark slightly before now, in the same hour, is in the past.
    assert_eq!(
        time_mark_to_utc(TimeMark(35_970), now),
        At(utc(2024, 12, 31, 23, 59, 57, 0))
    );
    assert_eq!(seconds_until(TimeMark(35_970), now), Some(-1.0));
    // Just after the hour, a large mark is in the previous hour.
    let now = utc(2025, 1, 1, 0, 0, 2, 0);
    assert_eq!(
        time_mark_to_utc(TimeMark(35_990), now),
        At(utc(2024, 12, 31, 23, 59, 59, 0))
    );
    assert_eq!(seconds_until(TimeMark(35_990), now), Some(-3.0));
    assert_eq!(seconds_until(TimeMark(20), now), Some(0.0));
    // The nearest window is [now - 30 min, now + 30 min).
    let now = utc(2024, 6, 1, 12, 0, 0, 0);
    assert_eq!(
        time_mark_to_utc(TimeMark(18_000), now),
        At(utc(2024, 6, 1, 11, 30, 0, 0))
    );
    assert_eq!(
        time_mark_to_utc(TimeMark(17_999), now),
        At(utc(2024, 6, 1, 12, 29, 59, 900))
    );
}

#[test]
fn time_mark_windows() {
    let now = utc(2024, 6, 1, 12, 10, 0, 0);
    let with = |window| TimeMarkRules {
        window,
        ..Default::default()
    };
    // The standard's rule: at or after now.
    let ahead = with(Window::Ahead { grace_ms: 0 });
    assert_eq!(ahead.to_utc(TimeMark(6_000), now), At(now));
    assert_eq!(
        ahead.to_utc(TimeMark(5_999), now),
        At(utc(2024, 6, 1, 13, 9, 59, 900))
    );
    assert_eq!(ahead.seconds_until(TimeMark(0), now), Some(3000.0));
    // With a grace for lateness.
    let grace = with(Window::Ahead { grace_ms: 2_000 });
    assert_eq!(grace.to_utc(TimeMark(5_990), now), At(now - 1_000));
    assert_eq!(grace.to_utc(TimeMark(5_980), now), At(now - 2_000));
    assert_eq!(
        grace.to_utc(TimeMark(5_979), now),
        At(utc(2024, 6, 1, 13, 9, 57, 900))
    );
    // Behind, for startTime: (now + grace - 1 h, now + grace].
    let behind = with(Window::Behind { grace_ms: 1_000 });
    assert_eq!(behind.to_utc(TimeMark(6_010), now), At(now + 1_000));
    assert_eq!(
        behind.to_utc(TimeMark(6_011), now),
        At(utc(2024, 6, 1, 11, 10, 1, 100))
    );
    assert_eq!(behind.seconds_until(TimeMark(0), now), Some(-600.0));
    // Graces above an hour are capped.
    let huge = with(Window::Ahead { grace_ms: u32::MAX });
    assert!(matches!(huge.to_utc(TimeMark(0), now), At(_)));
    let huge = with(Window::Behind { grace_ms: u32::MAX });
    assert!(matches!(huge.to_utc(TimeMark(0), now), At(_)));
}

#[test]
fn every_mark_lands_in_its_window() {
    let nows = [
        utc(2024, 2, 29, 0, 0, 0, 0),
        utc(2024, 2, 29, 13, 29, 59, 999),
        utc(2024, 2, 29, 13, 30, 0, 0),
        utc(2024, 12, 31, 23, 59, 59, 999),
        utc(2030, 7, 4, 8, 17, 33, 123),
    ];
    let windows: [(Window, i64, i64); 4] = [
        (Window::Nearest, -1_800_000, 1_800_000),
        (Window::Ahead { grace_ms: 0 }, 0, 3_600_000),
        (Window::Ahead { grace_ms: 5_000 }, -5_000, 3_595_000),
        (Window::Behind { grace_ms: 0 }, -3_599_999, 1),
    ];
    let mut checked = 0;
    for &now in &nows {
        for &(window, lo, hi) in &windows {
            let rules = TimeMarkRules {
                window,
                ..Default::default()
            };
            for m in 0..36_000u16 {
                let At(t) = rules.to_utc(TimeMark(m), now) else {
                    panic!("mark {m} not a time")
                };
                let d = t as i64 - now as i64;
                assert!((lo..hi).contains(&d), "{window:?} now {now} mark {m}: {d}");
                assert_eq!(t % HOUR_MS, m as u64 * 100, "{window:?} mark {m}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 5 * 4 * 36_000);
}

#[test]
fn time_mark_special_values_2020() {
    let now = utc(2016, 12, 31, 23, 59, 59, 500);
    let next_hour = utc(2017, 1, 1, 0, 0, 0, 0);
    for v in 36_000..=36_009u16 {
        assert_eq!(
            time_mark_to_utc(TimeMark(v), now),
            TimeMarkValue::LeapSecond {
                tenth: (v - 36_000) as u8,
                at: next_hour
            }
        );
        // Also seen from just after the hour boundary.
        assert_eq!(
            time_mark_to_utc(TimeMark(v), next_hour + 500),
            TimeMarkValue::LeapSecond {
                tenth: (v - 36_000) as u8,
                at: next_hour
            }
        );
        assert_eq!(seconds_until(TimeMark(v), now), None);
    }
    for v in 36_010..=36_110u16 {
        assert_eq!(
            time_mark_to_utc(TimeMark(v), now),
            TimeMarkValue::Reserved(v)
        );
    }
    assert_eq!(
        time_mark_to_utc(TimeMark(36_111), now),
        TimeMarkValue::Unknown
    );
    assert_eq!(seconds_until(TimeMark(36_111), now), None);
    // 35991..35999 are ordinary times in 2020.
    assert_eq!(time_mark_to_utc(TimeMark(35_995), now), At(now));
    assert_eq!(TimeMarkValue::Unknown.utc_ms(), None);
    assert_eq!(At(5).utc_ms(), Some(5));
}

#[test]
fn time_mark_special_values_2016() {
    let rules = TimeMarkRules {
        edition: TimeMarkEdition::J2735_2016,
        ..Default::default()
    };
    let now = utc(2016, 12, 31, 23, 59, 59, 0);
    assert_eq!(
        rules.to_utc(TimeMark(36_000), now),
        TimeMarkValue::MoreThanAnHour
    );
    assert_eq!(rules.to_utc(TimeMark(36_001), now), TimeMarkValue::Unknown);
    assert_eq!(rules.seconds_until(TimeMark(36_000), now), None);
    for v in 36_002..=36_111u16 {
        assert_eq!(rules.to_utc(TimeMark(v), now), TimeMarkValue::Reserved(v));
    }
    // 2016 says 35991..35999 "are used when a leap second occurs"; they cannot be told from
    // the last 0.9 s of the hour and read as ordinary times.
    for v in 35_991..=35_999u16 {
        assert_eq!(
            rules.to_utc(TimeMark(v), now),
            At(utc(2016, 12, 31, 23, 59, 59, (v - 35_990) * 100))
        );
    }
}

#[test]
fn utc_to_time_mark_round_trips() {
    let start = utc(2023, 12, 31, 22, 0, 0, 0);
    let mut t = start;
    while t < start + 3 * HOUR_MS {
        let mark = utc_to_time_mark(t);
        assert!(mark.0 < 36_000);
        let rounded = (t + 50) / 100 * 100;
        assert_eq!(time_mark_to_utc(mark, t), At(rounded), "t = {t}");
        t += 997;
    }
    assert_eq!(utc_to_time_mark(utc(2024, 1, 1, 0, 0, 0, 0)).0, 0);
    assert_eq!(utc_to_time_mark(utc(2024, 1, 1, 0, 59, 59, 900)).0, 35_999);
    assert_eq!(utc_to_time_mark(utc(2024, 1, 1, 0, 59, 59, 950)).0, 0);
    assert_eq!(utc_to_time_mark(utc(2024, 1, 1, 0, 0, 0, 49)).0, 0);
    assert_eq!(utc_to_time_mark(utc(2024, 1, 1, 0, 0, 0, 50)).0, 1);
}

#[test]
fn time_mark_near_the_epoch_does_not_underflow() {
    for now in [0u64, 1, 999, 1_799_999, 1_800_000] {
        for m in [0u16, 1, 17_999, 18_000, 35_999] {
            let At(t) = time_mark_to_utc(TimeMark(m), now) else {
                panic!()
            };
            assert_eq!(t % HOUR_MS, m as u64 * 100);
        }
    }
    // Far future: no overflow.
    let _ = time_mark_to_utc(TimeMark(5), u64::MAX);
}

// =========================================================================================
// Calendar, MinuteOfTheYear, DSecond
// =========================================================================================

#[test]
fn civil_known_instants() {
    assert_eq!(utc(1970, 1, 1, 0, 0, 0, 0), 0);
    assert_eq!(utc(2000, 1, 1, 0, 0, 0, 0), 946_684_800_000);
    assert_eq!(utc(2000, 2, 29, 0, 0, 0, 0), 951_782_400_000);
    assert_eq!(utc(2038, 1, 19, 3, 14, 8, 0), (1u64 << 31) * 1000);
    assert_eq!(utc(2100, 3, 1, 0, 0, 0, 0), 4_107_542_400_000);
    assert_eq!(Civil::new(2100, 2, 29, 0, 0, 0, 0).to_utc_ms(), None);
    assert!(Civil::new(2400, 2, 29, 0, 0, 0, 0).to_utc_ms().is_some());
    assert_eq!(Civil::new(1969, 12, 31, 23, 59, 59, 999).to_utc_ms(), None);
    for bad in [
        Civil::new(2024, 0, 1, 0, 0, 0, 0),
        Civil::new(2024, 13, 1, 0, 0, 0, 0),
        Civil::new(2024, 4, 31, 0, 0, 0, 0),
        Civil::new(2024, 1, 0, 0, 0, 0, 0),
        Civil::new(2024, 1, 1, 24, 0, 0, 0),
        Civil::new(2024, 1, 1, 0, 60, 0, 0),
        Civil::new(2024, 1, 1, 0, 0, 60, 0),
        Civil::new(2024, 1, 1, 0, 0, 0, 1000),
    ] {
        assert_eq!(bad.to_utc_ms(), None, "{bad:?}");
    }
    assert!(is_leap_year(2000) && is_leap_year(2024) && is_leap_year(2400));
    assert!(!is_leap_year(1900) && !is_leap_year(2023) && !is_leap_year(2100));
    assert_eq!(days_in_year(2024), 366);
    assert_eq!(days_in_year(2100), 365);
    // Far future does not overflow.
    let far = Civil::from_utc_ms(u64::MAX);
    assert!(far.year > 500_000_000);
}

#[test]
fn civil_agrees_with_counting_days() {
    // An independent day counter from 1970-01-01 to 2400-12-31.
    let (mut y, mut m, mut d) = (1970u32, 1u8, 1u8);
    let month_len = |y: u32, m: u8| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let mut day = 0u64;
    while y <= 2400 {
        let ms = day * DAY_MS + 45_296_789; // 12:34:56.789
        let c = Civil::from_utc_ms(ms);
        assert_eq!(
            (c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis),
            (y, m, d, 12, 34, 56, 789)
        );
        assert_eq!(c.to_utc_ms(), Some(ms));
        if m == 1 && d == 1 {
            assert_eq!(year_start_utc_ms(y), Some(day * DAY_MS));
        }
        day += 1;
        d += 1;
        if d > month_len(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    assert_eq!(year_start_utc_ms(1969), None);
}

#[test]
fn minute_of_the_year_at_year_boundaries() {
    let moy = |t| utc_to_minute_of_the_year(t).0;
    assert_eq!(moy(utc(2023, 12, 31, 23, 59, 59, 999)), 525_599);
    assert_eq!(moy(utc(2024, 1, 1, 0, 0, 0, 0)), 0);
    assert_eq!(moy(utc(2024, 2, 29, 0, 0, 0, 0)), 59 * 1440);
    assert_eq!(moy(utc(2024, 3, 1, 0, 0, 0, 0)), 60 * 1440);
    assert_eq!(moy(utc(2023, 3, 1, 0, 0, 0, 0)), 59 * 1440);
    assert_eq!(moy(utc(2024, 12, 31, 23, 59, 0, 0)), 527_039);
    assert_eq!(moy(utc(2100, 12, 31, 23, 59, 0, 0)), 525_599);

    let m = MinuteOfTheYear;
    assert_eq!(
        minute_of_the_year_in(2024, m(527_039)),
        Some(utc(2024, 12, 31, 23, 59, 0, 0))
    );
    assert_eq!(minute_of_the_year_in(2023, m(525_600)), None);
    assert_eq!(
        minute_of_the_year_in(2023, m(525_599)),
        Some(utc(2023, 12, 31, 23, 59, 0, 0))
    );
    assert_eq!(minute_of_the_year_in(2024, m(527_040)), None);
    assert_eq!(minute_of_the_year_in(1969, m(0)), None);

    // The year is the one nearest to now, across New Year both ways.
    let after = utc(2025, 1, 1, 0, 0, 2, 0);
    assert_eq!(
        minute_of_the_year_to_utc(m(527_039), after),
        Some(utc(2024, 12, 31, 23, 59, 0, 0))
    );
    assert_eq!(
        minute_of_the_year_to_utc(m(0), after),
        Some(utc(2025, 1, 1, 0, 0, 0, 0))
    );
    assert_eq!(
        minute_of_the_year_to_utc(m(525_599), after),
        Some(utc(2024, 12, 30, 23, 59, 0, 0))
    );
    let before = utc(2024, 12, 31, 23, 59, 59, 0);
    assert_eq!(
        minute_of_the_year_to_utc(m(0), before),
        Some(utc(2025, 1, 1, 0, 0, 0, 0))
    );
    assert_eq!(minute_of_the_year_to_utc(m(527_040), before), None);
    // 2023 has no minute 525600; the nearest year that has it is 2024.
    let in_2023 = utc(2023, 12, 31, 23, 0, 0, 0);
    assert_eq!(
        minute_of_the_year_to_utc(m(525_600), in_2023),
        Some(utc(2024, 12, 31, 0, 0, 0, 0))
    );
    // Round trip.
    let mut t = utc(2023, 12, 30, 0, 0, 0, 0);
    while t < utc(2024, 1, 3, 0, 0, 0, 0) {
        assert_eq!(
            minute_of_the_year_to_utc(utc_to_minute_of_the_year(t), t),
            Some(t / MINUTE_MS * MINUTE_MS)
        );
        t += 59_999;
    }
}

#[test]
fn dsecond_values_and_minutes() {
    let d = DSecond;
    assert_eq!(DSecondValue::of(d(0)), DSecondValue::Millis(0));
    assert_eq!(DSecondValue::of(d(59_999)), DSecondValue::Millis(59_999));
    assert_eq!(DSecondValue::of(d(60_000)), DSecondValue::LeapSecond(0));
    assert_eq!(DSecondValue::of(d(60_999)), DSecondValue::LeapSecond(999));
    assert_eq!(DSecondValue::of(d(61_000)), DSecondValue::Reserved(61_000));
    assert_eq!(DSecondValue::of(d(65_534)), DSecondValue::Reserved(65_534));
    assert_eq!(DSecondValue::of(d(65_535)), DSecondValue::Unavailable);

    let t = utc(2024, 5, 6, 7, 8, 9, 10);
    assert_eq!(utc_to_dsecond(t).0, 9_010);
    assert_eq!(dsecond_to_utc(d(9_010), t), Some(t));
    // Across the minute boundary, both ways.
    let now = utc(2024, 5, 6, 12, 0, 59, 900);
    assert_eq!(
        dsecond_to_utc(d(100), now),
        Some(utc(2024, 5, 6, 12, 1, 0, 100))
    );
    let now = utc(2024, 5, 6, 12, 1, 0, 100);
    assert_eq!(
        dsecond_to_utc(d(59_900), now),
        Some(utc(2024, 5, 6, 12, 0, 59, 900))
    );
    assert_eq!(dsecond_to_utc(d(65_535), now), None);
    assert_eq!(dsecond_to_utc(d(61_000), now), None);
    // A leap second reads as second 59 of its minute.
    let now = utc(2016, 12, 31, 23, 59, 59, 800);
    assert_eq!(
        dsecond_to_utc(d(60_500), now),
        Some(utc(2016, 12, 31, 23, 59, 59, 500))
    );

    // moy + timeStamp.
    let now = utc(2024, 12, 31, 23, 59, 59, 0);
    let moy = MinuteOfTheYear(527_039);
    assert_eq!(
        moy_dsecond_to_utc(Some(moy), Some(d(30_250)), now),
        Some(utc(2024, 12, 31, 23, 59, 30, 250))
    );
    assert_eq!(
        moy_dsecond_to_utc(Some(moy), None, now),
        Some(utc(2024, 12, 31, 23, 59, 0, 0))
    );
    assert_eq!(
        moy_dsecond_to_utc(None, Some(d(58_000)), now),
        Some(utc(2024, 12, 31, 23, 59, 58, 0))
    );
    assert_eq!(moy_dsecond_to_utc(Some(moy), Some(d(65_535)), now), None);
    assert_eq!(
        moy_dsecond_to_utc(Some(MinuteOfTheYear(527_040)), None, now),
        None
    );
    assert_eq!(moy_dsecond_to_utc(None, None, now), None);
}

// =========================================================================================
// Phase states
// =========================================================================================

#[test]
fn phase_meanings() {
    use MovementPhaseState as S;
    // (state, meaning, aspect, go, stop, clearance, caution, protected)
    let table = [
        (
            S::Unavailable,
            Meaning::Unavailable,
            Aspect::Unknown,
            [false; 5],
        ),
        (S::Dark, Meaning::Dark, Aspect::Dark, [false; 5]),
        (
            S::StopThenProceed,
            Meaning::StopThenProceed,
            Aspect::FlashingRed,
            [false, true, false, false, false],
        ),
        (
            S::StopAndRemain,
            Meaning::Stop,
            Aspect::Red,
            [false, true, false, false, false],
        ),
        (
            S::PreMovement,
            Meaning::PrepareToGo,
            Aspect::RedYellow,
            [false, true, false, false, false],
        ),
        (
            S::PermissiveMovementAllowed,
            Meaning::Go { protected: false },
            Aspect::Green,
            [true, false, false, false, false],
        ),
        (
            S::ProtectedMovementAllowed,
            Meaning::Go { protected: true },
            Aspect::Green,
            [true, false, false, false, true],
        ),
        (
            S::PermissiveClearance,
            Meaning::Clearance { protected: false },
            Aspect::Yellow,
            [false, false, true, false, false],
        ),
        (
            S::ProtectedClearance,
            Meaning::Clearance { protected: true },
            Aspect::Yellow,
            [false, false, true, false, true],
        ),
        (
            S::CautionConflictingTraffic,
            Meaning::Caution,
            Aspect::FlashingYellow,
            [false, false, false, true, false],
        ),
    ];
    for (s, meaning, aspect, [go, stop, clearance, caution, protected]) in table {
        assert_eq!(s.meaning(), meaning, "{s:?}");
        assert_eq!(s.aspect(), aspect, "{s:?}");
        assert_eq!(
            [
                s.is_go(),
                s.is_stop(),
                s.is_clearance(),
                s.is_caution(),
                s.is_protected()
            ],
            [go, stop, clearance, caution, protected],
            "{s:?}"
        );
        assert_eq!(s.is_known(), s != S::Unavailable);
    }
    assert_eq!(Aspect::RedYellow.colours(), [Colour::Red, Colour::Yellow]);
    assert_eq!(Aspect::Dark.colours(), []);
    assert_eq!(Aspect::FlashingRed.colours(), [Colour::Red]);
    assert!(Aspect::FlashingRed.is_flashing() && !Aspect::Red.is_flashing());
}

// =========================================================================================
// Geometry
// =========================================================================================

fn vehicle_lane(id: u8, nodes: serde_json::Value) -> serde_json::Value {
    json!({
        "laneID": id,
        "laneAttributes": {"directionalUse": "10", "sharedWith": "0000000000",
                           "laneType": {"vehicle": "00000000"}},
        "nodeList": nodes
    })
}

fn geometry(ref_point: serde_json::Value, lanes: Vec<serde_json::Value>) -> IntersectionGeometry {
    serde_json::from_value(json!({
        "id": {"id": 77}, "revision": 1, "refPoint": ref_point, "laneSet": lanes
    }))
    .expect("an IntersectionGeometry")
}

const REF: (i32, i32) = (389_549_947, -771_493_143);

fn ref_point() -> serde_json::Value {
    json!({"lat": REF.0, "long": REF.1, "elevation": 390})
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn every_node_form_is_cumulative() {
    let g = geometry(
        ref_point(),
        vec![vehicle_lane(
            1,
            json!({"nodes": [
                {"delta": {"node-XY1": {"x": 100, "y": -50}}},
                {"delta": {"node-XY2": {"x": 1000, "y": 0}}, "attributes": {"dElevation": 10}},
                {"delta": {"node-XY3": {"x": 0, "y": 2000}}},
                {"delta": {"node-XY4": {"x": -4000, "y": 0}}, "attributes": {"dElevation": -5}},
                {"delta": {"node-XY5": {"x": 8000, "y": 8000}}},
                {"delta": {"node-XY6": {"x": -32768, "y": 32767}}}
            ]}),
        )],
    );
    let pts = lane_points(&g, &g.lane_set.0[0]).unwrap();
    let want = [
        (1.0, -0.5, 39.0),
        (11.0, -0.5, 40.0),
        (11.0, 19.5, 40.0),
        (-29.0, 19.5, 39.5),
        (51.0, 99.5, 39.5),
        (-276.68, 427.17, 39.5),
    ];
    let frame = LocalFrame::new(LatLon::from_j2735(REF.0, REF.1).unwrap());
    for (p, (e, n, z)) in pts.iter().zip(want) {
        assert!(
            close(p.east_m, e, 1e-9) && close(p.north_m, n, 1e-9),
            "{p:?}"
        );
        assert!(close(p.elevation_m.unwrap(), z, 1e-9), "{p:?}");
        let ll = frame.to_lat_lon(e, n);
        assert!(close(p.lat_deg, ll.lat_deg, 1e-12) && close(p.lon_deg, ll.lon_deg, 1e-12));
        let (e2, n2) = frame.to_east_north(p.lat_lon());
        assert!(close(e2, e, 1e-6) && close(n2, n, 1e-6));
    }
    assert!(close(pts[5].distance_m(), 276.68f64.hypot(427.17), 1e-9));
    // 1 m north is 1 / M radians: 9.00782e-6 degree at 38.955 N (WGS-84).
    assert!(close(
        pts[0].lat_deg - 38.9549947,
        -0.5 * 9.007_822e-6,
        1e-12
    ));
}

#[test]
fn lat_lon_nodes_are_absolute_and_restart_the_offsets() {
    let (lat, lon) = (389_551_000, -771_490_000);
    let g = geometry(
        json!({"lat": REF.0, "long": REF.1}),
        vec![vehicle_lane(
            1,
            json!({"nodes": [
                {"delta": {"node-XY6": {"x": 5000, "y": 5000}}},
                {"delta": {"node-LatLon": {"lon": lon, "lat": lat}}},
                {"delta": {"node-XY1": {"x": 200, "y": 300}}}
            ]}),
        )],
    );
    let pts = lane_points(&g, &g.lane_set.0[0]).unwrap();
    assert!(close(pts[1].lat_deg, 38.9551, 1e-12) && close(pts[1].lon_deg, -77.149, 1e-12));
    assert!(close(pts[2].east_m - pts[1].east_m, 2.0, 1e-9));
    assert!(close(pts[2].north_m - pts[1].north_m, 3.0, 1e-9));
    // No reference elevation: no elevations.
    assert!(pts.iter().all(|p| p.elevation_m.is_none()));
    assert_eq!(
        NodeDelta::of(&g.lane_set.0[0].node_list_nodes()[1].delta),
        Some(NodeDelta::LatLon { lat, lon })
    );
}

/// The nodes of a lane with explicit nodes.
trait Nodes {
    fn node_list_nodes(&self) -> &[cv2x::j2735::NodeXY];
}
impl Nodes for GenericLane {
    fn node_list_nodes(&self) -> &[cv2x::j2735::NodeXY] {
        match &self.node_list {
            cv2x::j2735::NodeListXY::Nodes(n) => &n.0,
            _ => &[],
        }
    }
}

#[test]
fn geometry_errors() {
    let two = json!({"nodes": [{"delta": {"node-XY1": {"x": 1, "y": 1}}},
                              {"delta": {"node-XY1": {"x": 1, "y": 1}}}]});
    // Reference point unavailable.
    let g = geometry(
        json!({"lat": 900_000_001, "long": REF.1}),
        vec![vehicle_lane(1, two.clone())],
    );
    assert_eq!(
        lane_points(&g, &g.lane_set.0[0]),
        Err(GeometryError::RefPointUnavailable)
    );
    // node-LatLon unavailable.
    let g = geometry(
        ref_point(),
        vec![vehicle_lane(
            1,
            json!({"nodes": [{"delta": {"node-XY1": {"x": 1, "y": 1}}},
                              {"delta": {"node-LatLon": {"lon": 1_800_000_001, "lat": 0}}}]}),
        )],
    );
    assert_eq!(
        lane_points(&g, &g.lane_set.0[0]),
        Err(GeometryError::LatLonUnavailable { index: 1 })
    );
    // A regional node.
    let g = geometry(
        ref_point(),
        vec![vehicle_lane(
            1,
            json!({"nodes": [{"delta": {"regional": {"regionId": 1, "regExtValue": {"$open_hex": "00"}}}},
                              {"delta": {"node-XY1": {"x": 1, "y": 1}}}]}),
        )],
    );
    assert_eq!(
        lane_points(&g, &g.lane_set.0[0]),
        Err(GeometryError::RegionalNode { index: 0 })
    );
    assert!(!GeometryError::RegionalNode { index: 0 }
        .to_string()
        .is_empty());
}

#[test]
fn computed_lanes() {
    let reference = vehicle_lane(
        1,
        json!({"nodes": [{"delta": {"node-XY3": {"x": 1000, "y": 0}}},
                          {"delta": {"node-XY4": {"x": 3000, "y": 0}},
                           "attributes": {"dElevation": 4}}]}),
    );
    let computed = |c: serde_json::Value| vehicle_lane(2, json!({ "computed": c }));
    let g = geometry(
        ref_point(),
        vec![
            reference,
            computed(json!({"referenceLaneId": 1, "offsetXaxis": {"small": 150},
                            "offsetYaxis": {"large": -300}, "scaleXaxis": 200})),
            computed(json!({"referenceLaneId": 1, "offsetXaxis": {"small": 0},
                            "offsetYaxis": {"small": 350}, "rotateXY": 7200})),
            computed(json!({"referenceLaneId": 9, "offsetXaxis": {"small": 0},
                            "offsetYaxis": {"small": 350}})),
            computed(json!({"referenceLaneId": 2, "offsetXaxis": {"small": 0},
                            "offsetYaxis": {"small": 350}})),
            computed(json!({"referenceLaneId": 1, "offsetXaxis": {"small": 0},
                            "offsetYaxis": {"small": 350}, "rotateXY": 0})),
        ],
    );
    let lanes = &g.lane_set.0;
    let pts = lane_points(&g, &lanes[1]).unwrap();
    // Scaled by 1.1 about the first node (10, 0), then moved by (1.5, -3).
    assert_eq!(pts.len(), 2);
    assert!(close(pts[0].east_m, 11.5, 1e-9) && close(pts[0].north_m, -3.0, 1e-9));
    assert!(close(pts[1].east_m, 11.5 + 33.0, 1e-9) && close(pts[1].north_m, -3.0, 1e-9));
    assert!(close(pts[1].elevation_m.unwrap(), 39.4, 1e-9));
    let cv2x::j2735::NodeListXY::Computed(c) = &lanes[1].node_list else {
        panic!()
    };
    let o = ComputedOffsets::of(c);
    assert_eq!(
        (
            o.reference_lane,
            o.offset_x_cm,
            o.offset_y_cm,
            o.scale_x,
            o.scale_y
        ),
        (1, 150, -300, Some(200), None)
    );
    assert!(close(o.scale_x_factor(), 1.1, 1e-12) && o.scale_y_factor() == 1.0);
    assert!(!o.is_rotated());

    assert_eq!(
        lane_points(&g, &lanes[2]),
        Err(GeometryError::Rotated { rotate_xy: 7200 })
    );
    assert_eq!(
        lane_points(&g, &lanes[3]),
        Err(GeometryError::MissingReferenceLane { lane: 9 })
    );
    assert_eq!(
        lane_points(&g, &lanes[4]),
        Err(GeometryError::ReferenceLaneComputed { lane: 2 })
    );
    let pts = lane_points(&g, &lanes[5]).unwrap();
    assert!(close(pts[1].north_m, 3.5, 1e-9) && close(pts[1].east_m, 40.0, 1e-9));
}

/// Exact local-tangent-plane (ENU) to WGS-84 through ECEF, with `std` math.
fn enu_to_geodetic(lat0: f64, lon0: f64, e: f64, n: f64) -> (f64, f64) {
    let a = 6_378_137.0f64;
    let f = 1.0 / 298.257_223_563;
    let e2 = f * (2.0 - f);
    let (la, lo) = (lat0.to_radians(), lon0.to_radians());
    let nn = a / (1.0 - e2 * la.sin().powi(2)).sqrt();
    let (x0, y0, z0) = (
        nn * la.cos() * lo.cos(),
        nn * la.cos() * lo.sin(),
        nn * (1.0 - e2) * la.sin(),
    );
    let x = x0 - lo.sin() * e - la.sin() * lo.cos() * n;
    let y = y0 + lo.cos() * e - la.sin() * lo.sin() * n;
    let z = z0 + la.cos() * n;
    let p = x.hypot(y);
    let mut lat = z.atan2(p * (1.0 - e2));
    for _ in 0..10 {
        let nn = a / (1.0 - e2 * lat.sin().powi(2)).sqrt();
        let h = p / lat.cos() - nn;
        lat = z.atan2(p * (1.0 - e2 * nn / (nn + h)));
    }
    (lat.to_degrees(), y.atan2(x).to_degrees())
}

#[test]
fn flat_earth_precision_is_as_documented() {
    // (latitude, distance, bound in metres) from the module docs.
    let cases = [
        (45.0, 100.0, 0.001),
        (45.0, 330.0, 0.011),
        (45.0, 1000.0, 0.095),
        (45.0, 2000.0, 0.37),
        (60.0, 330.0, 0.018),
        (60.0, 1000.0, 0.16),
        (0.0, 2000.0, 0.0001),
    ];
    for (lat0, d, bound) in cases {
        let frame = LocalFrame::new(LatLon {
            lat_deg: lat0,
            lon_deg: -77.0,
        });
        let mut worst = 0.0f64;
        for k in 0..24 {
            let ang = (k as f64 * 15.0).to_radians();
            let (e, n) = (d * ang.cos(), d * ang.sin());
            let (lat, lon) = enu_to_geodetic(lat0, -77.0, e, n);
            let (e2, n2) = frame.to_east_north(LatLon {
                lat_deg: lat,
                lon_deg: lon,
            });
            worst = worst.max((e2 - e).hypot(n2 - n));
        }
        assert!(worst < bound, "lat {lat0} d {d}: {worst} m");
        assert!(
            worst > bound / 10.0 || bound < 0.001,
            "bound too loose: {worst}"
        );
    }
}

// =========================================================================================
// Intersection: hand-made MAP and SPaT
// =========================================================================================

fn test_map() -> IntersectionGeometry {
    let conn = |lane: u8, maneuver: Option<&str>, sg: Option<u8>| {
        let mut c = json!({"connectingLane": {"lane": lane}});
        if let Some(m) = maneuver {
            c["connectingLane"]["maneuver"] = json!(m);
        }
        if let Some(sg) = sg {
            c["signalGroup"] = json!(sg);
        }
        c
    };
    let nodes = json!({"nodes": [{"delta": {"node-XY3": {"x": 1000, "y": 0}}},
                                  {"delta": {"node-XY4": {"x": 3000, "y": 0}}}]});
    let mut l1 = vehicle_lane(1, nodes.clone());
    l1["ingressApproach"] = json!(1);
    l1["connectsTo"] = json!([
        conn(5, Some("100000000000"), Some(2)),
        conn(6, Some("010000000000"), Some(1)),
        conn(7, Some("001000000000"), None),
    ]);
    let mut l2 = vehicle_lane(2, nodes.clone());
    l2["ingressApproach"] = json!(1);
    l2["maneuvers"] = json!("100000000000");
    l2["connectsTo"] = json!([conn(5, None, Some(2))]);
    let mut l3 = vehicle_lane(3, nodes.clone());
    l3["ingressApproach"] = json!(2);
    l3["connectsTo"] = json!([conn(8, Some("100000000000"), Some(9))]);
    let mut lanes = vec![l1, l2, l3];
    for (id, approach) in [(5u8, 2u8), (6, 3), (7, 4)] {
        let mut l = vehicle_lane(id, nodes.clone());
        l["egressApproach"] = json!(approach);
        l["laneAttributes"]["directionalUse"] = json!("01");
        lanes.push(l);
    }
    geometry(ref_point(), lanes)
}

fn test_spat(min_end: u16, max_end: u16) -> SPAT {
    serde_json::from_value(json!({"intersections": [{
    "id": {"region": 0, "id": 77}, "revision": 3, "status": "0000000000000000",
    "moy": 104_240, "timeStamp": 30_000,
    "states": [
        {"signalGroup": 1, "state-time-speed": [
            {"eventState": "stop-And-Remain", "timing": {"minEndTime": 12_400}}]},
        {"signalGroup": 2, "state-time-speed": [
            {"eventState": "permissive-Movement-Allowed",
             "timing": {"startTime": 11_000, "minEndTime": min_end, "maxEndTime": max_end,
                        "likelyTime": 12_380}},
            {"eventState": "permissive-clearance", "timing": {"minEndTime": 12_420}}]}
    ]}]}))
    .expect("a SPAT")
}

#[test]
fn lanes_connections_and_signal_groups() {
    let g = test_map();
    let x = SignalizedIntersection::new(&g);
    let ids =
        |it: &mut dyn Iterator<Item = &GenericLane>| it.map(|l| l.lane_id.0).collect::<Vec<_>>();
    assert_eq!(ids(&mut x.ingress_lanes(1)), [1, 2]);
    assert_eq!(ids(&mut x.ingress_lanes(2)), [3]);
    assert_eq!(ids(&mut x.egress_lanes(2)), [5]);
    assert_eq!(ids(&mut x.ingress_lanes(9)), Vec::<u8>::new());
    assert_eq!(x.approaches(), [1, 2, 3, 4]);
    assert_eq!(x.connections(1).len(), 3);
    assert_eq!(x.connections(5).len(), 0);
    assert_eq!(x.connections(42).len(), 0);

    let straight = Movement::Maneuver(Maneuver::Straight);
    assert_eq!(x.signal_group(1, straight), Some(2));
    assert_eq!(
        x.signal_group(1, Movement::Maneuver(Maneuver::Left)),
        Some(1)
    );
    assert_eq!(x.signal_group(1, Movement::ToLane(6)), Some(1));
    // A right turn exists but has no signal group.
    assert!(x
        .connection(1, Movement::Maneuver(Maneuver::Right))
        .is_some());
    assert_eq!(x.signal_group(1, Movement::Maneuver(Maneuver::Right)), None);
    assert_eq!(x.signal_group(1, Movement::Maneuver(Maneuver::UTurn)), None);
    // Lane 2's connection has no maneuver: the lane's maneuvers apply.
    assert_eq!(x.signal_group(2, straight), Some(2));
    assert_eq!(x.signal_group(2, Movement::Maneuver(Maneuver::Left)), None);
    assert_eq!(x.signal_group(42, straight), None);
    assert_eq!(x.signal_groups(), [1, 2, 9]);
    // Without SPaT: every group is missing and there is no light.
    assert_eq!(x.missing_signal_groups(), [1, 2, 9]);
    assert!(x.light(1, straight, 0).is_none());
    assert!(x.state().is_none());
}

#[test]
fn the_state_of_my_light() {
    let g = test_map();
    let spat = test_spat(12_340, 12_500);
    let state = &spat.intersections.0[0];
    let x = SignalizedIntersection::new(&g)
        .with_state(state)
        .expect("same intersection (region absent in the MAP)");
    // 09:20:30 on 14 March 2025, the SPaT's own moy/timeStamp.
    let now = utc(2025, 3, 14, 9, 20, 30, 0);
    assert_eq!(x.state_time_utc(now + 5_000), Some(now));
    assert_eq!(x.missing_signal_groups(), [9]);

    let straight = Movement::Maneuver(Maneuver::Straight);
    let l = x.light(1, straight, now).expect("a light");
    assert_eq!(l.signal_group, 2);
    assert_eq!(l.connection.connecting_lane.lane.0, 5);
    assert_eq!(l.state, MovementPhaseState::PermissiveMovementAllowed);
    assert_eq!(l.meaning, Meaning::Go { protected: false });
    assert_eq!(l.aspect, Aspect::Green);
    assert_eq!(l.seconds_to_min_end, Some(4.0));
    assert_eq!(l.seconds_to_likely_end, Some(8.0));
    assert_eq!(l.seconds_to_max_end, Some(20.0));
    assert_eq!(l.min_end, Some(At(now + 4_000)));
    assert_eq!(l.upcoming().len(), 1);
    assert_eq!(
        l.upcoming()[0].event_state,
        MovementPhaseState::PermissiveClearance
    );

    let left = x.light(1, Movement::Maneuver(Maneuver::Left), now).unwrap();
    assert_eq!(left.meaning, Meaning::Stop);
    assert_eq!(left.seconds_to_min_end, Some(10.0));
    assert_eq!(left.seconds_to_max_end, None);
    assert_eq!(left.max_end, None);
    assert!(left.upcoming().is_empty());
    // Lane 3's group 9 is not in the SPaT; lane 42 does not exist.
    assert!(x.light(3, straight, now).is_none());
    assert!(x.light(42, straight, now).is_none());

    // A later message: the end has passed (nearest rule: negative, not an hour away).
    let l = x.light(1, straight, now + 6_000).unwrap();
    assert_eq!(l.seconds_to_min_end, Some(-2.0));
}

#[test]
fn light_across_the_hour_and_special_marks() {
    let g = test_map();
    // minEndTime 30 (00:03.0 of the next hour), maxEndTime 36000.
    let spat = test_spat(30, 36_000);
    let x = SignalizedIntersection::new(&g)
        .with_state(&spat.intersections.0[0])
        .unwrap();
    let now = utc(2025, 3, 14, 9, 59, 58, 0);
    let straight = Movement::Maneuver(Maneuver::Straight);
    let l = x.light(1, straight, now).unwrap();
    assert_eq!(l.seconds_to_min_end, Some(5.0));
    // J2735-2020: 36000 is a leap second; J2735-2016: more than an hour.
    assert!(matches!(
        l.max_end,
        Some(TimeMarkValue::LeapSecond { tenth: 0, .. })
    ));
    assert_eq!(l.seconds_to_max_end, None);
    let x16 = x.with_rules(TimeMarkRules {
        edition: TimeMarkEdition::J2735_2016,
        ..Default::default()
    });
    let l = x16.light(1, straight, now).unwrap();
    assert_eq!(l.max_end, Some(TimeMarkValue::MoreThanAnHour));
    assert_eq!(l.seconds_to_max_end, None);
    assert_eq!(l.seconds_to_min_end, Some(5.0));
}

#[test]
fn matching_intersections() {
    let id = |region: Option<u16>, id: u16| -> IntersectionReferenceID {
        serde_json::from_value(match region {
            Some(r) => json!({"region": r, "id": id}),
            None => json!({"id": id}),
        })
        .unwrap()
    };
    assert!(same_intersection(&id(None, 5), &id(None, 5)));
    assert!(same_intersection(&id(Some(3), 5), &id(None, 5)));
    assert!(same_intersection(&id(Some(3), 5), &id(Some(3), 5)));
    assert!(!same_intersection(&id(Some(3), 5), &id(Some(4), 5)));
    assert!(!same_intersection(&id(None, 5), &id(None, 6)));

    let g = test_map();
    let map: MapData = serde_json::from_value(json!({
        "msgIssueRevision": 1, "intersections": [serde_json::to_value(&g).unwrap()]
    }))
    .unwrap();
    let spat = test_spat(12_340, 12_500);
    assert!(find_geometry(&map, &id(None, 77)).is_some());
    assert!(find_geometry(&map, &id(None, 78)).is_none());
    assert!(find_state(&spat, &id(Some(0), 77)).is_some());
    assert!(find_state(&spat, &id(Some(1), 77)).is_none());
    assert_eq!(SignalizedIntersection::pairs(&map, &spat).count(), 1);
    let x = SignalizedIntersection::find(&map, &spat, &id(None, 77)).unwrap();
    assert!(x.state().is_some());
    assert!(SignalizedIntersection::find(&map, &spat, &id(None, 78)).is_none());
    // Another intersection's state is refused.
    let other: SPAT = serde_json::from_value({
        let mut v = serde_json::to_value(&spat).unwrap();
        v["intersections"][0]["id"]["id"] = json!(78);
        v
    })
    .unwrap();
    assert!(SignalizedIntersection::new(&g)
        .with_state(&other.intersections.0[0])
        .is_none());
    assert_eq!(SignalizedIntersection::pairs(&map, &other).count(), 0);
    let x = SignalizedIntersection::find(&map, &other, &id(None, 77)).unwrap();
    assert!(x.state().is_none());
}

// =========================================================================================
// Real vectors
// =========================================================================================

fn decode_all(folder: &str) -> Vec<(String, Message)> {
    common::folder(folder)
        .into_iter()
        .map(|v| {
            let f = MessageFrame::from_uper(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
            (v.name, f.message)
        })
        .collect()
}

fn maps() -> Vec<(String, MapData)> {
    decode_all("map")
        .into_iter()
        .filter_map(|(n, m)| match m {
            Message::MapData(m) => Some((n, *m)),
            _ => None,
        })
        .collect()
}

fn spats() -> Vec<(String, SPAT)> {
    decode_all("spat")
        .into_iter()
        .filter_map(|(n, m)| match m {
            Message::Spat(s) => Some((n, s)),
            _ => None,
        })
        .collect()
}

/// The one synthetic vector (asn1c's random test data) whose geometry is not a real place.
const SYNTHETIC_MAP: &str = "map/asn1codec__tests_L45.hex";

#[test]
fn every_map_node_is_near_its_reference_point() {
    let maps = maps();
    assert!(maps.len() >= 45, "{} MAP vectors", maps.len());
    let (mut nodes, mut lanes, mut far_max) = (0usize, 0usize, 0.0f64);
    let mut problems = BTreeSet::new();
    for (name, map) in &maps {
        let mut check =
            |what: String, r: Result<Vec<cv2x::j2735::signal::NodePoint>, GeometryError>| {
                lanes += 1;
                match r {
                    Ok(pts) => {
                        for p in pts {
                            nodes += 1;
                            let d = p.distance_m();
                            assert!(p.lat_deg.is_finite() && p.lon_deg.is_finite());
                            if d >= 2_000.0 {
                                problems.insert(format!("{name} {what}: node {d:.0} m away"));
                            } else {
                                far_max = far_max.max(d);
                            }
                        }
                    }
                    Err(e) => {
                        problems.insert(format!("{name} {what}: {e}"));
                    }
                }
            };
        for g in map.intersections.iter().flat_map(|l| l.0.iter()) {
            for l in &g.lane_set.0 {
                check(
                    format!("intersection {} lane {}", g.id.id.0, l.lane_id.0),
                    lane_points(g, l),
                );
            }
        }
        for r in map.road_segments.iter().flat_map(|l| l.0.iter()) {
            for l in &r.road_lane_set.0 {
                check(
                    format!("road segment {} lane {}", r.id.id.0, l.lane_id.0),
                    lane_points_in(&r.ref_point, &r.road_lane_set.0, l),
                );
            }
        }
    }
    for p in &problems {
        println!("{p}");
    }
    println!(
        "{} MAPs, {lanes} lanes, {nodes} nodes; farthest good node {far_max:.0} m",
        maps.len()
    );
    assert!(nodes > 2_000, "{nodes} nodes");
    assert!(
        problems.iter().all(|p| p.starts_with(SYNTHETIC_MAP)),
        "real MAPs with lanes that cannot be placed or lie 2 km away"
    );
    assert!(
        !problems.is_empty(),
        "the synthetic vector's far and odd lanes are caught"
    );
}

#[test]
fn map_spat_pairs_share_their_signal_groups() {
    let (maps, spats) = (maps(), spats());
    assert!(spats.len() >= 25, "{} SPaT vectors", spats.len());
    let mut pairs = BTreeSet::new();
    let mut lights = 0;
    for (sname, spat) in &spats {
        for (mname, map) in &maps {
            for x in SignalizedIntersection::pairs(map, spat) {
                let id = x.geometry().id.id.0;
                pairs.insert((id, sname.clone(), mname.clone()));
                assert_eq!(
                    x.missing_signal_groups(),
                    Vec::<u8>::new(),
                    "{sname} / {mname}: MAP signal groups absent from the SPaT"
                );
                // Every connection of every ingress lane has a light at the SPaT's own time.
                let now = x
                    .state_time_utc(utc(2024, 6, 1, 0, 0, 0, 0))
                    .unwrap_or(utc(2024, 6, 1, 0, 0, 0, 0));
                for lane in &x.geometry().lane_set.0 {
                    for c in x.connections(lane.lane_id.0) {
                        if c.signal_group.is_none() {
                            continue;
                        }
                        let l = x
                            .light(
                                lane.lane_id.0,
                                Movement::ToLane(c.connecting_lane.lane.0),
                                now,
                            )
                            .unwrap_or_else(|| panic!("{sname}: lane {}", lane.lane_id.0));
                        for s in [
                            l.seconds_to_min_end,
                            l.seconds_to_max_end,
                            l.seconds_to_likely_end,
                        ]
                        .into_iter()
                        .flatten()
                        {
                            assert!((-1800.0..1800.0).contains(&s), "{sname}: {s}");
                        }
                        lights += 1;
                    }
                }
            }
        }
    }
    for p in &pairs {
        println!("pair: intersection {} {} {}", p.0, p.1, p.2);
    }
    println!("{lights} lights read");
    let ids: BTreeSet<u16> = pairs.iter().map(|p| p.0).collect();
    // 6025 and 48106: SPaTs of iyourshaw/ieee1609's samples with MAPs of jpo-deduplicator's.
    assert_eq!(
        ids,
        BTreeSet::from([6025, 6320, 6321, 6325, 12111, 36243, 48106])
    );
    assert_eq!(pairs.len(), 13);
    assert!(lights >= 150, "{lights}");
}

#[test]
fn special_time_marks_in_real_spats() {
    let r2016 = TimeMarkRules {
        edition: TimeMarkEdition::J2735_2016,
        ..Default::default()
    };
    let r2020 = TimeMarkRules::default();
    let mut special = Vec::new();
    let mut marks = 0;
    for (name, spat) in spats() {
        for i in &spat.intersections.0 {
            for m in &i.states.0 {
                for e in &m.state_time_speed.0 {
                    let Some(t) = &e.timing else { continue };
                    let all = [
                        ("startTime", t.start_time),
                        ("minEndTime", Some(t.min_end_time)),
                        ("maxEndTime", t.max_end_time),
                        ("likelyTime", t.likely_time),
                        ("nextTime", t.next_time),
                    ];
                    for (field, mark) in all {
                        let Some(mark) = mark else { continue };
                        marks += 1;
                        let now = utc(2024, 6, 1, 12, 0, 0, 0);
                        let (a, b) = (r2016.to_utc(mark, now), r2020.to_utc(mark, now));
                        if mark.0 >= 36_000 {
                            special.push((name.clone(), field, mark.0, a, b));
                        } else {
                            assert_eq!(a, b);
                        }
                    }
                }
            }
        }
    }
    for s in &special {
        println!("{s:?}");
    }
    println!("{marks} TimeMarks");
    // V2X Hub, the SPaT log of yh742/j2735-decoder and iyourshaw/ieee1609's sample send 36000
    // meaning "indefinite" (2016); under 2020 it reads as a leap second. The latter and
    // cav-education's SPaT send 36001, 2016's "unknown", which 2020 reads as the second tenth
    // of a leap second: a receiver must know its senders' edition. asn1c's synthetic test SPaT
    // has startTime 36028, reserved in 2020.
    let kinds: BTreeSet<(&str, u16)> = special
        .iter()
        .map(|s| {
            let file = [
                ("V2XHub__TestSignalControllerConnection", "v2xhub"),
                ("asn1codec__tests_L44", "asn1c"),
                ("yh742__spat_log", "yh742"),
                ("ieee1609__", "ieee1609"),
                ("caveducation__", "caveducation"),
            ]
            .into_iter()
            .find(|(part, _)| s.0.contains(part))
            .map_or("other", |(_, file)| file);
            (file, s.2)
        })
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            ("asn1c", 36_028),
            ("caveducation", 36_001),
            ("ieee1609", 36_000),
            ("ieee1609", 36_001),
            ("v2xhub", 36_000),
            ("yh742", 36_000),
        ])
    );
    for s in &special {
        match s.2 {
            36_000 => {
                assert_eq!(s.3, TimeMarkValue::MoreThanAnHour);
                assert!(matches!(s.4, TimeMarkValue::LeapSecond { tenth: 0, .. }));
            }
            36_001 => {
                assert_eq!(s.3, TimeMarkValue::Unknown);
                assert!(matches!(s.4, TimeMarkValue::LeapSecond { tenth: 1, .. }));
            }
            v => {
                assert_eq!(s.3, TimeMarkValue::Reserved(v));
                assert_eq!(s.4, TimeMarkValue::Reserved(v));
            }
        }
    }
}

#[test]
fn node_points_of_an_empty_list() {
    let frame = LocalFrame::new(LatLon {
        lat_deg: 0.0,
        lon_deg: 0.0,
    });
    assert_eq!(node_points(&frame, None, &[]), Ok(vec![]));
    assert_eq!(LatLon::from_j2735(900_000_001, 0), None);
    assert_eq!(LatLon::from_j2735(0, 1_800_000_001), None);
    assert_eq!(
        LatLon::from_j2735(900_000_000, 1_800_000_000).map(|p| p.lat_deg),
        Some(90.0)
    );
}
