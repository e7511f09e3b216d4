//! The bridge's counters: atomics shared by its tasks, read as a [`Snapshot`] (printed as
//! one JSON line by `v2x bridge --stats`).

use std::sync::atomic::{AtomicU64, Ordering};

macro_rules! counters {
    ($($name:ident: $doc:literal,)*) => {
        /// The counters (relaxed atomics: each exact, no ordering between them).
        #[derive(Debug, Default)]
        pub struct Stats {
            $(#[doc = $doc] pub $name: AtomicU64,)*
        }

        /// The counters at one moment.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
        pub struct Snapshot {
            $(#[doc = $doc] pub $name: u64,)*
        }

        impl Stats {
            /// Reads every counter.
            pub fn snapshot(&self) -> Snapshot {
                Snapshot { $($name: self.$name.load(Ordering::Relaxed),)* }
            }
        }
    };
}

counters! {
    datagrams: "Datagrams (or raw frames, in a decode worker) taken in.",
    envelopes: "Envelopes made from them.",
    errors: "Datagrams that did not decode (error records made).",
    oversized: "Datagrams longer than `max_datagram` (also error records).",
    dropped_full: "Records dropped because the queue to the broker was full (oldest first).",
    published: "Records the broker took (QoS 1 / JetStream: acknowledged; QoS 0 / core NATS: written).",
    publish_errors: "Publishes that failed (and were not retried).",
    duplicates: "Publishes JetStream reported as duplicates (already stored: deduplicated).",
    reconnects: "Connections lost (each followed by reconnection attempts).",
    requeued: "Records taken back from a lost connection, unconfirmed, and queued again.",
    down_in: "DOWN messages received.",
    down_sent: "DOWN messages framed and sent to their RSU.",
    down_errors: "DOWN messages refused (an error ACK said why).",
    udp_errors: "UDP receive or send errors.",
    acked: "Raw frames a decode worker acknowledged (after its envelope was confirmed).",
}

impl Stats {
    /// Adds `n` to a counter.
    pub fn add(&self, counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

impl Snapshot {
    /// One line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
