#!/usr/bin/env bash
# Install or check what `npm start` or `npm test` needs, idempotently.
#   bash scripts/setup.sh serve   what serving the page needs (npm start): Rust's
#                                 wasm32 target, the pinned wasm-bindgen CLI and the
#                                 page's own node packages (npm ci --omit=dev: pdf.js)
#   bash scripts/setup.sh [test]  all of that, plus what only the tests need (npm test):
#                                 rustfmt and clippy, every node package (playwright-core,
#                                 axe-core, binaryen), Chromium, pdftotext, tesseract, cargo-deny
#   bash scripts/setup.sh MODE --list   print the steps MODE runs, one a line, and stop
# Each step says what it does; where it cannot install, it says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=test
LIST=0
for arg in "$@"; do
  case "$arg" in
    serve|test) MODE="$arg" ;;
    --list) LIST=1 ;;
    *) printf '[setup] unknown argument %s: use serve, test or --list\n' "$arg" >&2; exit 2 ;;
  esac
done
STEPS=(rust-target wasm-bindgen node-packages)
if [ "$MODE" = test ]; then STEPS=(rust-target rust-components wasm-bindgen node-packages-all chromium pdftotext tesseract cargo-deny); fi
if [ "$LIST" = 1 ]; then printf '%s\n' "${STEPS[@]}"; exit 0; fi
wants() { [[ " ${STEPS[*]} " == *" $1 "* ]]; }

WASM_BINDGEN_VERSION=0.2.130
export PATH="$HOME/.cargo/bin:$PATH"
missing=()
say() { printf '[setup] %s\n' "$*" >&2; }

# 1. Rust toolchain and the wasm32 target.
if ! command -v cargo >/dev/null 2>&1; then
  missing+=("Rust (cargo): install it from https://rustup.rs")
else
  if command -v rustup >/dev/null 2>&1; then
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
      say "adding Rust target wasm32-unknown-unknown"
      rustup target add wasm32-unknown-unknown || missing+=("Rust target wasm32-unknown-unknown (rustup target add wasm32-unknown-unknown)")
    fi
  elif [ ! -d "$(rustc --print sysroot 2>/dev/null)/lib/rustlib/wasm32-unknown-unknown" ]; then
    missing+=("Rust target wasm32-unknown-unknown (no rustup to add it)")
  fi
  for component in rustfmt clippy; do
    if wants rust-components && command -v rustup >/dev/null 2>&1 && ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      say "adding Rust component $component"
      rustup component add "$component" || missing+=("Rust component $component")
    fi
  done

  # 2. wasm-bindgen CLI, pinned to the crate's version.
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (found: ${have:-none}; takes about 2 minutes)"
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" || missing+=("wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install wasm-bindgen-cli --version =$WASM_BINDGEN_VERSION)")
  fi
fi

# 3. Node packages, exactly as package-lock.json says: serving needs only the
# page's own (pdf.js); the tests need the development ones too. A tree installed
# for the tests serves as it is.
if ! command -v npm >/dev/null 2>&1; then
  missing+=("Node.js 20+ and npm")
elif wants node-packages-all; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ ! -d node_modules/playwright-core ]; then
    say "npm ci (every package: the tests need playwright-core, axe-core, binaryen)"
    npm ci --no-audit --no-fund || missing+=("node packages (npm ci failed)")
  fi
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ ! -d node_modules/pdfjs-dist ]; then
  say "npm ci --omit=dev (the page's own packages: pdf.js)"
  npm ci --omit=dev --no-audit --no-fund || missing+=("node packages (npm ci --omit=dev failed)")
fi

# 4. Chromium for the browser tests (Debian's package; Playwright's download is not used).
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if wants chromium && [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium (apt-get)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } \
      || missing+=("chromium (apt-get install chromium failed)")
  else
    missing+=("Chromium at $CHROMIUM (as root: apt-get install chromium; or set CHROMIUM_PATH)")
  fi
fi

# 5. poppler's pdftotext: the command line reads PDFs through it (tests/cli_pdf.rs).
if wants pdftotext && ! command -v pdftotext >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing poppler-utils (apt-get)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils; } \
      || missing+=("poppler-utils (apt-get install poppler-utils failed)")
  else
    missing+=("pdftotext (as root: apt-get install poppler-utils)")
  fi
fi

# 5b. Tesseract: the command line reads scans and images by OCR through it (tests/cli_ocr.rs).
if wants tesseract && ! command -v tesseract >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing tesseract-ocr (apt-get)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng; } \
      || missing+=("tesseract-ocr (apt-get install tesseract-ocr failed)")
  else
    missing+=("tesseract (as root: apt-get install tesseract-ocr)")
  fi
fi

# 6. cargo-deny: licenses, bans and sources of the Rust dependencies (deny.toml).
CARGO_DENY_VERSION=0.20.2
if wants cargo-deny && command -v cargo >/dev/null 2>&1; then
  have=$(cargo deny --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$CARGO_DENY_VERSION" ]; then
    say "installing cargo-deny $CARGO_DENY_VERSION (found: ${have:-none}; takes several minutes)"
    cargo install cargo-deny --version "=$CARGO_DENY_VERSION" || missing+=("cargo-deny $CARGO_DENY_VERSION (cargo install cargo-deny --version =$CARGO_DENY_VERSION)")
  fi
fi

# 7. Python: a venv (.venv) with maturin, pytest, pyspark, pyarrow, pandas,
#    pypdfium2 and the package itself (pip install ./python); Java for Spark.
PY_PACKAGES=(maturin==1.16.0 pytest==9.2.0 pyspark==4.3.0 pyarrow==26.0.1 pandas==3.1.1 pypdfium2==5.15.2)
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  missing+=("Python 3.10+ ($PYTHON)")
else
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    "$PYTHON" -m venv .venv || missing+=("a Python venv (python3 -m venv .venv; Debian: apt-get install python3-venv)")
  fi
  if [ -x .venv/bin/python ]; then
    if ! .venv/bin/python -c "import maturin, pytest, pyspark, pyarrow, pandas, pypdfium2" >/dev/null 2>&1; then
      say "pip install ${PY_PACKAGES[*]}"
      .venv/bin/pip install -q "${PY_PACKAGES[@]}" || missing+=("Python packages (pip install ${PY_PACKAGES[*]})")
    fi
    say "pip install ./python (the imr_analyzer package, built by maturin)"
    .venv/bin/pip install -q ./python || missing+=("the Python package (pip install ./python)")
  fi
fi
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Java 17 for Spark (apt-get)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless; } \
      || missing+=("Java 17 for Spark (apt-get install openjdk-17-jre-headless)")
  else
    missing+=("Java 17 for the Spark tests")
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  say "MISSING, could not install:"
  for m in "${missing[@]}"; do say "  - $m"; done
  exit 1
fi
say "all prerequisites present ($MODE)"
