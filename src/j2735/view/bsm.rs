//! [`BsmView`]: a BasicSafetyMessage read in place.

use crate::per::{BitReader, Error, ErrorKind, Result, ResultExt, Size};

macro_rules! core_layout {
    ($($name:ident $path:literal $bits:literal $lb:tt $ub:tt $kind:ident;)*) => {
        /// Bit offsets of the `BSMcoreData` fields inside the BSM value. The BSM starts with
        /// its extension bit and two presence bits, then the 290 fixed bits of core data.
        #[allow(non_upper_case_globals, dead_code)]
        mod at {
            core_layout!(@offsets 3usize; $($name $bits;)*);
        }
        /// Checks every field against its range: one shift and compare each, with constant
        /// offsets (the compiler drops the checks a field's width makes impossible to fail).
        #[inline(always)]
        fn check_ranges(core: &[u64; 5]) -> Result<()> {
            $(
                if core_field(core, at::$name, $bits) > ($ub as i64 - $lb as i64) as u64 {
                    return Err(Error::new(ErrorKind::$kind, at::$name).in_field($path));
                }
            )*
            Ok(())
        }
    };
    (@offsets $acc:expr; $name:ident $bits:literal; $($rest:ident $rbits:literal;)*) => {
        pub const $name: usize = $acc;
        core_layout!(@offsets $acc + $bits; $($rest $rbits;)*);
    };
    (@offsets $acc:expr;) => { pub const END: usize = $acc; };
}

// The table, generated from asn1/j2735/ (tools/asn1gen, `Tuning.layouts`).
crate::__j2735_layout_bsm_core_data!(core_layout);

/// A `BasicSafetyMessage` read in place.
///
/// [`BsmView::new`] checks the core data (every field in range) and the framing of Part II,
/// the regional extensions and the extension additions; afterwards each core-data getter
/// is one 64-bit load and a shift. Getters return the wire value (`lat()` in 1/10
/// micro degree); the `_deg`/`_mps` helpers convert and map "unavailable" to `None`.
#[derive(Clone, Copy, Debug)]
pub struct BsmView<'a> {
    data: &'a [u8],
    /// The first 320 bits of the BSM (header and the 290 bits of core data), as big-endian
    /// words: copied once by `new` so that every getter is a shift of a word already in
    /// hand, with no bounds check.
    core: [u64; 5],
    part_ii: Option<(usize, usize)>,
    regional: Option<(usize, usize)>,
    ext_at: Option<usize>,
}

impl<'a> BsmView<'a> {
    /// Validates a BSM (the value of a `MessageFrame` with ID 20, or a bare BSM): the
    /// same result as its owned decode, the same error where it fails.
    ///
    /// A BSM of core data only is checked here at fixed offsets; one cut within its core
    /// data, or with Part II, regional extensions or extension additions, is validated by
    /// the generated skip function (Part II content included), then read.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        let more = data.first().is_some_and(|b| b >> 5 != 0);
        if data.len() * 8 < at::END || more {
            let mut r = BitReader::new(data);
            crate::j2735::skip::basic_safety_message(&mut r)?;
            r.expect_padding()?;
        }
        let mut buf = [0u8; 40];
        let n = data.len().min(40);
        buf[..n].copy_from_slice(&data[..n]);
        let word = |i: usize| {
            let b = &buf[i * 8..];
            u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        };
        let core = [word(0), word(1), word(2), word(3), word(4)];
        check_ranges(&core)?;
        if !more {
            // Core data only: nothing after it but fewer than 8 zero bits (the error of
            // `BitReader::expect_padding` at the core's end).
            let pad = (data.len() * 8).checked_sub(at::END).unwrap_or(8);
            let last = data.last().copied().unwrap_or(0) as u32;
            if pad >= 8 || last & ((1u32 << pad) - 1) != 0 {
                return Err(Error::new(ErrorKind::TrailingData, at::END));
            }
        }
        let head = core[0] >> 61;
        let mut r = BitReader::with_range(data, at::END, data.len() * 8)
            .ok_or(Error::new(ErrorKind::UnexpectedEnd, 0))?;
        let part_ii = if head & 0b010 != 0 {
            Some(walk(
                &mut r,
                Size::range(1, 8),
                6,
                "BasicSafetyMessage.partII",
                14,
            )?)
        } else {
            None
        };
        let regional = if head & 0b001 != 0 {
            Some(walk(
                &mut r,
                Size::range(1, 4),
                8,
                "BasicSafetyMessage.regional",
                16,
            )?)
        } else {
            None
        };
        let ext_at = if head & 0b100 != 0 {
            let p = r.position();
            r.skip_extensions().field("BasicSafetyMessage....")?;
            Some(p)
        } else {
            None
        };
        Ok(BsmView {
            data,
            core,
            part_ii,
            regional,
            ext_at,
        })
    }

    #[inline(always)]
    fn raw(&self, at: usize, bits: u32) -> u64 {
        core_field(&self.core, at, bits)
    }

    #[inline(always)]
    fn signed(&self, at: usize, bits: u32, lb: i64) -> i64 {
        self.raw(at, bits) as i64 + lb
    }

    /// `msgCnt` (0..127).
    #[inline]
    pub fn msg_cnt(&self) -> u8 {
        self.raw(at::msg_cnt, 7) as u8
    }
    /// `id`, the 4-octet temporary ID.
    #[inline]
    pub fn id(&self) -> [u8; 4] {
        (self.raw(at::id, 32) as u32).to_be_bytes()
    }
    /// `secMark`, milliseconds within the minute (65535: unavailable).
    #[inline]
    pub fn sec_mark(&self) -> u16 {
        self.raw(at::sec_mark, 16) as u16
    }
    /// `lat`, 1/10 micro degree (900000001: unavailable).
    #[inline]
    pub fn lat(&self) -> i32 {
        self.signed(at::lat, 31, -900_000_000) as i32
    }
    /// `long`, 1/10 micro degree (1800000001: unavailable).
    #[inline]
    pub fn long(&self) -> i32 {
        self.signed(at::long, 32, -1_799_999_999) as i32
    }
    /// `elev`, 10 cm units (-4096: unavailable).
    #[inline]
    pub fn elev(&self) -> i32 {
        self.signed(at::elev, 16, -4096) as i32
    }
    /// `accuracy.semiMajor`, 5 cm units.
    #[inline]
    pub fn semi_major(&self) -> u8 {
        self.raw(at::semi_major, 8) as u8
    }
    /// `accuracy.semiMinor`, 5 cm units.
    #[inline]
    pub fn semi_minor(&self) -> u8 {
        self.raw(at::semi_minor, 8) as u8
    }
    /// `accuracy.orientation`, 360/65535 degree units.
    #[inline]
    pub fn orientation(&self) -> u16 {
        self.raw(at::orientation, 16) as u16
    }
    /// `transmission` as its index: 0 neutral, 1 park, 2 forwardGears, 3 reverseGears,
    /// 4..6 reserved, 7 unavailable.
    #[inline]
    pub fn transmission(&self) -> u8 {
        self.raw(at::transmission, 3) as u8
    }
    /// `speed`, 0.02 m/s units (8191: unavailable).
    #[inline]
    pub fn speed(&self) -> u16 {
        self.raw(at::speed, 13) as u16
    }
    /// `heading`, 0.0125 degree units (28800: unavailable).
    #[inline]
    pub fn heading(&self) -> u16 {
        self.raw(at::heading, 15) as u16
    }
    /// `angle`, steering wheel angle in 1.5 degree units (127: unavailable).
    #[inline]
    pub fn angle(&self) -> i8 {
        self.signed(at::angle, 8, -126) as i8
    }
    /// `accelSet.long`, 0.01 m/s² (2001: unavailable).
    #[inline]
    pub fn accel_long(&self) -> i16 {
        self.signed(at::accel_long, 12, -2000) as i16
    }
    /// `accelSet.lat`, 0.01 m/s² (2001: unavailable).
    #[inline]
    pub fn accel_lat(&self) -> i16 {
        self.signed(at::accel_lat, 12, -2000) as i16
    }
    /// `accelSet.vert`, 0.02 g (-127: unavailable).
    #[inline]
    pub fn accel_vert(&self) -> i8 {
        self.signed(at::accel_vert, 8, -127) as i8
    }
    /// `accelSet.yaw`, 0.01 degree/s.
    #[inline]
    pub fn yaw(&self) -> i16 {
        self.signed(at::yaw, 16, -32767) as i16
    }
    /// `brakes.wheelBrakes`: the 5 bits, first bit (`unavailable`) as the most significant.
    #[inline]
    pub fn wheel_brakes(&self) -> u8 {
        self.raw(at::wheel_brakes, 5) as u8
    }
    /// `brakes.traction` index: 0 unavailable, 1 off, 2 on, 3 engaged.
    #[inline]
    pub fn traction(&self) -> u8 {
        self.raw(at::traction, 2) as u8
    }
    /// `brakes.abs` index: 0 unavailable, 1 off, 2 on, 3 engaged.
    #[inline]
    pub fn abs(&self) -> u8 {
        self.raw(at::abs, 2) as u8
    }
    /// `brakes.scs` index: 0 unavailable, 1 off, 2 on, 3 engaged.
    #[inline]
    pub fn scs(&self) -> u8 {
        self.raw(at::scs, 2) as u8
    }
    /// `brakes.brakeBoost` index: 0 unavailable, 1 off, 2 on.
    #[inline]
    pub fn brake_boost(&self) -> u8 {
        self.raw(at::brake_boost, 2) as u8
    }
    /// `brakes.auxBrakes` index: 0 unavailable, 1 off, 2 on, 3 reserved.
    #[inline]
    pub fn aux_brakes(&self) -> u8 {
        self.raw(at::aux_brakes, 2) as u8
    }
    /// `size.width`, cm.
    #[inline]
    pub fn width(&self) -> u16 {
        self.raw(at::width, 10) as u16
    }
    /// `size.length`, cm.
    #[inline]
    pub fn length(&self) -> u16 {
        self.raw(at::length, 12) as u16
    }

    /// Latitude in degrees, `None` when unavailable.
    #[inline]
    pub fn latitude_deg(&self) -> Option<f64> {
        crate::j2735::units::lat_deg(self.lat())
    }
    /// Longitude in degrees, `None` when unavailable.
    #[inline]
    pub fn longitude_deg(&self) -> Option<f64> {
        crate::j2735::units::long_deg(self.long())
    }
    /// Speed in m/s, `None` when unavailable.
    #[inline]
    pub fn speed_mps(&self) -> Option<f64> {
        crate::j2735::units::speed_mps(self.speed())
    }
    /// Heading in degrees clockwise from north, `None` when unavailable.
    #[inline]
    pub fn heading_deg(&self) -> Option<f64> {
        crate::j2735::units::heading_deg(self.heading())
    }

    /// Whether the BSM carries Part II content.
    #[inline]
    pub fn has_part_ii(&self) -> bool {
        self.part_ii.is_some()
    }

    /// The Part II entries, walked lazily.
    pub fn part_ii(&self) -> PartIIIter<'a> {
        IdOpenIter {
            r: self.list_reader(self.part_ii),
            left: self.part_ii.map_or(0, |p| p.1),
            id_bits: 6,
            path: "PartIIcontent",
            make: |id, content| PartIIView { id, content },
        }
    }

    /// The regional extensions, walked lazily.
    pub fn regional(&self) -> RegionalIter<'a> {
        IdOpenIter {
            r: self.list_reader(self.regional),
            left: self.regional.map_or(0, |p| p.1),
            id_bits: 8,
            path: "RegionalExtension",
            make: |region_id, content| RegionalView { region_id, content },
        }
    }

    /// Whether the BSM's extension bit is set (additions from a newer edition follow).
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext_at.is_some()
    }

    fn list_reader(&self, list: Option<(usize, usize)>) -> BitReader<'a> {
        let start = list.map_or(0, |p| p.0);
        BitReader::with_range(self.data, start, self.data.len() * 8).unwrap_or(BitReader::new(&[]))
    }
}

/// `bits <= 57` bits at bit `at < 293` of the core words.
#[inline(always)]
fn core_field(core: &[u64; 5], at: usize, bits: u32) -> u64 {
    let (i, off) = (at / 64, (at % 64) as u32);
    let hi = core[i] << off;
    if off + bits <= 64 {
        hi >> (64 - bits)
    } else {
        (hi >> (64 - bits)) | (core[i + 1] >> (128 - off - bits))
    }
}

/// Reads a `SEQUENCE (SIZE(..)) OF` count, then walks `n` entries of `id_bits` + open type.
/// Returns where the entries start and how many there are.
fn walk(
    r: &mut BitReader<'_>,
    size: Size,
    id_bits: u32,
    path: &'static str,
    min_bits: usize,
) -> Result<(usize, usize)> {
    let mut start = 0;
    let mut count = 0;
    r.read_sized(size, min_bits, |r, n| {
        start = r.position();
        count = n;
        for _ in 0..n {
            r.read_bits(id_bits)?;
            r.read_open()?;
        }
        Ok(())
    })
    .field(path)?;
    Ok((start, count))
}

/// One Part II entry: its ID and its content, decoded on demand.
#[derive(Clone, Debug)]
pub struct PartIIView<'a> {
    /// `partII-Id`.
    pub id: u8,
    /// The open type's content.
    pub content: BitReader<'a>,
}

#[cfg(feature = "alloc")]
impl PartIIView<'_> {
    /// Decodes the content into the owned [`crate::j2735::PartIIcontent`].
    pub fn decode(&self) -> Result<crate::j2735::PartIIcontent> {
        crate::j2735::PartIIcontent::from_content(self.id, self.content.clone())
    }
}

/// One regional extension: its region ID and its content.
#[derive(Clone, Debug)]
pub struct RegionalView<'a> {
    /// `regionId`.
    pub region_id: u8,
    /// The open type's content.
    pub content: BitReader<'a>,
}

/// Iterator over the entries of a `SEQUENCE OF` whose elements are an ID and an open type
/// (Part II entries, regional extensions); yields `Result` and stops after the first error.
#[derive(Clone, Debug)]
pub struct IdOpenIter<'a, T> {
    r: BitReader<'a>,
    left: usize,
    id_bits: u32,
    path: &'static str,
    make: fn(u8, BitReader<'a>) -> T,
}

impl<'a, T> Iterator for IdOpenIter<'a, T> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let item = (|| {
            let id = self.r.read_bits(self.id_bits)? as u8;
            let content = self.r.read_open()?;
            Ok((self.make)(id, content))
        })();
        if item.is_err() {
            self.left = 0;
        }
        Some(item.field(self.path))
    }
}

/// Iterator over [`PartIIView`]s.
pub type PartIIIter<'a> = IdOpenIter<'a, PartIIView<'a>>;
/// Iterator over [`RegionalView`]s.
pub type RegionalIter<'a> = IdOpenIter<'a, RegionalView<'a>>;
