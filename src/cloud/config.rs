//! The bridge's configuration: a TOML file (every option in `examples/bridge.toml`,
//! commented) and the `v2x bridge` flags that override it.
//!
//! ```
//! use cv2x::cloud::config::Config;
//! let c = Config::from_toml(r#"
//!     udp = "127.0.0.1:44990"
//!     [mqtt]
//!     url = "mqtt://127.0.0.1:1883"
//!     [[rsu]]
//!     id = "rsu-1"
//!     source = "10.0.0.5"
//!     forward = "10.0.0.5:1516"
//! "#)?;
//! assert_eq!(c.rsu[0].id, "rsu-1");
//! assert!(Config::from_toml("udp = 5").is_err());
//! # Ok::<(), cv2x::cloud::config::ConfigError>(())
//! ```

use std::net::{IpAddr, SocketAddr};

use serde::Deserialize;

use super::envelope::Profile;
use super::topic::{self, check_rsu_id, Template, TopicError};

/// What is wrong with a configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Not valid TOML for this configuration.
    #[error("configuration: {0}")]
    Toml(#[from] toml::de::Error),
    /// A topic template or RSU id.
    #[error(transparent)]
    Topic(#[from] TopicError),
    /// Any other invalid value.
    #[error("configuration: {0}")]
    Invalid(String),
}

/// How a DOWN message is framed for its RSU.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum DownFraming {
    /// RSU 4.1 immediate-forward text (UDP 1516).
    #[default]
    #[serde(rename = "ifm")]
    Ifm,
    /// WSMP v3 around IEEE 1609.2 unsecured data around the frame.
    #[serde(rename = "wsmp")]
    Wsmp,
    /// WSMP v3 around the bare frame.
    #[serde(rename = "wsmp-bare")]
    WsmpBare,
    /// IEEE 1609.2 unsecured data around the frame.
    #[serde(rename = "1609.2")]
    Ieee1609Dot2,
    /// The bare UPER frame.
    #[serde(rename = "raw")]
    Raw,
    /// China's DSMP (YD/T 3707) around the bare CSAE frame, under the message's AID
    /// ([`crate::cloud::core::aid_for`]); the default for an RSU of a CSAE profile.
    #[serde(rename = "dsmp")]
    Dsmp,
}

impl DownFraming {
    /// The name used in configuration and acknowledgements.
    pub fn as_str(self) -> &'static str {
        match self {
            DownFraming::Ifm => "ifm",
            DownFraming::Wsmp => "wsmp",
            DownFraming::WsmpBare => "wsmp-bare",
            DownFraming::Ieee1609Dot2 => "1609.2",
            DownFraming::Raw => "raw",
            DownFraming::Dsmp => "dsmp",
        }
    }
}

/// One RSU: how its datagrams are recognised and where its DOWN messages go.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RsuEntry {
    /// Its id in topics (1 to 64 of `A-Z a-z 0-9 _ -`).
    pub id: String,
    /// Datagrams from this IP address (any port), or this exact `IP:port`, are this RSU's.
    #[serde(default)]
    pub source: Option<String>,
    /// Where its DOWN messages are sent (`IP:port`; RSU 4.1 immediate forward is 1516).
    #[serde(default)]
    pub forward: Option<SocketAddr>,
    /// How DOWN messages are framed for it (default: `ifm` for J2735, `dsmp` for CSAE;
    /// a CSAE RSU takes `dsmp` or `raw`, a J2735 one any but `dsmp`).
    #[serde(default)]
    pub framing: Option<DownFraming>,
    /// Its message profile, if not the bridge's `profile` (`j2735`, `csae-2017`,
    /// `csae-2019`, `csae-2020`, `csae`).
    #[serde(default)]
    pub profile: Option<String>,
    /// WSMP channel element and IFM `TxChannel` (default 183).
    #[serde(default)]
    pub channel: Option<u8>,
}

/// The MQTT protocol version the bridge speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum MqttVersion {
    /// MQTT 3.1.1 (protocol level 4).
    #[default]
    #[serde(rename = "3.1.1")]
    V311,
    /// MQTT 5.
    #[serde(rename = "5")]
    V5,
}

/// The MQTT engine's options.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MqttConfig {
    /// `mqtt://HOST:PORT` (the `mqtt5://` scheme selects MQTT 5 whatever `version` says).
    pub url: String,
    /// The protocol: `"3.1.1"` (the default) or `"5"`.
    pub version: MqttVersion,
    /// The client id.
    pub client_id: String,
    /// QoS of published envelopes: 0 or 1 (1: "published" counts broker acknowledgements).
    pub qos: u8,
    /// Keep-alive, seconds (5 or more).
    pub keep_alive_s: u64,
    /// Uplink topic template.
    pub up: String,
    /// Downlink topic template (subscribed).
    pub down: String,
    /// Acknowledgement topic template.
    pub ack: String,
    /// Error topic template.
    pub error: String,
    /// First reconnection delay, ms (doubles up to `reconnect_max_ms`).
    pub reconnect_min_ms: u64,
    /// Longest reconnection delay, ms.
    pub reconnect_max_ms: u64,
    /// Publishes the client holds while waiting for the connection (after this the bridge's own queue fills).
    pub inflight: usize,
}

impl MqttConfig {
    /// The protocol spoken: MQTT 5 when the URL's scheme is `mqtt5://` or `version` is
    /// `"5"`, else MQTT 3.1.1.
    ///
    /// ```
    /// use cv2x::cloud::config::{MqttConfig, MqttVersion};
    /// let mut m = MqttConfig::default();
    /// assert_eq!(m.protocol(), MqttVersion::V311);
    /// m.url = "mqtt5://127.0.0.1:1883".into();
    /// assert_eq!(m.protocol(), MqttVersion::V5);
    /// ```
    pub fn protocol(&self) -> MqttVersion {
        if self.url.starts_with("mqtt5://") {
            MqttVersion::V5
        } else {
            self.version
        }
    }
}

impl Default for MqttConfig {
    fn default() -> Self {
        MqttConfig {
            url: "mqtt://127.0.0.1:1883".into(),
            version: MqttVersion::V311,
            client_id: "v2x-bridge".into(),
            qos: 1,
            keep_alive_s: 30,
            up: topic::MQTT_UP.into(),
            down: topic::MQTT_DOWN.into(),
            ack: topic::MQTT_ACK.into(),
            error: topic::MQTT_ERROR.into(),
            reconnect_min_ms: 100,
            reconnect_max_ms: 5000,
            inflight: 100,
        }
    }
}

/// The NATS engine's options.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NatsConfig {
    /// `nats://HOST:PORT` (several, comma-separated, for a cluster).
    pub url: String,
    /// Uplink subject template.
    pub up: String,
    /// Downlink subject template (subscribed).
    pub down: String,
    /// Acknowledgement subject template.
    pub ack: String,
    /// Error subject template.
    pub error: String,
    /// Publish envelopes through JetStream (each confirmed by the stream) instead of core NATS.
    pub jetstream: bool,
    /// Scale-out: publish raw frames into this stream instead of decoding (empty: decode here).
    pub raw_stream: String,
    /// Subject template of raw frames (`{rsu}` only).
    pub raw_subject: String,
    /// The stream envelopes are stored in when `jetstream` is set or by decode workers.
    pub envelope_stream: String,
    /// The decode workers' shared durable consumer on the raw stream.
    pub consumer: String,
    /// Replicas of the streams the bridge creates (1 or 3 in a cluster).
    pub replicas: usize,
    /// The streams' deduplication window, seconds.
    pub duplicate_window_s: u64,
    /// How long a worker has to acknowledge a raw frame before it is redelivered, ms.
    pub ack_wait_ms: u64,
    /// Raw frames a worker fetches at a time.
    pub batch: usize,
}

impl Default for NatsConfig {
    fn default() -> Self {
        NatsConfig {
            url: "nats://127.0.0.1:4222".into(),
            up: topic::NATS_UP.into(),
            down: topic::NATS_DOWN.into(),
            ack: topic::NATS_ACK.into(),
            error: topic::NATS_ERROR.into(),
            jetstream: false,
            raw_stream: String::new(),
            raw_subject: "v2x.raw.{rsu}".into(),
            envelope_stream: "V2X_ENVELOPES".into(),
            consumer: "v2x-decoders".into(),
            replicas: 1,
            duplicate_window_s: 600,
            ack_wait_ms: 5000,
            batch: 256,
        }
    }
}

/// The whole configuration.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// UDP address RSUs and OBUs send to (`0.0.0.0:44990` is ODE's generic port).
    pub udp: Option<SocketAddr>,
    /// The message profile of every source without its own `[[rsu]] profile`: `j2735`,
    /// `csae-2017`, `csae-2019`, `csae-2020`, or `csae` (the one edition that reads each
    /// frame plausibly, else an error record).
    pub profile: String,
    /// Every datagram counts as this RSU's (otherwise `[[rsu]]` by source, else `ip-<address>`).
    pub rsu_id: Option<String>,
    /// Datagrams longer than this are refused (to the error topic).
    pub max_datagram: usize,
    /// Error records carry at most this many octets of the datagram.
    pub max_error_raw: usize,
    /// DOWN messages longer than this are refused.
    pub max_down: usize,
    /// Envelopes waiting for the broker; beyond this the oldest is dropped and counted.
    pub queue: usize,
    /// Print counters to stderr every this many seconds (0: only at exit).
    pub stats_interval_s: u64,
    /// MQTT engine.
    pub mqtt: Option<MqttConfig>,
    /// NATS engine.
    pub nats: Option<NatsConfig>,
    /// Known RSUs.
    pub rsu: Vec<RsuEntry>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            udp: None,
            profile: "j2735".into(),
            rsu_id: None,
            max_datagram: 8192,
            max_error_raw: 256,
            max_down: 65536,
            queue: 10_000,
            stats_interval_s: 0,
            mqtt: None,
            nats: None,
            rsu: Vec::new(),
        }
    }
}

/// How an RSU's source is matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Any port of this address.
    Ip(IpAddr),
    /// This address and port.
    Addr(SocketAddr),
}

impl Source {
    /// Whether `from` matches.
    pub fn matches(&self, from: SocketAddr) -> bool {
        match *self {
            Source::Ip(ip) => from.ip() == ip,
            Source::Addr(a) => from == a,
        }
    }
}

impl Config {
    /// Reads and checks a TOML configuration.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let c: Config = toml::from_str(text)?;
        c.check()?;
        Ok(c)
    }

    /// Checks values that TOML types do not: templates, RSU ids, sources, sizes.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.profile()?;
        if let Some(id) = &self.rsu_id {
            check_rsu_id(id)?;
        }
        for r in &self.rsu {
            check_rsu_id(&r.id)?;
            if let Some(s) = &r.source {
                parse_source(s)?;
            }
            r.down_framing(self.rsu_profile(r)?)?;
        }
        if let Some(m) = &self.mqtt {
            for t in [&m.up, &m.down, &m.ack, &m.error] {
                Template::mqtt(t)?;
            }
            if m.qos > 1 {
                return Err(ConfigError::Invalid("mqtt.qos is 0 or 1".into()));
            }
            if m.keep_alive_s < 5 {
                return Err(ConfigError::Invalid(
                    "mqtt.keep_alive_s is 5 or more".into(),
                ));
            }
            super::mqtt::parse_url(&m.url).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        }
        if let Some(n) = &self.nats {
            for t in [&n.up, &n.down, &n.ack, &n.error, &n.raw_subject] {
                Template::nats(t)?;
            }
            if !(1..=5).contains(&n.replicas) || n.batch == 0 || n.batch > 10_000 {
                return Err(ConfigError::Invalid(
                    "nats.replicas is 1..=5, nats.batch 1..=10000".into(),
                ));
            }
        }
        if self.queue == 0 || self.max_datagram == 0 || self.max_datagram > 65_535 {
            return Err(ConfigError::Invalid(
                "queue > 0, max_datagram 1..=65535".into(),
            ));
        }
        Ok(())
    }

    /// The profile named by `profile`.
    pub fn profile(&self) -> Result<Profile, ConfigError> {
        parse_profile(&self.profile)
    }

    /// The profile of an `[[rsu]]`: its own, else the bridge's.
    pub fn rsu_profile(&self, r: &RsuEntry) -> Result<Profile, ConfigError> {
        match &r.profile {
            Some(p) => parse_profile(p),
            None => self.profile(),
        }
    }
}

impl RsuEntry {
    /// How its DOWN messages are framed under `profile`: its `framing`, else `ifm` for
    /// J2735 and `dsmp` for CSAE; an error if the framing cannot carry the profile's frames.
    pub fn down_framing(&self, profile: Profile) -> Result<DownFraming, ConfigError> {
        let csae = profile != Profile::J2735;
        let framing = self.framing.unwrap_or(if csae {
            DownFraming::Dsmp
        } else {
            DownFraming::Ifm
        });
        let fits = match framing {
            DownFraming::Raw => true,
            DownFraming::Dsmp => csae,
            _ => !csae,
        };
        if fits {
            Ok(framing)
        } else {
            Err(ConfigError::Invalid(format!(
                "rsu {:?}: framing {} does not carry {} frames (CSAE: dsmp or raw)",
                self.id,
                framing.as_str(),
                profile.name()
            )))
        }
    }
}

fn parse_profile(s: &str) -> Result<Profile, ConfigError> {
    s.parse()
        .map_err(|e: crate::text::ProfileError| ConfigError::Invalid(e.to_string()))
}

/// Reads an `[[rsu]] source`: an IP address or `IP:port`.
pub fn parse_source(s: &str) -> Result<Source, ConfigError> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(Source::Ip(ip));
    }
    s.parse::<SocketAddr>()
        .map(Source::Addr)
        .map_err(|_| ConfigError::Invalid(format!("rsu source {s:?} is not an IP or IP:port")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_file_is_valid_and_all_defaults() {
        let text = include_str!("../../examples/bridge.toml");
        let c = Config::from_toml(text).unwrap();
        assert_eq!(c, Config::default());
        // Uncommenting every option line ("# ", where explanations are "## ") gives a
        // valid, complete configuration.
        let all: String = text
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let c = Config::from_toml(&all).unwrap_or_else(|e| panic!("{e}\n{all}"));
        assert!(c.mqtt.is_some() && c.nats.is_some() && !c.rsu.is_empty());
    }

    #[test]
    fn profiles_per_source_and_their_framings() {
        use crate::csae::Edition;
        let c = Config::from_toml(
            r#"profile = "csae-2020"
            [[rsu]]
            id = "a"
            [[rsu]]
            id = "b"
            profile = "j2735"
            [[rsu]]
            id = "c"
            profile = "csae"
            framing = "raw""#,
        )
        .unwrap();
        let p: Vec<_> = c.rsu.iter().map(|r| c.rsu_profile(r).unwrap()).collect();
        assert_eq!(
            p,
            [
                Profile::Csae(Edition::V2020),
                Profile::J2735,
                Profile::CsaeRanked
            ]
        );
        let f: Vec<_> = (0..3)
            .map(|i| c.rsu[i].down_framing(p[i]).unwrap())
            .collect();
        assert_eq!(f, [DownFraming::Dsmp, DownFraming::Ifm, DownFraming::Raw]);
    }

    #[test]
    fn refuses_bad_values() {
        assert!(Config::from_toml("rsu_id = \"a/b\"").is_err());
        assert!(Config::from_toml("profile = \"csae-2018\"").is_err());
        assert!(Config::from_toml("[[rsu]]\nid = \"a\"\nprofile = \"gb\"").is_err());
        // Framings that cannot carry the profile's frames.
        assert!(Config::from_toml("[[rsu]]\nid = \"a\"\nframing = \"dsmp\"").is_err());
        let c = "profile = \"csae-2020\"\n[[rsu]]\nid = \"a\"\nframing = \"ifm\"";
        assert!(Config::from_toml(c).is_err());
        assert!(Config::from_toml("nope = 1").is_err());
        assert!(Config::from_toml("[mqtt]\nup = \"V2X/{x}\"").is_err());
        assert!(Config::from_toml("[mqtt]\nqos = 2").is_err());
        assert!(Config::from_toml("[mqtt]\nversion = \"4\"").is_err());
        assert!(Config::from_toml("[mqtt]\nkeep_alive_s = 1").is_err());
        assert!(Config::from_toml("[mqtt]\nurl = \"mqtt://h:x\"").is_err());
        let v5 = Config::from_toml("[mqtt]\nversion = \"5\"").unwrap();
        assert_eq!(v5.mqtt.unwrap().protocol(), MqttVersion::V5);
        assert!(Config::from_toml("[[rsu]]\nid = \"a\"\nsource = \"nowhere\"").is_err());
        assert!(Config::from_toml("queue = 0").is_err());
    }
}
