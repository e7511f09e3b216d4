//! Decodes a BSM frame given as hex (or a sample) and prints its position, speed and
//! heading, then the canonical JSON.
//!
//! `cargo run --example decode_bsm -- 001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0`

use cv2x::j2735::view::FrameView;
use cv2x::j2735::MessageFrame;
use cv2x::per::Decode;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let hex = std::env::args().nth(1).unwrap_or_else(|| {
        "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0".into()
    });
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("x"), 16))
        .collect::<Result<Vec<u8>, _>>()?;

    let frame = FrameView::new(&bytes)?;
    match frame.bsm() {
        Some(bsm) => {
            let bsm = bsm?;
            let deg = |v: Option<f64>| v.map_or("unavailable".to_string(), |d| format!("{d:.7}"));
            println!("vehicle {:02x?} msgCnt {}", bsm.id(), bsm.msg_cnt());
            println!(
                "position {} {}",
                deg(bsm.latitude_deg()),
                deg(bsm.longitude_deg())
            );
            println!(
                "speed {:?} m/s, heading {:?} deg",
                bsm.speed_mps(),
                bsm.heading_deg()
            );
            println!("Part II entries: {}", bsm.part_ii().count());
        }
        None => println!("message {} is not a BSM", frame.message_id()),
    }
    #[cfg(feature = "serde")]
    println!(
        "{}",
        serde_json::to_string(&MessageFrame::from_uper(&bytes)?)?
    );
    Ok(())
}
