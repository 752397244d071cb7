#!/usr/bin/env bash
# `npm ci` in each directory given, only when its lockfile changed since the last install.
set -euo pipefail
for d in "$@"; do
  [ -f "$d/package-lock.json" ] || continue
  stamp="$d/node_modules/.rashomon-lock.sha"
  want=$(sha256sum "$d/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then continue; fi
  echo "installing npm packages in $d"
  (cd "$d" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > "$stamp"
done
