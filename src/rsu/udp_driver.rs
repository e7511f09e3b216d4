//! The blocking UDP socket driver for the sans-IO [`RsuCore`] of
//! [`engine`](super::engine) (feature `std`): reader threads for the controller and radio
//! sockets, a loop that sends what the core queues at the times it asks for, and the SPaT
//! cadence it achieved.
//!
//! The sockets are the caller's: create and configure them (broadcast, multicast, TTL,
//! bind address, `SO_REUSEADDR`) as the deployment needs, then hand them over. Each
//! destination of [`RsuConfig::destinations`](super::engine::RsuConfig::destinations) gets a
//! socket and an address, in the same order.
//!
//! Inbound datagrams go through a bounded queue ([`INBOUND_QUEUE`]); when it is full
//! (a flood) they are dropped and counted, so memory stays bounded and the send loop keeps
//! its schedule.

use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use std::vec::Vec;

use super::engine::{Event, MessageKind, Now, RsuCore, Transmit};

/// How many received datagrams may wait for the send loop.
pub const INBOUND_QUEUE: usize = 1_024;

/// The longest the loop blocks without looking at the stop flag.
const MAX_WAIT: Duration = Duration::from_millis(100);

/// A [`Now`] source: the monotonic time since creation, and UTC as one system-clock
/// reading at creation plus that monotonic time (so UTC never jumps while running).
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    start: Instant,
    utc0_ms: u64,
}

impl Clock {
    /// A clock starting now, on the system's UTC.
    pub fn system() -> Self {
        let utc0_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        Clock {
            start: Instant::now(),
            utc0_ms,
        }
    }

    /// The current time.
    pub fn now(&self) -> Now {
        let mono_ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        Now::new(mono_ms, self.utc0_ms.saturating_add(mono_ms))
    }

    /// The [`Instant`] of monotonic time `mono_ms`.
    pub fn instant(&self, mono_ms: u64) -> Instant {
        self.start + Duration::from_millis(mono_ms)
    }
}

/// Which core input a listening socket feeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbound {
    /// [`RsuCore::on_controller`].
    Controller,
    /// [`RsuCore::on_received`].
    Received,
    /// [`RsuCore::on_perception`] (China profile: detections as JSON lines).
    #[cfg(feature = "serde")]
    Perception,
    /// [`RsuCore::on_rsi`] (China profile: RSI items and removals as JSON lines).
    #[cfg(feature = "serde")]
    Rsi,
}

/// What the loop reports to its caller.
pub trait Hooks {
    /// A transmission is about to be sent: its bytes may be rewritten (to sign its frame,
    /// say). The default leaves it as the core built it.
    fn prepare(&mut self, _now: Now, _t: &mut Transmit) {}
    /// A transmission was sent (or failed to send: `error`).
    fn sent(&mut self, _now: Now, _t: &Transmit, _error: Option<&std::io::Error>) {}
    /// The core reported an event.
    fn event(&mut self, _now: Now, _e: Event) {}
    /// Once a second.
    fn second(&mut self, _now: Now, _driver: &Driver) {}
}

impl Hooks for () {}

/// The SPaT send intervals achieved, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cadence {
    /// Intervals measured.
    pub count: u64,
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Largest.
    pub max_ms: f64,
}

/// A histogram of intervals in 0.1 ms buckets up to 2 s (longer ones in the last bucket).
#[derive(Clone, Debug)]
struct Histogram {
    buckets: Vec<u64>,
    count: u64,
    max_us: u64,
}

impl Histogram {
    const BUCKET_US: u64 = 100;
    const BUCKETS: usize = 20_000;

    fn new() -> Self {
        Histogram {
            buckets: std::vec![0; Self::BUCKETS],
            count: 0,
            max_us: 0,
        }
    }

    fn add(&mut self, d: Duration) {
        let us = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        let i = usize::try_from(us / Self::BUCKET_US)
            .unwrap_or(usize::MAX)
            .min(Self::BUCKETS - 1);
        if let Some(b) = self.buckets.get_mut(i) {
            *b += 1;
        }
        self.count += 1;
        self.max_us = self.max_us.max(us);
    }

    fn quantile_ms(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let rank = ((self.count as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, &n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= rank {
                // The bucket's middle.
                return (i as f64 + 0.5) * Self::BUCKET_US as f64 / 1000.0;
            }
        }
        self.max_us as f64 / 1000.0
    }
}

struct Listener {
    thread: JoinHandle<()>,
}

/// Runs an [`RsuCore`] over UDP. See the [module documentation](self).
pub struct Driver {
    core: RsuCore,
    clock: Clock,
    outputs: Vec<(UdpSocket, SocketAddr)>,
    tx: SyncSender<(Inbound, Vec<u8>)>,
    rx: Receiver<(Inbound, Vec<u8>)>,
    listeners: Vec<Listener>,
    stop: Arc<AtomicBool>,
    inbound_dropped: Arc<AtomicU64>,
    send_errors: u64,
    cadence: Histogram,
    last_spat: Option<Instant>,
}

impl Driver {
    /// A driver for `core` (created with `clock.now()`), sending destination `i` through
    /// `outputs[i]`. Stops when `stop` is set.
    pub fn new(
        core: RsuCore,
        clock: Clock,
        outputs: Vec<(UdpSocket, SocketAddr)>,
        stop: Arc<AtomicBool>,
    ) -> Self {
        let (tx, rx) = sync_channel(INBOUND_QUEUE);
        Driver {
            core,
            clock,
            outputs,
            tx,
            rx,
            listeners: Vec::new(),
            stop,
            inbound_dropped: Arc::new(AtomicU64::new(0)),
            send_errors: 0,
            cadence: Histogram::new(),
            last_spat: None,
        }
    }

    /// Starts a reader thread on `socket` feeding `kind`.
    pub fn listen(&mut self, socket: UdpSocket, kind: Inbound) -> std::io::Result<()> {
        socket.set_read_timeout(Some(MAX_WAIT))?;
        let tx = self.tx.clone();
        let stop = Arc::clone(&self.stop);
        let dropped = Arc::clone(&self.inbound_dropped);
        let thread = std::thread::Builder::new()
            .name(std::format!("rsu-{kind:?}").to_lowercase())
            .spawn(move || {
                let mut buf = std::vec![0u8; 65_536];
                while !stop.load(Ordering::Relaxed) {
                    let n = match socket.recv(&mut buf) {
                        Ok(n) => n,
                        Err(_) => continue, // timeout, or an ICMP error: keep listening
                    };
                    let d = buf.get(..n).unwrap_or(&[]).to_vec();
                    match tx.try_send((kind, d)) {
                        Ok(()) => {}
                        Err(TrySendError::Full(_)) => {
                            dropped.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(TrySendError::Disconnected(_)) => break,
                    }
                }
            })?;
        self.listeners.push(Listener { thread });
        Ok(())
    }

    /// The core.
    pub fn core(&self) -> &RsuCore {
        &self.core
    }

    /// The core, to change its plan, table or MAP.
    pub fn core_mut(&mut self) -> &mut RsuCore {
        &mut self.core
    }

    /// The clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Inbound datagrams dropped because the queue was full.
    pub fn inbound_dropped(&self) -> u64 {
        self.inbound_dropped.load(Ordering::Relaxed)
    }

    /// Sends that failed.
    pub fn send_errors(&self) -> u64 {
        self.send_errors
    }

    /// The SPaT send intervals so far.
    pub fn cadence(&self) -> Cadence {
        Cadence {
            count: self.cadence.count,
            p50_ms: self.cadence.quantile_ms(0.50),
            p99_ms: self.cadence.quantile_ms(0.99),
            max_ms: self.cadence.max_us as f64 / 1000.0,
        }
    }

    fn flush(&mut self, now: Now, hooks: &mut dyn Hooks) {
        let mut spat_sent = false;
        while let Some(mut t) = self.core.poll_transmit() {
            hooks.prepare(now, &mut t);
            let result = match self.outputs.get(t.destination) {
                Some((socket, addr)) => socket.send_to(&t.bytes, addr).map(|_| ()),
                None => Err(std::io::Error::other("no socket for this destination")),
            };
            if result.is_err() {
                self.send_errors += 1;
            }
            spat_sent |= t.message == MessageKind::Spat;
            hooks.sent(now, &t, result.as_ref().err());
        }
        if spat_sent {
            let at = Instant::now();
            if let Some(last) = self.last_spat.replace(at) {
                self.cadence.add(at - last);
            }
        }
        while let Some(e) = self.core.poll_event() {
            hooks.event(now, e);
        }
    }

    /// Runs until the stop flag is set or `until` (if any) passes, then stops the reader
    /// threads. Returns within about 100 ms of either.
    pub fn run(&mut self, until: Option<Instant>, hooks: &mut dyn Hooks) {
        let mut next_second = self.clock.now().mono_ms + 1_000;
        loop {
            if self.stop.load(Ordering::Relaxed) || until.is_some_and(|u| Instant::now() >= u) {
                break;
            }
            let now = self.clock.now();
            if now.mono_ms >= self.core.poll_timeout() {
                self.core.handle_timeout(now);
                self.flush(now, hooks);
                continue;
            }
            if now.mono_ms >= next_second {
                next_second += 1_000;
                hooks.second(now, self);
            }
            let due = self.clock.instant(self.core.poll_timeout());
            let wait = due.saturating_duration_since(Instant::now()).min(MAX_WAIT);
            match self.rx.recv_timeout(wait) {
                Ok((kind, d)) => {
                    let now = self.clock.now();
                    match kind {
                        Inbound::Controller => self.core.on_controller(now, &d),
                        Inbound::Received => self.core.on_received(now, &d),
                        #[cfg(feature = "serde")]
                        Inbound::Perception => self.core.on_perception(now, &d),
                        #[cfg(feature = "serde")]
                        Inbound::Rsi => self.core.on_rsi(now, &d),
                    }
                    self.flush(now, hooks);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => std::thread::sleep(wait),
            }
        }
        self.stop.store(true, Ordering::Relaxed);
        for l in self.listeners.drain(..) {
            let _ = l.thread.join();
        }
    }
}
