#!/usr/bin/env bash
# Every test: Rust tests, formatting, lints, then the browser tests (real headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n[test] == %s\n' "$*" >&2; }
step "cargo test"
cargo test
step "cargo fmt --check"
cargo fmt --check
step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
step "cargo deny check licenses bans sources"
cargo deny check licenses bans sources
step "npm audit (report only: the registry's advisory service may not answer here)"
npm audit --omit=dev --audit-level=high || echo "[test] npm audit did not pass or could not reach the registry; see above" >&2
step "page unit tests (node --test tests/unit/)"
node --test tests/unit/
step "build WASM"
bash scripts/build-wasm.sh
step "command line for the browser tests (headers and Summary equal to the page's)"
cargo build --release --bin imr-analyzer
step "Python package: cargo fmt/clippy, pytest (analyses, tables, PDFs, local Spark against the CLI)"
(cd python && cargo fmt --check && cargo clippy -- -D warnings)
IMR_CLI="$PWD/target/release/imr-analyzer" .venv/bin/python -m pytest -q python/tests
step "browser tests"
node --test --test-concurrency=1 --test-timeout=180000 tests/browser/
