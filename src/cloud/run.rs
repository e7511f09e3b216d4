//! The runner of `v2x bridge`: binds the UDP socket, drives the [`Core`] from it, runs the
//! configured engine, prints the counters, and stops on SIGINT / SIGTERM after giving the
//! queue a moment to drain.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::net::UdpSocket;

use super::config::{Config, ConfigError};
use super::core::{Core, Engine, Publish};
use super::queue::Queue;
use super::stats::{Snapshot, Stats};

/// Why the bridge could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BridgeError {
    /// The configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A socket or the runtime.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The MQTT engine.
    #[error(transparent)]
    Mqtt(#[from] super::mqtt::UrlError),
    /// The NATS engine.
    #[error("NATS: {0}")]
    Nats(String),
}

/// How to run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Print the counters (at exit, and every `stats_interval_s`).
    pub stats: bool,
    /// Be a decode worker on the raw stream instead of a UDP bridge.
    pub decode_worker: bool,
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Runs the bridge on a new tokio runtime until SIGINT or SIGTERM; returns the final
/// counters.
pub fn run_blocking(config: Config, options: Options) -> Result<Snapshot, BridgeError> {
    config.check()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(config, options))
}

fn engine_of(config: &Config) -> Result<Engine, ConfigError> {
    match (&config.mqtt, &config.nats) {
        (Some(_), None) => Ok(Engine::Mqtt),
        (None, Some(_)) => Ok(Engine::Nats),
        _ => Err(ConfigError::Invalid(
            "configure exactly one broker: [mqtt] (--mqtt) or [nats] (--nats)".into(),
        )),
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn print_stats(stats: &Stats, queued: usize) {
    let s = stats.snapshot().to_json();
    eprintln!(
        "v2x bridge stats: {},\"queued\":{queued}}}",
        &s[..s.len() - 1]
    );
}

/// The bridge (or decode worker) on the current runtime.
pub async fn run(config: Config, options: Options) -> Result<Snapshot, BridgeError> {
    let engine = engine_of(&config)?;
    let core = Arc::new(Core::new(&config, engine)?);
    let stats = core.stats().clone();
    if options.decode_worker {
        let nats = config.nats.clone().ok_or_else(|| {
            ConfigError::Invalid("--decode-worker needs NATS (--nats or [nats])".into())
        })?;
        let printer = stats_printer(&config, options, stats.clone(), None);
        tokio::select! {
            r = super::nats::decode_worker(&nats, core.clone()) => r?,
            _ = shutdown_signal() => {}
        }
        printer.abort();
        if options.stats {
            print_stats(&stats, 0);
        }
        return Ok(stats.snapshot());
    }
    let addr: SocketAddr = config
        .udp
        .ok_or_else(|| ConfigError::Invalid("no UDP address (--udp or udp =)".into()))?;
    let udp = Arc::new(UdpSocket::bind(addr).await?);
    eprintln!(
        "v2x bridge: UDP {} -> {}",
        udp.local_addr()?,
        match engine {
            Engine::Mqtt => config.mqtt.as_ref().map(|m| m.url.as_str()),
            Engine::Nats => config.nats.as_ref().map(|n| n.url.as_str()),
        }
        .unwrap_or_default()
    );
    let queue: Queue<Publish> = Queue::new(config.queue, stats.clone());
    let receiver = tokio::spawn(receive(
        udp.clone(),
        core.clone(),
        queue.clone(),
        config.clone(),
    ));
    let printer = stats_printer(&config, options, stats.clone(), Some(queue.clone()));
    let engine_task = {
        let (config, core, queue, udp) = (config.clone(), core.clone(), queue.clone(), udp.clone());
        tokio::spawn(async move {
            match engine {
                Engine::Mqtt => {
                    let m = config.mqtt.clone().unwrap_or_default();
                    super::mqtt::run(&m, core, queue, udp)
                        .await
                        .map_err(BridgeError::from)
                }
                Engine::Nats => {
                    let n = config.nats.clone().unwrap_or_default();
                    super::nats::run(&n, core, queue, udp).await
                }
            }
        })
    };
    tokio::select! {
        r = engine_task => match r {
            Ok(Err(e)) => return Err(e),
            Ok(Ok(())) => {}
            Err(e) => return Err(BridgeError::Nats(format!("engine task: {e}"))),
        },
        _ = shutdown_signal() => {}
    }
    receiver.abort();
    // A moment for the queue to drain to the broker.
    let end = tokio::time::Instant::now() + Duration::from_secs(2);
    while !queue.is_empty() && tokio::time::Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    printer.abort();
    if options.stats {
        print_stats(&stats, queue.len());
    }
    Ok(stats.snapshot())
}

fn stats_printer(
    config: &Config,
    options: Options,
    stats: Arc<Stats>,
    queue: Option<Queue<Publish>>,
) -> tokio::task::JoinHandle<()> {
    let every = config.stats_interval_s;
    tokio::spawn(async move {
        if !options.stats || every == 0 {
            return;
        }
        let mut tick = tokio::time::interval(Duration::from_secs(every));
        tick.tick().await;
        loop {
            tick.tick().await;
            print_stats(&stats, queue.as_ref().map_or(0, |q| q.len()));
        }
    })
}

/// The UDP loop: every datagram through the core (decoded, or as a raw record for the
/// decode workers when `nats.raw_stream` is set), its record into the queue. Never waits
/// for the broker.
async fn receive(udp: Arc<UdpSocket>, core: Arc<Core>, queue: Queue<Publish>, config: Config) {
    let raw = config
        .nats
        .as_ref()
        .is_some_and(|n| !n.raw_stream.is_empty());
    let mut buf = vec![0u8; 65_536];
    loop {
        match udp.recv_from(&mut buf).await {
            Ok((n, from)) => {
                let now = now_ms();
                let record = match raw {
                    true => core.raw(now, from, &buf[..n]),
                    false => None,
                };
                let record =
                    record.unwrap_or_else(|| core.uplink(now, from, &buf[..n]).into_publish());
                queue.push(record);
            }
            Err(_) => {
                let stats = core.stats();
                stats.add(&stats.udp_errors, 1);
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
    }
}
