//! A roadside unit: SPaT at 10 Hz and MAP at 1 Hz from a signal controller (TSCBM over
//! UDP) or a simulated fixed-time plan, to any number of UDP destinations in their own
//! framing (raw, 1609.2, WSMP, RSU 4.1 IFM, DSMP), with BSM forwarding and pcap recording.
//! In the China profile (`--profile csae-2020`, T/CSAE 53-2020) it sends SPAT and MAP of
//! the same intersection, RSM at 10 Hz from a perception feed (simulated road users by
//! default, detections as JSON lines on a UDP port otherwise) and RSI while items are active.
//!
//! ```text
//! cargo run --release --example rsu                      # simulated four-leg intersection,
//!                                                        # IFM text to 127.0.0.1:1516
//! cargo run --release --example rsu -- --profile csae-2020   # the same in the China
//!                                                        # profile, DSMP to 127.0.0.1:1516
//! cargo run --release --example rsu -- --config examples/rsu.toml
//! cargo run --release --example rsu -- --duration 20 --stats
//! cargo run --release --features pcap --example rsu -- --config my.toml   # with [pcap]
//! # SPaT and MAP signed (IEEE 1609.2) with a demo certificate, in WSMP to port 1516:
//! cargo run --features cli --bin v2x -- demo-chain demo
//! cargo run --release --features sec --example rsu -- --config examples/rsu-signed.toml \
//!     --sign-key demo/rsu.key.hex --sign-cert demo/rsu.cert.hex
//! ```
//!
//! Stops on SIGINT / SIGTERM (within ~100 ms; the pcap is flushed) or after `--duration`.
//! `--stats` prints the SPaT send interval's p50 / p99 / max at exit.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cv2x::csae::v2020::TimeChangeDetails;
use cv2x::j2735::signal::time::seconds_until;
use cv2x::j2735::TimeMark;
use cv2x::link::dsmp::aid;
use cv2x::link::Psid;
use cv2x::rsu::controller_link::LinkConfig;
use cv2x::rsu::csae_map::CsaeMapStore;
use cv2x::rsu::csae_spat::CsaeTiming;
use cv2x::rsu::engine::{
    CsaeConfig, Destination, Event, MessageKind, Now, RsuConfig, RsuCore, SignalInput, Transmit,
    TxFraming,
};
use cv2x::rsu::four_leg;
use cv2x::rsu::perception::PerceptionConfig;
use cv2x::rsu::plan::Plan;
use cv2x::rsu::rsi::{RsiBoard, RsiConfig, RsiItem, RsiKind};
use cv2x::rsu::spat::{MappingTable, Protection, SignalGroupMap, Source, SpatConfig, Stale};
use cv2x::rsu::udp_driver::{Clock, Driver, Hooks, Inbound};
use cv2x::rsu::MapStore;
use serde::Deserialize;
use socket2::{Domain, Protocol, SockAddr, Socket, Type};

type Error = Box<dyn std::error::Error>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Config {
    log_level: LogLevel,
    profile: Profile,
    intersection: Intersection,
    input: Input,
    map: MapSource,
    signal_group: Vec<SignalGroupRow>,
    destination: Vec<DestinationConfig>,
    bsm: BsmConfig,
    pcap: Option<PcapConfig>,
    csae: CsaeSection,
    perception: PerceptionSection,
    rsi: RsiSection,
}

/// The message set the RSU speaks.
#[derive(Deserialize, Default, Clone, Copy, PartialEq)]
enum Profile {
    #[default]
    #[serde(rename = "j2735")]
    J2735,
    #[serde(rename = "csae-2020")]
    Csae2020,
}

impl std::str::FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "j2735" => Ok(Profile::J2735),
            "csae-2020" => Ok(Profile::Csae2020),
            other => Err(format!("unknown profile {other:?} (j2735 or csae-2020)").into()),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct CsaeSection {
    /// "counting" (default) or "utc".
    timing: Option<String>,
    /// The RSU's id in RSM and RSI: 8 ASCII characters.
    rsu_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PerceptionSection {
    /// Simulated road users (default: on when no `listen` is given).
    simulated: Option<bool>,
    /// Where detections (JSON lines) arrive.
    listen: Option<String>,
    interval_ms: u64,
    window_ms: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RsiSection {
    /// Where RSI items and removals (JSON lines) arrive.
    listen: Option<String>,
    interval_ms: u64,
    /// The sample event (road works on the north leg) when no item is configured.
    sample: Option<bool>,
    item: Vec<RsiItem>,
}

impl Default for RsiSection {
    fn default() -> Self {
        RsiSection {
            listen: None,
            interval_ms: 1_000,
            sample: None,
            item: Vec::new(),
        }
    }
}

impl Default for PerceptionSection {
    fn default() -> Self {
        PerceptionSection {
            simulated: None,
            listen: None,
            interval_ms: 100,
            window_ms: 100,
        }
    }
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, PartialOrd)]
#[serde(rename_all = "lowercase")]
enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Intersection {
    id: u16,
    region: Option<u16>,
    name: Option<String>,
    ref_lat: Option<f64>,
    ref_lon: Option<f64>,
    stale: StalePolicy,
    max_input_age_ms: u64,
}

impl Default for Intersection {
    fn default() -> Self {
        Intersection {
            id: 1234,
            region: None,
            name: Some("Simulated four-leg".into()),
            ref_lat: None,
            ref_lon: None,
            stale: StalePolicy::StatusBit,
            max_input_age_ms: 300,
        }
    }
}

impl Intersection {
    /// The reference position: configured, or a default per profile (Ann Arbor for J2735,
    /// Hangzhou for the China profile).
    fn position(&self, profile: Profile) -> (f64, f64) {
        let (lat, lon) = match profile {
            Profile::J2735 => (42.300_100, -83.700_100),
            Profile::Csae2020 => (30.274_100, 120.155_100),
        };
        (self.ref_lat.unwrap_or(lat), self.ref_lon.unwrap_or(lon))
    }
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum StalePolicy {
    StatusBit,
    Silence,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Input {
    mode: InputMode,
    plan: Option<Plan>,
    plan_file: Option<PathBuf>,
    controller_bind: String,
    link_timeout_ms: u64,
    duplicates_refresh: bool,
}

impl Default for Input {
    fn default() -> Self {
        Input {
            mode: InputMode::Simulated,
            plan: None,
            plan_file: None,
            controller_bind: "0.0.0.0:6053".into(),
            link_timeout_ms: 300,
            duplicates_refresh: false,
        }
    }
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum InputMode {
    Simulated,
    Controller,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct MapSource {
    source: String,
    interval_ms: u64,
}

impl Default for MapSource {
    fn default() -> Self {
        MapSource {
            source: "builtin".into(),
            interval_ms: 1_000,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalGroupRow {
    id: u8,
    phase: u8,
    #[serde(default = "vehicle")]
    kind: String,
    #[serde(default = "protected")]
    protection: String,
}

fn vehicle() -> String {
    "vehicle".into()
}
fn protected() -> String {
    "protected".into()
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields, default)]
struct DestinationConfig {
    address: String,
    port: u16,
    framing: Option<String>,
    messages: Option<Vec<String>>,
    spat_psid: Option<u32>,
    map_psid: Option<u32>,
    bsm_psid: Option<u32>,
    rsi_psid: Option<u32>,
    rsm_psid: Option<u32>,
    channel: Option<u8>,
    bind: String,
    broadcast: bool,
    ttl: Option<u32>,
    multicast_interface: Option<Ipv4Addr>,
}

impl Default for DestinationConfig {
    fn default() -> Self {
        DestinationConfig {
            address: "127.0.0.1".into(),
            port: 1516,
            framing: None,
            messages: None,
            spat_psid: None,
            map_psid: None,
            bsm_psid: None,
            rsi_psid: None,
            rsm_psid: None,
            channel: Some(183),
            bind: "0.0.0.0:0".into(),
            broadcast: false,
            ttl: None,
            multicast_interface: None,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct BsmConfig {
    listen: Option<String>,
    forward: Vec<DestinationConfig>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PcapConfig {
    file: PathBuf,
    #[serde(default)]
    destination: usize,
}

fn parse_framing(s: &str) -> Result<TxFraming, Error> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "raw" => TxFraming::Raw,
        "1609.2" | "ieee1609dot2" => TxFraming::Ieee1609Dot2,
        "wsmp" => TxFraming::Wsmp,
        "wsmp-bare" => TxFraming::WsmpBare,
        "ifm" => TxFraming::Ifm,
        "dsmp" => TxFraming::Dsmp,
        other => return Err(format!("unknown framing {other:?}").into()),
    })
}

fn resolve(host: &str, port: u16) -> Result<SocketAddr, Error> {
    (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| format!("cannot resolve {host}").into())
}

/// A sending socket configured as the destination asks.
fn sender(d: &DestinationConfig, to: SocketAddr) -> Result<UdpSocket, Error> {
    let bind: SocketAddr = d.bind.parse()?;
    let socket = Socket::new(Domain::for_address(to), Type::DGRAM, Some(Protocol::UDP))?;
    socket.set_reuse_address(true)?;
    if d.broadcast {
        socket.set_broadcast(true)?;
    }
    if let Some(ttl) = d.ttl {
        if to.ip().is_multicast() {
            socket.set_multicast_ttl_v4(ttl)?;
        } else {
            socket.set_ttl_v4(ttl)?;
        }
    }
    if let (Some(ifc), IpAddr::V4(_)) = (d.multicast_interface, to.ip()) {
        socket.set_multicast_if_v4(&ifc)?;
    }
    socket.bind(&SockAddr::from(bind))?;
    Ok(socket.into())
}

/// A listening socket (`SO_REUSEADDR`, and joined to the group if multicast).
fn listener(addr: &str) -> Result<UdpSocket, Error> {
    let addr: SocketAddr = addr.parse()?;
    let socket = Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP))?;
    socket.set_reuse_address(true)?;
    socket.set_recv_buffer_size(1 << 20)?;
    if let IpAddr::V4(group) = addr.ip() {
        if group.is_multicast() {
            socket.bind(&SockAddr::from(SocketAddr::from((
                Ipv4Addr::UNSPECIFIED,
                addr.port(),
            ))))?;
            socket.join_multicast_v4(&group, &Ipv4Addr::UNSPECIFIED)?;
            return Ok(socket.into());
        }
    }
    socket.bind(&SockAddr::from(addr))?;
    Ok(socket.into())
}

fn table(rows: &[SignalGroupRow]) -> Result<MappingTable, Error> {
    if rows.is_empty() {
        return Ok(four_leg::table());
    }
    let mut out = Vec::new();
    for r in rows {
        let source = match r.kind.as_str() {
            "vehicle" => Source::Phase(r.phase),
            "pedestrian" => Source::Pedestrian(r.phase),
            "overlap" => Source::Overlap(r.phase),
            k => return Err(format!("signal group {}: unknown kind {k:?}", r.id).into()),
        };
        let protection = match r.protection.as_str() {
            "protected" => Protection::Protected,
            "permissive" => Protection::Permissive,
            "protected-permissive" => Protection::ProtectedPermissive,
            p => return Err(format!("signal group {}: unknown protection {p:?}", r.id).into()),
        };
        out.push(SignalGroupMap {
            signal_group: r.id,
            source,
            protection,
        });
    }
    Ok(MappingTable::new(out)?)
}

/// A MAP file read with a store's loaders: `*.json`, `*.hex` / `*.txt` (UPER hex), else
/// UPER bytes.
fn map_file<T, E: Into<Error>>(
    path: &str,
    json: impl Fn(&str) -> Result<T, E>,
    hex: impl Fn(&str) -> Result<T, E>,
    uper: impl Fn(&[u8]) -> Result<T, E>,
) -> Result<T, Error> {
    let p = Path::new(path);
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "json" => json(&std::fs::read_to_string(p)?).map_err(Into::into),
        "hex" | "txt" => hex(&std::fs::read_to_string(p)?).map_err(Into::into),
        _ => uper(&std::fs::read(p)?).map_err(Into::into),
    }
}

/// The J2735 MAP: built in, none, or a file.
fn load_map(c: &Config) -> Result<Option<MapStore>, Error> {
    let i = &c.intersection;
    let (lat, lon) = i.position(c.profile);
    Ok(match c.map.source.as_str() {
        "none" => None,
        "builtin" => Some(MapStore::new(four_leg::map_named(
            i.id,
            lat,
            lon,
            i.name.as_deref(),
        )?)?),
        path => Some(map_file(
            path,
            MapStore::from_json,
            MapStore::from_hex,
            MapStore::from_uper,
        )?),
    })
}

/// The China profile's MAP: built in, none, or a CSAE 2020 MAP file.
fn load_csae_map(c: &Config) -> Result<Option<CsaeMapStore>, Error> {
    let i = &c.intersection;
    let (lat, lon) = i.position(c.profile);
    Ok(match c.map.source.as_str() {
        "none" => None,
        "builtin" => Some(CsaeMapStore::new(four_leg::csae_map(
            i.region,
            i.id,
            lat,
            lon,
            i.name.as_deref(),
        )?)?),
        path => Some(map_file(
            path,
            CsaeMapStore::from_json,
            CsaeMapStore::from_hex,
            CsaeMapStore::from_uper,
        )?),
    })
}

/// The sample RSI event: road works 40 m up the north leg, 30 m around, until removed.
fn sample_event(lat: f64, lon: f64) -> RsiItem {
    RsiItem {
        kind: RsiKind::Event,
        id: 1,
        code: 401,
        source: Some(cv2x::csae::v2020::EventSource::Detection),
        lat: lat + 40.0 / 111_000.0,
        lon,
        radius: Some(30.0),
        priority: Some(5),
        description: Some("road works".into()),
        start: None,
        end: None,
        path: Vec::new(),
    }
}

/// The China profile's parts of the core.
fn csae_config(c: &Config, listen: &mut Vec<(UdpSocket, Inbound)>) -> Result<CsaeConfig, Error> {
    let mut csae = CsaeConfig::new();
    csae.timing = match c.csae.timing.as_deref() {
        None | Some("counting") => CsaeTiming::Counting,
        Some("utc") => CsaeTiming::UtcTiming,
        Some(t) => return Err(format!("csae.timing {t:?}: counting or utc").into()),
    };
    csae.map = load_csae_map(c)?;
    csae.map_interval_ms = c.map.interval_ms;
    let id = c.csae.rsu_id.as_deref().unwrap_or("cv2x-rsu");
    let rsu_id: [u8; 8] = id
        .as_bytes()
        .try_into()
        .map_err(|_| format!("csae.rsu_id {id:?}: 8 characters"))?;
    let (lat, lon) = c.intersection.position(c.profile);
    let mut perception = PerceptionConfig::new(rsu_id, lat, lon);
    perception.window_ms = c.perception.window_ms;
    csae.perception = Some(perception);
    csae.rsm_interval_ms = c.perception.interval_ms;
    if let Some(addr) = &c.perception.listen {
        listen.push((listener(addr)?, Inbound::Perception));
    }
    csae.simulated_traffic = c
        .perception
        .simulated
        .unwrap_or(c.perception.listen.is_none());
    let mut board = RsiBoard::new(RsiConfig::new(rsu_id, lat, lon));
    let now = cv2x::rsu::udp_driver::Clock::system().now().utc_ms;
    let mut items = c.rsi.item.clone();
    if c.rsi.sample.unwrap_or(items.is_empty()) {
        items.push(sample_event(lat, lon));
    }
    for (i, item) in items.into_iter().enumerate() {
        board
            .add(now, item)
            .map_err(|e| format!("rsi.item {}: {e}", i + 1))?;
    }
    csae.rsi = Some(board);
    csae.rsi_interval_ms = c.rsi.interval_ms;
    if let Some(addr) = &c.rsi.listen {
        listen.push((listener(addr)?, Inbound::Rsi));
    }
    Ok(csae)
}

struct Setup {
    core: RsuConfig,
    outputs: Vec<(UdpSocket, SocketAddr)>,
    labels: Vec<String>,
    listen: Vec<(UdpSocket, Inbound)>,
}

fn setup(c: &Config) -> Result<Setup, Error> {
    let i = &c.intersection;
    let mut spat = SpatConfig::new(i.id, table(&c.signal_group)?);
    spat.region = i.region;
    spat.name = i.name.clone();
    spat.max_input_age_ms = i.max_input_age_ms;
    spat.stale = match i.stale {
        StalePolicy::StatusBit => Stale::SetStatusBit,
        StalePolicy::Silence => Stale::Silence,
    };
    let mut listen = Vec::new();
    let input = match c.input.mode {
        InputMode::Simulated => {
            let plan = match (&c.input.plan, &c.input.plan_file) {
                (Some(p), _) => p.clone(),
                (None, Some(f)) => serde_json::from_str(&std::fs::read_to_string(f)?)?,
                (None, None) => Plan::four_leg_default(),
            };
            SignalInput::Simulated(plan)
        }
        InputMode::Controller => {
            listen.push((listener(&c.input.controller_bind)?, Inbound::Controller));
            SignalInput::Controller(LinkConfig {
                timeout_ms: c.input.link_timeout_ms,
                duplicates_refresh: c.input.duplicates_refresh,
            })
        }
    };
    let mut core = RsuConfig::new(spat, input);
    match c.profile {
        Profile::J2735 => {
            core.map = load_map(c)?;
            core.map_interval_ms = c.map.interval_ms;
        }
        Profile::Csae2020 => core.csae = Some(csae_config(c, &mut listen)?),
    }
    let csae = c.profile == Profile::Csae2020;
    let mut outputs = Vec::new();
    let mut labels = Vec::new();
    let destinations: Vec<(&DestinationConfig, bool)> = if c.destination.is_empty() {
        vec![]
    } else {
        c.destination.iter().map(|d| (d, false)).collect()
    };
    let default = DestinationConfig::default();
    let destinations = if destinations.is_empty() {
        vec![(&default, false)]
    } else {
        destinations
    };
    let forwards = c.bsm.forward.iter().map(|d| (d, true));
    for (d, forward) in destinations.into_iter().chain(forwards) {
        // Defaults per profile: IFM with the RSU 4.1 PSIDs, or DSMP with the AIDs.
        let (framing, messages, psids): (&str, &[&str], [u32; 5]) = if csae {
            let aids = [aid::SPAT, aid::MAP, aid::BSM, aid::RSI_DYNAMIC, aid::RSM];
            ("dsmp", &["spat", "map", "rsi", "rsm"], aids)
        } else {
            let psids = [Psid::SPAT.0, 0x8002, Psid::BSM.0, 0, 0];
            ("ifm", &["spat", "map"], psids)
        };
        let framing_name = d.framing.as_deref().unwrap_or(framing);
        let framing = parse_framing(framing_name)?;
        let to = resolve(&d.address, d.port)?;
        let wants = |m: &str| match &d.messages {
            Some(list) => list.iter().any(|x| x.eq_ignore_ascii_case(m)),
            None => messages.contains(&m),
        };
        let psid = |given: Option<u32>, default: u32| Psid(given.unwrap_or(default));
        let dest = Destination {
            framing,
            spat: (!forward && wants("spat")).then_some(psid(d.spat_psid, psids[0])),
            map: (!forward && wants("map")).then_some(psid(d.map_psid, psids[1])),
            bsm: (forward || wants("bsm")).then_some(psid(d.bsm_psid, psids[2])),
            rsi: (csae && !forward && wants("rsi")).then_some(psid(d.rsi_psid, psids[3])),
            rsm: (csae && !forward && wants("rsm")).then_some(psid(d.rsm_psid, psids[4])),
            channel: d.channel,
        };
        core.destinations.push(dest);
        outputs.push((sender(d, to)?, to));
        labels.push(format!("{framing_name} -> {to}"));
    }
    if let Some(addr) = &c.bsm.listen {
        listen.push((listener(addr)?, Inbound::Received));
    }
    Ok(Setup {
        core,
        outputs,
        labels,
        listen,
    })
}

#[cfg(feature = "pcap")]
type Pcap = cv2x::link::pcap::CaptureWriter<std::io::BufWriter<std::fs::File>>;
#[cfg(not(feature = "pcap"))]
type Pcap = ();

fn open_pcap(c: &Config, outputs: &[(UdpSocket, SocketAddr)]) -> Result<Option<Pcap>, Error> {
    let Some(p) = &c.pcap else { return Ok(None) };
    #[cfg(feature = "pcap")]
    {
        use cv2x::link::pcap::{CaptureWriter, Encapsulation};
        use std::net::SocketAddrV4;
        let (socket, to) = outputs
            .get(p.destination)
            .ok_or("pcap.destination: no such destination")?;
        let v4 = |a: SocketAddr| match a {
            SocketAddr::V4(a) => Ok(a),
            SocketAddr::V6(_) => Err("pcap: IPv4 destinations only"),
        };
        let mut src = v4(socket.local_addr()?)?;
        if src.ip().is_unspecified() {
            src = SocketAddrV4::new(Ipv4Addr::LOCALHOST, src.port());
        }
        let w = CaptureWriter::create(&p.file, Encapsulation::Udp { src, dst: v4(*to)? })?;
        Ok(Some(w))
    }
    #[cfg(not(feature = "pcap"))]
    {
        let _ = outputs;
        Err(format!(
            "pcap {:?} (destination {}): rebuild with --features pcap",
            p.file, p.destination
        )
        .into())
    }
}

struct Report {
    /// Signs each SPaT and MAP carried in a 1609.2 layer (feature `sec`, `--sign-key`).
    #[cfg(feature = "sec")]
    signer: Option<signing::Signer>,
    level: LogLevel,
    labels: Vec<String>,
    sent: [u64; 5],
    pcap: Option<Pcap>,
    pcap_destination: usize,
    start: Instant,
}

impl Hooks for Report {
    #[cfg(feature = "sec")]
    fn prepare(&mut self, now: Now, t: &mut Transmit) {
        if let Some(s) = &self.signer {
            if let Err(e) = s.sign(now, t) {
                if self.level >= LogLevel::Warn {
                    eprintln!("rsu: signing for destination {}: {e}", t.destination);
                }
            }
        }
    }

    fn sent(&mut self, now: Now, t: &Transmit, error: Option<&std::io::Error>) {
        let k = match t.message {
            MessageKind::Spat => 0,
            MessageKind::Map => 1,
            MessageKind::Bsm => 2,
            MessageKind::Rsi => 3,
            MessageKind::Rsm => 4,
        };
        if let Some(e) = error {
            if self.level >= LogLevel::Warn {
                eprintln!("rsu: send to destination {}: {e}", t.destination);
            }
            return;
        }
        self.sent[k] += 1;
        #[cfg(feature = "pcap")]
        if t.destination == self.pcap_destination {
            if let Some(w) = &mut self.pcap {
                let _ = w.write(Duration::from_millis(now.utc_ms), &t.bytes);
            }
        }
        #[cfg(not(feature = "pcap"))]
        let _ = (now, &self.pcap, self.pcap_destination);
        if self.level >= LogLevel::Debug {
            println!(
                "rsu: {:?} {} octets to {}",
                t.message,
                t.bytes.len(),
                self.labels.get(t.destination).map_or("?", |s| s.as_str())
            );
        }
    }

    fn event(&mut self, now: Now, e: Event) {
        let level = match e {
            Event::MalformedController(_) | Event::MalformedReceived(_) => LogLevel::Debug,
            Event::ControllerLost { .. } => LogLevel::Error,
            _ => LogLevel::Warn,
        };
        if self.level >= level {
            eprintln!("rsu: {:.1} s: {e:?}", now.mono_ms as f64 / 1000.0);
        }
    }

    fn second(&mut self, now: Now, d: &Driver) {
        if self.level < LogLevel::Info {
            return;
        }
        let core = d.core();
        let c = core.counters();
        let csae = match (core.perception_counters(), core.rsi_board()) {
            (Some(p), Some(board)) => format!(
                " RSI {} ({} items; malformed {}) RSM {} (participants {}; malformed {} stale {})",
                self.sent[3],
                board.active(),
                board.counters().malformed,
                self.sent[4],
                p.participants,
                p.malformed,
                p.stale
            ),
            _ => String::new(),
        };
        let mut line = format!(
            "rsu {:>4} s: SPaT {} MAP {} BSM fwd {}{csae} | malformed ctl {} rx {} dropped {} | input {}",
            self.start.elapsed().as_secs(),
            self.sent[0],
            self.sent[1],
            self.sent[2],
            c.controller_malformed,
            c.received_malformed,
            d.inbound_dropped(),
            if core.input_healthy(now) {
                "ok"
            } else {
                "STALE"
            },
        );
        if let Some(spat) = core.last_spat() {
            let ix = &spat.intersections.0[0];
            line.push_str(&format!(" | rev {} |", ix.revision.0));
            for m in &ix.states.0 {
                let Some(e) = m.state_time_speed.0.first() else {
                    continue;
                };
                let secs = e
                    .timing
                    .and_then(|t| seconds_until(t.min_end_time, now.utc_ms))
                    .map_or(String::new(), |s| format!(" {s:.1}s"));
                line.push_str(&format!(
                    " {}:{}{}",
                    m.signal_group.0,
                    short(e.event_state.name()),
                    secs
                ));
            }
        }
        if let Some(spat) = core.last_csae_spat() {
            for phase in spat
                .intersections
                .0
                .iter()
                .flat_map(|ix| ix.phases.0.iter())
            {
                let Some(state) = phase.phase_states.0.first() else {
                    continue;
                };
                let secs = match &state.timing {
                    Some(TimeChangeDetails::Counting(t)) if t.likely_end_time.0 < 36_001 => {
                        Some(f64::from(t.likely_end_time.0) / 10.0)
                    }
                    Some(TimeChangeDetails::UtcTiming(t)) => {
                        seconds_until(TimeMark(t.likely_end_utc_time.0), now.utc_ms)
                    }
                    _ => None,
                };
                let secs = secs.map_or(String::new(), |s| format!(" {s:.1}s"));
                line.push_str(&format!(" {}:{}{secs}", phase.id.0, state.light.name()));
            }
        }
        println!("{line}");
    }
}

/// A short label for a `MovementPhaseState` name.
fn short(name: &str) -> &'static str {
    match name {
        "unavailable" => "n/a",
        "dark" => "dark",
        "stop-Then-Proceed" => "flR",
        "stop-And-Remain" => "R",
        "pre-Movement" => "RY",
        "permissive-Movement-Allowed" => "g",
        "protected-Movement-Allowed" => "G",
        "permissive-clearance" => "y",
        "protected-clearance" => "Y",
        "caution-Conflicting-Traffic" => "flY",
        _ => "?",
    }
}

fn main() -> Result<(), Error> {
    let mut config_path = None;
    #[cfg(feature = "sec")]
    let (mut sign_key, mut sign_cert) = (None::<String>, None::<String>);
    let mut duration = None;
    let mut stats = false;
    let mut profile = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--config" => config_path = Some(args.next().ok_or("--config FILE")?),
            "--duration" => {
                duration = Some(Duration::from_secs_f64(
                    args.next().ok_or("--duration SECONDS")?.parse()?,
                ))
            }
            "--stats" => stats = true,
            "--profile" => profile = Some(args.next().ok_or("--profile j2735|csae-2020")?.parse()?),
            #[cfg(feature = "sec")]
            "--sign-key" => sign_key = Some(args.next().ok_or("--sign-key FILE")?),
            #[cfg(feature = "sec")]
            "--sign-cert" => sign_cert = Some(args.next().ok_or("--sign-cert FILE")?),
            "-h" | "--help" => {
                println!(
                    "usage: rsu [--config FILE] [--profile j2735|csae-2020] [--duration SECONDS] [--stats] \
                     [--sign-key FILE --sign-cert FILE (feature sec)]"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let mut config: Config = match &config_path {
        Some(p) => toml::from_str(&std::fs::read_to_string(p)?).map_err(|e| format!("{p}: {e}"))?,
        None => Config::default(),
    };
    if let Some(p) = profile {
        config.profile = p;
    }
    let Setup {
        core,
        outputs,
        labels,
        listen,
    } = setup(&config)?;
    let pcap = open_pcap(&config, &outputs)?;
    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&stop))?;
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&stop))?;

    let clock = Clock::system();
    let core = RsuCore::new(core, clock.now())?;
    if config.log_level >= LogLevel::Info {
        println!(
            "rsu: intersection {} in the {} profile ({}), {} destination(s): {}",
            config.intersection.id,
            match config.profile {
                Profile::J2735 => "J2735",
                Profile::Csae2020 => "China (T/CSAE 53-2020)",
            },
            match config.input.mode {
                InputMode::Simulated => "simulated plan".to_string(),
                InputMode::Controller => format!("controller on {}", config.input.controller_bind),
            },
            labels.len(),
            labels.join(", ")
        );
    }
    let mut driver = Driver::new(core, clock, outputs, Arc::clone(&stop));
    for (socket, kind) in listen {
        driver.listen(socket, kind)?;
    }
    let mut report = Report {
        #[cfg(feature = "sec")]
        signer: match (&sign_key, &sign_cert) {
            (Some(k), Some(c)) => Some(signing::Signer::open(k, c)?),
            (None, None) => None,
            _ => return Err("--sign-key and --sign-cert go together".into()),
        },
        level: config.log_level,
        labels,
        sent: [0; 5],
        pcap,
        pcap_destination: config.pcap.as_ref().map_or(0, |p| p.destination),
        start: Instant::now(),
    };
    driver.run(duration.map(|d| Instant::now() + d), &mut report);

    #[cfg(feature = "pcap")]
    if let Some(w) = report.pcap.take() {
        use std::io::Write;
        w.into_inner().flush()?;
    }
    let c = driver.core().counters();
    if config.log_level >= LogLevel::Info {
        println!(
            "rsu: done: SPaT {} MAP {} BSM fwd {} RSI {} RSM {}; malformed controller {} received {}; inbound dropped {}; send errors {}",
            report.sent[0],
            report.sent[1],
            report.sent[2],
            report.sent[3],
            report.sent[4],
            c.controller_malformed,
            c.received_malformed,
            driver.inbound_dropped(),
            driver.send_errors()
        );
    }
    if stats {
        let k = driver.cadence();
        println!(
            "rsu: SPaT interval over {} sends: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            k.count, k.p50_ms, k.p99_ms, k.max_ms
        );
    }
    Ok(())
}

/// Signing SPaT and MAP (feature `sec`): the frame inside each 1609.2-framed transmission
/// (`framing = "1609.2"` or `"wsmp"`) is signed with the configured key and certificate
/// (signer as certificate), its PSID the destination's as a 1609.2 integer.
#[cfg(feature = "sec")]
mod signing {
    use cv2x::link::ieee1609dot2::parse_unsecured;
    use cv2x::link::unwrap;
    use cv2x::link::wsmp::Wsmp;
    use cv2x::rsu::engine::{Now, Transmit, TxFraming};
    use cv2x::sec::sign::{Identity, SignerKind};
    use cv2x::sec::{Certificate, Coer, HeaderInfo, Psid, Time64};

    use super::Error;

    pub struct Signer(Identity);

    fn hex_file(path: &str) -> Result<Vec<u8>, Error> {
        let t = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        Ok(cv2x::text::parse_hex(t.trim()).map_err(|e| format!("{path}: {e}"))?)
    }

    impl Signer {
        /// The key (32 octets of hex) and its explicit certificate (hex), as
        /// `v2x demo-chain` writes them.
        pub fn open(key: &str, cert: &str) -> Result<Signer, Error> {
            let k: [u8; 32] = hex_file(key)?
                .try_into()
                .map_err(|_| format!("{key}: not 32 octets"))?;
            let c = Certificate::from_coer(&hex_file(cert)?)?;
            Ok(Signer(Identity::new(&k, c, None)?))
        }

        pub fn sign(&self, now: Now, t: &mut Transmit) -> Result<(), Error> {
            let psid = Psid(t.psid.value().ok_or("PSID not p-encoded")? as u64);
            let mut header = HeaderInfo::new(psid);
            header.generation_time = Some(Time64::from_unix_micros(now.utc_ms * 1000));
            match t.framing {
                TxFraming::Ieee1609Dot2 => {
                    let frame = parse_unsecured(&t.bytes)?;
                    t.bytes = self.0.sign(frame, header, SignerKind::Certificate)?;
                }
                TxFraming::Wsmp => {
                    let u = unwrap(&t.bytes)?;
                    let (Some(w), true) = (u.wsmp, u.ieee1609dot2) else {
                        return Ok(());
                    };
                    let spdu = self.0.sign(u.frame, header, SignerKind::Certificate)?;
                    let mut out: Vec<u8> = u.proxy.into_iter().collect();
                    Wsmp { data: &spdu, ..w }.write(&mut out)?;
                    t.bytes = out;
                }
                // Raw, bare WSMP and IFM text carry no 1609.2 layer to sign in.
                _ => {}
            }
            Ok(())
        }
    }
}
