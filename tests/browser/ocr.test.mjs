// OCR in the page (issue 19): scans, faxes and images read by tesseract.js in
// the browser, every file from the page's own origin and only once a scan
// arrives; progress by page; Cancel in the middle of a scan; hostile images
// with their errors while the rest of the batch is read; the chosen value's
// words boxed on the page image. Needs ../shared/letters and pdftoppm (the
// PNG is one page of a scan, rendered here); under CI both must be there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openReady, ROOT, LETTERS, lettersSkip, readTable, cell, gold, OUT, screenshot, runCount, analyzed } from './helpers.mjs';

const skip = lettersSkip();
const SCAN = (n) => join(LETTERS, 'dwc-2016/scan', `${n}.pdf`);
const FAX = (n) => join(LETTERS, 'dwc-2016/fax', `${n}.pdf`);
const TMP = join(OUT, 'ocr');
mkdirSync(TMP, { recursive: true });

// Three letters, each as its users hold it: a 2-page office scan, a 2-page fax, a photo-like PNG of a page.
const SCANNED = 'CM16-0221706';
const FAXED = 'CM16-0230548';
const PHOTO = 'CM16-0232182';
const LONG = 'CM16-0230651'; // a 6-page scan, for Cancel

/** Page 1 of a scan as a 200 dpi PNG (pdftoppm, as a phone or scanner app saves one). */
function pngOfFirstPage(name) {
  const out = join(TMP, name);
  if (!existsSync(`${out}.png`)) execFileSync('pdftoppm', ['-r', '200', '-png', '-gray', '-f', '1', '-l', '1', '-singlefile', SCAN(name), out]);
  return `${out}.png`;
}

let ctx;
let page;
let requests;
before(async () => {
  if (skip) return;
  ctx = await launch();
  page = await ctx.newPage();
  requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await openReady(page, ctx.base);
});
after(async () => {
  if (ctx) await ctx.close();
});

/** Choose files and wait until their run has ended (the page's run counter grows). */
async function choose(files, timeout = 300_000) {
  const before = await runCount(page);
  await page.setInputFiles('#file-input', files);
  await analyzed(page, before, timeout);
}

const codes = () => page.$$eval('#letters-table tbody tr.r', (rows) => rows.map((r) => r.dataset.code || ''));

test('OCR is not loaded before a scan arrives: a PDF with text is read without it', { skip }, async () => {
  const before = await runCount(page);
  await page.setInputFiles('#file-input', [join(LETTERS, 'dwc-2016/pdf', `${SCANNED}.pdf`)]);
  await analyzed(page, before);
  assert.equal(cell(await readTable(page, 'letters-table'), 0, 'text_source'), 'pdf');
  assert.deepEqual(requests.filter((u) => u.includes('/vendor/tesseract/')), []);
});

test('a scan PDF, a fax PDF and a PNG chosen together become three rows read by OCR, with gold values', { skip, timeout: 600_000 }, async () => {
  const seen = [];
  await page.exposeFunction('__ocrProgress', (t) => seen.push(t)).catch(() => {});
  await page.evaluate(() => {
    const el = document.getElementById('progress-text');
    new MutationObserver(() => window.__ocrProgress(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
  const files = [SCAN(SCANNED), FAX(FAXED), pngOfFirstPage(PHOTO)];
  await choose(files);
  assert.equal(await page.$eval('#progress', (p) => p.dataset.state), 'done');
  assert.ok(seen.some((t) => /OCR, page 2 of 2, CM16-0221706\.pdf/.test(t)), `progress by page: ${seen.slice(0, 6)}`);

  const letters = await readTable(page, 'letters-table');
  assert.deepEqual(letters.rows.map((r) => cell({ ...letters, rows: [r] }, 0, 'source')), [`${SCANNED}.pdf`, `${FAXED}.pdf`, `${PHOTO}.png`]);
  assert.deepEqual(await codes(), ['', '', '']);
  for (let n = 0; n < 3; n++) {
    assert.equal(cell(letters, n, 'text_source'), 'ocr', `row ${n + 1}`);
    assert.match(cell(letters, n, 'warnings'), /recognised by OCR \(tesseract\.js/, `row ${n + 1}: the ocr warning`);
  }
  // The whole letters (scan and fax): their header and every decision as the gold says.
  const items = await readTable(page, 'items-table');
  for (const [n, name] of [[0, SCANNED], [1, FAXED]]) {
    const g = gold(name);
    assert.equal(cell(letters, n, 'case_number'), g.case_number, name);
    assert.equal(cell(letters, n, 'decision_date'), g.decision_date, name);
    assert.equal(cell(letters, n, 'items'), String(g.items.length), name);
    const mine = items.rows.filter((r) => cell({ ...items, rows: [r] }, 0, 'source') === `${name}.pdf`);
    assert.deepEqual(mine.map((r) => cell({ ...items, rows: [r] }, 0, 'decision')), g.items.map((i) => i.decision), name);
  }
  // The PNG is the letter's first page: its header is read.
  assert.equal(cell(letters, 2, 'case_number'), gold(PHOTO).case_number);

  // Every request stayed on this origin, the engine's included (workers' requests are the page's here).
  const foreign = requests.filter((u) => !u.startsWith(`${ctx.base}/`));
  assert.deepEqual(foreign, []);
  for (const f of ['tesseract.esm.min.js', 'worker.min.js', 'lang/eng.traineddata.gz']) {
    assert.ok(requests.some((u) => u.includes(`/vendor/tesseract/${f}`)), `${f} came from this origin: ${requests.filter((u) => u.includes('tesseract'))}`);
  }
  assert.ok(requests.some((u) => /\/vendor\/tesseract\/core\/tesseract-core-[a-z-]*lstm\.wasm\.js$/.test(u)), 'an LSTM core came from this origin');
  await screenshot(page, 'ocr-three');
});

test('the chosen value is boxed on its page image, as it is highlighted in the text', { skip, timeout: 120_000 }, async () => {
  await page.click('#letters-table tbody tr.r');
  await page.waitForSelector('#letter-pages canvas');
  const pages = await page.$$eval('#letter-pages figure', (f) => f.length);
  assert.equal(pages, 2, 'the scan\'s two pages beside its text');
  assert.ok(Number(await page.$eval('#letter-pages', (p) => p.dataset.words)) > 300, 'the pages\' words have boxes');
  // The case number: one word, boxed near the top of page 1.
  await page.click('#letter-view h2 .v');
  await page.waitForSelector('#letter-pages .word-box');
  const box = await page.evaluate(() => {
    const b = document.querySelector('#letter-pages .word-box');
    const fig = b.closest('figure');
    const frame = b.parentElement.getBoundingClientRect();
    const r = b.getBoundingClientRect();
    return { page: Number(fig.dataset.page), n: document.querySelectorAll('#letter-pages .word-box').length, y: (r.top - frame.top) / frame.height, w: r.width / frame.width, mark: document.getElementById('highlight').textContent };
  });
  assert.equal(box.mark, gold(SCANNED).case_number);
  assert.equal(box.page, 0);
  assert.equal(box.n, 1);
  assert.ok(box.y > 0 && box.y < 0.25, `near the top of the page: ${box.y}`);
  assert.ok(box.w > 0.03 && box.w < 0.4, `a word's width: ${box.w}`);
  // An item's decision word: boxed on the page that says it.
  await page.click('#letter-view .card .decision .v');
  await page.waitForFunction(() => document.getElementById('highlight') && document.getElementById('highlight').textContent === 'Upheld');
  const words = await page.$$eval('#letter-pages .word-box', (b) => b.length);
  assert.equal(words, 1);
  await page.locator('#letter-pages').screenshot({ path: join(OUT, 'ocr-box.png') });
  // The panel with page images passes axe-core (no serious or critical violation).
  await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0] && v.nodes[0].target.join(' ')}`));
  assert.deepEqual(violations, []);
  await page.keyboard.press('Escape');
});

test('Cancel in the middle of a scan stops it; the page goes on working', { skip, timeout: 300_000 }, async () => {
  const before = await runCount(page);
  await page.setInputFiles('#file-input', [SCAN(LONG)]);
  await page.waitForFunction(() => /OCR, page [2-5] of 6/.test(document.getElementById('progress-text').textContent), null, { timeout: 120_000 });
  await page.click('#cancel');
  await analyzed(page, before, 30_000);
  assert.equal(await page.$eval('#progress', (p) => p.dataset.state), 'cancelled');
  assert.match(await page.$eval('#progress-text', (p) => p.textContent), /^Cancelled: 0 of 1 files analyzed; the other 1 were not\./);
  assert.equal((await readTable(page, 'letters-table')).rows.length, 0);
  // The next letter is analysed (the engine starts again in the new worker).
  await choose([SCAN(SCANNED)]);
  assert.equal(cell(await readTable(page, 'letters-table'), 0, 'case_number'), gold(SCANNED).case_number);
});

/** Bytes of a PNG header claiming `w` × `h` pixels, then IEND (nothing to decode). */
function pngHeader(w, h) {
  const b = Buffer.alloc(33 + 12);
  Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(b, 0);
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  b.set([8, 0, 0, 0, 0], 24);
  Buffer.from('0000000049454e44ae426082', 'hex').copy(b, 33);
  return b;
}

/** A little-endian TIFF of `pages` directories of 1728 × 2200 (a fax's page size): directories only. */
function tiffOf(pages) {
  const parts = [Buffer.from('49492a0008000000', 'hex')];
  let at = 8;
  for (let p = 0; p < pages; p++) {
    const d = Buffer.alloc(30);
    d.writeUInt16LE(2, 0);
    d.writeUInt16LE(256, 2); d.writeUInt16LE(4, 4); d.writeUInt32LE(1, 6); d.writeUInt32LE(1728, 10);
    d.writeUInt16LE(257, 14); d.writeUInt16LE(3, 16); d.writeUInt32LE(1, 18); d.writeUInt32LE(2200, 22);
    d.writeUInt32LE(p + 1 < pages ? at + 30 : 0, 26);
    parts.push(d);
    at += 30;
  }
  return Buffer.concat(parts);
}

test('hostile and broken images get their errors and lose nothing else in the batch', { skip, timeout: 300_000 }, async () => {
  const files = {
    'bomb.png': pngHeader(30_000, 30_000), // a decompression bomb's header: refused before decoding
    'wide.png': pngHeader(30_000, 3_300), // a 30,000-pixel-wide page
    'many.tif': tiffOf(500), // a 500-page TIFF
    'cut.jpg': Buffer.from('ffd8ffe000104a464946000101', 'hex'), // a JPEG cut short
    'photo.pdf': readFileSync(pngOfFirstPage(PHOTO)), // a PNG named .pdf
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(TMP, name), bytes);
  const letter = join(LETTERS, 'dwc-2016/text/pypdf', `${SCANNED}.txt`);
  await choose([...Object.keys(files).map((n) => join(TMP, n)), letter], 120_000);
  // Every row in view (the table is virtual: back to its top, all six rows drawn).
  await page.evaluate(() => { document.getElementById('letters-table').closest('.table-wrap').scrollTop = 0; });
  await page.waitForFunction(() => document.querySelectorAll('#letters-table tbody tr.r').length >= 6, null, { timeout: 30_000 });
  assert.deepEqual(await codes(), ['too_large', 'too_large', 'too_large', 'damaged_image', 'damaged_image', '']);
  const letters = await readTable(page, 'letters-table');
  assert.match(letters.rows[0][1], /30000 × 30000|30,000|pixels/);
  assert.match(letters.rows[2][1], /more than 100 pages/);
  assert.match(letters.rows[3][1], /JPEG is cut short/);
  assert.match(letters.rows[4][1], /PNG image, not a PDF: rename it to \.png/);
  assert.equal(cell(letters, 5, 'case_number'), gold(SCANNED).case_number);
  await screenshot(page, 'ocr-hostile');
});

test('no page error or console error through all of it', { skip }, () => {
  // tesseract's own notes on its stderr are not errors of the page.
  assert.deepEqual(ctx.errors.filter((e) => !/Estimating resolution|Warning: Invalid resolution/.test(e)), []);
});
