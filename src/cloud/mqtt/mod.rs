//! The MQTT engine (`rumqttc`, MQTT 3.1.1): publishes what the [`Queue`] holds, subscribes
//! to the DOWN filter, and survives the broker going away.
//!
//! Delivery: a record is taken from the queue only while connected and is held until the
//! broker confirms it (QoS 1: its PUBACK, which brokers send in order; QoS 0: written to
//! the connection; a QoS 0 record written just before the connection broke may be lost
//! unseen, as QoS 0 allows). When the connection is lost, every unconfirmed record goes back to the
//! front of the queue (counted in `requeued`; at-least-once, so a record whose PUBACK was
//! lost is published twice) and the client reconnects with a doubling delay. While the
//! broker is away the queue fills; beyond its capacity the oldest records are dropped and
//! counted (`dropped_full`). Nothing is lost without a count.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rumqttc::{AsyncClient, Event, MqttOptions, Outgoing, Packet, QoS};
use tokio::net::UdpSocket;
use tokio::sync::watch;

use super::config::MqttConfig;
use super::core::{Core, Publish};
use super::queue::Queue;

/// What is wrong with an MQTT URL.
#[derive(Debug, thiserror::Error)]
#[error("MQTT URL {0:?}: expected mqtt://HOST[:PORT]")]
pub struct UrlError(pub String);

/// `mqtt://HOST[:PORT]` (or `HOST[:PORT]`) to host and port (default 1883).
///
/// ```
/// use cv2x::cloud::mqtt::parse_url;
/// assert_eq!(parse_url("mqtt://127.0.0.1:1884").unwrap(), ("127.0.0.1".to_string(), 1884));
/// assert_eq!(parse_url("broker").unwrap(), ("broker".to_string(), 1883));
/// assert!(parse_url("mqtt://h:x").is_err());
/// ```
pub fn parse_url(url: &str) -> Result<(String, u16), UrlError> {
    let rest = url
        .strip_prefix("mqtt://")
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
    let mut options = MqttOptions::new(config.client_id.clone(), host, port);
    options
        .set_keep_alive(Duration::from_secs(config.keep_alive_s.max(1)))
        .set_clean_session(true)
        .set_max_packet_size(1 << 20, 1 << 20)
        .set_inflight(config.inflight.clamp(1, u16::MAX as usize) as u16);
    let qos = if config.qos == 0 {
        QoS::AtMostOnce
    } else {
        QoS::AtLeastOnce
    };
    let (client, mut events) = AsyncClient::new(options, config.inflight.max(1));
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
                    match client.try_publish(topic, qos, false, payload) {
                        Ok(()) => false,
                        Err(_) => {
                            // The client's channel is full: take it back and wait a little.
                            if let Some(p) = lock(&inflight).pop_back() {
                                queue.push_front(p);
                            }
                            true
                        }
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
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    eprintln!("v2x bridge: MQTT connected");
                    was_connected = true;
                    delay = min;
                    let _ = client.try_subscribe(filter.clone(), QoS::AtLeastOnce);
                    *gate.lock().unwrap_or_else(PoisonError::into_inner) = true;
                    let _ = connected_tx.send(true);
                }
                Ok(Event::Incoming(Packet::PubAck(_))) if qos == QoS::AtLeastOnce => {
                    if lock(&inflight).pop_front().is_some() {
                        stats.add(&stats.published, 1);
                    }
                }
                Ok(Event::Outgoing(Outgoing::Publish(_))) if qos == QoS::AtMostOnce => {
                    if lock(&inflight).pop_front().is_some() {
                        stats.add(&stats.published, 1);
                    }
                }
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    let down = core.downlink(&p.topic, &p.payload);
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
                        events.clean();
                        events.pending.clear();
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
    Ok(())
}
