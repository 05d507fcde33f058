// Unit tests of www/summary-model.js: reading the Summary rows, and the
// numbers in words. Run with `node --test tests/unit/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dimensionChoices, defaultDimension, dimensionLabel, groupLabel, rowsByDimension, permyriad, formatPercent, formatShare,
  intervalWords, headline, headlineParts, groupWords, rowShare, chartGeometry, CHART_WIDTH,
} from '../../www/summary-model.js';

const NAMES = ['dimension', 'group', 'letters', 'items', 'upheld', 'overturned', 'overturned_share', 'ci_low', 'ci_high'];
const COLUMNS = NAMES.map((name, i) => ({ name, kind: i < 2 ? 'text' : i < 6 ? 'integer' : 'number', pointer: null }));

const ROWS = [
  ['all', 'all', '62', '85', '71', '12', '0.1412', '0.0826', '0.2309'],
  ['category', 'Pharmacy', '30', '41', '38', '3', '0.0732', '0.0252', '0.1946'],
  ['category', 'Imaging', '9', '9', '6', '3', '0.3333', '0.1206', '0.6458'],
  ['category', '(none)', '2', '2', '2', '0', '0.0000', '0.0000', '0.6576'],
  ['drug', 'tramadol', '5', '5', '5', '0', '0.0000', '0.0000', '0.4345'],
];

test('the switchable dimensions are the core\'s, in its order, without all, with its words', () => {
  // The shape of the core's summaryDimensions() (src/summary.rs), written out here.
  const core = [
    { key: 'all', label: 'All items', groups: [] },
    { key: 'body_part', label: 'Body part', groups: [] },
    { key: 'reason', label: 'Reason', groups: [{ group: 'criteria_met', label: 'Guideline criteria met' }] },
  ];
  const choices = dimensionChoices(core);
  assert.deepEqual(choices.map((d) => d.key), ['body_part', 'reason']);
  assert.equal(defaultDimension(choices), 'body_part');
  assert.equal(dimensionLabel('reason', choices), 'Reason');
  assert.equal(dimensionLabel('something_new', choices), 'something_new');
  assert.equal(groupLabel('reason', 'criteria_met', choices), 'Guideline criteria met');
  assert.equal(groupLabel('reason', 'not_a_code', choices), 'not_a_code');
  assert.equal(groupLabel('body_part', 'knee', choices), 'knee');
});

test('without the core\'s words the rows\' own dimensions are the choices, named by their keys', () => {
  const choices = dimensionChoices(null, rowsByDimension(ROWS, COLUMNS));
  assert.deepEqual(choices.map((d) => [d.key, d.label]), [['category', 'Category'], ['drug', 'Drug']]);
  assert.equal(dimensionLabel('reviewer_state', dimensionChoices(null, new Map([['reviewer_state', []]]))), 'Reviewer state');
  assert.equal(defaultDimension([]), null);
});

test('rowsByDimension groups rows by dimension, in their order, with numbers', () => {
  const by = rowsByDimension(ROWS, COLUMNS);
  assert.deepEqual([...by.keys()], ['all', 'category', 'drug']);
  assert.deepEqual(by.get('category').map((r) => r.group), ['Pharmacy', 'Imaging', '(none)']);
  assert.deepEqual(by.get('all')[0], {
    dimension: 'all', group: 'all', letters: 62, items: 85, upheld: 71, overturned: 12, share: 1412, low: 826, high: 2309,
  });
});

test('rowsByDimension finds columns by name, whatever their order', () => {
  const order = [8, 7, 6, 5, 4, 3, 2, 1, 0];
  const cols = order.map((i) => COLUMNS[i]);
  const rows = ROWS.map((r) => order.map((i) => r[i]));
  assert.deepEqual(rowsByDimension(rows, cols), rowsByDimension(ROWS, COLUMNS));
  assert.deepEqual(rowsByDimension(rows, cols.map((c) => c.name)), rowsByDimension(ROWS, COLUMNS));
  assert.deepEqual(rowsByDimension(ROWS), rowsByDimension(ROWS, COLUMNS));
});

test('rowsByDimension: empty rows, empty cells, a missing column', () => {
  assert.equal(rowsByDimension([], COLUMNS).size, 0);
  const [r] = rowsByDimension([['all', 'all', '0', '0', '0', '0', '', '', '']], COLUMNS).get('all');
  assert.equal(r.items, 0);
  assert.equal(r.share, null);
  assert.equal(r.low, null);
  assert.throws(() => rowsByDimension(ROWS, COLUMNS.slice(0, 8)), /ci_high is missing/);
});

test('permyriad reads four-decimal shares exactly and refuses the rest', () => {
  assert.equal(permyriad('0.1419'), 1419);
  assert.equal(permyriad('0.0001'), 1);
  assert.equal(permyriad('1.0000'), 10000);
  assert.equal(permyriad('0'), 0);
  assert.equal(permyriad('1'), 10000);
  for (const bad of ['', ' ', 'NaN', '-0.1', '1.5', '1e-3', '0.1.2', null, undefined]) assert.equal(permyriad(bad), null, String(bad));
});

test('formatPercent: one decimal, halves round up, exact at the ends', () => {
  assert.equal(formatPercent(1419), '14.2%');
  assert.equal(formatPercent(1414), '14.1%');
  assert.equal(formatPercent(1415), '14.2%');
  assert.equal(formatPercent(5), '0.1%');
  assert.equal(formatPercent(4), '0.0%');
  assert.equal(formatPercent(0), '0.0%');
  assert.equal(formatPercent(10000), '100.0%');
  assert.equal(formatPercent(9995), '100.0%');
  assert.equal(formatPercent(null), '—');
});

test('formatShare: the share and its interval, from numbers or the Summary strings', () => {
  assert.equal(formatShare(1419, 983, 2011), '14.2% (9.8–20.1%)');
  assert.equal(formatShare('0.1419', '0.0983', '0.2011'), '14.2% (9.8–20.1%)');
  assert.equal(formatShare('0.0000', '0.0000', '0.6576'), '0.0% (0.0–65.8%)');
  assert.equal(formatShare('1.0000', '0.5655', '1.0000'), '100.0% (56.6–100.0%)');
  assert.equal(formatShare(1419, null, null), '14.2%');
  assert.equal(formatShare('', '', ''), '—');
  assert.equal(intervalWords(826, 2309), '95% interval 8.3% to 23.1%');
  assert.equal(intervalWords(null, 2309), '');
});

test('the headline puts the all row in plain words', () => {
  const all = rowsByDimension(ROWS, COLUMNS).get('all')[0];
  assert.equal(headline(all),
    'Of 85 items in 62 letters, the reviewers upheld 71 and overturned 12 (2 without a decision read): '
    + 'an overturned share of 14.1% (95% interval 8.3% to 23.1%).');
  assert.deepEqual(headlineParts(all).filter((p) => p.strong).map((p) => p.text), ['85 items', '62 letters', '71', '12', '14.1%']);
  const one = { ...all, letters: 1, items: 1, upheld: 0, overturned: 1, share: 10000, low: 2065, high: 10000 };
  assert.equal(headline(one), 'Of 1 item in 1 letter, the reviewers upheld 0 and overturned 1: an overturned share of 100.0% (95% interval 20.7% to 100.0%).');
  assert.equal(headline(null), 'No decided items yet.');
  assert.equal(headline({ ...all, items: 0 }), 'No decided items yet.');
});

test('groupWords describes one group', () => {
  const imaging = rowsByDimension(ROWS, COLUMNS).get('category')[1];
  assert.equal(groupWords(imaging), 'Imaging: 9 items in 9 letters, 6 upheld, 3 overturned; overturned share 33.3% (95% interval 12.1% to 64.6%)');
});

test('rowShare rounds the share once, from the counts', () => {
  // 22 / 98 = 22.449%: the Summary's 0.2245 rounded again would say 22.5%.
  const row = { items: 98, overturned: 22, share: 2245, low: 1532, high: 3166 };
  assert.deepEqual(rowShare(row), { share: '22.4%', interval: '15.3–31.7%', text: '22.4% (15.3–31.7%)' });
  assert.equal(rowShare({ items: 16, overturned: 1, low: 111, high: 2833 }).share, '6.3%'); // 6.25 → 6.3
  assert.equal(rowShare({ items: 3, overturned: 3, low: 4385, high: 10000 }).text, '100.0% (43.9–100.0%)');
  assert.equal(rowShare({ items: 7, overturned: 0, low: null, high: null }).text, '0.0%');
  assert.equal(rowShare({ items: 0, overturned: 0, low: null, high: null }).text, '—');
});

test('chartGeometry keeps the parts apart and inside the width', () => {
  for (const width of [0, 200, 300, 420, 599, 600, 760, 1200, 3000]) {
    const g = chartGeometry(width);
    assert.equal(g.width, Math.max(300, width || CHART_WIDTH), `width ${width}`);
    assert.ok(g.countX >= 0 && g.countW >= 80, `items bars at ${width}`);
    assert.ok(g.countX + g.countW + 30 <= g.shareX, `room for the items count at ${width}`);
    assert.ok(g.shareW >= 90, `share scale at ${width}`);
    assert.ok(g.shareX + g.shareW + 50 <= g.width, `room for "100.0%" at ${width}`);
    if (!g.narrow) assert.ok(g.labelX < g.countX, `label before the bars at ${width}`);
    assert.equal(g.narrow, Math.max(300, width || CHART_WIDTH) < 600);
  }
});
