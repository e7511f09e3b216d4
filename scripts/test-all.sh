#!/usr/bin/env bash
# Installs what the tests need and runs them all: the command README.md names and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh clone builds once: no incremental caches to write, and line tables instead of full
# debug info (backtraces keep file and line; the many test and doc-test binaries link faster).
export CARGO_INCREMENTAL=0
export CARGO_PROFILE_DEV_DEBUG=line-tables-only

# Runs one step and says how long it took (CI's time budget is watched step by step).
step() {
    local start=$SECONDS
    "$@"
    echo "[test-all] $((SECONDS - start)) s: $*" >&2
}

# The independent oracles: PyPI asn1tools (tests/oracle/oracle.py patches two gaps of it),
# pycrate (its RELATIVE-OID, which asn1tools lacks; and tests/oracle/check_rsm.py's second
# decoder) and cryptography (tests/oracle/ecdsa_oracle.py, the security tests' ECDSA check),
# pinned.
step python3 -m pip install --quiet --disable-pip-version-check -r tests/oracle/requirements.txt

# The real tshark, which the capture tests run on what the crate writes (Debian package).
if ! command -v tshark > /dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q tshark > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q tshark > /dev/null; }
fi

# Real brokers, which the bridge tests (tests/cloud, feature cloud) start on loopback ports:
# mosquitto (MQTT) and nats-server (JetStream; Debian bookworm's 2.9 clusters).
if ! command -v mosquitto > /dev/null && [ ! -x /usr/sbin/mosquitto ] || ! command -v nats-server > /dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q mosquitto nats-server > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q mosquitto nats-server > /dev/null; }
fi

# Generated code is up to date with asn1/, and the generator passes its golden tests.
step python3 tools/gen_rust.py --check
step python3 -m unittest discover -s tools/asn1gen/tests
# Our ASN.1 decodes every vector (tests/vectors) as the vectors' oracles did.
step python3 tests/oracle/check_vectors.py
# Our RoadSafetyMessage ASN.1 (asn1/j2735/RoadSafetyMessage.asn: J2735-2024's RSM, with OIDs)
# decodes and re-encodes every RSM vector, with pycrate and asn1tools.
step python3 tests/oracle/check_rsm.py
# Our IEEE 1609.2 ASN.1 (asn1/ieee1609dot2/) decodes and re-encodes every 1609.2 vector (asn1tools OER).
step python3 tests/oracle/check_ieee1609dot2.py
# Our China-profile ASN.1 (asn1/csae/2020, 2019, 2017) decodes the CSAE vectors (tests/vectors/csae) as theirs did.
step python3 tests/oracle/check_csae.py

step cargo fmt --check
step cargo clippy --all-features --all-targets -- -D warnings
step cargo clippy --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" step cargo doc --no-deps --all-features
# Everything, with every feature (the CLI, arbitrary values for property tests).
step cargo test --all-features
# The 1609.2 tests again with the pure-Rust verifier (--all-features verifies with ring).
step cargo test --features sec --test security
# The codec as #![no_std] (views only, then with alloc). The default features' targets are
# compiled by the clippy step above; their tests are a subset of --all-features'.
step cargo build --lib --no-default-features
step cargo build --lib --no-default-features --features alloc
# The peers crate (benches/peers: cv2x beside rasn and asn1-codecs) builds, and every peer that
# decodes the benchmark messages finds the values cv2x finds; cv2x re-encodes them exactly.
# A correctness check, so an unoptimised build (the release build of rasn's bindings takes
# about 2.5 times the CPU; the benchmarks themselves build with --release).
step cargo run --quiet --manifest-path benches/peers/Cargo.toml --bin icount -- check
# Fuzz smoke run: every target builds and survives a few seconds on seeds from tests/vectors.
command -v cargo-fuzz > /dev/null || step cargo install --locked cargo-fuzz@0.13.2
# Unoptimised: the optimised build of 13 targets took 11-13 minutes of a 30-minute run; the
# campaigns (fuzz/run.sh SECONDS TARGET) build optimised.
CV2X_FUZZ_BUILD=dev step bash fuzz/run.sh 5
echo "all tests passed"
