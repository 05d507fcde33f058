// Timing: how long the IMR took, from the Letters table's days_to_decision
// (whole days from application received to decision). timingStats is pure;
// renderTiming draws the numbers, an SVG histogram and the histogram's table
// with DOM APIs only (no markup strings, no inline styles).
import { svgEl } from './dom.js';

/** Bin widths (days) the histogram may use, smallest first: days, weeks, months. */
export const BIN_WIDTHS = Object.freeze([1, 2, 5, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650]);
/** The histogram has at most this many bins (it uses the smallest width that fits). */
export const MAX_BINS = 12;

/** A cell or number as a finite number of days, or null (empty, null, not a number). */
function toDays(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
    return Number(s);
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The p-th percentile (0 ≤ p ≤ 1) of sorted values by linear interpolation
 * between the closest ranks: h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * This is Excel's PERCENTILE.INC, R's type 7 and NumPy's default; p = 0.5
 * is the usual median (the mean of the two middle values for an even count).
 */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Histogram bins `{from, to, count}`, `from` inclusive and `to` exclusive, of
 * equal width: the smallest of BIN_WIDTHS that covers the values in at most
 * MAX_BINS bins, starting at the multiple of the width at or below the least
 * value, ending with the bin that holds the greatest.
 */
export function histogram(sorted) {
  if (!sorted.length) return [];
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  let width = BIN_WIDTHS[BIN_WIDTHS.length - 1];
  for (const w of BIN_WIDTHS) {
    if (Math.floor(max / w) - Math.floor(min / w) + 1 <= MAX_BINS) {
      width = w;
      break;
    }
  }
  // Wider than the widest width allows: widen in steps of it.
  while (Math.floor(max / width) - Math.floor(min / width) + 1 > MAX_BINS) width *= 2;
  const start = Math.floor(min / width) * width;
  const n = Math.floor(max / width) - Math.floor(min / width) + 1;
  const bins = Array.from({ length: n }, (_, i) => ({ from: start + i * width, to: start + (i + 1) * width, count: 0 }));
  for (const v of sorted) bins[Math.floor(v / width) - Math.floor(min / width)].count += 1;
  return bins;
}

/**
 * The distribution of days to decision: `{count, median, p90, max, min,
 * missing, histogram}`. `days` holds numbers or the Letters table's cells
 * (strings, "" when a date is unknown); empty and non-numeric ones are left
 * out and counted in `missing`. Percentiles as `percentile` defines them.
 * Without any value: count 0, median, p90, max and min null, no bins.
 */
export function timingStats(days) {
  const values = [];
  let missing = 0;
  for (const d of days || []) {
    const v = toDays(d);
    if (v === null) missing += 1;
    else values.push(v);
  }
  values.sort((a, b) => a - b);
  if (!values.length) return { count: 0, median: null, p90: null, max: null, min: null, missing, histogram: [] };
  return {
    count: values.length,
    median: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    max: values[values.length - 1],
    min: values[0],
    missing,
    histogram: histogram(values),
  };
}

// ---------------------------------------------------------------- rendering


function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** Days with at most one decimal: 12 → "12", 12.5 → "12.5". */
export function formatDays(v) {
  if (v === null || v === undefined) return '—';
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

const dayWord = (v) => (v === 1 ? 'day' : 'days');

/** A bin's label: whole days "0–4" (both ends included), one day "7", otherwise "0–2.5". */
export function binLabel({ from, to }) {
  if (Number.isInteger(from) && Number.isInteger(to)) return to - from === 1 ? String(from) : `${from}–${to - 1}`;
  return `${formatDays(from)}–${formatDays(to)}`;
}

/** Per root: the figure's parts, kept across calls, and what they show. */
const views = new WeakMap();

/** The figure's lasting parts in `root` (built on the first call, or when the page replaced them). */
function view(root) {
  let v = views.get(root);
  if (v && v.fig.parentNode === root) return v;
  const fig = el('figure', { class: 'sp-timing' });
  const stats = el('dl', { class: 'sp-timing-stats' });
  const note = el('p', { class: 'sp-note' });
  const empty = el('p', { class: 'sp-empty' });
  const histWrap = el('div', { class: 'sp-hist-wrap' });
  const legend = el('p', { class: 'sp-legend' },
    el('span', { class: 'sp-key median', 'aria-hidden': 'true' }), 'median ',
    el('span', { class: 'sp-key p90', 'aria-hidden': 'true' }), '90th percentile');
  const tbody = el('tbody');
  const table = el('table', { class: 'sp-hist-table' },
    el('caption', {}, 'Letters by days to decision'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'days'), el('th', { scope: 'col' }, 'letters'))),
    tbody);
  const details = el('details', { class: 'sp-numbers' }, el('summary', {}, 'The histogram’s numbers'), table);
  const body = el('div', { class: 'sp-timing-body' }, stats, note, histWrap, legend, details);
  fig.append(el('figcaption', { class: 'sp-timing-caption' }, 'Days from application received to decision'), empty, body);
  root.replaceChildren(fig);
  v = { fig, stats, note, empty, body, histWrap, tbody, sig: null };
  views.set(root, v);
  return v;
}

/** The histogram as SVG: one column per bin, its count above, its days below; median and 90th percentile marked. */
function histogramSvg(st) {
  const bins = st.histogram;
  const top = Math.max(...bins.map((b) => b.count));
  const colW = Math.max(28, Math.min(44, Math.floor(440 / bins.length)));
  const padL = 8;
  const plotH = 120;
  const headH = 18;
  const footH = 34;
  const width = padL * 2 + colW * bins.length;
  const height = headH + plotH + footH;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'sp-hist', 'aria-hidden': 'true', focusable: 'false' });
  svg.append(svgEl('line', { x1: padL, x2: width - padL, y1: headH + plotH + 0.5, y2: headH + plotH + 0.5, class: 'sp-axis' }));
  const counts = []; // drawn last: over the median and 90th percentile lines, with a halo
  bins.forEach((b, i) => {
    const x = padL + i * colW;
    const h = top ? Math.round((b.count / top) * plotH) : 0;
    const g = svgEl('g', { class: 'sp-hist-bin' });
    if (h) g.append(svgEl('rect', { x: x + 2, y: headH + plotH - h, width: colW - 4, height: h, rx: 2, class: 'sp-hist-bar' }));
    counts.push(svgEl('text', { x: x + colW / 2, y: headH + plotH - h - 4, 'text-anchor': 'middle', class: 'sp-hist-count' }, String(b.count)));
    g.append(svgEl('text', { x: x + colW / 2, y: headH + plotH + 14, 'text-anchor': 'middle', class: 'sp-hist-label' }, binLabel(b)));
    svg.append(g);
  });
  svg.append(svgEl('text', { x: width / 2, y: height - 3, 'text-anchor': 'middle', class: 'sp-hist-axis-title' }, 'days'));
  const first = bins[0].from;
  const binW = bins[0].to - bins[0].from;
  // Whole days: day d is the slot [d, d + 1), its mark in the middle of it.
  const half = Number.isInteger(first) && Number.isInteger(binW) ? 0.5 : 0;
  const xOf = (v) => padL + ((v + half - first) / binW) * colW;
  for (const [v, cls] of [[st.median, 'median'], [st.p90, 'p90']]) {
    const x = xOf(v).toFixed(1);
    svg.append(svgEl('line', { x1: x, x2: x, y1: headH - 4, y2: headH + plotH, class: `sp-hist-mark ${cls}` }));
  }
  const countsG = svgEl('g', { class: 'sp-hist-counts' });
  countsG.append(...counts);
  svg.append(countsG);
  return svg;
}

/**
 * Draw the timing of `days` into `root`: median, 90th percentile and
 * longest, a histogram (SVG, hidden from screen readers) and its numbers as
 * a table. Cheap to call again as a batch streams: the figure stays (an
 * opened table stays open, focus stays where it is) and only what changed
 * is redrawn. Returns the stats.
 */
export function renderTiming(root, days) {
  const st = timingStats(days);
  const v = view(root);
  const sig = JSON.stringify(st);
  if (sig === v.sig) return st;
  v.sig = sig;
  v.empty.hidden = st.count > 0;
  v.body.hidden = st.count === 0;
  if (!st.count) {
    v.empty.textContent = st.missing ? `No letter has both dates (${st.missing} without).` : 'No letters yet.';
    return st;
  }
  const stat = (label, value, cls) => el('div', { class: `sp-stat ${cls}` }, el('dt', {}, label), el('dd', {}, value));
  v.stats.replaceChildren(
    stat('Median', `${formatDays(st.median)} ${dayWord(st.median)}`, 'median'),
    stat('90th percentile', `${formatDays(st.p90)} ${dayWord(st.p90)}`, 'p90'),
    stat('Longest', `${formatDays(st.max)} ${dayWord(st.max)}`, 'max'),
    stat('Letters', String(st.count), 'count'));
  v.note.hidden = !st.missing;
  v.note.textContent = st.missing
    ? `${st.missing} ${st.missing === 1 ? 'letter lacks' : 'letters lack'} one of the two dates and ${st.missing === 1 ? 'is' : 'are'} not counted.`
    : '';
  v.histWrap.replaceChildren(histogramSvg(st));
  v.tbody.replaceChildren(...st.histogram.map((b) => el('tr', {}, el('th', { scope: 'row' }, binLabel(b)), el('td', {}, String(b.count)))));
  return st;
}
