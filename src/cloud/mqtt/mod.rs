//! The MQTT engine (`rumqttc`, MQTT 3.1.1 or 5): publishes what the [`Queue`] holds,
//! subscribes to the DOWN filter, and survives the broker going away.
//!
//! Delivery: a record is taken from the queue only while connected and is held until the
//! broker confirms it (QoS 1: its PUBACK, which brokers send in order; QoS 0: written to
//! the connection; a QoS 0 record written just before the connection broke may be lost
//! unseen, as QoS 0 allows). When the connection is lost, every unconfirmed record goes back to the
//! front of the queue (counted in `requeued`; at-least-once, so a record whose PUBACK was
//! lost is published twice) and the client reconnects with a doubling delay. While the
//! broker is away the queue fills; beyond its capacity the oldest records are dropped and
//! counted (`dropped_full`). Nothing is lost without a count. Under MQTT 5 a PUBACK may
//! refuse a record (reason code 0x80 or more): it is counted in `publish_errors`.
//!
//! The engine is written once over a `Session` trait; the modules `v311` and `v5` adapt rumqttc's two
//! clients to it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use std::future::Future;

use tokio::net::UdpSocket;
use tokio::sync::watch;

use super::config::{MqttConfig, MqttVersion};
use super::core::{Core, Publish};
use super::queue::Queue;

/// What is wrong with an MQTT URL.
#[derive(Debug, thiserror::Error)]
#[error("MQTT URL {0:?}: expected mqtt://HOST[:PORT] or mqtt5://HOST[:PORT]")]
pub struct UrlError(pub String);

/// `mqtt://HOST[:PORT]`, `mqtt5://HOST[:PORT]` (or `HOST[:PORT]`) to host and port
/// (default 1883).
///
/// ```
/// use cv2x::cloud::mqtt::parse_url;
/// assert_eq!(parse_url("mqtt://127.0.0.1:1884").unwrap(), ("127.0.0.1".to_string(), 1884));
/// assert_eq!(parse_url("broker").unwrap(), ("broker".to_string(), 1883));
/// assert_eq!(parse_url("mqtt5://[::1]:1").unwrap(), ("::1".to_string(), 1));
/// assert!(parse_url("mqtt://h:x").is_err());
/// ```
pub fn parse_url(url: &str) -> Result<(String, u16), UrlError> {
    let rest = url
        .strip_prefix("mqtt://")
        .or_else(|| url.strip_prefix("mqtt5://"))
        .or_else(|| url.strip_prefix("tcp://"))
        .unwrap_or(url);
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.starts_with('[') => {
            (h, p.parse().map_err(|_| UrlError(url.into()))?)
        }
        _ => (rest, 1883),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || host.contains('/') {
        return Err(UrlError(url.into()));
    }
    Ok((host.into(), port))
}

/// The calls rumqttc's two clients take alike (their types differ, their names and meanings
/// do not), for the `impl Session` of each: `AsyncClient` and `QoS` are those in scope there.
macro_rules! alike {
    () => {
        fn try_publish(client: &AsyncClient, topic: String, qos1: bool, payload: Vec<u8>) -> bool {
            let qos = if qos1 {
                QoS::AtLeastOnce
            } else {
                QoS::AtMostOnce
            };
            client.try_publish(topic, qos, false, payload).is_ok()
        }

        fn subscribe(client: &AsyncClient, filter: String) {
            let _ = client.try_subscribe(filter, QoS::AtLeastOnce);
        }

        fn forget(&mut self) {
            self.0.clean();
            self.0.pending.clear();
        }
    };
}

mod v311;
mod v5;

/// What happened on the connection, in the engine's terms.
#[derive(Debug)]
pub(crate) enum Happened {
    /// The broker accepted the connection.
    Connected,
    /// A QoS 1 publish was acknowledged: accepted (`true`) or refused (MQTT 5 reason codes).
    Acked(bool),
    /// A publish was written to the connection (what confirms a QoS 0 record).
    Written,
    /// A message arrived on a subscribed (DOWN) topic.
    Message(String, bytes::Bytes),
    /// Anything else (pings, subscription acknowledgements, ...).
    Other,
}

/// One MQTT protocol version's client, as the engine uses it.
pub(crate) trait Session: Send + Sized + 'static {
    /// The handle requests are made through.
    type Client: Clone + Send + Sync + 'static;
    /// A client and its event loop, not yet connected.
    fn open(config: &MqttConfig, host: String, port: u16) -> (Self::Client, Self);
    /// Hands a publish to the client without waiting; `false` when its channel is full.
    fn try_publish(client: &Self::Client, topic: String, qos1: bool, payload: Vec<u8>) -> bool;
    /// Asks for a QoS 1 subscription (best effort: a failure shows as a lost connection).
    fn subscribe(client: &Self::Client, filter: String);
    /// The next thing that happened, or why the connection is gone.
    fn poll(&mut self) -> impl Future<Output = Result<Happened, String>> + Send;
    /// Forgets every request the client still holds (the next session is clean).
    fn forget(&mut self);
}

type Inflight = Arc<Mutex<VecDeque<Publish>>>;

fn lock(i: &Inflight) -> std::sync::MutexGuard<'_, VecDeque<Publish>> {
    i.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs the MQTT engine until the returned future is dropped: the publisher (queue to
/// broker) and the event loop (connection, acknowledgements, DOWN messages sent on `udp`).
pub async fn run(
    config: &MqttConfig,
    core: Arc<Core>,
    queue: Queue<Publish>,
    udp: Arc<UdpSocket>,
) -> Result<(), UrlError> {
    let (host, port) = parse_url(&config.url)?;
    match config.protocol() {
        MqttVersion::V311 => engine::<v311::V311>(config, host, port, core, queue, udp).await,
        MqttVersion::V5 => engine::<v5::V5>(config, host, port, core, queue, udp).await,
    }
    Ok(())
}

/// The largest packet the bridge sends or takes.
const MAX_PACKET: usize = 1 << 20;

async fn engine<S: Session>(
    config: &MqttConfig,
    host: String,
    port: u16,
    core: Arc<Core>,
    queue: Queue<Publish>,
    udp: Arc<UdpSocket>,
) {
    let qos1 = config.qos != 0;
    let (client, mut events) = S::open(config, host, port);
    let inflight: Inflight = Arc::new(Mutex::new(VecDeque::new()));
    // The gate: whether records may be handed to the client. The publisher hands one only
    // while holding it open; the event loop closes it on a lost connection, empties the
    // client's request channel and takes every unconfirmed record back, all under the
    // lock, so no record can slip into the client between the two.
    let gate = Arc::new(Mutex::new(false));
    let (connected_tx, mut connected) = watch::channel(false);

    let publisher = {
        let (client, queue, inflight, gate) = (
            client.clone(),
            queue.clone(),
            inflight.clone(),
            gate.clone(),
        );
        async move {
            loop {
                if connected.wait_for(|c| *c).await.is_err() {
                    return;
                }
                let p = queue.pop().await;
                let full = {
                    let open = gate.lock().unwrap_or_else(PoisonError::into_inner);
                    if !*open {
                        queue.push_front(p);
                        continue;
                    }
                    let (topic, payload) = (p.topic.clone(), p.payload.clone());
                    lock(&inflight).push_back(p);
                    if S::try_publish(&client, topic, qos1, payload) {
                        false
                    } else {
                        // The client's channel is full: take it back and wait a little.
                        if let Some(p) = lock(&inflight).pop_back() {
                            queue.push_front(p);
                        }
                        true
                    }
                };
                if full {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
        }
    };

    let stats = core.stats().clone();
    let filter = core.down_filter();
    let (min, max) = (
        Duration::from_millis(config.reconnect_min_ms.max(1)),
        Duration::from_millis(config.reconnect_max_ms.max(config.reconnect_min_ms).max(1)),
    );
    let event_loop = async move {
        let mut delay = min;
        let mut was_connected = false;
        loop {
            match events.poll().await {
                Ok(Happened::Connected) => {
                    eprintln!("v2x bridge: MQTT connected");
                    was_connected = true;
                    delay = min;
                    S::subscribe(&client, filter.clone());
                    *gate.lock().unwrap_or_else(PoisonError::into_inner) = true;
                    let _ = connected_tx.send(true);
                }
                Ok(Happened::Acked(accepted)) if qos1 => {
                    if lock(&inflight).pop_front().is_some() {
                        match accepted {
                            true => stats.add(&stats.published, 1),
                            false => stats.add(&stats.publish_errors, 1),
                        }
                    }
                }
                Ok(Happened::Written) if !qos1 => {
                    if lock(&inflight).pop_front().is_some() {
                        stats.add(&stats.published, 1);
                    }
                }
                Ok(Happened::Message(topic, payload)) => {
                    let down = core.downlink(&topic, &payload);
                    if let Some((to, datagram)) = down.send {
                        if udp.send_to(&datagram, to).await.is_err() {
                            stats.add(&stats.udp_errors, 1);
                        }
                    }
                    if let Some(ack) = down.ack {
                        queue.push(ack);
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let back: Vec<Publish> = {
                        let mut open = gate.lock().unwrap_or_else(PoisonError::into_inner);
                        *open = false;
                        let _ = connected_tx.send(false);
                        // What the client still holds is dropped at the next (clean)
                        // session: drop it now, and take every unconfirmed record back.
                        events.forget();
                        let back = lock(&inflight).drain(..).collect();
                        back
                    };
                    if was_connected {
                        stats.add(&stats.reconnects, 1);
                        eprintln!("v2x bridge: MQTT connection lost ({e}); reconnecting");
                        was_connected = false;
                    }
                    // Back to the front of the queue, in order.
                    stats.add(&stats.requeued, back.len() as u64);
                    for p in back.into_iter().rev() {
                        queue.push_front(p);
                    }
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(max);
                }
            }
        }
    };
    tokio::select! {
        _ = publisher => {}
        _ = event_loop => {}
    }
}
