//! `PartIIcontent`: a Part II ID, then its content as an open type.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::part_ii_id;
use super::{SpecialVehicleExtensions, SupplementalVehicleExtensions, VehicleSafetyExtensions};
use crate::per::{BitReader, BitWriter, Decode, Encode, OpenType, Result, ResultExt, Sink};

/// One entry of a BSM's Part II, typed by its `partII-Id`.
///
/// Not boxed: the variants differ in size, but an owned BSM holds at most eight entries and
/// boxing would cost an allocation per entry on every decode.
#[derive(Clone, Debug, PartialEq)]
pub enum PartIIcontent {
    /// `partII-Id` 0.
    VehicleSafety(VehicleSafetyExtensions),
    /// `partII-Id` 1.
    SpecialVehicle(Box<SpecialVehicleExtensions>),
    /// `partII-Id` 2.
    SupplementalVehicle(Box<SupplementalVehicleExtensions>),
    /// Another `partII-Id` (3..=63), kept as sent.
    Unknown {
        /// `partII-Id`.
        id: u8,
        /// The value's octets.
        value: Vec<u8>,
    },
}

/// An empty `VehicleSafetyExtensions` (ID 0).
impl Default for PartIIcontent {
    fn default() -> Self {
        PartIIcontent::VehicleSafety(VehicleSafetyExtensions::default())
    }
}

impl PartIIcontent {
    /// The `partII-Id`.
    pub fn id(&self) -> u8 {
        match self {
            PartIIcontent::VehicleSafety(_) => part_ii_id::VEHICLE_SAFETY,
            PartIIcontent::SpecialVehicle(_) => part_ii_id::SPECIAL_VEHICLE,
            PartIIcontent::SupplementalVehicle(_) => part_ii_id::SUPPLEMENTAL_VEHICLE,
            PartIIcontent::Unknown { id, .. } => *id,
        }
    }
}

impl PartIIcontent {
    /// Decodes the entry with `partII-Id` `id` from the open type's content (as
    /// [`BitReader::read_open`] returns it): the value must fill the content exactly.
    pub fn from_content(id: u8, content: BitReader<'_>) -> Result<Self> {
        let mut v = PartIIcontent::with_id(id);
        v.content_into(content)?;
        Ok(v)
    }

    /// The entry of `partII-Id` `id` holding a blank ([`Decode::blank`]; no octets for an
    /// unknown ID): the place a new entry is decoded into.
    fn with_id(id: u8) -> Self {
        match id {
            part_ii_id::VEHICLE_SAFETY => PartIIcontent::VehicleSafety(Decode::blank()),
            part_ii_id::SPECIAL_VEHICLE => PartIIcontent::SpecialVehicle(Decode::blank()),
            part_ii_id::SUPPLEMENTAL_VEHICLE => PartIIcontent::SupplementalVehicle(Decode::blank()),
            id => PartIIcontent::Unknown {
                id,
                value: Vec::new(),
            },
        }
    }

    /// Decodes the open type's content into the value `self` holds (of its own ID).
    fn content_into(&mut self, mut content: BitReader<'_>) -> Result<()> {
        match self {
            PartIIcontent::VehicleSafety(v) => content.decode_content_into(v),
            PartIIcontent::SpecialVehicle(v) => content.decode_content_into(v),
            PartIIcontent::SupplementalVehicle(v) => content.decode_content_into(v),
            PartIIcontent::Unknown { value, .. } => {
                value.resize(content.remaining() / 8, 0);
                content.read_octets_into(value)
            }
        }
    }
}

impl Decode for PartIIcontent {
    fn decode(r: &mut BitReader<'_>) -> Result<Self> {
        let mut v = PartIIcontent::default();
        v.decode_into(r)?;
        Ok(v)
    }

    /// Into the value `self` holds when it has the same `partII-Id`, else into a new one put
    /// in its place.
    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {
        let id = r
            .read_constrained_u64(0, 63)
            .field("PartIIcontent.partII-Id")? as u8;
        let path = "PartIIcontent.partII-Value";
        if id > part_ii_id::SUPPLEMENTAL_VEHICLE {
            // Unknown content is kept as octets, fragmented or not.
            *self = PartIIcontent::Unknown {
                id,
                value: OpenType::decode(r).field(path)?.0,
            };
            return Ok(());
        }
        let fresh = self.id() != id || matches!(self, PartIIcontent::Unknown { .. });
        if fresh {
            *self = PartIIcontent::with_id(id);
        }
        let got = match r.read_open() {
            Ok(content) => self.content_into(content),
            Err(e) => Err(e),
        }
        .field(path);
        if got.is_err() && fresh {
            // A new entry is a blank until decoded: leave a valid value instead.
            *self = PartIIcontent::default();
        }
        got
    }
}

impl Encode for PartIIcontent {
    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
        w.write_constrained_u64(self.id() as u64, 0, 63)
            .field("PartIIcontent.partII-Id")?;
        use crate::per::owned::encode_open;
        match self {
            PartIIcontent::VehicleSafety(v) => encode_open(v, w),
            PartIIcontent::SpecialVehicle(v) => encode_open(v, w),
            PartIIcontent::SupplementalVehicle(v) => encode_open(v, w),
            PartIIcontent::Unknown { value, .. } => OpenType(value.clone()).encode(w),
        }
        .field("PartIIcontent.partII-Value")
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use serde::de::Error as _;
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for PartIIcontent {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(2))?;
            m.serialize_entry("partII-Id", &self.id())?;
            match self {
                PartIIcontent::VehicleSafety(v) => m.serialize_entry("partII-Value", v)?,
                PartIIcontent::SpecialVehicle(v) => m.serialize_entry("partII-Value", v)?,
                PartIIcontent::SupplementalVehicle(v) => m.serialize_entry("partII-Value", v)?,
                PartIIcontent::Unknown { value, .. } => {
                    m.serialize_entry("partII-Value", &OpenType(value.clone()))?
                }
            }
            m.end()
        }
    }

    #[derive(Deserialize)]
    struct Raw {
        #[serde(rename = "partII-Id")]
        id: u8,
        #[serde(rename = "partII-Value")]
        value: serde_json::Value,
    }

    impl<'de> Deserialize<'de> for PartIIcontent {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            let raw = Raw::deserialize(d)?;
            let e = D::Error::custom;
            if raw.value.get("$open_hex").is_some() || raw.id > 2 {
                let o: OpenType = serde_json::from_value(raw.value).map_err(e)?;
                return Ok(PartIIcontent::Unknown {
                    id: raw.id,
                    value: o.0,
                });
            }
            Ok(match raw.id {
                part_ii_id::VEHICLE_SAFETY => {
                    PartIIcontent::VehicleSafety(serde_json::from_value(raw.value).map_err(e)?)
                }
                part_ii_id::SPECIAL_VEHICLE => {
                    PartIIcontent::SpecialVehicle(serde_json::from_value(raw.value).map_err(e)?)
                }
                _ => PartIIcontent::SupplementalVehicle(
                    serde_json::from_value(raw.value).map_err(e)?,
                ),
            })
        }
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for PartIIcontent {
    /// A known content, or rarely an unknown id (3..=63) with 0..=8 octets.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u.int_in_range(0u8..=6)? {
            0 | 1 => PartIIcontent::VehicleSafety(u.arbitrary()?),
            2 | 3 => PartIIcontent::SpecialVehicle(u.arbitrary()?),
            4 | 5 => PartIIcontent::SupplementalVehicle(u.arbitrary()?),
            _ => PartIIcontent::Unknown {
                id: u.int_in_range(3..=63)?,
                value: OpenType::arbitrary(u)?.0,
            },
        })
    }
}
