//! The bridge's sans-IO core: a datagram in gives one record out (an envelope, or an error
//! record) with its topic; a DOWN message in gives the framed datagram for its RSU and an
//! acknowledgement. No sockets, no clock: the caller passes the receive time.
//!
//! ```
//! use cv2x::cloud::config::Config;
//! use cv2x::cloud::core::{Core, Engine, Up};
//! let mut config = Config::default();
//! config.rsu_id = Some("rsu-1".into());
//! let core = Core::new(&config, Engine::Mqtt)?;
//! let bsm = cv2x::text::parse_hex(
//!     "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
//! ).unwrap();
//! let from = "127.0.0.1:5000".parse().unwrap();
//! let Up::Envelope(p) = core.uplink(1_700_000_000_000, from, &bsm) else { panic!() };
//! assert_eq!(p.topic, "V2X/RSU/rsu-1/BSM/UP");
//! let Up::Error(e) = core.uplink(1_700_000_000_000, from, b"\x00\x14") else { panic!() };
//! assert_eq!(e.topic, "V2X/RSU/rsu-1/ERROR/UP");
//! assert_eq!(core.stats().snapshot().errors, 1);
//! # Ok::<(), cv2x::cloud::config::ConfigError>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use super::config::{parse_source, Config, ConfigError, DownFraming, Source};
use super::envelope::{message_id_of, short_name, Envelope, ErrorRecord, Profile};
use super::stats::Stats;
use super::topic::Template;
use crate::csae::Edition;
use crate::j2735::MessageFrame;
use crate::link::dsmp::{aid, Dsmp};
use crate::link::ifm::Ifm;
use crate::link::Psid;
use crate::per::{Decode, Encode};
use crate::rsu::engine::{frame_for, frame_of, MessageKind, TxFraming};

/// Which broker the topics are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// MQTT: `/` levels, `+` wildcard, `[mqtt]` templates.
    Mqtt,
    /// NATS: `.` tokens, `*` wildcard, `[nats]` templates.
    Nats,
}

/// One message to publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publish {
    /// Its topic (MQTT) or subject (NATS).
    pub topic: String,
    /// Its payload (JSON; a raw frame's octets on the raw stream).
    pub payload: Vec<u8>,
    /// Its deduplication id (JetStream `Nats-Msg-Id`), if it has one.
    pub id: Option<String>,
}

/// What a datagram gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Up {
    /// A decoded frame's envelope.
    Envelope(Publish),
    /// An error record: the datagram was oversized, not a known framing, or did not decode.
    Error(Publish),
}

impl Up {
    /// The message to publish, whichever it is.
    pub fn publish(&self) -> &Publish {
        match self {
            Up::Envelope(p) | Up::Error(p) => p,
        }
    }

    /// Takes the message to publish.
    pub fn into_publish(self) -> Publish {
        match self {
            Up::Envelope(p) | Up::Error(p) => p,
        }
    }
}

/// What a DOWN message gave: a datagram for the RSU (if it was valid and the RSU has an
/// address) and the acknowledgement to publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Down {
    /// Where to send what.
    pub send: Option<(SocketAddr, Vec<u8>)>,
    /// The ACK (`None` only when the topic names no RSU).
    pub ack: Option<Publish>,
}

#[derive(Clone, Debug)]
struct Rsu {
    id: String,
    source: Option<Source>,
    forward: Option<SocketAddr>,
    framing: DownFraming,
    channel: Option<u8>,
    profile: Profile,
}

/// How many source addresses the core remembers an RSU id of (taken from their RSI and
/// RSM frames); beyond this, new addresses are not remembered.
pub const MAX_LEARNED_RSUS: usize = 4096;

/// The core. Shared by reference between the receive and publish tasks: it keeps no state
/// but its counters ([`Stats`], atomics) and the RSU ids CSAE sources announced in their
/// RSI and RSM frames ([`Core::rsu_for`]).
#[derive(Debug)]
pub struct Core {
    profile: Profile,
    fixed_rsu: Option<String>,
    rsus: Vec<Rsu>,
    learned: Mutex<HashMap<IpAddr, String>>,
    up: Template,
    error: Template,
    down: Template,
    ack: Template,
    raw: Option<Template>,
    max_datagram: usize,
    max_error_raw: usize,
    max_down: usize,
    stats: Arc<Stats>,
}

/// The PSID a DOWN message is sent with (IFM `PSID`, WSMP): those of the `rsu` example and
/// RSU 4.1 / V2X Hub practice.
pub fn psid_for(message_id: u16) -> Option<Psid> {
    Some(match message_id {
        18 => Psid::SPAT, // MAP: 0x8002 as in the rsu example (0xE0000017 under the CI guidance)
        19 => Psid::SPAT,
        20 => Psid::BSM,
        29 => Psid(0xE000_0016),
        30 => Psid(0xE000_0015),
        31 => Psid::TIM,
        32 => Psid::PSM,
        _ => return None,
    })
}

/// The DSMP AID a CSAE DOWN message is sent under ([`crate::link::dsmp::aid`]): BSM 111,
/// MAP 3618, SPAT 3619, RSI 3622 (dynamic), RSM 3623. Day-2 messages have no standard AID
/// in the public sources (firmware configurations differ): `None`, send them `raw`.
pub fn aid_for(msg_type: &str) -> Option<u32> {
    Some(match msg_type {
        "BSM" => aid::BSM,
        "MAP" => aid::MAP,
        "SPAT" => aid::SPAT,
        "RSI" => aid::RSI_DYNAMIC,
        "RSM" => aid::RSM,
        _ => return None,
    })
}

/// The RSU id a CSAE RSU announces in its RSI and RSM frames (`id`, 8 octets): the octets
/// as ASCII when they are all `A-Z a-z 0-9 _ -` once trailing NULs and spaces are dropped
/// (Hisense's `u_id_123`), else their 16 lowercase hex digits (as in the frame's JSON).
///
/// ```
/// use cv2x::cloud::core::announced_rsu_id;
/// assert_eq!(announced_rsu_id(b"u_id_123"), "u_id_123");
/// assert_eq!(announced_rsu_id(b"RSU7\0\0\0\0"), "RSU7");
/// assert_eq!(announced_rsu_id(&[0, 0, 0, 0, 0, 0, 0x12, 0x34]), "0000000000001234");
/// ```
pub fn announced_rsu_id(id: &[u8; 8]) -> String {
    let end = id
        .iter()
        .rposition(|&b| b != 0 && b != b' ')
        .map_or(0, |i| i + 1);
    let text = &id[..end];
    if !text.is_empty()
        && text
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        text.iter().map(|&b| b as char).collect()
    } else {
        super::envelope::hex(id)
    }
}

/// The RSU id in a CSAE frame: an RSI's or RSM's `id`.
fn frame_rsu_id(frame: &crate::csae::Frame) -> Option<&[u8; 8]> {
    use crate::csae::{v2017, v2019, v2020, Frame};
    Some(match frame {
        Frame::V2017(v2017::MessageFrame::RsiFrame(m)) => &m.id.0,
        Frame::V2017(v2017::MessageFrame::RsmFrame(m)) => &m.id.0,
        Frame::V2019(v2019::MessageFrame::RsiFrame(m)) => &m.id.0,
        Frame::V2019(v2019::MessageFrame::RsmFrame(m)) => &m.id.0,
        Frame::V2020(v2020::MessageFrame::RsiFrame(m)) => &m.id.0,
        Frame::V2020(v2020::MessageFrame::RsmFrame(m)) => &m.id.0,
        _ => return None,
    })
}

/// The deduplication id of a raw frame: `<rsu>:<receivedAt>:<64-bit FNV-1a of the
/// octets, hex>`. The same frame heard at the same millisecond by the same RSU is one frame.
///
/// ```
/// use cv2x::cloud::core::{parse_raw_id, raw_id};
/// let id = raw_id("rsu-1", 1700000000123, b"\x00\x14");
/// assert_eq!(parse_raw_id(&id), Some(("rsu-1", 1700000000123)));
/// assert_ne!(id, raw_id("rsu-1", 1700000000123, b"\x00\x13"));
/// ```
pub fn raw_id(rsu: &str, received_at: u64, datagram: &[u8]) -> String {
    format!("{rsu}:{received_at}:{:016x}", fnv1a(datagram))
}

/// The RSU id and receive time a [`raw_id`] holds.
pub fn parse_raw_id(id: &str) -> Option<(&str, u64)> {
    let mut parts = id.split(':');
    let (rsu, at, hash) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || hash.len() != 16 || super::topic::check_rsu_id(rsu).is_err() {
        return None;
    }
    Some((rsu, at.parse().ok()?))
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The RSU id of an unknown source: `ip-` and its address, `.` and `:` as `-`.
pub fn derived_rsu_id(from: SocketAddr) -> String {
    let ip = from.ip().to_string();
    let mut id = String::with_capacity(ip.len() + 3);
    id.push_str("ip-");
    id.extend(
        ip.chars()
            .map(|c| if c == '.' || c == ':' { '-' } else { c }),
    );
    id
}

impl Core {
    /// A core for `config`'s templates for `engine` (its section, or the defaults).
    pub fn new(config: &Config, engine: Engine) -> Result<Self, ConfigError> {
        config.check()?;
        let raw = match (engine, &config.nats) {
            (Engine::Nats, Some(n)) => Some(Template::nats(&n.raw_subject)?),
            _ => None,
        };
        let (up, error, down, ack) = match engine {
            Engine::Mqtt => {
                let m = config.mqtt.clone().unwrap_or_default();
                let t = Template::mqtt;
                (t(&m.up)?, t(&m.error)?, t(&m.down)?, t(&m.ack)?)
            }
            Engine::Nats => {
                let n = config.nats.clone().unwrap_or_default();
                let t = Template::nats;
                (t(&n.up)?, t(&n.error)?, t(&n.down)?, t(&n.ack)?)
            }
        };
        if !down.has_rsu() {
            return Err(ConfigError::Invalid(
                "the down template needs an {rsu} level".into(),
            ));
        }
        let rsus = config
            .rsu
            .iter()
            .map(|r| {
                let profile = config.rsu_profile(r)?;
                Ok(Rsu {
                    id: r.id.clone(),
                    source: r.source.as_deref().map(parse_source).transpose()?,
                    forward: r.forward,
                    framing: r.down_framing(profile)?,
                    channel: r.channel,
                    profile,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(Core {
            profile: config.profile()?,
            fixed_rsu: config.rsu_id.clone(),
            rsus,
            learned: Mutex::default(),
            up,
            error,
            down,
            ack,
            raw,
            max_datagram: config.max_datagram,
            max_error_raw: config.max_error_raw,
            max_down: config.max_down,
            stats: Arc::new(Stats::default()),
        })
    }

    /// The counters.
    pub fn stats(&self) -> &Arc<Stats> {
        &self.stats
    }

    /// The downlink subscription filter.
    pub fn down_filter(&self) -> String {
        self.down.filter()
    }

    /// The filters of every uplink topic: envelopes, then errors unless the first covers
    /// them.
    pub fn up_filters(&self) -> Vec<String> {
        let mut f = vec![self.up.filter()];
        if self.up.parse(&self.error.render("r", "ERROR")).is_none() {
            f.push(self.error.filter());
        }
        f
    }

    /// The raw-stream record of a datagram (scale-out: decoded later by a worker): the raw
    /// subject for its RSU, the datagram as sent, and the deduplication id [`raw_id`].
    /// `None` if no raw subject is configured (not the NATS engine). A bridge that only
    /// publishes raw frames decodes none, so it learns no RSU id from RSI/RSM frames: an
    /// unconfigured CSAE source stays `ip-<address>` on this path.
    pub fn raw(&self, received_at: u64, from: SocketAddr, datagram: &[u8]) -> Option<Publish> {
        let template = self.raw.as_ref()?;
        let rsu = self.rsu_for(from);
        self.stats.add(&self.stats.datagrams, 1);
        Some(Publish {
            topic: template.render(&rsu, ""),
            payload: datagram.to_vec(),
            id: Some(raw_id(&rsu, received_at, datagram)),
        })
    }

    /// A raw frame from the raw stream, with its deduplication id: its envelope (or error
    /// record), whose own id is `env:` and the raw id. `None` if the id is not a
    /// [`raw_id`].
    pub fn decode_raw(&self, id: &str, datagram: &[u8]) -> Option<Publish> {
        let (rsu, received_at) = parse_raw_id(id)?;
        let mut p = self.uplink_as(rsu, received_at, datagram).into_publish();
        p.id = Some(format!("env:{id}"));
        Some(p)
    }

    /// The RSU id of a datagram from `from`: `rsu_id` if configured, else the `[[rsu]]`
    /// whose source matches (exact `IP:port` entries first), else the id the last CSAE RSI
    /// or RSM from that IP address announced ([`announced_rsu_id`]), else
    /// [`derived_rsu_id`]. A configured id always wins.
    pub fn rsu_for(&self, from: SocketAddr) -> Cow<'_, str> {
        if let Some(id) = self.configured_rsu(from) {
            return Cow::Borrowed(id);
        }
        self.learned_or_derived(from)
    }

    fn learned_or_derived(&self, from: SocketAddr) -> Cow<'_, str> {
        let learned = self
            .learned
            .lock()
            .ok()
            .and_then(|m| m.get(&from.ip()).cloned());
        Cow::Owned(learned.unwrap_or_else(|| derived_rsu_id(from)))
    }

    /// The configured RSU id of `from`: `rsu_id`, or the matching `[[rsu]]`'s.
    fn configured_rsu(&self, from: SocketAddr) -> Option<&str> {
        if let Some(id) = &self.fixed_rsu {
            return Some(id);
        }
        self.rsu_entry(from).map(|r| r.id.as_str())
    }

    fn rsu_entry(&self, from: SocketAddr) -> Option<&Rsu> {
        let exact = self
            .rsus
            .iter()
            .find(|r| matches!(r.source, Some(Source::Addr(a)) if a == from));
        exact.or_else(|| {
            self.rsus
                .iter()
                .find(|r| r.source.is_some_and(|s| s.matches(from)))
        })
    }

    /// The profile of a datagram from `from`: its `[[rsu]]`'s, else the bridge's.
    pub fn profile_for(&self, from: SocketAddr) -> Profile {
        self.rsu_entry(from).map_or(self.profile, |r| r.profile)
    }

    /// The profile of the RSU `rsu`: its `[[rsu]]`'s, else the bridge's.
    fn profile_of(&self, rsu: &str) -> Profile {
        self.rsus
            .iter()
            .find(|r| r.id == rsu)
            .map_or(self.profile, |r| r.profile)
    }

    /// One received datagram: its envelope, or an error record. Under a CSAE profile a
    /// source without a configured id takes the id its RSI and RSM frames announce (see
    /// [`Core::rsu_for`]): an RSI or RSM is published under its own id.
    pub fn uplink(&self, received_at: u64, from: SocketAddr, datagram: &[u8]) -> Up {
        let profile = self.profile_for(from);
        match self.configured_rsu(from) {
            Some(rsu) => self.uplink_with(rsu, profile, received_at, datagram, None),
            None => self.uplink_with(
                &self.learned_or_derived(from),
                profile,
                received_at,
                datagram,
                Some(from.ip()),
            ),
        }
    }

    /// One datagram already attributed to `rsu` (a decode worker's raw frame), under that
    /// RSU's profile.
    pub fn uplink_as(&self, rsu: &str, received_at: u64, datagram: &[u8]) -> Up {
        self.uplink_with(rsu, self.profile_of(rsu), received_at, datagram, None)
    }

    /// `learn`: the source address whose RSU id an RSI or RSM frame may set.
    fn uplink_with(
        &self,
        rsu: &str,
        profile: Profile,
        received_at: u64,
        datagram: &[u8],
        learn: Option<IpAddr>,
    ) -> Up {
        self.stats.add(&self.stats.datagrams, 1);
        let failed = |error: String| {
            let record = ErrorRecord {
                rsu_id: rsu,
                received_at,
                profile,
                error,
                len: datagram.len(),
                raw: datagram,
            };
            Up::Error(Publish {
                topic: self.error.render(rsu, "ERROR"),
                payload: record.to_json(self.max_error_raw).into_bytes(),
                id: None,
            })
        };
        if datagram.len() > self.max_datagram {
            self.stats.add(&self.stats.oversized, 1);
            return failed(format!(
                "oversized: {} octets (max_datagram {})",
                datagram.len(),
                self.max_datagram
            ));
        }
        let unwrapped = if profile == Profile::J2735 {
            frame_of(datagram)
                .map(|f| (f, None))
                .map_err(|e| e.to_string())
        } else {
            csae_frame_of(datagram)
        };
        let (frame, aid) = match unwrapped {
            Ok(f) => f,
            Err(e) => {
                self.stats.add(&self.stats.errors, 1);
                return failed(e);
            }
        };
        match Envelope::decode(rsu, received_at, profile, &frame) {
            Ok(mut env) => {
                env.aid = aid;
                if let (Some(ip), Some(id)) = (learn, env.frame.csae().and_then(frame_rsu_id)) {
                    let id = announced_rsu_id(id);
                    if let Ok(mut m) = self.learned.lock() {
                        if m.len() < MAX_LEARNED_RSUS || m.contains_key(&ip) {
                            m.insert(ip, id.clone());
                        }
                    }
                    env.rsu_id = id;
                }
                self.stats.add(&self.stats.envelopes, 1);
                let mut payload = Vec::with_capacity(frame.len() * 10 + 200);
                env.write_json(&mut payload);
                Up::Envelope(Publish {
                    topic: self.up.render(&env.rsu_id, &env.msg_type()),
                    payload,
                    id: None,
                })
            }
            Err(e) => {
                self.stats.add(&self.stats.errors, 1);
                failed(e.to_string())
            }
        }
    }

    /// One DOWN message on `topic`: a canonical-JSON `MessageFrame`, or hex UPER (both
    /// trimmed). The message must be the one the topic names; it is encoded and framed
    /// for its RSU; the ACK says what was sent, or why nothing was.
    pub fn downlink(&self, topic: &str, payload: &[u8]) -> Down {
        self.stats.add(&self.stats.down_in, 1);
        let Some(parts) = self.down.parse(topic) else {
            self.stats.add(&self.stats.down_errors, 1);
            return Down {
                send: None,
                ack: None,
            };
        };
        let msg = if parts.msg.is_empty() {
            "DOWN"
        } else {
            parts.msg.as_str()
        };
        let ack_topic = self.ack.render(parts.rsu, msg);
        let mut ack = Vec::with_capacity(160);
        ack.extend_from_slice(b"{\"rsuId\":");
        super::envelope::write_json_str(&mut ack, parts.rsu);
        ack.extend_from_slice(b",\"msgType\":");
        super::envelope::write_json_str(&mut ack, msg);
        match self.frame_down(parts.rsu, &parts.msg, payload) {
            Ok((to, datagram, framing)) => {
                self.stats.add(&self.stats.down_sent, 1);
                ack.extend_from_slice(
                    format!(
                        ",\"ok\":true,\"to\":\"{to}\",\"framing\":\"{}\",\"len\":{}}}",
                        framing.as_str(),
                        datagram.len()
                    )
                    .as_bytes(),
                );
                Down {
                    send: Some((to, datagram)),
                    ack: Some(Publish {
                        topic: ack_topic,
                        payload: ack,
                        id: None,
                    }),
                }
            }
            Err(error) => {
                self.stats.add(&self.stats.down_errors, 1);
                ack.extend_from_slice(b",\"ok\":false,\"error\":");
                super::envelope::write_json_str(&mut ack, &error);
                ack.push(b'}');
                Down {
                    send: None,
                    ack: Some(Publish {
                        topic: ack_topic,
                        payload: ack,
                        id: None,
                    }),
                }
            }
        }
    }

    fn frame_down(
        &self,
        rsu: &str,
        topic_msg: &str,
        payload: &[u8],
    ) -> Result<(SocketAddr, Vec<u8>, DownFraming), String> {
        if payload.len() > self.max_down {
            return Err(format!(
                "{} octets, more than max_down {}",
                payload.len(),
                self.max_down
            ));
        }
        let entry = self
            .rsus
            .iter()
            .find(|r| r.id == rsu)
            .ok_or_else(|| format!("unknown RSU {rsu:?} (no [[rsu]] entry)"))?;
        let to = entry
            .forward
            .ok_or_else(|| format!("RSU {rsu:?} has no forward address"))?;
        let text = std::str::from_utf8(payload).map_err(|e| format!("not UTF-8: {e}"))?;
        let text = text.trim();
        if entry.profile != Profile::J2735 {
            return csae_down(entry, to, topic_msg, text);
        }
        let (frame, uper) = if text.starts_with('{') {
            let frame: MessageFrame =
                serde_json::from_str(text).map_err(|e| format!("bad JSON: {e}"))?;
            let uper = frame.to_uper().map_err(|e| format!("cannot encode: {e}"))?;
            (frame, uper)
        } else {
            let uper = crate::text::parse_hex(text).map_err(|e| format!("bad hex: {e}"))?;
            let frame = MessageFrame::from_uper(&uper).map_err(|e| format!("bad frame: {e}"))?;
            (frame, uper)
        };
        let id = frame.message.message_id();
        if !topic_msg.is_empty() && message_id_of(topic_msg) != Some(id) {
            return Err(format!(
                "the topic says {topic_msg}, the message is {}",
                short_name(id)
            ));
        }
        let psid = psid_for(id).ok_or_else(|| format!("no PSID known for {}", short_name(id)))?;
        let datagram = match entry.framing {
            DownFraming::Ifm => {
                let mut ifm = Ifm::new(&short_name(id), psid, uper);
                ifm.tx_channel = entry.channel.unwrap_or(183);
                ifm.to_text().into_bytes()
            }
            f => {
                let framing = match f {
                    DownFraming::Wsmp => TxFraming::Wsmp,
                    DownFraming::WsmpBare => TxFraming::WsmpBare,
                    DownFraming::Ieee1609Dot2 => TxFraming::Ieee1609Dot2,
                    _ => TxFraming::Raw,
                };
                // The kind only names an IFM's Type, which these framings do not carry.
                frame_for(framing, MessageKind::Spat, psid, entry.channel, &uper)
                    .map_err(|e| format!("cannot frame: {e}"))?
            }
        };
        Ok((to, datagram, entry.framing))
    }
}

/// The CSAE frame of a datagram and its DSMP AID: DSMP when its header and payload length
/// account for the whole datagram (its payload bare or 1609.2 unsecured; signed payloads
/// are refused), else the datagram itself as a bare frame. (CSAE frames have no
/// `messageId`: an RSI starts `0x4_`, so RSU 4.1 text and WSMP are not looked for.)
fn csae_frame_of(d: &[u8]) -> Result<(Cow<'_, [u8]>, Option<u32>), String> {
    if d.first() == Some(&crate::link::dsmp::PROTOCOL_TYPE) && Dsmp::parse(d).is_ok() {
        let u = crate::link::unwrap(d).map_err(|e| format!("DSMP: {e}"))?;
        if u.signed.is_some() {
            return Err("DSMP payload is 1609.2 signed data (not verified here)".into());
        }
        return Ok((Cow::Borrowed(u.frame), u.dsmp.map(|m| m.aid)));
    }
    if d.is_empty() {
        return Err("empty datagram".into());
    }
    Ok((Cow::Borrowed(d), None))
}

/// A DOWN message for a CSAE RSU: the edition's canonical JSON (`{"spatFrame": ...}`; under
/// the `csae` profile `{"edition": "csae-2020", "frame": {...}}`, as `v2x encode --profile
/// csae` takes) or hex UPER, encoded under the RSU's edition and framed as it says.
fn csae_down(
    entry: &Rsu,
    to: SocketAddr,
    topic_msg: &str,
    text: &str,
) -> Result<(SocketAddr, Vec<u8>, DownFraming), String> {
    let frame = if text.starts_with('{') {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("bad JSON: {e}"))?;
        let (edition, value) = match entry.profile {
            Profile::Csae(e) => (e, value),
            _ => {
                #[derive(serde::Deserialize)]
                struct Named {
                    edition: String,
                    frame: serde_json::Value,
                }
                let n: Named = serde_json::from_value(value).map_err(|e| {
                    format!("bad JSON (profile csae: {{\"edition\": ..., \"frame\": ...}}): {e}")
                })?;
                let e: Edition = n.edition.parse().map_err(|e| format!("bad JSON: {e}"))?;
                (e, n.frame)
            }
        };
        edition
            .frame_from_json(value)
            .map_err(|e| format!("bad JSON for {edition}: {e}"))?
    } else {
        let uper = crate::text::parse_hex(text).map_err(|e| format!("bad hex: {e}"))?;
        match entry.profile {
            Profile::Csae(e) => e
                .decode(&uper)
                .map_err(|err| format!("bad frame under {e}: {err}"))?,
            _ => {
                crate::csae::rank::rank(&uper)
                    .map_err(|e| format!("bad frame: {e}"))?
                    .frame
            }
        }
    };
    let uper = frame.to_uper().map_err(|e| format!("cannot encode: {e}"))?;
    let msg = frame.msg_type();
    if !topic_msg.is_empty() && !topic_msg.eq_ignore_ascii_case(msg) {
        return Err(format!("the topic says {topic_msg}, the message is {msg}"));
    }
    let datagram = match entry.framing {
        DownFraming::Dsmp => {
            let aid = aid_for(msg)
                .ok_or_else(|| format!("no DSMP AID known for {msg} (use framing raw)"))?;
            let mut out = Vec::with_capacity(uper.len() + 8);
            Dsmp::new(aid, &uper)
                .write(&mut out)
                .map_err(|e| format!("cannot frame: {e}"))?;
            out
        }
        _ => uper,
    };
    Ok((to, datagram, entry.framing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::config::RsuEntry;
    use crate::link::ifm::Ifm;
    use crate::link::unwrap;

    const BSM: &str =
        "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";

    fn config() -> Config {
        Config {
            rsu: vec![
                RsuEntry {
                    id: "north".into(),
                    source: Some("127.0.0.2".into()),
                    forward: Some("127.0.0.2:1516".parse().unwrap()),
                    framing: Some(DownFraming::Ifm),
                    channel: None,
                    profile: None,
                },
                RsuEntry {
                    id: "north-port9".into(),
                    source: Some("127.0.0.2:9".into()),
                    forward: Some("127.0.0.3:1516".parse().unwrap()),
                    framing: Some(DownFraming::Wsmp),
                    channel: Some(172),
                    profile: None,
                },
            ],
            ..Config::default()
        }
    }

    fn json(p: &Publish) -> serde_json::Value {
        serde_json::from_slice(&p.payload).unwrap()
    }

    #[test]
    fn rsu_by_source() {
        let core = Core::new(&config(), Engine::Mqtt).unwrap();
        assert_eq!(core.rsu_for("127.0.0.2:5".parse().unwrap()), "north");
        assert_eq!(core.rsu_for("127.0.0.2:9".parse().unwrap()), "north-port9");
        assert_eq!(core.rsu_for("10.1.2.3:9".parse().unwrap()), "ip-10-1-2-3");
        assert_eq!(core.rsu_for("[::1]:9".parse().unwrap()), "ip---1");
        let mut c = config();
        c.rsu_id = Some("fixed".into());
        let core = Core::new(&c, Engine::Nats).unwrap();
        assert_eq!(core.rsu_for("127.0.0.2:5".parse().unwrap()), "fixed");
    }

    #[test]
    fn every_framing_gives_the_same_envelope() {
        let core = Core::new(&config(), Engine::Nats).unwrap();
        let from = "127.0.0.2:5".parse().unwrap();
        let frame = crate::text::parse_hex(BSM).unwrap();
        let mut wsmp = Vec::new();
        frame_for(TxFraming::Wsmp, MessageKind::Bsm, Psid::BSM, None, &frame)
            .map(|d| wsmp = d)
            .unwrap();
        let ifm = Ifm::new("BSM", Psid::BSM, frame.clone())
            .to_text()
            .into_bytes();
        let mut dot2 = Vec::new();
        crate::link::ieee1609dot2::write_unsecured(&frame, &mut dot2);
        for d in [&frame, &wsmp, &ifm, &dot2] {
            let Up::Envelope(p) = core.uplink(7, from, d) else {
                panic!("{d:?}")
            };
            assert_eq!(p.topic, "v2x.rsu.north.bsm.up");
            let v = json(&p);
            assert_eq!(v["raw"], BSM);
            assert_eq!(v["receivedAt"], 7);
            assert_eq!(v["msgType"], "BSM");
        }
        assert_eq!(core.stats().snapshot().envelopes, 4);
    }

    #[test]
    fn hostile_datagrams_give_error_records() {
        let mut c = config();
        c.max_datagram = 100;
        c.max_error_raw = 8;
        let core = Core::new(&c, Engine::Mqtt).unwrap();
        let from = "127.0.0.9:5".parse().unwrap();
        let cases: [&[u8]; 6] = [
            b"",
            b"\x00\x14",
            b"\x7e\x7e\x7e",
            b"Version=0.7\nType=SPAT\n",
            &[0xff; 101],
            b"\x03\x80\x05\x00",
        ];
        for d in cases {
            let Up::Error(p) = core.uplink(1, from, d) else {
                panic!("{d:?}")
            };
            assert_eq!(p.topic, "V2X/RSU/ip-127-0-0-9/ERROR/UP");
            let v = json(&p);
            assert!(!v["error"].as_str().unwrap().is_empty());
            assert_eq!(v["len"], d.len());
            assert!(v["raw"].as_str().unwrap().len() <= 16);
        }
        let s = core.stats().snapshot();
        assert_eq!((s.errors, s.oversized, s.datagrams), (5, 1, 6));
    }

    #[test]
    fn downlink_frames_for_the_rsu_and_acks() {
        let core = Core::new(&config(), Engine::Mqtt).unwrap();
        let frame = crate::text::parse_hex(BSM).unwrap();
        // Hex to an IFM RSU.
        let d = core.downlink("V2X/RSU/north/BSM/DOWN", BSM.as_bytes());
        let (to, datagram) = d.send.unwrap();
        assert_eq!(to, "127.0.0.2:1516".parse().unwrap());
        let ifm = Ifm::parse(std::str::from_utf8(&datagram).unwrap()).unwrap();
        assert_eq!((ifm.payload, ifm.msg_type.as_str()), (frame.clone(), "BSM"));
        let ack = d.ack.unwrap();
        assert_eq!(ack.topic, "V2X/RSU/north/BSM/ACK");
        assert_eq!(json(&ack)["ok"], true);
        // Canonical JSON to a WSMP RSU.
        let value = crate::text::decode_line(BSM).unwrap();
        let d = core.downlink("V2X/RSU/north-port9/BSM/DOWN", value.as_bytes());
        let (to, datagram) = d.send.unwrap();
        assert_eq!(to, "127.0.0.3:1516".parse().unwrap());
        let u = unwrap(&datagram).unwrap();
        assert_eq!((u.frame, u.wsmp.unwrap().channel), (&frame[..], Some(172)));
    }

    #[test]
    fn raw_records_for_workers() {
        let mut c = config();
        c.nats = Some(Default::default());
        let core = Core::new(&c, Engine::Nats).unwrap();
        let bsm = crate::text::parse_hex(BSM).unwrap();
        let from = "127.0.0.2:5".parse().unwrap();
        let raw = core.raw(42, from, &bsm).unwrap();
        assert_eq!(raw.topic, "v2x.raw.north");
        assert_eq!(raw.payload, bsm);
        let id = raw.id.clone().unwrap();
        assert!(id.starts_with("north:42:"), "{id}");
        // The same octets at the same time from the same RSU: the same id.
        assert_eq!(core.raw(42, from, &bsm).unwrap().id.unwrap(), id);
        assert_ne!(core.raw(43, from, &bsm).unwrap().id.unwrap(), id);
        let env = core.decode_raw(&id, &bsm).unwrap();
        assert_eq!(env.topic, "v2x.rsu.north.bsm.up");
        assert_eq!(env.id.unwrap(), format!("env:{id}"));
        let v = json(&Publish {
            payload: env.payload,
            ..raw.clone()
        });
        assert_eq!(
            (v["rsuId"].as_str(), v["receivedAt"].as_u64()),
            (Some("north"), Some(42))
        );
        let err = core.decode_raw(&id, b"junk").unwrap();
        assert_eq!(err.topic, "v2x.rsu.north.error.up");
        for bad in [
            "",
            "north:42",
            "north:x:0123456789abcdef",
            "a/b:1:0123456789abcdef",
            "n:1:12:3",
        ] {
            assert!(core.decode_raw(bad, &bsm).is_none(), "{bad}");
        }
        // No raw subject without NATS.
        assert!(Core::new(&config(), Engine::Mqtt)
            .unwrap()
            .raw(1, from, &bsm)
            .is_none());
        assert_eq!(core.up_filters(), ["v2x.rsu.*.*.up"]);
    }

    #[test]
    fn malformed_downlinks_get_error_acks() {
        let core = Core::new(&config(), Engine::Mqtt).unwrap();
        let cases: [(&str, &[u8], &str); 7] = [
            ("V2X/RSU/north/BSM/DOWN", b"zz", "bad hex"),
            ("V2X/RSU/north/BSM/DOWN", b"{\"messageId\":20}", "bad JSON"),
            ("V2X/RSU/north/BSM/DOWN", b"0014", "bad frame"),
            ("V2X/RSU/north/BSM/DOWN", b"\xff\xfe", "not UTF-8"),
            (
                "V2X/RSU/north/SPAT/DOWN",
                BSM.as_bytes(),
                "the topic says SPAT",
            ),
            ("V2X/RSU/south/BSM/DOWN", BSM.as_bytes(), "unknown RSU"),
            ("V2X/RSU/north/BSM/DOWN", &[b'0'; 70_000], "max_down"),
        ];
        for (topic, payload, want) in cases {
            let d = core.downlink(topic, payload);
            assert!(d.send.is_none());
            let v = json(&d.ack.unwrap());
            assert_eq!(v["ok"], false);
            let e = v["error"].as_str().unwrap();
            assert!(e.contains(want), "{topic}: {e}");
        }
        assert!(core.downlink("elsewhere", b"").ack.is_none());
        let s = core.stats().snapshot();
        assert_eq!((s.down_in, s.down_errors, s.down_sent), (8, 8, 0));
    }

    fn csae_config() -> Config {
        Config::from_toml(
            r#"profile = "csae-2020"
            [[rsu]]
            id = "cn"
            source = "127.0.0.5"
            forward = "127.0.0.5:1516"
            [[rsu]]
            id = "cn-raw"
            forward = "127.0.0.6:1516"
            framing = "raw"
            [[rsu]]
            id = "us"
            profile = "j2735"
            source = "127.0.0.7""#,
        )
        .unwrap()
    }

    fn csae_rsm(id: [u8; 8]) -> Vec<u8> {
        use crate::csae::v2020::{
            MessageFrame, ParticipantSpec, ParticipantType, RsmBuilder, SourceType,
        };
        let rsm = RsmBuilder::new(id, 30.2741, 120.1551)
            .participant(ParticipantSpec::new(
                ParticipantType::Motor,
                1,
                SourceType::Video,
                30.2742,
                120.1552,
            ))
            .build()
            .unwrap();
        MessageFrame::RsmFrame(rsm).to_uper().unwrap()
    }

    #[test]
    fn csae_uplink_unwraps_dsmp_and_learns_rsu_ids() {
        let core = Core::new(&csae_config(), Engine::Mqtt).unwrap();
        let rsm = csae_rsm(*b"u_id_123");
        let mut d = Vec::new();
        Dsmp::new(aid::RSM, &rsm).write(&mut d).unwrap();
        // Configured: the id of [[rsu]] wins over the RSM's.
        let Up::Envelope(p) = core.uplink(1, "127.0.0.5:9".parse().unwrap(), &d) else {
            panic!()
        };
        assert_eq!(p.topic, "V2X/RSU/cn/RSM/UP");
        let v = json(&p);
        assert_eq!(
            (v["profile"].as_str(), v["aid"].as_u64()),
            (Some("csae-2020"), Some(3623))
        );
        // Unconfigured: derived, then the RSM's id for that address (any port), bare too.
        let from: SocketAddr = "10.0.0.9:7".parse().unwrap();
        assert_eq!(core.rsu_for(from), "ip-10-0-0-9");
        let Up::Envelope(p) = core.uplink(2, from, &rsm) else {
            panic!()
        };
        assert_eq!(p.topic, "V2X/RSU/u_id_123/RSM/UP");
        assert!(json(&p).get("aid").is_none());
        assert_eq!(core.rsu_for("10.0.0.9:8".parse().unwrap()), "u_id_123");
        let Up::Error(p) = core.uplink(3, from, b"\x04\x00") else {
            panic!()
        };
        assert_eq!(p.topic, "V2X/RSU/u_id_123/ERROR/UP");
        // A binary id is hex.
        let Up::Envelope(p) = core.uplink(4, from, &csae_rsm([0, 1, 2, 3, 4, 5, 6, 0xff])) else {
            panic!()
        };
        assert_eq!(p.topic, "V2X/RSU/00010203040506ff/RSM/UP");
        // The J2735 source reads J2735 (a CSAE frame there is an error).
        let Up::Error(p) = core.uplink(5, "127.0.0.7:1".parse().unwrap(), &rsm) else {
            panic!()
        };
        assert_eq!(json(&p)["profile"], "j2735");
        let bsm = crate::text::parse_hex(BSM).unwrap();
        assert!(matches!(
            core.uplink(5, "127.0.0.7:1".parse().unwrap(), &bsm),
            Up::Envelope(_)
        ));
        // Hostile DSMP-looking datagrams.
        let hostile: [&[u8]; 4] = [
            b"\x04",
            b"\x04\x00\x8d\xa3\x00\x09\x00",
            b"\x04\x00\x8d\xa3\x00\x02\x03\x81",
            b"",
        ];
        for d in hostile {
            assert!(matches!(core.uplink(6, from, d), Up::Error(_)), "{d:?}");
        }
    }

    #[test]
    fn csae_downlink_in_dsmp_under_the_aid_or_raw() {
        use crate::csae::Edition;
        let core = Core::new(&csae_config(), Engine::Mqtt).unwrap();
        let rsm = csae_rsm(*b"rsu-0042");
        let value = serde_json::to_string(&Edition::V2020.decode(&rsm).unwrap()).unwrap();
        let d = core.downlink("V2X/RSU/cn/RSM/DOWN", value.as_bytes());
        let (to, datagram) = d.send.unwrap();
        assert_eq!(to, "127.0.0.5:1516".parse().unwrap());
        let m = Dsmp::parse(&datagram).unwrap();
        assert_eq!((m.aid, m.payload), (aid::RSM, &rsm[..]));
        assert_eq!(json(&d.ack.unwrap())["framing"], "dsmp");
        let d = core.downlink(
            "V2X/RSU/cn-raw/RSM/DOWN",
            crate::text::to_hex(&rsm).as_bytes(),
        );
        assert_eq!(d.send.unwrap().1, rsm);
        for (topic, payload, want) in [
            (
                "V2X/RSU/cn/SPAT/DOWN",
                value.clone(),
                "the topic says SPAT, the message is RSM",
            ),
            (
                "V2X/RSU/cn/RSM/DOWN",
                "{\"rsmFrame\":{}}".into(),
                "bad JSON for csae-2020",
            ),
            (
                "V2X/RSU/cn/RSM/DOWN",
                BSM.into(),
                "bad frame under csae-2020",
            ),
        ] {
            let ack = json(&core.downlink(topic, payload.as_bytes()).ack.unwrap());
            assert!(ack["error"].as_str().unwrap().contains(want), "{ack}");
        }
        assert_eq!(aid_for("SSM"), None);
    }
}
