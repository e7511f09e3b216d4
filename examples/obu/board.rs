//! The display's state, apart from any I/O: frames read in ([`Board::frame`],
//! [`Board::error`]), the clock advanced ([`Board::expire`]); out come the lines of what
//! changed (for a pipe) and the block to redraw (for a terminal, [`Board::render`]).

use std::collections::BTreeMap;
use std::fmt::Write;

use cv2x::csae::signal::Light;

use crate::read::{Kind, Participant, PhaseNow, Read, RsiItem, Unread, Update};

/// What is not heard from for this long is gone: an intersection's SPAT, an RSU's RSI
/// items and RSM participants, a vehicle's BSM.
pub const EXPIRE_MS: u64 = 5_000;
/// At most one error line this often (the others are counted).
pub const ERROR_LINE_MS: u64 = 1_000;
/// At most this many entries of a list in the block.
const LIST: usize = 8;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: u64,
    pub spat: u64,
    pub map: u64,
    pub bsm: u64,
    pub rsi: u64,
    pub rsm: u64,
    pub other: u64,
    pub undecodable: u64,
    pub refused: u64,
}

struct Phase {
    light: Light,
    /// When it changes (ms, the board's clock).
    ends_ms: Option<u64>,
}

struct Signal {
    seen_ms: u64,
    trust: String,
    phases: BTreeMap<u16, Phase>,
}

struct MapNode {
    seen_ms: u64,
    count: (&'static str, u8),
    links: Option<usize>,
    lanes: usize,
    content: u64,
}

struct Rsu<T> {
    seen_ms: u64,
    items: Vec<T>,
}

struct Vehicle {
    seen_ms: u64,
    line: String,
}

/// The display's state (see the module's documentation).
pub struct Board {
    profile: &'static str,
    counts: Counts,
    edition: Option<&'static str>,
    trust: String,
    signals: BTreeMap<String, Signal>,
    maps: BTreeMap<String, MapNode>,
    rsi: BTreeMap<String, Rsu<RsiItem>>,
    rsm: BTreeMap<String, Rsu<Participant>>,
    vehicles: BTreeMap<String, Vehicle>,
    last_error: Option<String>,
    /// Errors since the last error line, and when that line was.
    errors_unshown: u64,
    error_line_ms: Option<u64>,
}

fn secs(s: Option<f64>) -> String {
    s.map_or("-".into(), |s| format!("{s:.1} s"))
}

fn age(now_ms: u64, then_ms: u64) -> String {
    format!("{:.1} s", now_ms.saturating_sub(then_ms) as f64 / 1000.0)
}

fn item(i: &RsiItem) -> String {
    let mut s = format!("{} {}: type {} at {}", i.what, i.id, i.code, i.at);
    if let Some(p) = i.priority {
        let _ = write!(s, ", priority {p}");
    }
    if let Some(t) = &i.text {
        let _ = write!(s, ", {t:?}");
    }
    s
}

fn participant(p: &Participant) -> String {
    let mut s = format!("ptc {} {} ({})", p.id, p.kind, p.source);
    match p.at {
        Some((at, east, north)) => {
            let _ = write!(
                s,
                " at {:.7},{:.7} ({east:+.1} m E, {north:+.1} m N)",
                at.lat_deg, at.lon_deg
            );
        }
        None => s.push_str(" position unavailable"),
    }
    if let Some(v) = p.speed {
        let _ = write!(s, ", {v:.2} m/s");
    }
    if let Some(h) = p.heading {
        let _ = write!(s, ", heading {h:.1}");
    }
    s
}

/// `items` keyed by `key`: those of `new` not in `old` (or changed), and those of `old` not
/// in `new`.
fn diff<'a, T: PartialEq, K: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
) -> (Vec<(&'a T, bool)>, Vec<&'a T>) {
    let came = new
        .iter()
        .filter_map(|n| match old.iter().find(|o| key(o) == key(n)) {
            None => Some((n, false)),
            Some(o) if o != n => Some((n, true)),
            Some(_) => None,
        })
        .collect();
    let went = old
        .iter()
        .filter(|o| !new.iter().any(|n| key(n) == key(o)))
        .collect();
    (came, went)
}

impl Board {
    pub fn new(profile: &'static str) -> Self {
        Board {
            profile,
            counts: Counts::default(),
            edition: None,
            trust: String::new(),
            signals: BTreeMap::new(),
            maps: BTreeMap::new(),
            rsi: BTreeMap::new(),
            rsm: BTreeMap::new(),
            vehicles: BTreeMap::new(),
            last_error: None,
            errors_unshown: 0,
            error_line_ms: None,
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// A frame read at `now_ms`, with its trust state (`""`, or ` [signed: ...]`): the lines
    /// of what changed.
    pub fn frame(&mut self, read: &Read, trust: &str, now_ms: u64) -> Vec<String> {
        let c = &mut self.counts;
        c.total += 1;
        *match read.kind {
            Kind::Spat => &mut c.spat,
            Kind::Map => &mut c.map,
            Kind::Bsm => &mut c.bsm,
            Kind::Rsi => &mut c.rsi,
            Kind::Rsm => &mut c.rsm,
            Kind::Other => &mut c.other,
        } += 1;
        self.trust = trust.to_string();
        let mut out = Vec::new();
        // Under `--profile csae`, the edition ranking found, when it changes.
        if let Some(e) = read.edition.filter(|&e| e != self.profile) {
            if self.edition != Some(e) {
                out.push(format!("edition {e}"));
            }
            self.edition = Some(e);
        }
        for u in &read.updates {
            self.update(u, trust, now_ms, &mut out);
        }
        out
    }

    fn update(&mut self, u: &Update, trust: &str, now_ms: u64, out: &mut Vec<String>) {
        let ends = |p: &PhaseNow| p.secs.map(|s| (now_ms as f64 + s.max(0.0) * 1000.0) as u64);
        match u {
            Update::Signal { node, phases } => {
                let sig = self.signals.entry(node.clone()).or_insert_with(|| Signal {
                    seen_ms: now_ms,
                    trust: String::new(),
                    phases: BTreeMap::new(),
                });
                let new = sig.phases.is_empty();
                if new {
                    let list: Vec<String> = phases
                        .iter()
                        .map(|p| format!("{} {} {}", p.id, p.light, secs(p.secs)))
                        .collect();
                    out.push(format!("SPAT {node}: {}{trust}", list.join(", ")));
                }
                for p in phases {
                    let was = sig.phases.insert(
                        p.id,
                        Phase {
                            light: p.light,
                            ends_ms: ends(p),
                        },
                    );
                    match was {
                        Some(w) if w.light != p.light => out.push(format!(
                            "SPAT {node} phase {}: {} -> {}, changes in {}{trust}",
                            p.id,
                            w.light,
                            p.light,
                            secs(p.secs)
                        )),
                        None if !new => out.push(format!(
                            "SPAT {node} phase {}: {}, changes in {}{trust}",
                            p.id,
                            p.light,
                            secs(p.secs)
                        )),
                        _ => {}
                    }
                }
                // A phase the intersection no longer sends is no longer shown.
                sig.phases
                    .retain(|id, _| phases.iter().any(|p| p.id == *id));
                sig.seen_ms = now_ms;
                sig.trust = trust.to_string();
            }
            Update::Map {
                node,
                count,
                links,
                lanes,
                content,
            } => {
                let what = match self.maps.get(node) {
                    None => "",
                    Some(m) if m.content != *content => " changed",
                    Some(_) => "unchanged",
                };
                if what != "unchanged" {
                    let links = links.map_or(String::new(), |l| format!("{l} links, "));
                    out.push(format!(
                        "MAP node {node}{what}: {links}{lanes} lanes, {} {}{trust}",
                        count.0, count.1
                    ));
                }
                self.maps.insert(
                    node.clone(),
                    MapNode {
                        seen_ms: now_ms,
                        count: *count,
                        links: *links,
                        lanes: *lanes,
                        content: *content,
                    },
                );
            }
            Update::Rsi { rsu, items } => {
                let old = self.rsi.remove(rsu).map_or(Vec::new(), |r| r.items);
                let (came, went) = diff(&old, items, |i| (i.what, i.id));
                for (i, changed) in came {
                    let sign = if changed { '~' } else { '+' };
                    out.push(format!("RSI {rsu} {sign} {}{trust}", item(i)));
                }
                for i in went {
                    out.push(format!("RSI {rsu} - {} {} (type {})", i.what, i.id, i.code));
                }
                self.rsi.insert(
                    rsu.clone(),
                    Rsu {
                        seen_ms: now_ms,
                        items: items.clone(),
                    },
                );
            }
            Update::Rsm { rsu, participants } => {
                let old = self.rsm.remove(rsu).map_or(Vec::new(), |r| r.items);
                // Participants move: only their coming and going are changes.
                let (came, went) = diff(&old, participants, |p| p.id);
                for (p, changed) in came {
                    if !changed {
                        out.push(format!("RSM {rsu} + {}{trust}", participant(p)));
                    }
                }
                for p in went {
                    out.push(format!("RSM {rsu} - ptc {} {}", p.id, p.kind));
                }
                self.rsm.insert(
                    rsu.clone(),
                    Rsu {
                        seen_ms: now_ms,
                        items: participants.clone(),
                    },
                );
            }
            Update::Bsm { id, at, speed } => {
                let line = format!(
                    "{} {}",
                    at.map_or("position unavailable".into(), |p| format!(
                        "at {:.7},{:.7},",
                        p.lat_deg, p.lon_deg
                    )),
                    speed.map_or("speed unavailable".into(), |v| format!("{v:.2} m/s"))
                );
                if !self.vehicles.contains_key(id) {
                    out.push(format!("BSM {id} appears {line}{trust}"));
                }
                self.vehicles.insert(
                    id.clone(),
                    Vehicle {
                        seen_ms: now_ms,
                        line,
                    },
                );
            }
        }
    }

    /// A datagram that gave nothing to show: counted; a line at most every
    /// [`ERROR_LINE_MS`].
    pub fn error(&mut self, e: &Unread, now_ms: u64) -> Vec<String> {
        self.counts.total += 1;
        let text = match e {
            Unread::Undecodable(why) => {
                self.counts.undecodable += 1;
                format!("undecodable: {why}")
            }
            Unread::Refused(why) => {
                self.counts.refused += 1;
                format!("refused: {why}")
            }
        };
        self.errors_unshown += 1;
        let due = self
            .error_line_ms
            .is_none_or(|t| now_ms.saturating_sub(t) >= ERROR_LINE_MS);
        let mut out = Vec::new();
        if due {
            let more = match self.errors_unshown {
                1 => String::new(),
                n => format!(" (and {} more since the last such line)", n - 1),
            };
            out.push(format!("{text}{more}"));
            self.errors_unshown = 0;
            self.error_line_ms = Some(now_ms);
        }
        self.last_error = Some(text);
        out
    }

    /// What has not been heard from for [`EXPIRE_MS`] at `now_ms` is gone: its lines.
    pub fn expire(&mut self, now_ms: u64) -> Vec<String> {
        let old = |seen: u64| now_ms.saturating_sub(seen) >= EXPIRE_MS;
        let mut out = Vec::new();
        self.signals.retain(|node, s| {
            let keep = !old(s.seen_ms);
            if !keep {
                out.push(format!(
                    "SPAT {node}: silent for {}",
                    age(now_ms, s.seen_ms)
                ));
            }
            keep
        });
        self.rsi.retain(|rsu, r| {
            let keep = !old(r.seen_ms);
            if !keep {
                for i in &r.items {
                    out.push(format!(
                        "RSI {rsu} - {} {} (type {}): RSI silent",
                        i.what, i.id, i.code
                    ));
                }
            }
            keep
        });
        self.rsm.retain(|rsu, r| {
            let keep = !old(r.seen_ms);
            if !keep {
                for p in &r.items {
                    out.push(format!("RSM {rsu} - ptc {} {}: RSM silent", p.id, p.kind));
                }
            }
            keep
        });
        self.vehicles.retain(|id, v| {
            let keep = !old(v.seen_ms);
            if !keep {
                out.push(format!("BSM {id} gone"));
            }
            keep
        });
        out
    }

    /// The block a terminal shows at `now_ms`.
    pub fn render(&self, now_ms: u64) -> Vec<String> {
        let c = &self.counts;
        let mut out = vec![format!(
            "obu {}{}: {} frames (SPAT {}, MAP {}, RSI {}, RSM {}, BSM {}, other {}), undecodable {}, refused {}",
            self.profile,
            self.edition.map_or(String::new(), |e| format!(" ({e})")),
            c.total,
            c.spat,
            c.map,
            c.rsi,
            c.rsm,
            c.bsm,
            c.other,
            c.undecodable,
            c.refused
        )];
        for (node, s) in &self.signals {
            out.push(format!(
                "SPAT {node}  age {}{}",
                age(now_ms, s.seen_ms),
                s.trust
            ));
            for (id, p) in &s.phases {
                let left = p.ends_ms.map(|e| e.saturating_sub(now_ms) as f64 / 1000.0);
                out.push(format!(
                    "  {id:>3}  {:<16} {:>8}",
                    p.light.name(),
                    secs(left)
                ));
            }
        }
        for (node, m) in &self.maps {
            let links = m.links.map_or(String::new(), |l| format!("{l} links, "));
            out.push(format!(
                "MAP  {node}: {links}{} lanes, {} {}  age {}",
                m.lanes,
                m.count.0,
                m.count.1,
                age(now_ms, m.seen_ms)
            ));
        }
        for (rsu, r) in &self.rsi {
            out.push(format!(
                "RSI  {rsu}: {} item(s)  age {}",
                r.items.len(),
                age(now_ms, r.seen_ms)
            ));
            list(&mut out, r.items.iter().map(item));
        }
        for (rsu, r) in &self.rsm {
            out.push(format!(
                "RSM  {rsu}: {} participant(s)  age {}",
                r.items.len(),
                age(now_ms, r.seen_ms)
            ));
            list(&mut out, r.items.iter().map(participant));
        }
        if !self.vehicles.is_empty() {
            out.push(format!("BSM  {} vehicle(s)", self.vehicles.len()));
            list(
                &mut out,
                self.vehicles
                    .iter()
                    .map(|(id, v)| format!("{id} {}  age {}", v.line, age(now_ms, v.seen_ms))),
            );
        }
        if let Some(e) = &self.last_error {
            out.push(format!("last error: {e}"));
        }
        out
    }

    /// The closing line.
    pub fn totals(&self) -> String {
        let c = &self.counts;
        format!(
            "obu: {} datagrams: SPaT {}, MAP {}, BSM {}, RSI {}, RSM {}, other {}, undecodable {}, refused {}",
            c.total, c.spat, c.map, c.bsm, c.rsi, c.rsm, c.other, c.undecodable, c.refused
        )
    }
}

/// Up to [`LIST`] entries, indented, then how many more.
fn list(out: &mut Vec<String>, items: impl Iterator<Item = String>) {
    let mut n = 0;
    for s in items {
        if n < LIST {
            out.push(format!("  {s}"));
        }
        n += 1;
    }
    if n > LIST {
        out.push(format!("  ... {} more", n - LIST));
    }
}
