//! Writing CSAE messages by hand: builders for the five Day-1 messages that take degrees,
//! metres, m/s and seconds, convert them with range checks, and return owned messages
//! whose every constraint has been checked by encoding them.
//!
//! A builder's setters never fail: the first value out of range is kept and returned by
//! `build` as a [`BuildError`] that names the field, the value and the range in the
//! caller's units.
//!
//! | builder | message | editions |
//! |---|---|---|
//! | `BsmBuilder` | `BasicSafetyMessage` | [`v2020::BsmBuilder`](crate::csae::v2020::BsmBuilder), [`v2019::BsmBuilder`](crate::csae::v2019::BsmBuilder), [`v2017::BsmBuilder`](crate::csae::v2017::BsmBuilder) |
//! | `MapBuilder` (`LinkSpec`, `LaneSpec`) | `MapData` | [`v2020::MapBuilder`](crate::csae::v2020::MapBuilder), [`v2019::MapBuilder`](crate::csae::v2019::MapBuilder), [`v2017::MapBuilder`](crate::csae::v2017::MapBuilder) |
//! | `RsiBuilder` (`EventSpec`, `SignSpec`) | `RoadSideInformation` | [`v2020::RsiBuilder`](crate::csae::v2020::RsiBuilder), [`v2019::RsiBuilder`](crate::csae::v2019::RsiBuilder); 2017's one alert: [`v2017::RsiBuilder`](crate::csae::v2017::RsiBuilder) |
//! | [`RsmBuilder`] ([`ParticipantSpec`]) | `RoadsideSafetyMessage` | one type in 2020 and the 2019 draft: re-exported by both; [`v2017::RsmBuilder`](crate::csae::v2017::RsmBuilder) |
//! | [`SpatBuilder`] ([`PhaseSpec`]) | `SPAT` | one type in 2020 and the 2019 draft: re-exported by both; 2017's timing: [`v2017::SpatBuilder`](crate::csae::v2017::SpatBuilder) |
//!
//! The BSM, MAP and RSM builders are written once (`build/per_edition/`) and compiled in
//! each edition's module against that edition's types, which have the same names and
//! differ only where the editions do on the wire (a 2019-draft link's width is optional, a
//! 2017 participant has a plate number, ...); the RSI builder is shared by 2020 and the
//! 2019 draft. T/CSAE 53-2017 has builders of its own where its messages differ in shape
//! or meaning: its RSI is one alert, not lists of events and signs, and its SPAT's end
//! times of a coming state are that state's length (its [`PhaseSpec`] takes the same
//! seconds from now as 2020's; the builder writes them with 2017's meaning).

// The RSM builder against the type 2020 and the 2019 draft share (2017 compiles it
// against its own).
use crate::csae::shared as ed;
#[allow(clippy::duplicate_mod)]
#[path = "per_edition/rsm.rs"]
mod rsm;
pub(crate) mod spat;

pub use rsm::{ParticipantSpec, RsmBuilder};
pub use spat::{PhaseSpec, SpatBuilder};

use alloc::vec::Vec;

use crate::csae::shared::{
    Latitude, Longitude, OffsetLLB12, OffsetLLB14, OffsetLLB16, OffsetLLB18, OffsetLLB22,
    OffsetLLB24, Position3D, PositionLL24B, PositionLL28B, PositionLL32B, PositionLL36B,
    PositionLL44B, PositionLL48B, PositionLLmD64b, PositionOffsetLL, PositionOffsetLLV,
};
use crate::j2735::signal::geometry::{LatLon, LocalFrame};
use crate::j2735::signal::math::round_i64;

/// Why a builder refused its values.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A value outside what the field can carry (or not a number).
    #[error("{field}: {value} is outside {min}..={max} {unit}")]
    OutOfRange {
        /// The field (ASN.1 name).
        field: &'static str,
        /// The value given, in `unit`.
        value: f64,
        /// The smallest value allowed.
        min: f64,
        /// The largest value allowed.
        max: f64,
        /// The unit of `value`, `min` and `max`.
        unit: &'static str,
    },
    /// A field the edition does not have (a lane width in 2017, whose lanes take their
    /// link's `laneWidth`).
    #[error("{field} is not in the {edition} edition")]
    NotInEdition {
        /// The field (ASN.1 name).
        field: &'static str,
        /// The edition (`csae-2017`, ...).
        edition: &'static str,
    },
    /// A constraint found when encoding (a list too long or empty, a name too long, ...).
    #[error("{0}")]
    Encode(#[from] crate::per::Error),
}

/// The setters of a message's count and minute of the year (fields `msg_cnt: u8` and
/// `moy: Option<u32>`; `$moy` names the field on the wire).
macro_rules! count_and_minute_setters {
    ($moy:literal) => {
        /// The rolling message count, 0..=127.
        pub fn msg_cnt(mut self, n: u8) -> Self {
            self.msg_cnt = n;
            self
        }

        #[doc = concat!("`", $moy, "`, the minute of the year (0..=527039).")]
        pub fn minute_of_the_year(mut self, moy: u32) -> Self {
            self.moy = Some(moy);
            self
        }
    };
}
pub(crate) use count_and_minute_setters;

/// The first error of a chain of setters.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct FirstError(Option<BuildError>);

impl FirstError {
    /// Keeps `r`'s value, or its error if it is the first.
    pub(crate) fn take<T>(&mut self, r: Result<T, BuildError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.get_or_insert(e);
                None
            }
        }
    }

    pub(crate) fn check(self) -> Result<(), BuildError> {
        self.0.map_or(Ok(()), Err)
    }
}

/// `value * scale`, rounded, if it lies in `min..=max` (raw units).
pub(crate) fn scaled(
    field: &'static str,
    value: f64,
    scale: f64,
    min: i64,
    max: i64,
    unit: &'static str,
) -> Result<i64, BuildError> {
    let raw = value * scale;
    if raw.is_finite() && raw >= min as f64 - 0.5 && raw < max as f64 + 0.5 {
        return Ok(round_i64(raw).clamp(min, max));
    }
    Err(BuildError::OutOfRange {
        field,
        value,
        min: min as f64 / scale,
        max: max as f64 / scale,
        unit,
    })
}

/// A heading in degrees to 0.0125-degree units, modulo 360.
pub(crate) fn heading(deg: f64) -> Result<u16, BuildError> {
    let v = scaled("heading", deg, 80.0, i64::MIN / 2, i64::MAX / 2, "degrees")?;
    Ok(v.rem_euclid(28_800) as u16)
}

/// Latitude and longitude in degrees to 1e-7 degrees.
pub(crate) fn lat_lon(lat_deg: f64, lon_deg: f64) -> Result<(i32, i32), BuildError> {
    Ok((
        scaled("lat", lat_deg, 1e7, -900_000_000, 900_000_000, "degrees")? as i32,
        scaled(
            "long",
            lon_deg,
            1e7,
            -1_799_999_999,
            1_800_000_000,
            "degrees",
        )? as i32,
    ))
}

/// A priority 0 (lowest) ..= 7 (highest) in the top three bits of an octet (`RSIPriority`,
/// 2017's `Priority`).
pub(crate) fn priority(p: u8) -> Result<[u8; 1], BuildError> {
    Ok([(scaled("priority", f64::from(p), 1.0, 0, 7, "")? as u8) << 5])
}

/// A path's points in degrees, as offsets from `reference`.
pub(crate) fn path(
    reference: &Position3D,
    points_deg: &[(f64, f64)],
) -> Result<Vec<PositionOffsetLLV>, BuildError> {
    points_deg
        .iter()
        .map(|&(lat, lon)| {
            let (lat, lon) = lat_lon(lat, lon)?;
            Ok(offset_ll(reference, lat, lon))
        })
        .collect()
}

/// A position in degrees, with an elevation in metres.
pub(crate) fn position3d(
    lat_deg: f64,
    lon_deg: f64,
    elevation_m: Option<f64>,
) -> Result<Position3D, BuildError> {
    let (lat, long) = lat_lon(lat_deg, lon_deg)?;
    Ok(Position3D {
        lat: Latitude(lat),
        long: Longitude(long),
        elevation: elevation_m
            .map(|m| scaled("elevation", m, 10.0, -4096, 61_438, "m"))
            .transpose()?
            .map(|e| crate::csae::shared::Elevation(e as i32)),
    })
}

/// A message's reference position from degrees and metres (`(lat, lon, elevation)`); out of
/// range: the first error kept in `err`, a default position returned.
pub(crate) fn ref_pos(
    err: &mut FirstError,
    (lat, lon, elevation_m): (f64, f64, Option<f64>),
) -> Position3D {
    err.take(position3d(lat, lon, elevation_m))
        .unwrap_or_default()
}

/// The offset of `(lat, lon)` (1e-7 degrees) from `reference`, in the narrowest form that
/// holds it (absolute beyond 24 bits).
pub(crate) fn offset_ll(reference: &Position3D, lat: i32, lon: i32) -> PositionOffsetLLV {
    let (dlat, dlon) = (
        i64::from(lat) - i64::from(reference.lat.0),
        i64::from(lon) - i64::from(reference.long.0),
    );
    let fits = |bits: u32| {
        let half = 1i64 << (bits - 1);
        (-half..half).contains(&dlat) && (-half..half).contains(&dlon)
    };
    let offset_ll = if fits(12) {
        PositionOffsetLL::PositionLL1(PositionLL24B {
            lon: OffsetLLB12(dlon as i16),
            lat: OffsetLLB12(dlat as i16),
        })
    } else if fits(14) {
        PositionOffsetLL::PositionLL2(PositionLL28B {
            lon: OffsetLLB14(dlon as i16),
            lat: OffsetLLB14(dlat as i16),
        })
    } else if fits(16) {
        PositionOffsetLL::PositionLL3(PositionLL32B {
            lon: OffsetLLB16(dlon as i16),
            lat: OffsetLLB16(dlat as i16),
        })
    } else if fits(18) {
        PositionOffsetLL::PositionLL4(PositionLL36B {
            lon: OffsetLLB18(dlon as i32),
            lat: OffsetLLB18(dlat as i32),
        })
    } else if fits(22) {
        PositionOffsetLL::PositionLL5(PositionLL44B {
            lon: OffsetLLB22(dlon as i32),
            lat: OffsetLLB22(dlat as i32),
        })
    } else if fits(24) {
        PositionOffsetLL::PositionLL6(PositionLL48B {
            lon: OffsetLLB24(dlon as i32),
            lat: OffsetLLB24(dlat as i32),
        })
    } else {
        PositionOffsetLL::PositionLatLon(PositionLLmD64b {
            lon: Longitude(lon),
            lat: Latitude(lat),
        })
    };
    PositionOffsetLLV {
        offset_ll,
        offset_v: None,
    }
}

/// The offset from `reference` of the point `east_m`, `north_m` metres from it.
pub(crate) fn offset_m(
    reference: &Position3D,
    east_m: f64,
    north_m: f64,
) -> Result<PositionOffsetLLV, BuildError> {
    let origin =
        LatLon::from_j2735(reference.lat.0, reference.long.0).ok_or(BuildError::OutOfRange {
            field: "refPos",
            value: f64::from(reference.lat.0) / 1e7,
            min: -90.0,
            max: 90.0,
            unit: "degrees",
        })?;
    for (field, v) in [("east", east_m), ("north", north_m)] {
        scaled(field, v, 1.0, -100_000, 100_000, "m")?;
    }
    let p = LocalFrame::new(origin).to_lat_lon(east_m, north_m);
    let (lat, lon) = lat_lon(p.lat_deg, p.lon_deg)?;
    Ok(offset_ll(reference, lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_take_the_narrowest_form() {
        let r = position3d(31.0, 121.0, None).unwrap();
        let o = |dlat: i32| offset_ll(&r, r.lat.0 + dlat, r.long.0).offset_ll;
        assert!(matches!(o(2047), PositionOffsetLL::PositionLL1(_)));
        assert!(matches!(o(-2049), PositionOffsetLL::PositionLL2(_)));
        assert!(matches!(o(8_388_607), PositionOffsetLL::PositionLL6(_)));
        assert!(matches!(o(8_388_608), PositionOffsetLL::PositionLatLon(_)));
        let e = scaled("speed", -1.0, 50.0, 0, 8190, "m/s").unwrap_err();
        assert_eq!(e.to_string(), "speed: -1 is outside 0..=163.8 m/s");
        assert!(scaled("x", f64::NAN, 1.0, 0, 1, "m").is_err());
        assert!(lat_lon(90.5, 0.0).is_err());
        assert!(offset_m(&r, 1e9, 0.0).is_err());
    }
}
