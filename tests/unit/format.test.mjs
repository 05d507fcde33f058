// Pure page functions (www/format.js): span lookup, pointers, sorting, filtering, labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  spanFor, cellPointer, tsvToHtml, cellText, compareKeys, sortRows, filterRows, categoryCounts, reasonCounts,
  duplicateGroups, pointerLabel, relativePath, byPath, today, errorTitle, plural, decisionsBy, chapterOf, isLetterFileName, setImageExtensions,
} from '../../www/format.js';

const analysis = { spans: { '/case_number': [10, 22], '/items/0/request': [100, 120], '/reviewer/specialties/1': [50, 60], '/reviewer/specialties/0': [40, 45] } };

test('spanFor: the pointer itself, the first span inside it, or the nearest above', () => {
  assert.deepEqual(spanFor(analysis, '/case_number'), { ptr: '/case_number', span: [10, 22] });
  assert.deepEqual(spanFor(analysis, '/reviewer/specialties'), { ptr: '/reviewer/specialties/0', span: [40, 45] });
  assert.deepEqual(spanFor(analysis, '/items/0/request/extra'), { ptr: '/items/0/request', span: [100, 120] });
  assert.equal(spanFor(analysis, '/priority'), null);
  assert.equal(spanFor(null, '/case_number'), null);
  assert.equal(spanFor(analysis, null), null);
});

test('cellPointer fills {item}; no item → no pointer for item templates', () => {
  assert.equal(cellPointer('/items/{item}/request', 3), '/items/3/request');
  assert.equal(cellPointer('/case_number', 3), '/case_number');
  assert.equal(cellPointer('/items/{item}/request', null), null);
  assert.equal(cellPointer(null, 1), null);
});

test('tsvToHtml escapes every cell and skips the BOM', () => {
  const html = tsvToHtml('\uFEFFa\tb\r\n<x>\t"&\'\r\n');
  assert.equal(html, '<meta charset="utf-8"><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>&lt;x&gt;</td><td>&quot;&amp;&#39;</td></tr></tbody></table>');
  assert.equal(tsvToHtml(''), '');
});

test('cellText joins lists with "; " and shows null as empty', () => {
  assert.equal(cellText(['Texas', 'Ohio']), 'Texas; Ohio');
  assert.equal(cellText(null), '');
  assert.equal(cellText(7), '7');
});

test('compareKeys: numbers as numbers, text naturally, empty last in both directions', () => {
  assert.ok(compareKeys('9', '10', true) < 0);
  assert.ok(compareKeys('item 9', 'item 10', false) < 0);
  assert.ok(compareKeys('', 'a', false, 1) > 0);
  assert.ok(compareKeys('', 'a', false, -1) > 0);
  assert.ok(compareKeys('b', 'a', false, -1) < 0);
  assert.equal(compareKeys('', null, false), 0);
});

const rows = [
  { key: 'L0', letter: 0, item: null, keys: ['b', '10'], search: 'b\t10' },
  { key: 'L1', letter: 1, item: null, keys: ['a', '9'], search: 'a\t9' },
  { key: 'L2', letter: 2, item: null, keys: ['', '2'], search: '\t2' },
];

test('sortRows by a column, ties and no sort in input order; the input is not changed', () => {
  assert.deepEqual(sortRows(rows, { column: 0, dir: 'ascending', numeric: false }).map((r) => r.key), ['L1', 'L0', 'L2']);
  assert.deepEqual(sortRows(rows, { column: 0, dir: 'descending', numeric: false }).map((r) => r.key), ['L0', 'L1', 'L2']);
  assert.deepEqual(sortRows(rows, { column: 1, dir: 'ascending', numeric: true }).map((r) => r.key), ['L2', 'L1', 'L0']);
  const shuffled = [rows[2], rows[0], rows[1]];
  assert.deepEqual(sortRows(shuffled, null).map((r) => r.key), ['L0', 'L1', 'L2']);
  assert.deepEqual(shuffled.map((r) => r.key), ['L2', 'L0', 'L1']);
});

const letters = [
  { key: 'L0', letter: 0, search: 'cm16-1 texas' },
  { key: 'L1', letter: 1, search: 'cm16-2 ohio' },
];
const items = [
  { key: 'I0/0', letter: 0, item: 0, search: 'norco', category: 'Pharmaceuticals' },
  { key: 'I0/1', letter: 0, item: 1, search: 'mri', category: 'Diagnostic Testing' },
  { key: 'I1/0', letter: 1, item: 0, search: 'physical therapy ohio', category: 'Rehabilitation' },
];

test('filterRows: text on either table, a letter stays when one of its items matches, a letter-level match keeps its items', () => {
  let r = filterRows(letters, items, { text: 'norco' });
  assert.deepEqual(r.items.map((x) => x.key), ['I0/0']);
  assert.deepEqual(r.letters.map((x) => x.key), ['L0']);
  r = filterRows(letters, items, { text: 'ohio' });
  assert.deepEqual(r.letters.map((x) => x.key), ['L1']);
  assert.deepEqual(r.items.map((x) => x.key), ['I1/0']);
  r = filterRows(letters, items, { text: 'texas' });
  assert.deepEqual(r.letters.map((x) => x.key), ['L0']);
  assert.deepEqual(r.items.map((x) => x.key), ['I0/0', 'I0/1'], 'the letter matches: its items show');
  r = filterRows(letters, items, { text: 'texas', category: 'Pharmaceuticals' });
  assert.deepEqual(r.items.map((x) => x.key), ['I0/0'], 'with a category: its items of the matching letter');
  assert.deepEqual(r.letters.map((x) => x.key), ['L0']);
  r = filterRows(letters, items, {});
  assert.equal(r.letters.length, 2);
  assert.equal(r.items.length, 3);
});

test('filterRows: a group or a category keeps its items and only the letters that have one; combines with text', () => {
  let r = filterRows(letters, items, { groups: new Set(['0/1', '1/0']) });
  assert.deepEqual(r.items.map((x) => x.key), ['I0/1', 'I1/0']);
  assert.deepEqual(r.letters.map((x) => x.key), ['L0', 'L1']);
  r = filterRows(letters, items, { groups: new Set(['0/1', '1/0']), text: 'mri' });
  assert.deepEqual(r.items.map((x) => x.key), ['I0/1']);
  assert.deepEqual(r.letters.map((x) => x.key), ['L0']);
  r = filterRows(letters, items, { category: 'Rehabilitation' });
  assert.deepEqual(r.items.map((x) => x.key), ['I1/0']);
  assert.deepEqual(r.letters.map((x) => x.key), ['L1']);
});

test('filterRows: a reason keeps the items whose reasons include it, and their letters only', () => {
  const withReasons = [
    { key: 'I0/0', letter: 0, item: 0, search: 'norco', reasons: ['opioid_monitoring_missing', 'no_functional_improvement'] },
    { key: 'I0/1', letter: 0, item: 1, search: 'mri', reasons: [] },
    { key: 'I1/0', letter: 1, item: 0, search: 'physical therapy', reasons: ['no_functional_improvement'] },
  ];
  let r = filterRows(letters, withReasons, { reason: 'no_functional_improvement' });
  assert.deepEqual(r.items.map((x) => x.key), ['I0/0', 'I1/0']);
  assert.deepEqual(r.letters.map((x) => x.key), ['L0', 'L1']);
  r = filterRows(letters, withReasons, { reason: 'opioid_monitoring_missing' });
  assert.deepEqual(r.items.map((x) => x.key), ['I0/0']);
  assert.deepEqual(r.letters.map((x) => x.key), ['L0'], 'a letter with no such item is not shown');
  r = filterRows(letters, withReasons, { reason: 'no_functional_improvement', text: 'therapy' });
  assert.deepEqual(r.items.map((x) => x.key), ['I1/0']);
  // An item counts once under each of its reasons, even when a code repeats.
  assert.deepEqual(reasonCounts([...withReasons, { reasons: ['criteria_met', 'criteria_met'] }, {}]), [
    { value: 'no_functional_improvement', count: 2 }, { value: 'criteria_met', count: 1 }, { value: 'opioid_monitoring_missing', count: 1 },
  ]);
});

test('filterRows: a decision date range keeps the letters decided in it (ends included) and their items', () => {
  const dated = [
    { key: 'L0', letter: 0, search: 'a', decided: '2016-12-09' },
    { key: 'L1', letter: 1, search: 'b', decided: '2017-01-20' },
    { key: 'L2', letter: 2, search: 'c', decided: null },
  ];
  const its = [
    { key: 'I0/0', letter: 0, item: 0, search: 'x' },
    { key: 'I1/0', letter: 1, item: 0, search: 'y' },
    { key: 'I2/0', letter: 2, item: 0, search: 'z' },
  ];
  let r = filterRows(dated, its, { from: '2016-12-09', to: '2016-12-31' });
  assert.deepEqual(r.letters.map((x) => x.key), ['L0']);
  assert.deepEqual(r.items.map((x) => x.key), ['I0/0']);
  r = filterRows(dated, its, { from: '2017-01-01' });
  assert.deepEqual(r.letters.map((x) => x.key), ['L1'], 'an open end; no date is outside any range');
  r = filterRows(dated, its, { to: '2017-01-20' });
  assert.deepEqual(r.letters.map((x) => x.key), ['L0', 'L1']);
  assert.equal(filterRows(dated, its, {}).letters.length, 3);
});

test('categoryCounts: largest first, ties by name, missing as (none)', () => {
  assert.deepEqual(categoryCounts([...items, { category: 'Rehabilitation' }, { category: null }]), [
    { category: 'Rehabilitation', count: 2 }, { category: '(none)', count: 1 }, { category: 'Diagnostic Testing', count: 1 }, { category: 'Pharmaceuticals', count: 1 },
  ]);
});

test('duplicateGroups: case numbers in more than one input, errors ignored', () => {
  const outs = [{ case_number: 'A', source: 'a' }, { error: { code: 'empty' }, source: 'e' }, { case_number: 'A', source: 'b' }, { case_number: 'B', source: 'c' }, null];
  assert.deepEqual(duplicateGroups(outs), [{ caseNumber: 'A', letters: [0, 2], sources: ['a', 'b'] }]);
});

test('decisionsBy counts decided items per key, largest first', () => {
  const a = [{ items: [{ decision: 'upheld', maximus_guideline: { citations: [{ source: 'MTUS', title: 'Chronic Pain' }] } },
    { decision: 'overturned', maximus_guideline: { citations: [] } }, { decision: null, maximus_guideline: null }] }];
  assert.deepEqual(decisionsBy(a, (x, item) => [chapterOf(item)]), [
    { label: '(no citation)', upheld: 0, overturned: 1 }, { label: 'Chronic Pain', upheld: 1, overturned: 0 },
  ]);
});

test('labels and names', () => {
  assert.equal(pointerLabel('/items/1/maximus_guideline/text'), 'item 2, MAXIMUS guideline');
  assert.equal(pointerLabel('/dates/decision'), 'decision date');
  assert.equal(pointerLabel('/reviewer/specialties/0'), 'specialty');
  assert.equal(pointerLabel('/items/0/treatment/drug/strength'), 'item 1, strength');
  assert.equal(pointerLabel('/items/2/treatment/body_parts/1'), 'item 3, body part');
  // Pointers that are not one item's field (a warning about all the items, an item as a whole).
  assert.equal(pointerLabel('/items'), 'items');
  assert.equal(pointerLabel('/items/0'), 'item 1');
  assert.equal(pointerLabel('/patient'), 'patient');
  assert.equal(relativePath('letters/2016/a.pdf'), '2016/a.pdf');
  assert.equal(relativePath(''), null);
  assert.deepEqual(byPath([{ path: 'b' }, { path: 'a/c' }, { path: 'a' }]).map((e) => e.path), ['a', 'a/c', 'b']);
  assert.equal(today(new Date(2026, 0, 5)), '2026-01-05');
  assert.equal(errorTitle({ code: 'password_pdf' }), 'Password-protected PDF');
  assert.equal(errorTitle({ code: 'new_code' }), 'Cannot analyze this input');
  assert.equal(plural(1, 'letter'), '1 letter');
  assert.equal(plural(0, 'item'), '0 items');
});

test('isLetterFileName: .txt and .pdf (any case), as the command line reads folders', () => {
  for (const n of ['a.txt', 'b.PDF', 'x/y/c.Txt', 'letter.v2.pdf']) assert.equal(isLetterFileName(n), true, n);
  for (const n of ['.DS_Store', 'README.md', 'SOURCES.tsv', 'x/.txt', 'pdf', 'a.txt.bak', '']) assert.equal(isLetterFileName(n), false, n);
  // Images once the core has named its extensions (scanLimits().imageExtensions).
  assert.equal(isLetterFileName('scan.png'), false);
  setImageExtensions(['png', 'jpg', 'jpeg', 'tif', 'tiff']);
  for (const n of ['fax.TIF', 'x/scan.jpeg', 'p.png']) assert.equal(isLetterFileName(n), true, n);
  for (const n of ['a.gif', 'scan.png.txt.bak']) assert.equal(isLetterFileName(n), false, n);
});
