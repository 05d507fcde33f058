// Unit tests of www/timing.js's numbers (timingStats, percentile, histogram).
// Run with `node --test tests/unit/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timingStats, percentile, histogram, binLabel, formatDays, MAX_BINS } from '../../www/timing.js';

test('percentile interpolates between closest ranks (PERCENTILE.INC, R type 7)', () => {
  const x = [1, 2, 3, 4];
  assert.equal(percentile(x, 0.5), 2.5);
  assert.ok(Math.abs(percentile(x, 0.9) - 3.7) < 1e-12);
  assert.equal(percentile(x, 0), 1);
  assert.equal(percentile(x, 1), 4);
  assert.equal(percentile([7], 0.9), 7);
  assert.equal(percentile([], 0.5), null);
  // 1..10: median 5.5, p90 = 9.1 (numpy.percentile(range(1, 11), 90) == 9.1)
  const ten = Array.from({ length: 10 }, (_, i) => i + 1);
  assert.equal(percentile(ten, 0.5), 5.5);
  assert.ok(Math.abs(percentile(ten, 0.9) - 9.1) < 1e-12);
});

test('timingStats: known values', () => {
  const st = timingStats([10, 3, 7, 21, 14, 5, 9, 30, 12, 8, 45]);
  // sorted: 3 5 7 8 9 10 12 14 21 30 45 → median x[5] = 10; p90: h = 9 → 30
  assert.equal(st.count, 11);
  assert.equal(st.median, 10);
  assert.equal(st.p90, 30);
  assert.equal(st.max, 45);
  assert.equal(st.min, 3);
  assert.equal(st.missing, 0);
  // 3..45 in at most 12 bins: width 5 (width 2 would need 22), 0–4 … 45–49
  assert.equal(st.histogram.length, 10);
  assert.deepEqual(st.histogram[0], { from: 0, to: 5, count: 1 });
  assert.deepEqual(st.histogram.map((b) => b.count), [1, 4, 3, 0, 1, 0, 1, 0, 0, 1]);
  assert.equal(st.histogram.reduce((s, b) => s + b.count, 0), 11);
});

test('timingStats reads the Letters table cells and skips empty ones', () => {
  const st = timingStats(['12', '', '4', null, 'n/a', ' 8 ', undefined]);
  assert.equal(st.count, 3);
  assert.equal(st.missing, 4);
  assert.equal(st.median, 8);
  assert.ok(Math.abs(st.p90 - 11.2) < 1e-12); // h = 1.8 → 8 + 0.8·4
  assert.equal(st.max, 12);
});

test('timingStats: empty input', () => {
  for (const input of [[], null, undefined, ['', '']]) {
    const st = timingStats(input);
    assert.equal(st.count, 0);
    assert.equal(st.median, null);
    assert.equal(st.p90, null);
    assert.equal(st.max, null);
    assert.deepEqual(st.histogram, []);
  }
  assert.equal(timingStats(['', '']).missing, 2);
});

test('histogram: one value, a narrow range by days, a wide range', () => {
  assert.deepEqual(histogram([5]), [{ from: 5, to: 6, count: 1 }]);
  assert.deepEqual(histogram([2, 2, 3, 5]).map((b) => [b.from, b.count]), [[2, 2], [3, 1], [4, 0], [5, 1]]);
  const wide = histogram([0, 400, 1000]);
  assert.ok(wide.length <= MAX_BINS);
  assert.equal(wide[0].to - wide[0].from, 90); // 1000 / 90 → 12 bins
  assert.equal(wide.reduce((s, b) => s + b.count, 0), 3);
  const huge = histogram([0, 1e6]);
  assert.ok(huge.length <= MAX_BINS && huge.length >= 2);
  assert.equal(huge.reduce((s, b) => s + b.count, 0), 2);
  // Every value falls in [from, to) of its bin.
  const vals = [0, 1, 6, 7, 13, 14, 29, 30, 31, 59];
  for (const b of histogram(vals)) assert.equal(b.count, vals.filter((v) => v >= b.from && v < b.to).length);
});

test('labels: bins and days', () => {
  assert.equal(binLabel({ from: 0, to: 5 }), '0–4');
  assert.equal(binLabel({ from: 7, to: 8 }), '7');
  assert.equal(binLabel({ from: 0, to: 2.5 }), '0–2.5');
  assert.equal(formatDays(12), '12');
  assert.equal(formatDays(12.5), '12.5');
  assert.equal(formatDays(3.7000000000000002), '3.7');
  assert.equal(formatDays(null), '—');
});
