// The page over a working day: files added to the batch (or replacing it), a
// paste that waits while a batch is shown, leaving the page asks first, a
// downloaded JSON opened again, copies and downloads of the rows shown or all
// rows, column labels in words with the exports' names kept, key columns in
// view sideways, quick filters, Cancel counting what was not analyzed, and PDF
// page breaks that keep words apart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, openReady, analyzed, runCount, readTable, cell, screenshot, lettersSkip, setBatchMode, parseCsv, LETTERS, ROOT,
} from './helpers.mjs';

const skip = lettersSkip();
if (skip) console.log(`# SKIP: ${skip}`);
const TEXT_DIR = join(LETTERS, 'dwc-2016/text/pypdf');
const PDF_DIR = join(LETTERS, 'dwc-2016/pdf');
const TEXTS = skip ? [] : readdirSync(TEXT_DIR).filter((n) => n.endsWith('.txt')).sort();
const PDFS = skip ? [] : readdirSync(PDF_DIR).filter((n) => n.endsWith('.pdf')).sort();
const core = skip ? null : await import(join(ROOT, 'www/pkg/imr_analyzer.js'));
if (core) core.initSync({ module: readFileSync(join(ROOT, 'www/pkg/imr_analyzer_bg.wasm')) });

let b;
let page;
let tmp;
before(async () => {
  if (skip) return;
  tmp = mkdtempSync(join(tmpdir(), 'imr-workday-'));
  b = await launch({ viewport: { width: 1280, height: 860 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await b.newPage();
  await openReady(page, b.base, { batches: 'add' });
});
after(async () => {
  if (b) await b.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function choose(files) {
  const before = await runCount(page);
  await page.setInputFiles('#file-input', files);
  await analyzed(page, before, 60_000);
}
const counts = () => page.$$eval('#counts .count', (els) => Object.fromEntries(els.map((e) => [e.dataset.count, Number(e.querySelector('dd').textContent)])));
const sources = async () => (await readTable(page, 'letters-table')).rows.map((r) => r[0]);
async function downloadText(selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), path };
}

test('files chosen while a batch is shown are added to it; Replace starts a new one', { skip }, async () => {
  await choose(TEXTS.slice(0, 2).map((n) => join(TEXT_DIR, n)));
  assert.deepEqual(await sources(), TEXTS.slice(0, 2));
  assert.equal(await page.isVisible('#batch-mode'), true, 'the add / replace choice shows once a batch is shown');
  assert.equal(await page.isChecked('#mode-add'), true, 'adding is the default');
  const first = await counts();
  await choose([join(TEXT_DIR, TEXTS[2])]);
  assert.deepEqual(await sources(), TEXTS.slice(0, 3), 'the third file joined the first two');
  const now = await counts();
  assert.equal(now.letters, 3);
  // The Summary counts the whole batch, not only the added file.
  const headline = await page.textContent('#summary .sp-headline');
  assert.match(headline, new RegExp(`Of ${now.items} items? in `), headline);
  assert.ok(now.items > first.items);

  await page.check('#mode-replace');
  await choose([join(TEXT_DIR, TEXTS[3])]);
  assert.deepEqual(await sources(), [TEXTS[3]], 'Replace: only the new file');
  assert.equal((await counts()).letters, 1);
  await page.check('#mode-add');
});

test('a paste while a batch is shown waits for Analyze, as typing does', { skip }, async () => {
  const rows = await sources();
  assert.ok(rows.length >= 1);
  const runs = await runCount(page);
  const text = readFileSync(join(TEXT_DIR, TEXTS[4]), 'utf8');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('#letter-input');
  await page.keyboard.press('Control+V');
  await page.waitForFunction(() => /Press Analyze/.test(document.getElementById('status').textContent));
  await page.waitForTimeout(600);
  assert.equal(await runCount(page), runs, 'no run on the paste');
  assert.deepEqual(await sources(), rows, 'the batch is still shown');
  assert.equal((await page.inputValue('#letter-input')).length, text.length, 'the pasted text is in the box');
  // Analyze does what it says: the box's letter.
  await page.click('#analyze');
  await analyzed(page, runs);
  assert.deepEqual(await sources(), ['pasted']);
  assert.equal(await page.isVisible('#batch-mode'), false, 'no batch: no add / replace choice');
  await page.fill('#letter-input', '');
});

test('leaving the page with a batch asks first; with none it does not', { skip }, async () => {
  const p = await b.newPage();
  await openReady(p, b.base, { batches: 'add' });
  const dialogs = [];
  p.on('dialog', (d) => {
    dialogs.push(d.type());
    d.dismiss().catch(() => {});
  });
  // Without a batch: closing does not ask.
  await p.click('#letter-input'); // a user gesture: browsers ask on leaving only after one
  const before = await runCount(p);
  await p.setInputFiles('#file-input', [join(TEXT_DIR, TEXTS[0])]);
  await analyzed(p, before);
  await p.click('#letters-h');
  await p.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(dialogs, ['beforeunload']);

  const q = await b.newPage();
  await openReady(q, b.base);
  const none = [];
  q.on('dialog', (d) => {
    none.push(d.type());
    d.dismiss().catch(() => {});
  });
  await q.click('#letter-input');
  let closed = false;
  q.on('close', () => {
    closed = true;
  });
  await q.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(none, []);
  assert.equal(closed, true, 'closed without asking');
});

test('a downloaded JSON opens again: the same rows and Summary, to continue adding', { skip }, async () => {
  await setBatchMode(page, 'replace');
  await choose(TEXTS.slice(0, 3).map((n) => join(TEXT_DIR, n)));
  const letters = await readTable(page, 'letters-table');
  const items = await readTable(page, 'items-table');
  const before = await counts();
  const headline = await page.textContent('#summary .sp-headline');
  const json = await downloadText('#download-json');
  const saved = join(tmp, 'saved.json');
  writeFileSync(saved, json.text);

  await choose([saved]);
  assert.deepEqual(await readTable(page, 'letters-table'), letters, 'the same Letters rows');
  assert.deepEqual(await readTable(page, 'items-table'), items, 'the same Items rows');
  assert.deepEqual(await counts(), before);
  assert.equal(await page.textContent('#summary .sp-headline'), headline);
  // A saved analysis holds no letter text: the panel says so.
  await page.click('#letters-table tbody tr.r >> nth=0');
  await page.waitForSelector('#letter-panel:not([hidden])');
  assert.match(await page.textContent('#letter-text'), /saved analysis holds no letter text/);
  await page.keyboard.press('Escape');

  // Continue: a letter added to the reopened batch.
  await setBatchMode(page, 'add');
  await choose([join(TEXT_DIR, TEXTS[5])]);
  assert.deepEqual(await sources(), [...TEXTS.slice(0, 3), TEXTS[5]]);
  // Not JSON of analyses: an error row that says so.
  const bad = join(tmp, 'notes.json');
  writeFileSync(bad, '{"hello": 1}');
  await choose([bad]);
  const t = await readTable(page, 'letters-table');
  assert.equal(t.rows.length, 5);
  assert.match(t.rows[4].join(' '), /not a saved analysis/);
});

test('Copy and Download give the rows shown, or all rows', { skip }, async () => {
  const all = await readTable(page, 'items-table');
  const total = all.rows.length;
  const ci = all.header.indexOf('case_number');
  const target = all.rows[0][ci];
  await page.fill('#filter', target);
  await page.waitForFunction(() => /^Showing /.test(document.getElementById('filter-count').textContent));
  const shown = await readTable(page, 'items-table');
  assert.ok(shown.rows.length > 0 && shown.rows.length < total, `${shown.rows.length} of ${total}`);
  assert.equal(await page.inputValue('select[data-rows-for="items"]'), 'shown', '"rows shown" is the default');
  assert.match(await page.textContent('select[data-rows-for="items"] option[value="shown"]'), new RegExp(`\\(${shown.rows.length}\\)`));

  let csv = parseCsv((await downloadText('[data-download="items"][data-format="csv"]')).text);
  assert.deepEqual(csv[0], all.header, 'the CSV keeps the schema names');
  assert.equal(csv.length - 1, shown.rows.length);
  assert.ok(csv.slice(1).every((r) => r[ci] === target));

  await page.click('[data-copy="items"]');
  await page.waitForFunction(() => /Copied the Items table \(rows shown/.test(document.getElementById('status').textContent));
  const tsv = (await page.evaluate(() => navigator.clipboard.readText())).split(/\r?\n/).filter(Boolean);
  assert.equal(tsv.length - 1, shown.rows.length);

  // Sorted: the rows shown come in the order shown.
  await page.click('#items-table th[data-col="item"] button');
  await page.click('#items-table th[data-col="item"] button');
  const desc = (await readTable(page, 'items-table')).rows.map((r) => r[all.header.indexOf('item')]);
  csv = parseCsv((await downloadText('[data-download="items"][data-format="csv"]')).text);
  assert.deepEqual(csv.slice(1).map((r) => r[all.header.indexOf('item')]), desc);
  await page.click('#items-table th[data-col="item"] button');

  await page.selectOption('select[data-rows-for="items"]', 'all');
  csv = parseCsv((await downloadText('[data-download="items"][data-format="csv"]')).text);
  assert.equal(csv.length - 1, total, 'all rows');
  await page.selectOption('select[data-rows-for="items"]', 'shown');
  await page.fill('#filter', '');
  await page.waitForFunction(() => !/^Showing /.test(document.getElementById('filter-count').textContent));
});

test('column headers in words from the core; the exports keep the schema names', { skip }, async () => {
  for (const table of ['letters', 'items']) {
    const cols = core.tableColumns(table);
    const t = await readTable(page, `${table}-table`);
    assert.deepEqual(t.header, cols.map((c) => c.name));
    assert.deepEqual(t.labels, cols.map((c) => c.label), `${table}: the core's labels`);
    assert.equal(new Set(t.labels).size, t.labels.length, 'each label its own');
    assert.ok(t.labels.every((l) => !l.includes('_')), t.labels.join(', '));
  }
  const csv = parseCsv((await downloadText('[data-download="letters"][data-format="csv"]')).text);
  assert.deepEqual(csv[0], core.tableColumns('letters').map((c) => c.name));
  // The letter's outcome is a column of the Letters table.
  assert.ok(core.tableColumns('letters').some((c) => c.name === 'outcome'));
  const letters = await readTable(page, 'letters-table');
  assert.ok(letters.rows.some((r) => /upheld|overturned/.test(cell(letters, letters.rows.indexOf(r), 'outcome'))));
});

test('key columns stay in view when the Items table scrolls sideways', { skip }, async () => {
  const geometry = () => page.evaluate(() => {
    const wrap = document.getElementById('items-wrap');
    const box = wrap.getBoundingClientRect();
    const th = (name) => document.querySelector(`#items-table th[data-col="${name}"]`).getBoundingClientRect();
    const td = (name) => document.querySelector(`#items-table tbody tr.r td[data-col="${name}"]`).getBoundingClientRect();
    const keys = document.getElementById('items-table').dataset.keys.split(' ');
    return {
      left: box.left, right: box.right, keys, scroll: wrap.scrollLeft, max: wrap.scrollWidth - wrap.clientWidth,
      decision: th('decision'), decisionCell: td('decision'), item: th('item'), authorized: th('authorized'), rationale: th('rationale'),
    };
  });
  let g = await geometry();
  assert.ok(g.keys.includes('decision') && g.keys.includes('item'), g.keys.join(' '));
  assert.ok(g.max > 200, 'the table is wider than its box');
  await page.$eval('#items-wrap', (w) => {
    w.scrollLeft = w.scrollWidth;
  });
  await page.waitForTimeout(100);
  g = await geometry();
  assert.ok(g.scroll > 200);
  for (const k of ['decision', 'item']) {
    assert.ok(g[k].left >= g.left - 1 && g[k].right <= g.right + 1, `${k} in view: ${JSON.stringify(g[k])} in ${g.left}–${g.right}`);
  }
  assert.ok(g.decisionCell.left >= g.left - 1 && g.decisionCell.right <= g.right + 1, 'the decision cells too');
  assert.ok(g.authorized.right <= g.decision.right, 'a column between them slid under the key columns');
  assert.ok(g.rationale.right <= g.right + 1, 'the last column is reached');
  await screenshot(page, 'workday-sticky');
  await page.$eval('#items-wrap', (w) => {
    w.scrollLeft = 0;
  });
});

test('quick filters: decision, letter outcome, warnings, not analyzed', { skip }, async () => {
  const items = await readTable(page, 'items-table');
  const di = items.header.indexOf('decision');
  const options = await page.$$eval('#decision-filter option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(options.length >= 1, options.join());
  for (const d of options) {
    await page.selectOption('#decision-filter', d);
    const t = await readTable(page, 'items-table');
    assert.equal(t.rows.length, items.rows.filter((r) => r[di] === d).length, d);
    assert.ok(t.rows.every((r) => r[di] === d));
  }
  await page.selectOption('#decision-filter', '');
  const letters = await readTable(page, 'letters-table');
  const oi = letters.header.indexOf('outcome');
  for (const o of await page.$$eval('#outcome-filter option', (os) => os.map((x) => x.value).filter(Boolean))) {
    await page.selectOption('#outcome-filter', o);
    const t = await readTable(page, 'letters-table');
    assert.equal(t.rows.length, letters.rows.filter((r) => r[oi] === o).length, o);
  }
  await page.selectOption('#outcome-filter', '');
  await page.selectOption('#flag-filter', 'errors');
  const errors = await readTable(page, 'letters-table');
  assert.equal(errors.rows.length, 1, 'the notes.json row');
  assert.equal((await readTable(page, 'items-table')).rows.length, 0);
  await page.selectOption('#flag-filter', 'warnings');
  const wi = letters.header.indexOf('warnings');
  const warned = await readTable(page, 'letters-table');
  assert.equal(warned.rows.length, letters.rows.filter((r) => r[wi] && !/not a saved analysis/.test(r.join(' '))).length);
  await page.selectOption('#flag-filter', '');
});

test('Cancel: the files not read count as "Not analyzed"', { skip }, async () => {
  await setBatchMode(page, 'replace');
  const before = await runCount(page);
  // Cancel from inside the page as soon as two files are in (a MutationObserver runs before the
  // worker's next message): reading is fast enough that a click from here can come after the end.
  await page.evaluate(() => {
    const progress = document.getElementById('progress');
    const obs = new MutationObserver(() => {
      if (Number(progress.dataset.received) < 2) return;
      obs.disconnect();
      document.getElementById('cancel').click();
    });
    obs.observe(progress, { attributes: true, attributeFilter: ['data-received'] });
  });
  await page.setInputFiles('#file-input', PDFS.map((n) => join(PDF_DIR, n)));
  await analyzed(page, before, 60_000);
  const got = Number(await page.getAttribute('#progress', 'data-received'));
  assert.ok(got < PDFS.length, `cancelled after ${got}`);
  const c = await counts();
  const errorRows = (await readTable(page, 'letters-table')).rows.filter((r) => r.length === 2).length;
  assert.equal(c.errors, errorRows + PDFS.length - got, `${c.errors} not analyzed: ${errorRows} error rows + ${PDFS.length - got} not read`);
  assert.ok(c.errors > 0);
});

test('PDF page breaks keep words apart in the letter text', { skip }, async () => {
  await setBatchMode(page, 'replace');
  await choose([join(PDF_DIR, PDFS[0])]);
  await page.click('#letters-table tbody tr.r >> nth=0');
  await page.waitForSelector('#letter-panel:not([hidden])');
  const text = await page.textContent('#letter-text');
  const breaks = [...text.matchAll(/\f/g)].map((m) => m.index);
  assert.ok(breaks.length >= 1, 'a letter of more than one page');
  for (const i of breaks) assert.equal(text[i - 1], '\n', `a line ends before the page break at ${i}: ${JSON.stringify(text.slice(i - 20, i + 20))}`);
});
