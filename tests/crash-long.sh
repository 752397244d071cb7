#!/usr/bin/env bash
# The long crash test: the real `rashomon` binary SIGKILLed in the middle of imports KILLS times
# (default 100; `make test` runs 10), the database checked after every kill, then the batch
# completed with no duplicates. Usage: tests/crash-long.sh [kills]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-100}
start=$(date +%s)
RASHOMON_CRASH_KILLS=$kills cargo test -p rashomon-cli --test cli crash::sigkill_during_import_leaves_no_partial_article -- --nocapture --exact
echo "time: $(( $(date +%s) - start )) s"
