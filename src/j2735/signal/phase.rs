//! What a [`MovementPhaseState`] tells a driver, and what the signal head shows.
//!
//! From the comments of `MovementPhaseState` in SAE's J2735-2020 ASN.1 (module `SPAT`; the
//! same text in 2016 and 2023), paraphrased:
//!
//! | value | J2735 says | [`Meaning`] | [`Aspect`] |
//! |---|---|---|---|
//! | `unavailable` (0) | unknown or error | `Unavailable` | `Unknown` |
//! | `dark` (1) | the signal head is dark (unlit) | `Dark` | `Dark` |
//! | `stop-Then-Proceed` (2) | "flashing red" in the US: stop at the stop line, do not proceed unless it is safe | `StopThenProceed` | `FlashingRed` |
//! | `stop-And-Remain` (3) | "red light": stop at the stop line, do not proceed | `Stop` | `Red` |
//! | `pre-Movement` (4) | not used in the US, red+yellow partly in the EU: stop, prepare to proceed | `PrepareToGo` | `RedYellow` |
//! | `permissive-Movement-Allowed` (5) | "permissive green": proceed with caution, yield to all conflicting traffic | `Go { protected: false }` | `Green` |
//! | `protected-Movement-Allowed` (6) | "protected green": proceed in the allowed direction | `Go { protected: true }` | `Green` |
//! | `permissive-clearance` (7) | "permissive yellow": prepare to stop, proceed if unable to stop, clear the intersection; conflicting traffic may be present | `Clearance { protected: false }` | `Yellow` |
//! | `protected-clearance` (8) | "protected yellow": prepare to stop, proceed if unable to stop, clear the intersection | `Clearance { protected: true }` | `Yellow` |
//! | `caution-Conflicting-Traffic` (9) | "flashing yellow", often for long periods: proceed with caution, conflicting traffic may be present | `Caution` | `FlashingYellow` |
//!
//! For the yellows J2735 adds: "the vehicle is not allowed to cross the stop bar if it is
//! possible to stop without danger". A right (or left) turn on red, where allowed, is carried
//! by the lane's maneuvers, not by the phase state. A protected green is often an arrow, but
//! J2735 does not say what the head shows, so [`Aspect`] has no arrows.
//!
//! ```
//! use cv2x::j2735::signal::phase::{Aspect, Meaning};
//! use cv2x::j2735::MovementPhaseState as S;
//!
//! assert_eq!(S::ProtectedMovementAllowed.meaning(), Meaning::Go { protected: true });
//! assert!(S::PermissiveMovementAllowed.is_go() && !S::PermissiveMovementAllowed.is_protected());
//! assert!(S::StopThenProceed.is_stop());
//! assert!(S::ProtectedClearance.is_clearance());
//! assert_eq!(S::CautionConflictingTraffic.aspect(), Aspect::FlashingYellow);
//! assert!(S::CautionConflictingTraffic.aspect().is_flashing());
//! ```

use crate::j2735::MovementPhaseState;

/// The driver's instruction of a phase state (see the [module table](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meaning {
    /// `unavailable`: unknown or error; the receiver knows nothing.
    Unavailable,
    /// `dark`: the head is unlit.
    Dark,
    /// `stop-Then-Proceed` (flashing red): stop, then proceed when it is safe.
    StopThenProceed,
    /// `stop-And-Remain` (red): stop and remain stopped.
    Stop,
    /// `pre-Movement` (red + yellow): stop, the green is coming.
    PrepareToGo,
    /// A green: proceed; `protected: false` must yield to conflicting traffic.
    Go {
        /// Protected (6) rather than permissive (5).
        protected: bool,
    },
    /// A yellow: stop if it is possible without danger, else clear the intersection.
    Clearance {
        /// Protected (8) rather than permissive (7).
        protected: bool,
    },
    /// `caution-Conflicting-Traffic` (flashing yellow): proceed with caution.
    Caution,
}

/// A colour of a signal lamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Colour {
    /// Red.
    Red,
    /// Yellow (amber).
    Yellow,
    /// Green.
    Green,
}

/// What the signal head shows for a phase state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aspect {
    /// Not known (`unavailable`).
    Unknown,
    /// Unlit.
    Dark,
    /// Steady red.
    Red,
    /// Flashing red.
    FlashingRed,
    /// Red and yellow together (the EU's pre-movement).
    RedYellow,
    /// Steady green.
    Green,
    /// Steady yellow.
    Yellow,
    /// Flashing yellow.
    FlashingYellow,
}

impl Aspect {
    /// The lit colours: none for unknown or dark, two for red + yellow.
    pub fn colours(self) -> &'static [Colour] {
        match self {
            Aspect::Unknown | Aspect::Dark => &[],
            Aspect::Red | Aspect::FlashingRed => &[Colour::Red],
            Aspect::RedYellow => &[Colour::Red, Colour::Yellow],
            Aspect::Green => &[Colour::Green],
            Aspect::Yellow | Aspect::FlashingYellow => &[Colour::Yellow],
        }
    }

    /// Whether the lamp flashes.
    pub fn is_flashing(self) -> bool {
        matches!(self, Aspect::FlashingRed | Aspect::FlashingYellow)
    }
}

impl MovementPhaseState {
    /// The driver's instruction.
    pub fn meaning(self) -> Meaning {
        use MovementPhaseState as S;
        match self {
            S::Unavailable => Meaning::Unavailable,
            S::Dark => Meaning::Dark,
            S::StopThenProceed => Meaning::StopThenProceed,
            S::StopAndRemain => Meaning::Stop,
            S::PreMovement => Meaning::PrepareToGo,
            S::PermissiveMovementAllowed => Meaning::Go { protected: false },
            S::ProtectedMovementAllowed => Meaning::Go { protected: true },
            S::PermissiveClearance => Meaning::Clearance { protected: false },
            S::ProtectedClearance => Meaning::Clearance { protected: true },
            S::CautionConflictingTraffic => Meaning::Caution,
        }
    }

    /// What the signal head shows.
    pub fn aspect(self) -> Aspect {
        use MovementPhaseState as S;
        match self {
            S::Unavailable => Aspect::Unknown,
            S::Dark => Aspect::Dark,
            S::StopThenProceed => Aspect::FlashingRed,
            S::StopAndRemain => Aspect::Red,
            S::PreMovement => Aspect::RedYellow,
            S::PermissiveMovementAllowed | S::ProtectedMovementAllowed => Aspect::Green,
            S::PermissiveClearance | S::ProtectedClearance => Aspect::Yellow,
            S::CautionConflictingTraffic => Aspect::FlashingYellow,
        }
    }

    /// A green (5, 6): the movement may proceed (a permissive green yields).
    pub fn is_go(self) -> bool {
        matches!(self.meaning(), Meaning::Go { .. })
    }

    /// A yellow (7, 8): stop if it is possible without danger.
    pub fn is_clearance(self) -> bool {
        matches!(self.meaning(), Meaning::Clearance { .. })
    }

    /// A stop (2, 3, 4): the vehicle must stop at the stop line (after which a flashing red
    /// lets it proceed when safe).
    pub fn is_stop(self) -> bool {
        matches!(
            self.meaning(),
            Meaning::StopThenProceed | Meaning::Stop | Meaning::PrepareToGo
        )
    }

    /// `caution-Conflicting-Traffic` (9), the flashing yellow: proceed with caution.
    pub fn is_caution(self) -> bool {
        self.meaning() == Meaning::Caution
    }

    /// A protected green or yellow (6, 8).
    pub fn is_protected(self) -> bool {
        matches!(
            self.meaning(),
            Meaning::Go { protected: true } | Meaning::Clearance { protected: true }
        )
    }

    /// Whether the state says anything (not `unavailable`).
    pub fn is_known(self) -> bool {
        self != MovementPhaseState::Unavailable
    }
}
