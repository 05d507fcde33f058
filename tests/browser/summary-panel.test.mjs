// The Summary panel and the timing view on their own: a fixture page
// (tests/browser/fixtures/summary-panel.html, served under the page's CSP)
// gets www/summary-panel.js and www/timing.js with sample rows. Checks the
// numbers shown, switching dimension, selection by click and by keyboard,
// updates keeping state, letter text staying text, and takes screenshots
// (test-output/summary-panel-light.png, -dark.png, -narrow.png).
//
//   node --test --test-concurrency=1 tests/browser/summary-panel.test.mjs
//
// Needs no WASM build: only the static server and Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, CSP } from '../../scripts/serve.mjs';
import { ROOT, OUT, CHROMIUM, CHROMIUM_ARGS } from './helpers.mjs';
import { rowsByDimension, rowShare, headline } from '../../www/summary-model.js';
import { timingStats, formatDays, binLabel } from '../../www/timing.js';

const FIXTURE = readFileSync(join(ROOT, 'tests/browser/fixtures/summary-panel.html'), 'utf8');
const SAMPLE = JSON.parse(FIXTURE.match(/<script type="application\/json" id="sample">([\s\S]*?)<\/script>/)[1]);
const BY = rowsByDimension(SAMPLE.rows, SAMPLE.columns);

let server;
let base;
const sessions = [];

before(async () => {
  server = await startServer({ port: 0 });
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  for (const s of sessions) await s.close();
  await new Promise((r) => server.close(r));
});

/** A browser with the fixture page open and the panel built; returns { page, errors, close }. */
async function open({ colorScheme = 'light', viewport = { width: 1000, height: 1300 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'imr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, colorScheme,
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  sessions.push({ close });
  // The static server serves only index.html and www/; the fixture comes from here, under the page's policy.
  await context.route(`${base}/fixture/summary-panel.html`, (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', body: FIXTURE, headers: { 'Content-Security-Policy': CSP },
  }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${base}/fixture/summary-panel.html`);
  await page.evaluate(async () => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const { createSummaryPanel } = await import('/www/summary-panel.js');
    const { renderTiming } = await import('/www/timing.js');
    const sample = JSON.parse(document.getElementById('sample').textContent);
    window.__sample = sample;
    window.__events = [];
    const log = document.getElementById('events');
    const panel = createSummaryPanel(document.getElementById('summary'), {
      onSelect: (sel) => {
        window.__events.push(['select', sel]);
        log.textContent = `Selected: ${sel.dimension} = ${sel.group}`;
        panel.setSelected(sel); // what the page does once it has filtered
      },
      onCopy: () => window.__events.push(['copy']),
      onDownload: () => window.__events.push(['download']),
    });
    window.__panel = panel;
    panel.update(sample.rows, sample.columns);
    renderTiming(document.getElementById('timing'), sample.days);
    window.__renderTiming = renderTiming;
  });
  // The chart takes its box's width after the first layout.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { page, errors, close };
}

/** The panel's table as rows of cell texts (group first). */
function readPanelTable(page) {
  return page.evaluate(() => [...document.querySelectorAll('#summary .sp-table tbody tr')]
    .map((tr) => [...tr.children].map((c) => c.textContent)));
}

const expectedTable = (dim) => BY.get(dim).map((r) => [r.group, String(r.letters), String(r.items), String(r.upheld), String(r.overturned), rowShare(r).text]);
const events = (page) => page.evaluate(() => window.__events);
const lastSelect = async (page) => (await events(page)).filter((e) => e[0] === 'select').at(-1)?.[1];

test('headline, table and chart show the sample rows', async () => {
  const { page, errors } = await open();
  assert.equal((await page.textContent('#summary .sp-headline')).trim(), headline(BY.get('all')[0]));
  assert.match(await page.textContent('#summary .sp-headline'), /Of 98 items in 62 letters, the reviewers upheld 75 and overturned 22 \(1 without a decision read\): an overturned share of 22\.4% \(95% interval 15\.3% to 31\.7%\)\./);
  // Default dimension: category.
  assert.equal(await page.inputValue('#summary select.sp-dimension'), 'category');
  assert.deepEqual(await readPanelTable(page), expectedTable('category'));
  assert.deepEqual((await readPanelTable(page))[1], ['Physical medicine', '16', '18', '6', '11', '61.1% (38.6–79.7%)']);
  assert.deepEqual(await page.$$eval('#summary .sp-table thead th', (t) => t.map((x) => x.textContent)),
    ['Category', 'Letters', 'Items', 'Upheld', 'Overturned', 'Overturned share (95% interval)']);
  // The chart: one bar group per group, hidden from screen readers, as wide
  // as its box; the whisker spans the interval on the 0–100% axis.
  const chart = await page.evaluate(() => {
    const svg = document.querySelector('#summary svg.sp-svg');
    const g = svg.querySelector('g[data-group="Physical medicine"]');
    const wh = g.querySelectorAll('line.sp-whisker')[0];
    const grid = [...svg.querySelectorAll('line.sp-grid')].map((l) => Number(l.getAttribute('x1')));
    return {
      hidden: svg.getAttribute('aria-hidden'),
      width: Number(svg.getAttribute('width')),
      box: svg.parentElement.clientWidth,
      groups: [...svg.querySelectorAll('g.sp-bar')].map((x) => x.getAttribute('data-group')),
      share: g.querySelector('.sp-share-text').textContent,
      zero: Math.min(...grid), hundred: Math.max(...grid),
      x1: Number(wh.getAttribute('x1')), x2: Number(wh.getAttribute('x2')),
      dot: Number(g.querySelector('circle.sp-dot').getAttribute('cx')),
      upheld: Number(g.querySelector('rect.sp-upheld').getAttribute('width')),
      overturned: Number(g.querySelector('rect.sp-overturned').getAttribute('width')),
    };
  });
  const at = (share) => chart.zero + share * (chart.hundred - chart.zero);
  assert.equal(chart.hidden, 'true');
  assert.deepEqual(chart.groups, BY.get('category').map((r) => r.group));
  assert.equal(chart.share, '61.1%');
  assert.ok(Math.abs(chart.width - chart.box) <= 1, `chart ${chart.width} wide in a box of ${chart.box}`);
  assert.ok(chart.hundred - chart.zero >= 150);
  assert.ok(Math.abs(chart.x1 - at(0.3862)) < 0.1, `whisker from ${chart.x1}`);
  assert.ok(Math.abs(chart.x2 - at(0.7969)) < 0.1, `whisker to ${chart.x2}`);
  assert.ok(Math.abs(chart.dot - at(0.6111)) < 0.1, `dot at ${chart.dot}`);
  assert.ok(Math.abs(chart.overturned / chart.upheld - 11 / 6) < 0.01, 'bars in proportion to the counts');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
});

test('switching dimension shows its groups, in every dimension', async () => {
  const { page } = await open();
  // The fixture gives no core words: the rows' dimensions, named by their keys.
  const DIMENSIONS = [['category', 'Category'], ['subcategory', 'Subcategory'], ['drug', 'Drug'], ['body_part', 'Body part'],
    ['reviewer_specialty', 'Reviewer specialty'], ['guideline', 'Guideline'], ['reviewer_state', 'Reviewer state'], ['reason', 'Reason']]
    .map(([key, label]) => ({ key, label }));
  assert.deepEqual(await page.$$eval('#summary select.sp-dimension option', (o) => o.map((x) => x.value)), DIMENSIONS.map((d) => d.key));
  for (const d of DIMENSIONS) {
    await page.selectOption('#summary select.sp-dimension', d.key);
    assert.deepEqual(await readPanelTable(page), expectedTable(d.key), d.key);
    assert.equal(await page.textContent('#summary .sp-table thead th'), d.label);
    assert.equal(await page.textContent('#summary .sp-group-count'), `${BY.get(d.key).length} groups`);
  }
  // The select is labelled.
  assert.equal(await page.evaluate(() => document.querySelector('#summary select').labels[0].textContent), 'Overturned share by');
});

test('a click on a row or a bar selects its group; the selection shows', async () => {
  const { page } = await open();
  await page.selectOption('#summary select.sp-dimension', 'drug');
  await page.click('#summary .sp-table tbody tr[data-group="omeprazole"] td:nth-child(3)');
  assert.deepEqual(await lastSelect(page), { dimension: 'drug', group: 'omeprazole', words: 'Drug: omeprazole' });
  const pressed = () => page.$$eval('#summary button.sp-group[aria-pressed="true"]', (b) => b.map((x) => x.textContent));
  assert.deepEqual(await pressed(), ['omeprazole']);
  assert.deepEqual(await page.$$eval('#summary tr.selected', (t) => t.map((x) => x.dataset.group)), ['omeprazole']);
  assert.deepEqual(await page.$$eval('#summary g.sp-bar.selected', (g) => g.map((x) => x.getAttribute('data-group'))), ['omeprazole']);

  await page.click('#summary g.sp-bar[data-group="gabapentin"] rect.sp-hit');
  assert.deepEqual(await lastSelect(page), { dimension: 'drug', group: 'gabapentin', words: 'Drug: gabapentin' });
  assert.deepEqual(await pressed(), ['gabapentin']);

  // The page clears the filter (its chip): nothing selected.
  await page.evaluate(() => window.__panel.setSelected(null));
  assert.deepEqual(await pressed(), []);
  assert.equal(await page.$$eval('#summary g.sp-bar.selected', (g) => g.length), 0);

  // A selection from the page in another dimension switches to it.
  await page.evaluate(() => window.__panel.setSelected({ dimension: 'body_part', group: 'knee' }));
  assert.equal(await page.inputValue('#summary select.sp-dimension'), 'body_part');
  assert.deepEqual(await pressed(), ['knee']);

  // Copy and download.
  await page.click('#summary button.sp-copy');
  await page.click('#summary button.sp-download');
  assert.deepEqual((await events(page)).slice(-2), [['copy'], ['download']]);
});

test('keyboard only: Tab to the groups, arrows between them, Enter and Space select', async () => {
  const { page } = await open();
  await page.focus('#summary select.sp-dimension');
  await page.keyboard.press('ArrowDown'); // category → subcategory
  assert.equal(await page.inputValue('#summary select.sp-dimension'), 'subcategory');
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a && a.classList.contains('sp-group') ? a.closest('tr').dataset.group : `${a.tagName}.${a.className}`;
  });
  // The subcategory table has 22 groups: the chart note's toggle comes first.
  if ((await focused()).includes('sp-chart-toggle')) await page.keyboard.press('Tab');
  assert.equal(await focused(), BY.get('subcategory')[0].group);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), BY.get('subcategory')[2].group);
  await page.keyboard.press('Enter');
  assert.deepEqual(await lastSelect(page), { dimension: 'subcategory', group: BY.get('subcategory')[2].group, words: `Subcategory: ${BY.get('subcategory')[2].group}` });
  await page.keyboard.press('End');
  assert.equal(await focused(), BY.get('subcategory').at(-1).group);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press(' ');
  assert.deepEqual(await lastSelect(page), { dimension: 'subcategory', group: BY.get('subcategory').at(-2).group, words: `Subcategory: ${BY.get('subcategory').at(-2).group}` });
  await page.keyboard.press('Home');
  assert.equal(await focused(), BY.get('subcategory')[0].group);
  // One tab stop for the groups: Tab leaves the table.
  await page.keyboard.press('Tab');
  assert.notEqual(await focused(), BY.get('subcategory')[1].group);
  // Shift+Tab comes back to the group last focused.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), BY.get('subcategory')[0].group);
});

/** Sample rows with `n` drug groups, counts shifted by `k` (a batch growing). */
function bigRows(n, k) {
  const rows = SAMPLE.rows.filter((r) => r[0] !== 'drug');
  const drugs = [];
  for (let i = 0; i < n; i++) {
    const items = 1 + ((i * 7 + k) % 40);
    const over = (i + k) % (items + 1);
    drugs.push(['drug', `drug ${String(i).padStart(3, '0')}`, String(items), String(items), String(items - over), String(over),
      (over / items).toFixed(4), (over / items / 2).toFixed(4), Math.min(1, over / items + 0.2).toFixed(4)]);
  }
  drugs.sort((a, b) => Number(b[3]) - Number(a[3]) || (a[1] < b[1] ? -1 : 1));
  const at = rows.findIndex((r) => r[0] === 'body_part');
  rows.splice(at, 0, ...drugs);
  return rows;
}

test('updates keep the dimension, the selection, the focus and the scroll; hundreds of groups stay cheap', async () => {
  const { page } = await open();
  await page.selectOption('#summary select.sp-dimension', 'drug');
  const rows0 = bigRows(400, 0);
  const drugs0 = rows0.filter((r) => r[0] === 'drug');
  const shown = () => page.$$eval('#summary .sp-table tbody tr', (t) => t.map((x) => x.dataset.group));
  const bars = () => page.$$eval('#summary g.sp-bar', (g) => g.length);
  await page.evaluate((rows) => window.__panel.update(rows, window.__sample.columns), rows0);
  // The table lists the 100 largest, the chart the 20 largest, until asked for all.
  assert.deepEqual(await shown(), drugs0.slice(0, 100).map((r) => r[1]));
  assert.match(await page.textContent('#summary .sp-table-note'), /lists the 100 drug groups with the most items, of 400/);
  await page.click('#summary .sp-table-toggle');
  assert.equal((await shown()).length, 400);
  await page.click('#summary .sp-table-toggle');
  assert.equal((await shown()).length, 100);
  assert.equal(await bars(), 20);
  assert.match(await page.textContent('#summary .sp-chart-note'), /shows the 20 drug groups with the most items, of 400/);
  await page.click('#summary .sp-chart-toggle');
  assert.equal(await bars(), 400);
  await page.click('#summary .sp-chart-toggle');
  assert.equal(await bars(), 20);

  // A group selected by the page beyond both lengths joins both.
  const far = drugs0[300][1];
  await page.evaluate((g) => window.__panel.setSelected({ dimension: 'drug', group: g }), far);
  assert.equal((await shown()).length, 101);
  assert.equal((await shown()).at(-1), far);
  assert.equal(await bars(), 21);

  const target = drugs0[60][1];
  await page.click(`#summary tr[data-group="${target}"] button.sp-group`);
  // Within the first 100 it stays in its place, once.
  assert.deepEqual(await shown(), drugs0.slice(0, 100).map((r) => r[1]));
  // A toggle keeps focus across updates.
  await page.focus('#summary .sp-table-toggle');
  await page.evaluate((rows) => window.__panel.update(rows, window.__sample.columns), bigRows(400, 1));
  assert.equal(await page.evaluate(() => document.activeElement.className), 'link sp-table-toggle');
  await page.focus(`#summary tr[data-group="${target}"] button.sp-group`);
  const scroll = await page.evaluate(() => document.querySelector('#summary .sp-table-wrap').scrollTop);
  assert.ok(scroll > 0, 'the table scrolled to the group');

  // Ten updates of a growing batch, each timed in the page (with the layout it causes).
  const times = [];
  for (let k = 1; k <= 10; k++) {
    const rows = bigRows(400, k);
    times.push(await page.evaluate((r) => {
      const t0 = performance.now();
      window.__panel.update(r, window.__sample.columns);
      void document.body.offsetHeight;
      return performance.now() - t0;
    }, rows));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`# update() with 400 groups: median ${median.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`);
  assert.ok(median < 100, `update takes ${median} ms`);

  assert.equal(await page.inputValue('#summary select.sp-dimension'), 'drug');
  assert.deepEqual(await page.$$eval('#summary button.sp-group[aria-pressed="true"]', (b) => b.map((x) => x.textContent)), [target]);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), target, 'focus stays on the group');
  const after = await page.evaluate(() => document.querySelector('#summary .sp-table-wrap').scrollTop);
  assert.equal(after, scroll, 'scroll kept');
  // The table shows the last rows given (the selected one added if it fell beyond the first 100).
  const last = bigRows(400, 10).filter((r) => r[0] === 'drug').map((r) => {
    const row = { items: Number(r[3]), overturned: Number(r[5]), low: Math.round(Number(r[7]) * 1e4), high: Math.round(Number(r[8]) * 1e4) };
    return [r[1], r[2], r[3], r[4], r[5], rowShare(row).text];
  });
  const expected = last.slice(0, 100);
  if (!expected.some((r) => r[0] === target)) expected.push(last.find((r) => r[0] === target));
  assert.deepEqual(await readPanelTable(page), expected);
});

test('group names from letters stay text', async () => {
  const { page, errors } = await open();
  const evil = '<img src=x onerror="window.__pwned=1">';
  const rows = SAMPLE.rows.map((r) => (r[0] === 'category' && r[1] === 'Imaging' ? [r[0], evil, ...r.slice(2)] : r));
  await page.evaluate((r) => window.__panel.update(r, window.__sample.columns), rows);
  assert.equal(await page.$$eval('#summary img', (x) => x.length), 0);
  assert.ok((await readPanelTable(page)).some((r) => r[0] === evil));
  await page.click(`#summary tr[data-group='${evil.replace(/'/g, "\\'")}'] button.sp-group`);
  assert.deepEqual(await lastSelect(page), { dimension: 'category', group: evil, words: `Category: ${evil}` });
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
});

test('no rows: the headline says so and the rest waits', async () => {
  const { page } = await open();
  await page.evaluate(() => window.__panel.update([], window.__sample.columns));
  assert.equal(await page.textContent('#summary .sp-headline'), 'No decided items yet.');
  assert.equal(await page.isVisible('#summary .sp-table'), false);
  assert.equal(await page.isDisabled('#summary button.sp-copy'), true);
  await page.evaluate(() => window.__panel.update(window.__sample.rows, window.__sample.columns));
  assert.equal(await page.isVisible('#summary .sp-table'), true);
  assert.equal(await page.isDisabled('#summary button.sp-copy'), false);
});

test('timing: median, 90th percentile, longest and the histogram\'s numbers', async () => {
  const { page } = await open();
  const st = timingStats(SAMPLE.days);
  const stats = await page.$$eval('#timing .sp-stat', (s) => s.map((x) => [x.querySelector('dt').textContent, x.querySelector('dd').textContent]));
  const days = (v) => `${formatDays(v)} ${v === 1 ? 'day' : 'days'}`;
  assert.deepEqual(stats, [['Median', days(st.median)], ['90th percentile', days(st.p90)], ['Longest', days(st.max)], ['Letters', String(st.count)]]);
  assert.equal(st.count + st.missing, SAMPLE.days.length);
  assert.match(await page.textContent('#timing .sp-note'), new RegExp(`^${st.missing} letters lack one of the two dates`));
  const table = await page.$$eval('#timing .sp-hist-table tbody tr', (t) => t.map((r) => [r.children[0].textContent, r.children[1].textContent]));
  assert.deepEqual(table, st.histogram.map((b) => [binLabel(b), String(b.count)]));
  assert.equal(await page.$$eval('#timing svg.sp-hist rect.sp-hist-bar', (r) => r.length), st.histogram.filter((b) => b.count).length);
  assert.equal(await page.getAttribute('#timing svg.sp-hist', 'aria-hidden'), 'true');
  // The count labels are painted over the median and 90th percentile lines (after them, with a halo), one per bin.
  const order = await page.$eval('#timing svg.sp-hist', (svg) => {
    const all = [...svg.querySelectorAll('line.sp-hist-mark, text.sp-hist-count')];
    const lastLine = all.map((n) => n.matches('line')).lastIndexOf(true);
    const counts = all.filter((n) => n.matches('text'));
    return { linesFirst: lastLine >= 0 && all.indexOf(counts[0]) > lastLine, counts: counts.map((t) => t.textContent), halo: getComputedStyle(counts[0]).paintOrder };
  });
  assert.equal(order.linesFirst, true);
  assert.deepEqual(order.counts, st.histogram.map((b) => String(b.count)));
  assert.match(order.halo, /^stroke/);
  // Again with more letters (a batch streaming): the opened numbers stay open and focused.
  await page.click('#timing details.sp-numbers summary');
  const more = [...SAMPLE.days, '90', '3'];
  await page.evaluate((d) => window.__renderTiming(document.getElementById('timing'), d), more);
  assert.equal(await page.evaluate(() => document.activeElement.closest('details')?.open), true);
  assert.equal(await page.textContent('#timing .sp-stat.max dd'), '90 days');
  const table2 = await page.$$eval('#timing .sp-hist-table tbody tr', (t) => t.map((r) => [r.children[0].textContent, r.children[1].textContent]));
  assert.deepEqual(table2, timingStats(more).histogram.map((b) => [binLabel(b), String(b.count)]));
  // Empty input.
  await page.evaluate(() => window.__renderTiming(document.getElementById('timing'), []));
  assert.equal(await page.textContent('#timing .sp-empty'), 'No letters yet.');
  assert.equal(await page.isVisible('#timing .sp-empty'), true);
  assert.equal(await page.isVisible('#timing .sp-timing-stats'), false);
  await page.evaluate(() => window.__renderTiming(document.getElementById('timing'), ['', '']));
  assert.equal(await page.textContent('#timing .sp-empty'), 'No letter has both dates (2 without).');
  await page.evaluate((d) => window.__renderTiming(document.getElementById('timing'), d), SAMPLE.days);
  assert.equal(await page.isVisible('#timing .sp-empty'), false);
  assert.equal(await page.textContent('#timing .sp-stat.median dd'), days(st.median));
});

for (const [name, colorScheme, width] of [['light', 'light', 1000], ['dark', 'dark', 1000], ['narrow', 'light', 400]]) {
  test(`screenshot (${name})`, async () => {
    const { page, errors } = await open({ colorScheme, viewport: { width, height: 1300 } });
    await page.click('#summary .sp-table tbody tr[data-group="Imaging"] button.sp-group');
    await page.click('#timing details.sp-numbers summary');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, `summary-panel-${name}.png`), fullPage: true });
    // Text and bars differ from the background in either scheme.
    const colours = await page.evaluate(() => {
      const cs = (sel) => getComputedStyle(document.querySelector(sel));
      return {
        panel: cs('#summary').color,
        bg: getComputedStyle(document.querySelector('.panel')).backgroundColor,
        label: cs('#summary .sp-label').fill,
        upheld: cs('#summary rect.sp-upheld').fill,
        overturned: cs('#summary rect.sp-overturned').fill,
      };
    });
    assert.notEqual(colours.label, colours.bg);
    assert.notEqual(colours.upheld, colours.overturned);
    assert.deepEqual(errors, []);
  });
}
