// Hostile and bad input: letter text is shown as text and runs nothing; bad
// input gets a clear message in the page; the pasted text is never lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openReady, analyzeText, analyzed, runCount, readTable, cell, screenshot, ROOT } from './helpers.mjs';

const fixture = (name) => readFileSync(join(ROOT, 'tests/browser/fixtures', name), 'utf8');
let b;
let page;
before(async () => {
  b = await launch();
  page = await b.newPage();
  await openReady(page, b.base);
});
after(async () => {
  await b.close();
});

/** Drop files made in the page (name, content as string or byte array) on the drop zone. */
async function drop(files) {
  const before = await runCount(page);
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      let body;
      if (typeof f.content === 'string') body = f.content;
      else if (Array.isArray(f.content)) body = new Uint8Array(f.content);
      else body = new Uint8Array(f.content.size).fill(f.content.fill); // made here, not sent over
      dt.items.add(new File([body], f.name, { type: f.type || '' }));
    }
    const zone = document.getElementById('input-section');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await analyzed(page, before);
}

const message = () => page.evaluate(() => {
  const m = document.getElementById('message');
  return { hidden: m.hidden, code: m.dataset.code, text: m.textContent };
});

test('a letter with <img onerror> and <script> shows those characters and runs nothing', async () => {
  const requests = [];
  b.context.on('request', (r) => requests.push(r.url()));
  const text = fixture('xss-letter.txt');
  await analyzeText(page, text);
  await page.click('#items-table td[data-col="request"] .v');
  await page.click('#letter-view .card .rationale .v');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('body script').count(), 0);
  assert.deepEqual(requests, [], 'something tried to load');
  // The characters are there, as text.
  const shown = await page.textContent('#letter-text');
  assert.equal(shown, text);
  const items = await readTable(page, 'items-table');
  assert.match(items.rows[0].join(' '), /<img src=x onerror="window.__pwned='request'"> MRI of the knee/);
  assert.match(await page.textContent('#letter-view'), /<script>window.__pwned='rationale'<\/script>/);
  assert.equal(await page.inputValue('#letter-input'), text);
  await screenshot(page, 'xss-letter');
});

test('empty input: a clear message, an error row, the box untouched', async () => {
  for (const text of ['', '   \n\t  \n']) {
    await analyzeText(page, text);
    const m = await message();
    assert.equal(m.hidden, false);
    assert.equal(m.code, 'empty');
    assert.match(m.text, /Nothing to analyze.*empty/s);
    const letters = await readTable(page, 'letters-table');
    assert.equal(letters.rows.length, 1);
    assert.match(letters.rows[0].join(' '), /pasted.*empty/);
    assert.equal(await page.inputValue('#letter-input'), text);
    assert.equal(await page.textContent('#status'), 'The box is empty: paste a letter or choose files.');
  }
  await screenshot(page, 'error-empty');
});

test('text that is not a letter: not_a_letter, and the text stays', async () => {
  const text = fixture('not-a-letter.txt');
  await analyzeText(page, text);
  const m = await message();
  assert.equal(m.code, 'not_a_letter');
  assert.match(m.text, /not an IMR letter/);
  assert.equal(await page.inputValue('#letter-input'), text);
  const items = await readTable(page, 'items-table');
  assert.deepEqual(items.rows, []);
  assert.equal(await page.isVisible('#items-empty'), true);
  assert.match(await page.textContent('#items-empty'), /No letter could be analyzed/);
});

test('binary, too large, damaged PDF and not-a-letter files each get their own error row; the pasted text stays', async () => {
  await page.fill('#letter-input', 'my pasted text');
  await drop([
    { name: 'photo.txt', content: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d] },
    { name: 'huge.txt', content: { size: 20_000_001, fill: 0x78 } },
    { name: 'letter.pdf', content: '%PDF-1.4\n', type: 'application/pdf' },
    { name: 'shopping.txt', content: fixture('not-a-letter.txt') },
  ]);
  const letters = await readTable(page, 'letters-table');
  const codes = await page.$$eval('#letters-table tbody tr.r', (rows) => rows.map((r) => r.dataset.code));
  assert.deepEqual(codes, ['binary', 'too_large', 'damaged_pdf', 'not_a_letter']);
  assert.deepEqual(letters.rows.map((r) => r[0]), ['photo.txt', 'huge.txt', 'letter.pdf', 'shopping.txt']);
  assert.match(letters.rows[1][1], /is 20,000,001 bytes \(20.0 MB\), more than the limit of 20,000,000 bytes/);
  assert.match(letters.rows[2][1], /^Damaged PDF: /);
  const m = await message();
  assert.match(m.text, /4 of 4 inputs could not be analyzed/);
  assert.equal(await page.inputValue('#letter-input'), 'my pasted text');
  await screenshot(page, 'error-files');
});

test('pasted text over the 20 MB limit: too_large, and the box keeps it', async () => {
  const before = await runCount(page);
  await page.evaluate(() => {
    document.getElementById('letter-input').value = `Case Number: CM16-0000001\n${'a'.repeat(20_000_000)}`;
  });
  await page.click('#analyze');
  await analyzed(page, before);
  assert.equal((await message()).code, 'too_large');
  assert.equal(await page.evaluate(() => document.getElementById('letter-input').value.length), 20_000_026);
  assert.equal((await page.textContent('#status')).startsWith('Analyzed 0 letters'), true);
});

test('warnings are listed with the letter and link to their place in the text', async () => {
  await analyzeText(page, fixture('warning-letter.txt'));
  const letters = await readTable(page, 'letters-table');
  assert.match(cell(letters, 0, 'warnings'), /Decision Date \(2015-01-04\) is before Date Assigned/);
  const warnings = page.locator('#letter-view .warnings [data-warning-ptr]');
  assert.equal(await warnings.count(), 1);
  assert.equal(await warnings.first().getAttribute('data-warning-ptr'), '/dates/decision');
  await warnings.first().click();
  assert.equal(await page.textContent('#letter-text mark'), '01/04/2015');
  // The warned value is marked in the letter view too.
  assert.equal(await page.locator('#letter-view .v.active[data-ptr="/dates/decision"]').count(), 1);
  assert.match((await page.evaluate(() => document.getElementById('message').textContent)), /with warnings/);
  const card = await page.textContent('#letter-view .card .decision');
  assert.match(card, /Overturned — Approved/);
  await screenshot(page, 'warnings');
});

test('warnings without a place in the text are plain text; a warning about all the items is labelled "items"', async () => {
  const cases = (name) => readFileSync(join(ROOT, 'tests/cases', name), 'utf8');
  await analyzeText(page, cases('cut-short-date-order.txt'));
  const listed = () => page.$$eval('#letter-view .warnings li', (lis) => lis.map((li) => ({ code: li.dataset.code, link: Boolean(li.querySelector('[data-warning-ptr]')) })));
  const cut = await listed();
  assert.ok(cut.filter((w) => w.code === 'missing_field').length >= 2, JSON.stringify(cut));
  assert.ok(cut.filter((w) => w.code === 'missing_field' || w.code === 'missing_section').every((w) => !w.link), `missing values are no links: ${JSON.stringify(cut)}`);
  // A warning with a place in the text stays a link.
  await analyzeText(page, fixture('warning-letter.txt'));
  assert.deepEqual(await listed(), [{ code: 'date_order', link: true }]);
  await analyzeText(page, cases('layout-maximus-notice-2013.txt'));
  const w = page.locator('#letter-view .warnings [data-warning-ptr="/items"]');
  assert.equal(await w.count(), 1);
  await w.click();
  const label = await page.textContent('#text-source');
  assert.doesNotMatch(label, /NaN/);
  assert.match(label, /: items$/);
});
