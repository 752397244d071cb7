#!/usr/bin/env bash
# Idempotent install of what the desktop shell (Tauri 2 / WebKitGTK) needs on Debian.
#   scripts/desktop-deps.sh          build deps only
#   scripts/desktop-deps.sh --test   also the real-window test deps (driver, Xvfb, ImageMagick, node, tauri-driver)
set -euo pipefail
BUILD_PKGS=(libwebkit2gtk-4.1-dev build-essential libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev pkg-config file)
TEST_PKGS=(webkit2gtk-driver xvfb xauth imagemagick nodejs)
want=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${TEST_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "desktop-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null && [[ ! -x "$HOME/.cargo/bin/tauri-driver" ]]; then
  echo "desktop-deps: cargo install tauri-driver" >&2
  cargo install tauri-driver --locked --quiet -j 2
fi
