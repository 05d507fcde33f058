// The run's rows as data (www/rows.js): rows from the core's cells, error rows, duplicates, groups, counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRunData } from '../../www/rows.js';

const letter = (cn, decisions, category = null) => ({
  case_number: cn, source: `${cn}.txt`, warnings: [],
  items: decisions.map((d) => ({ decision: d, treatment: category ? { category } : null })),
});

test('rows keep the core cells, their text keys and a lower-case search text', () => {
  const d = createRunData();
  d.add(0, letter('CM16-1', ['upheld', 'overturned'], 'Pharmaceuticals'), 'text',
    { letters: [['a.txt', ['Texas', 'Ohio'], '2']], items: [['a.txt', 'Norco'], ['a.txt', 'MRI']] }, null);
  assert.deepEqual(d.letterRows[0].keys, ['a.txt', 'Texas; Ohio', '2']);
  assert.equal(d.letterRows[0].search, 'a.txt\ttexas; ohio\t2');
  assert.deepEqual(d.itemRows.map((r) => [r.key, r.letter, r.item, r.decision, r.category]), [
    ['I0/0', 0, 0, 'upheld', 'Pharmaceuticals'], ['I0/1', 0, 1, 'overturned', 'Pharmaceuticals'],
  ]);
  assert.deepEqual(d.counts(), { letters: 1, items: 2, upheld: 1, overturned: 1, errors: 0, skipped: 0, notAnalyzed: 0, duplicates: 0 });
});

test('an error outcome is one error row, no items; its search text has its message', () => {
  const d = createRunData();
  d.add(0, { source: 'x.pdf', error: { code: 'password_pdf', message: 'This PDF needs a password' } }, null, { letters: [['x.pdf']], items: [] }, null);
  assert.equal(d.letterRows[0].error, true);
  assert.match(d.letterRows[0].search, /needs a password/);
  assert.equal(d.itemRows.length, 0);
  assert.equal(d.counts().errors, 1);
});

test('duplicates: both letters marked when the second arrives, newly marked ones returned', () => {
  const d = createRunData();
  assert.deepEqual(d.add(0, letter('CM1', []), '', { letters: [[]], items: [] }), []);
  assert.deepEqual(d.add(1, letter('CM2', []), '', { letters: [[]], items: [] }), []);
  assert.deepEqual(d.add(2, letter('CM1', []), '', { letters: [[]], items: [] }), [0, 2]);
  assert.deepEqual(d.add(3, letter('CM1', []), '', { letters: [[]], items: [] }), [3]);
  assert.deepEqual(d.duplicateSources(0), ['CM1.txt', 'CM1.txt']);
  assert.equal(d.counts().duplicates, 3);
});

test('itemsInGroup: the items whose groups for a dimension include the group', () => {
  const d = createRunData();
  d.add(0, letter('CM1', ['upheld', 'upheld']), '', { letters: [[]], items: [[], []] }, [{ category: ['Pharmaceuticals'] }, { category: ['Rehabilitation'] }]);
  d.add(1, letter('CM2', ['overturned']), '', { letters: [[]], items: [[]] }, [{ category: ['Pharmaceuticals'], drug: ['tramadol'] }]);
  assert.deepEqual([...d.itemsInGroup('category', 'Pharmaceuticals')], ['0/0', '1/0']);
  assert.deepEqual([...d.itemsInGroup('drug', 'tramadol')], ['1/0']);
  assert.deepEqual([...d.itemsInGroup('drug', 'none')], []);
});

test('each letter keeps its Summary contribution; all of them concatenate in input order', () => {
  const d = createRunData();
  d.add(1, letter('CM16-2', ['upheld']), 't', { letters: [['b.txt']], items: [['b.txt']] }, null, 'L1;u1;3:all');
  d.add(0, { source: 'x.pdf', error: { code: 'empty', message: 'Empty' } }, null, { letters: [['x.pdf']], items: [] }, null, 'E');
  d.add(2, letter('CM16-3', []), 't', { letters: [['c.txt']], items: [] }, null);
  assert.equal(d.allContributions(), 'EL1;u1;3:all');
});
