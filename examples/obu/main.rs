//! An on-board unit's view: listens on a UDP port, accepts any framing (RSU 4.1 IFM text,
//! WSMP, proxy + WSMP, 1609.2, China's DSMP, raw), decodes SAE J2735 (SPaT, MAP, BSM) or
//! China's T/CSAE 53 (SPAT, MAP, RSI, RSM, BSM; `--profile`) and shows what it hears calmly.
//!
//! On a terminal: one block, redrawn in place at most five times a second: each phase (CSAE)
//! or signal group (J2735) with its light and the seconds to its change, the age of the
//! last SPAT, MAP, RSI and RSM, the active RSI events and signs, the RSM participants, the
//! vehicles heard, the counts. Piped: a line per change (a phase's light, an RSI item or a
//! participant coming or going, a MAP node new or changed, a vehicle appearing or gone).
//!
//! ```text
//! cargo run --release --example obu                  # port 1516, pairs with the rsu example
//! cargo run --release --example obu -- --profile csae-2020   # China's messages (DSMP or raw)
//! cargo run --release --example obu -- --profile csae        # each frame's edition ranked
//! cargo run --release --example obu -- --port 44910 --count 50 | cat   # one line per change
//! cargo run --release --example obu -- --duration 10 --quiet   # only the totals
//! # IEEE 1609.2: verify signed messages against a trust anchor, refuse the rest:
//! cargo run --release --features sec --example obu -- --trust demo/root.cert.hex --require-signed
//! ```
//!
//! `--profile` takes `j2735` (the default), `csae-2017`, `csae-2019`, `csae-2020`, or `csae`:
//! each frame decoded under every edition and kept only if exactly one reading is plausible
//! (`cv2x::csae::rank`); frames the editions read differently are refused, never guessed.
//!
//! With feature `sec`, each signed message's trust state is shown (`[signed: valid, trusted]`
//! or why it is refused); `--trust FILE` and `--cert FILE` (hex certificates, repeatable)
//! configure the verifier, and `--require-signed` drops unsigned and refused messages.

mod board;
mod read;
#[cfg(test)]
mod tests;

use std::io::{IsTerminal, Write};
use std::net::UdpSocket;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cv2x::j2735::MessageFrame;
use cv2x::rsu::engine::frame_of;
use cv2x::text::Profile;

use board::{Board, Counts};
use read::{read, Unread};

type Error = Box<dyn std::error::Error>;

/// A terminal's block is redrawn at most this often.
const REDRAW: Duration = Duration::from_millis(200);

fn utc_now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// What to listen for and how to show it.
struct Options {
    profile: Profile,
    count: Option<u64>,
    duration: Option<Duration>,
    quiet: bool,
    /// Redraw one block (a terminal) rather than print a line per change.
    terminal: bool,
    #[cfg(feature = "sec")]
    trust: trust::Trust,
}

impl Options {
    fn new(profile: Profile) -> Self {
        Options {
            profile,
            count: None,
            duration: None,
            quiet: false,
            terminal: false,
            #[cfg(feature = "sec")]
            trust: trust::Trust::default(),
        }
    }
}

fn main() -> Result<(), Error> {
    let mut port = 1516u16;
    let mut bind = "0.0.0.0".to_string();
    let mut o = Options::new(Profile::J2735);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().ok_or("--port N")?.parse()?,
            "--bind" => bind = args.next().ok_or("--bind ADDRESS")?,
            "--profile" => {
                let name = args.next().ok_or("--profile NAME")?;
                o.profile = name
                    .parse()
                    .map_err(|e: cv2x::text::ProfileError| e.to_string())?
            }
            "--count" => o.count = Some(args.next().ok_or("--count N")?.parse::<u64>()?),
            "--duration" => {
                o.duration = Some(Duration::from_secs_f64(
                    args.next().ok_or("--duration S")?.parse()?,
                ))
            }
            "--quiet" => o.quiet = true,
            #[cfg(feature = "sec")]
            "--trust" => o.trust.anchor(&args.next().ok_or("--trust FILE")?)?,
            #[cfg(feature = "sec")]
            "--cert" => o.trust.cert(&args.next().ok_or("--cert FILE")?)?,
            #[cfg(feature = "sec")]
            "--require-signed" => o.trust.require_signed = true,
            "-h" | "--help" => {
                println!(
                    "usage: obu [--port N] [--bind ADDRESS] [--profile j2735|csae-2017|csae-2019|csae-2020|csae] \
                     [--count N] [--duration S] [--quiet] \
                     [--trust FILE]... [--cert FILE]... [--require-signed] (the last three: feature sec)"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    let socket = UdpSocket::bind((bind.as_str(), port))?;
    let stdout = std::io::stdout();
    o.terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    let board = run(&socket, &mut o, &mut out)?;
    writeln!(out, "{}", board.totals())?;
    Ok(())
}

/// A terminal's size from `COLUMNS` and `LINES`, else 100 x 40: the block's lines are cut
/// to its width (a wrapped line would throw the redraw off) and its height.
fn terminal_size() -> (usize, usize) {
    let var = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n: &usize| n > 1)
            .unwrap_or(default)
    };
    (var("COLUMNS", 100), var("LINES", 40))
}

/// Replaces the `shown` lines above the cursor with `lines`; returns how many are shown.
fn redraw(out: &mut impl Write, lines: &[String], shown: usize) -> std::io::Result<usize> {
    let (width, height) = terminal_size();
    let mut block = String::new();
    if shown > 0 {
        // To the start of the first line of the block, then clear to the end of the screen.
        block.push_str(&format!("\x1b[{shown}F"));
    }
    block.push_str("\x1b[J");
    let lines = &lines[..lines.len().min(height - 1)];
    for l in lines {
        block.extend(l.chars().take(width - 1));
        block.push('\n');
    }
    out.write_all(block.as_bytes())?;
    out.flush()?;
    Ok(lines.len())
}

/// Listens on `socket` until `o.count` datagrams or `o.duration`, showing what it hears on
/// `out` as `o` says; returns the board (its counts).
fn run(socket: &UdpSocket, o: &mut Options, out: &mut impl Write) -> Result<Board, Error> {
    socket.set_read_timeout(Some(Duration::from_millis(100)))?;
    let end = o.duration.map(|d| Instant::now() + d);
    let mut buf = vec![0u8; 65_536];
    let mut board = Board::new(o.profile.name());
    // Each J2735 frame is decoded into the value of the last one: its lists and strings
    // are reused, so a steady stream of like messages decodes without allocating.
    let mut last: Option<MessageFrame> = None;
    let (mut shown, mut drawn) = (0usize, None::<Instant>);
    let count = o.count;
    let done = |c: Counts| count.is_some_and(|n| c.total >= n);
    while !done(board.counts()) && end.is_none_or(|e| Instant::now() < e) {
        let mut lines = match socket.recv_from(&mut buf) {
            Ok((n, _)) => datagram(&buf[..n], o, &mut board, &mut last, utc_now_ms()),
            Err(_) => Vec::new(),
        };
        lines.extend(board.expire(utc_now_ms()));
        if o.quiet {
            continue;
        }
        if o.terminal {
            if drawn.is_none_or(|t: Instant| t.elapsed() >= REDRAW) {
                shown = redraw(out, &board.render(utc_now_ms()), shown)?;
                drawn = Some(Instant::now());
            }
        } else {
            for l in lines {
                writeln!(out, "{l}")?;
            }
        }
    }
    if o.terminal && !o.quiet {
        redraw(out, &board.render(utc_now_ms()), shown)?;
    }
    Ok(board)
}

/// One datagram: its frame found, checked (feature `sec`), read and shown to the board.
fn datagram(
    data: &[u8],
    o: &mut Options,
    board: &mut Board,
    last: &mut Option<MessageFrame>,
    now: u64,
) -> Vec<String> {
    #[cfg(feature = "sec")]
    let (data, state) = match o.trust.check(data, now) {
        Ok(checked) => checked,
        Err(why) => return board.error(&Unread::Refused(why), now),
    };
    #[cfg(not(feature = "sec"))]
    let state = String::new();
    let frame = match frame_of(data) {
        Ok(f) => f,
        Err(e) => return board.error(&Unread::Undecodable(e.to_string()), now),
    };
    match read(o.profile, &frame, last, now) {
        Ok(r) => board.frame(&r, &state, now),
        Err(u) => board.error(&u, now),
    }
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
