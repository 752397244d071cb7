#!/usr/bin/env bash
# HTML extraction benchmark: Rashomon's extractor vs. pip trafilatura on the trafilatura evaluation
# corpus (../shared/extraction-bench, never copied into the repo). Scoring follows that README.
# Usage: bench/extraction.sh [--limit N] [--repeat N] [--json OUT] [--misses]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="${EXTRACTION_BENCH:-$ROOT/../shared/extraction-bench}"
VENV="$ROOT/.cache/bench-venv"
[ -f "$BENCH/evaldata.json" ] || { echo "benchmark data not found at $BENCH" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import trafilatura" 2>/dev/null; then
  echo "setting up $VENV (trafilatura)…" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check trafilatura lxml_html_clean
fi

cargo build -q --release -p rashomon-core --example extract_dir
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/examples/extract_dir"

"$VENV/bin/python" "$ROOT/bench/score_extraction.py" --bench "$BENCH" --rashomon "$BIN" "$@"
