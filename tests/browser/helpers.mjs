// Shared set-up for the browser tests: the static server on a free loopback
// port, headless Chromium (Debian's, driven by playwright-core), and the
// development letters in ../shared/letters.
import { mkdtempSync, rmSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LETTERS = resolve(ROOT, '../shared/letters');
export const OUT = join(ROOT, 'test-output');
mkdirSync(OUT, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Flags for Debian's Chromium here: no sandbox as root, no background network. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Whether ../shared/letters is there. On CI (CI=true) a missing folder is a
 * failure; elsewhere the tests that need it skip with this message.
 */
export function lettersSkip() {
  if (existsSync(LETTERS)) return false;
  const msg = `../shared/letters is missing (looked in ${LETTERS}): the tests on real letters need it beside the checkout`;
  if (process.env.CI === 'true') throw new Error(msg);
  return msg;
}

/** The core's column names of the Letters and Items tables (its tableColumns, run here in Node). */
const PKG = join(ROOT, 'www/pkg');
const core = existsSync(join(PKG, 'imr_analyzer_bg.wasm')) ? await import(join(PKG, 'imr_analyzer.js')) : null;
if (core) core.initSync({ module: readFileSync(join(PKG, 'imr_analyzer_bg.wasm')) });
/** The core itself, in Node (the same WASM the page runs): the expected analysis of a text, the core's words. */
export function coreApi() {
  if (!core) throw new Error('www/pkg is not built: run `npm run build`');
  return core;
}

export function coreColumns() {
  if (!core) throw new Error('www/pkg is not built: run `npm run build`');
  const names = (t) => core.tableColumns(t).map((c) => c.name);
  return { LETTER_COLUMNS: names('letters'), ITEM_COLUMNS: names('items'), SUMMARY_COLUMNS: names('summary') };
}

export function letterText(folder, name) {
  return readFileSync(join(LETTERS, folder, name), 'utf8');
}

export function gold(caseNumber) {
  return JSON.parse(readFileSync(join(LETTERS, 'dwc-2016', 'gold', `${caseNumber}.json`), 'utf8'));
}

/** Start the server and the browser; returns { base, browser, context, newPage, close }. */
export async function launch({ colorScheme = 'light', viewport = { width: 1400, height: 900 }, permissions = [] } = {}) {
  if (!existsSync(join(ROOT, 'www/pkg/imr_analyzer_bg.wasm'))) {
    throw new Error('www/pkg is not built: run `npm run build` (npm test does it)');
  }
  const server = await startServer({ port: 0 });
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), 'imr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    colorScheme,
    acceptDownloads: true,
    permissions,
  });
  const errors = [];
  async function newPage() {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    return page;
  }
  async function close() {
    await context.close().catch(() => {});
    await new Promise((r) => server.close(r));
    rmSync(profile, { recursive: true, force: true });
  }
  return { base, context, newPage, close, errors };
}

/**
 * Open the page and wait until the analyzer says it is ready. `batches`: what
 * a choice of files does to a batch shown, 'replace' (the tests of one batch
 * after another) or 'add' (the page's default: files are added to the batch).
 */
export async function openReady(page, base, { batches = 'replace' } = {}) {
  await page.goto(`${base}/`);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 20_000 });
  await setBatchMode(page, batches);
}

/** Choose what new files do to the batch shown: 'add' or 'replace' (the radio may be hidden while no batch is shown). */
export async function setBatchMode(page, mode) {
  await page.evaluate((m) => {
    document.getElementById(m === 'add' ? 'mode-add' : 'mode-replace').checked = true;
  }, mode);
}

/** Wait for the next finished analysis run (data-run grows). */
export async function analyzed(page, before, timeout = 20_000) {
  await page.waitForFunction((n) => Number(document.getElementById('results').dataset.run) > n, before, { timeout });
}

export async function runCount(page) {
  return page.evaluate(() => Number(document.getElementById('results').dataset.run));
}

/** Put text into the box and analyze it with Ctrl+Enter. */
export async function analyzeText(page, text) {
  const before = await runCount(page);
  await page.fill('#letter-input', text);
  await page.focus('#letter-input');
  await page.keyboard.press('Control+Enter');
  await analyzed(page, before);
}

/**
 * The table as { header: [column names], labels: [header text], rows: [[...]] } (cell text as shown). The tables
 * are virtual (only rows in view are in the DOM): this scrolls the table from
 * top to bottom and collects every row by its position, as a reader would.
 */
export async function readTable(page, id) {
  return page.evaluate(async (tid) => {
    const t = document.getElementById(tid);
    const wrap = t.closest('.table-wrap');
    // Markers the page adds beside values (sort arrows, "duplicate", resize grips) are not cell text.
    // A long value shows its first characters; its whole text (title, focus) is data-full.
    const text = (node) => {
      const c = node.cloneNode(true);
      for (const x of c.querySelectorAll('[data-extra]')) x.remove();
      for (const v of c.querySelectorAll('[data-full]')) v.textContent = v.dataset.full;
      return c.textContent;
    };
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    // The header as the core's column names (th data-col); `labels`: the words the headers show.
    const header = [...t.querySelectorAll('thead th')].map((th) => th.dataset.col);
    const labels = [...t.querySelectorAll('thead th')].map(text);
    const rows = new Map();
    const collect = () => {
      for (const tr of t.querySelectorAll('tbody tr.r')) {
        rows.set(Number(tr.dataset.row), [...tr.querySelectorAll('td')].map((td) => (td.querySelector('.none') ? '' : text(td))));
      }
    };
    const saved = wrap.scrollTop;
    wrap.scrollTop = 0;
    await frame();
    collect();
    for (let guard = 0; guard < 10_000 && wrap.scrollTop + wrap.clientHeight < wrap.scrollHeight - 1; guard++) {
      wrap.scrollTop += Math.max(40, wrap.clientHeight * 0.8);
      await frame();
      collect();
    }
    wrap.scrollTop = saved;
    await frame();
    return { header, labels, rows: [...rows.keys()].sort((x, y) => x - y).map((k) => rows.get(k)) };
  }, id);
}

export function cell(table, row, column) {
  const i = table.header.indexOf(column);
  if (i < 0) throw new Error(`no column ${column}`);
  return table.rows[row][i];
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
}

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cellText = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cellText += '"'; i++; } else if (c === '"') quoted = false; else cellText += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cellText); cellText = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cellText); rows.push(row); row = []; cellText = ''; i++; } else cellText += c;
  }
  if (cellText || row.length) { row.push(cellText); rows.push(row); }
  return rows;
}
