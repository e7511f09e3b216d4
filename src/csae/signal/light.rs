//! [`Light`]: what a signal head shows, in no dialect's numbering.
//!
//! CSAE (2019 draft, 2020) and J2735 both send a light state as a small number, but the
//! numbers mean different lights (CSAE 4 is a flashing green, J2735 4 a red + yellow
//! "pre-movement"; CSAE 7 is yellow, J2735 7 a permissive clearance). A receiver that
//! serves both dialects maps each through its own typed conversion, never a cast:
//!
//! | value | CSAE 2019d / 2020 `LightState` | [`Light`] | J2735 `MovementPhaseState` | [`Light`] |
//! |---|---|---|---|---|
//! | 0 | `unavailable` | `Unknown` | `unavailable` | `Unknown` |
//! | 1 | `dark` | `Dark` | `dark` | `Dark` |
//! | 2 | `flashing-red` | `FlashingRed` | `stop-Then-Proceed` | `FlashingRed` |
//! | 3 | `red` | `Red` | `stop-And-Remain` | `Red` |
//! | 4 | `flashing-green` | `FlashingGreen` | `pre-Movement` | `RedYellow` |
//! | 5 | `permissive-green` | `Green { protected: false }` | `permissive-Movement-Allowed` | `Green { protected: false }` |
//! | 6 | `protected-green` | `Green { protected: true }` | `protected-Movement-Allowed` | `Green { protected: true }` |
//! | 7 | `yellow` | `Yellow` | `permissive-clearance` | `Yellow` |
//! | 8 | `flashing-yellow` | `FlashingYellow` | `protected-clearance` | `Yellow` |
//! | 9 | — | | `caution-Conflicting-Traffic` | `FlashingYellow` |
//!
//! (CSAE 2017 numbers its states as J2735 up to 8, with 7 `intersection-clearance` and 8
//! `caution-Conflicting-Traffic`: its conversion belongs with its types.) An extension value
//! a decoder does not know is `Unknown`.
//!
//! A flashing green is a green that is about to end (GB 14886: vehicles may still
//! proceed), so [`Light::is_go`] counts it: time to green is 0 under a flashing green.
//!
//! ```
//! use cv2x::csae::signal::Light;
//! use cv2x::csae::v2020::LightState;
//! use cv2x::j2735::MovementPhaseState;
//!
//! // The same number, two lights.
//! assert_eq!(Light::from(LightState::FlashingGreen), Light::FlashingGreen);
//! assert_eq!(Light::from(MovementPhaseState::PreMovement), Light::RedYellow);
//! assert_eq!(Light::from(LightState::Yellow), Light::from(MovementPhaseState::PermissiveClearance));
//! assert!(Light::from(LightState::PermissiveGreen).is_go());
//! assert_eq!(Light::from(LightState::ProtectedGreen).name(), "protected green");
//! ```

use core::fmt;

use crate::csae::v2020::LightState;
use crate::j2735::MovementPhaseState;

/// What a signal head shows, the same for every dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Light {
    /// Not known: `unavailable`, or a value the decoder does not know.
    Unknown,
    /// The head is unlit.
    Dark,
    /// Steady red: stop and remain stopped.
    Red,
    /// Flashing red: stop, then proceed when it is safe.
    FlashingRed,
    /// Red and yellow together (J2735's and CSAE 2017's pre-movement): the green is coming.
    RedYellow,
    /// A green.
    Green {
        /// Protected (no conflicting traffic) rather than permissive (yield).
        protected: bool,
    },
    /// A flashing green: the green is about to end; vehicles may still proceed.
    FlashingGreen,
    /// Steady yellow: stop if it is possible without danger.
    Yellow,
    /// Flashing yellow: proceed with caution.
    FlashingYellow,
}

impl Light {
    /// A green, steady or flashing: the movement may proceed.
    pub fn is_go(self) -> bool {
        matches!(self, Light::Green { .. } | Light::FlashingGreen)
    }

    /// A red (steady, flashing or with yellow): stop at the stop line.
    pub fn is_stop(self) -> bool {
        matches!(self, Light::Red | Light::FlashingRed | Light::RedYellow)
    }

    /// Whether the lamp flashes.
    pub fn is_flashing(self) -> bool {
        matches!(
            self,
            Light::FlashingRed | Light::FlashingGreen | Light::FlashingYellow
        )
    }

    /// A short English name: `"red"`, `"protected green"`, `"flashing yellow"`, ...
    pub fn name(self) -> &'static str {
        match self {
            Light::Unknown => "unknown",
            Light::Dark => "dark",
            Light::Red => "red",
            Light::FlashingRed => "flashing red",
            Light::RedYellow => "red+yellow",
            Light::Green { protected: true } => "protected green",
            Light::Green { protected: false } => "permissive green",
            Light::FlashingGreen => "flashing green",
            Light::Yellow => "yellow",
            Light::FlashingYellow => "flashing yellow",
        }
    }
}

impl fmt::Display for Light {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<LightState> for Light {
    /// CSAE 2019 draft / 2020 numbering (see the [module table](self)).
    fn from(s: LightState) -> Self {
        match s {
            LightState::Unavailable | LightState::Unrecognized(_) => Light::Unknown,
            LightState::Dark => Light::Dark,
            LightState::FlashingRed => Light::FlashingRed,
            LightState::Red => Light::Red,
            LightState::FlashingGreen => Light::FlashingGreen,
            LightState::PermissiveGreen => Light::Green { protected: false },
            LightState::ProtectedGreen => Light::Green { protected: true },
            LightState::Yellow => Light::Yellow,
            LightState::FlashingYellow => Light::FlashingYellow,
        }
    }
}

impl From<MovementPhaseState> for Light {
    /// J2735 numbering (see the [module table](self)).
    fn from(s: MovementPhaseState) -> Self {
        use MovementPhaseState as S;
        match s {
            S::Unavailable => Light::Unknown,
            S::Dark => Light::Dark,
            S::StopThenProceed => Light::FlashingRed,
            S::StopAndRemain => Light::Red,
            S::PreMovement => Light::RedYellow,
            S::PermissiveMovementAllowed => Light::Green { protected: false },
            S::ProtectedMovementAllowed => Light::Green { protected: true },
            S::PermissiveClearance | S::ProtectedClearance => Light::Yellow,
            S::CautionConflictingTraffic => Light::FlashingYellow,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn the_same_number_is_not_the_same_light() {
        // Every CSAE value 0..=8 against the J2735 value of the same number: they agree
        // only where the table says so.
        let j2735 = [
            MovementPhaseState::Unavailable,
            MovementPhaseState::Dark,
            MovementPhaseState::StopThenProceed,
            MovementPhaseState::StopAndRemain,
            MovementPhaseState::PreMovement,
            MovementPhaseState::PermissiveMovementAllowed,
            MovementPhaseState::ProtectedMovementAllowed,
            MovementPhaseState::PermissiveClearance,
            MovementPhaseState::ProtectedClearance,
        ];
        let same: Vec<bool> = LightState::ROOT
            .iter()
            .zip(j2735)
            .map(|(&c, j)| Light::from(c) == Light::from(j))
            .collect();
        assert_eq!(
            same,
            [true, true, true, true, false, true, true, true, false]
        );
        assert_eq!(Light::from(LightState::Unrecognized(0)), Light::Unknown);
        assert!(Light::FlashingGreen.is_go() && Light::FlashingGreen.is_flashing());
        assert!(!Light::Yellow.is_go() && !Light::Yellow.is_stop());
        assert!(Light::RedYellow.is_stop());
    }
}
