//! Topic templates: `V2X/RSU/{rsu}/{MSG}/UP` (MQTT, `/`-separated) or
//! `v2x.rsu.{rsu}.{msg}.up` (NATS subjects, `.`-separated).
//!
//! Placeholders fill whole levels: `{rsu}` the RSU id, `{MSG}` the message's short name in
//! capitals (`BSM`, `SPAT`, ...), `{msg}` the same in lower case. A template renders a
//! topic, gives the filter that subscribes to every topic it can render (placeholders as
//! the engine's one-level wildcard), and reads the RSU id and message back from a topic.
//!
//! ```
//! use cv2x::cloud::topic::Template;
//! let t = Template::mqtt("V2X/RSU/{rsu}/{MSG}/DOWN")?;
//! assert_eq!(t.render("rsu-7", "spat"), "V2X/RSU/rsu-7/SPAT/DOWN");
//! assert_eq!(t.filter(), "V2X/RSU/+/+/DOWN");
//! let p = t.parse("V2X/RSU/rsu-7/MAP/DOWN").unwrap();
//! assert_eq!((p.rsu, p.msg.as_str()), ("rsu-7", "MAP"));
//! let n = Template::nats("v2x.rsu.{rsu}.{msg}.up")?;
//! assert_eq!(n.render("rsu-7", "SPAT"), "v2x.rsu.rsu-7.spat.up");
//! assert_eq!(n.filter(), "v2x.rsu.*.*.up");
//! # Ok::<(), cv2x::cloud::topic::TopicError>(())
//! ```

/// The default MQTT uplink template (OpenV2X layout).
pub const MQTT_UP: &str = "V2X/RSU/{rsu}/{MSG}/UP";
/// The default MQTT downlink template.
pub const MQTT_DOWN: &str = "V2X/RSU/{rsu}/{MSG}/DOWN";
/// The default MQTT acknowledgement template.
pub const MQTT_ACK: &str = "V2X/RSU/{rsu}/{MSG}/ACK";
/// The default MQTT error template (a frame that did not decode).
pub const MQTT_ERROR: &str = "V2X/RSU/{rsu}/ERROR/UP";
/// The default NATS uplink subject template.
pub const NATS_UP: &str = "v2x.rsu.{rsu}.{msg}.up";
/// The default NATS downlink subject template.
pub const NATS_DOWN: &str = "v2x.rsu.{rsu}.{msg}.down";
/// The default NATS acknowledgement subject template.
pub const NATS_ACK: &str = "v2x.rsu.{rsu}.{msg}.ack";
/// The default NATS error subject template.
pub const NATS_ERROR: &str = "v2x.rsu.{rsu}.error.up";

/// What is wrong with a template or a name put in one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TopicError {
    /// A placeholder that is not `{rsu}`, `{MSG}` or `{msg}`, or one not filling a level.
    #[error("template {template:?}: level {level:?} is not a literal or one of {{rsu}}, {{MSG}}, {{msg}}")]
    Placeholder {
        /// The template.
        template: String,
        /// The offending level.
        level: String,
    },
    /// An empty level, or a level holding a wildcard or separator.
    #[error("template {0:?}: empty level or wildcard character")]
    Level(String),
    /// An RSU id that cannot be one topic level.
    #[error("RSU id {0:?}: use 1 to 64 of A-Z a-z 0-9 _ -")]
    RsuId(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Level {
    Literal(String),
    Rsu,
    MsgUpper,
    MsgLower,
}

/// A parsed topic template for one engine's separator and wildcard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    levels: Vec<Level>,
    sep: char,
    wildcard: &'static str,
}

/// What a topic says: the RSU id and the message short name (in capitals).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicParts<'t> {
    /// `{rsu}`.
    pub rsu: &'t str,
    /// `{MSG}` or `{msg}`, in capitals; empty if the template has neither.
    pub msg: String,
}

/// Checks an RSU id: 1 to 64 characters of `A-Z a-z 0-9 _ -`, so it is one level in MQTT
/// and NATS alike.
pub fn check_rsu_id(id: &str) -> Result<(), TopicError> {
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(TopicError::RsuId(id.chars().take(80).collect()))
    }
}

impl Template {
    /// A `/`-separated MQTT template (wildcard `+`).
    pub fn mqtt(text: &str) -> Result<Self, TopicError> {
        Self::new(text, '/', "+")
    }

    /// A `.`-separated NATS subject template (wildcard `*`).
    pub fn nats(text: &str) -> Result<Self, TopicError> {
        Self::new(text, '.', "*")
    }

    fn new(text: &str, sep: char, wildcard: &'static str) -> Result<Self, TopicError> {
        let mut levels = Vec::new();
        for part in text.split(sep) {
            let level = match part {
                "{rsu}" => Level::Rsu,
                "{MSG}" => Level::MsgUpper,
                "{msg}" => Level::MsgLower,
                p if p.contains(['{', '}']) => {
                    return Err(TopicError::Placeholder {
                        template: text.into(),
                        level: p.into(),
                    })
                }
                p if p.is_empty()
                    || p.contains(['+', '#', '*', '>', ' ', '/', '.'])
                    || p.chars().any(char::is_control) =>
                {
                    return Err(TopicError::Level(text.into()))
                }
                p => Level::Literal(p.into()),
            };
            levels.push(level);
        }
        Ok(Template {
            levels,
            sep,
            wildcard,
        })
    }

    /// The topic for an RSU and a message short name (either case).
    pub fn render(&self, rsu: &str, msg: &str) -> String {
        let mut out = String::with_capacity(64);
        for (i, l) in self.levels.iter().enumerate() {
            if i > 0 {
                out.push(self.sep);
            }
            match l {
                Level::Literal(s) => out.push_str(s),
                Level::Rsu => out.push_str(rsu),
                Level::MsgUpper => out.extend(msg.chars().map(|c| c.to_ascii_uppercase())),
                Level::MsgLower => out.extend(msg.chars().map(|c| c.to_ascii_lowercase())),
            }
        }
        out
    }

    /// The subscription filter matching every topic the template renders.
    pub fn filter(&self) -> String {
        let w = self.wildcard;
        let parts: Vec<&str> = self
            .levels
            .iter()
            .map(|l| match l {
                Level::Literal(s) => s.as_str(),
                _ => w,
            })
            .collect();
        parts.join(&self.sep.to_string())
    }

    /// Reads a topic the template renders; `None` if it does not fit or a placeholder's
    /// level is not a valid RSU id / message name.
    pub fn parse<'t>(&self, topic: &'t str) -> Option<TopicParts<'t>> {
        let mut parts = TopicParts {
            rsu: "",
            msg: String::new(),
        };
        let mut levels = topic.split(self.sep);
        for l in &self.levels {
            let got = levels.next()?;
            match l {
                Level::Literal(s) if s == got => {}
                Level::Literal(_) => return None,
                Level::Rsu => {
                    check_rsu_id(got).ok()?;
                    parts.rsu = got;
                }
                Level::MsgUpper | Level::MsgLower => {
                    if got.is_empty()
                        || got.len() > 16
                        || !got.bytes().all(|b| b.is_ascii_alphanumeric())
                    {
                        return None;
                    }
                    parts.msg = got.to_ascii_uppercase();
                }
            }
        }
        if levels.next().is_some() {
            return None;
        }
        Some(parts)
    }

    /// Whether the template has an `{rsu}` level (a downlink template must).
    pub fn has_rsu(&self) -> bool {
        self.levels.contains(&Level::Rsu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_render() {
        for t in [MQTT_UP, MQTT_DOWN, MQTT_ACK, MQTT_ERROR] {
            Template::mqtt(t).unwrap();
        }
        for t in [NATS_UP, NATS_DOWN, NATS_ACK, NATS_ERROR] {
            Template::nats(t).unwrap();
        }
        let huawei = Template::mqtt("v2x/v1/rsu/{rsu}/{msg}/up").unwrap();
        assert_eq!(huawei.render("esn1", "BSM"), "v2x/v1/rsu/esn1/bsm/up");
        assert_eq!(huawei.parse("v2x/v1/rsu/esn1/bsm/up").unwrap().msg, "BSM");
    }

    #[test]
    fn bad_templates_and_topics() {
        assert!(Template::mqtt("V2X/{rsu}x/UP").is_err());
        assert!(Template::mqtt("V2X//UP").is_err());
        assert!(Template::mqtt("V2X/+/UP").is_err());
        assert!(Template::mqtt("V2X/{node}/UP").is_err());
        assert!(Template::nats("v2x.>").is_err());
        let t = Template::mqtt(MQTT_DOWN).unwrap();
        assert!(t.parse("V2X/RSU/a/SPAT/DOWN/x").is_none());
        assert!(t.parse("V2X/RSU/a/SPAT").is_none());
        assert!(t.parse("V2X/RSU/a b/SPAT/DOWN").is_none());
        assert!(t.parse("V2X/RSU/a/SP-AT/DOWN").is_none());
        assert!(t.parse("X2V/RSU/a/SPAT/DOWN").is_none());
        assert!(t.parse("").is_none());
    }

    #[test]
    fn rsu_ids() {
        assert!(check_rsu_id("rsu_1-A").is_ok());
        for bad in ["", "a/b", "a.b", "a+", "a*", &"x".repeat(65)] {
            assert!(check_rsu_id(bad).is_err(), "{bad}");
        }
    }
}
