#!/usr/bin/env node
// Browser benchmark (not a test): the page served on loopback, in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   npm run bench:browser            (builds the WASM first)
//   node scripts/bench-browser.mjs   (uses what is built; LOADS=… to change N)
//
// Measures
//   (a) page start: navigation → #status[data-state="ready"] (the page records
//       performance.now() at that moment in <html data-ready-ms>), median of N
//       fresh loads; also the offline file (dist/imr-analyzer.html) from file://
//   (b) WASM throughput over every letter of ../shared/letters/dwc-2016/text/*/
//       (what `cargo bench`'s analyze/devset does, minus the seeds):
//         b1 the page's WASM module called directly on the page (analyzeText:
//            JS string → WASM → JS object), and
//         b2 through a second copy of the page's analysis worker: one
//            {type:'text'} message per letter, all sent at once, until the last
//            'done' (adds postMessage both ways)
//   (c) 1,000 text letters (the development .txt files repeated) dropped on the
//       page → its Letters table shows every row
//   (d) the 62 development PDFs dropped → the page's rows (PDFs per second)
//   (e) 5,000 text letters dropped: time, the page's JS heap after it (after a
//       garbage collection, main thread; the worker stops when idle), and
//       scrolling the Items table (over 10,000 rows) from top to bottom:
//       frame intervals (max, 95th percentile) and long tasks
//   (f) the Summary recomputed for 5,000 letters from the compact
//       contributions the page keeps per letter (SummaryBuilder:
//       addContributions, then rows()), on the page's WASM and through the
//       page's worker (what the page does after a Cancel)
// (c) and (e) also record the longest task on the page while the batch runs.
// and prints a Markdown table, also written to benches/BROWSER.md, beside the
// native figures of benches/RESULTS.md.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LETTERS = resolve(ROOT, '../shared/letters/dwc-2016');
const LOADS = Number(process.env.LOADS || 15);
const REPS = Number(process.env.REPS || 7);
// ONLY=b2,e,f runs only those parts (a, b1, b2, c, d, e, f); all by default.
const ONLY = process.env.ONLY ? new Set(process.env.ONLY.split(',')) : null;
const want = (part) => !ONLY || ONLY.has(part);

if (!existsSync(join(ROOT, 'www/pkg/imr_analyzer_bg.wasm'))) {
  console.error('www/pkg is not built: run `npm run build` first');
  process.exit(1);
}
if (!existsSync(LETTERS)) {
  console.error(`${LETTERS} is missing: the benchmark needs the development letters beside the checkout`);
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const textDir = join(LETTERS, 'text');
const letters = [];
for (const folder of readdirSync(textDir).sort()) {
  for (const f of readdirSync(join(textDir, folder)).filter((n) => n.endsWith('.txt')).sort()) {
    letters.push({ name: `${folder}/${f}`, text: readFileSync(join(textDir, folder, f), 'utf8') });
  }
}
const letterBytes = letters.reduce((s, l) => s + Buffer.byteLength(l.text), 0);
const pdfDir = join(LETTERS, 'pdf');
const pdfs = readdirSync(pdfDir).filter((n) => n.endsWith('.pdf')).sort()
  .map((n) => ({ name: n, b64: readFileSync(join(pdfDir, n)).toString('base64') }));

const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'imr-bench-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: { width: 1400, height: 900 },
});
const errors = [];
async function newPage() {
  const page = await context.newPage();
  page.on('crash', () => errors.push('page crashed'));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return page;
}
const ready = (page) => page.waitForSelector('#status[data-state="ready"]', { timeout: 30_000 });
const rows = [];
const result = {};

try {
  // (a) page start ------------------------------------------------------------
  async function starts(url) {
    const ms = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const page = await newPage();
      await page.goto(url);
      await ready(page);
      const t = Number(await page.evaluate(() => document.documentElement.dataset.readyMs));
      if (i > 0) ms.push(t); // the first load warms the browser's own caches
      await page.close();
    }
    return ms;
  }
  if (want('a')) {
  const served = await starts(`${base}/`);
  result.start = { median: median(served), min: Math.min(...served), max: Math.max(...served) };
  rows.push(['(a) page start, served on loopback: navigation → ready', `${fmt(result.start.median, 0)} ms median of ${served.length} (${fmt(result.start.min, 0)}–${fmt(result.start.max, 0)} ms)`, 'target < 300 ms']);
  const offline = join(ROOT, 'dist/imr-analyzer.html');
  if (existsSync(offline)) {
    const off = await starts(pathToFileURL(offline).href);
    result.offlineStart = median(off);
    rows.push(['(a) page start, offline file from file://', `${fmt(result.offlineStart, 0)} ms median of ${off.length}`, `${fmt(readFileSync(offline).length / 1e6, 2)} MB file`]);
  }
  }

  // (b) WASM throughput ----------------------------------------------------------
  const page = await newPage();
  await page.goto(`${base}/`);
  await ready(page);
  if (want('b1')) {
  const direct = await page.evaluate(async ({ list, reps }) => {
    const glue = await import('/www/pkg/imr_analyzer.js');
    await glue.default({ module_or_path: '/www/pkg/imr_analyzer_bg.wasm' });
    const run = () => { for (const l of list) glue.analyzeText(l.text, l.name, 20_000_000); };
    run(); run();
    const times = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    return times;
  }, { list: letters, reps: REPS });
  const directMs = median(direct);
  result.direct = { ms: directMs, mbps: letterBytes / 1e6 / (directMs / 1e3), lps: letters.length / (directMs / 1e3) };
  rows.push([`(b1) analyzeText on the page, ${letters.length} letters (${fmt(letterBytes / 1e6, 2)} MB), JS↔WASM included`, `${fmt(result.direct.mbps)} MB/s, ${fmt(result.direct.lps, 0)} letters/s (${fmt(directMs)} ms a pass, median of ${REPS})`, '']);

  }
  if (want('b2')) {
  const viaWorker = await page.evaluate(async ({ list, reps }) => {
    const w = new Worker('/www/worker.js', { type: 'module', name: 'bench' });
    await new Promise((res, rej) => {
      w.addEventListener('message', (e) => { if (e.data.type === 'ready') res(); if (e.data.type === 'fatal') rej(new Error(e.data.message)); });
    });
    let id = 0;
    const pass = () => new Promise((res) => {
      let left = list.length;
      const on = (e) => { if (e.data.type === 'done' && --left === 0) { w.removeEventListener('message', on); res(); } };
      w.addEventListener('message', on);
      for (const l of list) w.postMessage({ id: ++id, type: 'text', text: l.text, source: l.name });
    });
    await pass(); await pass();
    const times = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await pass();
      times.push(performance.now() - t0);
    }
    w.terminate();
    return times;
  }, { list: letters, reps: REPS });
  const workerMs = median(viaWorker);
  result.worker = { ms: workerMs, mbps: letterBytes / 1e6 / (workerMs / 1e3), lps: letters.length / (workerMs / 1e3) };
  rows.push(['(b2) the same through the page\'s worker (postMessage both ways)', `${fmt(result.worker.mbps)} MB/s, ${fmt(result.worker.lps, 0)} letters/s (${fmt(workerMs)} ms a pass)`, '']);

  }
  // (c) 1,000 letters dropped → table shown ----------------------------------------
  const drop = async (files, kind, count = 0) => page.evaluate(async ({ files: list, kind: k, n }) => {
    const make = (f) => (k === 'pdf'
      ? new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: 'application/pdf' })
      : new File([f.text], f.name.replace('/', '-'), { type: 'text/plain' }));
    const made = list.map(make);
    const dt = new DataTransfer();
    for (let i = 0; i < n; i++) dt.items.add(made[i % made.length]);
    const results = document.getElementById('results');
    const before = Number(results.dataset.run);
    const zone = document.getElementById('input-section');
    let longest = 0;
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); });
    obs.observe({ type: 'longtask' });
    const t0 = performance.now();
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    await new Promise((res) => {
      const check = () => (Number(results.dataset.run) > before ? res() : requestAnimationFrame(check));
      check();
    });
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res))); // painted
    const ms = performance.now() - t0;
    obs.disconnect();
    const shown = document.querySelectorAll('#letters-table tbody tr.r').length;
    const errorRows = document.querySelectorAll('#letters-table tbody tr.error-row').length;
    return { ms, shown, errorRows, longest, status: document.getElementById('status').textContent };
  }, { files, kind, n: kind === 'pdf' ? files.length : (count || 1000) });

  let last;
  if (want('c')) {
  const thousand = [];
  for (let i = 0; i < 3; i++) {
    last = await drop(letters, 'text');
    thousand.push(last.ms);
  }
  result.thousand = { ms: median(thousand), ...last };
  rows.push(['(c) 1,000 .txt letters dropped → Letters table shown', `${fmt(result.thousand.ms / 1e3, 2)} s median of 3 (${fmt(1000 / (result.thousand.ms / 1e3), 0)} letters/s; ${last.shown} rows in the DOM; longest task ${fmt(last.longest, 0)} ms; "${last.status}")`, 'target < 2 s; no task > 200 ms']);

  }
  // (d) PDFs -----------------------------------------------------------------------
  if (want('d')) {
  const pdfRuns = [];
  for (let i = 0; i < 3; i++) {
    last = await drop(pdfs, 'pdf');
    pdfRuns.push(last.ms);
  }
  const pdfBytes = pdfs.reduce((s, p) => s + p.b64.length * 0.75, 0);
  result.pdf = { ms: median(pdfRuns), first: pdfRuns[0], ...last };
  const notYet = /not read yet/i.test(last.status) || last.errorRows === pdfs.length;
  rows.push([`(d) ${pdfs.length} development PDFs (${fmt(pdfBytes / 1e6, 2)} MB) dropped → rows shown`,
    notYet ? `the page does not read PDFs yet (${last.errorRows} error rows)`
      : `${fmt(pdfs.length / (result.pdf.ms / 1e3))} PDFs/s (${fmt(result.pdf.ms / 1e3, 2)} s median of 3; first, loading pdf.js: ${fmt(result.pdf.first / 1e3, 2)} s; ${last.errorRows} error rows)`, '']);

  }
  // (e) 5,000 letters: time, memory, scrolling 10,000+ item rows ---------------------
  if (want('e')) {
  const five = await drop(letters, 'text', 5000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const itemRows = await page.evaluate(() => Number((document.getElementById('filter-count').textContent.match(/([\d,]+) items?/) || [])[1]));
  result.five = { ms: five.ms, heapMB: heap.usedSize / 1e6, itemRows, longest: five.longest };
  rows.push(['(e) 5,000 .txt letters dropped → tables shown', `${fmt(five.ms / 1e3, 2)} s (${fmt(5000 / (five.ms / 1e3), 0)} letters/s; longest task ${fmt(five.longest, 0)} ms)`, '']);
  rows.push(['(e) the page\'s JS heap after 5,000 letters (after GC, main thread)', `${fmt(result.five.heapMB, 1)} MB`, `${itemRows} item rows`]);
  // The main thread's own work while scrolling (CPU time, less sensitive than frame intervals to other load on the machine).
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const scroll = await page.evaluate(async () => {
    const wrap = document.getElementById('items-wrap');
    wrap.scrollIntoView();
    wrap.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    let longest = 0;
    let longTasks = 0;
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) { longTasks++; longest = Math.max(longest, e.duration); } });
    obs.observe({ type: 'longtask' });
    const frames = [];
    const step = Math.max(200, wrap.clientHeight * 0.9); // a fast fling: most of a screen a frame
    await new Promise((res) => {
      let last = performance.now();
      const tick = (t) => {
        frames.push(t - last);
        last = t;
        if (wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 1) return res();
        wrap.scrollTop += step;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    obs.disconnect();
    const sorted = frames.slice(1).sort((a, b) => a - b);
    return { frames: sorted.length, max: sorted[sorted.length - 1], p95: sorted[Math.floor(sorted.length * 0.95)], median: sorted[Math.floor(sorted.length / 2)], longTasks, longest, height: wrap.scrollHeight };
  });
  const after = await metrics();
  const work = (k) => (1000 * ((after[k] || 0) - (before[k] || 0))) / scroll.frames;
  // METRICS=1: every metric's change, on stderr.
  if (process.env.METRICS) console.error(Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (before[k] || 0)])));
  scroll.work = { layout: work('LayoutDuration'), style: work('RecalcStyleDuration'), script: work('ScriptDuration'), task: work('TaskDuration') };
  result.scroll = scroll;
  rows.push([`(e) scrolling the Items table top to bottom (${itemRows} rows, ${scroll.frames} frames, ~0.9 screen a frame)`, `frame interval median ${fmt(scroll.median, 1)} ms, 95th percentile ${fmt(scroll.p95, 1)} ms, max ${fmt(scroll.max, 1)} ms; ${scroll.longTasks} long tasks; main-thread work a frame: ${fmt(scroll.work.task, 1)} ms (layout ${fmt(scroll.work.layout, 1)}, style ${fmt(scroll.work.style, 1)}, script ${fmt(scroll.work.script, 1)})`, 'target: no frame over 50 ms']);

  }
  // (f) Summary recompute for 5,000 letters ----------------------------------------
  if (want('f')) {
  const summary = await page.evaluate(async ({ list, n }) => {
    const glue = await import('/www/pkg/imr_analyzer.js');
    await glue.default({ module_or_path: '/www/pkg/imr_analyzer_bg.wasm' });
    // Each letter's compact contribution, as the page keeps it (PageRun's results).
    const run = new glue.PageRun();
    const contributions = list.map((l) => run.analyzeText(l.text, l.name, 20_000_000).contribution);
    const expected = run.summaryRows();
    run.free();
    const all = Array.from({ length: n }, (_, i) => contributions[i % contributions.length]).join('');
    const times = [];
    let rowsOut;
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      const b = new glue.SummaryBuilder();
      b.addContributions(all);
      rowsOut = b.rows();
      times.push(performance.now() - t0);
      b.free();
    }
    if (!rowsOut.length || rowsOut[0][3] === '0') throw new Error('no Summary rows');
    // Check: the letters once give the rows the run counted from the analyses.
    const once = new glue.SummaryBuilder();
    once.addContributions(contributions.join(''));
    if (JSON.stringify(once.rows()) !== JSON.stringify(expected)) throw new Error('contributions do not give the run\'s Summary');
    once.free();
    // The page's way after a Cancel: a fresh worker, the contributions posted, the rows back.
    const w = new Worker('/www/worker.js', { type: 'module', name: 'bench-summary' });
    await new Promise((res) => w.addEventListener('message', (e) => { if (e.data.type === 'ready') res(); }));
    const viaWorker = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      await new Promise((res) => {
        w.onmessage = (e) => { if (e.data.id === r + 1) res(e.data); };
        w.postMessage({ id: r + 1, type: 'summary', contributions: all });
      });
      viaWorker.push(performance.now() - t0);
    }
    w.terminate();
    return { times, bytes: all.length, viaWorker };
  }, { list: letters, n: 5000 });
  result.summary = { ms: median(summary.times), worker: median(summary.viaWorker) };
  rows.push(['(f) Summary of 5,000 letters recomputed from their compact contributions (SummaryBuilder: addContributions + rows())', `${fmt(result.summary.ms, 1)} ms median of 7 (${fmt(summary.bytes / 1e6, 2)} MB of contributions); through the page's worker (post, count, rows back) ${fmt(result.summary.worker, 1)} ms median of 5`, 'target < 50 ms']);
  }
} catch (err) {
  console.error(`benchmark stopped: ${err.message}`);
  console.error(errors.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close().catch(() => {});
  await new Promise((r) => server.close(r));
  rmSync(profile, { recursive: true, force: true });
}

// Native figures for comparison (benches/RESULTS.md, one `cargo bench` run).
let native = '';
try {
  const md = readFileSync(join(ROOT, 'benches/RESULTS.md'), 'utf8');
  const m = /`analyze\/devset`[^|]*\|[^|]*\|\s*\*\*([\d.]+) MB\/s\*\*/.exec(md);
  if (m) native = m[1];
} catch { /* no native figures */ }
if (native && result.direct && result.worker) {
  rows.push(['native `cargo bench` analyze/devset (benches/RESULTS.md)', `${native} MB/s`,
    `browser b1 = ${fmt(100 * result.direct.mbps / Number(native), 0)} %, b2 = ${fmt(100 * result.worker.mbps / Number(native), 0)} % of native (target ≥ 50 %)`]);
}
const wasm = readFileSync(join(ROOT, 'www/pkg/imr_analyzer_bg.wasm'));
const gz = execFileSync('gzip', ['-9', '-c'], { input: wasm, maxBuffer: 1 << 26 }).length;
rows.push(['www/pkg/imr_analyzer_bg.wasm (what the page loads to analyze)', `${fmt(wasm.length / 1e3, 1)} kB raw, ${fmt(gz / 1e3, 1)} kB gzip -9`, 'target ≤ 200 KB gzipped']);

const chromiumVersion = (() => { try { return execFileSync(CHROMIUM, ['--version']).toString().trim(); } catch { return CHROMIUM; } })();
let commit = '';
try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim(); } catch { /* not a checkout */ }
const table = ['| measure | result | note |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const md = `# Browser benchmark

\`npm run bench:browser\` (scripts/bench-browser.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,
commit \`${commit}\` (plus any uncommitted work in the tree), ${chromiumVersion}, headless, ${cpus().length} cores;
the page served by scripts/serve.mjs on 127.0.0.1. Other work may have been running on the machine.
MB = 10⁶ bytes.

${table}

${errors.length ? `Page errors during the run:\n\n${errors.map((e) => `- ${e}`).join('\n')}\n` : 'No page errors during the run.\n'}`;
console.log(md);
writeFileSync(join(ROOT, 'benches/BROWSER.md'), md);
console.error('written to benches/BROWSER.md');
