//! Tests of the bridge to brokers (feature `cloud`), against real brokers.
