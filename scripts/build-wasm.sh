#!/usr/bin/env bash
# Build the Rust core for the browser:
#   www/pkg/       the core without the Excel export (what the page loads at start)
#   www/pkg-xlsx/  the core with cargo feature `xlsx` (exportXlsx), loaded by the
#                  worker only on the first Excel download
#   www/vendor/pdfjs/  pdf.js (pdfjs-dist, pinned in package-lock.json) copied from
#                  node_modules: pdf.min.mjs and pdf.worker.min.mjs, imported by
#                  www/pdf.js only when a PDF arrives
#   www/vendor/tesseract/  tesseract.js, its WebAssembly cores (LSTM only) and the
#                  English data (best_int), from node_modules (pinned in package-lock.json),
#                  loaded by www/ocr.js only when a scan or an image arrives
# (all are git-ignored). Runs wasm-opt too when node_modules has it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

opt() {
  if [ -x node_modules/.bin/wasm-opt ]; then
    node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "$1" -o "$1"
  fi
  printf '[build] %s: %s bytes raw, %s bytes gzipped\n' "$1" "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)" >&2
}

# The main module: no xlsx (keeps the page's first load small).
cargo build --lib --release --target wasm32-unknown-unknown --no-default-features
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/imr_analyzer.wasm
opt www/pkg/imr_analyzer_bg.wasm

# The Excel module (own target dir, so the two feature sets do not rebuild each other).
cargo build --lib --release --target wasm32-unknown-unknown --features xlsx --target-dir target/wasm-xlsx
rm -rf www/pkg-xlsx
wasm-bindgen --target web --out-dir www/pkg-xlsx --out-name imr_analyzer_xlsx target/wasm-xlsx/wasm32-unknown-unknown/release/imr_analyzer.wasm
opt www/pkg-xlsx/imr_analyzer_xlsx_bg.wasm

# pdf.js, served from the page's own files (modern build: the page needs a current browser anyway).
PDFJS=node_modules/pdfjs-dist/build
if [ -f "$PDFJS/pdf.min.mjs" ] && [ -f "$PDFJS/pdf.worker.min.mjs" ]; then
  rm -rf www/vendor/pdfjs
  mkdir -p www/vendor/pdfjs
  cp "$PDFJS/pdf.min.mjs" "$PDFJS/pdf.worker.min.mjs" www/vendor/pdfjs/
  cp node_modules/pdfjs-dist/LICENSE www/vendor/pdfjs/LICENSE 2>/dev/null || true
  printf '[build] www/vendor/pdfjs: pdfjs-dist %s\n' "$(node -p "require('./node_modules/pdfjs-dist/package.json').version")" >&2
else
  printf '[build] node_modules/pdfjs-dist is missing (run npm ci): the page will not read PDFs\n' >&2
fi

# Tesseract (OCR of scans and images), served from the page's own files: no CDN.
TJS=node_modules/tesseract.js
TCORE=node_modules/tesseract.js-core
TDATA=node_modules/@tesseract.js-data/eng/4.0.0_best_int
if [ -f "$TJS/dist/tesseract.esm.min.js" ] && [ -d "$TCORE" ] && [ -f "$TDATA/eng.traineddata.gz" ]; then
  rm -rf www/vendor/tesseract
  mkdir -p www/vendor/tesseract/core www/vendor/tesseract/lang
  cp "$TJS/dist/tesseract.esm.min.js" "$TJS/dist/worker.min.js" www/vendor/tesseract/
  cp "$TJS/LICENSE.md" www/vendor/tesseract/LICENSE-tesseract.js.md
  # The LSTM-only cores: the page asks for the LSTM engine (OEM 1); tesseract.js picks relaxed SIMD, SIMD or neither.
  for core in relaxedsimd-lstm simd-lstm lstm; do cp "$TCORE/tesseract-core-$core.wasm.js" www/vendor/tesseract/core/; done
  cp "$TCORE/LICENSE" www/vendor/tesseract/core/LICENSE
  cp "$TDATA/eng.traineddata.gz" www/vendor/tesseract/lang/
  printf '[build] www/vendor/tesseract: tesseract.js %s, tesseract.js-core %s, eng 4.0.0_best_int (%s bytes)\n' \
    "$(node -p "require('./$TJS/package.json').version")" "$(node -p "require('./$TCORE/package.json').version")" \
    "$(du -cb www/vendor/tesseract | tail -1 | cut -f1)" >&2
else
  printf '[build] node_modules/tesseract.js* is missing (run npm ci): the page will not OCR scans\n' >&2
fi
