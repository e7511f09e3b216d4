//! The bridge to brokers (`v2x bridge`, feature `cloud`) against real brokers started by
//! the tests on loopback ports: mosquitto and nats-server (Debian packages; a missing one
//! fails the test). Every broker and bridge is a child process killed when its test ends.
//! Set CV2X_TEST_VERBOSE=1 to see their stderr.

#[path = "../common/mod.rs"]
mod common;
mod csae;
mod jetstream;
mod mqtt;
mod nats;
mod procs;
mod traffic;
