// The page itself: it loads, says it is ready, asks only its own origin for
// static files, and analysing pasted text makes no request at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openReady, analyzeText, screenshot, ROOT, OUT } from './helpers.mjs';

const LETTER = readFileSync(join(ROOT, 'tests/browser/fixtures/xss-letter.txt'), 'utf8');
let b;
before(async () => {
  b = await launch();
});
after(async () => {
  await b.close();
});

test('only same-origin static GETs while loading; no request at all when analysing', async () => {
  const page = await b.newPage();
  const requests = [];
  b.context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() }));
  const t0 = Date.now();
  await openReady(page, b.base);
  const wall = Date.now() - t0;
  const readyMs = Number(await page.evaluate(() => document.documentElement.dataset.readyMs));
  console.log(`page ready: ${readyMs} ms after navigation start (${wall} ms wall clock incl. goto)`);

  assert.ok(requests.length > 0);
  for (const r of requests) {
    const url = new URL(r.url);
    assert.equal(url.origin, b.base, `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.equal(url.search, '', `query string in ${r.url}`);
    assert.equal(r.body, null, `body sent with ${r.url}`);
  }
  const paths = requests.map((r) => new URL(r.url).pathname);
  assert.ok(paths.includes('/www/pkg/imr_analyzer_bg.wasm'), `the worker's wasm fetch is seen: ${paths}`);
  assert.ok(paths.includes('/www/worker.js'));

  requests.length = 0;
  await analyzeText(page, LETTER);
  // Highlight and re-analyse too: none of it may touch the network.
  await page.click('#letters-table td[data-col="case_number"] .v');
  await page.click('#analyze');
  await page.waitForTimeout(300);
  assert.deepEqual(requests, [], 'analysing pasted text made requests');
  await page.close();
});

test('Content-Security-Policy allows only the page itself', async () => {
  const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const m = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(m, 'CSP meta tag');
  const csp = Object.fromEntries(m[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(csp['default-src'], ["'none'"]);
  assert.deepEqual(csp['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp['connect-src'], ["'self'"]);
  assert.deepEqual(csp['style-src'], ["'self'"]);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script');
  assert.ok(!/\sstyle=/.test(html), 'no inline style');
  assert.ok(!/https?:\/\//.test(html), 'no absolute URL');

  // The page's scripts never build HTML from strings.
  const modules = readdirSync(join(ROOT, 'www')).filter((f) => f.endsWith('.js'));
  assert.ok(modules.length >= 10, `the page's modules: ${modules}`);
  for (const f of modules) {
    const src = readFileSync(join(ROOT, 'www', f), 'utf8');
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(src), `${f} uses an HTML sink`);
  }

  const page = await b.newPage();
  const violations = [];
  await page.exposeFunction('__cspViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await openReady(page, b.base);
  await analyzeText(page, LETTER);
  assert.deepEqual(violations, []);
  assert.deepEqual(b.errors, []);
  await page.close();
});

test('the server serves only the page, with the right types', async () => {
  const get = (p, init) => fetch(`${b.base}${p}`, init);
  assert.equal((await get('/')).headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal((await get('/www/app.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await get('/www/pkg/imr_analyzer_bg.wasm')).headers.get('content-type'), 'application/wasm');
  assert.match((await get('/www/worker.js')).headers.get('content-security-policy'), /connect-src 'self'/);
  assert.equal((await get('/Cargo.toml')).status, 404);
  assert.equal((await get('/www/../Cargo.toml')).status, 404);
  assert.equal((await get('/www/%2e%2e/Cargo.toml')).status, 404);
  assert.equal((await get('/', { method: 'POST', body: 'x' })).status, 405);
});

test('screenshots: light, dark, 360 px phone', async () => {
  for (const [name, opts] of [
    ['dark-wide', { colorScheme: 'dark' }],
    ['phone-360', { viewport: { width: 360, height: 740 } }],
  ]) {
    const other = await launch(opts);
    try {
      const page = await other.newPage();
      await openReady(page, other.base);
      await analyzeText(page, LETTER);
      await page.click('#items-table td[data-col="request"] .v');
      // The value's letter opens in the panel, its request highlighted in the text.
      assert.equal(await page.isVisible('#letter-panel'), true, `${name}: the panel opens`);
      assert.match(await page.textContent('#letter-text mark'), /MRI/);
      await screenshot(page, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
      const panel = await page.$eval('#letter-panel', (p) => p.getBoundingClientRect().width);
      const vw = await page.evaluate(() => window.innerWidth);
      if (name.startsWith('phone')) {
        // A full-screen view with a back button.
        assert.equal(Math.round(panel), vw, 'the panel fills a phone screen');
        assert.equal(await page.isVisible('#panel-close .phone-only'), true, 'the back button');
        assert.match(await page.textContent('#panel-close .phone-only'), /Back/);
        await page.click('#panel-close');
        assert.equal(await page.isHidden('#letter-panel'), true, 'back closes the panel');
      } else {
        assert.ok(panel < vw * 0.7, 'beside the tables on a wide screen');
        const tables = await page.$eval('#items-wrap', (w) => w.getBoundingClientRect().right);
        assert.ok(tables <= vw - panel + 1, 'the tables are not under the panel');
      }
      assert.deepEqual(other.errors, []);
    } finally {
      await other.close();
    }
  }
  console.log(`screenshots in ${OUT}`);
});

test('the generated module is typed: analysis and error types in the .d.ts', () => {
  const dts = readFileSync(join(ROOT, 'www/pkg/imr_analyzer.d.ts'), 'utf8');
  for (const decl of ['export interface Analysis', 'export interface ErrorObject', 'export type Outcome = Analysis | ErrorObject',
    'export interface Item', 'export interface Citation', 'export interface Warning']) {
    assert.ok(dts.includes(decl), decl);
  }
  assert.match(dts, /export function analyzeText\(text: string, source: string, limit_bytes: number, text_source: "text" \| "pdf" \| undefined\): Outcome;/);
  assert.match(dts, /export function exportTable\(outcomes: Outcome\[\], table: TableName, format: TableFormat\): string;/);
  assert.match(dts, /export function analyzeFile\([^)]*\): FileAnalysis;/);
});
