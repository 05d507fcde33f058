// Pure helpers for the Summary panel: the Summary rows (SCHEMA.md, "Summary:
// what gets overturned") read into objects and grouped by dimension, and the
// numbers put into words. No DOM here, so node --test covers all of it.

/**
 * The dimensions a person can switch between, in the Summary's order, with
 * their labels and their groups' words: from the core's `summaryDimensions()`
 * (`dimensions`) when given, otherwise the dimensions of the rows themselves
 * (`byDim`, from `rowsByDimension`) named by their keys. `all` is not among
 * them: its one row is the headline.
 */
export function dimensionChoices(dimensions, byDim = new Map()) {
  const list = Array.isArray(dimensions) && dimensions.length
    ? dimensions.map((d) => ({ key: d.key, label: d.label, groups: new Map((d.groups || []).map((g) => [g.group, g.label])) }))
    : [...byDim.keys()].map((key) => ({ key, label: keyWords(key), groups: new Map() }));
  return list.filter((d) => d.key !== 'all');
}

/** A key in words, for a dimension the core did not name: "body_part" → "Body part". */
function keyWords(key) {
  const words = String(key).replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The dimension shown first: the first of the choices. */
export function defaultDimension(choices) {
  return choices.length ? choices[0].key : null;
}

/** The label of a dimension key among the choices (an unknown key is shown as it is). */
export function dimensionLabel(key, choices = []) {
  const d = choices.find((x) => x.key === key);
  return d ? d.label : String(key);
}

/** A group's words in its dimension (a reason code's label), or the group itself. */
export function groupLabel(key, group, choices = []) {
  const d = choices.find((x) => x.key === key);
  return (d && d.groups.get(group)) || group;
}

/** The Summary columns the panel reads; an absent one makes `rowsByDimension` throw. */
export const SUMMARY_COLUMNS = Object.freeze(['dimension', 'group', 'letters', 'items', 'upheld', 'overturned', 'overturned_share', 'ci_low', 'ci_high']);

/** A count cell ("12") as a number; an empty or malformed cell as 0. */
function count(cell) {
  const n = Number.parseInt(cell, 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/**
 * A share cell ("0.1419", four decimals from 0 to 1) as whole ten-thousandths
 * (1419), so that rounding to a tenth of a percent is exact integer
 * arithmetic; null for an empty or malformed cell.
 */
export function permyriad(cell) {
  if (cell === null || cell === undefined) return null;
  const s = String(cell).trim();
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const x = Number(s);
  if (!(x >= 0 && x <= 1)) return null;
  return Math.round(x * 10000);
}

/**
 * The Summary rows (cells as strings, in the order of `columns`) as objects
 * `{dimension, group, letters, items, upheld, overturned, share, low, high}`
 * (columns: `[{name}]` as tableColumns gives them, or plain names, or
 * nothing for SCHEMA.md's order),
 * counts as numbers and the share and its interval as ten-thousandths (or
 * null), grouped by dimension: a Map from dimension to its rows, in the
 * rows' order (which SCHEMA.md fixes: items descending, then group).
 */
export function rowsByDimension(rows, columns) {
  const at = {};
  // Without columns, the Summary's own order (SCHEMA.md).
  const names = Array.isArray(columns) ? columns.map((c) => (c && typeof c === 'object' ? c.name : c)) : SUMMARY_COLUMNS;
  for (const name of SUMMARY_COLUMNS) {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`Summary column ${name} is missing`);
    at[name] = i;
  }
  const out = new Map();
  for (const r of rows || []) {
    const row = {
      dimension: String(r[at.dimension] ?? ''),
      group: String(r[at.group] ?? ''),
      letters: count(r[at.letters]),
      items: count(r[at.items]),
      upheld: count(r[at.upheld]),
      overturned: count(r[at.overturned]),
      share: permyriad(r[at.overturned_share]),
      low: permyriad(r[at.ci_low]),
      high: permyriad(r[at.ci_high]),
    };
    let list = out.get(row.dimension);
    if (!list) out.set(row.dimension, (list = []));
    list.push(row);
  }
  return out;
}

/** Ten-thousandths as a percentage with one decimal: 1419 → "14.2%", 0 → "0.0%". */
export function formatPercent(pmy) {
  if (pmy === null || pmy === undefined || !Number.isFinite(pmy)) return '—';
  const tenths = Math.round(pmy / 10); // tenths of a percent; halves round up
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/**
 * The share with its interval, short, from the Summary's four-decimal
 * values (rowShare, from the counts, avoids rounding twice):
 * `formatShare(1419, 983, 2011)` → "14.2% (9.8–20.1%)". Accepts the Summary's
 * strings too ("0.1419"). Without a share (no items): "—".
 */
export function formatShare(share, low, high) {
  const [s, l, h] = [share, low, high].map((v) => (typeof v === 'string' ? permyriad(v) : v));
  if (s === null || s === undefined) return '—';
  if (l === null || l === undefined || h === null || h === undefined) return formatPercent(s);
  return `${formatPercent(s)} (${formatPercent(l).slice(0, -1)}–${formatPercent(h)})`;
}

/** The interval alone in words: "95% interval 9.8% to 20.1%" (or "" without one). */
export function intervalWords(low, high) {
  if (low === null || low === undefined || high === null || high === undefined) return '';
  return `95% interval ${formatPercent(low)} to ${formatPercent(high)}`;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The headline from the `all` row, in plain words, as a list of parts
 * `{text, strong}` (strong parts are the numbers to emphasise), so the page
 * can build it with text nodes. An absent row or no items: one sentence
 * saying so.
 */
export function headlineParts(all) {
  if (!all || all.items === 0) return [{ text: 'No decided items yet.' }];
  const parts = [
    { text: 'Of ' }, { text: plural(all.items, 'item'), strong: true },
    { text: ' in ' }, { text: plural(all.letters, 'letter'), strong: true },
    { text: ', the reviewers upheld ' }, { text: String(all.upheld), strong: true },
    { text: ' and overturned ' }, { text: String(all.overturned), strong: true },
  ];
  const undecided = all.items - all.upheld - all.overturned;
  if (undecided > 0) parts.push({ text: ` (${undecided} without a decision read)` });
  parts.push({ text: ': an overturned share of ' }, { text: rowShare(all).share, strong: true });
  const iv = intervalWords(all.low, all.high);
  if (iv) parts.push({ text: ` (${iv}).` });
  else parts.push({ text: '.' });
  return parts;
}

/**
 * A row's overturned share for display, from its counts (overturned / items,
 * rounded once to a tenth of a percent: 22 of 98 is 22.4%, where the
 * Summary's rounded 0.2245 would give 22.5%), with the Summary's interval:
 * "22.4% (15.3–31.7%)". Without items: "—".
 */
export function rowShare(row) {
  if (!row || !(row.items > 0)) return { share: '—', interval: '', text: '—' };
  const tenths = Math.round((1000 * row.overturned) / row.items);
  const share = `${Math.floor(tenths / 10)}.${tenths % 10}%`;
  const interval = row.low !== null && row.high !== null ? `${formatPercent(row.low).slice(0, -1)}–${formatPercent(row.high)}` : '';
  return { share, interval, text: interval ? `${share} (${interval})` : share };
}

/** The headline as one string (what a screen reader hears, and tests read). */
export function headline(all) {
  return headlineParts(all).map((p) => p.text).join('');
}

/** One group's numbers in words, for the chart's tooltip. */
export function groupWords(row) {
  const iv = intervalWords(row.low, row.high);
  return `${row.label ?? row.group}: ${plural(row.items, 'item')} in ${plural(row.letters, 'letter')}, `
    + `${row.upheld} upheld, ${row.overturned} overturned; overturned share ${rowShare(row).share}${iv ? ` (${iv})` : ''}`;
}

// ---------------------------------------------------------------- chart layout

/** The chart's width (SVG user units = CSS pixels) before its box is measured, and its least. */
export const CHART_WIDTH = 760;
/** Below this width the group's name goes above its bars instead of beside them. */
const NARROW = 600;
const MIN_WIDTH = 300;
/** A generous average width of a character of the 12px labels, for cutting long names short. */
const CHAR_W = 7.2;

/**
 * Geometry of the chart for a width in CSS pixels, so its text keeps its
 * size: group labels at the left (above the bars when narrow), the items
 * bars, then the share scale (0–100%) and the share's number at the right.
 */
export function chartGeometry(width) {
  const w = Math.max(MIN_WIDTH, Math.round(width) || CHART_WIDTH);
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  if (w < NARROW) {
    const countX = 4;
    const countW = Math.round(w * 0.36);
    const shareX = countX + countW + 34;
    return {
      width: w, head: 40, row: 42, bar: 12, barMid: 29, narrow: true,
      labelX: 4, labelY: 14, labelAnchor: 'start', labelChars: Math.max(20, Math.floor(w / CHAR_W)),
      countX, countW, shareX, shareW: w - 60 - shareX,
      itemsTitle: 'Items', shareTitle: 'Overturned share',
    };
  }
  const labelEnd = Math.round(clamp(w * 0.27, 120, 260));
  const shareW = Math.round(clamp(w * 0.32, 150, 320));
  const shareX = w - 64 - shareW;
  const countX = labelEnd + 8;
  return {
    width: w, head: 40, row: 26, bar: 14, barMid: 13, narrow: false,
    labelX: labelEnd, labelY: 17, labelAnchor: 'end', labelChars: Math.max(12, Math.floor(labelEnd / CHAR_W)),
    countX, countW: shareX - 44 - countX, shareX, shareW,
    // The long titles where they fit (12px bold: about 190 and 215 pixels).
    itemsTitle: shareX - countX >= 205 ? 'Items (upheld, overturned)' : 'Items',
    shareTitle: shareW + 64 >= 225 ? 'Overturned share, 95% interval' : 'Overturned share',
  };
}
