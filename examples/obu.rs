//! An on-board unit's view: listens on a UDP port, accepts any framing (RSU 4.1 IFM text,
//! WSMP, proxy + WSMP, 1609.2, raw), decodes SPaT, MAP and BSM, and prints each signal
//! group's state and the seconds until it changes.
//!
//! ```text
//! cargo run --release --example obu                  # port 1516, pairs with the rsu example
//! cargo run --release --example obu -- --port 44910 --count 50
//! cargo run --release --example obu -- --duration 10 --quiet   # only the totals
//! # IEEE 1609.2: verify signed messages against a trust anchor, refuse the rest:
//! cargo run --release --features sec --example obu -- --trust demo/root.cert.hex --require-signed
//! ```
//!
//! With feature `sec`, each signed message's trust state is shown (`[signed: valid, trusted]`
//! or why it is refused); `--trust FILE` and `--cert FILE` (hex certificates, repeatable)
//! configure the verifier, and `--require-signed` drops unsigned and refused messages.

use std::net::UdpSocket;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cv2x::j2735::signal::time::{moy_dsecond_to_utc, seconds_until};
use cv2x::j2735::{summary, Message, MessageFrame};
use cv2x::per::Decode;
use cv2x::rsu::engine::frame_of;

type Error = Box<dyn std::error::Error>;

fn utc_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn main() -> Result<(), Error> {
    let mut port = 1516u16;
    let mut bind = "0.0.0.0".to_string();
    let mut count = None;
    let mut duration = None;
    let mut quiet = false;
    #[cfg(feature = "sec")]
    let mut trust = trust::Trust::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().ok_or("--port N")?.parse()?,
            "--bind" => bind = args.next().ok_or("--bind ADDRESS")?,
            "--count" => count = Some(args.next().ok_or("--count N")?.parse::<u64>()?),
            "--duration" => {
                duration = Some(Duration::from_secs_f64(
                    args.next().ok_or("--duration S")?.parse()?,
                ))
            }
            "--quiet" => quiet = true,
            #[cfg(feature = "sec")]
            "--trust" => trust.anchor(&args.next().ok_or("--trust FILE")?)?,
            #[cfg(feature = "sec")]
            "--cert" => trust.cert(&args.next().ok_or("--cert FILE")?)?,
            #[cfg(feature = "sec")]
            "--require-signed" => trust.require_signed = true,
            "-h" | "--help" => {
                println!(
                    "usage: obu [--port N] [--bind ADDRESS] [--count N] [--duration S] [--quiet] \
                     [--trust FILE]... [--cert FILE]... [--require-signed] (the last three: feature sec)"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let socket = UdpSocket::bind((bind.as_str(), port))?;
    socket.set_read_timeout(Some(Duration::from_millis(100)))?;
    let end = duration.map(|d| Instant::now() + d);
    let mut buf = vec![0u8; 65_536];
    let (mut spat, mut map, mut bsm, mut other, mut bad, mut total) = (0u64, 0, 0, 0, 0, 0u64);
    #[allow(unused_mut)]
    let mut refused = 0u64;
    // Each frame is decoded into the value of the last one: its lists and strings are
    // reused, so a steady stream of like messages decodes without allocating.
    let mut last: Option<MessageFrame> = None;
    while count.is_none_or(|c| total < c) && end.is_none_or(|e| Instant::now() < e) {
        let Ok((n, from)) = socket.recv_from(&mut buf) else {
            continue;
        };
        total += 1;
        let now = utc_now_ms();
        let data = &buf[..n];
        #[cfg(feature = "sec")]
        let (data, state) = match trust.check(data, now) {
            Ok(checked) => checked,
            Err(why) => {
                refused += 1;
                if !quiet {
                    println!("{from}: {n} octets refused: {why}");
                }
                continue;
            }
        };
        #[cfg(not(feature = "sec"))]
        let state = "";
        let decoded = frame_of(data)
            .map_err(Error::from)
            .and_then(|f| match &mut last {
                Some(frame) => frame.decode_uper_into(&f).map_err(Error::from),
                None => {
                    last = Some(MessageFrame::from_uper(&f)?);
                    Ok(())
                }
            });
        if let Err(e) = decoded {
            bad += 1;
            if !quiet {
                println!("{from}: {n} octets not decoded: {e}");
            }
            continue;
        }
        let Some(frame) = &last else { continue };
        match &frame.message {
            Message::Spat(s) => {
                spat += 1;
                if quiet {
                    continue;
                }
                for ix in &s.intersections.0 {
                    let t = moy_dsecond_to_utc(ix.moy, ix.time_stamp, now).unwrap_or(now);
                    let stale = ix.status.0.as_bytes().get(1).is_some_and(|b| b & 0x04 != 0);
                    let mut line = format!(
                        "SPaT{state} {} rev {}{} (age {} ms):",
                        ix.id.id.0,
                        ix.revision.0,
                        if stale { " NO VALID SPAT" } else { "" },
                        now as i64 - t as i64
                    );
                    for m in &ix.states.0 {
                        let Some(e) = m.state_time_speed.0.first() else {
                            continue;
                        };
                        let secs = e
                            .timing
                            .and_then(|tc| seconds_until(tc.min_end_time, t))
                            .map_or("-".to_string(), |s| format!("{s:.1}s"));
                        line.push_str(&format!(
                            " {}={} {}",
                            m.signal_group.0,
                            e.event_state.name(),
                            secs
                        ));
                    }
                    println!("{line}");
                }
            }
            Message::MapData(_) => {
                map += 1;
                if !quiet {
                    let s = summary::summarize(frame, now);
                    println!("{}{state}", s.lines().next().unwrap_or(""));
                }
            }
            Message::BasicSafetyMessage(_) => {
                bsm += 1;
                if !quiet {
                    println!("{}", summary::summarize(frame, now));
                }
            }
            _ => {
                other += 1;
                if !quiet {
                    println!("{}", summary::summarize(frame, now));
                }
            }
        }
    }
    println!(
        "obu: {total} datagrams: SPaT {spat}, MAP {map}, BSM {bsm}, other {other}, undecodable {bad}, refused {refused}"
    );
    Ok(())
}

/// IEEE 1609.2 verification of what arrives (feature `sec`).
#[cfg(feature = "sec")]
mod trust {
    use cv2x::link::unwrap;
    use cv2x::sec::trust::TrustStore;
    use cv2x::sec::verify::{ChainState, Policy, SignatureState, Verifier};
    use cv2x::sec::{Certificate, Coer, Time64};

    use super::Error;

    pub struct Trust {
        verifier: Verifier,
        pub require_signed: bool,
    }

    impl Default for Trust {
        fn default() -> Self {
            let mut verifier = Verifier::new(TrustStore::default());
            // Live traffic: generated within 30 s of now, no replays.
            verifier.default_policy = Policy::live(30_000_000);
            Trust {
                verifier,
                require_signed: false,
            }
        }
    }

    fn cert(path: &str) -> Result<Certificate, Error> {
        let t = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        let b = cv2x::text::parse_hex(t.trim()).map_err(|e| format!("{path}: {e}"))?;
        Ok(Certificate::from_coer(&b).map_err(|e| format!("{path}: {e}"))?)
    }

    impl Trust {
        pub fn anchor(&mut self, path: &str) -> Result<(), Error> {
            self.verifier
                .store
                .add_anchor(cert(path)?)
                .map_err(|e| format!("{path}: {e}"))?;
            Ok(())
        }

        pub fn cert(&mut self, path: &str) -> Result<(), Error> {
            self.verifier
                .store
                .add(cert(path)?)
                .map_err(|e| format!("{path}: {e}"))?;
            Ok(())
        }

        /// The octets to decode (the verified payload of a signed message, else the
        /// datagram) and the trust state to show; or why the datagram is refused.
        pub fn check<'a>(
            &mut self,
            d: &'a [u8],
            now_ms: u64,
        ) -> Result<(&'a [u8], String), String> {
            let Some(spdu) = unwrap(d).ok().and_then(|u| u.signed) else {
                if self.require_signed {
                    return Err("not signed (--require-signed)".into());
                }
                return Ok((d, String::new()));
            };
            let r = self
                .verifier
                .check(spdu, Time64::from_unix_micros(now_ms * 1000));
            let sig = match r.signature {
                SignatureState::Valid => "valid",
                SignatureState::Invalid => "invalid",
                SignatureState::UnknownSigner => "unknown signer",
            };
            let chain = match r.chain {
                ChainState::Trusted => "trusted",
                ChainState::Untrusted => "untrusted",
                ChainState::NotChecked => "chain not checked",
            };
            match (r.refusal, r.payload) {
                (None, Some(frame)) => Ok((frame, format!(" [signed: {sig}, {chain}]"))),
                (None, None) => Err("signed payload is not unsecured data".into()),
                (Some(why), _) if self.require_signed => {
                    Err(format!("signed: {sig}, {chain}: {why}"))
                }
                (Some(why), Some(frame)) => Ok((frame, format!(" [signed: REFUSED {why}]"))),
                (Some(why), None) => Err(why.to_string()),
            }
        }
    }
}
