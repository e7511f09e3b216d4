#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each, seeded from the conformance vectors (tests/vectors).
#   fuzz/run.sh 10                 # CI smoke run: each target 10 s
#   fuzz/run.sh 1800 frame_decode  # a campaign of one target
# Optimised builds (-O) by default; CV2X_FUZZ_BUILD=dev builds unoptimised with debug
# assertions (CI's smoke run: a few minutes to build instead of over ten, fewer runs a second).
# Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable toolchain runs it with
# RUSTC_BOOTSTRAP=1. Crashes land in fuzz/artifacts/<target>/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-10}
shift || true
export RUSTC_BOOTSTRAP=1
if [ "${CV2X_FUZZ_BUILD:-}" = dev ]; then mode=--dev; else mode=-O; fi
python3 seeds.py > /dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
cargo fuzz build "$mode"
for t in "${targets[@]}"; do
    case "$t" in
        frame_json) seeds=seeds/json ;;
        line | link) seeds=seeds/$t ;;
        generated_views) seeds=seeds/values ;;
        *) seeds=seeds/binary ;;
    esac
    mkdir -p "corpus/$t"
    echo "== $t: ${secs}s"
    TIMEFORMAT="stat::cpu_seconds: %U user + %S sys, %R wall"
    time cargo fuzz run "$mode" "$t" "corpus/$t" "$seeds" -- \
        -max_total_time="$secs" -dict=uper.dict -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        2>&1 | grep -E "^(stat::|==|SUMMARY|Done)|ERROR|panicked" || true
    if [ -n "$(ls -A "artifacts/$t" 2>/dev/null)" ]; then
        echo "crash found in $t: fuzz/artifacts/$t" >&2
        exit 1
    fi
done
