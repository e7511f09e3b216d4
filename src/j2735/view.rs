//! Zero-copy views (to come in this module).
