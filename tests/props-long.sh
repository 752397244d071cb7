#!/usr/bin/env bash
# The long property run: the same properties as `cargo test --test props` (crates/rashomon-core/
# tests/props), in release, with every case count multiplied by RASHOMON_PROPS_SCALE (default 160:
# about 1.1 million generated inputs). Prints the inputs each property, each suite and all of them
# really ran, and the time taken. Usage: tests/props-long.sh [scale]
set -uo pipefail
cd "$(dirname "$0")/.."
scale=${1:-${RASHOMON_PROPS_SCALE:-160}}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
RASHOMON_PROPS_SCALE=$scale cargo test --release -p rashomon-core --test props -- --nocapture --test-threads="${THREADS:-2}" >"$log" 2>&1
status=$?
secs=$(( $(date +%s) - start ))
grep -E '^(test |property|minimal input)' "$log" | grep -v '^test result' || true
echo
echo "scale x$scale — inputs per property:"
awk '/^PROPS /{printf "  %-34s %10d\n", $2, $3}' "$log" | sort
echo "per suite:"
awk '/^PROPS /{split($2, p, "_"); n[p[1]] += $3} END {for (k in n) printf "  %-34s %10d\n", k, n[k]}' "$log" | sort
awk '/^PROPS /{t += $3} END {printf "total generated inputs: %d\n", t}' "$log"
echo "time: ${secs} s (including the release build)"
if [ $status -ne 0 ]; then tail -50 "$log"; echo "FAILED"; fi
exit $status
