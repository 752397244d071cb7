#!/usr/bin/env bash
# Real-window test of the desktop app: build the debug binary, start it through tauri-driver
# (WebKitWebDriver) under Xvfb, drive it over the W3C WebDriver HTTP API (webdriver.mjs, plain
# fetch), save a screenshot to test-artifacts/desktop.png. Last line: "N passed, N failed".
#   tests/desktop/run.sh            (installs what is missing: scripts/desktop-deps.sh --test)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ART="$ROOT/test-artifacts"
# The debug binary where cargo puts it (CARGO_TARGET_DIR when set).
BIN="${CARGO_TARGET_DIR:-$ROOT/src-tauri/target}/debug/rashomon-desktop"
PORT=${WEBDRIVER_PORT:-4444}
mkdir -p "$ART"

fail() { echo "not ok - $1"; echo "0 passed, 1 failed"; exit 1; }

bash "$ROOT/scripts/desktop-deps.sh" --test || fail "installing the desktop test dependencies"
export PATH="$HOME/.cargo/bin:$PATH"
(cd "$ROOT/src-tauri" && cargo build --quiet -j "${CARGO_JOBS:-2}") || fail "building the debug desktop binary"
[[ -x "$BIN" ]] || fail "no binary at $BIN"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A fresh library: the first start must import the bundled samples. Keep WebKit's files in WORK too.
export RASHOMON_DB="$WORK/library.db" XDG_DATA_HOME="$WORK/data" XDG_CACHE_HOME="$WORK/cache" XDG_CONFIG_HOME="$WORK/config"
# Software rendering under Xvfb (no GPU, no DMA-BUF).
export WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
export RASHOMON_DESKTOP_BIN="$BIN" RASHOMON_ART="$ART" WEBDRIVER_URL="http://127.0.0.1:$PORT"

# -noreset: the X server would otherwise reset (refusing connections) whenever its last client left.
xvfb-run -a -s "-screen 0 1400x900x24 -noreset" bash -c '
  tauri-driver --port '"$PORT"' >"'"$WORK"'/driver.log" 2>&1 &
  driver=$!
  node "'"$ROOT"'/tests/desktop/webdriver.mjs"
  rc=$?
  kill "$driver" 2>/dev/null; wait "$driver" 2>/dev/null
  exit $rc'
rc=$?
if [[ $rc -ne 0 && -s "$WORK/driver.log" ]]; then
  echo "--- tauri-driver log (tail) ---" >&2; tail -20 "$WORK/driver.log" >&2
  echo "$(tail -1 "$ART/desktop-summary.txt" 2>/dev/null || echo '0 passed, 1 failed')"
fi
exit $rc
