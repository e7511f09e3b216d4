//! The USDOT RSU 4.1 "immediate forward" message (IFM): text lines sent over UDP to an
//! RSU (port 1516 by default), which broadcasts the payload.
//!
//! ```
//! use cv2x::link::ifm::{Ifm, TxMode};
//! use cv2x::link::Psid;
//! let ifm = Ifm::new("SPAT", Psid::SPAT, vec![0x00, 0x13, 0x01, 0xab]);
//! let text = ifm.to_text();
//! assert!(text.starts_with("Version=0.7\nType=SPAT\nPSID=0x8002\nPriority=7\nTxMode=CONT\nTxChannel=183\n"));
//! assert!(text.ends_with("Payload=001301AB\n"));
//! assert_eq!(Ifm::parse(&text)?, ifm);
//! # Ok::<(), cv2x::link::LinkError>(())
//! ```

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{LinkError, Psid};

/// How the RSU transmits: continuously, or alternating with the other channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxMode {
    /// `CONT`.
    Continuous,
    /// `ALT`.
    Alternating,
}

/// One immediate forward message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ifm {
    /// `Version` (`0.7` in RSU 4.1).
    pub version: String,
    /// `Type`: `SPAT`, `MAP`, `TIM`, `BSM`, ... (must match the RSU's IFM table).
    pub msg_type: String,
    /// `PSID`.
    pub psid: Psid,
    /// `Priority` (0..=7).
    pub priority: u8,
    /// `TxMode`.
    pub tx_mode: TxMode,
    /// `TxChannel` (172..=184; 183 is common for C-V2X).
    pub tx_channel: u8,
    /// `TxInterval` (0 for immediate).
    pub tx_interval: u32,
    /// `DeliveryStart` (empty for now).
    pub delivery_start: String,
    /// `DeliveryStop` (empty for no end).
    pub delivery_stop: String,
    /// `Signature`.
    pub signature: bool,
    /// `Encryption`.
    pub encryption: bool,
    /// `Payload`: the UPER `MessageFrame`, sent as uppercase hex.
    pub payload: Vec<u8>,
}

impl Ifm {
    /// An IFM with the RSU 4.1 defaults: version 0.7, priority 7, continuous on channel
    /// 183, no interval, no delivery window, unsigned, unencrypted.
    pub fn new(msg_type: &str, psid: Psid, payload: Vec<u8>) -> Self {
        Ifm {
            version: "0.7".into(),
            msg_type: msg_type.into(),
            psid,
            priority: 7,
            tx_mode: TxMode::Continuous,
            tx_channel: 183,
            tx_interval: 0,
            delivery_start: String::new(),
            delivery_stop: String::new(),
            signature: false,
            encryption: false,
            payload,
        }
    }

    /// The message text, one `Key=value` line each, ending in `\n`.
    pub fn to_text(&self) -> String {
        let hex: String = self.payload.iter().map(|b| format!("{b:02X}")).collect();
        let b = |v: bool| if v { "True" } else { "False" };
        format!(
            "Version={}\nType={}\nPSID=0x{:X}\nPriority={}\nTxMode={}\nTxChannel={}\nTxInterval={}\nDeliveryStart={}\nDeliveryStop={}\nSignature={}\nEncryption={}\nPayload={}\n",
            self.version,
            self.msg_type,
            self.psid.0,
            self.priority,
            match self.tx_mode {
                TxMode::Continuous => "CONT",
                TxMode::Alternating => "ALT",
            },
            self.tx_channel,
            self.tx_interval,
            self.delivery_start,
            self.delivery_stop,
            b(self.signature),
            b(self.encryption),
            hex
        )
    }

    /// Parses the text form (any line order; `\r\n` allowed; unknown keys ignored). `Type`,
    /// `PSID` and `Payload` are required; the others take the defaults of [`Ifm::new`].
    pub fn parse(text: &str) -> Result<Self, LinkError> {
        let mut ifm = Ifm::new("", Psid(0), Vec::new());
        let (mut have_type, mut have_psid, mut have_payload) = (false, false, false);
        let mut at = 0;
        for line in text.split('\n') {
            let line_at = at;
            at += line.len() + 1;
            let line = line.trim_end_matches('\r');
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim();
            let bad = |what| LinkError::Invalid { what, at: line_at };
            match key.trim() {
                "Version" => ifm.version = value.to_string(),
                "Type" => (ifm.msg_type, have_type) = (value.to_string(), true),
                "PSID" => {
                    let digits = value
                        .strip_prefix("0x")
                        .or_else(|| value.strip_prefix("0X"))
                        .unwrap_or(value);
                    ifm.psid = Psid(u32::from_str_radix(digits, 16).map_err(|_| bad("PSID"))?);
                    ifm.psid.encoded_len().ok_or(bad("PSID"))?;
                    have_psid = true;
                }
                "Priority" => ifm.priority = value.parse().map_err(|_| bad("Priority"))?,
                "TxMode" => {
                    ifm.tx_mode = match value {
                        "CONT" => TxMode::Continuous,
                        "ALT" => TxMode::Alternating,
                        _ => return Err(bad("TxMode")),
                    }
                }
                "TxChannel" => ifm.tx_channel = value.parse().map_err(|_| bad("TxChannel"))?,
                "TxInterval" => ifm.tx_interval = value.parse().map_err(|_| bad("TxInterval"))?,
                "DeliveryStart" => ifm.delivery_start = value.to_string(),
                "DeliveryStop" => ifm.delivery_stop = value.to_string(),
                "Signature" => ifm.signature = value.eq_ignore_ascii_case("true"),
                "Encryption" => ifm.encryption = value.eq_ignore_ascii_case("true"),
                "Payload" => {
                    if value.len() % 2 != 0 {
                        return Err(bad("Payload"));
                    }
                    ifm.payload = (0..value.len())
                        .step_by(2)
                        .map(|i| {
                            value
                                .get(i..i + 2)
                                .and_then(|h| u8::from_str_radix(h, 16).ok())
                        })
                        .collect::<Option<Vec<u8>>>()
                        .ok_or(bad("Payload"))?;
                    have_payload = true;
                }
                _ => {}
            }
        }
        if !(have_type && have_psid && have_payload) {
            return Err(LinkError::Invalid {
                what: "IFM (Type, PSID and Payload are required)",
                at: 0,
            });
        }
        Ok(ifm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_text() {
        let mut ifm = Ifm::new("MAP", Psid::MAP_CI, alloc::vec![0x00, 0x12, 0x00]);
        ifm.tx_mode = TxMode::Alternating;
        ifm.tx_channel = 172;
        assert_eq!(
            ifm.to_text(),
            "Version=0.7\nType=MAP\nPSID=0xE0000017\nPriority=7\nTxMode=ALT\nTxChannel=172\nTxInterval=0\n\
             DeliveryStart=\nDeliveryStop=\nSignature=False\nEncryption=False\nPayload=001200\n"
        );
        let crlf = ifm.to_text().replace('\n', "\r\n");
        assert_eq!(Ifm::parse(&crlf).unwrap(), ifm);
    }

    #[test]
    fn bad_fields() {
        assert!(Ifm::parse("Type=SPAT\nPSID=0x8002\n").is_err());
        assert!(Ifm::parse("Type=SPAT\nPSID=0x0102\nPayload=00\n").is_err());
        assert!(Ifm::parse("Type=SPAT\nPSID=0x8002\nPayload=0\n").is_err());
        assert!(Ifm::parse("Type=SPAT\nPSID=0x8002\nPayload=zz\n").is_err());
        assert!(Ifm::parse("Type=SPAT\nPSID=0x8002\nPayload=\n").is_ok());
    }
}
