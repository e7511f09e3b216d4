//! `v2x`: decode and encode SAE J2735 `MessageFrame`s (ASN.1 UPER) on the command line.
//!
//! Frames go in as hex (or a binary file of concatenated frames) and come out as the
//! crate's canonical JSON, one line each; `encode` goes the other way.
//!
//! ```text
//! $ v2x decode 001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0
//! {"messageId":20,"value":{"coreData":{"msgCnt":1,...}}}
//! $ v2x decode < frames.hex | v2x encode      # the same hex lines again
//! $ v2x decode --file capture.bin             # one JSON line per frame in the file
//! $ v2x summary < frames.hex                   # SPaT states and times, MAP lanes, BSM positions
//! $ v2x summary --profile csae-2020 < spat.hex  # China's SPAT: each phase's light and time to green
//! ```
//!
//! IEEE 1609.2: `v2x demo-chain DIR` makes a demo root and RSU certificate, `v2x sign`
//! signs payloads, `v2x verify` checks signed SPDUs (one JSON line each).
//!
//! A bad input line gets one line on stderr (`line 3: value out of range at bit 402 in
//! BSMcoreData.lat`); the other lines are still processed, and the exit status is 1.
#![forbid(unsafe_code)]

use std::fmt::{self, Display};
use std::io::{self, BufRead, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cv2x::per::BitReader;
use cv2x::text::{self, LineError, Profile, ProfileFrame};

#[path = "v2x/sec.rs"]
mod sec;

/// Decode and encode SAE J2735 MessageFrames (ASN.1 UPER) as hex and canonical JSON.
///
/// Each input is a line; each output is a line. A bad input is reported on stderr with
/// its line number, the rest is still processed, and the exit status is then 1.
#[derive(Parser)]
#[command(name = "v2x", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode hex UPER MessageFrames to canonical JSON, one line per frame.
    ///
    /// Without HEX or --file, reads one hex frame per stdin line (blank lines are
    /// skipped; surrounding whitespace and a 0x prefix are allowed).
    Decode {
        /// One frame as hex.
        #[arg(conflicts_with = "file")]
        hex: Option<String>,
        /// Read a binary file of one or more concatenated (octet-aligned) frames instead.
        #[arg(short, long, value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Print a human-readable summary of hex UPER MessageFrames: for a SPaT each signal
    /// group's state and seconds to change, for a MAP its lanes, connections and signal
    /// groups, for a BSM position, speed and heading. Under --profile csae-2020: for a
    /// SPAT each phase's light, seconds to change and to green, at the message's time.
    ///
    /// Without HEX or --file, reads one hex frame per stdin line.
    Summary {
        /// One frame as hex.
        #[arg(conflicts_with = "file")]
        hex: Option<String>,
        /// Read a binary file of one or more concatenated (octet-aligned) frames instead.
        #[arg(short, long, value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Decode every V2X message of a pcap or pcapng capture (UDP, 802.11 + WSMP, or a proxy octet +
    /// WSMP; China's DSMP; 1609.2-wrapped or bare) to JSON lines, or summarise the capture.
    ///
    /// Each line: {"time": seconds since the epoch, "src"/"dst": UDP addresses if any,
    /// "framing", "psid" if WSMP, "aid" if DSMP, "frame": the canonical JSON of the
    /// MessageFrame, decoded under --profile}.
    Pcap {
        /// The capture file.
        file: PathBuf,
        #[command(flatten)]
        profile: ProfileArg,
        /// Print counts and rates per message type and source instead of the messages.
        #[arg(long, conflicts_with = "replay")]
        summary: bool,
        /// Send every datagram, unchanged, to this UDP address with the capture's timing
        /// (instead of printing).
        #[arg(long, value_name = "ADDR")]
        replay: Option<std::net::SocketAddr>,
        /// Replay this many times faster than captured.
        #[arg(long, default_value_t = 1.0, requires = "replay")]
        speed: f64,
    },
    /// Sign payloads (hex, e.g. a UPER MessageFrame) as IEEE 1609.2 signed data with a P-256
    /// key and its certificate; prints each signed SPDU as hex.
    ///
    /// Without HEX, reads one hex payload per stdin line. The generation time is now.
    Sign {
        /// One payload as hex.
        hex: Option<String>,
        /// A file holding the 32-octet private key as hex.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The signer's certificate as hex (COER).
        #[arg(long, value_name = "HEX")]
        cert: String,
        /// The issuer's certificate (hex), needed when the signer's is implicit.
        #[arg(long, value_name = "HEX")]
        issuer: Option<String>,
        /// The 1609.2 PSID (decimal or 0x hex; SPaT is 0x82, MAP 0x204097, BSM 0x20).
        #[arg(long, value_parser = sec::parse_psid)]
        psid: cv2x::sec::Psid,
        /// Name the signer by its HashedId8 instead of sending the certificate.
        #[arg(long)]
        digest: bool,
        /// Add an expiry time this many seconds after the generation time.
        #[arg(long, value_name = "SECONDS")]
        expiry: Option<u64>,
    },
    /// Verify IEEE 1609.2 signed SPDUs; prints one JSON line each: "signature" (valid,
    /// invalid, unknown-signer), "chain" (trusted, untrusted, not-checked), "reason" when
    /// refused, "psid", "generationTime", "signer" (HashedId8), "ssp", and the "payload"
    /// decoded when it is a J2735 MessageFrame ("payloadHex" otherwise).
    ///
    /// Exits 0 only if every SPDU is accepted: a valid signature, a trusted chain when
    /// --trust is given, and the signer's permissions (PSID, validity, region). Without
    /// HEX or --file, reads one hex SPDU per stdin line.
    Verify {
        /// One SPDU as hex.
        #[arg(conflicts_with = "file")]
        hex: Option<String>,
        /// A binary file holding one SPDU.
        #[arg(short, long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// A known certificate (hex; repeatable): signers named by digest, issuers of
        /// implicit certificates, intermediate CAs.
        #[arg(long = "cert", value_name = "HEX")]
        certs: Vec<String>,
        /// A trust anchor (hex; repeatable). With one, chains are checked.
        #[arg(long = "trust", value_name = "HEX")]
        trust: Vec<String>,
        /// Verify at this 1609.2 time (µs since 2004, TAI) instead of now.
        #[arg(long, value_name = "MICROS")]
        at: Option<u64>,
    },
    /// Generate a demo certificate chain (a self-signed root and an RSU certificate under
    /// it, fresh P-256 keys) into DIR as hex files, for `v2x sign` and `v2x verify`.
    /// For demonstrations and tests only.
    DemoChain {
        /// Where to write root.cert.hex, root.key.hex, rsu.cert.hex, rsu.key.hex.
        dir: PathBuf,
        /// The PSIDs of the RSU certificate (repeatable; default SPaT 0x82 and MAP 0x204097).
        #[arg(long, value_parser = sec::parse_psid)]
        psid: Vec<cv2x::sec::Psid>,
    },
    /// Encode canonical JSON MessageFrames to lowercase hex UPER, one line per frame.
    ///
    /// Without JSON, reads one JSON frame per stdin line (blank lines are skipped).
    Encode {
        /// One frame as JSON.
        json: Option<String>,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// Bridge RSUs to a message broker (feature `cloud`): every UDP datagram (IFM text,
    /// WSMP, 1609.2 unsecured, raw UPER; DSMP under a CSAE profile) becomes a JSON envelope
    /// on a topic per RSU and message; DOWN messages are framed and sent to their RSU, with an ACK.
    ///
    /// The TOML file (see examples/bridge.toml) can say everything; flags override it.
    /// Stops on SIGINT / SIGTERM.
    #[cfg(feature = "cloud")]
    Bridge(BridgeArgs),
}

#[cfg(feature = "cloud")]
#[derive(clap::Args)]
struct BridgeArgs {
    /// The configuration file (TOML; every option in examples/bridge.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// UDP address to receive RSU traffic on.
    #[arg(long, value_name = "ADDR:PORT")]
    udp: Option<std::net::SocketAddr>,
    /// MQTT broker (mqtt://HOST:PORT).
    #[arg(long, value_name = "URL", conflicts_with = "nats")]
    mqtt: Option<String>,
    /// NATS server(s) (nats://HOST:PORT, comma-separated for a cluster).
    #[arg(long, value_name = "URL")]
    nats: Option<String>,
    /// Every datagram counts as this RSU's.
    #[arg(long, value_name = "ID")]
    rsu_id: Option<String>,
    /// With --rsu-id: where that RSU's DOWN messages go (as RSU 4.1 immediate forward text;
    /// under a CSAE profile, in DSMP under the message's AID).
    #[arg(long, value_name = "ADDR:PORT", requires = "rsu_id")]
    forward: Option<std::net::SocketAddr>,
    /// Message profile: j2735, csae-2017, csae-2019, csae-2020 (China's T/CSAE 53 editions,
    /// DSMP-framed or bare), or csae (the one edition that reads each frame plausibly; else
    /// an error record). CSAE frames carry no edition: name the RSU's.
    #[arg(long)]
    profile: Option<String>,
    /// Print counters as JSON lines on stderr (at exit, and every stats_interval_s).
    #[arg(long)]
    stats: bool,
    /// Be a JetStream decode worker: decode raw frames from nats.raw_stream (default
    /// V2X_RAW here) and publish their envelopes, sharing one durable consumer.
    #[arg(long)]
    decode_worker: bool,
    /// Scale-out bridge: publish raw frames into this JetStream stream instead of decoding.
    #[arg(long, value_name = "STREAM")]
    raw_stream: Option<String>,
    /// Stream replicas to create (3 in a three-server cluster).
    #[arg(long, value_name = "N")]
    replicas: Option<usize>,
}

/// `--profile`: which message set the frames are.
#[derive(clap::Args, Clone, Copy)]
struct ProfileArg {
    /// The message set: j2735 (SAE J2735), csae-2020 (China's YD/T 3709-2020 = T/CSAE
    /// 53-2020 Day-1), csae-2019 (its 2019 draft, what public Hisense traffic is),
    /// csae-2017 (T/CSAE 53-2017), or csae: the CSAE edition that alone reads each frame
    /// plausibly, named in the output ({"edition": ..., "frame": ...}). A CSAE frame
    /// carries no edition.
    #[arg(long, default_value = "j2735", value_name = "PROFILE", value_parser = parse_profile)]
    profile: Profile,
}

fn parse_profile(s: &str) -> Result<Profile, cv2x::text::ProfileError> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Out::new();
    let result = match &cli.command {
        Command::Decode {
            file: Some(f),
            profile,
            ..
        } => decode_file(&mut out, f, profile.profile, |f| f.to_json()),
        Command::Decode { hex, profile, .. } => {
            each_input(&mut out, hex.as_deref(), |t| profile.profile.decode_line(t))
        }
        Command::Summary {
            file: Some(f),
            profile,
            ..
        } => decode_file(&mut out, f, profile.profile, |f| Ok(f.summary(now_ms()))),
        Command::Summary { hex, profile, .. } => each_input(&mut out, hex.as_deref(), |t| {
            profile.profile.summary_line(t, now_ms())
        }),
        Command::Encode { json, profile } => each_input(&mut out, json.as_deref(), |t| {
            profile.profile.encode_line(t)
        }),
        Command::Pcap {
            file,
            replay: Some(to),
            speed,
            ..
        } => replay(&mut out, file, *to, *speed),
        Command::Pcap {
            file,
            summary,
            profile,
            ..
        } => pcap(&mut out, file, *summary, profile.profile),
        Command::Sign {
            hex,
            key,
            cert,
            issuer,
            psid,
            digest,
            expiry,
        } => {
            let args = sec::SignArgs {
                key,
                cert,
                issuer: issuer.as_deref(),
                psid: *psid,
                digest: *digest,
                expiry_s: *expiry,
            };
            each_line(&mut out, hex.as_deref(), |line| sec::sign(line, &args))
        }
        Command::Verify {
            hex,
            file,
            certs,
            trust,
            at,
        } => verify(&mut out, hex.as_deref(), file.as_deref(), certs, trust, *at),
        Command::DemoChain { dir, psid } => {
            let psids = if psid.is_empty() {
                vec![cv2x::sec::Psid::SPAT, cv2x::sec::Psid::MAP]
            } else {
                psid.clone()
            };
            out.emit(At::Argument, sec::demo_chain(dir, &psids))
        }
        #[cfg(feature = "cloud")]
        Command::Bridge(args) => return bridge(args),
    };
    // Only writing stdout fails here. A closed pipe (`| head -1`) is a normal way to stop.
    match result.and_then(|()| out.stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => out.report("v2x: stdout", e),
        _ => {}
    }
    if out.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Where an input came from, for error messages.
enum At {
    Argument,
    Line(usize),
    /// The n-th frame of a file, starting at this byte offset.
    Frame(usize, usize),
    /// The n-th packet of a capture.
    Packet(usize),
}

impl Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Argument => f.write_str("argument"),
            At::Line(n) => write!(f, "line {n}"),
            At::Frame(n, byte) => write!(f, "frame {n} (byte {byte})"),
            At::Packet(n) => write!(f, "packet {n}"),
        }
    }
}

/// Results to stdout (locked and buffered), one-line errors to stderr.
struct Out {
    stdout: BufWriter<io::StdoutLock<'static>>,
    /// Flush after every line (input typed at a terminal).
    interactive: bool,
    /// Some input failed.
    failed: bool,
}

impl Out {
    fn new() -> Self {
        Out {
            stdout: BufWriter::new(io::stdout().lock()),
            interactive: false,
            failed: false,
        }
    }

    /// Writes one result line, or reports the error of a failed input.
    fn emit(&mut self, at: At, result: Result<String, String>) -> io::Result<()> {
        match result {
            Ok(line) => {
                writeln!(self.stdout, "{line}")?;
                if self.interactive {
                    self.stdout.flush()?;
                }
                Ok(())
            }
            Err(msg) => {
                // Keep stdout and stderr in input order when both go to one terminal.
                self.stdout.flush()?;
                self.report(at, msg);
                Ok(())
            }
        }
    }

    /// One line on stderr; marks the run as failed. A closed stderr is ignored.
    fn report(&mut self, at: impl Display, msg: impl Display) {
        self.failed = true;
        let _ = writeln!(io::stderr().lock(), "{at}: {msg}");
    }
}

/// [`each_line`] with a `text` converter (its errors printed as they display).
fn each_input(
    out: &mut Out,
    arg: Option<&str>,
    convert: impl Fn(&str) -> Result<String, LineError>,
) -> io::Result<()> {
    each_line(out, arg, |s| convert(s).map_err(|e| e.to_string()))
}

/// Runs `convert` on `arg`, or else on every non-blank line of stdin (trimmed).
fn each_line(
    out: &mut Out,
    arg: Option<&str>,
    mut convert: impl FnMut(&str) -> Result<String, String>,
) -> io::Result<()> {
    if let Some(arg) = arg {
        return out.emit(At::Argument, convert(arg.trim()));
    }
    let stdin = io::stdin();
    out.interactive = stdin.is_terminal();
    for (i, line) in stdin.lock().split(b'\n').enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                out.report("v2x: stdin", e);
                return Ok(());
            }
        };
        let result = match text::input_line(&line) {
            None => continue,
            Some(text) => text.map_err(|e| e.to_string()).and_then(&mut convert),
        };
        out.emit(At::Line(i + 1), result)?;
    }
    Ok(())
}

/// `v2x verify`: one JSON line per SPDU; the run fails unless every SPDU is accepted.
fn verify(
    out: &mut Out,
    hex: Option<&str>,
    file: Option<&Path>,
    certs: &[String],
    trust: &[String],
    at: Option<u64>,
) -> io::Result<()> {
    let mut v = match sec::verifier(certs, trust) {
        Ok(v) => v,
        Err(e) => {
            out.report("v2x verify", e);
            return Ok(());
        }
    };
    let at = at.map(cv2x::sec::Time64).unwrap_or_else(sec::now);
    let mut refused = false;
    let mut one = |b: &[u8]| {
        let (line, ok) = sec::verify(&mut v, b, at);
        refused |= !ok;
        line
    };
    if let Some(path) = file {
        match std::fs::read(path) {
            Ok(b) => {
                let line = one(&b);
                out.emit(At::Argument, Ok(line))?;
            }
            Err(e) => out.report(path.display(), e),
        }
    } else {
        each_line(out, hex, |line| {
            text::parse_hex(line)
                .map(|b| one(&b))
                .map_err(|e| e.to_string())
        })?;
    }
    if refused {
        out.failed = true;
    }
    Ok(())
}

/// Decodes every frame of a binary file. A frame that fails to decode ends the file,
/// since where the next one starts is then unknown.
fn decode_file(
    out: &mut Out,
    path: &Path,
    profile: Profile,
    show: impl Fn(&ProfileFrame) -> Result<String, LineError>,
) -> io::Result<()> {
    let data = match std::fs::read(path) {
        Ok(data) => data,
        Err(e) => {
            out.report(path.display(), e);
            return Ok(());
        }
    };
    let mut r = BitReader::new(&data);
    let mut n = 1;
    while r.remaining() > 0 {
        let at = At::Frame(n, r.position() / 8);
        match profile.decode_next(&mut r) {
            // Bit offsets in errors count from the start of the file.
            Err(e) => return out.emit(at, Err(e.to_string())),
            Ok(frame) => out.emit(at, show(&frame).map_err(|e| e.to_string()))?,
        }
        // Frames are octet-aligned: skip the padding to the next one.
        let pad = (8 - r.position() % 8) % 8;
        if r.skip(pad).is_err() {
            break;
        }
        n += 1;
    }
    Ok(())
}

/// The messages of a capture as JSON lines, or a summary of them.
fn pcap(out: &mut Out, path: &Path, summary: bool, profile: Profile) -> io::Result<()> {
    use cv2x::link::pcap::Capture;
    use std::collections::BTreeMap;
    let capture = match Capture::open(path) {
        Ok(c) => c,
        Err(e) => {
            out.report(path.display(), e);
            return Ok(());
        }
    };
    // (message kind, source) -> (count, first time, last time)
    let mut stats: BTreeMap<(String, String), (u64, f64, f64)> = BTreeMap::new();
    for (i, packet) in capture.packets().enumerate() {
        let at = At::Packet(i + 1);
        let p = match packet {
            Ok(p) => p,
            Err(e) => {
                out.emit(at, Err(e.to_string()))?;
                continue;
            }
        };
        let frame = match profile.decode(&p.frame) {
            Ok(f) => f,
            Err(e) => {
                out.emit(at, Err(e.to_string()))?;
                continue;
            }
        };
        let time = p.time.as_secs_f64();
        let src = p.src.map_or_else(|| "-".to_string(), |a| a.to_string());
        if summary {
            let e = stats.entry((frame.kind(), src)).or_insert((0, time, time));
            e.0 += 1;
            e.2 = time;
            continue;
        }
        let mut line = serde_json::json!({
            "time": time,
            "src": p.src.map(|a| a.to_string()),
            "dst": p.dst.map(|a| a.to_string()),
            "framing": format!("{:?}", p.framing),
            "psid": p.psid.map(|p| format!("0x{:X}", p.0)),
            "frame": frame,
        });
        if let Some(f) = frame.csae() {
            line["edition"] = f.edition().name().into();
        }
        // DSMP's application identifier (the datagram is taken apart again to read it).
        if p.framing == cv2x::link::Framing::Dsmp {
            if let Some(d) = cv2x::link::unwrap(&p.datagram).ok().and_then(|u| u.dsmp) {
                line["aid"] = d.aid.into();
            }
        }
        out.emit(at, Ok(line.to_string()))?;
    }
    for ((kind, src), (n, first, last)) in stats {
        let rate = if n > 1 && last > first {
            format!("{:.1}/s", (n - 1) as f64 / (last - first))
        } else {
            "-".into()
        };
        out.emit(
            At::Argument,
            Ok(format!("message {kind} from {src}: {n} messages, {rate}")),
        )?;
    }
    Ok(())
}

/// Sends the datagrams of a capture to `to` with their original spacing (divided by `speed`),
/// printing one line per datagram sent.
fn replay(out: &mut Out, path: &Path, to: std::net::SocketAddr, speed: f64) -> io::Result<()> {
    use cv2x::link::pcap::{paced, Capture};
    let capture = match Capture::open(path) {
        Ok(c) => c,
        Err(e) => {
            out.report(path.display(), e);
            return Ok(());
        }
    };
    let bind = if to.is_ipv4() { "0.0.0.0:0" } else { "[::]:0" };
    let socket = std::net::UdpSocket::bind(bind)?;
    let speed = if speed > 0.0 { speed } else { 1.0 };
    for (i, item) in paced(capture.packets()).enumerate() {
        let at = At::Packet(i + 1);
        match item {
            Err(e) => out.emit(at, Err(e.to_string()))?,
            Ok((wait, p)) => {
                std::thread::sleep(wait.div_f64(speed));
                let sent = socket
                    .send_to(&p.datagram, to)
                    .map(|n| format!("sent {n} octets to {to}"));
                out.emit(at, sent.map_err(|e| e.to_string()))?;
            }
        }
    }
    Ok(())
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(feature = "cloud")]
fn bridge(args: &BridgeArgs) -> ExitCode {
    use cv2x::cloud::config::{Config, MqttConfig, NatsConfig};
    let config = (|| -> Result<Config, String> {
        let mut c = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Config::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => Config::default(),
        };
        if let Some(udp) = args.udp {
            c.udp = Some(udp);
        }
        if let Some(url) = &args.mqtt {
            c.nats = None;
            c.mqtt.get_or_insert_with(MqttConfig::default).url = url.clone();
        }
        if let Some(url) = &args.nats {
            c.mqtt = None;
            c.nats.get_or_insert_with(NatsConfig::default).url = url.clone();
        }
        if let Some(n) = c.nats.as_mut() {
            if let Some(stream) = &args.raw_stream {
                n.raw_stream = stream.clone();
            }
            if args.decode_worker && n.raw_stream.is_empty() {
                n.raw_stream = "V2X_RAW".into();
            }
            if let Some(r) = args.replicas {
                n.replicas = r;
            }
        }
        if let Some(id) = &args.rsu_id {
            c.rsu_id = Some(id.clone());
            if let Some(forward) = args.forward {
                c.rsu.retain(|r| &r.id != id);
                c.rsu.push(cv2x::cloud::config::RsuEntry {
                    id: id.clone(),
                    source: None,
                    forward: Some(forward),
                    framing: None,
                    channel: None,
                    profile: None,
                });
            }
        }
        if let Some(p) = &args.profile {
            c.profile = p.clone();
        }
        c.check().map_err(|e| e.to_string())?;
        Ok(c)
    })();
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("v2x bridge: {e}");
            return ExitCode::from(2);
        }
    };
    let options = cv2x::cloud::run::Options {
        stats: args.stats,
        decode_worker: args.decode_worker,
    };
    match cv2x::cloud::run::run_blocking(config, options) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("v2x bridge: {e}");
            ExitCode::FAILURE
        }
    }
}
