//! The bridge between roadside units and message brokers (feature `cloud`).
//!
//! RSUs send what they hear over UDP; the bridge decodes each frame and publishes a JSON
//! [`envelope`] on a [`topic`] made from a template; messages on DOWN topics are encoded,
//! framed for their RSU and sent to it, with an acknowledgement. The pieces:
//!
//! | module | what |
//! |---|---|
//! | [`envelope`] | the JSON envelope, error records, profiles, message short names |
//! | [`topic`] | topic templates (`V2X/RSU/{rsu}/{MSG}/UP`, `v2x.rsu.{rsu}.{msg}.up`) |
//! | [`config`] | the TOML configuration (`examples/bridge.toml`) |
//! | [`core`] | the sans-IO core: datagram in, record out; DOWN in, datagram and ACK out |
//! | [`queue`] | the bounded queue (drop oldest, counted) between the UDP loop and a broker |
//! | [`stats`] | the counters |
//! | [`mqtt`] | the MQTT engine (`rumqttc`, MQTT 3.1.1 or 5) |
//! | [`nats`] | the NATS engine (`async-nats`): core NATS, JetStream, the raw stream and decode workers |
//! | [`run`] | the UDP loop and the `v2x bridge` runner |
//!
//! Every datagram gives exactly one record (an envelope or an error record); nothing is
//! dropped silently: see [`stats::Stats`].

pub mod config;
pub mod core;
pub mod envelope;
pub mod mqtt;
pub mod nats;
pub mod queue;
pub mod run;
pub mod stats;
pub mod topic;

pub use self::config::Config;
pub use self::core::{Core, Engine, Publish, Up};
pub use self::envelope::{Envelope, Profile};
