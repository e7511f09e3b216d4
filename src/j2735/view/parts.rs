//! Building blocks shared by the SPaT, MAP, SRM and SSM views: the lazy list iterator,
//! strings and bit strings read in place, and the small shared data frames.

use super::index::Lists;
use super::RegionalView;
use crate::j2735::{
    BasicVehicleRole, Elevation, IntersectionReferenceID, Iso3833VehicleType, Latitude, Longitude,
    RegionId, RequestImportanceLevel, RequestSubRole, StationID, VehicleType,
};
use crate::per::lists::ListSink;
use crate::per::{BitReader, Decode, Error, ErrorKind, Result, ResultExt, Size};
use core::marker::PhantomData;
use core::num::NonZeroU8;

/// A reader over `data` from bit `at` to the end. Offsets come from a validated pass, so
/// the range always fits; if it did not, the reader is at the end and the next read fails.
#[inline]
pub(crate) fn reader_at(data: &[u8], at: usize) -> BitReader<'_> {
    BitReader::at(data, at)
}

/// A bit offset as the views keep it: offsets past bit 2^32 (a message of more than
/// 512 MiB) cannot be kept, and are refused.
#[inline]
pub(crate) fn offset(at: usize) -> Result<u32> {
    u32::try_from(at).map_err(|_| Error::new(ErrorKind::LengthTooLarge, at))
}

/// Where the entries of a `SEQUENCE OF` start (just after its length) and how many there are.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct List {
    start: u32,
    len: u32,
}

impl List {
    /// Reads a `SEQUENCE (SIZE(size)) OF` while validating a message: reads past its
    /// entries with `item`, which tells `l` (and `l` is told of this list) where each list
    /// lies.
    ///
    /// Every list of these messages has an upper bound under 64K and no extension marker,
    /// so its length is one constrained number and its entries one run.
    #[inline]
    pub(crate) fn walk<L, F>(
        r: &mut BitReader<'_>,
        l: &mut L,
        size: Size,
        min_bits: usize,
        mut item: F,
    ) -> Result<Self>
    where
        L: ListSink,
        F: FnMut(&mut BitReader<'_>, &mut L) -> Result<()>,
    {
        let mut list = List::default();
        l.list(r, |r, l| {
            list = Self::run(r, size, min_bits, |r, n| {
                for _ in 0..n {
                    item(r, l)?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(list)
    }

    /// The length of a `SEQUENCE (SIZE(size)) OF` and its one run of entries, which `past`
    /// reads past (given their count).
    #[inline(always)]
    fn run<F>(r: &mut BitReader<'_>, size: Size, min_bits: usize, mut past: F) -> Result<Self>
    where
        F: FnMut(&mut BitReader<'_>, usize) -> Result<()>,
    {
        let mut list = List::default();
        let mut runs = 0;
        r.read_sized(size, min_bits, |r, n| {
            runs += 1;
            if runs > 1 {
                return Err(r.error(ErrorKind::LengthTooLarge));
            }
            list.start = offset(r.position())?;
            list.len = n as u32;
            past(r, n)
        })?;
        Ok(list)
    }

    /// [`List::walk`] if `present`, else the empty list.
    #[inline(always)]
    pub(crate) fn walk_if<L, F>(
        present: bool,
        r: &mut BitReader<'_>,
        l: &mut L,
        size: Size,
        min_bits: usize,
        item: F,
    ) -> Result<Self>
    where
        L: ListSink,
        F: FnMut(&mut BitReader<'_>, &mut L) -> Result<()>,
    {
        if present {
            Self::walk(r, l, size, min_bits, item)
        } else {
            Ok(List::default())
        }
    }

    /// A `SEQUENCE (SIZE(1..4)) OF RegionalExtension` if `present`, while validating.
    #[inline(always)]
    pub(crate) fn walk_regional<L: ListSink>(
        present: bool,
        r: &mut BitReader<'_>,
        l: &mut L,
    ) -> Result<Self> {
        Self::walk_if(present, r, l, Size::range(1, 4), 8, |r, l| {
            crate::j2735::skip::regional_extension_with(r, l)
        })
    }

    /// Reads a `SEQUENCE (SIZE(size)) OF` of a validated message: steps to its end if
    /// `ix` knows where that is, else reads past its entries with `skip`.
    #[inline]
    pub(crate) fn read<F>(
        r: &mut BitReader<'_>,
        ix: Lists<'_>,
        size: Size,
        min_bits: usize,
        mut skip: F,
    ) -> Result<Self>
    where
        F: FnMut(&mut BitReader<'_>) -> Result<()>,
    {
        let end = ix.end_of(r.position());
        if let (Some(end), Some(ub), false) = (end, size.small_ub(), size.ext) {
            // Recorded while the message was validated: its length (a constrained number,
            // the upper bound being under 64K) is in range, its entries fit and end at `end`.
            let n = r.read_constrained_u64(size.lb as u64, ub as u64)?;
            let start = offset(r.position())?;
            r.set_position(end);
            return Ok(List {
                start,
                len: n as u32,
            });
        }
        Self::run(r, size, min_bits, |r, n| {
            for _ in 0..n {
                skip(r)?;
            }
            Ok(())
        })
    }

    /// [`List::read`] if `present`, else the empty list.
    #[inline(always)]
    pub(crate) fn read_if<F>(
        present: bool,
        r: &mut BitReader<'_>,
        ix: Lists<'_>,
        size: Size,
        min_bits: usize,
        skip: F,
    ) -> Result<Self>
    where
        F: FnMut(&mut BitReader<'_>) -> Result<()>,
    {
        if present {
            Self::read(r, ix, size, min_bits, skip)
        } else {
            Ok(List::default())
        }
    }

    /// A `SEQUENCE (SIZE(1..4)) OF RegionalExtension` if `present`.
    #[inline(always)]
    pub(crate) fn regional(present: bool, r: &mut BitReader<'_>, ix: Lists<'_>) -> Result<Self> {
        Self::read_if(present, r, ix, Size::range(1, 4), 8, |r| {
            crate::j2735::skip::regional_extension(r)
        })
    }

    /// The entries, each read with `P` when reached (`ix` tells where the lists inside
    /// each entry end).
    #[inline]
    pub(crate) fn iter<'a, T, P: ListEntry<'a, View = T>>(
        self,
        data: &'a [u8],
        ix: Lists<'a>,
    ) -> ListIter<'a, T, P> {
        ListIter {
            r: if self.len == 0 {
                BitReader::new(&[])
            } else {
                reader_at(data, self.start as usize)
            },
            left: self.len as usize,
            ix,
            entry: PhantomData,
        }
    }
}

/// How a [`ListIter`] reads one entry of a list: implemented by the item views
/// (`View = Self`) and by the J2735 types whose entries come back as something else (a
/// `LaneID` as a `u8`, a `SignalControlZone` as its `RegionalView`). Sealed: only this
/// crate implements it; name it to write code generic over the views' lists.
///
/// ```
/// use cv2x::j2735::view::{FrameView, ListEntry, ListIter};
///
/// /// Every entry of one of the views' lists, or the first error.
/// fn all<'a, T, P: ListEntry<'a, View = T>>(list: ListIter<'a, T, P>) -> cv2x::per::Result<Vec<T>> {
///     list.collect()
/// }
///
/// // spat/jpoode__OdeSpatDataTest_L17.hex
/// let hex = "001338000817a780000089680500204642b342b34802021a15a955a940181190acd0acd2\
///            0100868555c555c00104342aae2aae002821a155715570";
/// let bytes: Vec<u8> = (0..hex.len())
///     .step_by(2)
///     .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
///     .collect();
/// let spat = FrameView::new(&bytes)?.spat().expect("message 19")?;
/// let intersections = all(spat.intersections())?;
/// assert_eq!(all(intersections[0].states())?.len(), 6);
/// assert!(all(intersections[0].enabled_lanes())?.is_empty());
/// # Ok::<(), cv2x::per::Error>(())
/// ```
pub trait ListEntry<'a>: sealed::Sealed {
    /// What the iterator yields.
    type View;
    /// The entry's ASN.1 type, for errors.
    const PATH: &'static str;
    /// Reads one entry of a validated message.
    #[doc(hidden)]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self::View>;
}

pub(crate) mod sealed {
    /// Keeps [`ListEntry`](super::ListEntry) to this crate's types.
    pub trait Sealed {}
}

/// Implements [`ListEntry`] for a view type by its inherent `parse`.
macro_rules! list_entry {
    ($l:lifetime, $view:ty, $path:literal) => {
        impl<$l> $crate::j2735::view::parts::sealed::Sealed for $view {}
        impl<$l> $crate::j2735::view::parts::ListEntry<$l> for $view {
            type View = Self;
            const PATH: &'static str = $path;
            #[inline]
            fn parse(
                r: &mut $crate::per::BitReader<$l>,
                ix: $crate::j2735::view::index::Lists<$l>,
            ) -> $crate::per::Result<Self> {
                <$view>::parse(r, ix)
            }
        }
    };
}
pub(crate) use list_entry;

/// Implements [`ListEntry`] for a plain type decoded whole on each step (the decode
/// allocates nothing).
macro_rules! plain_entry {
    ($($t:ty: $path:literal),* $(,)?) => {$(
        impl sealed::Sealed for $t {}
        impl<'a> ListEntry<'a> for $t {
            type View = Self;
            const PATH: &'static str = $path;
            #[inline]
            fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
                <$t>::decode(r)
            }
        }
    )*};
}

plain_entry!(
    crate::j2735::RegulatorySpeedLimit: "RegulatorySpeedLimit",
    crate::j2735::NodeAttributeXY: "NodeAttributeXY",
    crate::j2735::SegmentAttributeXY: "SegmentAttributeXY",
);

impl sealed::Sealed for crate::j2735::LaneID {}
/// A `LaneID` entry, read as its number.
impl<'a> ListEntry<'a> for crate::j2735::LaneID {
    type View = u8;
    const PATH: &'static str = "LaneID";
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<u8> {
        Self::decode(r).map(|v| v.0)
    }
}

/// Iterator over the entries of a `SEQUENCE OF`, each read when reached.
///
/// Yields `Result` and stops after the first error (after the view's validation no entry
/// fails; the `Result` keeps the contract). An absent optional list iterates as empty:
/// every list here has at least one entry when present.
///
/// # How the signal views find members
/// The message view's constructor validates everything once (the generated skip functions
/// walk every item). Each item view is then built by one pass over its item when the
/// iterator reaches it: plain members (integers, enumerations, small bit strings) are
/// decoded into the view, lists and strings are recorded as (start, count), and nested
/// items are read past with the skip functions. So every getter is a field read, walking a
/// list costs one pass over it, and a message read all the way down is read about once per
/// nesting level; with a `ViewIndex`, which tells an item where each of its lists ends,
/// twice (validation, then the visit).
///
/// `T` is the item; `P` says how to read one (see [`ListEntry`]): the item's own type
/// but for lists of plain values returned as numbers.
pub struct ListIter<'a, T, P = T> {
    r: BitReader<'a>,
    left: usize,
    ix: Lists<'a>,
    entry: PhantomData<fn() -> (T, P)>,
}

impl<T, P> Clone for ListIter<'_, T, P> {
    fn clone(&self) -> Self {
        ListIter {
            r: self.r.clone(),
            left: self.left,
            ix: self.ix,
            entry: PhantomData,
        }
    }
}

impl<T, P> core::fmt::Debug for ListIter<'_, T, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ListIter")
            .field("r", &self.r)
            .field("left", &self.left)
            .finish()
    }
}

impl<T, P> ListIter<'_, T, P> {
    /// Entries not yet read.
    #[inline]
    pub fn len(&self) -> usize {
        self.left
    }

    /// Whether every entry has been read (or the list is empty or absent).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.left == 0
    }
}

impl<'a, T, P: ListEntry<'a, View = T>> Iterator for ListIter<'a, T, P> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let item = P::parse(&mut self.r, self.ix);
        if item.is_err() {
            self.left = 0;
        }
        Some(item.field(P::PATH))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left.min(1), Some(self.left))
    }
}

impl<'a, T, P: ListEntry<'a, View = T>> core::iter::FusedIterator for ListIter<'a, T, P> {}

/// Iterator over regional extensions (`SEQUENCE (SIZE(1..4)) OF RegionalExtension`).
pub type RegionalListIter<'a> = ListIter<'a, RegionalView<'a>>;

/// Reads one `RegionalExtension`: the region ID and the open type's content.
#[inline]
pub(crate) fn parse_regional<'a>(r: &mut BitReader<'a>) -> Result<RegionalView<'a>> {
    let region_id = RegionId::decode(r)?.0;
    let content = r.read_open()?;
    Ok(RegionalView { region_id, content })
}

impl sealed::Sealed for RegionalView<'_> {}
impl<'a> ListEntry<'a> for RegionalView<'a> {
    type View = Self;
    const PATH: &'static str = "RegionalExtension";
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        parse_regional(r)
    }
}

/// The regional extensions of `list`.
#[inline]
pub(crate) fn regional_iter<'a>(data: &'a [u8], list: List) -> RegionalListIter<'a> {
    list.iter(data, Lists::NONE)
}

/// Reads past a plain value.
#[inline]
pub(crate) fn skip_plain<T: Decode>(r: &mut BitReader<'_>) -> Result<()> {
    T::decode(r).map(drop)
}

/// Decodes `T` if `present`.
#[inline]
pub(crate) fn opt<T: Decode>(present: bool, r: &mut BitReader<'_>) -> Result<Option<T>> {
    if present {
        T::decode(r).map(Some)
    } else {
        Ok(None)
    }
}

/// Whether bit `i` (counted from the least significant) of a presence bitmap is set.
#[inline(always)]
pub(crate) fn bit(opt: u64, i: u32) -> bool {
    opt >> i & 1 == 1
}

/// Reads the extension additions of an extensible type if its extension bit is set.
#[inline]
pub(crate) fn extensions(ext: bool, r: &mut BitReader<'_>) -> Result<()> {
    if ext {
        r.skip_extensions()
    } else {
        Ok(())
    }
}

/// An IA5String read in place (a `DescriptiveName`, or a `DataParameters` string): its
/// characters are 7-bit ASCII, read when asked for.
///
/// Compare it with `==` against a `&str`, print it with `{}`, walk it with
/// [`chars`](Ia5Str::chars) or copy it into a caller's buffer with
/// [`copy_to`](Ia5Str::copy_to).
#[derive(Clone, Copy, Debug)]
pub struct Ia5Str<'a> {
    data: &'a [u8],
    start: usize,
    len: usize,
}

impl<'a> Ia5Str<'a> {
    /// Reads the length under `size` and reads past the characters.
    #[inline]
    pub(crate) fn read(r: &mut BitReader<'a>, size: Size) -> Result<Self> {
        let data = r.data();
        let mut s = Ia5Str {
            data,
            start: 0,
            len: 0,
        };
        let mut runs = 0;
        r.read_sized(size, 7, |r, n| {
            runs += 1;
            if runs > 1 {
                return Err(r.error(ErrorKind::LengthTooLarge));
            }
            s.start = r.position();
            s.len = n;
            r.skip(n * 7)
        })?;
        Ok(s)
    }

    /// Where a `DescriptiveName` (`IA5String (SIZE(1..63))`) lies, if `present`: what an
    /// item view keeps (a fifth of an `Ia5Str`), the string made again when asked for.
    #[inline]
    pub(crate) fn name(present: bool, r: &mut BitReader<'a>) -> Result<Option<NameAt>> {
        if !present {
            return Ok(None);
        }
        let s = Self::read(r, Size::range(1, 63))?;
        let start = offset(s.start)?;
        // At least one character (its size): never `None`.
        Ok(NonZeroU8::new(s.len as u8).map(|len| NameAt { start, len }))
    }

    /// Number of characters.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the string is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The characters as ASCII octets (0..=127).
    #[inline]
    pub fn bytes(&self) -> Ia5Bytes<'a> {
        Ia5Bytes {
            r: BitReader::with_range(self.data, self.start, self.start + self.len * 7)
                .unwrap_or(BitReader::new(&[])),
        }
    }

    /// The characters.
    #[inline]
    pub fn chars(&self) -> core::iter::Map<Ia5Bytes<'a>, fn(u8) -> char> {
        self.bytes().map(char::from)
    }

    /// Copies the characters into `buf` and returns them as a `&str`, or `None` if `buf` is
    /// shorter than [`len`](Ia5Str::len).
    pub fn copy_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b str> {
        let out = buf.get_mut(..self.len)?;
        for (o, b) in out.iter_mut().zip(self.bytes()) {
            *o = b;
        }
        core::str::from_utf8(out).ok()
    }
}

/// Where a `DescriptiveName` lies in a view's input (see [`Ia5Str::name`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct NameAt {
    start: u32,
    /// Never 0: an `Option<NameAt>` takes no more room than a `NameAt`.
    len: NonZeroU8,
}

impl NameAt {
    /// The name, in `data` (the input it was read from).
    #[inline]
    pub(crate) fn get(self, data: &[u8]) -> Ia5Str<'_> {
        Ia5Str {
            data,
            start: self.start as usize,
            len: self.len.get() as usize,
        }
    }
}

impl core::fmt::Display for Ia5Str<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        self.chars().try_for_each(|c| f.write_char(c))
    }
}

impl PartialEq<str> for Ia5Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.len == other.len() && self.bytes().eq(other.bytes())
    }
}

impl PartialEq<&str> for Ia5Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// The octets of an [`Ia5Str`], read 7 bits at a time.
#[derive(Clone, Debug)]
pub struct Ia5Bytes<'a> {
    r: BitReader<'a>,
}

impl Iterator for Ia5Bytes<'_> {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        self.r.read_bits(7).ok().map(|b| b as u8)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.r.remaining() / 7;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Ia5Bytes<'_> {}
impl core::iter::FusedIterator for Ia5Bytes<'_> {}

/// A BIT STRING read in place, first bit (bit 0 of the ASN.1 named bits) first.
///
/// Used where the length is not fixed (an extensible `SIZE`, or an unknown alternative's
/// content); the fixed-size bit strings are returned as plain numbers instead.
#[derive(Clone, Copy, Debug)]
pub struct BitsView<'a> {
    data: &'a [u8],
    start: usize,
    len: usize,
}

impl<'a> BitsView<'a> {
    /// Reads a bit string under `size`.
    #[inline]
    pub(crate) fn read(r: &mut BitReader<'a>, size: Size) -> Result<Self> {
        let mut s = BitsView {
            data: r.data(),
            start: 0,
            len: 0,
        };
        let mut runs = 0;
        r.read_sized(size, 1, |r, n| {
            runs += 1;
            if runs > 1 {
                return Err(r.error(ErrorKind::LengthTooLarge));
            }
            s.start = r.position();
            s.len = n;
            r.skip(n)
        })?;
        Ok(s)
    }

    /// The `len` bits of `data` from bit `start` (within `data`: read past already).
    #[inline]
    pub(crate) fn at(data: &'a [u8], start: usize, len: usize) -> Self {
        BitsView { data, start, len }
    }

    /// Bit offset of the first bit in the input.
    #[inline]
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// Number of bits.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bits.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bit `i` (0 is the first bit sent); `false` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        i < self.len
            && reader_at(self.data, 0)
                .bits_at(self.start + i, 1)
                .is_ok_and(|b| b == 1)
    }

    /// The first `min(len, 64)` bits as a number, the first bit the most significant
    /// (`"0101"` reads 5).
    #[inline]
    pub fn value(&self) -> u64 {
        let n = self.len.min(64) as u32;
        reader_at(self.data, 0).bits_at(self.start, n).unwrap_or(0)
    }
}

impl core::fmt::Display for BitsView<'_> {
    /// The bits as `0`/`1` characters, first bit first (the JSON form).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        (0..self.len).try_for_each(|i| f.write_char(if self.get(i) { '1' } else { '0' }))
    }
}

/// Reads an `IntersectionReferenceID` as (region, id).
#[inline]
pub(crate) fn intersection_ref(r: &mut BitReader<'_>) -> Result<(Option<u16>, u16)> {
    let v = IntersectionReferenceID::decode(r)?;
    Ok((v.region.map(|x| x.0), v.id.0))
}

/// Builds the owned (plain) `IntersectionReferenceID` back from (region, id).
#[inline]
pub(crate) fn make_intersection_ref(v: (Option<u16>, u16)) -> IntersectionReferenceID {
    IntersectionReferenceID {
        region: v.0.map(crate::j2735::RoadRegulatorID),
        id: crate::j2735::IntersectionID(v.1),
    }
}

/// An `IntersectionAccessPoint`: where a request or status applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessPoint {
    /// `lane`: a `LaneID`.
    Lane(u8),
    /// `approach`: an `ApproachID` (0..15).
    Approach(u8),
    /// `connection`: a `LaneConnectionID`.
    Connection(u8),
    /// An alternative added by a later edition: its index among the additions (its
    /// content is skipped).
    Unknown(u64),
}

impl AccessPoint {
    /// Reads an `IntersectionAccessPoint`.
    #[inline]
    pub(crate) fn read(r: &mut BitReader<'_>) -> Result<Self> {
        if r.read_bool()? {
            let i = r.read_normally_small()?;
            r.read_open()?;
            return Ok(AccessPoint::Unknown(i));
        }
        let at = r.position();
        Ok(match r.read_bits(2)? {
            0 => AccessPoint::Lane(r.read_bits(8)? as u8),
            1 => AccessPoint::Approach(r.read_bits(4)? as u8),
            2 => AccessPoint::Connection(r.read_bits(8)? as u8),
            _ => return Err(Error::new(ErrorKind::InvalidChoice, at)),
        })
    }
}

/// A `VehicleID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VehicleIdView {
    /// `entityID`: the 4-octet temporary ID.
    Entity([u8; 4]),
    /// `stationID`.
    Station(u32),
}

impl VehicleIdView {
    #[inline]
    pub(crate) fn read(r: &mut BitReader<'_>) -> Result<Self> {
        Ok(if r.read_bool()? {
            VehicleIdView::Station(StationID::decode(r)?.0)
        } else {
            VehicleIdView::Entity((r.read_bits(32)? as u32).to_be_bytes())
        })
    }
}

/// A `Position3D` read in place: latitude, longitude, optional elevation.
#[derive(Clone, Copy, Debug)]
pub struct Position3DView<'a> {
    data: &'a [u8],
    lat: i32,
    long: i32,
    elevation: Option<i32>,
    regional: List,
    ext: bool,
}

impl<'a> Position3DView<'a> {
    #[inline]
    pub(crate) fn read(r: &mut BitReader<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(2)?;
        let lat = Latitude::decode(r).field("Position3D.lat")?.0;
        let long = Longitude::decode(r).field("Position3D.long")?.0;
        let elevation = opt::<Elevation>(bit(o, 1), r)
            .field("Position3D.elevation")?
            .map(|e| e.0);
        let regional = List::regional(bit(o, 0), r, Lists::NONE).field("Position3D.regional")?;
        extensions(ext, r).field("Position3D....")?;
        Ok(Position3DView {
            data,
            lat,
            long,
            elevation,
            regional,
            ext,
        })
    }

    /// `lat`, 1/10 micro degree (900000001: unavailable).
    #[inline]
    pub fn lat(&self) -> i32 {
        self.lat
    }
    /// `long`, 1/10 micro degree (1800000001: unavailable).
    #[inline]
    pub fn long(&self) -> i32 {
        self.long
    }
    /// `elevation`, 10 cm units (-4096: unavailable).
    #[inline]
    pub fn elevation(&self) -> Option<i32> {
        self.elevation
    }
    /// Latitude in degrees, `None` when unavailable.
    #[inline]
    pub fn latitude_deg(&self) -> Option<f64> {
        crate::j2735::units::lat_deg(self.lat)
    }
    /// Longitude in degrees, `None` when unavailable.
    #[inline]
    pub fn longitude_deg(&self) -> Option<f64> {
        crate::j2735::units::long_deg(self.long)
    }
    /// `regional`, walked lazily.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// A `RequestorType`: the role of the vehicle asking for (or granted) priority.
#[derive(Clone, Copy, Debug)]
pub struct RequestorTypeView<'a> {
    data: &'a [u8],
    role: BasicVehicleRole,
    subrole: Option<RequestSubRole>,
    request: Option<RequestImportanceLevel>,
    iso3883: Option<u8>,
    hpms_type: Option<VehicleType>,
    regional: Option<usize>,
    ext: bool,
}

impl<'a> RequestorTypeView<'a> {
    #[inline]
    pub(crate) fn read(r: &mut BitReader<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(5)?;
        let role = BasicVehicleRole::decode(r).field("RequestorType.role")?;
        let subrole = opt(bit(o, 4), r).field("RequestorType.subrole")?;
        let request = opt(bit(o, 3), r).field("RequestorType.request")?;
        let iso3883 = opt::<Iso3833VehicleType>(bit(o, 2), r)
            .field("RequestorType.iso3883")?
            .map(|v| v.0);
        let hpms_type = opt(bit(o, 1), r).field("RequestorType.hpmsType")?;
        let regional = if bit(o, 0) {
            let at = r.position();
            crate::j2735::skip::regional_extension(r).field("RequestorType.regional")?;
            Some(at)
        } else {
            None
        };
        extensions(ext, r).field("RequestorType....")?;
        Ok(RequestorTypeView {
            data,
            role,
            subrole,
            request,
            iso3883,
            hpms_type,
            regional,
            ext,
        })
    }

    /// `role`.
    #[inline]
    pub fn role(&self) -> BasicVehicleRole {
        self.role
    }
    /// `subrole`.
    #[inline]
    pub fn subrole(&self) -> Option<RequestSubRole> {
        self.subrole
    }
    /// `request` (importance level).
    #[inline]
    pub fn request(&self) -> Option<RequestImportanceLevel> {
        self.request
    }
    /// `iso3883` (`Iso3833VehicleType`).
    #[inline]
    pub fn iso3883(&self) -> Option<u8> {
        self.iso3883
    }
    /// `hpmsType`.
    #[inline]
    pub fn hpms_type(&self) -> Option<VehicleType> {
        self.hpms_type
    }
    /// `regional`: a single regional extension.
    #[inline]
    pub fn regional(&self) -> Option<RegionalView<'a>> {
        self.regional
            .and_then(|at| parse_regional(&mut reader_at(self.data, at)).ok())
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}
