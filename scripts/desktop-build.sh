#!/usr/bin/env bash
# Release build of the desktop app (src-tauri, its own workspace). Prints the binary and its size.
#   scripts/desktop-build.sh            binary only: src-tauri/target/release/rashomon-desktop
#   scripts/desktop-build.sh --bundle   also .deb/AppImage (needs the tauri CLI: cargo install tauri-cli)
# The page embedded is ui/dist; build it first (npm run build in ui/). Without it, the test
# placeholder page is embedded and a warning is printed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/desktop-deps.sh"
if [[ ! -f "$ROOT/ui/dist/index.html" ]]; then
  if [[ -f "$ROOT/ui/package.json" ]] && command -v npm >/dev/null; then
    (cd "$ROOT/ui" && { [[ -d node_modules ]] || npm ci --silent; } && npm run --silent build >/dev/null)
  fi
  [[ -f "$ROOT/ui/dist/index.html" ]] || echo "desktop-build: WARNING: ui/dist is not built; embedding the placeholder page" >&2
fi
cd "$ROOT/src-tauri"
start=$(date +%s)
if [[ "${1:-}" == "--bundle" ]]; then
  cargo tauri build -- -j "${CARGO_JOBS:-2}"
else
  cargo build --release --quiet -j "${CARGO_JOBS:-2}"
fi
bin="$ROOT/src-tauri/target/release/rashomon-desktop"
size=$(stat -c %s "$bin")
echo "built $bin in $(( $(date +%s) - start ))s"
echo "size: $size bytes ($(( size / 1024 / 1024 )) MB; target < 20 MB)"
(( size < 20 * 1024 * 1024 )) || { echo "desktop-build: binary is over 20 MB" >&2; exit 1; }
