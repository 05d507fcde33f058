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
step "build WASM"
bash scripts/build-wasm.sh
step "browser tests"
node --test --test-concurrency=1 --test-timeout=180000 tests/browser/
