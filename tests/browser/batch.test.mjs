// Batches: real PDFs and text files (plus a scan-like PDF, a password PDF, a
// truncated PDF) dropped or chosen together; progress to N of N, error rows,
// the combined tables against gold values, duplicates, the summary and its
// charts, sorting, filtering, downloads in input order, the Excel workbook,
// Cancel, a chosen folder, and a 500-letter batch that keeps the page responsive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, mkdtempSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, openReady, analyzed, runCount, readTable, cell, screenshot, lettersSkip, gold, LETTERS, ROOT, coreColumns, parseCsv,
} from './helpers.mjs';

const skip = lettersSkip();
if (skip) console.log(`# SKIP: ${skip}`);

const PDF_DIR = join(LETTERS, 'dwc-2016/pdf');
const FIX = join(ROOT, 'tests/browser/fixtures');
const str = (v) => (v === null || v === undefined ? '' : String(v));

let b;
let page;
before(async () => {
  if (skip) return;
  b = await launch();
  page = await b.newPage();
  await openReady(page, b.base);
});
after(async () => {
  if (b) await b.close();
});

/** Record the progress element's states while a batch runs. */
async function watchProgress() {
  await page.evaluate(() => {
    window.__progress = { max: 0, texts: new Set() };
    const p = document.getElementById('progress');
    const seen = () => {
      window.__progress.max = Math.max(window.__progress.max, Number(p.dataset.received || 0));
      window.__progress.texts.add(document.getElementById('progress-text').textContent);
    };
    window.__progressObserver?.disconnect();
    window.__progressObserver = new MutationObserver(seen);
    window.__progressObserver.observe(p, { attributes: true, subtree: true, childList: true, characterData: true });
  });
}

async function progress() {
  return page.evaluate(() => {
    const p = document.getElementById('progress');
    const bar = document.getElementById('progress-bar');
    return {
      hidden: p.hidden, state: p.dataset.state, text: document.getElementById('progress-text').textContent,
      value: bar.value, max: bar.max, seen: window.__progress ? [...window.__progress.texts] : [],
    };
  });
}

async function summaryCounts() {
  return page.$$eval('#counts .count', (els) => Object.fromEntries(els.map((e) => [e.dataset.count, Number(e.querySelector('dd').textContent)])));
}


async function downloadText(selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

const PDFS = skip ? [] : readdirSync(PDF_DIR).filter((n) => n.endsWith('.pdf')).sort();

test('a batch of real PDFs, text files and bad PDFs: progress to N of N, error rows, gold values, duplicates, summary and charts', { skip }, async () => {
  const pdfs = PDFS.slice(0, 8);
  const files = [
    ...pdfs.map((n) => join(PDF_DIR, n)),
    join(FIX, 'scan.pdf'),
    join(LETTERS, 'dwc-2016/text/pdfminer/CM17-0014449.txt'),
    join(ROOT, 'tests/fixtures/pdf/password.pdf'),
    join(LETTERS, 'dwc-2016/text/pypdf', pdfs[2].replace('.pdf', '.txt')), // the same letter as a PDF above
    join(FIX, 'broken.pdf'),
    join(LETTERS, 'seeds/001_adfaad91c65a217b.txt'),
  ];
  const names = files.map((f) => f.split('/').pop());
  const N = files.length;
  await watchProgress();
  const before = await runCount(page);
  await page.setInputFiles('#file-input', files);
  await analyzed(page, before);

  const p = await progress();
  assert.equal(p.state, 'done');
  assert.equal(p.value, N);
  assert.equal(p.max, N);
  assert.match(p.text, new RegExp(`^${N} of ${N} files analyzed`));
  assert.ok(p.seen.some((t) => / of \d+ · reading /.test(t)), `progress showed the file being read: ${p.seen.slice(0, 3)}`);

  // Every file is a row, in input order; the bad ones say why.
  const letters = await readTable(page, 'letters-table');
  assert.deepEqual(letters.rows.map((r) => r[0]), names);
  const codes = await page.$$eval('#letters-table tbody tr.r', (rows) => rows.map((r) => r.dataset.code || ''));
  assert.deepEqual(codes, [...pdfs.map(() => ''), 'no_text', '', 'password_pdf', '', 'damaged_pdf', '']);
  // A scan: read by OCR in the page; this one (a small grey image) holds no words.
  assert.match(letters.rows[8][1], /^No text found: This scan has no text layer and OCR could not read it/);
  assert.match(letters.rows[10][1], /^Password-protected PDF: This PDF needs a password/);
  assert.match(letters.rows[12][1], /^Damaged PDF: /);

  // The PDFs' and the text files' rows against their gold values.
  const items = await readTable(page, 'items-table');
  const rowsOf = [...pdfs.map((n, i) => [i, n]), [9, 'CM17-0014449.txt'], [11, names[11]]];
  let goldItems = 0;
  let goldUpheld = 0;
  for (const [row, source] of rowsOf) {
    const g = gold(source.replace(/\.(pdf|txt)$/, ''));
    for (const [col, want] of Object.entries({
      case_number: g.case_number, decision_date: g.decision_date, date_assigned: g.date_assigned,
      date_of_injury: g.date_of_injury, ur_denial_date: g.ur_denial_date, application_received: g.application_received,
      priority: g.priority, reviewer_licensure: g.licensure.join('; '), reviewer_specialties: g.specialties.join('; '),
      patient_age: g.patient_age, patient_sex: g.patient_sex, items: g.items.length,
    })) assert.equal(cell(letters, row, col), str(want), `${source} ${col}`);
    const mine = items.rows.filter((r) => r[0] === source);
    assert.equal(mine.length, g.items.length, `${source} items`);
    g.items.forEach((gi, n) => {
      const r = { header: items.header, rows: [mine[n]] };
      assert.equal(cell(r, 0, 'request'), gi.request, `${source} item ${n + 1} request`);
      assert.equal(cell(r, 0, 'decision'), gi.decision, `${source} item ${n + 1} decision`);
      assert.equal(cell(r, 0, 'maximus_guideline'), gi.maximus_guideline, `${source} item ${n + 1} MAXIMUS guideline`);
    });
    goldItems += g.items.length;
    goldUpheld += g.items.filter((i) => i.decision === 'upheld').length;
  }
  const seed = JSON.parse(readFileSync(join(LETTERS, 'seeds/gold/001_adfaad91c65a217b.json'), 'utf8'));
  goldItems += seed.items.length;
  goldUpheld += seed.items.filter((i) => i.decision === 'upheld').length;

  // Duplicates: the PDF and the text file of one letter.
  const dupCase = pdfs[2].replace('.pdf', '');
  const dupRows = await page.$$eval('#letters-table tbody tr.r.duplicate', (rows) => rows.map((r) => r.querySelector('td').textContent));
  assert.deepEqual(dupRows, [pdfs[2], names[11]]);
  assert.equal(await page.$$eval('#letters-table tbody tr.r.duplicate .dup-badge', (x) => x.length), 2);
  assert.match(await page.textContent('#duplicates-note'), new RegExp(`1 case number appears more than once[\\s\\S]*${dupCase}: ${pdfs[2]}, ${names[11]}`));

  // Summary counts and the charts' numbers.
  const counts = await summaryCounts();
  assert.deepEqual(counts, {
    letters: N - 3, items: goldItems, upheld: goldUpheld, overturned: goldItems - goldUpheld, errors: 3, duplicates: 2,
  });
  // The Summary (the core's, through the worker): its `all` row holds the gold counts,
  // and the panel's category table shows the same numbers as the downloaded Summary CSV.
  const summaryCsv = (await downloadText('.sp-download')).bytes.toString('utf8').replace(/^\uFEFF/, '');
  const { SUMMARY_COLUMNS } = coreColumns();
  const summaryRows = parseCsv(summaryCsv);
  assert.deepEqual(summaryRows[0], SUMMARY_COLUMNS);
  const col = (name) => SUMMARY_COLUMNS.indexOf(name);
  const all = summaryRows.find((r) => r[col('dimension')] === 'all');
  assert.equal(Number(all[col('items')]), goldItems);
  assert.equal(Number(all[col('upheld')]), goldUpheld);
  assert.equal(Number(all[col('overturned')]), goldItems - goldUpheld);
  assert.equal(Number(all[col('letters')]), N - 3);
  const csvCategories = summaryRows.filter((r) => r[col('dimension')] === 'category')
    .map((r) => [r[col('group')], r[col('letters')], r[col('items')], r[col('upheld')], r[col('overturned')]]);
  const shownCategories = await page.$$eval('#summary .sp-table tbody tr[data-group]', (rows) => rows.map((r) => [r.dataset.group, ...[...r.querySelectorAll('td')].slice(0, 4).map((c) => c.textContent)]));
  assert.ok(shownCategories.length > 0, 'the Summary panel lists category groups');
  assert.deepEqual(shownCategories, csvCategories);
  assert.match(await page.textContent('#summary .sp-headline'), new RegExp(`Of ${goldItems} items`));
  await page.evaluate(() => document.getElementById('summary-h').scrollIntoView());
  await screenshot(page, 'batch-summary');
});

/** Words of the Summary table broken across lines, and cells whose text is cut off. */
async function summaryCuts() {
  return page.evaluate(() => {
    const cuts = [];
    for (const c of document.querySelectorAll('#summary .sp-table th, #summary .sp-table td')) {
      if (c.scrollWidth > c.clientWidth + 1) cuts.push(`clipped: ${c.textContent.trim()}`);
      const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of n.data.matchAll(/\S+/g)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (lines.size > 1) cuts.push(`broken: ${m[0]}`);
        }
      }
    }
    return cuts;
  });
}

test('the Summary table wraps at word boundaries (phone, and beside the open panel) and keeps its group column in view', { skip }, async () => {
  await page.waitForSelector('#summary .sp-table tbody tr');
  const size = page.viewportSize();
  try {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.waitForTimeout(200);
    assert.deepEqual(await summaryCuts(), [], 'on a 360 px phone');
    assert.equal(await page.$eval('#summary .sp-table tbody th', (th) => getComputedStyle(th).position), 'sticky', 'the group column is sticky');
    await page.$eval('#summary h2, #summary-h', (h) => h.scrollIntoView());
    await page.locator('#summary .sp-table-wrap').screenshot({ path: join(ROOT, 'test-output/summary-table-phone.png') });
    await page.setViewportSize(size);
    await page.click('#letters-table tbody tr.r:not(.error-row) td[data-col="layout"]');
    await page.waitForSelector('#letter-panel:not([hidden])');
    await page.waitForTimeout(200);
    assert.deepEqual(await summaryCuts(), [], 'beside the open panel');
    await page.keyboard.press('Escape');
  } finally {
    await page.setViewportSize(size);
  }
});

test('sorting by any column (aria-sort) and the filter box; "all rows" downloads stay whole and in input order', { skip }, async () => {
  const names = (await readTable(page, 'letters-table')).rows.map((r) => r[0]);
  // Sort Letters by case number, then reverse, then back to input order.
  await page.click('#letters-table th[data-col="case_number"] button');
  assert.equal(await page.getAttribute('#letters-table th[data-col="case_number"]', 'aria-sort'), 'ascending');
  let t = await readTable(page, 'letters-table');
  const cases = t.rows.map((r) => r[1]).filter((c) => /^CM/.test(c));
  assert.deepEqual(cases, [...cases].sort());
  const firstEmpty = t.rows.findIndex((r) => !/^CM/.test(r[1]));
  assert.ok(t.rows.slice(firstEmpty).every((r) => !/^CM/.test(r[1])), 'rows without a case number (error rows) sort last');
  await page.click('#letters-table th[data-col="case_number"] button');
  assert.equal(await page.getAttribute('#letters-table th[data-col="case_number"]', 'aria-sort'), 'descending');
  t = await readTable(page, 'letters-table');
  const desc = t.rows.map((r) => r[1]).filter((c) => /^CM/.test(c));
  assert.deepEqual(desc, [...desc].sort().reverse());
  // Numbers sort as numbers.
  await page.click('#items-table th[data-col="item"] button');
  await page.click('#items-table th[data-col="item"] button');
  const items = await readTable(page, 'items-table');
  const nums = items.rows.map((r) => Number(r[2]));
  assert.deepEqual(nums, [...nums].sort((x, y) => y - x));
  assert.equal(nums[0], 15, 'the fifteen-item letter\'s last item comes first');
  assert.equal(await page.getAttribute('#items-table th[data-col="item"]', 'aria-sort'), 'descending');
  await screenshot(page, 'batch-sorted');

  // "All rows" downloads ignore the on-screen order: every row, input order.
  await page.selectOption('select[data-rows-for="letters"]', 'all');
  const csv = (await downloadText('[data-download="letters"][data-format="csv"]')).bytes.toString('utf8').replace(/^\uFEFF/, '');
  await page.selectOption('select[data-rows-for="letters"]', 'shown');
  const csvSources = csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
  assert.deepEqual(csvSources, names.filter((n) => !['scan.pdf', 'password.pdf', 'broken.pdf'].includes(n)).length === csvSources.length
    ? names.filter((n) => !['scan.pdf', 'password.pdf', 'broken.pdf'].includes(n)) : names);

  // Back to input order.
  await page.click('#letters-table th[data-col="case_number"] button');
  assert.equal(await page.getAttribute('#letters-table th[data-col="case_number"]', 'aria-sort'), 'none');
  assert.deepEqual((await readTable(page, 'letters-table')).rows.map((r) => r[0]), names);

  // Filter: a case number keeps only its rows, in both tables.
  await page.fill('#filter', 'cm17-0014449');
  await page.waitForFunction(() => document.querySelectorAll('#letters-table tbody tr.r').length === 1);
  assert.deepEqual((await readTable(page, 'letters-table')).rows.map((r) => r[0]), ['CM17-0014449.txt']);
  const filtered = await readTable(page, 'items-table');
  assert.equal(filtered.rows.length, 15);
  assert.ok(filtered.rows.every((r) => r[0] === 'CM17-0014449.txt'));
  assert.match(await page.textContent('#filter-count'), /Showing 1 of 14 letter rows and 15 of \d+ items/);
  // A letter-level value (the reviewer's licensure is in no item row) keeps the matching letters and all their items.
  await page.fill('#filter', '');
  await page.waitForFunction((n) => document.querySelectorAll('#letters-table tbody tr.r').length === n, names.length);
  const allLetters = await readTable(page, 'letters-table');
  const allItems = await readTable(page, 'items-table');
  const lic = allLetters.rows.map((r, i) => cell(allLetters, i, 'reviewer_licensure')).find((x) => x && x.length > 3);
  assert.ok(lic, 'a letter with a reviewer licensure');
  await page.fill('#filter', lic.toLowerCase());
  await page.waitForFunction(() => /^Showing/.test(document.getElementById('filter-count').textContent));
  await page.waitForTimeout(100);
  const licLetters = (await readTable(page, 'letters-table')).rows.map((r) => r[0]);
  const licItems = (await readTable(page, 'items-table')).rows.map((r) => `${r[0]}#${r[2]}`);
  const expectedItems = allItems.rows.filter((r) => licLetters.includes(r[0])).map((r) => `${r[0]}#${r[2]}`);
  assert.ok(licLetters.length > 0 && expectedItems.length > 0, `"${lic}" matches letters with items`);
  assert.deepEqual(licItems, expectedItems, `filter "${lic}": the items of the ${licLetters.length} matching letters`);
  // A word from an error row finds it too.
  await page.fill('#filter', 'needs a password');
  await page.waitForFunction(() => document.querySelector('#letters-table tbody tr.r td').textContent === 'password.pdf');
  assert.equal((await readTable(page, 'letters-table')).rows.length, 1);
  await page.fill('#filter', '');
  await page.waitForFunction((n) => document.querySelectorAll('#letters-table tbody tr.r').length === n, names.length);
});

test('the Excel workbook download is a zip (PK) named for what it holds, loaded only when asked', { skip }, async () => {
  const requests = [];
  const onRequest = (r) => requests.push(new URL(r.url()).pathname);
  b.context.on('request', onRequest);
  const { name, bytes } = await downloadText('#download-xlsx');
  b.context.off('request', onRequest);
  assert.match(name, /^imr-analyses-\d{4}-\d{2}-\d{2}\.xlsx$/);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet3.xml')), 'three sheets (Letters, Items, Summary)');
  assert.ok(requests.some((p) => p.startsWith('/www/pkg-xlsx/')), `the xlsx module was fetched on demand: ${requests}`);
});

test('Cancel stops a batch mid-way: some rows, then it stops and says so', { skip }, async () => {
  await watchProgress();
  const before = await runCount(page);
  await page.setInputFiles('#file-input', PDFS.map((n) => join(PDF_DIR, n)));
  await page.waitForFunction(() => Number(document.getElementById('progress').dataset.received) >= 3);
  await page.click('#cancel');
  await analyzed(page, before);
  const p = await progress();
  assert.equal(p.state, 'cancelled');
  const got = Number(await page.getAttribute('#progress', 'data-received'));
  assert.ok(got >= 3 && got < PDFS.length, `stopped after ${got} of ${PDFS.length}`);
  assert.match(p.text, new RegExp(`^Cancelled: ${got} of ${PDFS.length} files analyzed; the other ${PDFS.length - got} were not\\.`));
  assert.match(await page.textContent('#status'), new RegExp(`Cancelled: ${PDFS.length - got} of ${PDFS.length} files were not analyzed`));
  const rows = (await readTable(page, 'letters-table')).rows.map((r) => r[0]);
  assert.deepEqual(rows, PDFS.slice(0, got));
  await page.waitForTimeout(500);
  assert.equal((await readTable(page, 'letters-table')).rows.length, got, 'no rows after the cancel');
  // The Summary counts exactly the items that arrived: recounted, after the
  // worker was stopped, from each letter's compact contribution.
  const items = await page.evaluate(() => Number((document.getElementById('filter-count').textContent.match(/([\d,]+) items?/) || [])[1]));
  assert.ok(items > 0, `${items} item rows`);
  await page.waitForFunction((n) => {
    const headline = document.querySelector('#summary .sp-headline');
    return new RegExp(`^Of ${n} items? in `).test(headline ? headline.textContent.trim() : '');
  }, items, { timeout: 5000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'batch-cancelled');
});

test('a chosen folder: every .txt and .pdf file inside (other files skipped, as the CLI does), named by its path in the folder', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imr-folder-'));
  const top = join(dir, 'letters');
  mkdirSync(join(top, '2016'), { recursive: true });
  copyFileSync(join(PDF_DIR, PDFS[0]), join(top, '2016', PDFS[0]));
  copyFileSync(join(LETTERS, 'dwc-2016/text/pdftotext', PDFS[1].replace('.pdf', '.txt')), join(top, PDFS[1].replace('.pdf', '.txt')));
  copyFileSync(join(FIX, 'not-a-pdf.pdf'), join(top, 'not-a-pdf.pdf'));
  // Not letters: the command line skips them inside a folder, and so does the page.
  writeFileSync(join(top, '.DS_Store'), 'Bud1\0\0');
  writeFileSync(join(top, 'README.md'), '# letters\n');
  writeFileSync(join(top, '2016', 'SOURCES.tsv'), 'file\turl\n');
  try {
    const before = await runCount(page);
    await page.setInputFiles('#folder-input', top);
    await analyzed(page, before);
    const rows = (await readTable(page, 'letters-table')).rows.map((r) => r[0]).sort();
    assert.deepEqual(rows, [`2016/${PDFS[0]}`, 'not-a-pdf.pdf', PDFS[1].replace('.pdf', '.txt')].sort());
    assert.equal(await page.$eval('#letters-table tbody tr.r[data-code]', (r) => r.dataset.code), 'damaged_pdf');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('500 letters: the batch completes, every file is a row, and the page answers while it runs', { skip }, async () => {
  const texts = [];
  for (const folder of ['pypdf', 'pdfminer', 'pdftotext', 'pdftotext-layout']) {
    const dir = join(LETTERS, 'dwc-2016/text', folder);
    for (const n of readdirSync(dir).filter((x) => x.endsWith('.txt')).sort()) texts.push({ name: `${folder}/${n}`, content: readFileSync(join(dir, n), 'utf8') });
  }
  const N = 500;
  await page.evaluate(({ list, n }) => {
    window.__batch = Array.from({ length: n }, (_, i) => {
      const f = list[i % list.length];
      return new File([f.content], `${String(i + 1).padStart(3, '0')}-${f.name.replace('/', '-')}`, { type: 'text/plain' });
    });
  }, { list: texts, n: N });
  await watchProgress();
  const before = await runCount(page);
  const t0 = Date.now();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    for (const f of window.__batch) dt.items.add(f);
    const zone = document.getElementById('input-section');
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  // Round trips to the page while the batch runs.
  let slowest = 0;
  let probes = 0;
  let midway = false;
  for (;;) {
    const s = Date.now();
    const state = await page.evaluate(() => ({
      run: Number(document.getElementById('results').dataset.run),
      received: Number(document.getElementById('progress').dataset.received || 0),
      rows: document.querySelectorAll('#letters-table tbody tr.r').length,
    }));
    slowest = Math.max(slowest, Date.now() - s);
    probes++;
    if (state.received > 0 && state.received < N && state.rows > 0) midway = true;
    if (state.run > before) break;
    if (Date.now() - t0 > 170_000) throw new Error('the 500-letter batch did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
  const wall = Date.now() - t0;
  const p = await progress();
  console.log(`# 500-letter batch: ${p.text} (wall ${wall} ms); slowest of ${probes} page round trips while it ran: ${slowest} ms`);
  const between = p.seen.filter((t) => /^(\d+) of 500 · reading/.test(t) && !/^0 of/.test(t));
  assert.ok(midway || between.length > 0, `progress moved through the batch (${p.seen.slice(0, 5)})`);
  // a hang detector, not a timing benchmark (timings depend on the load)
  assert.ok(slowest < 15_000, `the page stayed responsive (slowest round trip ${slowest} ms)`);
  assert.equal(p.state, 'done');
  assert.match(p.text, /^500 of 500 files analyzed/);
  const counts = await summaryCounts();
  assert.equal(counts.letters, N);
  assert.equal(counts.errors, 0);
  assert.equal(counts.duplicates, N, 'every case number appears at least twice (62 letters in 500 files)');
  // Every row is reachable by scrolling the table (no "Show more").
  const all500 = await readTable(page, 'letters-table');
  assert.equal(all500.rows.length, N);
  assert.equal(all500.rows[N - 1][0], `${N}-${texts[(N - 1) % texts.length].name.replace('/', '-')}`);
  assert.ok(await page.$$eval('#letters-table tbody tr.r', (r) => r.length) < N, 'only the rows in view are in the DOM');
  // Sorting and filtering 500 letters: one redraw each.
  const s1 = Date.now();
  await page.click('#items-table th[data-col="decision"] button');
  await page.waitForSelector('#items-table th[data-col="decision"][aria-sort="ascending"]');
  const sortMs = Date.now() - s1;
  const s2 = Date.now();
  await page.fill('#filter', 'CM16-0230651');
  await page.waitForFunction(() => /^Showing \d+ of 500 letter rows/.test(document.getElementById('filter-count').textContent));
  const filterMs = Date.now() - s2;
  const shown = (await readTable(page, 'letters-table')).rows.length;
  assert.ok(shown >= 8 && shown <= 9, `CM16-0230651 is in 8 or 9 of the 500 files (${shown}; ${await page.textContent('#filter-count')})`);
  console.log(`# 500 letters: sort items ${sortMs} ms, filter ${filterMs} ms (round trips included)`);
  await screenshot(page, 'batch-500');
  await page.fill('#filter', '');
  await page.evaluate(() => {
    delete window.__batch;
  });
});
