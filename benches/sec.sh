#!/usr/bin/env bash
# IEEE 1609.2 verification speed beside OpenSSL's on the same machine, in one run:
# `openssl speed ecdsap256` (one core), then the crate's criterion group `sec`, with the
# pure-Rust backend (`--features sec,brainpool`: the brainpool rows too) and with ring (`--features ring`).
#   bash benches/sec.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== openssl speed -seconds 5 ecdsap256 (one core)"
openssl version
openssl speed -seconds 5 ecdsap256 2>/dev/null | grep -E "sign/s|256 bits ecdsa"
for features in sec,brainpool ring; do
    echo "== cargo bench --bench sec --features $features"
    cargo bench --quiet --bench sec --features "$features" -- --warm-up-time 1 --measurement-time 5 2>/dev/null \
        | grep -E "^sec/|time:"
done
