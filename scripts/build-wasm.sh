#!/usr/bin/env bash
# Build the Rust core for the browser: target/…/imr_analyzer.wasm → www/pkg/
# (ES module + .wasm + .d.ts). Runs wasm-opt too when node_modules has it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --lib --release --target wasm32-unknown-unknown
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/imr_analyzer.wasm
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    www/pkg/imr_analyzer_bg.wasm -o www/pkg/imr_analyzer_bg.wasm
fi
raw=$(wc -c < www/pkg/imr_analyzer_bg.wasm)
gz=$(gzip -9 -c www/pkg/imr_analyzer_bg.wasm | wc -c)
printf '[build] www/pkg/imr_analyzer_bg.wasm: %s bytes raw, %s bytes gzipped\n' "$raw" "$gz" >&2
