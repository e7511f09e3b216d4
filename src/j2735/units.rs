//! Helpers in the units people think in.
