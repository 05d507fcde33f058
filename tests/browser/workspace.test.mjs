// The page for work: 1,000 dropped letters in virtual tables (every row
// reachable by scrolling; the letter panel opens on click and on Enter,
// Escape closes it; sorting and filtering keep the selection), Cancel
// stopping a CPU-bound 20 MB letter (the worker is terminated), the
// text box re-analysing after typing stops, Summary groups filtering the
// tables, headers equal to the command line's, the Summary CSV equal to the
// core's Summary of the command line's analyses, and axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  launch, openReady, analyzed, runCount, readTable, screenshot, lettersSkip, letterText, coreColumns, LETTERS, ROOT,
} from './helpers.mjs';

const skip = lettersSkip();
if (skip) console.log(`# SKIP: ${skip}`);
const CLI = join(ROOT, 'target/release/imr-analyzer');
const PDF_DIR = join(LETTERS, 'dwc-2016/pdf');
/** Copies of a 20 MB letter in the Cancel test (each takes the core about half a second here, uncancelled). */
const BIG = 10;

let b;
let page;
before(async () => {
  if (skip) return;
  b = await launch({ viewport: { width: 1366, height: 860 } });
  page = await b.newPage();
  await openReady(page, b.base);
});
after(async () => {
  if (b) await b.close();
});

/** Drop File objects made in the page from [{ name, content }]. */
async function dropTexts(list, n = list.length) {
  const before = await runCount(page);
  await page.evaluate(({ files, count }) => {
    const dt = new DataTransfer();
    for (let i = 0; i < count; i++) {
      const f = files[i % files.length];
      dt.items.add(new File([f.content], `${String(i + 1).padStart(4, '0')}-${f.name}`, { type: 'text/plain' }));
    }
    document.getElementById('input-section').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { files: list, count: n });
  return before;
}

/** Scroll a table from top to bottom: the keys of every row, in row order. */
async function allKeys(id) {
  return page.evaluate(async (tid) => {
    const t = document.getElementById(tid);
    const wrap = t.closest('.table-wrap');
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const keys = new Map();
    wrap.scrollTop = 0;
    await frame();
    for (;;) {
      for (const tr of t.querySelectorAll('tbody tr.r')) keys.set(Number(tr.dataset.row), tr.dataset.key);
      if (wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 1) break;
      wrap.scrollTop += wrap.clientHeight * 0.9;
      await frame();
    }
    return [...keys.keys()].sort((x, y) => x - y).map((k) => keys.get(k));
  }, id);
}

const panelOpen = () => page.evaluate(() => !document.getElementById('letter-panel').hidden);
const selectedKey = (id) => page.evaluate((tid) => {
  const tr = document.querySelector(`#${tid} tbody tr.r.selected`);
  return tr ? tr.dataset.key : null;
}, id);

const TEXTS = skip ? [] : ['pypdf', 'pdfminer', 'pdftotext', 'pdftotext-layout'].flatMap((folder) => {
  const dir = join(LETTERS, 'dwc-2016/text', folder);
  return readdirSync(dir).filter((x) => x.endsWith('.txt')).sort().map((n) => ({ name: `${folder}-${n}`, content: readFileSync(join(dir, n), 'utf8') }));
});

test('1,000 dropped letters: every row reachable by scrolling; the panel opens on click and on Enter; sort and filter keep the selection', { skip }, async () => {
  const N = 1000;
  const before = await dropTexts(TEXTS, N);
  const t0 = Date.now();
  await analyzed(page, before);
  console.log(`# 1,000 letters analyzed and shown in ${Date.now() - t0} ms (wall, round trips included)`);
  const counts = await page.$$eval('#counts .count', (els) => Object.fromEntries(els.map((e) => [e.dataset.count, Number(e.querySelector('dd').textContent)])));
  assert.equal(counts.letters, N);

  const keys = await allKeys('letters-table');
  assert.deepEqual(keys, Array.from({ length: N }, (_, i) => `L${i}`), 'every letter row, in input order, reached by scrolling');
  const itemKeys = await allKeys('items-table');
  assert.equal(itemKeys.length, counts.items, 'every item row reached by scrolling');
  assert.equal(new Set(itemKeys).size, counts.items);
  assert.ok(await page.$$eval('#items-table tbody tr.r', (r) => r.length) < 200, 'only the rows in view are in the DOM');
  // The header stays at the top of the table while its rows scroll.
  const stuck = await page.evaluate(async () => {
    const wrap = document.getElementById('letters-wrap');
    wrap.scrollTop = wrap.scrollHeight / 2;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const off = document.querySelector('#letters-table thead').getBoundingClientRect().top - wrap.getBoundingClientRect().top;
    wrap.scrollTop = 0;
    return off;
  });
  assert.ok(stuck >= 0 && stuck <= 2, `the header sticks (${stuck} px from the top)`);

  // Click a row: the panel opens with that letter; Escape closes it.
  await page.$eval('#letters-wrap', (w) => { w.scrollTop = 0; });
  await page.waitForTimeout(100);
  await page.click('#letters-table tbody tr.r[data-row="3"] td[data-col="layout"]');
  assert.equal(await panelOpen(), true);
  const caseOf = (row) => page.$eval(`#letters-table tbody tr.r[data-row="${row}"] td[data-col="case_number"]`, (td) => td.firstChild.firstChild.textContent);
  const case3 = await caseOf(3);
  assert.match(await page.textContent('#letter-h'), new RegExp(case3), 'the clicked row\'s letter is in the panel');
  assert.equal(await selectedKey('letters-table'), 'L3');
  await page.keyboard.press('Escape');
  assert.equal(await panelOpen(), false);

  // Keyboard: arrows move the selection, Enter opens it.
  await page.focus('#letters-wrap');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selectedKey('letters-table'), 'L5');
  assert.equal(await panelOpen(), false);
  await page.keyboard.press('Enter');
  assert.equal(await panelOpen(), true);
  const case5 = await caseOf(5);
  assert.match(await page.textContent('#letter-h'), new RegExp(case5), 'Enter opened the selected row\'s letter');
  await screenshot(page, 'workspace-1000');

  // Sorting keeps the selection (and brings it into view); so does a filter that keeps the row.
  await page.click('#letters-table th[data-col="case_number"] button');
  await page.waitForSelector('#letters-table th[data-col="case_number"][aria-sort="ascending"]');
  await page.waitForFunction(() => document.querySelector('#letters-table tbody tr.r.selected'));
  assert.equal(await selectedKey('letters-table'), 'L5');
  assert.match(await page.textContent('#letter-h'), new RegExp(case5), 'sorting keeps the panel\'s letter');
  await page.fill('#filter', case5.toLowerCase());
  await page.waitForFunction(() => /^Showing/.test(document.getElementById('filter-count').textContent));
  await page.waitForFunction(() => document.querySelector('#letters-table tbody tr.r.selected'));
  assert.equal(await selectedKey('letters-table'), 'L5');
  assert.equal(await panelOpen(), true);
  const filtered = await readTable(page, 'letters-table');
  assert.ok(filtered.rows.length > 1 && filtered.rows.every((r) => r[1] === case5), 'the filter keeps every copy of the case');
  await page.fill('#filter', '');
  await page.waitForFunction(() => !/^Showing/.test(document.getElementById('filter-count').textContent));
  await page.click('#letters-table th[data-col="case_number"] button');
  await page.click('#letters-table th[data-col="case_number"] button');
  assert.equal(await page.getAttribute('#letters-table th[data-col="case_number"]', 'aria-sort'), 'none');
});

test('keyboard: each table is one Tab stop (focus does not open the panel), arrows keep the selected row in the window, Up reaches the headers; skip links', { skip }, async () => {
  if (await panelOpen()) await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  // Tab from the filter box: the Letters table, then the Items table, with only their buttons between.
  await page.focus('#filter');
  const stops = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const a = document.activeElement;
      return a.id || (a.closest('table') ? `in ${a.closest('table').id}` : a.tagName);
    });
    stops.push(where);
    if (where === 'items-wrap') break;
  }
  assert.ok(stops.includes('letters-wrap'), `Tab reaches the Letters table: ${stops.join(' ')}`);
  assert.equal(stops.at(-1), 'items-wrap', `Tab reaches the Items table: ${stops.join(' ')}`);
  assert.ok(!stops.some((x) => x.startsWith('in ')), `nothing inside a table is a Tab stop: ${stops.join(' ')}`);
  // Between them only the filters (category, decision, reason, outcome, the two decision dates) and each table's toolbar (a format and three buttons).
  const filters = stops.slice(0, stops.indexOf('letters-wrap')).filter((x) => x.endsWith('-filter'));
  assert.deepEqual(filters, ['category-filter', 'decision-filter', 'reason-filter', 'outcome-filter'], `filters: ${stops.join(' ')}`);
  // A date input is one control with its own fields (month, day, year, the calendar): counted once.
  const controls = stops.filter((x, i) => x !== stops[i - 1]);
  assert.ok(controls.length <= 16, `${controls.length} controls from the filter to the Items table: ${stops.join(' ')}`);
  assert.equal(await panelOpen(), false, 'Tab onto a table does not open the panel');
  // Arrows: the selected row stays in the window (the page scrolls, not only the table's box).
  await page.focus('#letters-wrap');
  await page.keyboard.press('Home');
  for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowDown');
  await page.waitForTimeout(150);
  const rect = await page.evaluate(() => {
    const r = document.querySelector('#letters-table tbody tr.r.selected').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, h: window.innerHeight };
  });
  assert.equal(await selectedKey('letters-table'), 'L40');
  assert.ok(rect.top >= 0 && rect.bottom <= rect.h, `the selected row is in the window (${Math.round(rect.top)}–${Math.round(rect.bottom)} of ${rect.h})`);
  assert.equal(await panelOpen(), false, 'arrows do not open the panel');
  // Up from the first row: the column headers; Right moves along them; Down goes back to the rows.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.sortCol), 'source');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.sortCol), 'case_number');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'letters-wrap');
  // Skip links to the Summary and each table.
  const skips = await page.$$eval('a.skip', (as) => as.map((a) => [a.getAttribute('href'), Boolean(document.querySelector(a.getAttribute('href')))]));
  for (const id of ['#summary-h', '#letters-h', '#items-h']) assert.ok(skips.some(([h, ok]) => h === id && ok), `a skip link to ${id}`);
});

test('clicking a row opens the panel without moving the row out of view', { skip }, async () => {
  if (await panelOpen()) await page.keyboard.press('Escape');
  await page.$eval('#items-wrap', (w) => { w.scrollTop = 0; });
  // The Items table's fourth row near the bottom of the window, as a reader scrolling down would have it.
  await page.evaluate(() => {
    const r = document.querySelector('#items-table tbody tr.r[data-row="3"]').getBoundingClientRect();
    window.scrollBy(0, r.top - (window.innerHeight - 120));
  });
  await page.waitForTimeout(100);
  const where = () => page.evaluate(() => {
    const r = document.querySelector('#items-table tbody tr.r[data-row="3"]').getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), h: window.innerHeight };
  });
  const before = await where();
  await page.click('#items-table tbody tr.r[data-row="3"] td[data-col="item"]', { position: { x: 3, y: 3 } });
  assert.equal(await panelOpen(), true);
  await page.waitForTimeout(200);
  const after = await where();
  assert.ok(after.top >= 0 && after.bottom <= after.h, `the clicked row is in the window (${after.top}–${after.bottom} of ${after.h})`);
  assert.ok(Math.abs(after.top - before.top) <= 4, `the clicked row stays in place (${before.top} → ${after.top})`);
  await page.keyboard.press('Escape');
});

test('a Summary group filters both tables to its letters and items; the chip removes it; filters combine', { skip }, async () => {
  await page.selectOption('#summary .sp-dimension', 'reviewer_state');
  const row = await page.$eval('#summary .sp-table tbody tr[data-group]', (tr) => ({
    group: tr.dataset.group, cells: [...tr.querySelectorAll('td')].slice(0, 2).map((c) => Number(c.textContent)),
  }));
  const [letters, items] = row.cells;
  await page.click(`#summary .sp-table tbody tr[data-group="${row.group}"] button`);
  await page.waitForSelector('#filter-chips .chip');
  assert.match(await page.textContent('#filter-chips .chip'), new RegExp(`Reviewer state: ${row.group}`));
  await page.waitForFunction(() => /^Showing/.test(document.getElementById('filter-count').textContent));
  const text = await page.textContent('#filter-count');
  const m = text.match(/^Showing (\d+) of \d+ letter rows and (\d+) of \d+ items/);
  assert.deepEqual([Number(m[1]), Number(m[2])], [letters, items], `${row.group}: ${text}`);
  // Combined with the text filter: fewer rows, all of the group.
  await page.fill('#filter', 'physical therapy');
  await page.waitForFunction((t) => document.getElementById('filter-count').textContent !== t, text);
  const both = await page.textContent('#filter-count');
  const m2 = both.match(/and (\d+) of/);
  assert.ok(Number(m2[1]) < items, both);
  const its = await readTable(page, 'items-table');
  assert.ok(its.rows.every((r) => /physical therapy/i.test(r.join(' '))));
  await page.fill('#filter', '');
  await page.click('#filter-chips .chip');
  await page.waitForFunction(() => !/^Showing/.test(document.getElementById('filter-count').textContent));
  assert.equal(await page.isHidden('#filter-chips'), true);
});

test('axe-core: no serious or critical violations with a batch and the panel open', { skip }, async () => {
  if (!(await panelOpen())) await page.click('#letters-table tbody tr.r[data-row="0"] td[data-col="layout"]');
  assert.equal(await panelOpen(), true);
  // Injected by the test only (never part of the page), run through the devtools protocol.
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' ') }));
  });
  if (violations.length) console.log(`# axe (all impacts): ${JSON.stringify(violations)}`);
  assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), []);
});

test('Cancel during CPU-bound 20 MB letters stops the run: the worker is terminated long before the batch could end, and a fresh one answers', { skip }, async () => {
  const letter = letterText('dwc-2016/text/pdftotext-layout', 'CM16-0230651.txt');
  const closed = [];
  for (const w of page.workers()) w.on('close', () => closed.push(Date.now()));
  page.on('worker', (w) => w.on('close', () => closed.push(Date.now())));
  const startsBefore = Number(await page.evaluate(() => document.documentElement.dataset.workerStarts));
  const before = await runCount(page);
  // BIG copies of a 20 MB letter (one Blob, shared) and a small one: the core takes a while over each big one.
  await page.evaluate(({ text, n }) => {
    const big = new Blob([text.repeat(Math.floor(19_900_000 / text.length))], { type: 'text/plain' });
    const dt = new DataTransfer();
    for (let i = 1; i <= n; i++) dt.items.add(new File([big], `big-${String(i).padStart(2, '0')}.txt`, { type: 'text/plain' }));
    dt.items.add(new File([text], 'small.txt', { type: 'text/plain' }));
    document.getElementById('input-section').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { text: letter, n: BIG });
  await page.waitForFunction(() => /reading big-01\.txt/.test(document.getElementById('progress-text').textContent));
  await page.waitForTimeout(300); // the worker is busy in the core now
  const t0 = Date.now();
  await page.click('#cancel');
  await analyzed(page, before);
  const stopped = Date.now() - t0;
  await page.waitForFunction(() => document.documentElement.dataset.worker === 'ready');
  while (!closed.length && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
  const workerGone = closed.length ? closed[0] - t0 : null;
  const received = Number(await page.getAttribute('#progress', 'data-received'));
  // Figures only: speed is measured by the benchmarks, never asserted by a timed test.
  console.log(`# Cancel: the run stopped ${stopped} ms after the click; the busy worker closed after ${workerGone} ms; ${received} of ${BIG + 1} files had arrived`);
  assert.equal(await page.getAttribute('#progress', 'data-state'), 'cancelled');
  assert.match(await page.textContent('#progress-text'), new RegExp(`^Cancelled: ${received} of ${BIG + 1} files analyzed`));
  assert.ok(workerGone !== null, 'the busy worker was terminated (its close event came)');
  // Long before the uncancelled batch would end: at most a few of its big letters arrived, and never the last file.
  assert.ok(received <= BIG / 2, `the run stopped early: ${received} of ${BIG + 1} files arrived`);
  assert.equal(await page.locator('#letters-table tbody tr.r', { hasText: 'small.txt' }).count(), 0, 'the last file was never analyzed');
  assert.equal(Number(await page.evaluate(() => document.documentElement.dataset.workerStarts)), startsBefore + 1, 'a fresh worker was started');
  // The fresh worker answers.
  const again = await runCount(page);
  await page.fill('#letter-input', letter);
  await page.click('#analyze');
  await analyzed(page, again);
  assert.match(await page.textContent('#status'), /Analyzed 1 letter with 10 items/);
});

test('the text box re-analyses once typing stops', { skip }, async () => {
  const text = letterText('dwc-2016/text/pypdf', 'CM16-0230548.txt');
  const before = await runCount(page);
  await page.fill('#letter-input', text); // an edit, not a paste: analysed after the pause
  await analyzed(page, before);
  const rows = await readTable(page, 'letters-table');
  assert.equal(rows.rows[0][1], 'CM16-0230548');
  // Replace the case number by typing over it, key by key, without Ctrl+Enter.
  const start = text.indexOf('CM16-0230548');
  await page.evaluate((s) => {
    const box = document.getElementById('letter-input');
    box.focus();
    box.setSelectionRange(s, s + 'CM16-0230548'.length);
  }, start);
  const mid = await runCount(page);
  await page.keyboard.type('CM16-7654321', { delay: 40 });
  assert.equal(await runCount(page), mid, 'no analysis while typing');
  await analyzed(page, mid);
  await page.waitForTimeout(500);
  assert.equal(await runCount(page), mid + 1, 'one analysis after typing stopped');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'letter-input', 'the run does not take the focus from the box');
  const after = await readTable(page, 'letters-table');
  assert.equal(after.rows[0][1], 'CM16-7654321');
  // Emptying the box by hand takes its analysis away (no stale tables, no new run).
  const runs = await runCount(page);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => document.getElementById('results').hidden, null, { timeout: 5000 });
  assert.equal(await runCount(page), runs);
  assert.equal(await page.textContent('#status'), 'The box is empty: paste a letter or choose files.');
  // Typing the letter again analyses it again.
  await page.fill('#letter-input', text);
  await analyzed(page, runs);
  assert.equal(await page.isHidden('#results'), false);
});

test('typing while the tables show a batch of files never replaces it: only Analyze (Ctrl+Enter) does', { skip }, async () => {
  const files = ['CM16-0221706.txt', 'CM16-0230548.txt', 'CM16-0230651.txt'].filter((n) => existsSync(join(LETTERS, 'dwc-2016/text/pypdf', n)))
    .map((n) => ({ name: n, content: letterText('dwc-2016/text/pypdf', n) }));
  assert.ok(files.length >= 2, 'development letters to drop');
  const before = await dropTexts(files);
  await analyzed(page, before);
  assert.equal((await readTable(page, 'letters-table')).rows.length, files.length);
  const mid = await runCount(page);
  await page.fill('#letter-input', '');
  await page.focus('#letter-input');
  await page.keyboard.type('x');
  await page.waitForTimeout(1000); // well past the typing pause
  assert.equal(await runCount(page), mid, 'no analysis after typing while a file batch is shown');
  assert.equal((await readTable(page, 'letters-table')).rows.length, files.length, 'the batch is still shown');
  assert.match(await page.textContent('#status'), /still show the \d+ files\. Press Analyze/);
  await page.keyboard.press('Control+Enter');
  await analyzed(page, mid);
  assert.equal((await readTable(page, 'letters-table')).rows.length, 1, 'Analyze replaces the batch with the box\'s letter');
  // Now the tables show the box's letter: typing re-analyses it again.
  const typed = await runCount(page);
  await page.keyboard.type('y');
  await analyzed(page, typed);
});

test('the page\'s table headers equal the command line\'s', { skip: skip || (!existsSync(CLI) && 'target/release/imr-analyzer is not built') }, async () => {
  const file = join(LETTERS, 'dwc-2016/text/pypdf/CM16-0230548.txt');
  for (const table of ['letters', 'items']) {
    const cli = execFileSync(CLI, ['--format', 'tsv', '--table', table, file], { encoding: 'utf8' }).replace(/^\uFEFF/, '').split(/\r?\n/)[0].split('\t');
    const shown = (await readTable(page, `${table}-table`)).header;
    assert.deepEqual(shown, cli, table);
    assert.deepEqual(shown, coreColumns()[table === 'letters' ? 'LETTER_COLUMNS' : 'ITEM_COLUMNS']);
  }
});

test('the Summary CSV of the 62 development PDFs equals the command line\'s', { skip: skip || (!existsSync(CLI) && 'target/release/imr-analyzer is not built') }, async () => {
  // The command line's analyses (pdftotext) through the core's Summary; and its own
  // --table summary when it has one.
  const core = await import(join(ROOT, 'www/pkg/imr_analyzer.js'));
  const lines = execFileSync(CLI, ['--format', 'jsonl', PDF_DIR], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean);
  const expected = core.exportTable(lines.map((l) => JSON.parse(l)), 'summary', 'csv');
  let cliSummary = null;
  try {
    cliSummary = execFileSync(CLI, ['--format', 'csv', '--table', 'summary', PDF_DIR], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    console.log('# this command line has no --table summary yet: compared with the core\'s Summary of its analyses');
  }
  if (cliSummary !== null) assert.equal(expected, cliSummary, 'the core\'s Summary of the CLI\'s analyses is the CLI\'s Summary');

  const before = await runCount(page);
  const pdfs = readdirSync(PDF_DIR).filter((n) => n.endsWith('.pdf')).sort().map((n) => join(PDF_DIR, n));
  assert.equal(pdfs.length, 62);
  await page.setInputFiles('#file-input', pdfs);
  await analyzed(page, before, 120_000);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#summary .sp-download')]);
  assert.match(dl.suggestedFilename(), /^imr-summary-\d{4}-\d{2}-\d{2}\.csv$/);
  const got = readFileSync(await dl.path(), 'utf8');
  assert.equal(got, expected);
  // The timing of decisions: median, 90th percentile and longest of the letters' days_to_decision.
  const { timingStats, formatDays } = await import(join(ROOT, 'www/timing.js'));
  const lettersCsv = execFileSync(CLI, ['--format', 'tsv', '--table', 'letters', PDF_DIR], { encoding: 'utf8', maxBuffer: 1 << 26 }).replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split('\t'));
  const di = lettersCsv[0].indexOf('days_to_decision');
  const st = timingStats(lettersCsv.slice(1).map((r) => r[di]));
  assert.ok(st.count > 50, `${st.count} letters with both dates`);
  const stats = await page.$$eval('#timing .sp-timing-stats dd', (dds) => dds.map((d) => d.textContent));
  for (const v of [st.median, st.p90, st.max]) assert.ok(stats.some((t) => t.includes(formatDays(v))), `${formatDays(v)} in ${stats}`);
  await page.evaluate(() => document.getElementById('summary-h').scrollIntoView());
  await screenshot(page, 'summary-62');
});

test('columns resize by dragging their edge; long cells are clamped to two lines with the whole text on hover and focus', { skip }, async () => {
  const before = await runCount(page);
  await page.fill('#letter-input', letterText('dwc-2016/text/pypdf', 'CM16-0230548.txt'));
  await page.click('#analyze');
  await analyzed(page, before);
  const th = 'th[data-col="request"]';
  const width = () => page.$eval(`#items-table ${th}`, (e) => e.getBoundingClientRect().width);
  await page.$eval(`#items-table ${th}`, (e) => e.scrollIntoView({ block: 'center' }));
  const w0 = await width();
  const grip = await page.$eval(`#items-table ${th} .col-resize`, (g) => {
    const r = g.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.move(grip.x, grip.y);
  await page.mouse.down();
  await page.mouse.move(grip.x + 120, grip.y, { steps: 5 });
  await page.mouse.up();
  const w1 = await width();
  assert.ok(Math.abs(w1 - w0 - 120) < 4, `dragged 120 px wider: ${w0} → ${w1}`);
  // The rationale: two lines in the row, the whole text in the cell's title and when focused.
  const cellSel = '#items-table tr[data-item="0"] td[data-col="rationale"]';
  const clamp = await page.$eval(`${cellSel} .clamp`, (c) => ({
    h: c.getBoundingClientRect().height, full: c.scrollHeight, title: c.parentElement.title, whole: c.querySelector('.v').dataset.full, lh: parseFloat(getComputedStyle(c).lineHeight),
  }));
  assert.ok(clamp.h <= 2 * clamp.lh + 1 && clamp.full > clamp.h, `two lines: ${clamp.h} px of ${clamp.full}`);
  assert.ok(clamp.whole && clamp.whole.length > 280, 'a long rationale is shortened in the row');
  assert.equal(clamp.title, clamp.whole, 'the whole text on hover');
  await page.focus(`${cellSel} .v`);
  const open = await page.$eval(`${cellSel} .clamp`, (c) => ({ h: c.getBoundingClientRect().height, text: c.textContent }));
  assert.ok(open.h > clamp.h + 10, `the focused cell shows more (${open.h} px)`);
  assert.equal(open.text, clamp.whole, 'and its whole text');
});

test('columns are sized by kind, short text columns (source, case number, layout) narrower than free text', { skip }, async () => {
  const w = (id, col) => page.$eval(`#${id} col[data-col="${col}"]`, (c) => parseFloat(c.style.width));
  const free = await w('items-table', 'request');
  for (const col of ['source', 'case_number', 'layout']) assert.ok(await w('letters-table', col) < free * 0.85, `${col} is narrower than free text`);
  assert.ok(await w('items-table', 'item') < await w('items-table', 'case_number'));
  assert.ok(await w('letters-table', 'decision_date') < await w('letters-table', 'source'));
});

test('the Items table\'s category select lists the categories present with counts and filters to one', { skip }, async () => {
  const before = await runCount(page);
  const pdfs = readdirSync(PDF_DIR).filter((n) => n.endsWith('.pdf')).sort().slice(0, 20).map((n) => join(PDF_DIR, n));
  await page.setInputFiles('#file-input', pdfs);
  await analyzed(page, before, 120_000);
  assert.equal(await page.isVisible('#category-filter'), true);
  const options = await page.$$eval('#category-filter option', (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  assert.match(options[0].text, /^All categories \(\d+\)$/);
  const items = await readTable(page, 'items-table');
  const ci = items.header.indexOf('category');
  const expected = {};
  for (const r of items.rows) if (r[ci]) expected[r[ci]] = (expected[r[ci]] || 0) + 1;
  assert.deepEqual(Object.fromEntries(options.slice(1).map((o) => [o.value, Number(o.text.match(/\((\d+)\)$/)[1])])), expected);
  const pick = options[1];
  await page.selectOption('#category-filter', pick.value);
  await page.waitForFunction(() => /^Showing/.test(document.getElementById('filter-count').textContent));
  const shown = await readTable(page, 'items-table');
  assert.equal(shown.rows.length, expected[pick.value]);
  assert.ok(shown.rows.every((r) => r[ci] === pick.value));
  await page.selectOption('#category-filter', '');
  await page.waitForFunction(() => !/^Showing/.test(document.getElementById('filter-count').textContent));
});

test('the decision date range keeps the letters decided in it, both ends included, and their items', { skip }, async () => {
  // The batch of the test before (20 development PDFs) is shown.
  assert.equal(await page.isVisible('#date-from'), true);
  const letters = await readTable(page, 'letters-table');
  const di = letters.header.indexOf('decision_date');
  const dates = letters.rows.map((r) => r[di]).filter(Boolean).sort();
  assert.ok(dates.length >= 10);
  const [from, to] = [dates[2], dates[dates.length - 3]];
  assert.equal(await page.getAttribute('#date-from', 'min'), dates[0]);
  await page.fill('#date-from', from);
  await page.fill('#date-to', to);
  await page.waitForFunction(() => /^Showing/.test(document.getElementById('filter-count').textContent));
  const shown = await readTable(page, 'letters-table');
  const want = letters.rows.filter((r) => r[di] && r[di] >= from && r[di] <= to).map((r) => r[0]);
  assert.deepEqual(shown.rows.map((r) => r[0]), want);
  const items = await readTable(page, 'items-table');
  const sources = new Set(want);
  assert.ok(items.rows.length > 0 && items.rows.every((r) => sources.has(r[items.header.indexOf('source')])));
  await page.fill('#date-from', '');
  await page.fill('#date-to', '');
  await page.waitForFunction(() => !/^Showing/.test(document.getElementById('filter-count').textContent));
});
