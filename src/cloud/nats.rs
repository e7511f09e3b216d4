//! The NATS engine (`async-nats`): core NATS or JetStream publishing, the downlink
//! subscription, the raw stream and decode workers.
//!
//! - **Bridge, decoding** (`[nats]`, the default): envelopes are published on core NATS
//!   (`jetstream = false`) or into the envelope stream, each confirmed by JetStream
//!   (`jetstream = true`; an unconfirmed one goes back to the queue and is retried).
//! - **Bridge, scale-out** (`raw_stream` set): nothing is decoded; each datagram goes into
//!   the raw stream with the deduplication id [`raw_id`](super::core::raw_id), confirmed.
//! - DOWN messages arrive on core NATS; their ACKs leave on core NATS.
//! - **Decode worker** ([`decode_worker`]): any number of processes share one durable pull
//!   consumer on the raw stream; each decodes a batch, publishes every envelope (or error
//!   record) into the envelope stream with its own id (`env:` + the raw id), and
//!   acknowledges a raw frame only once that publish is confirmed. A frame whose worker
//!   dies is redelivered after `ack_wait_ms`; its envelope, if already stored, is refused
//!   by the stream as a duplicate (counted in `duplicates`): each envelope is stored once.

use std::collections::VecDeque;
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use async_nats::header::{HeaderMap, NATS_MESSAGE_ID};
use async_nats::jetstream::{self, consumer, stream, Context};
use async_nats::ServerAddr;
use bytes::Bytes;
use futures_util::StreamExt;
use tokio::net::UdpSocket;

use super::config::NatsConfig;
use super::core::{Core, Publish};
use super::queue::Queue;
use super::run::BridgeError;

fn err(what: &str, e: impl std::fmt::Display) -> BridgeError {
    BridgeError::Nats(format!("{what}: {e}"))
}

/// Connects to the servers of `url` (comma-separated), retrying until one answers.
pub async fn connect(url: &str) -> Result<async_nats::Client, BridgeError> {
    let addrs = url
        .split(',')
        .map(|u| u.trim().parse::<ServerAddr>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| err("URL", e))?;
    async_nats::ConnectOptions::new()
        .retry_on_initial_connect()
        .max_reconnects(None)
        .event_callback(|e| async move {
            match e {
                async_nats::Event::Disconnected => eprintln!("v2x bridge: NATS disconnected"),
                async_nats::Event::Connected => eprintln!("v2x bridge: NATS connected"),
                _ => {}
            }
        })
        .connect(addrs)
        .await
        .map_err(|e| err("connect", e))
}

/// How long a JetStream request (a stream's confirmation of a publish, an API call) may take.
const STEP: Duration = Duration::from_secs(5);

fn context(client: async_nats::Client) -> Context {
    jetstream::ContextBuilder::new()
        .timeout(STEP)
        .max_ack_inflight(4096)
        .backpressure_on_inflight(true)
        .build(client)
}

/// Creates (or finds) a stream over `subjects` with the configured replicas and
/// deduplication window.
pub async fn ensure_stream(
    js: &Context,
    config: &NatsConfig,
    name: &str,
    subjects: Vec<String>,
) -> Result<stream::Stream, BridgeError> {
    let mut tries = 0;
    loop {
        let r = js
            .get_or_create_stream(stream::Config {
                name: name.into(),
                subjects: subjects.clone(),
                num_replicas: config.replicas,
                duplicate_window: Duration::from_secs(config.duplicate_window_s),
                storage: stream::StorageType::File,
                ..Default::default()
            })
            .await;
        match r {
            Ok(s) => return Ok(s),
            // A cluster just started may not have elected a leader yet.
            Err(e) if tries < 30 => {
                tries += 1;
                eprintln!("v2x bridge: stream {name}: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => return Err(err("stream", e)),
        }
    }
}

/// A publish waiting for its stream's confirmation, due by a deadline fixed when it was
/// sent. Confirmations are awaited one after another, and async-nats starts a confirmation's
/// own timer only when it is first awaited: when a stream's leader dies with a window of
/// publishes in flight and no connection is lost, nothing answers them, and without the
/// deadline each would cost a full timeout in turn (100 publishes, 500 s: the decode worker
/// of the cluster test stalled so). With it, a lost window costs one timeout in all.
struct Unconfirmed {
    due: tokio::time::Instant,
    ack: jetstream::context::PublishAckFuture,
}

impl Unconfirmed {
    fn new(ack: jetstream::context::PublishAckFuture) -> Self {
        Unconfirmed {
            due: tokio::time::Instant::now() + STEP,
            ack,
        }
    }

    /// The confirmation, or `None` if refused, failed or not there by the deadline.
    async fn confirmed(self) -> Option<jetstream::publish::PublishAck> {
        tokio::time::timeout_at(self.due, self.ack.into_future())
            .await
            .ok()
            .and_then(Result::ok)
    }
}

fn headers(id: &Option<String>) -> HeaderMap {
    let mut h = HeaderMap::new();
    if let Some(id) = id {
        h.insert(NATS_MESSAGE_ID, id.as_str());
    }
    h
}

/// Runs the bridge side: the downlink subscription and the publisher of the queue.
pub async fn run(
    config: &NatsConfig,
    core: Arc<Core>,
    queue: Queue<Publish>,
    udp: Arc<UdpSocket>,
) -> Result<(), BridgeError> {
    let client = connect(&config.url).await?;
    let stats = core.stats().clone();
    let js = context(client.clone());
    let confirmed = config.jetstream || !config.raw_stream.is_empty();
    if !config.raw_stream.is_empty() {
        let raw = super::topic::Template::nats(&config.raw_subject).map_err(|e| err("raw", e))?;
        ensure_stream(&js, config, &config.raw_stream, vec![raw.filter()]).await?;
    } else if config.jetstream {
        ensure_stream(&js, config, &config.envelope_stream, core.up_filters()).await?;
    }
    let mut down = client
        .subscribe(core.down_filter())
        .await
        .map_err(|e| err("subscribe", e))?;
    // ACKs go on core NATS (no stream holds them), straight from the downlink task.
    let downlink = {
        let (core, stats, client) = (core.clone(), stats.clone(), client.clone());
        async move {
            while let Some(m) = down.next().await {
                let d = core.downlink(m.subject.as_str(), &m.payload);
                if let Some((to, datagram)) = d.send {
                    if udp.send_to(&datagram, to).await.is_err() {
                        stats.add(&stats.udp_errors, 1);
                    }
                }
                if let Some(ack) = d.ack {
                    match client.publish(ack.topic, Bytes::from(ack.payload)).await {
                        Ok(()) => stats.add(&stats.published, 1),
                        Err(_) => stats.add(&stats.publish_errors, 1),
                    }
                }
            }
        }
    };
    let publisher = async move {
        if !confirmed {
            loop {
                let p = queue.pop().await;
                match client.publish(p.topic, Bytes::from(p.payload)).await {
                    Ok(()) => stats.add(&stats.published, 1),
                    Err(_) => stats.add(&stats.publish_errors, 1),
                }
            }
        }
        // JetStream: a window of publishes awaiting their confirmation, oldest first.
        let mut window: VecDeque<(Publish, Unconfirmed)> = VecDeque::new();
        let mut backoff = Duration::from_millis(50);
        loop {
            while window.len() < 1024 {
                let Some(p) = (if window.is_empty() {
                    Some(queue.pop().await)
                } else {
                    queue.try_pop()
                }) else {
                    break;
                };
                let sent = js
                    .publish_with_headers(
                        p.topic.clone(),
                        headers(&p.id),
                        Bytes::from(p.payload.clone()),
                    )
                    .await;
                match sent {
                    Ok(f) => window.push_back((p, Unconfirmed::new(f))),
                    Err(_) => {
                        queue.push_front(p);
                        stats.add(&stats.publish_errors, 1);
                        break;
                    }
                }
            }
            let mut failed = Vec::new();
            while let Some((p, f)) = window.pop_front() {
                match f.confirmed().await {
                    Some(ack) => {
                        stats.add(&stats.published, 1);
                        if ack.duplicate {
                            stats.add(&stats.duplicates, 1);
                        }
                    }
                    None => failed.push(p),
                }
            }
            if failed.is_empty() {
                backoff = Duration::from_millis(50);
            } else {
                // Unconfirmed: back to the queue in order (ids make retries safe).
                stats.add(&stats.requeued, failed.len() as u64);
                stats.add(&stats.publish_errors, failed.len() as u64);
                for p in failed.into_iter().rev() {
                    queue.push_front(p);
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
        }
    };
    tokio::select! {
        _ = downlink => Err(err("downlink", "subscription ended")),
        r = publisher => r,
    }
}

/// Runs one decode worker until the process stops: fetch raw frames from the shared
/// durable consumer, publish their envelopes confirmed, then acknowledge them.
pub async fn decode_worker(config: &NatsConfig, core: Arc<Core>) -> Result<(), BridgeError> {
    if config.raw_stream.is_empty() {
        return Err(err("decode worker", "nats.raw_stream is not set"));
    }
    let client = connect(&config.url).await?;
    let js = context(client.clone());
    let raw_t = super::topic::Template::nats(&config.raw_subject).map_err(|e| err("raw", e))?;
    let raw = ensure_stream(&js, config, &config.raw_stream, vec![raw_t.filter()]).await?;
    ensure_stream(&js, config, &config.envelope_stream, core.up_filters()).await?;
    let consumer: consumer::PullConsumer = loop {
        match raw
            .get_or_create_consumer(
                &config.consumer,
                consumer::pull::Config {
                    durable_name: Some(config.consumer.clone()),
                    ack_policy: consumer::AckPolicy::Explicit,
                    ack_wait: Duration::from_millis(config.ack_wait_ms.max(100)),
                    max_ack_pending: (config.batch as i64 * 8).max(1000),
                    num_replicas: config.replicas,
                    ..Default::default()
                },
            )
            .await
        {
            Ok(c) => break c,
            Err(e) => {
                eprintln!("v2x bridge: consumer {}: {e}; retrying", config.consumer);
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    };
    eprintln!(
        "v2x bridge: decode worker on {} ({}) via server {}",
        config.raw_stream,
        config.consumer,
        client.server_info().server_name
    );
    let stats = core.stats().clone();
    let mut backoff = Duration::from_millis(50);
    loop {
        let batch = consumer
            .fetch()
            .max_messages(config.batch)
            .expires(Duration::from_millis(500))
            .messages();
        // Every step is bounded in time: a server that dies can leave a request unanswered.
        let step = STEP;
        let Ok(batch) = tokio::time::timeout(step, batch).await else {
            eprintln!("v2x bridge: fetch unanswered for {step:?}; fetching again");
            continue;
        };
        let mut batch = match batch {
            Ok(b) => b,
            Err(e) => {
                eprintln!("v2x bridge: fetch: {e}; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
        };
        let mut pending = Vec::with_capacity(config.batch);
        // A pull request lost with its server never ends its batch: give up on a batch
        // that has been silent past its expiry (what it did not deliver is redelivered).
        let silent = Duration::from_millis(2500);
        loop {
            let m = match tokio::time::timeout(silent, batch.next()).await {
                Ok(Some(Ok(m))) => m,
                Ok(Some(Err(_))) | Ok(None) => break,
                Err(_) => {
                    eprintln!("v2x bridge: fetch silent for {silent:?}; fetching again");
                    break;
                }
            };
            let id = m
                .headers
                .as_ref()
                .and_then(|h| h.get(NATS_MESSAGE_ID))
                .map(|v| v.as_str().to_owned());
            let out = id.as_deref().and_then(|id| core.decode_raw(id, &m.payload));
            let Some(out) = out else {
                // Not a raw record of a bridge: nothing to decode, never redelivered.
                stats.add(&stats.errors, 1);
                let _ = m.ack().await;
                continue;
            };
            let sent = tokio::time::timeout(
                step,
                js.publish_with_headers(
                    out.topic.clone(),
                    headers(&out.id),
                    Bytes::from(out.payload),
                ),
            )
            .await
            .ok()
            .and_then(Result::ok)
            .map(Unconfirmed::new);
            pending.push((m, sent));
        }
        let mut failures = 0;
        for (m, sent) in pending {
            let ok = match sent {
                Some(f) => match f.confirmed().await {
                    Some(ack) => {
                        stats.add(&stats.published, 1);
                        if ack.duplicate {
                            stats.add(&stats.duplicates, 1);
                        }
                        true
                    }
                    None => false,
                },
                None => false,
            };
            // Acknowledged only now, its envelope confirmed. An acknowledgement lost on the
            // way means a redelivery, whose envelope the stream refuses as a duplicate.
            if ok && matches!(tokio::time::timeout(step, m.ack()).await, Ok(Ok(()))) {
                stats.add(&stats.acked, 1);
            } else {
                // Not acknowledged: redelivered after ack_wait, to this or another worker.
                failures += 1;
                stats.add(&stats.publish_errors, 1);
            }
        }
        if failures > 0 {
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(2));
        } else {
            backoff = Duration::from_millis(50);
        }
    }
}
