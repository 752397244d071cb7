#!/usr/bin/env bash
# Alignment: Rashomon vs the obvious Python pipeline (scikit-learn TF-IDF cosine + scipy
# linear_sum_assignment + difflib) on the same article pairs, in the same run. Prints both
# alignment recalls and relation F1s on the gold pairs, the times and two speed ratios: with each
# article's analysis made (as the running app has it after first use; `align_ms`) and cold
# (every article analysed at its first use in the run; `cold_ms`). The analysed times, both sides,
# are each the median of the second half of their warm passes in the same process, the first half
# warming up: at least 30 passes adding up to at least 500 ms (api::EVAL_PASSES, api::EVAL_MIN_MS;
# one pass moves by tens of percent under load, and a fresh process's first passes run slower).
# Goal (issue #5): >= 50x faster at equal or better F1.
set -euo pipefail
cd "$(dirname "$0")/.."
# The gold sets: the seed pages' pairs (Arabic), the cross-language pairs (ru/tr/en vs ar) and
# seven held-out sets (Sochi, Su-24, grain deal, S-400, prisoner exchange, the Karlov assassination
# as raw HTML pages, the Il-20 downing as Russian/Turkish/English HTML pages and a pasted wire
# account; each written before the aligner ran on it). GOLD=FILE runs one.
GOLDS=${GOLD:-../shared/gold/seed-pairs.jsonl tests/fixtures/crosslang-pairs.jsonl tests/fixtures/heldout-pairs.jsonl tests/fixtures/heldout2-pairs.jsonl tests/fixtures/heldout3-pairs.jsonl tests/fixtures/heldout4-pairs.jsonl tests/fixtures/heldout5-pairs.jsonl tests/fixtures/heldout6-pairs.jsonl tests/fixtures/heldout7-pairs.jsonl}
VENV=.cache/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet scikit-learn scipy
fi
cargo build --release --quiet -p rashomon-cli
BIN=${CARGO_TARGET_DIR:-target}/release/rashomon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export RASHOMON_DB="$work/bench.db"
$BIN import samples tests/fixtures/crosslang tests/fixtures/heldout tests/fixtures/heldout2 tests/fixtures/heldout3 tests/fixtures/heldout4 tests/fixtures/heldout5 tests/fixtures/heldout6 tests/fixtures/heldout7 >/dev/null
# Claims are embedded ahead (as the app does in the background after an import), so the timed
# alignment reads vectors, it does not compute them.
$BIN embed >/dev/null
$BIN list --json > "$work/list.json"
for id in $(python3 -c "import json;print(' '.join(str(a['id']) for a in json.load(open('$work/list.json'))))"); do
  $BIN show "$id" --json > "$work/article-$id.json"
done
for GOLD in $GOLDS; do
  echo "== $GOLD"
  $BIN eval --pairs "$GOLD" --json > "$work/rashomon.json"
  "$VENV/bin/python" bench/align_baseline.py "$work" "$GOLD"
done
