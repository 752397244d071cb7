#!/usr/bin/env bash
# Import throughput and memory: 10,000 generated articles (variants of the sample pages) imported
# by the release `rashomon` binary pinned to one core. Prints articles/s, peak RSS, and the ratio
# against a floor measured in the same run (reading + sha256 of the same files, also one core).
# Targets (issue #3): >= 1,000 articles/s on one core; peak RSS < 200 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
cargo build --release --quiet -p rashomon-cli
BIN=target/release/rashomon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages"
python3 - "$work/pages" "$N" <<'PY'
import os, sys, glob
out, n = sys.argv[1], int(sys.argv[2])
seeds = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("samples/*.txt"))]
for i in range(n):
    s = seeds[i % len(seeds)]
    # A unique sentence inside the body keeps every page distinct (no dedup shortcuts).
    lines = s.split("\n")
    mid = len(lines) // 2
    lines.insert(mid, f"وأضاف المصدر أن عدد الجنود بلغ {i} جنديا في المنطقة وفق التقديرات الأولية للنسخة {i}.")
    sub = os.path.join(out, f"{i % 100:02d}")
    os.makedirs(sub, exist_ok=True)
    open(os.path.join(sub, f"page_{i:05d}.txt"), "w", encoding="utf-8").write("\n".join(lines))
PY
bytes=$(du -sb "$work/pages" | cut -f1)
t0=$(date +%s.%N)
taskset -c 0 bash -c "find '$work/pages' -type f -print0 | xargs -0 cat | sha256sum >/dev/null"
t1=$(date +%s.%N)
/usr/bin/time -f "%e %M" -o "$work/time" taskset -c 0 "$BIN" --db "$work/bench.db" import "$work/pages" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
read -r secs rss_kb < "$work/time"
floor=$(echo "$t1 - $t0" | bc -l)
python3 - "$N" "$secs" "$rss_kb" "$floor" "$bytes" <<'PY'
import sys
n, secs, rss_kb, floor, b = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
rate = n / secs
print(f"import: {n} articles ({b/1e6:.1f} MB) in {secs:.2f} s on one core = {rate:,.0f} articles/s (target >= 1,000)")
print(f"peak RSS: {rss_kb/1024:.1f} MB (target < 200 MB)")
print(f"floor (read + sha256 of the same files): {floor:.2f} s; import/floor time ratio = {secs/max(floor,1e-9):.1f}x")
PY
