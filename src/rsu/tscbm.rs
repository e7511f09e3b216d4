//! The NTCIP 1202 "SPaT blob" (TSCBM) a traffic signal controller sends at 10 Hz, by
//! default over UDP to port 6053.
//!
//! Big-endian, 241 bytes, or 245 with the optional pedestrian words:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | header `0xCD` |
//! | 1 | 1 | number of phase blocks (16) |
//! | 2 + 13 i | 13 each | phase number (u8), then six u16: vehicle min, vehicle max, ped min, ped max, overlap min, overlap max, in tenths of a second from now |
//! | 210 | 22 | eleven u16 bitmasks, bit n-1 = phase n: phase reds, yellows, greens, don't-walks, ped clears, walks, overlap reds, yellows, greens, flashing phases, flashing overlaps |
//! | 232 | 4 | intersection status, timebase action, discontinuous-change flag, message sequence counter (u8 each) |
//! | 236 | 3 | seconds of the day |
//! | 239 | 2 | milliseconds |
//! | 241 | 4 | pedestrian call, pedestrian detect (u16 each), optional |
//!
//! [`TscbmView`] borrows the bytes and reads each field on demand: no allocation, no
//! copy, and no panic on any input (every read goes through `get`). [`SignalState`] is an
//! owned, `Copy` snapshot of the whole blob indexed by phase and overlap number, for the
//! SPaT builder. [`parse_text`] reads the `Payload=<hex>` text form some controllers send.
//!
//! Countdowns are passed through as sent. Controllers send `0xFFFF` as a maximum they do
//! not know (the V2X Hub test blob does, for every vehicle maximum): a consumer adding a
//! countdown to a `TimeMark` must clamp it, not let it wrap past the hour.
//!
//! ```
//! use cv2x::rsu::tscbm::{PhaseColor, TscbmView};
//!
//! // A 241-byte blob: phase 2 green with 5.0 s to 12.0 s left, every other phase red.
//! let mut blob = [0u8; 241];
//! blob[0] = 0xCD;
//! blob[1] = 16;
//! for i in 0..16 {
//!     blob[2 + 13 * i] = i as u8 + 1; // phase numbers 1..=16
//! }
//! blob[2 + 13 + 1..2 + 13 + 5].copy_from_slice(&[0, 50, 0, 120]); // phase 2 vehicle min, max
//! blob[210..212].copy_from_slice(&0xFFFDu16.to_be_bytes()); // reds: all but phase 2
//! blob[214..216].copy_from_slice(&0x0002u16.to_be_bytes()); // greens: phase 2
//! blob[235] = 7; // sequence counter
//!
//! let view = TscbmView::new(&blob)?;
//! assert_eq!(view.phase_color(2), PhaseColor::Green);
//! assert_eq!(view.phase_color(1), PhaseColor::Red);
//! let p2 = view.block_for_phase(2).unwrap();
//! assert_eq!((p2.vehicle_min, p2.vehicle_max), (50, 120));
//! assert_eq!(view.sequence(), 7);
//! assert_eq!(view.ped_call(), None); // no pedestrian words in a 241-byte blob
//!
//! let state = view.signal_state();
//! assert_eq!(state.phase(2).unwrap().countdown.unwrap().min_tenths, 50);
//! # Ok::<(), cv2x::rsu::tscbm::TscbmError>(())
//! ```

use core::iter::FusedIterator;

/// The first byte of every blob.
pub const HEADER: u8 = 0xCD;
/// The number of phase blocks in a blob.
pub const PHASE_BLOCKS: u8 = 16;
/// The length of one phase block: phase number and six `u16` countdowns.
pub const PHASE_BLOCK_LEN: usize = 13;
/// The length of a blob without the pedestrian words.
pub const LEN: usize = 241;
/// The length of a blob with the pedestrian call and detect words.
pub const LEN_WITH_PED: usize = 245;

const BLOCKS_AT: usize = 2;
const MASKS_AT: usize = 210;
const STATUS_AT: usize = 232;
const TIMEBASE_AT: usize = 233;
const DISCONTINUOUS_AT: usize = 234;
const SEQUENCE_AT: usize = 235;
const SECONDS_AT: usize = 236;
const MILLIS_AT: usize = 239;
const PED_CALL_AT: usize = 241;
const PED_DETECT_AT: usize = 243;

/// Why a blob (or its text form) was rejected. Small and `Copy`, like the codec's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TscbmError {
    /// The first byte is not `0xCD`.
    #[error("TSCBM header byte {0:#04x}, expected 0xcd")]
    BadHeader(u8),
    /// The phase block count (byte 1) is not 16.
    #[error("TSCBM has {0} phase blocks, expected 16")]
    BadPhaseCount(u8),
    /// The blob is neither 241 nor 245 bytes long (the value is the length found; for the
    /// text form, the number of whole bytes the hex digits make).
    #[error("TSCBM is {0} bytes long, expected 241 or 245")]
    BadLength(usize),
    /// The text has no `Payload=` line and is not bare hex.
    #[error("no Payload= line in the TSCBM text")]
    NoPayload,
    /// A character of the payload is neither a hex digit nor whitespace; the value is
    /// its byte offset within the payload value.
    #[error("invalid hex character at offset {0} of the TSCBM payload")]
    InvalidHex(usize),
    /// The payload has an odd number of hex digits.
    #[error("odd number of hex digits in the TSCBM payload")]
    OddHexDigits,
}

/// The colour of a vehicle phase or an overlap, from the red, yellow and green bitmasks.
///
/// Flashing is a separate bit: see [`TscbmView::is_phase_flashing`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PhaseColor {
    /// Exactly the red bit is set.
    Red,
    /// Exactly the yellow bit is set.
    Yellow,
    /// Exactly the green bit is set.
    Green,
    /// None of the three bits is set (an unused phase, or the signal is dark).
    #[default]
    Dark,
    /// More than one of the three bits is set, or the phase number is outside `1..=16`.
    Unknown,
}

impl PhaseColor {
    fn from_bits(red: bool, yellow: bool, green: bool) -> Self {
        match (red, yellow, green) {
            (true, false, false) => PhaseColor::Red,
            (false, true, false) => PhaseColor::Yellow,
            (false, false, true) => PhaseColor::Green,
            (false, false, false) => PhaseColor::Dark,
            _ => PhaseColor::Unknown,
        }
    }
}

/// The pedestrian indication of a phase, from the walk, ped clear and don't-walk bitmasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PedIndication {
    /// Exactly the walk bit is set.
    Walk,
    /// Exactly the ped clear bit is set (flashing don't walk).
    PedClear,
    /// Exactly the don't-walk bit is set.
    DontWalk,
    /// None of the three bits is set.
    #[default]
    Dark,
    /// More than one of the three bits is set, or the phase number is outside `1..=16`.
    Unknown,
}

impl PedIndication {
    fn from_bits(walk: bool, clear: bool, dont_walk: bool) -> Self {
        match (walk, clear, dont_walk) {
            (true, false, false) => PedIndication::Walk,
            (false, true, false) => PedIndication::PedClear,
            (false, false, true) => PedIndication::DontWalk,
            (false, false, false) => PedIndication::Dark,
            _ => PedIndication::Unknown,
        }
    }
}

/// Whether bit `n - 1` of `mask` is set; `false` for `n` outside `1..=16`.
///
/// ```
/// use cv2x::rsu::tscbm::mask_has;
/// assert!(mask_has(0x0022, 2) && mask_has(0x0022, 6));
/// assert!(!mask_has(0x0022, 1) && !mask_has(0xFFFF, 0) && !mask_has(0xFFFF, 17));
/// ```
#[inline]
pub fn mask_has(mask: u16, n: u8) -> bool {
    n.checked_sub(1)
        .and_then(|shift| mask.checked_shr(u32::from(shift)))
        .is_some_and(|m| m & 1 == 1)
}

/// A minimum and maximum time to change, in tenths of a second from the blob's "now".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Countdown {
    /// The earliest the indication can change, tenths of a second.
    pub min_tenths: u16,
    /// The latest the indication can change, tenths of a second (`0xFFFF` is commonly sent
    /// when unknown).
    pub max_tenths: u16,
}

/// One 13-byte phase block, decoded. The block's number names both the vehicle/pedestrian
/// phase and the overlap its countdowns belong to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PhaseBlock {
    /// The phase (and overlap) number of the block, normally its position + 1.
    pub number: u8,
    /// Vehicle minimum time to change, tenths of a second.
    pub vehicle_min: u16,
    /// Vehicle maximum time to change, tenths of a second.
    pub vehicle_max: u16,
    /// Pedestrian minimum time to change, tenths of a second.
    pub ped_min: u16,
    /// Pedestrian maximum time to change, tenths of a second (read from its own offset,
    /// not the ped-min one as some converters do).
    pub ped_max: u16,
    /// Overlap minimum time to change, tenths of a second.
    pub overlap_min: u16,
    /// Overlap maximum time to change, tenths of a second.
    pub overlap_max: u16,
}

impl PhaseBlock {
    /// The vehicle countdown.
    pub fn vehicle(&self) -> Countdown {
        Countdown {
            min_tenths: self.vehicle_min,
            max_tenths: self.vehicle_max,
        }
    }

    /// The pedestrian countdown.
    pub fn ped(&self) -> Countdown {
        Countdown {
            min_tenths: self.ped_min,
            max_tenths: self.ped_max,
        }
    }

    /// The overlap countdown.
    pub fn overlap(&self) -> Countdown {
        Countdown {
            min_tenths: self.overlap_min,
            max_tenths: self.overlap_max,
        }
    }
}

/// A validated TSCBM blob, borrowed: every getter reads the bytes on demand.
///
/// Construct it with [`TscbmView::new`]; see the [module documentation](self) for an
/// example.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TscbmView<'a> {
    bytes: &'a [u8],
}

impl<'a> TscbmView<'a> {
    /// Checks the header (`0xCD`), the phase block count (16) and the length (241 or 245)
    /// and wraps the bytes. The checks run in that order, so an empty input is
    /// [`TscbmError::BadLength`]`(0)` and garbage of any length is most often
    /// [`TscbmError::BadHeader`].
    ///
    /// ```
    /// use cv2x::rsu::tscbm::{TscbmError, TscbmView};
    /// assert_eq!(TscbmView::new(&[]), Err(TscbmError::BadLength(0)));
    /// assert_eq!(TscbmView::new(&[0x58; 500]), Err(TscbmError::BadHeader(0x58)));
    /// assert_eq!(TscbmView::new(&[0xCD, 8]), Err(TscbmError::BadPhaseCount(8)));
    /// assert_eq!(TscbmView::new(&[0xCD, 16, 0]), Err(TscbmError::BadLength(3)));
    /// ```
    pub fn new(bytes: &'a [u8]) -> Result<Self, TscbmError> {
        match bytes.first() {
            None => return Err(TscbmError::BadLength(0)),
            Some(&h) if h != HEADER => return Err(TscbmError::BadHeader(h)),
            Some(_) => {}
        }
        match bytes.get(1) {
            None => return Err(TscbmError::BadLength(bytes.len())),
            Some(&n) if n != PHASE_BLOCKS => return Err(TscbmError::BadPhaseCount(n)),
            Some(_) => {}
        }
        if bytes.len() != LEN && bytes.len() != LEN_WITH_PED {
            return Err(TscbmError::BadLength(bytes.len()));
        }
        Ok(TscbmView { bytes })
    }

    /// The whole blob as received.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether the blob carries the pedestrian call and detect words (245 bytes).
    pub fn has_ped_words(&self) -> bool {
        self.bytes.len() == LEN_WITH_PED
    }

    fn u8_at(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    fn u16_at(&self, at: usize) -> u16 {
        u16::from_be_bytes([self.u8_at(at), self.u8_at(at.saturating_add(1))])
    }

    fn mask(&self, k: usize) -> u16 {
        self.u16_at(MASKS_AT.saturating_add(k.saturating_mul(2)))
    }

    /// The phase block at `position` (`0..16`, in wire order); `None` past the last.
    pub fn phase_block(&self, position: usize) -> Option<PhaseBlock> {
        if position >= usize::from(PHASE_BLOCKS) {
            return None;
        }
        let at = BLOCKS_AT.saturating_add(position.saturating_mul(PHASE_BLOCK_LEN));
        let word = |k: usize| self.u16_at(at.saturating_add(1).saturating_add(k.saturating_mul(2)));
        Some(PhaseBlock {
            number: self.u8_at(at),
            vehicle_min: word(0),
            vehicle_max: word(1),
            ped_min: word(2),
            ped_max: word(3),
            overlap_min: word(4),
            overlap_max: word(5),
        })
    }

    /// The first phase block whose number byte is `number`; `None` if no block has it.
    pub fn block_for_phase(&self, number: u8) -> Option<PhaseBlock> {
        self.phases().find(|b| b.number == number)
    }

    /// The 16 phase blocks in wire order.
    ///
    /// ```
    /// # use cv2x::rsu::tscbm::TscbmView;
    /// # let mut blob = [0u8; 241]; blob[0] = 0xCD; blob[1] = 16;
    /// let view = TscbmView::new(&blob)?;
    /// assert_eq!(view.phases().count(), 16);
    /// # Ok::<(), cv2x::rsu::tscbm::TscbmError>(())
    /// ```
    pub fn phases(&self) -> Phases<'a> {
        Phases {
            view: *self,
            next: 0,
        }
    }

    /// Phase reds bitmask (bit n-1 = phase n).
    pub fn phase_reds(&self) -> u16 {
        self.mask(0)
    }
    /// Phase yellows bitmask (bit n-1 = phase n).
    pub fn phase_yellows(&self) -> u16 {
        self.mask(1)
    }
    /// Phase greens bitmask (bit n-1 = phase n).
    pub fn phase_greens(&self) -> u16 {
        self.mask(2)
    }
    /// Pedestrian don't-walks bitmask (bit n-1 = phase n).
    pub fn phase_dont_walks(&self) -> u16 {
        self.mask(3)
    }
    /// Pedestrian clears bitmask (bit n-1 = phase n).
    pub fn phase_ped_clears(&self) -> u16 {
        self.mask(4)
    }
    /// Pedestrian walks bitmask (bit n-1 = phase n).
    pub fn phase_walks(&self) -> u16 {
        self.mask(5)
    }
    /// Overlap reds bitmask (bit n-1 = overlap n).
    pub fn overlap_reds(&self) -> u16 {
        self.mask(6)
    }
    /// Overlap yellows bitmask (bit n-1 = overlap n).
    pub fn overlap_yellows(&self) -> u16 {
        self.mask(7)
    }
    /// Overlap greens bitmask (bit n-1 = overlap n).
    pub fn overlap_greens(&self) -> u16 {
        self.mask(8)
    }
    /// Flashing phases bitmask (bit n-1 = phase n).
    pub fn flashing_phases(&self) -> u16 {
        self.mask(9)
    }
    /// Flashing overlaps bitmask (bit n-1 = overlap n).
    pub fn flashing_overlaps(&self) -> u16 {
        self.mask(10)
    }

    /// The colour of vehicle phase `phase` (`1..=16`).
    pub fn phase_color(&self, phase: u8) -> PhaseColor {
        if !(1..=PHASE_BLOCKS).contains(&phase) {
            return PhaseColor::Unknown;
        }
        PhaseColor::from_bits(
            mask_has(self.phase_reds(), phase),
            mask_has(self.phase_yellows(), phase),
            mask_has(self.phase_greens(), phase),
        )
    }

    /// The colour of overlap `overlap` (`1..=16`).
    pub fn overlap_color(&self, overlap: u8) -> PhaseColor {
        if !(1..=PHASE_BLOCKS).contains(&overlap) {
            return PhaseColor::Unknown;
        }
        PhaseColor::from_bits(
            mask_has(self.overlap_reds(), overlap),
            mask_has(self.overlap_yellows(), overlap),
            mask_has(self.overlap_greens(), overlap),
        )
    }

    /// Whether vehicle phase `phase` is flashing (`false` outside `1..=16`).
    pub fn is_phase_flashing(&self, phase: u8) -> bool {
        mask_has(self.flashing_phases(), phase)
    }

    /// Whether overlap `overlap` is flashing (`false` outside `1..=16`).
    pub fn is_overlap_flashing(&self, overlap: u8) -> bool {
        mask_has(self.flashing_overlaps(), overlap)
    }

    /// The pedestrian indication of phase `phase` (`1..=16`).
    pub fn ped_indication(&self, phase: u8) -> PedIndication {
        if !(1..=PHASE_BLOCKS).contains(&phase) {
            return PedIndication::Unknown;
        }
        PedIndication::from_bits(
            mask_has(self.phase_walks(), phase),
            mask_has(self.phase_ped_clears(), phase),
            mask_has(self.phase_dont_walks(), phase),
        )
    }

    /// Whether phase `phase` shows walk (its bit in the walks mask).
    pub fn is_walk(&self, phase: u8) -> bool {
        mask_has(self.phase_walks(), phase)
    }

    /// Whether phase `phase` shows pedestrian clearance (its bit in the ped clears mask).
    pub fn is_ped_clear(&self, phase: u8) -> bool {
        mask_has(self.phase_ped_clears(), phase)
    }

    /// Whether phase `phase` shows don't walk (its bit in the don't-walks mask).
    pub fn is_dont_walk(&self, phase: u8) -> bool {
        mask_has(self.phase_dont_walks(), phase)
    }

    /// The intersection status byte, as sent.
    pub fn intersection_status(&self) -> u8 {
        self.u8_at(STATUS_AT)
    }

    /// The timebase ASC action status byte, as sent.
    pub fn timebase_action(&self) -> u8 {
        self.u8_at(TIMEBASE_AT)
    }

    /// The discontinuous-change flag byte, as sent (controllers send values other than 0
    /// and 1 here: 8, 16 and 17 in the public test data).
    pub fn discontinuous_change(&self) -> u8 {
        self.u8_at(DISCONTINUOUS_AT)
    }

    /// The message sequence counter: one byte, incremented per message, wrapping at 255.
    pub fn sequence(&self) -> u8 {
        self.u8_at(SEQUENCE_AT)
    }

    /// Seconds of the day (3 bytes), as sent; not checked against 86 400.
    pub fn seconds_of_day(&self) -> u32 {
        u32::from_be_bytes([
            0,
            self.u8_at(SECONDS_AT),
            self.u8_at(SECONDS_AT.saturating_add(1)),
            self.u8_at(SECONDS_AT.saturating_add(2)),
        ])
    }

    /// Milliseconds within the second (2 bytes), as sent; not checked against 1000.
    pub fn milliseconds(&self) -> u16 {
        self.u16_at(MILLIS_AT)
    }

    /// The controller's time of day in milliseconds: `seconds_of_day * 1000 + milliseconds`.
    pub fn millis_of_day(&self) -> u64 {
        u64::from(self.seconds_of_day())
            .saturating_mul(1000)
            .saturating_add(u64::from(self.milliseconds()))
    }

    /// The pedestrian call word (bit n-1 = phase n), if the blob has the pedestrian words.
    pub fn ped_call(&self) -> Option<u16> {
        self.has_ped_words().then(|| self.u16_at(PED_CALL_AT))
    }

    /// The pedestrian detect word (bit n-1 = phase n), if the blob has the pedestrian words.
    pub fn ped_detect(&self) -> Option<u16> {
        self.has_ped_words().then(|| self.u16_at(PED_DETECT_AT))
    }

    /// An owned snapshot of the whole blob, indexed by phase and overlap number.
    pub fn signal_state(&self) -> SignalState {
        SignalState::from(self)
    }
}

/// The phase blocks of a [`TscbmView`], in wire order; see [`TscbmView::phases`].
#[derive(Clone, Debug)]
pub struct Phases<'a> {
    view: TscbmView<'a>,
    next: usize,
}

impl Iterator for Phases<'_> {
    type Item = PhaseBlock;

    fn next(&mut self) -> Option<PhaseBlock> {
        let block = self.view.phase_block(self.next)?;
        self.next = self.next.saturating_add(1);
        Some(block)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::from(PHASE_BLOCKS).saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Phases<'_> {}
impl FusedIterator for Phases<'_> {}

/// A vehicle phase or an overlap in a [`SignalState`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MovementSignal {
    /// The colour from the red, yellow and green masks.
    pub color: PhaseColor,
    /// The flashing bit.
    pub flashing: bool,
    /// The countdown from the block numbered like the phase or overlap; `None` if no block
    /// has that number.
    pub countdown: Option<Countdown>,
}

/// The pedestrian side of a phase in a [`SignalState`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PedSignal {
    /// The indication from the walk, ped clear and don't-walk masks.
    pub indication: PedIndication,
    /// The pedestrian countdown from the block numbered like the phase; `None` if no block
    /// has that number.
    pub countdown: Option<Countdown>,
    /// The phase's bit of the pedestrian call word (`false` without the pedestrian words).
    pub call: bool,
    /// The phase's bit of the pedestrian detect word (`false` without the pedestrian words).
    pub detect: bool,
}

/// An owned, `Copy`, allocation-free snapshot of a TSCBM blob: what the SPaT builder needs.
///
/// The arrays are indexed by number - 1: `phases[0]` is phase 1. Use [`SignalState::phase`],
/// [`SignalState::overlap`] and [`SignalState::ped`] to index by number without panicking.
/// `SignalState::default()` is all dark, with no countdowns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SignalState {
    /// Vehicle phases 1..=16.
    pub phases: [MovementSignal; 16],
    /// Overlaps 1..=16.
    pub overlaps: [MovementSignal; 16],
    /// Pedestrian indications of phases 1..=16.
    pub peds: [PedSignal; 16],
    /// The intersection status byte.
    pub intersection_status: u8,
    /// The timebase ASC action status byte.
    pub timebase_action: u8,
    /// The discontinuous-change flag byte.
    pub discontinuous_change: u8,
    /// The message sequence counter.
    pub sequence: u8,
    /// Seconds of the day, as sent.
    pub seconds_of_day: u32,
    /// Milliseconds within the second, as sent.
    pub milliseconds: u16,
    /// The pedestrian call word, when sent.
    pub ped_call: Option<u16>,
    /// The pedestrian detect word, when sent.
    pub ped_detect: Option<u16>,
}

impl SignalState {
    /// Vehicle phase `n` (`1..=16`).
    pub fn phase(&self, n: u8) -> Option<&MovementSignal> {
        self.phases.get(usize::from(n.checked_sub(1)?))
    }

    /// Overlap `n` (`1..=16`).
    pub fn overlap(&self, n: u8) -> Option<&MovementSignal> {
        self.overlaps.get(usize::from(n.checked_sub(1)?))
    }

    /// The pedestrian side of phase `n` (`1..=16`).
    pub fn ped(&self, n: u8) -> Option<&PedSignal> {
        self.peds.get(usize::from(n.checked_sub(1)?))
    }
}

impl From<&TscbmView<'_>> for SignalState {
    fn from(view: &TscbmView<'_>) -> Self {
        let mut state = SignalState {
            intersection_status: view.intersection_status(),
            timebase_action: view.timebase_action(),
            discontinuous_change: view.discontinuous_change(),
            sequence: view.sequence(),
            seconds_of_day: view.seconds_of_day(),
            milliseconds: view.milliseconds(),
            ped_call: view.ped_call(),
            ped_detect: view.ped_detect(),
            ..SignalState::default()
        };
        let numbers = (1..=PHASE_BLOCKS).zip(
            state
                .phases
                .iter_mut()
                .zip(state.overlaps.iter_mut())
                .zip(state.peds.iter_mut()),
        );
        for (n, ((phase, overlap), ped)) in numbers {
            let block = view.block_for_phase(n);
            *phase = MovementSignal {
                color: view.phase_color(n),
                flashing: view.is_phase_flashing(n),
                countdown: block.map(|b| b.vehicle()),
            };
            *overlap = MovementSignal {
                color: view.overlap_color(n),
                flashing: view.is_overlap_flashing(n),
                countdown: block.map(|b| b.overlap()),
            };
            *ped = PedSignal {
                indication: view.ped_indication(n),
                countdown: block.map(|b| b.ped()),
                call: view.ped_call().is_some_and(|m| mask_has(m, n)),
                detect: view.ped_detect().is_some_and(|m| mask_has(m, n)),
            };
        }
        state
    }
}

/// An owned, validated blob (241 or 245 bytes) in a fixed buffer: what [`parse_text`]
/// returns, or a copy of a received datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TscbmBytes {
    buf: [u8; LEN_WITH_PED],
    len: usize,
}

impl TscbmBytes {
    /// Validates `bytes` as [`TscbmView::new`] does and copies them.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, TscbmError> {
        TscbmView::new(bytes)?;
        let mut buf = [0u8; LEN_WITH_PED];
        for (dst, src) in buf.iter_mut().zip(bytes) {
            *dst = *src;
        }
        Ok(TscbmBytes {
            buf,
            len: bytes.len(),
        })
    }

    /// The blob's bytes (241 or 245).
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&self.buf)
    }

    /// A view of the blob.
    pub fn view(&self) -> TscbmView<'_> {
        // Validated on construction; the fields are private.
        TscbmView {
            bytes: self.as_bytes(),
        }
    }
}

impl AsRef<[u8]> for TscbmBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// Reads the text form some controllers and tools send: a `Payload=<hex>` line, possibly
/// among other `key=value` lines, or bare hex on its own.
///
/// The key is matched without regard to case and whitespace around it; the hex may be
/// upper or lower case, may start with `0x`, and may contain whitespace between digits.
/// The first `Payload` line wins. Text with no `=` at all is read as bare hex. The
/// decoded bytes are then checked as [`TscbmView::new`] does.
///
/// ```
/// use cv2x::rsu::tscbm::parse_text;
/// let hex: String = core::iter::once("cd10".to_string())
///     .chain(core::iter::repeat("00".to_string()).take(239))
///     .collect();
/// let text = format!("Version=0.7\r\nType=TSCBM\r\n  Payload = {hex}  \r\n");
/// let blob = parse_text(&text)?;
/// assert_eq!(blob.as_bytes().len(), 241);
/// assert_eq!(blob.view().sequence(), 0);
/// # Ok::<(), cv2x::rsu::tscbm::TscbmError>(())
/// ```
pub fn parse_text(text: &str) -> Result<TscbmBytes, TscbmError> {
    let payload = text
        .lines()
        .filter_map(|line| line.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("payload"))
        .map(|(_, value)| value);
    let hex = match payload {
        Some(value) => value,
        None if !text.contains('=') && !text.trim().is_empty() => text,
        None => return Err(TscbmError::NoPayload),
    };
    let trimmed = hex.trim_start();
    let skipped = hex.len().saturating_sub(trimmed.len());
    let (hex, skipped) = match trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
    {
        Some(rest) => (rest, skipped.saturating_add(2)),
        None => (trimmed, skipped),
    };

    let mut buf = [0u8; LEN_WITH_PED];
    let mut digits = 0usize;
    let mut high = 0u8;
    for (offset, c) in hex.bytes().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let nibble = match c {
            b'0'..=b'9' => c.wrapping_sub(b'0'),
            b'a'..=b'f' => c.wrapping_sub(b'a').wrapping_add(10),
            b'A'..=b'F' => c.wrapping_sub(b'A').wrapping_add(10),
            _ => return Err(TscbmError::InvalidHex(offset.saturating_add(skipped))),
        };
        if digits % 2 == 0 {
            high = nibble;
        } else if let Some(slot) = buf.get_mut(digits / 2) {
            *slot = high << 4 | nibble;
        }
        digits = digits.saturating_add(1);
    }
    if digits % 2 == 1 {
        return Err(TscbmError::OddHexDigits);
    }
    let len = digits / 2;
    if len > LEN_WITH_PED {
        // Still report a header or count problem first, as `TscbmView::new` would.
        let head = buf.get(..2).unwrap_or(&[]);
        return Err(match TscbmView::new(head) {
            Err(TscbmError::BadLength(_)) | Ok(_) => TscbmError::BadLength(len),
            Err(e) => e,
        });
    }
    TscbmBytes::from_slice(buf.get(..len).unwrap_or(&[]))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn blank() -> [u8; LEN_WITH_PED] {
        let mut b = [0u8; LEN_WITH_PED];
        b[0] = HEADER;
        b[1] = PHASE_BLOCKS;
        for i in 0..16 {
            b[2 + 13 * i] = i as u8 + 1;
        }
        b
    }

    #[test]
    fn ped_max_has_its_own_offset() {
        let mut b = blank();
        // Phase 3: vehicle 1/2, ped 3/4, overlap 5/6.
        let at = 2 + 13 * 2;
        b[at + 1..at + 13].copy_from_slice(&[0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6]);
        let v = TscbmView::new(&b[..LEN]).unwrap();
        let p = v.block_for_phase(3).unwrap();
        assert_eq!(
            (
                p.vehicle_min,
                p.vehicle_max,
                p.ped_min,
                p.ped_max,
                p.overlap_min,
                p.overlap_max
            ),
            (1, 2, 3, 4, 5, 6)
        );
        let s = v.signal_state();
        assert_eq!(s.ped(3).unwrap().countdown.unwrap().max_tenths, 4);
        assert_eq!(s.overlap(3).unwrap().countdown.unwrap().max_tenths, 6);
    }

    #[test]
    fn one_byte_fields_are_not_swapped() {
        let mut b = blank();
        b[232..241].copy_from_slice(&[1, 2, 3, 4, 0x01, 0x51, 0x80, 0x03, 0xE7]);
        let v = TscbmView::new(&b[..LEN]).unwrap();
        assert_eq!(v.intersection_status(), 1);
        assert_eq!(v.timebase_action(), 2);
        assert_eq!(v.discontinuous_change(), 3);
        assert_eq!(v.sequence(), 4);
        assert_eq!(v.seconds_of_day(), 86400);
        assert_eq!(v.milliseconds(), 999);
        assert_eq!(v.millis_of_day(), 86_400_999);
    }

    #[test]
    fn colours_and_conflicts() {
        let mut b = blank();
        b[210..212].copy_from_slice(&0b0101u16.to_be_bytes()); // reds 1, 3
        b[212..214].copy_from_slice(&0b0110u16.to_be_bytes()); // yellows 2, 3
        let v = TscbmView::new(&b[..LEN]).unwrap();
        assert_eq!(v.phase_color(1), PhaseColor::Red);
        assert_eq!(v.phase_color(2), PhaseColor::Yellow);
        assert_eq!(v.phase_color(3), PhaseColor::Unknown);
        assert_eq!(v.phase_color(4), PhaseColor::Dark);
        assert_eq!(v.phase_color(0), PhaseColor::Unknown);
        assert_eq!(v.phase_color(17), PhaseColor::Unknown);
        assert_eq!(v.ped_indication(0), PedIndication::Unknown);
    }

    #[test]
    fn ped_words() {
        let mut b = blank();
        b[241..245].copy_from_slice(&[0x00, 0x02, 0x80, 0x00]);
        let v = TscbmView::new(&b).unwrap();
        assert_eq!(v.ped_call(), Some(2));
        assert_eq!(v.ped_detect(), Some(0x8000));
        let s = v.signal_state();
        assert!(s.ped(2).unwrap().call && !s.ped(1).unwrap().call);
        assert!(s.ped(16).unwrap().detect);
    }

    #[test]
    fn text_errors() {
        assert_eq!(parse_text(""), Err(TscbmError::NoPayload));
        assert_eq!(parse_text("Type=SPAT\n"), Err(TscbmError::NoPayload));
        assert_eq!(parse_text("Payload=cd1"), Err(TscbmError::OddHexDigits));
        assert_eq!(parse_text("Payload= cd1g"), Err(TscbmError::InvalidHex(4)));
        assert_eq!(parse_text("Payload=ab10"), Err(TscbmError::BadHeader(0xAB)));
        let mut long = [b'0'; 604];
        long[..4].copy_from_slice(b"cd10");
        let text = core::str::from_utf8(&long).unwrap();
        assert_eq!(parse_text(text), Err(TscbmError::BadLength(302)));
        long[..4].copy_from_slice(b"CD11");
        let text = core::str::from_utf8(&long).unwrap();
        assert_eq!(parse_text(text), Err(TscbmError::BadPhaseCount(0x11)));
    }
}
