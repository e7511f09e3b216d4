#!/usr/bin/env bash
# Instructions and allocations per operation, for cv2x and its peers on the benchmark
# messages (J2735 and China profile).
#
#   benches/peers/icount.sh [LOW HIGH]      (default 10 1010)
#
# For every <impl> <message> <op> (see `icount list`: the four J2735 messages, then the
# China profile's), runs the driver under
# `valgrind --tool=callgrind` with LOW and with HIGH iterations and reports
# (Ir(HIGH) - Ir(LOW)) / (HIGH - LOW): the instructions of one operation, the setup
# (reading the vector, decoding what encode needs, the checks) cancelling out. The driver's
# counting allocator gives allocations and bytes allocated per operation (HIGH run).
# Prints markdown. Env: CARGO_TARGET_DIR is honoured; ICOUNT_TIMEOUT (s, default 300) bounds
# one valgrind run; ICOUNT_ONLY (an extended regex, e.g. 'csae-') keeps only the lines of
# `icount list` it matches; ICOUNT_BIN names a driver built before (e.g. at another
# commit, to compare two builds in one run): it is used as it is, not built.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
low="${1:-10}"
high="${2:-1010}"
timeout_s="${ICOUNT_TIMEOUT:-300}"
if ! [[ "$low" =~ ^[0-9]+$ && "$high" =~ ^[0-9]+$ ]] || ((high <= low)); then
    echo "usage: $0 [LOW HIGH] with HIGH > LOW >= 0" >&2
    exit 2
fi
command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install valgrind)" >&2; exit 2; }

if [[ -n "${ICOUNT_BIN:-}" ]]; then
    bin="$ICOUNT_BIN"
else
    echo "building the driver (release)..." >&2
    cargo build --quiet --release --manifest-path "$here/Cargo.toml" --bin icount
    target="${CARGO_TARGET_DIR:-$here/target}"
    bin="$target/release/icount"
fi
[[ -x "$bin" ]] || { echo "driver not found at $bin" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Instructions of one callgrind run: prints Ir; the driver's own stdout goes to $3.
ir() {
    local n="$1" out="$2" stdout="$3"
    shift 3
    if ! timeout "$timeout_s" valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$bin" "$@" "$n" >"$stdout" 2>"$out.log"; then
        return 1
    fi
    awk '/^summary:/ {print $2; found=1} END {exit !found}' "$out"
}

echo "## How the peers were built"
echo
"$bin" status | sed 's/^/    /'
echo
echo "## Correctness (decode, values agree with cv2x, byte-exact re-encode)"
echo
"$bin" check
echo
echo "## Per operation: callgrind Ir ((Ir($high) - Ir($low)) / $((high - low))), allocations"
echo
echo "| message | impl/op | instructions/op | allocs/op | bytes/op |"
echo "|---|---|---:|---:|---:|"
start=$SECONDS
notes=()
while read -r imp msg op; do
    key="$imp-$msg-$op"
    if ! "$bin" "$imp" "$msg" "$op" 0 >"$tmp/$key.probe" 2>&1; then
        echo "| $msg | $imp/$op | not measured | | |"
        notes+=("$imp/$op on $msg: $(sed 's/^.*unavailable: //' "$tmp/$key.probe" | tr '\n' ' ')")
        continue
    fi
    if ! a="$(ir "$low" "$tmp/$key.lo" "$tmp/$key.lo.stdout" "$imp" "$msg" "$op")" ||
        ! b="$(ir "$high" "$tmp/$key.hi" "$tmp/$key.hi.stdout" "$imp" "$msg" "$op")"; then
        echo "| $msg | $imp/$op | valgrind failed | | |"
        notes+=("$imp/$op on $msg: valgrind failed: $(tail -n 3 "$tmp/$key".*.log 2>/dev/null | tr '\n' ' ')")
        continue
    fi
    per="$(awk -v a="$a" -v b="$b" -v d="$((high - low))" 'BEGIN {printf "%.0f", (b - a) / d}')"
    allocs="$(sed -n 's/.*allocs_per_op=\([0-9.]*\).*/\1/p' "$tmp/$key.hi.stdout")"
    bytes="$(sed -n 's/.*bytes_per_op=\([0-9.]*\).*/\1/p' "$tmp/$key.hi.stdout")"
    echo "| $msg | $imp/$op | $per | $allocs | $bytes |"
done < <("$bin" list | grep -E -- "${ICOUNT_ONLY:-.}")
echo
if ((${#notes[@]})); then
    echo "Not measured:"
    echo
    for n in "${notes[@]}"; do echo "- $n"; done
    echo
fi
echo "($((SECONDS - start)) s under valgrind $(valgrind --version | sed 's/valgrind-//'); $(rustc --version))"
