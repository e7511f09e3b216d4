//! A sans-IO roadside unit: controller input in, SPaT / MAP / forwarded BSMs out (and, in
//! the China profile, RSM from a perception feed and RSI from a board of road events).
//!
//! This module does no I/O; [`udp_driver`](super::udp_driver) (feature `std`) runs an
//! [`RsuCore`] on real UDP sockets with blocking reader threads and a send loop, and
//! [`four_leg`](super::four_leg) has a default intersection (signal-group table and MAP)
//! to run it on.
//!
//! [`RsuCore`] owns no socket, no thread and no clock. The caller
//!
//! - feeds it the datagrams it receives: from the signal controller
//!   ([`RsuCore::on_controller`]: a TSCBM blob, or its `Payload=<hex>` text form) and from
//!   the radio or other sources ([`RsuCore::on_received`]: a `MessageFrame` bare, 1609.2-,
//!   WSMP- or proxy+WSMP-wrapped, or an RSU 4.1 IFM text; BSMs are forwarded);
//! - calls [`RsuCore::handle_timeout`] at (or after) the time [`RsuCore::poll_timeout`]
//!   says;
//! - drains [`RsuCore::poll_transmit`] (what to send, to which configured destination, in
//!   that destination's framing) and [`RsuCore::poll_event`] (controller lost / returned,
//!   malformed input, plan change).
//!
//! # Time
//!
//! Every call takes a [`Now`]: `mono_ms`, milliseconds from a monotonic clock of the
//! caller's choice (only differences matter: schedules, link health, input age), and
//! `utc_ms`, milliseconds since the Unix epoch in UTC (what the messages say: `moy`,
//! `timeStamp`, every `TimeMark`). Deriving `utc_ms` from one UTC reading plus the
//! monotonic time elapsed since keeps the two consistent; a test uses a simulated clock.
//!
//! # Schedule
//!
//! SPaT every [`RsuConfig::spat_interval_ms`] (100, 10 Hz) and MAP every
//! [`RsuConfig::map_interval_ms`] (1000, 1 Hz), the first of each at the creation time.
//! Deadlines are kept on a fixed grid (no drift); a caller more than one interval late
//! sends one message and skips the missed ones ([`CoreCounters::skipped_ticks`]) instead
//! of a burst.
//!
//! # Signal state
//!
//! With [`SignalInput::Simulated`] the state comes from a [`Simulator`] running the
//! plan from the creation time. With [`SignalInput::Controller`], from the last fresh
//! blob (a [`LinkMonitor`] tells fresh from duplicate or late), its countdowns reduced by
//! the time since it arrived; its age goes to [`SpatGenerator::build`], whose staleness
//! policy ([`Stale`](super::spat::Stale)) applies when the controller stops: status bit and
//! no countdowns, or silence. Never stale countdowns.
//!
//! # China profile
//!
//! With [`RsuConfig::csae`] set ([`CsaeConfig`]) the core speaks T/CSAE 53-2020 instead of
//! J2735: the SPAT ([`CsaeSpatGenerator`], from the same signal state and staleness policy,
//! `counting` or `utcTiming` times), the CSAE MAP ([`CsaeMapStore`], which must reference
//! exactly the SPAT's phases), RSM every [`CsaeConfig::rsm_interval_ms`] (100) with the
//! participants the perception feed saw in its window ([`RsuCore::on_perception`], or
//! simulated road users), and RSI every [`CsaeConfig::rsi_interval_ms`] (1000) while its
//! board holds active items ([`RsuCore::on_rsi`]). [`Destination::csae`] sends them as DSMP
//! with their AIDs. Received frames are read as CSAE 2020 frames (BSMs forwarded).
//!
//! # Bounded
//!
//! The transmit and event queues hold at most [`RsuConfig::max_queue`] entries each;
//! beyond that new entries are dropped and counted. Malformed input of any kind is
//! counted ([`CoreCounters`]) and reported as an event, never a panic.
//!
//! ```
//! use cv2x::link::detect::unwrap;
//! use cv2x::j2735::{Message, MessageFrame};
//! use cv2x::per::Decode;
//! use cv2x::rsu::engine::{Destination, Now, RsuConfig, RsuCore, SignalInput, TxFraming};
//! use cv2x::rsu::four_leg;
//! use cv2x::rsu::plan::Plan;
//!
//! let mut config = RsuConfig::new(four_leg::spat_config(1234), SignalInput::Simulated(Plan::four_leg_default()));
//! config.map = Some(cv2x::rsu::MapStore::new(four_leg::map(1234, 42.3, -83.7)?)?);
//! config.destinations.push(Destination::new(TxFraming::Ieee1609Dot2));
//! let mut now = Now::new(0, 1_700_000_000_000);
//! let mut rsu = RsuCore::new(config, now)?;
//! let (mut spats, mut maps) = (0, 0);
//! while now.mono_ms < 1_000 {
//!     rsu.handle_timeout(now);
//!     while let Some(t) = rsu.poll_transmit() {
//!         match MessageFrame::from_uper(unwrap(&t.bytes)?.frame)?.message {
//!             Message::Spat(_) => spats += 1,
//!             Message::MapData(_) => maps += 1,
//!             _ => unreachable!(),
//!         }
//!     }
//!     let next = rsu.poll_timeout();
//!     now = now.advance(next - now.mono_ms);
//! }
//! assert_eq!((spats, maps), (10, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::borrow::Cow;
use alloc::collections::VecDeque;
use alloc::vec::Vec;

use crate::csae::v2020 as csae;
use crate::j2735::view::FrameView;
use crate::j2735::{msg_id, MessageFrame};
use crate::link::detect::unwrap;
use crate::link::dsmp::Dsmp;
use crate::link::ieee1609dot2::write_unsecured;
use crate::link::ifm::Ifm;
use crate::link::wsmp::Wsmp;
use crate::link::{LinkError, Psid};
use crate::per::Encode;
use crate::rsu::controller_link::{LinkConfig, LinkCounters, LinkMonitor, SeqEvent};
use crate::rsu::csae_map::{CsaeMapError, CsaeMapStore, PhaseCheckError};
use crate::rsu::csae_spat::{CsaeSpatGenerator, CsaeTiming};
use crate::rsu::map_store::{MapCheckError, MapStore, MapStoreError};
use crate::rsu::perception::{PerceptionConfig, PerceptionCounters, RsmFeed};
use crate::rsu::plan::{Plan, Simulator};
use crate::rsu::rsi::RsiBoard;
use crate::rsu::spat::{MappingTable, SpatConfig, SpatError, SpatGenerator};
use crate::rsu::tscbm::{parse_text, Countdown, SignalState, TscbmBytes, TscbmError, HEADER};

/// The default SPaT interval: 100 ms (10 Hz).
pub const DEFAULT_SPAT_INTERVAL_MS: u64 = 100;
/// The default RSI interval: 1000 ms (1 Hz).
pub const DEFAULT_RSI_INTERVAL_MS: u64 = 1_000;
/// The default RSM interval: 100 ms (10 Hz).
pub const DEFAULT_RSM_INTERVAL_MS: u64 = 100;
/// The default MAP interval: 1000 ms (1 Hz).
pub const DEFAULT_MAP_INTERVAL_MS: u64 = 1_000;
/// The default bound of the transmit and event queues.
pub const DEFAULT_MAX_QUEUE: usize = 4_096;
/// The MAP PSID of many RSU 4.1 deployments (the same as SPaT's); the Connected
/// Intersections guidance uses [`Psid::MAP_CI`].
pub const PSID_MAP_RSU41: Psid = Psid(0x8002);

/// The time of a call: see the [module documentation](self#time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Now {
    /// Milliseconds from a monotonic clock.
    pub mono_ms: u64,
    /// Milliseconds since the Unix epoch, UTC.
    pub utc_ms: u64,
}

impl Now {
    /// A time.
    pub const fn new(mono_ms: u64, utc_ms: u64) -> Self {
        Now { mono_ms, utc_ms }
    }

    /// This time plus `ms` on both clocks.
    pub const fn advance(self, ms: u64) -> Self {
        Now {
            mono_ms: self.mono_ms.saturating_add(ms),
            utc_ms: self.utc_ms.saturating_add(ms),
        }
    }
}

/// How a message is framed for a destination.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TxFraming {
    /// The bare UPER `MessageFrame`.
    Raw,
    /// IEEE 1609.2 unsecured data (`03 80 <length>`) around the frame.
    Ieee1609Dot2,
    /// WSMP v3 (the destination's PSID and channel) around 1609.2 unsecured data around the
    /// frame: what a radio transmits.
    Wsmp,
    /// WSMP v3 around the bare frame.
    WsmpBare,
    /// RSU 4.1 immediate-forward text (`Version=0.7` ... `Payload=<hex>`).
    #[default]
    Ifm,
    /// China's DSMP (YD/T 3707; adaptation-layer type, version, AID, no extension
    /// elements, length) around the bare frame, the destination's PSID value as the AID.
    Dsmp,
}

/// Which message a transmission carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// SPaT (message 19).
    Spat,
    /// MapData (message 18).
    Map,
    /// A forwarded BasicSafetyMessage (message 20; the China profile's `bsmFrame`).
    Bsm,
    /// The China profile's road-side information (`rsiFrame`).
    Rsi,
    /// The China profile's road-side safety message (`rsmFrame`).
    Rsm,
}

impl MessageKind {
    /// The IFM `Type` value.
    pub fn ifm_type(self) -> &'static str {
        match self {
            MessageKind::Spat => "SPAT",
            MessageKind::Map => "MAP",
            MessageKind::Bsm => "BSM",
            MessageKind::Rsi => "RSI",
            MessageKind::Rsm => "RSM",
        }
    }
}

/// Where and how messages go: one configured destination (the caller maps its index in
/// [`RsuConfig::destinations`] to an address).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Destination {
    /// The framing.
    pub framing: TxFraming,
    /// SPaT's PSID, or `None` not to send SPaT here.
    pub spat: Option<Psid>,
    /// MAP's PSID, or `None` not to send MAP here.
    pub map: Option<Psid>,
    /// BSM's PSID, or `None` not to forward received BSMs here.
    pub bsm: Option<Psid>,
    /// RSI's PSID or AID (China profile), or `None` not to send RSI here.
    pub rsi: Option<Psid>,
    /// RSM's PSID or AID (China profile), or `None` not to send RSM here.
    pub rsm: Option<Psid>,
    /// The channel: the WSMP channel element (none if `None`) and the IFM `TxChannel`
    /// (183 if `None`).
    pub channel: Option<u8>,
}

impl Destination {
    /// SPaT (PSID 0x8002) and MAP (0x8002, [`PSID_MAP_RSU41`]), no BSM, no channel.
    pub const fn new(framing: TxFraming) -> Self {
        Destination {
            framing,
            spat: Some(Psid::SPAT),
            map: Some(PSID_MAP_RSU41),
            bsm: None,
            rsi: None,
            rsm: None,
            channel: None,
        }
    }

    /// The China profile's messages with their DSMP AIDs (YD/T 3707): SPAT 3619, MAP 3618,
    /// RSI 3622 (dynamic), RSM 3623; no BSM, no channel.
    pub const fn csae(framing: TxFraming) -> Self {
        use crate::link::dsmp::aid;
        Destination {
            framing,
            spat: Some(Psid(aid::SPAT)),
            map: Some(Psid(aid::MAP)),
            bsm: None,
            rsi: Some(Psid(aid::RSI_DYNAMIC)),
            rsm: Some(Psid(aid::RSM)),
            channel: None,
        }
    }

    /// Forwarded BSMs only (PSID 0x20).
    pub const fn bsm_forward(framing: TxFraming) -> Self {
        Destination {
            framing,
            spat: None,
            map: None,
            bsm: Some(Psid::BSM),
            rsi: None,
            rsm: None,
            channel: None,
        }
    }

    fn psid(&self, kind: MessageKind) -> Option<Psid> {
        match kind {
            MessageKind::Spat => self.spat,
            MessageKind::Map => self.map,
            MessageKind::Bsm => self.bsm,
            MessageKind::Rsi => self.rsi,
            MessageKind::Rsm => self.rsm,
        }
    }
}

/// Where the signal state comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // one per core, built once
pub enum SignalInput {
    /// A signal controller's TSCBM stream, fed to [`RsuCore::on_controller`].
    Controller(LinkConfig),
    /// A fixed-time plan run by a [`Simulator`] from the creation time.
    Simulated(Plan),
}

/// Everything an [`RsuCore`] needs. Start from [`RsuConfig::new`].
#[derive(Clone, Debug)]
pub struct RsuConfig {
    /// The SPaT: intersection, mapping table, staleness policy.
    pub spat: SpatConfig,
    /// Where the signal state comes from.
    pub input: SignalInput,
    /// The MAP to broadcast, if any. Its signal groups must all be in the SPaT's table.
    pub map: Option<MapStore>,
    /// Milliseconds between SPaTs (100). 0 is taken as 1.
    pub spat_interval_ms: u64,
    /// Milliseconds between MAPs (1000). 0 is taken as 1.
    pub map_interval_ms: u64,
    /// The destinations, by index.
    pub destinations: Vec<Destination>,
    /// The bound of each of the transmit and event queues.
    pub max_queue: usize,
    /// The China profile: `Some` makes the core speak T/CSAE 53-2020 (SPAT, MAP, RSI, RSM)
    /// instead of J2735; [`RsuConfig::map`] must then be `None` (the MAP is
    /// [`CsaeConfig::map`]).
    pub csae: Option<CsaeConfig>,
}

/// The China profile's parts of an [`RsuConfig`]. Start from [`CsaeConfig::new`].
#[derive(Clone, Debug)]
pub struct CsaeConfig {
    /// The SPAT's time form.
    pub timing: CsaeTiming,
    /// The MAP to broadcast, if any; it must reference exactly the SPAT's phases.
    pub map: Option<CsaeMapStore>,
    /// Milliseconds between MAPs (1000). 0 is taken as 1.
    pub map_interval_ms: u64,
    /// RSM from a perception feed ([`RsuCore::on_perception`]), if any.
    pub perception: Option<PerceptionConfig>,
    /// Feed the perception with [`four_leg::traffic`](super::four_leg::traffic) (simulated
    /// road users around the perception's reference position) at every RSM.
    pub simulated_traffic: bool,
    /// Milliseconds between RSMs (100). 0 is taken as 1.
    pub rsm_interval_ms: u64,
    /// RSI from this board of events and signs (items added before, or at run time with
    /// [`RsuCore::on_rsi`]), if any: sent while items are active.
    pub rsi: Option<RsiBoard>,
    /// Milliseconds between RSIs (1000). 0 is taken as 1.
    pub rsi_interval_ms: u64,
}

impl CsaeConfig {
    /// `counting` times, no MAP, no perception, the default intervals.
    pub fn new() -> Self {
        CsaeConfig {
            timing: CsaeTiming::Counting,
            map: None,
            map_interval_ms: DEFAULT_MAP_INTERVAL_MS,
            perception: None,
            simulated_traffic: false,
            rsm_interval_ms: DEFAULT_RSM_INTERVAL_MS,
            rsi: None,
            rsi_interval_ms: DEFAULT_RSI_INTERVAL_MS,
        }
    }
}

impl Default for CsaeConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl RsuConfig {
    /// No MAP, no destination, the default intervals and queue bound.
    pub fn new(spat: SpatConfig, input: SignalInput) -> Self {
        RsuConfig {
            spat,
            input,
            map: None,
            spat_interval_ms: DEFAULT_SPAT_INTERVAL_MS,
            map_interval_ms: DEFAULT_MAP_INTERVAL_MS,
            destinations: Vec::new(),
            max_queue: DEFAULT_MAX_QUEUE,
            csae: None,
        }
    }
}

/// Why an [`RsuCore`] could not be made or changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The SPaT configuration was refused.
    #[error("SPaT configuration: {0}")]
    Spat(#[from] SpatError),
    /// The MAP references signal groups the SPaT does not carry.
    #[error("the MAP references signal groups {:?} the SPaT does not carry", .0.missing)]
    MapMismatch(MapCheckError),
    /// The MAP could not be stored.
    #[error("MAP: {0}")]
    Map(#[from] MapStoreError),
    /// A plan was given to a core fed by a controller.
    #[error("the signal state comes from a controller, not a plan")]
    NotSimulated,
    /// The China profile's MAP could not be stored.
    #[error("China profile MAP: {0}")]
    CsaeMap(#[from] CsaeMapError),
    /// The China profile's MAP and SPAT disagree on phases.
    #[error("China profile MAP: {0}")]
    CsaePhases(PhaseCheckError),
    /// A J2735 MAP given to a core speaking the China profile, or the reverse.
    #[error("a {0} MAP given to a core speaking the other profile")]
    WrongProfile(&'static str),
}

/// What was wrong with a received datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RxError {
    /// Its framing (1609.2, WSMP, proxy) is malformed or unknown.
    #[error("framing: {0}")]
    Framing(#[from] LinkError),
    /// Text that is not a valid IFM.
    #[error("text that is not an IFM")]
    Text,
    /// The `MessageFrame` does not decode.
    #[error("frame: {0}")]
    Frame(#[from] crate::per::Error),
}

/// Something the caller may want to log or act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The controller input became healthy: the first blob (`silent_ms` `None`) or the
    /// first after a silence.
    ControllerUp {
        /// How long it had been silent.
        silent_ms: Option<u64>,
    },
    /// The controller input went silent for longer than the link timeout.
    ControllerLost {
        /// Milliseconds since the last fresh blob.
        silent_ms: u64,
    },
    /// A controller datagram was not a valid TSCBM blob (or its text form).
    MalformedController(TscbmError),
    /// A received datagram was malformed.
    MalformedReceived(RxError),
    /// The plan or mapping table changed; SPaTs now carry `revision`.
    PlanChanged {
        /// The new SPaT `revision`.
        revision: u8,
    },
    /// The MAP changed; it now carries `revision` (`msgIssueRevision`; the China profile's
    /// `msgCnt`).
    MapChanged {
        /// The new `msgIssueRevision` (`msgCnt`).
        revision: u8,
    },
}

/// One datagram to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    /// The index of the destination in [`RsuConfig::destinations`].
    pub destination: usize,
    /// The message carried.
    pub message: MessageKind,
    /// Its PSID (in the WSMP header or the IFM, and as configured for the others).
    pub psid: Psid,
    /// The framing used.
    pub framing: TxFraming,
    /// The datagram.
    pub bytes: Vec<u8>,
}

/// What an [`RsuCore`] has counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CoreCounters {
    /// SPaTs built (each sent to every SPaT destination).
    pub spat_built: u64,
    /// SPaT ticks where the input was stale (status bit set, or nothing sent).
    pub spat_stale: u64,
    /// SPaT ticks where nothing was sent (stale input under `Stale::Silence`).
    pub spat_suppressed: u64,
    /// MAPs sent (each to every MAP destination).
    pub map_built: u64,
    /// RSMs built (China profile; each to every RSM destination).
    pub rsm_built: u64,
    /// RSIs built (China profile; each to every RSI destination).
    pub rsi_built: u64,
    /// Perception datagrams fed (China profile).
    pub perception_datagrams: u64,
    /// RSI datagrams fed (China profile).
    pub rsi_datagrams: u64,
    /// Transmissions queued.
    pub transmissions: u64,
    /// Ticks skipped because the caller was late by more than an interval.
    pub skipped_ticks: u64,
    /// Controller datagrams fed.
    pub controller_datagrams: u64,
    /// Controller datagrams that were not a valid blob.
    pub controller_malformed: u64,
    /// Received datagrams fed.
    pub received_datagrams: u64,
    /// Received datagrams whose framing or frame was malformed.
    pub received_malformed: u64,
    /// Received valid frames that are not BSMs (ignored).
    pub received_other: u64,
    /// Received BSMs.
    pub bsm_received: u64,
    /// BSM transmissions queued (one per BSM destination).
    pub bsm_forwarded: u64,
    /// Messages that failed to encode or frame (not expected).
    pub encode_errors: u64,
    /// Transmissions dropped because the queue was full.
    pub dropped_transmissions: u64,
    /// Events dropped because the queue was full.
    pub dropped_events: u64,
}

/// The sans-IO roadside unit. See the [module documentation](self).
#[derive(Debug)]
pub struct RsuCore {
    generator: SpatMaker,
    map: Option<MapStore>,
    simulator: Option<(Simulator, u64)>,
    link: LinkMonitor,
    controller_up: bool,
    last_state: SignalState,
    destinations: Vec<Destination>,
    spat_interval: u64,
    map_interval: u64,
    next_spat: u64,
    next_map: u64,
    max_queue: usize,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
    counters: CoreCounters,
    last_spat: Option<crate::j2735::SPAT>,
    csae: Option<CsaeSide>,
}

/// What builds the SPaT: J2735's generator, or the China profile's around it.
#[derive(Clone, Debug)]
enum SpatMaker {
    J2735(SpatGenerator),
    Csae(CsaeSpatGenerator),
}

impl SpatMaker {
    fn j2735(&self) -> &SpatGenerator {
        match self {
            SpatMaker::J2735(g) => g,
            SpatMaker::Csae(g) => g.j2735(),
        }
    }

    fn j2735_mut(&mut self) -> &mut SpatGenerator {
        match self {
            SpatMaker::J2735(g) => g,
            SpatMaker::Csae(g) => g.j2735_mut(),
        }
    }
}

/// The China profile's state of a core.
#[derive(Debug)]
struct CsaeSide {
    map: Option<CsaeMapStore>,
    map_interval: u64,
    next_map: u64,
    perception: Option<RsmFeed>,
    traffic_at: Option<(f64, f64)>,
    rsm_interval: u64,
    next_rsm: u64,
    rsi: Option<RsiBoard>,
    rsi_interval: u64,
    next_rsi: u64,
    last_spat: Option<csae::SPAT>,
}

/// The signal groups (CSAE: phases) a generator's SPaT carries.
fn groups(generator: &SpatGenerator) -> Vec<u8> {
    generator
        .table()
        .entries()
        .iter()
        .map(|e| e.signal_group)
        .collect()
}

/// Milliseconds of the UTC day.
fn ms_of_day(utc_ms: u64) -> u32 {
    u32::try_from(utc_ms % 86_400_000).unwrap_or(0)
}

/// `state` with every known countdown reduced by `age_ms` (minimums rounded to the next
/// tenth, maximums down), so that TimeMarks computed at the send time stay right.
fn aged(state: &SignalState, age_ms: u64) -> SignalState {
    const UNKNOWN: u16 = 0xFFFF;
    let up = u16::try_from(age_ms.div_ceil(100)).unwrap_or(u16::MAX);
    let down = u16::try_from(age_ms / 100).unwrap_or(u16::MAX);
    let fix = |c: &mut Option<Countdown>| {
        if let Some(c) = c {
            if c.min_tenths != UNKNOWN {
                c.min_tenths = c.min_tenths.saturating_sub(up);
            }
            if c.max_tenths != UNKNOWN {
                c.max_tenths = c.max_tenths.saturating_sub(down);
            }
        }
    };
    let mut s = *state;
    for m in s.phases.iter_mut().chain(s.overlaps.iter_mut()) {
        fix(&mut m.countdown);
    }
    for p in s.peds.iter_mut() {
        fix(&mut p.countdown);
    }
    s
}

/// Takes any received datagram apart down to its `MessageFrame` octets: an RSU 4.1 IFM
/// text (its `Payload`), or what [`unwrap`] reads (bare, 1609.2, WSMP, proxy + WSMP).
/// The frame is not decoded.
pub fn frame_of(datagram: &[u8]) -> Result<Cow<'_, [u8]>, RxError> {
    let first = *datagram
        .first()
        .ok_or(RxError::Framing(LinkError::Truncated(0)))?;
    if first.is_ascii_alphabetic() {
        let text = core::str::from_utf8(datagram).map_err(|_| RxError::Text)?;
        let ifm = Ifm::parse(text).map_err(|_| RxError::Text)?;
        return Ok(Cow::Owned(ifm.payload));
    }
    let u = unwrap(datagram)?;
    if u.signed.is_some() {
        // The frame of a signed SPDU is not taken on trust: verify the SPDU
        // (`sec::verify::Verifier`) and take its payload from there.
        return Err(RxError::Framing(LinkError::Unsupported {
            what: "1609.2 signed data (not verified here)",
            value: 0x81,
            at: 0,
        }));
    }
    Ok(Cow::Borrowed(u.frame))
}

/// Frames `frame` for a destination.
pub fn frame_for(
    framing: TxFraming,
    kind: MessageKind,
    psid: Psid,
    channel: Option<u8>,
    frame: &[u8],
) -> Result<Vec<u8>, LinkError> {
    let mut out = Vec::with_capacity(frame.len().saturating_add(16));
    match framing {
        TxFraming::Raw => out.extend_from_slice(frame),
        TxFraming::Ieee1609Dot2 => write_unsecured(frame, &mut out),
        TxFraming::Wsmp | TxFraming::WsmpBare => {
            let mut inner = Vec::new();
            let data = if framing == TxFraming::Wsmp {
                write_unsecured(frame, &mut inner);
                &inner[..]
            } else {
                frame
            };
            Wsmp {
                psid,
                channel,
                data_rate: None,
                tx_power_dbm: None,
                data,
            }
            .write(&mut out)?;
        }
        TxFraming::Ifm => {
            let mut ifm = Ifm::new(kind.ifm_type(), psid, frame.to_vec());
            ifm.tx_channel = channel.unwrap_or(183);
            out = ifm.to_text().into_bytes();
        }
        TxFraming::Dsmp => Dsmp::new(psid.0, frame).write(&mut out)?,
    }
    Ok(out)
}

impl RsuCore {
    /// A core created at `now`: the first SPaT and MAP are due at once.
    pub fn new(config: RsuConfig, now: Now) -> Result<Self, CoreError> {
        let (generator, csae) = match config.csae {
            None => (SpatMaker::J2735(SpatGenerator::new(config.spat)?), None),
            Some(c) => {
                if config.map.is_some() {
                    return Err(CoreError::WrongProfile("J2735"));
                }
                let generator = CsaeSpatGenerator::new(config.spat, c.timing)?;
                if let Some(map) = &c.map {
                    map.check_against(&groups(generator.j2735()))
                        .map_err(CoreError::CsaePhases)?;
                }
                let side = CsaeSide {
                    map: c.map,
                    map_interval: c.map_interval_ms.max(1),
                    next_map: now.mono_ms,
                    traffic_at: c
                        .perception
                        .as_ref()
                        .filter(|_| c.simulated_traffic)
                        .map(|p| (p.ref_lat, p.ref_lon)),
                    perception: c.perception.map(RsmFeed::new),
                    rsm_interval: c.rsm_interval_ms.max(1),
                    next_rsm: now.mono_ms,
                    rsi: c.rsi,
                    rsi_interval: c.rsi_interval_ms.max(1),
                    next_rsi: now.mono_ms,
                    last_spat: None,
                };
                (SpatMaker::Csae(generator), Some(side))
            }
        };
        if let Some(map) = &config.map {
            map.check_against(&groups(generator.j2735()))
                .map_err(CoreError::MapMismatch)?;
        }
        let (simulator, link) = match config.input {
            SignalInput::Simulated(plan) => (
                Some((
                    Simulator::new(plan).starting_at(ms_of_day(now.utc_ms)),
                    now.mono_ms,
                )),
                LinkMonitor::default(),
            ),
            SignalInput::Controller(link) => (None, LinkMonitor::new(link)),
        };
        Ok(RsuCore {
            generator,
            map: config.map,
            simulator,
            link,
            controller_up: false,
            last_state: SignalState::default(),
            destinations: config.destinations,
            spat_interval: config.spat_interval_ms.max(1),
            map_interval: config.map_interval_ms.max(1),
            next_spat: now.mono_ms,
            next_map: now.mono_ms,
            max_queue: config.max_queue,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            counters: CoreCounters::default(),
            last_spat: None,
            csae,
        })
    }

    fn event(&mut self, e: Event) {
        if self.events.len() >= self.max_queue {
            self.counters.dropped_events = self.counters.dropped_events.saturating_add(1);
        } else {
            self.events.push_back(e);
        }
    }

    fn queue(&mut self, kind: MessageKind, frame: &[u8]) {
        for (destination, d) in self.destinations.iter().enumerate() {
            let Some(psid) = d.psid(kind) else { continue };
            if self.transmits.len() >= self.max_queue {
                self.counters.dropped_transmissions =
                    self.counters.dropped_transmissions.saturating_add(1);
                continue;
            }
            match frame_for(d.framing, kind, psid, d.channel, frame) {
                Ok(bytes) => {
                    self.counters.transmissions = self.counters.transmissions.saturating_add(1);
                    if kind == MessageKind::Bsm {
                        self.counters.bsm_forwarded = self.counters.bsm_forwarded.saturating_add(1);
                    }
                    self.transmits.push_back(Transmit {
                        destination,
                        message: kind,
                        psid,
                        framing: d.framing,
                        bytes,
                    });
                }
                Err(_) => {
                    self.counters.encode_errors = self.counters.encode_errors.saturating_add(1)
                }
            }
        }
    }

    /// Feeds a datagram from the signal controller: a TSCBM blob (starting `0xCD`) or its
    /// text form (`Payload=<hex>`, see [`parse_text`]). A malformed one is counted and
    /// reported as [`Event::MalformedController`]; a duplicate or late blob is ignored.
    pub fn on_controller(&mut self, now: Now, datagram: &[u8]) {
        self.counters.controller_datagrams = self.counters.controller_datagrams.saturating_add(1);
        self.check_link(now);
        let blob = match datagram.first() {
            Some(&HEADER) | None => TscbmBytes::from_slice(datagram),
            Some(_) => match core::str::from_utf8(datagram) {
                Ok(text) => parse_text(text),
                Err(_) => TscbmBytes::from_slice(datagram),
            },
        };
        let blob = match blob {
            Ok(b) => b,
            Err(e) => {
                self.counters.controller_malformed =
                    self.counters.controller_malformed.saturating_add(1);
                self.event(Event::MalformedController(e));
                return;
            }
        };
        let view = blob.view();
        let fresh = match self.link.on_blob(now.mono_ms, &view) {
            SeqEvent::First => {
                self.event(Event::ControllerUp { silent_ms: None });
                true
            }
            SeqEvent::Recovered { silent_ms } => {
                self.event(Event::ControllerUp {
                    silent_ms: Some(silent_ms),
                });
                true
            }
            SeqEvent::InOrder | SeqEvent::Gap { .. } => true,
            SeqEvent::Duplicate | SeqEvent::OutOfOrder { .. } => false,
        };
        if fresh {
            self.last_state = view.signal_state();
            self.controller_up = true;
        }
    }

    /// Feeds a datagram received from the radio or elsewhere, in any framing
    /// ([`frame_of`]); its frame is read as the core's profile's (J2735, or CSAE 2020). A
    /// BSM is queued to every destination with a BSM PSID; another valid
    /// frame is counted and ignored; a malformed datagram is counted and reported as
    /// [`Event::MalformedReceived`].
    pub fn on_received(&mut self, now: Now, datagram: &[u8]) {
        let _ = now;
        self.counters.received_datagrams = self.counters.received_datagrams.saturating_add(1);
        let csae = self.csae.is_some();
        let checked = frame_of(datagram).and_then(|frame| {
            let bsm = if csae {
                use crate::per::Decode;
                matches!(
                    csae::MessageFrame::from_uper(&frame)?,
                    csae::MessageFrame::BsmFrame(_)
                )
            } else {
                let view = FrameView::new(&frame)?;
                let bsm = view.message_id() == msg_id::BASIC_SAFETY_MESSAGE;
                if bsm {
                    if let Some(r) = view.bsm() {
                        r?;
                    }
                }
                bsm
            };
            Ok((bsm, frame))
        });
        match checked {
            Ok((true, frame)) => {
                self.counters.bsm_received = self.counters.bsm_received.saturating_add(1);
                self.queue(MessageKind::Bsm, &frame);
            }
            Ok((false, _)) => {
                self.counters.received_other = self.counters.received_other.saturating_add(1)
            }
            Err(e) => {
                self.counters.received_malformed =
                    self.counters.received_malformed.saturating_add(1);
                self.event(Event::MalformedReceived(e));
            }
        }
    }

    fn check_link(&mut self, now: Now) {
        if self.controller_up && !self.link.is_healthy(now.mono_ms) {
            self.controller_up = false;
            let silent_ms = self
                .link
                .last_good_ms()
                .map_or(0, |t| now.mono_ms.saturating_sub(t));
            self.event(Event::ControllerLost { silent_ms });
        }
    }

    /// The next deadline after `deadline`, on its grid, after `now`; counts skipped ticks.
    fn advance(&mut self, deadline: u64, interval: u64, now: u64) -> u64 {
        let late = now.saturating_sub(deadline) / interval;
        self.counters.skipped_ticks = self.counters.skipped_ticks.saturating_add(late);
        deadline.saturating_add(interval.saturating_mul(late.saturating_add(1)))
    }

    /// Does what is due at `now`: SPaT, MAP, the controller-lost check. Calling it early
    /// does nothing but the check.
    pub fn handle_timeout(&mut self, now: Now) {
        self.check_link(now);
        if now.mono_ms >= self.next_spat {
            self.send_spat(now);
            self.next_spat = self.advance(self.next_spat, self.spat_interval, now.mono_ms);
        }
        if self.map.is_some() && now.mono_ms >= self.next_map {
            self.send_map();
            self.next_map = self.advance(self.next_map, self.map_interval, now.mono_ms);
        }
        let Some(mut side) = self.csae.take() else {
            return;
        };
        if side.map.is_some() && now.mono_ms >= side.next_map {
            if let Some(map) = &side.map {
                self.counters.map_built = self.counters.map_built.saturating_add(1);
                self.queue(MessageKind::Map, map.frame_bytes());
            }
            side.next_map = self.advance(side.next_map, side.map_interval, now.mono_ms);
        }
        if side.perception.is_some() && now.mono_ms >= side.next_rsm {
            self.send_rsm(now, &mut side);
            side.next_rsm = self.advance(side.next_rsm, side.rsm_interval, now.mono_ms);
        }
        if side.rsi.is_some() && now.mono_ms >= side.next_rsi {
            let rsi = side.rsi.as_mut().and_then(|b| b.build(now.utc_ms));
            if let Some(rsi) = rsi {
                self.queue_csae(MessageKind::Rsi, csae::MessageFrame::RsiFrame(rsi));
            }
            side.next_rsi = self.advance(side.next_rsi, side.rsi_interval, now.mono_ms);
        }
        self.csae = Some(side);
    }

    fn send_rsm(&mut self, now: Now, side: &mut CsaeSide) {
        let Some(feed) = &mut side.perception else {
            return;
        };
        if let Some((lat, lon)) = side.traffic_at {
            for d in super::four_leg::traffic(lat, lon, now.utc_ms) {
                // Refusals are counted by the feed.
                let _ = feed.on_detection(now.utc_ms, d);
            }
        }
        for rsm in feed.poll(now.utc_ms) {
            self.queue_csae(MessageKind::Rsm, csae::MessageFrame::RsmFrame(rsm));
        }
    }

    /// Encodes a China profile RSI or RSM and queues it (counted as built), or counts the
    /// encoding error.
    fn queue_csae(&mut self, kind: MessageKind, frame: csae::MessageFrame) {
        let Ok(bytes) = frame.to_uper() else {
            self.counters.encode_errors = self.counters.encode_errors.saturating_add(1);
            return;
        };
        let built = match kind {
            MessageKind::Rsi => &mut self.counters.rsi_built,
            _ => &mut self.counters.rsm_built,
        };
        *built = built.saturating_add(1);
        self.queue(kind, &bytes);
    }

    /// The non-blank lines of a datagram of JSON lines.
    #[cfg(feature = "serde")]
    fn json_lines(datagram: &[u8]) -> impl Iterator<Item = &[u8]> {
        datagram
            .split(|&b| b == b'\n')
            .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
    }

    /// Feeds a datagram from the perception system (China profile): one or more detections
    /// as JSON lines (see [`perception`](super::perception)). Malformed, stale and future
    /// detections are counted ([`RsuCore::perception_counters`]) and dropped; without a
    /// perception configured the datagram is only counted.
    #[cfg(feature = "serde")]
    pub fn on_perception(&mut self, now: Now, datagram: &[u8]) {
        self.counters.perception_datagrams = self.counters.perception_datagrams.saturating_add(1);
        let Some(feed) = self.csae.as_mut().and_then(|c| c.perception.as_mut()) else {
            return;
        };
        for line in Self::json_lines(datagram) {
            // Refusals are counted by the feed.
            let _ = feed.on_line(now.utc_ms, line);
        }
    }

    /// Feeds a datagram of RSI items (China profile): one or more JSON lines, each an item
    /// to add or a removal (see [`rsi`](super::rsi)). Refused lines are counted
    /// (the counters of [`RsuCore::rsi_board`]); without an RSI board the datagram is only counted.
    #[cfg(feature = "serde")]
    pub fn on_rsi(&mut self, now: Now, datagram: &[u8]) {
        self.counters.rsi_datagrams = self.counters.rsi_datagrams.saturating_add(1);
        let Some(board) = self.csae.as_mut().and_then(|c| c.rsi.as_mut()) else {
            return;
        };
        for line in Self::json_lines(datagram) {
            // Refusals are counted by the board.
            let _ = board.on_line(now.utc_ms, line);
        }
    }

    /// The RSI board (China profile).
    pub fn rsi_board(&self) -> Option<&RsiBoard> {
        self.csae.as_ref()?.rsi.as_ref()
    }

    /// The RSI board (China profile), to add or remove items.
    pub fn rsi_board_mut(&mut self) -> Option<&mut RsiBoard> {
        self.csae.as_mut()?.rsi.as_mut()
    }

    /// The perception feed's counters (China profile; `None` without a perception).
    pub fn perception_counters(&self) -> Option<PerceptionCounters> {
        let feed = self.csae.as_ref()?.perception.as_ref()?;
        Some(feed.counters())
    }

    /// The current signal state and its age (`None`: no input yet).
    fn state(&self, now: Now) -> (SignalState, Option<u64>) {
        match &self.simulator {
            Some((sim, start)) => {
                // The plan is evaluated at the tenth of a second of its run `now` falls in
                // (its changes are on that grid): its countdowns are then exact, minimum
                // equal to maximum, so the times say when each change is likely, even when
                // the loop runs a few ms late.
                let elapsed = now.mono_ms.saturating_sub(*start);
                (sim.state_at(elapsed - elapsed % 100), Some(0))
            }
            None => match self.link.last_good_ms() {
                Some(t) => {
                    let age = now.mono_ms.saturating_sub(t);
                    (aged(&self.last_state, age), Some(age))
                }
                None => (self.last_state, None),
            },
        }
    }

    fn send_spat(&mut self, now: Now) {
        let (state, age) = self.state(now);
        if self.generator.j2735().is_stale(age) {
            self.counters.spat_stale = self.counters.spat_stale.saturating_add(1);
        }
        let encoded = match &mut self.generator {
            SpatMaker::J2735(g) => g.build(&state, now.utc_ms, age).map(|spat| {
                let bytes = MessageFrame::from(spat.clone()).to_uper();
                self.last_spat = Some(spat);
                bytes
            }),
            SpatMaker::Csae(g) => g.build(&state, now.utc_ms, age).map(|spat| {
                let bytes = csae::MessageFrame::SpatFrame(spat.clone()).to_uper();
                if let Some(side) = &mut self.csae {
                    side.last_spat = Some(spat);
                }
                bytes
            }),
        };
        match encoded {
            None => self.counters.spat_suppressed = self.counters.spat_suppressed.saturating_add(1),
            Some(Ok(bytes)) => {
                self.counters.spat_built = self.counters.spat_built.saturating_add(1);
                self.queue(MessageKind::Spat, &bytes);
            }
            Some(Err(_)) => {
                self.counters.encode_errors = self.counters.encode_errors.saturating_add(1)
            }
        }
    }

    fn send_map(&mut self) {
        let Some(map) = &self.map else { return };
        let bytes = map.frame_bytes().to_vec();
        self.counters.map_built = self.counters.map_built.saturating_add(1);
        self.queue(MessageKind::Map, &bytes);
    }

    /// The next transmission, oldest first.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The monotonic time (ms) [`RsuCore::handle_timeout`] is next due: the next SPaT, the
    /// next MAP, the next RSM or RSI, or the moment the controller input goes stale, whichever is first.
    pub fn poll_timeout(&self) -> u64 {
        let mut t = self.next_spat;
        if self.map.is_some() {
            t = t.min(self.next_map);
        }
        if let Some(side) = &self.csae {
            if side.map.is_some() {
                t = t.min(side.next_map);
            }
            if side.perception.is_some() {
                t = t.min(side.next_rsm);
            }
            if side.rsi.is_some() {
                t = t.min(side.next_rsi);
            }
        }
        if self.controller_up {
            if let Some(last) = self.link.last_good_ms() {
                let stale_at = last
                    .saturating_add(self.link.config().timeout_ms)
                    .saturating_add(1);
                t = t.min(stale_at);
            }
        }
        t
    }

    /// Replaces the simulated plan, restarting it at `now`, and bumps the SPaT `revision`.
    /// [`CoreError::NotSimulated`] for a core fed by a controller (use
    /// [`RsuCore::plan_changed`]).
    pub fn set_plan(&mut self, now: Now, plan: Plan) -> Result<(), CoreError> {
        let Some(sim) = &mut self.simulator else {
            return Err(CoreError::NotSimulated);
        };
        *sim = (
            Simulator::new(plan).starting_at(ms_of_day(now.utc_ms)),
            now.mono_ms,
        );
        self.plan_changed();
        Ok(())
    }

    /// Says the controller's timing plan changed (learnt by other means): bumps the SPaT
    /// `revision` and reports [`Event::PlanChanged`].
    pub fn plan_changed(&mut self) {
        self.generator.j2735_mut().bump_revision();
        let revision = self.generator.j2735().revision();
        self.event(Event::PlanChanged { revision });
    }

    /// Replaces the mapping table; if it differs, the SPaT `revision` is bumped and
    /// [`Event::PlanChanged`] reported. Returns whether it changed.
    pub fn set_table(&mut self, table: MappingTable) -> bool {
        let changed = self.generator.j2735_mut().set_table(table);
        if changed {
            let revision = self.generator.j2735().revision();
            self.event(Event::PlanChanged { revision });
        }
        changed
    }

    /// Replaces the MAP; when its content differs its `msgIssueRevision` is bumped and
    /// [`Event::MapChanged`] reported. Returns whether it changed.
    /// [`CoreError::WrongProfile`] for a core speaking the China profile.
    pub fn set_map(&mut self, map: crate::j2735::MapData) -> Result<bool, CoreError> {
        if self.csae.is_some() {
            return Err(CoreError::WrongProfile("J2735"));
        }
        let groups = groups(self.generator.j2735());
        let store = match &mut self.map {
            Some(store) => store,
            None => {
                let store = MapStore::new(map)?;
                store
                    .check_against(&groups)
                    .map_err(CoreError::MapMismatch)?;
                let revision = store.revision();
                self.map = Some(store);
                self.event(Event::MapChanged { revision });
                return Ok(true);
            }
        };
        let mut candidate = store.clone();
        let changed = candidate.replace(map)?;
        candidate
            .check_against(&groups)
            .map_err(CoreError::MapMismatch)?;
        *store = candidate;
        if changed {
            let revision = store.revision();
            self.event(Event::MapChanged { revision });
        }
        Ok(changed)
    }

    /// Replaces the China profile's MAP (the whole MAP, checked against the SPAT's phases
    /// both ways); when its content differs its `msgCnt` is bumped and [`Event::MapChanged`]
    /// reported. Returns whether it changed. [`CoreError::WrongProfile`] for a core
    /// speaking J2735.
    pub fn set_csae_map(&mut self, map: csae::MapData) -> Result<bool, CoreError> {
        let phases = groups(self.generator.j2735());
        let Some(side) = &mut self.csae else {
            return Err(CoreError::WrongProfile("China profile"));
        };
        let mut candidate = match &side.map {
            Some(store) => store.clone(),
            None => CsaeMapStore::new(map.clone())?,
        };
        let changed = candidate.replace(map)? || side.map.is_none();
        candidate
            .check_against(&phases)
            .map_err(CoreError::CsaePhases)?;
        let revision = candidate.msg_cnt();
        side.map = Some(candidate);
        if changed {
            self.event(Event::MapChanged { revision });
        }
        Ok(changed)
    }

    /// The SPaT `revision` now.
    pub fn revision(&self) -> u8 {
        self.generator.j2735().revision()
    }

    /// The last J2735 SPaT built, if any (`None` for a core speaking the China profile).
    pub fn last_spat(&self) -> Option<&crate::j2735::SPAT> {
        self.last_spat.as_ref()
    }

    /// The last China profile SPAT built, if any.
    pub fn last_csae_spat(&self) -> Option<&csae::SPAT> {
        self.csae.as_ref()?.last_spat.as_ref()
    }

    /// The China profile's MAP broadcast, if any.
    pub fn csae_map(&self) -> Option<&CsaeMapStore> {
        self.csae.as_ref()?.map.as_ref()
    }

    /// The MAP broadcast, if any.
    pub fn map(&self) -> Option<&MapStore> {
        self.map.as_ref()
    }

    /// The destinations.
    pub fn destinations(&self) -> &[Destination] {
        &self.destinations
    }

    /// Whether the controller input is healthy at `now` (always `true` when simulated).
    pub fn input_healthy(&self, now: Now) -> bool {
        self.simulator.is_some() || self.link.is_healthy(now.mono_ms)
    }

    /// The counters.
    pub fn counters(&self) -> CoreCounters {
        self.counters
    }

    /// The controller link's counters (sequence gaps, duplicates, ...).
    pub fn link_counters(&self) -> LinkCounters {
        self.link.counters()
    }

    /// Transmissions and events waiting to be polled.
    pub fn queued(&self) -> (usize, usize) {
        (self.transmits.len(), self.events.len())
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::link::dsmp::{aid, Dsmp};

    #[test]
    fn frame_of_passes_a_dsmp_payload_through() {
        // A CSAE SPAT's first octets (choice index 3): DSMP carries China's frames.
        let frame = [0x36, 0xb6, 0xfa, 0x9d];
        let mut bare = Vec::new();
        Dsmp::new(aid::SPAT, &frame).write(&mut bare).unwrap();
        assert_eq!(&*frame_of(&bare).unwrap(), &frame[..]);
        // The payload 1609.2 unsecured data, as a DSMP sender may wrap it.
        let mut dot2 = Vec::new();
        write_unsecured(&frame, &mut dot2);
        let mut wrapped = Vec::new();
        Dsmp::new(aid::RSM, &dot2).write(&mut wrapped).unwrap();
        assert_eq!(&*frame_of(&wrapped).unwrap(), &frame[..]);
        // A DSMP header whose length overruns the datagram is not taken as DSMP.
        assert!(frame_of(&bare[..bare.len() - 1]).is_err());
    }
}
