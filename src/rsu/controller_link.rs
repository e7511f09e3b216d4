//! Health of the signal controller link: sequence tracking and silence detection for the
//! TSCBM stream, sans-IO.
//!
//! [`LinkMonitor`] has no clock and no socket. The caller feeds it every received datagram
//! with its arrival time and asks it, at any time, whether the link is healthy.
//!
//! **Time** is a `u64` count of milliseconds from a monotonic clock of the caller's choice
//! (for example `Instant::now() - start` in milliseconds): only differences matter. A
//! time earlier than the last one seen counts as no time elapsed.
//!
//! **Sequence**: the blob's one-byte counter increments per message and wraps 255 -> 0.
//! Against the last accepted counter, a blob is in order (+1), a gap (+2..=+128, the
//! numbers in between missed), a duplicate (+0) or out of order (-1..=-127, a late packet).
//! A late or duplicate blob does not move the baseline.
//!
//! **Health**: the link is healthy while the last fresh blob (first, in order, after a gap,
//! or after a recovery) arrived within the timeout, 300 ms by default
//! ([`LinkConfig::timeout_ms`]). Duplicates and late blobs carry no new state and do not
//! refresh the link unless [`LinkConfig::duplicates_refresh`] is set, so a controller stuck
//! repeating one message goes stale. The first fresh blob after a silence longer than the
//! timeout is [`SeqEvent::Recovered`] and becomes the new sequence baseline, whatever its
//! number (the controller may have restarted).
//!
//! ```
//! use cv2x::rsu::controller_link::{LinkConfig, LinkMonitor, SeqEvent};
//!
//! let mut link = LinkMonitor::new(LinkConfig::default());
//! assert!(!link.is_healthy(0));
//! assert_eq!(link.on_sequence(1000, 254), SeqEvent::First);
//! assert_eq!(link.on_sequence(1100, 255), SeqEvent::InOrder);
//! assert_eq!(link.on_sequence(1200, 0), SeqEvent::InOrder); // wraps
//! assert_eq!(link.on_sequence(1300, 2), SeqEvent::Gap { missed: 1 });
//! assert!(link.is_healthy(1600)); // 300 ms after the last blob: still healthy
//! assert!(!link.is_healthy(1601));
//! assert_eq!(link.on_sequence(2000, 9), SeqEvent::Recovered { silent_ms: 700 });
//! assert!(link.is_healthy(2000));
//! assert_eq!(link.counters().missed, 1);
//! ```
// Besides the panic-free lints of every `rsu` module (`rsu/mod.rs`): no overflow either.
#![deny(clippy::arithmetic_side_effects)]

use super::tscbm::{TscbmError, TscbmView};

/// The default timeout: a link silent for longer is unhealthy.
pub const DEFAULT_TIMEOUT_MS: u64 = 300;

/// Settings of a [`LinkMonitor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkConfig {
    /// The link is healthy while the last fresh blob is at most this many milliseconds
    /// old. Default [`DEFAULT_TIMEOUT_MS`] (300).
    pub timeout_ms: u64,
    /// Whether a duplicate (same counter as the last fresh blob) refreshes the link.
    /// Default `false`: a controller repeating one message goes stale. Set it for a
    /// controller that does not increment its counter.
    pub duplicates_refresh: bool,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            duplicates_refresh: false,
        }
    }
}

/// How a received blob's sequence counter relates to the previous ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeqEvent {
    /// The first blob the monitor has seen.
    First,
    /// The counter is the last one + 1 (mod 256).
    InOrder,
    /// The counter skipped `missed` numbers (1..=127).
    Gap {
        /// How many counter values were skipped.
        missed: u8,
    },
    /// The counter equals the last one.
    Duplicate,
    /// The counter is `behind` (1..=127) before the last one: a late packet, ignored.
    OutOfOrder {
        /// How far behind the last counter this one is.
        behind: u8,
    },
    /// The first new blob after the link went stale; its counter is the new baseline.
    Recovered {
        /// How long the link had been silent, in milliseconds.
        silent_ms: u64,
    },
}

/// What a [`LinkMonitor`] has counted since it was created.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LinkCounters {
    /// Valid blobs fed, of every kind.
    pub received: u64,
    /// Blobs in order.
    pub in_order: u64,
    /// Gap events (blobs arriving after skipped counter values).
    pub gaps: u64,
    /// Counter values skipped, summed over all gaps.
    pub missed: u64,
    /// Duplicate blobs.
    pub duplicates: u64,
    /// Late (out-of-order) blobs.
    pub out_of_order: u64,
    /// Recoveries after a silence longer than the timeout.
    pub recoveries: u64,
    /// Datagrams rejected by [`LinkMonitor::on_bytes`] as not a valid blob.
    pub invalid: u64,
}

/// The state of the link at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkHealth {
    /// No blob received yet.
    NeverReceived,
    /// The last fresh blob is within the timeout.
    Healthy,
    /// The last fresh blob is older than the timeout.
    Stale {
        /// Milliseconds since the last fresh blob.
        silent_ms: u64,
    },
}

/// Tracks the TSCBM sequence counter and the link's freshness. See the
/// [module documentation](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkMonitor {
    config: LinkConfig,
    last_sequence: Option<u8>,
    last_good_ms: Option<u64>,
    counters: LinkCounters,
}

impl Default for LinkMonitor {
    fn default() -> Self {
        LinkMonitor::new(LinkConfig::default())
    }
}

impl LinkMonitor {
    /// A monitor that has seen nothing yet.
    pub fn new(config: LinkConfig) -> Self {
        LinkMonitor {
            config,
            last_sequence: None,
            last_good_ms: None,
            counters: LinkCounters::default(),
        }
    }

    /// The settings.
    pub fn config(&self) -> LinkConfig {
        self.config
    }

    /// Parses a received datagram and feeds it; an invalid one is counted in
    /// [`LinkCounters::invalid`], does not refresh the link, and its error is returned.
    ///
    /// ```
    /// use cv2x::rsu::controller_link::{LinkMonitor, SeqEvent};
    /// use cv2x::rsu::tscbm::TscbmError;
    /// let mut link = LinkMonitor::default();
    /// let mut blob = [0u8; 245];
    /// blob[0] = 0xCD;
    /// blob[1] = 16;
    /// blob[235] = 42;
    /// let (view, event) = link.on_bytes(0, &blob)?;
    /// assert_eq!((view.sequence(), event), (42, SeqEvent::First));
    /// assert_eq!(link.on_bytes(100, b"XXXX"), Err(TscbmError::BadHeader(b'X')));
    /// assert_eq!(link.counters().invalid, 1);
    /// # Ok::<(), TscbmError>(())
    /// ```
    pub fn on_bytes<'a>(
        &mut self,
        now_ms: u64,
        bytes: &'a [u8],
    ) -> Result<(TscbmView<'a>, SeqEvent), TscbmError> {
        match TscbmView::new(bytes) {
            Ok(view) => Ok((view, self.on_blob(now_ms, &view))),
            Err(e) => {
                self.counters.invalid = self.counters.invalid.saturating_add(1);
                Err(e)
            }
        }
    }

    /// Feeds a parsed blob received at `now_ms`.
    pub fn on_blob(&mut self, now_ms: u64, blob: &TscbmView<'_>) -> SeqEvent {
        self.on_sequence(now_ms, blob.sequence())
    }

    /// Feeds the sequence counter of a valid blob received at `now_ms`.
    pub fn on_sequence(&mut self, now_ms: u64, sequence: u8) -> SeqEvent {
        let c = &mut self.counters;
        c.received = c.received.saturating_add(1);
        let Some(last) = self.last_sequence else {
            self.last_sequence = Some(sequence);
            self.last_good_ms = Some(now_ms);
            return SeqEvent::First;
        };
        let ahead = sequence.wrapping_sub(last);
        let fresh = ahead != 0 && ahead <= 128;
        if let (LinkHealth::Stale { silent_ms }, true) = (self.health(now_ms), ahead != 0) {
            let c = &mut self.counters;
            c.recoveries = c.recoveries.saturating_add(1);
            self.last_sequence = Some(sequence);
            self.last_good_ms = Some(now_ms);
            return SeqEvent::Recovered { silent_ms };
        }
        let c = &mut self.counters;
        let event = match ahead {
            0 => {
                c.duplicates = c.duplicates.saturating_add(1);
                if self.config.duplicates_refresh {
                    self.last_good_ms = Some(now_ms);
                }
                SeqEvent::Duplicate
            }
            1 => {
                c.in_order = c.in_order.saturating_add(1);
                SeqEvent::InOrder
            }
            2..=128 => {
                let missed = ahead.wrapping_sub(1);
                c.gaps = c.gaps.saturating_add(1);
                c.missed = c.missed.saturating_add(u64::from(missed));
                SeqEvent::Gap { missed }
            }
            _ => {
                c.out_of_order = c.out_of_order.saturating_add(1);
                SeqEvent::OutOfOrder {
                    behind: 0u8.wrapping_sub(ahead),
                }
            }
        };
        if fresh {
            self.last_sequence = Some(sequence);
            self.last_good_ms = Some(now_ms);
        }
        event
    }

    /// The link's state at `now_ms`.
    pub fn health(&self, now_ms: u64) -> LinkHealth {
        match self.last_good_ms {
            None => LinkHealth::NeverReceived,
            Some(t) => {
                let silent_ms = now_ms.saturating_sub(t);
                if silent_ms <= self.config.timeout_ms {
                    LinkHealth::Healthy
                } else {
                    LinkHealth::Stale { silent_ms }
                }
            }
        }
    }

    /// Whether the last fresh blob arrived at most [`LinkConfig::timeout_ms`] before
    /// `now_ms`; `false` before the first blob.
    pub fn is_healthy(&self, now_ms: u64) -> bool {
        self.health(now_ms) == LinkHealth::Healthy
    }

    /// The arrival time of the last fresh blob.
    pub fn last_good_ms(&self) -> Option<u64> {
        self.last_good_ms
    }

    /// The sequence counter of the last fresh blob (the baseline the next one is
    /// compared with).
    pub fn last_sequence(&self) -> Option<u8> {
        self.last_sequence
    }

    /// The counters.
    pub fn counters(&self) -> LinkCounters {
        self.counters
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn every_distance_classified() {
        for last in [0u8, 100, 255] {
            for d in 0u8..=255 {
                let mut link = LinkMonitor::default();
                link.on_sequence(0, last);
                let e = link.on_sequence(10, last.wrapping_add(d));
                let want = match d {
                    0 => SeqEvent::Duplicate,
                    1 => SeqEvent::InOrder,
                    2..=128 => SeqEvent::Gap { missed: d - 1 },
                    _ => SeqEvent::OutOfOrder {
                        behind: 0u8.wrapping_sub(d),
                    },
                };
                assert_eq!(e, want, "last {last} d {d}");
            }
        }
    }

    #[test]
    fn stuck_controller_goes_stale_and_stays_stale() {
        let mut link = LinkMonitor::default();
        link.on_sequence(0, 5);
        for t in (100..2000).step_by(100) {
            assert_eq!(link.on_sequence(t, 5), SeqEvent::Duplicate);
        }
        assert!(!link.is_healthy(2000));
        let mut tolerant = LinkMonitor::new(LinkConfig {
            duplicates_refresh: true,
            ..LinkConfig::default()
        });
        tolerant.on_sequence(0, 5);
        for t in (100..2000).step_by(100) {
            tolerant.on_sequence(t, 5);
        }
        assert!(tolerant.is_healthy(2000));
    }

    #[test]
    fn clock_going_back_counts_as_no_time() {
        let mut link = LinkMonitor::default();
        link.on_sequence(u64::MAX, 1);
        assert!(link.is_healthy(0));
        assert_eq!(link.on_sequence(0, 2), SeqEvent::InOrder);
    }
}
