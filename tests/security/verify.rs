//! (filled in with the verifier)
