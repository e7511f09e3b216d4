//! `GeographicRegion` and its parts: where a certificate's holder may sign.

use alloc::vec::Vec;

use super::base::{decode_list, encode_list, Coer, TwoDLocation, UnknownAlternative};
use crate::oer::{Error, ErrorKind, Reader, Result, ResultExt, Writer};

/// `CircularRegion ::= SEQUENCE { center TwoDLocation, radius Uint16 }` (radius in metres).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CircularRegion {
    /// The centre.
    pub center: TwoDLocation,
    /// The radius, metres.
    pub radius: u16,
}

impl Coer for CircularRegion {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(CircularRegion {
            center: Coer::decode(r).field("CircularRegion.center")?,
            radius: r.u16().field("CircularRegion.radius")?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.center.encode(w)?;
        w.u16(self.radius);
        Ok(())
    }
}

/// `RectangularRegion ::= SEQUENCE { northWest, southEast }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct RectangularRegion {
    /// The north-west corner.
    pub north_west: TwoDLocation,
    /// The south-east corner.
    pub south_east: TwoDLocation,
}

impl Coer for RectangularRegion {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(RectangularRegion {
            north_west: Coer::decode(r)?,
            south_east: Coer::decode(r)?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.north_west.encode(w)?;
        self.south_east.encode(w)
    }
}

struct U8(u8);
impl Coer for U8 {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.u8().map(U8)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.0);
        Ok(())
    }
}
struct U16(u16);
impl Coer for U16 {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.u16().map(U16)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u16(self.0);
        Ok(())
    }
}

/// `RegionAndSubregions ::= SEQUENCE { region Uint8, subregions SequenceOfUint16 }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RegionAndSubregions {
    /// The region.
    pub region: u8,
    /// Its subregions.
    pub subregions: Vec<u16>,
}

impl Coer for RegionAndSubregions {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let region = r.u8()?;
        let subregions = decode_list::<U16>(r, 2, 0)?;
        Ok(RegionAndSubregions {
            region,
            subregions: subregions.into_iter().map(|x| x.0).collect(),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.region);
        let v: Vec<U16> = self.subregions.iter().map(|&x| U16(x)).collect();
        encode_list(&v, w)
    }
}

/// `IdentifiedRegion ::= CHOICE { countryOnly, countryAndRegions, countryAndSubregions, ... }`
/// (countries are UN M.49 numbers: 840 the USA, 410 Korea).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum IdentifiedRegion {
    /// A whole country.
    #[cfg_attr(feature = "serde", serde(rename = "countryOnly"))]
    CountryOnly(u16),
    /// Regions of a country.
    #[cfg_attr(feature = "serde", serde(rename = "countryAndRegions"))]
    CountryAndRegions {
        /// The country.
        #[cfg_attr(feature = "serde", serde(rename = "countryOnly"))]
        country: u16,
        /// Its regions.
        regions: Vec<u8>,
    },
    /// Subregions of regions of a country.
    #[cfg_attr(feature = "serde", serde(rename = "countryAndSubregions"))]
    CountryAndSubregions {
        /// The country.
        country: u16,
        /// Its regions and their subregions.
        #[cfg_attr(feature = "serde", serde(rename = "regionAndSubregions"))]
        region_and_subregions: Vec<RegionAndSubregions>,
    },
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl IdentifiedRegion {
    /// The country the region lies in, if known.
    pub fn country(&self) -> Option<u16> {
        match self {
            IdentifiedRegion::CountryOnly(c)
            | IdentifiedRegion::CountryAndRegions { country: c, .. }
            | IdentifiedRegion::CountryAndSubregions { country: c, .. } => Some(*c),
            IdentifiedRegion::Unknown(_) => None,
        }
    }
}

impl Coer for IdentifiedRegion {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => IdentifiedRegion::CountryOnly(r.u16()?),
            1 => IdentifiedRegion::CountryAndRegions {
                country: r.u16()?,
                regions: decode_list::<U8>(r, 1, 0)?
                    .into_iter()
                    .map(|x| x.0)
                    .collect(),
            },
            2 => IdentifiedRegion::CountryAndSubregions {
                country: r.u16()?,
                region_and_subregions: decode_list(r, 2, 0)?,
            },
            t => IdentifiedRegion::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            IdentifiedRegion::CountryOnly(c) => {
                w.choice(0);
                w.u16(*c);
                Ok(())
            }
            IdentifiedRegion::CountryAndRegions { country, regions } => {
                w.choice(1);
                w.u16(*country);
                let v: Vec<U8> = regions.iter().map(|&x| U8(x)).collect();
                encode_list(&v, w)
            }
            IdentifiedRegion::CountryAndSubregions {
                country,
                region_and_subregions,
            } => {
                w.choice(2);
                w.u16(*country);
                encode_list(region_and_subregions, w)
            }
            IdentifiedRegion::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `GeographicRegion ::= CHOICE { circularRegion, rectangularRegion, polygonalRegion,
/// identifiedRegion, ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum GeographicRegion {
    /// A circle.
    #[cfg_attr(feature = "serde", serde(rename = "circularRegion"))]
    Circular(CircularRegion),
    /// The union of rectangles.
    #[cfg_attr(feature = "serde", serde(rename = "rectangularRegion"))]
    Rectangular(Vec<RectangularRegion>),
    /// A polygon of at least three vertices.
    #[cfg_attr(feature = "serde", serde(rename = "polygonalRegion"))]
    Polygonal(Vec<TwoDLocation>),
    /// The union of identified regions (countries and their parts).
    #[cfg_attr(feature = "serde", serde(rename = "identifiedRegion"))]
    Identified(Vec<IdentifiedRegion>),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for GeographicRegion {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => GeographicRegion::Circular(Coer::decode(r)?),
            1 => GeographicRegion::Rectangular(decode_list(r, 16, 0)?),
            2 => GeographicRegion::Polygonal(decode_list(r, 8, 3)?),
            3 => GeographicRegion::Identified(decode_list(r, 3, 0)?),
            t => GeographicRegion::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            GeographicRegion::Circular(c) => {
                w.choice(0);
                c.encode(w)
            }
            GeographicRegion::Rectangular(v) => {
                w.choice(1);
                encode_list(v, w)
            }
            GeographicRegion::Polygonal(v) => {
                if v.len() < 3 {
                    return Err(Error::new(ErrorKind::SizeOutOfRange, w.as_slice().len()));
                }
                w.choice(2);
                encode_list(v, w)
            }
            GeographicRegion::Identified(v) => {
                w.choice(3);
                encode_list(v, w)
            }
            GeographicRegion::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}
