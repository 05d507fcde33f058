// The offline copy (dist/imr-analyzer.html, written by scripts/build-offline.mjs)
// opened straight from disk (file://) in headless Chromium, with every request
// that is not file:, blob: or data: aborted and recorded: it must start, say it
// is an offline copy, analyze a pasted real letter (cells against gold), read a
// dropped real PDF, say of a scan that OCR needs the served page, and never try the network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  ROOT, CHROMIUM, LETTERS, lettersSkip, gold, readTable, cell, analyzed, runCount, screenshot, CHROMIUM_ARGS,
} from './helpers.mjs';
import { buildOffline, OFFLINE_NOTE } from '../../scripts/build-offline.mjs';

const skip = lettersSkip();
if (skip) console.log(`# SKIP: ${skip}`);

const CASE = 'CM16-0230651'; // ten items, both decisions
const str = (v) => (v === null || v === undefined ? '' : String(v));

let context;
let page;
let profile;
let built;
const requests = [];
const blocked = [];
const errors = [];

before(async () => {
  if (!existsSync(join(ROOT, 'www/pkg/imr_analyzer_bg.wasm'))) {
    throw new Error('www/pkg is not built: run `npm run build` (npm test does it)');
  }
  built = buildOffline({ log: false }); // always from the current page, so it is never stale
  profile = mkdtempSync(join(tmpdir(), 'imr-offline-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|blob|data):/.test(url)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(pathToFileURL(built.out).href);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 20_000 });
});

after(async () => {
  if (context) await context.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the offline file is self-contained and keeps its own strict CSP', () => {
  const html = readFileSync(built.out, 'utf8');
  // Nothing is loaded by reference: no src/href to a file or a server.
  assert.doesNotMatch(html, /<script\b[^>]*\bsrc=/i);
  assert.doesNotMatch(html, /<link\b[^>]*rel="stylesheet"/i);
  assert.doesNotMatch(html, /\bhref="(?!data:|#)[^"]*"/i);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)[1];
  const dir = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(dir['default-src'], ["'none'"]);
  assert.deepEqual(dir['connect-src'], ["'none'"]);
  assert.deepEqual(dir['worker-src'], ['blob:']);
  assert.ok(dir['script-src'].every((s) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(s) || s === 'blob:' || s === "'wasm-unsafe-eval'"), csp);
  assert.ok(dir['style-src'].every((s) => /^'sha256-/.test(s)), csp);
  assert.ok(!csp.includes("'unsafe-inline'") && !csp.includes("'unsafe-eval'") && !csp.includes('http'), csp);
  // Every executable inline script and style matches a hash of the policy.
  const hashes = (text) => `'sha256-${createHashB64(text)}'`;
  for (const m of html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)) assert.ok(dir['script-src'].includes(hashes(m[1])), 'inline script hash');
  for (const m of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) assert.ok(dir['style-src'].includes(hashes(m[1])), 'inline style hash');
  assert.ok(built.files.some((f) => f.endsWith('.wasm')), `the WASM is inlined: ${built.files.join(', ')}`);
});

test('opened from file:// it starts, says it works offline, and shows no CSP or script error', async () => {
  assert.match(page.url(), /^file:\/\//);
  const note = await page.locator('#offline-note');
  assert.equal((await note.textContent()).trim(), OFFLINE_NOTE);
  assert.ok(await note.isVisible(), 'the offline line is visible');
  assert.match(await page.textContent('#version'), /\d+\.\d+/);
  assert.deepEqual(errors, []);
});

test('a pasted real letter gives the gold cells', { skip }, async () => {
  const text = readFileSync(join(LETTERS, 'dwc-2016/text/pypdf', `${CASE}.txt`), 'utf8');
  const before = await runCount(page);
  await page.fill('#letter-input', text);
  await page.click('#analyze');
  await analyzed(page, before);
  const g = gold(CASE);
  const letters = await readTable(page, 'letters-table');
  assert.equal(letters.rows.length, 1);
  const expect = {
    source: 'pasted', case_number: g.case_number, layout: 'dwc-2016', decision_date: str(g.decision_date),
    date_assigned: str(g.date_assigned), date_of_injury: str(g.date_of_injury), ur_denial_date: str(g.ur_denial_date),
    application_received: str(g.application_received), priority: str(g.priority),
    reviewer_licensure: g.licensure.join('; '), reviewer_specialties: g.specialties.join('; '),
    patient_age: str(g.patient_age), patient_sex: str(g.patient_sex), items: String(g.items.length),
    upheld: String(g.items.filter((i) => i.decision === 'upheld').length),
    overturned: String(g.items.filter((i) => i.decision === 'overturned').length),
  };
  for (const [col, value] of Object.entries(expect)) assert.equal(cell(letters, 0, col), value, col);
  const items = await readTable(page, 'items-table');
  assert.equal(items.rows.length, g.items.length);
  g.items.forEach((gi, n) => {
    assert.equal(cell(items, n, 'request'), gi.request, `item ${n + 1} request`);
    assert.equal(cell(items, n, 'decision'), gi.decision, `item ${n + 1} decision`);
    assert.equal(cell(items, n, 'claims_administrator_guideline'), gi.claims_administrator_guideline, `item ${n + 1} CA guideline`);
    assert.equal(cell(items, n, 'maximus_guideline'), gi.maximus_guideline, `item ${n + 1} MAXIMUS guideline`);
  });
  await screenshot(page, 'offline-pasted');
  assert.deepEqual(errors, []);
});

test('a dropped real PDF is read in the offline copy', { skip }, async (t) => {
  const pdf = join(LETTERS, 'dwc-2016/pdf', `${CASE}.pdf`);
  const before = await runCount(page);
  await page.setInputFiles('#file-input', pdf);
  await analyzed(page, before);
  const letters = await readTable(page, 'letters-table');
  assert.equal(letters.rows.length, 1);
  const code = await page.evaluate(() => document.querySelector('#letters-table tbody tr.r').dataset.code || '');
  const rowText = letters.rows[0].join(' ');
  if (code === 'damaged_pdf' && /not read yet/.test(rowText)) {
    t.skip('PDF support has not landed in the page yet (the PDF gets the "PDFs are not read yet" row): nothing to check offline');
    return;
  }
  const g = gold(CASE);
  assert.equal(code, '', `the PDF was analyzed, not an error row: ${rowText}`);
  assert.equal(cell(letters, 0, 'source'), `${CASE}.pdf`);
  assert.equal(cell(letters, 0, 'case_number'), g.case_number);
  assert.equal(cell(letters, 0, 'decision_date'), str(g.decision_date));
  assert.equal(cell(letters, 0, 'items'), String(g.items.length));
  assert.equal(cell(letters, 0, 'upheld'), String(g.items.filter((i) => i.decision === 'upheld').length));
  const items = await readTable(page, 'items-table');
  g.items.forEach((gi, n) => assert.equal(cell(items, n, 'decision'), gi.decision, `item ${n + 1} decision`));
  await screenshot(page, 'offline-pdf');
  assert.deepEqual(errors, []);
});

test('a scan dropped on the offline copy says plainly that OCR needs the served page', { skip }, async () => {
  const before = await runCount(page);
  await page.setInputFiles('#file-input', join(LETTERS, 'dwc-2016/scan', `${CASE}.pdf`));
  await analyzed(page, before);
  // The batch grows: the scan is the last row.
  assert.equal(await page.$$eval('#letters-table tbody tr.r', (rows) => rows[rows.length - 1].dataset.code), 'no_text');
  const letters = await readTable(page, 'letters-table');
  assert.match(letters.rows[letters.rows.length - 1][1], /the offline copy of the page does not include OCR; open the served page \(npm start\) to read scans and images/);
  // The engine is not in the file at all.
  assert.ok(!readFileSync(built.out, 'utf8').includes('tesseract-core'), 'no OCR engine inside the offline copy');
  assert.deepEqual(errors, []);
});

test('nothing left the file: every request was file:, blob: or data:', async () => {
  assert.deepEqual(blocked, [], `blocked network requests: ${blocked.join(', ')}`);
  const other = requests.filter((u) => !/^(file|blob|data):/.test(u));
  assert.deepEqual(other, []);
  assert.ok(requests.some((u) => u.startsWith('file:')), 'the page itself was a file: request');
});

function createHashB64(text) {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}
