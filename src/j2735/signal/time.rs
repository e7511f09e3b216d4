//! J2735 times and absolute UTC: [`TimeMark`] (tenths of a second within an hour),
//! [`MinuteOfTheYear`] and [`DSecond`] (milliseconds within a minute), to and from
//! milliseconds since the Unix epoch (`u64`, UTC, leap seconds not counted, as POSIX time).
//!
//! No clock is read here: every conversion takes `now_utc_ms` from the caller (the
//! receiver's clock, or the message's own `moy` + `timeStamp` via [`moy_dsecond_to_utc`]
//! when that is the better reference). The calendar arithmetic is our own (proleptic
//! Gregorian, [`Civil`]) and needs neither `std` nor a date crate.
//!
//! # `TimeMark`: what the editions say
//!
//! Established from SAE's ASN.1 of J2735-2020 (module `SPAT`, as published in
//! `usdot-jpo-ode/asn1_codec`, `asn1c_combined/j2735-asn-files/2020/J2735-SPAT.asn`), the
//! J2735-2016 ASN.1 comments (quoted in `usdot-fhwa-stol/carma-streets` pull request 239) and
//! the `DE_TimeMark` definitions of J2735-2016 (§7.194) and J2735-2023 (§7.206) as quoted in a
//! public RSU's SPaT sender:
//!
//! | value | J2735-2016 (`0..36001`) | J2735-2020 (`0..36111`, this crate's edition) |
//! |---|---|---|
//! | `0..=35999` | tenths of a second in the current or next UTC hour | the same |
//! | `35991..=35999` | "used when a leap second occurs" (indistinguishable from the last 0.9 s of an hour, so read as ordinary times here) | ordinary times |
//! | `36000` | "time > 3600 seconds": more than an hour away, an indefinite future time | a leap second (`36000..=36009`) |
//! | `36001` | undefined or unknown | a leap second |
//! | `36002..=36009` | outside the 2016 range | a leap second: tenths 2..9 of the inserted second |
//! | `36010..=36110` | outside the 2016 range | reserved for future use |
//! | `36111` | outside the 2016 range | undefined or unknown |
//!
//! Both editions: UTC, "NOT expressed in GPS time or in local time", and the receiver is
//! presumed to share the sender's sense of time to within a fraction of a second. Which hour:
//! 2016 says "the current or next hour"; 2023 spells it out: "if the value of TimeMark is
//! greater than the current time, it applies in the current hour, and if it is less than the
//! current time, it applies in the next hour" ([`Window::Ahead`] with no grace).
//!
//! The 2020 text therefore has no "more than an hour" value, and its unknown is `36111`, not
//! `36001`. Real traffic may still follow 2016 (V2X Hub's `TestSignalControllerConnection`
//! SPaT vector carries `maxEndTime` 36000 in every movement), so the edition is a choice:
//! [`TimeMarkEdition`]. ITU-R TF.460 makes a leap second the last second of a UTC month (first
//! preference December and June), so a 2020 leap-second value for any other hour than the
//! last of a month is suspect.
//!
//! # The hour rule used here
//!
//! A `TimeMark` names a tenth of a second in *some* hour; [`Window`] picks the hour. The
//! default, [`Window::Nearest`], takes the occurrence nearest to `now`
//! (`now - 30 min <= t < now + 30 min`): a mark a little before `now` is in the past (a
//! `startTime`, or an end time of a late message), and a small mark when `now` is late in the
//! hour is in the next hour. [`Window::Ahead`] is the standard's future-only rule (with a
//! grace for clock skew); [`Window::Behind`] suits `startTime`.
//!
//! ```
//! use cv2x::j2735::signal::time::{time_mark_to_utc, Civil, TimeMarkValue};
//! use cv2x::j2735::TimeMark;
//!
//! // 13:59:50 UTC; the light changes at 14:00:05, which is mark 50 of the next hour.
//! let now = Civil::new(2024, 12, 31, 13, 59, 50, 0).to_utc_ms().unwrap();
//! let at = Civil::new(2024, 12, 31, 14, 0, 5, 0).to_utc_ms().unwrap();
//! assert_eq!(time_mark_to_utc(TimeMark(50), now), TimeMarkValue::At(at));
//! // A mark 3 s before now is in the past, in the same hour.
//! assert_eq!(time_mark_to_utc(TimeMark(35_870), now), TimeMarkValue::At(now - 3_000));
//! assert_eq!(time_mark_to_utc(TimeMark(36_111), now), TimeMarkValue::Unknown);
//! ```
//!
//! # `MinuteOfTheYear` and `DSecond`
//!
//! `MinuteOfTheYear ::= INTEGER (0..527040)`, "the value 527040 shall be used for invalid"
//! (J2735-2020 `Common`); minutes since 1 January 00:00 UTC of the current year, so a real
//! minute is at most 525599 (527039 in a leap year). `DSecond ::= INTEGER (0..65535)`,
//! milliseconds; per the J2735 definition (quoted in CARMA's `j2735_v2x_msgs`): 0..59999 are
//! the milliseconds within a minute, 60000..60999 a leap second, 61000..65534 reserved, 65535
//! unavailable.

use crate::j2735::{DSecond, MinuteOfTheYear, TimeMark};

/// Milliseconds in a minute.
pub const MINUTE_MS: u64 = 60_000;
/// Milliseconds in an hour.
pub const HOUR_MS: u64 = 3_600_000;
/// Milliseconds in a day.
pub const DAY_MS: u64 = 86_400_000;

/// `TimeMark` 36000 in J2735-2016: more than an hour away (an indefinite future time).
pub const TIME_MARK_MORE_THAN_AN_HOUR_2016: u16 = 36_000;
/// `TimeMark` 36001 in J2735-2016: undefined or unknown.
pub const TIME_MARK_UNKNOWN_2016: u16 = 36_001;
/// The first leap-second `TimeMark` of J2735-2020 (36000..=36009).
pub const TIME_MARK_LEAP_FIRST: u16 = 36_000;
/// The last leap-second `TimeMark` of J2735-2020.
pub const TIME_MARK_LEAP_LAST: u16 = 36_009;
/// `TimeMark` 36111 in J2735-2020: undefined or unknown.
pub const TIME_MARK_UNKNOWN: u16 = 36_111;

/// `MinuteOfTheYear` 527040: invalid / unavailable.
pub const MINUTE_OF_THE_YEAR_UNAVAILABLE: u32 = 527_040;
/// `DSecond` 65535: unavailable.
pub const DSECOND_UNAVAILABLE: u16 = 65_535;

// ------------------------------------------------------------------------------------------
// Civil dates
// ------------------------------------------------------------------------------------------

/// A UTC calendar date and time of day (proleptic Gregorian), from 1970 on.
///
/// ```
/// use cv2x::j2735::signal::time::Civil;
/// let t = Civil::new(2024, 2, 29, 23, 59, 59, 999);
/// let ms = t.to_utc_ms().unwrap();
/// assert_eq!(ms, 1_709_251_199_999);
/// assert_eq!(Civil::from_utc_ms(ms), t);
/// assert_eq!(Civil::new(2023, 2, 29, 0, 0, 0, 0).to_utc_ms(), None); // not a leap year
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Civil {
    /// Year (1970 or later for a time the other functions accept).
    pub year: u32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
    /// Hour, 0..=23.
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=59 (a leap second has no Unix time).
    pub second: u8,
    /// Millisecond, 0..=999.
    pub millis: u16,
}

impl Civil {
    /// A date and time; checked by [`Civil::to_utc_ms`].
    pub const fn new(
        year: u32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        millis: u16,
    ) -> Self {
        Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            millis,
        }
    }

    /// The date and time of `utc_ms` milliseconds since 1970-01-01 00:00 UTC.
    pub fn from_utc_ms(utc_ms: u64) -> Self {
        let days = (utc_ms / DAY_MS) as i64;
        let rem = utc_ms % DAY_MS;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year: year as u32,
            month: month as u8,
            day: day as u8,
            hour: (rem / HOUR_MS) as u8,
            minute: (rem % HOUR_MS / MINUTE_MS) as u8,
            second: (rem % MINUTE_MS / 1000) as u8,
            millis: (rem % 1000) as u16,
        }
    }

    /// Milliseconds since 1970-01-01 00:00 UTC; `None` if a field is out of range or the
    /// time is before 1970.
    pub fn to_utc_ms(&self) -> Option<u64> {
        if self.year < 1970
            || !(1..=12).contains(&self.month)
            || self.day == 0
            || self.day > days_in_month(self.year, self.month)
            || self.hour > 23
            || self.minute > 59
            || self.second > 59
            || self.millis > 999
        {
            return None;
        }
        let days = days_from_civil(self.year as i64, self.month as u32, self.day as u32) as u64;
        days.checked_mul(DAY_MS)?.checked_add(
            self.hour as u64 * HOUR_MS
                + self.minute as u64 * MINUTE_MS
                + self.second as u64 * 1000
                + self.millis as u64,
        )
    }
}

/// Whether `year` has 29 February (Gregorian rule).
pub fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `year`: 365 or 366.
pub fn days_in_year(year: u32) -> u32 {
    if is_leap_year(year) {
        366
    } else {
        365
    }
}

fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// 1 January 00:00 UTC of `year`, in ms since the epoch; `None` before 1970.
pub fn year_start_utc_ms(year: u32) -> Option<u64> {
    Civil::new(year, 1, 1, 0, 0, 0, 0).to_utc_ms()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = ((m + 9) % 12) as i64; // March = 0
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

// ------------------------------------------------------------------------------------------
// TimeMark
// ------------------------------------------------------------------------------------------

/// Which edition's special `TimeMark` values to apply (see the [module docs](self)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TimeMarkEdition {
    /// J2735-2016: 36000 = more than an hour, 36001 = unknown, above 36001 out of range.
    J2735_2016,
    /// J2735-2020 (the crate's edition): 36000..=36009 leap second, 36010..=36110
    /// reserved, 36111 unknown.
    #[default]
    J2735_2020,
}

/// Which occurrence of a `TimeMark` (which hour) to take, relative to `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Window {
    /// The occurrence nearest to now: `now - 30 min <= t < now + 30 min`.
    #[default]
    Nearest,
    /// The next occurrence, allowing `grace_ms` of lateness:
    /// `now - grace <= t < now - grace + 1 h`. With no grace, the standard's rule.
    Ahead {
        /// How far in the past a time may lie (clock skew, late messages); at most 1 h.
        grace_ms: u32,
    },
    /// The last occurrence, allowing `grace_ms` into the future:
    /// `now + grace - 1 h < t <= now + grace`. For `startTime`.
    Behind {
        /// How far in the future a time may lie; at most 1 h.
        grace_ms: u32,
    },
}

impl Window {
    /// The window's start relative to now, in ms (`t` is chosen in `[now - back, now - back + 1 h)`).
    fn lookback_ms(self) -> i64 {
        let hour = HOUR_MS as i64;
        match self {
            Window::Nearest => hour / 2,
            Window::Ahead { grace_ms } => (grace_ms as i64).min(hour),
            Window::Behind { grace_ms } => hour - 1 - (grace_ms as i64).min(hour - 1),
        }
    }
}

/// A `TimeMark` made absolute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeMarkValue {
    /// The instant, in ms since the Unix epoch (UTC).
    At(u64),
    /// J2735-2016's 36000: more than an hour away.
    MoreThanAnHour,
    /// Undefined or unknown (2016: 36001; 2020: 36111).
    Unknown,
    /// J2735-2020's 36000..=36009: tenth `tenth` (0..=9) of a leap second inserted at the end
    /// of an hour. Unix time has no such instant; `at` is the end of that hour (the start of
    /// the next), the Unix time the leap second borders.
    LeapSecond {
        /// 0..=9.
        tenth: u8,
        /// The hour boundary the leap second precedes, ms since the epoch.
        at: u64,
    },
    /// Reserved (2020: 36010..=36110) or outside the edition's range (2016: above 36001).
    Reserved(u16),
}

impl TimeMarkValue {
    /// The instant, for [`TimeMarkValue::At`].
    pub fn utc_ms(&self) -> Option<u64> {
        match *self {
            TimeMarkValue::At(t) => Some(t),
            _ => None,
        }
    }
}

/// How to read `TimeMark`s: an edition and a window. The default is J2735-2020 and
/// [`Window::Nearest`].
///
/// ```
/// use cv2x::j2735::signal::time::{Civil, TimeMarkEdition, TimeMarkRules, TimeMarkValue, Window};
/// use cv2x::j2735::TimeMark;
///
/// let now = Civil::new(2025, 6, 1, 8, 10, 0, 0).to_utc_ms().unwrap();
/// let v2016 = TimeMarkRules { edition: TimeMarkEdition::J2735_2016, ..Default::default() };
/// assert_eq!(v2016.to_utc(TimeMark(36_000), now), TimeMarkValue::MoreThanAnHour);
/// assert_eq!(v2016.to_utc(TimeMark(36_001), now), TimeMarkValue::Unknown);
///
/// // 08:00:00 is 10 min ago: in the past by default, next hour under the standard's rule.
/// assert_eq!(TimeMarkRules::default().seconds_until(TimeMark(0), now), Some(-600.0));
/// let ahead = TimeMarkRules { window: Window::Ahead { grace_ms: 0 }, ..Default::default() };
/// assert_eq!(ahead.seconds_until(TimeMark(0), now), Some(3000.0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimeMarkRules {
    /// The meaning of the special values.
    pub edition: TimeMarkEdition,
    /// Which hour.
    pub window: Window,
}

impl TimeMarkRules {
    /// `mark` as an absolute time, relative to `now_utc_ms`.
    pub fn to_utc(&self, mark: TimeMark, now_utc_ms: u64) -> TimeMarkValue {
        let v = mark.0;
        match (self.edition, v) {
            (_, 0..=35_999) => TimeMarkValue::At(self.place(v as u64 * 100, now_utc_ms)),
            (TimeMarkEdition::J2735_2016, TIME_MARK_MORE_THAN_AN_HOUR_2016) => {
                TimeMarkValue::MoreThanAnHour
            }
            (TimeMarkEdition::J2735_2016, TIME_MARK_UNKNOWN_2016) => TimeMarkValue::Unknown,
            (TimeMarkEdition::J2735_2020, TIME_MARK_LEAP_FIRST..=TIME_MARK_LEAP_LAST) => {
                TimeMarkValue::LeapSecond {
                    tenth: (v - TIME_MARK_LEAP_FIRST) as u8,
                    at: self.place(HOUR_MS, now_utc_ms),
                }
            }
            (TimeMarkEdition::J2735_2020, TIME_MARK_UNKNOWN) => TimeMarkValue::Unknown,
            _ => TimeMarkValue::Reserved(v),
        }
    }

    /// Seconds from `now_utc_ms` to `mark` (negative when it is past); `None` unless the
    /// mark is an ordinary time ([`TimeMarkValue::At`]).
    pub fn seconds_until(&self, mark: TimeMark, now_utc_ms: u64) -> Option<f64> {
        let t = self.to_utc(mark, now_utc_ms).utc_ms()?;
        Some((t as i64 - now_utc_ms as i64) as f64 / 1000.0)
    }

    /// The instant `in_hour_ms` after the start of the hour the window picks.
    fn place(&self, in_hour_ms: u64, now_utc_ms: u64) -> u64 {
        let hour = HOUR_MS as i64;
        let now = now_utc_ms.min(i64::MAX as u64 / 2) as i64;
        let start = now - self.window.lookback_ms();
        // The first t = k * 1 h + in_hour_ms with t >= start.
        let base = start.div_euclid(hour) * hour + in_hour_ms as i64;
        let t = if base < start { base + hour } else { base };
        // Before 1970 (only for `now` within the first hour of the epoch): the next one.
        (if t < 0 { t + hour } else { t }) as u64
    }
}

/// `mark` as an absolute time under the default rules (J2735-2020, the occurrence nearest
/// to `now_utc_ms`); see [`TimeMarkRules`].
pub fn time_mark_to_utc(mark: TimeMark, now_utc_ms: u64) -> TimeMarkValue {
    TimeMarkRules::default().to_utc(mark, now_utc_ms)
}

/// Seconds from `now_utc_ms` until `mark` under the default rules (negative when past);
/// `None` for the special values.
pub fn seconds_until(mark: TimeMark, now_utc_ms: u64) -> Option<f64> {
    TimeMarkRules::default().seconds_until(mark, now_utc_ms)
}

/// The `TimeMark` of an instant: its tenth of a second within the UTC hour, rounded to the
/// nearest tenth (an instant 50 ms or less before the hour gives 0, the next hour's start).
///
/// ```
/// use cv2x::j2735::signal::time::{utc_to_time_mark, Civil};
/// let t = Civil::new(2024, 1, 1, 5, 59, 59, 949).to_utc_ms().unwrap();
/// assert_eq!(utc_to_time_mark(t).0, 35_999);
/// assert_eq!(utc_to_time_mark(t + 1).0, 0);
/// ```
pub fn utc_to_time_mark(utc_ms: u64) -> TimeMark {
    TimeMark((((utc_ms % HOUR_MS) + 50) / 100 % 36_000) as u16)
}

// ------------------------------------------------------------------------------------------
// MinuteOfTheYear and DSecond
// ------------------------------------------------------------------------------------------

/// The `MinuteOfTheYear` of an instant.
///
/// ```
/// use cv2x::j2735::signal::time::{utc_to_minute_of_the_year, Civil};
/// let t = Civil::new(2024, 12, 31, 23, 59, 30, 0).to_utc_ms().unwrap();
/// assert_eq!(utc_to_minute_of_the_year(t).0, 527_039); // 2024 is a leap year
/// ```
pub fn utc_to_minute_of_the_year(utc_ms: u64) -> MinuteOfTheYear {
    let year = Civil::from_utc_ms(utc_ms).year;
    let start = year_start_utc_ms(year).unwrap_or(0);
    MinuteOfTheYear(((utc_ms - start) / MINUTE_MS) as u32)
}

/// The start of minute `moy` of `year`; `None` for 527040 (invalid), a minute past the end
/// of that year, or a year before 1970.
pub fn minute_of_the_year_in(year: u32, moy: MinuteOfTheYear) -> Option<u64> {
    if moy.0 >= days_in_year(year) * 1440 {
        return None;
    }
    Some(year_start_utc_ms(year)? + moy.0 as u64 * MINUTE_MS)
}

/// The start of minute `moy` in the year that puts it nearest to `now_utc_ms` (the year of
/// `now`, or the one before or after: a minute 525599 received just after New Year is last
/// year's). `None` for 527040 (invalid) or a minute no nearby year has.
///
/// ```
/// use cv2x::j2735::signal::time::{minute_of_the_year_to_utc, Civil};
/// use cv2x::j2735::MinuteOfTheYear;
/// let now = Civil::new(2025, 1, 1, 0, 0, 2, 0).to_utc_ms().unwrap();
/// let last = Civil::new(2024, 12, 31, 23, 59, 0, 0).to_utc_ms().unwrap();
/// assert_eq!(minute_of_the_year_to_utc(MinuteOfTheYear(527_039), now), Some(last));
/// assert_eq!(minute_of_the_year_to_utc(MinuteOfTheYear(527_040), now), None);
/// ```
pub fn minute_of_the_year_to_utc(moy: MinuteOfTheYear, now_utc_ms: u64) -> Option<u64> {
    let year = Civil::from_utc_ms(now_utc_ms).year;
    [year.checked_sub(1), Some(year), year.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|y| minute_of_the_year_in(y, moy))
        .min_by_key(|&t| t.abs_diff(now_utc_ms))
}

/// What a `DSecond` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DSecondValue {
    /// Milliseconds within the minute, 0..=59999.
    Millis(u16),
    /// A leap second (60000..=60999): milliseconds into it, 0..=999.
    LeapSecond(u16),
    /// 61000..=65534, reserved.
    Reserved(u16),
    /// 65535.
    Unavailable,
}

impl DSecondValue {
    /// The meaning of `d`.
    pub fn of(d: DSecond) -> Self {
        match d.0 {
            v @ 0..=59_999 => DSecondValue::Millis(v),
            v @ 60_000..=60_999 => DSecondValue::LeapSecond(v - 60_000),
            DSECOND_UNAVAILABLE => DSecondValue::Unavailable,
            v => DSecondValue::Reserved(v),
        }
    }

    /// Milliseconds from the start of the minute, with a leap second read as a POSIX clock
    /// shows it (repeating second 59: 59000..=59999); `None` if reserved or unavailable.
    fn offset_ms(self) -> Option<u64> {
        match self {
            DSecondValue::Millis(v) => Some(v as u64),
            DSecondValue::LeapSecond(v) => Some(59_000 + v as u64),
            _ => None,
        }
    }
}

/// The `DSecond` of an instant: its millisecond within the UTC minute.
pub fn utc_to_dsecond(utc_ms: u64) -> DSecond {
    DSecond((utc_ms % MINUTE_MS) as u16)
}

/// `d` in the minute that puts it nearest to `now_utc_ms` (within 30 s). `None` when
/// reserved or unavailable; a leap second reads as second 59 of its minute, as a POSIX
/// clock shows it.
pub fn dsecond_to_utc(d: DSecond, now_utc_ms: u64) -> Option<u64> {
    let off = DSecondValue::of(d).offset_ms()?;
    let minute = now_utc_ms / MINUTE_MS * MINUTE_MS;
    [
        minute.checked_sub(MINUTE_MS),
        Some(minute),
        minute.checked_add(MINUTE_MS),
    ]
    .into_iter()
    .flatten()
    .map(|m| m + off)
    .min_by_key(|&t| t.abs_diff(now_utc_ms))
}

/// A message time from `moy` and `timeStamp` (as in `IntersectionState`), the year taken
/// from `now_utc_ms` as in [`minute_of_the_year_to_utc`]. Without `moy`, the minute nearest
/// to `now` ([`dsecond_to_utc`]); without `d`, the start of the minute. `None` when neither is
/// usable.
///
/// ```
/// use cv2x::j2735::signal::time::{moy_dsecond_to_utc, Civil};
/// use cv2x::j2735::{DSecond, MinuteOfTheYear};
/// let now = Civil::new(2023, 3, 1, 0, 0, 0, 0).to_utc_ms().unwrap();
/// let t = moy_dsecond_to_utc(Some(MinuteOfTheYear(84_960)), Some(DSecond(1_500)), now);
/// assert_eq!(t, Civil::new(2023, 3, 1, 0, 0, 1, 500).to_utc_ms());
/// ```
pub fn moy_dsecond_to_utc(
    moy: Option<MinuteOfTheYear>,
    d: Option<DSecond>,
    now_utc_ms: u64,
) -> Option<u64> {
    match (
        moy.and_then(|m| minute_of_the_year_to_utc(m, now_utc_ms)),
        d,
    ) {
        (Some(minute), Some(d)) => Some(minute + DSecondValue::of(d).offset_ms()?),
        (Some(minute), None) => Some(minute),
        (None, Some(d)) => dsecond_to_utc(d, now_utc_ms),
        (None, None) => None,
    }
}
