//! A bounded queue that never blocks its producer: when full, the oldest entry is dropped
//! and counted. [`DropQueue`] is the plain data structure; [`Queue`] shares one between a
//! producer (the UDP loop) and an async consumer (the publisher).
//!
//! ```
//! use cv2x::cloud::queue::DropQueue;
//! let mut q = DropQueue::new(2);
//! q.push(1);
//! q.push(2);
//! assert_eq!(q.push(3), Some(1)); // full: the oldest goes
//! assert_eq!((q.pop(), q.pop(), q.pop(), q.dropped()), (Some(2), Some(3), None, 1));
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;

use super::stats::Stats;

/// A FIFO of at most `capacity` entries that drops its oldest when full.
#[derive(Debug)]
pub struct DropQueue<T> {
    items: VecDeque<T>,
    capacity: usize,
    dropped: u64,
}

impl<T> DropQueue<T> {
    /// An empty queue (a capacity of 0 counts as 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        DropQueue {
            items: VecDeque::with_capacity(capacity.min(4096)),
            capacity,
            dropped: 0,
        }
    }

    /// Appends; returns the entry dropped to make room, if any.
    pub fn push(&mut self, item: T) -> Option<T> {
        let out = if self.items.len() >= self.capacity {
            self.dropped += 1;
            self.items.pop_front()
        } else {
            None
        };
        self.items.push_back(item);
        out
    }

    /// Puts an entry back at the front (one taken but not delivered), unless full.
    pub fn push_front(&mut self, item: T) -> bool {
        if self.items.len() >= self.capacity {
            self.dropped += 1;
            return false;
        }
        self.items.push_front(item);
        true
    }

    /// Takes the oldest entry.
    pub fn pop(&mut self) -> Option<T> {
        self.items.pop_front()
    }

    /// Entries waiting.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none wait.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Entries dropped so far.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

/// A [`DropQueue`] shared between threads and tasks; drops are also added to
/// [`Stats::dropped_full`].
#[derive(Debug, Clone)]
pub struct Queue<T> {
    inner: Arc<(Mutex<DropQueue<T>>, Notify)>,
    stats: Arc<Stats>,
}

impl<T> Queue<T> {
    /// An empty queue of `capacity`, counting into `stats`.
    pub fn new(capacity: usize, stats: Arc<Stats>) -> Self {
        Queue {
            inner: Arc::new((Mutex::new(DropQueue::new(capacity)), Notify::new())),
            stats,
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut DropQueue<T>) -> R) -> R {
        let mut q = self.inner.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut q)
    }

    /// Appends without waiting (the oldest entry goes if full, counted).
    pub fn push(&self, item: T) {
        if self.with(|q| q.push(item)).is_some() {
            self.stats.add(&self.stats.dropped_full, 1);
        }
        self.inner.1.notify_one();
    }

    /// Returns an undelivered entry to the front (dropped and counted if full).
    pub fn push_front(&self, item: T) {
        if !self.with(|q| q.push_front(item)) {
            self.stats.add(&self.stats.dropped_full, 1);
        }
        self.inner.1.notify_one();
    }

    /// Takes the oldest entry, waiting for one.
    pub async fn pop(&self) -> T {
        loop {
            let notified = self.inner.1.notified();
            if let Some(item) = self.with(DropQueue::pop) {
                return item;
            }
            notified.await;
        }
    }

    /// Takes the oldest entry if there is one.
    pub fn try_pop(&self) -> Option<T> {
        self.with(DropQueue::pop)
    }

    /// Entries waiting.
    pub fn len(&self) -> usize {
        self.with(|q| q.len())
    }

    /// Whether none wait.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_counted() {
        let mut q = DropQueue::new(3);
        for i in 0..10 {
            q.push(i);
        }
        assert_eq!((q.len(), q.dropped()), (3, 7));
        assert!(!q.push_front(99));
        assert_eq!(q.pop(), Some(7));
        assert!(q.push_front(6));
        assert_eq!(
            std::iter::from_fn(|| q.pop()).collect::<Vec<_>>(),
            [6, 8, 9]
        );
        assert!(q.is_empty());
    }

    #[test]
    fn shared_queue_counts_into_stats() {
        let stats = Arc::new(Stats::default());
        let q = Queue::new(2, stats.clone());
        for i in 0..5 {
            q.push(i);
        }
        assert_eq!(stats.snapshot().dropped_full, 3);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        assert_eq!(rt.block_on(q.pop()), 3);
        assert_eq!(q.try_pop(), Some(4));
        assert!(q.try_pop().is_none());
    }
}
