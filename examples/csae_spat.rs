//! Decodes a China (T/CSAE 53) SPAT frame given as hex (or a real one, a Hisense RSU's of
//! 2020) under a named edition and prints, per phase, its light, the seconds to its change
//! and the time to green, as of the message's own time.
//!
//! `cargo run --example csae_spat` (the real frame, read as `csae-2020`: the 2019 draft it
//! was sent in and 2020 agree on SPAT), or
//! `cargo run --example csae_spat -- HEX [csae-2017|csae-2019|csae-2020]`.

use cv2x::csae::signal::{phase_status, time_reference, CsaeIntersection, CsaePhase, CsaeSpat};
use cv2x::csae::{v2017, v2019, v2020, Edition, Frame};

/// The real SPAT of the test vectors (`tests/vectors/csae/spat/zyjohn_v2x_example_txt_L1.hex`).
const REAL_SPAT: &str = include_str!("../tests/vectors/csae/spat/zyjohn_v2x_example_txt_L1.hex");
/// When it was logged (2020-11-14, UTC ms): the message's time gives no year.
const LOGGED_MS: u64 = 1_605_336_902_333;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (hex, received_ms) = match args.next() {
        Some(hex) => (
            hex,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_millis() as u64,
        ),
        None => (REAL_SPAT.trim().to_string(), LOGGED_MS),
    };
    let edition: Edition = args.next().as_deref().unwrap_or("csae-2020").parse()?;
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("x"), 16))
        .collect::<Result<Vec<u8>, _>>()?;

    match edition.decode(&bytes)? {
        Frame::V2020(v2020::MessageFrame::SpatFrame(spat))
        | Frame::V2019(v2019::MessageFrame::SpatFrame(spat)) => print(&spat, received_ms),
        Frame::V2017(v2017::MessageFrame::SpatFrame(spat)) => print(&spat, received_ms),
        other => println!("{edition}: a {} frame, not a SPAT", other.msg_type()),
    }
    Ok(())
}

/// Each intersection's phases: light, seconds to change, time to green (`counting` times
/// read with the edition's meaning).
fn print<S: CsaeSpat>(spat: &S, received_ms: u64) {
    for state in spat.intersections() {
        let t0 = time_reference(spat, state, received_ms);
        let id = state.id();
        println!("intersection {}/{}", id.region.map_or(0, |r| r.0), id.id.0);
        for phase in state.phases() {
            let s = phase_status(phase, &t0, t0.utc_ms);
            println!(
                "  phase {:3}: {}, changes in {}, green {}",
                phase.id(),
                s.light,
                s.seconds_to_change,
                s.to_green
            );
        }
    }
}
