// scripts/setup.sh: `npm start` sets up only what serving the page needs; the
// test-only tools (Chromium, cargo-deny, pdftotext, the browser-test packages)
// come with `npm test`. Read from the script's own step list (--list), which is
// what its steps check before they run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const steps = (...args) => execFileSync('bash', [join(ROOT, 'scripts/setup.sh'), ...args, '--list'], { encoding: 'utf8' }).trim().split('\n');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('serving sets up the Rust target, wasm-bindgen and the page\'s own packages, nothing for the tests', () => {
  assert.deepEqual(steps('serve'), ['rust-target', 'wasm-bindgen', 'node-packages']);
});

test('the tests set up everything serving needs and their own tools', () => {
  const all = steps('test');
  for (const s of ['rust-target', 'wasm-bindgen', 'node-packages-all', 'chromium', 'pdftotext', 'cargo-deny', 'rust-components']) assert.ok(all.includes(s), s);
  assert.deepEqual(steps(), all, 'test is the default mode');
});

test('npm start sets up for serving, npm test for the tests', () => {
  assert.match(pkg.scripts.start, /^bash scripts\/setup\.sh serve && /);
  assert.match(pkg.scripts.test, /^bash scripts\/setup\.sh test && /);
  // What the page itself loads is a dependency; what only tests and builds use is a devDependency.
  // pdf.js, and OCR's engine, cores and English data (tesseract.js, issue 19), all pinned exactly.
  assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@tesseract.js-data/eng', 'pdfjs-dist', 'tesseract.js', 'tesseract.js-core']);
  for (const [name, version] of Object.entries(pkg.dependencies)) assert.match(version, /^\d+\.\d+\.\d+$/, name);
  for (const dev of ['playwright-core', 'axe-core']) assert.ok(dev in pkg.devDependencies, dev);
});

test('an unknown mode is refused', () => {
  assert.throws(() => execFileSync('bash', [join(ROOT, 'scripts/setup.sh'), 'serv'], { stdio: 'pipe' }));
});
