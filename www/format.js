// Pure functions of the page (no DOM): sorting, filtering, span lookup, labels,
// file names, the clipboard's HTML table. Unit-tested in tests/unit/format.test.mjs.

/** Is this outcome an error object (SCHEMA.md, Errors)? */
export function isError(outcome) {
  return Boolean(outcome && outcome.error);
}

/** The span for a pointer, or for the nearest pointer inside or above it. */
export function spanFor(analysis, ptr) {
  if (!analysis || !analysis.spans || !ptr) return null;
  const spans = analysis.spans;
  if (spans[ptr]) return { ptr, span: spans[ptr] };
  const inside = Object.keys(spans).filter((k) => k.startsWith(`${ptr}/`));
  if (inside.length) {
    inside.sort((x, y) => spans[x][0] - spans[y][0]);
    return { ptr: inside[0], span: spans[inside[0]] };
  }
  let p = ptr;
  while (p.lastIndexOf('/') > 0) {
    p = p.slice(0, p.lastIndexOf('/'));
    if (spans[p]) return { ptr: p, span: spans[p] };
  }
  return null;
}

/** A column's pointer template for one row: `{item}` → the item's index. */
export function cellPointer(template, item) {
  if (!template) return null;
  if (template.includes('{item}')) return item === null || item === undefined ? null : template.replace('{item}', String(item));
  return template;
}

/** `2026-11-23`, the local date, for file names. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** An HTML table (for the clipboard's text/html) from exported TSV; every cell escaped. */
export function tsvToHtml(tsv) {
  const rows = tsv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.length > 0).map((line) => line.split('\t'));
  if (!rows.length) return '';
  const [head, ...body] = rows;
  const tr = (cells, tag) => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<meta charset="utf-8"><table><thead>${tr(head, 'th')}</thead><tbody>${body.map((r) => tr(r, 'td')).join('')}</tbody></table>`;
}

/** A cell as text: list cells joined with "; " (SCHEMA.md's one-line form). */
export function cellText(cell) {
  if (Array.isArray(cell)) return cell.join('; ');
  return cell === null || cell === undefined ? '' : String(cell);
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Compare two sort keys; empty cells always last, whatever the direction. */
export function compareKeys(a, b, numeric, sign = 1) {
  const ea = a === undefined || a === null || a === '';
  const eb = b === undefined || b === null || b === '';
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  if (numeric) return sign * (Number(a) - Number(b));
  return sign * collator.compare(a, b);
}

export const NUMERIC_KINDS = new Set(['integer', 'number']);

/**
 * Rows sorted by a column (`sort`: { column: index, dir: 'ascending'|'descending', numeric }),
 * ties and unsorted in input order (letter, then item). A new array; `rows` is left as it is.
 */
export function sortRows(rows, sort) {
  const order = (a, b) => a.letter - b.letter || (a.item ?? -1) - (b.item ?? -1);
  if (!sort) {
    // Rows usually arrive in input order: check before sorting (a batch streams thousands).
    for (let i = 1; i < rows.length; i++) if (order(rows[i - 1], rows[i]) > 0) return rows.slice().sort(order);
    return rows.slice();
  }
  const sign = sort.dir === 'descending' ? -1 : 1;
  return rows.slice().sort((a, b) => compareKeys(a.keys[sort.column], b.keys[sort.column], sort.numeric, sign) || order(a, b));
}

/**
 * The rows that pass the filters: `text` (lower case; a row's search text contains it),
 * `groups` (a Set of "letter/item" keys, or null), `category` (a category label, or null),
 * `decision` and `reason` (a reason code an item's reasons include), `from` and `to`
 * (ISO dates: the letters decided in that range, ends included).
 * Letters pass when they match themselves, or when any of their items passes.
 */
export function filterRows(letterRows, itemRows, {
  text = '', groups = null, category = null, decision = null, reason = null, outcome = null, flag = null, from = null, to = null,
} = {}) {
  // A letter-level match (its case number, source, reviewer…) counts for each of its items.
  const letterMatch = new Set(text ? letterRows.filter((r) => r.search.includes(text)).map((r) => r.letter) : []);
  // Letter-level quick filters: the letter's outcome; letters with warnings, or the inputs that could not be analyzed.
  // A decision date range (ISO dates, either end open): a letter without a decision date is outside any range.
  const inRange = (r) => (!from && !to) || (Boolean(r.decided) && (!from || r.decided >= from) && (!to || r.decided <= to));
  const letterPass = (r) => (!outcome || r.outcome === outcome) && inRange(r)
    && (!flag || (flag === 'errors' ? Boolean(r.error) : flag === 'warnings' ? Boolean(r.warned) : true));
  const byLetter = outcome || flag || from || to ? new Map(letterRows.map((r) => [r.letter, r])) : null;
  const itemPass = (r) => (!text || letterMatch.has(r.letter) || r.search.includes(text)) && (!groups || groups.has(`${r.letter}/${r.item}`))
    && (!category || r.category === category) && (!decision || r.decision === decision)
    && (!reason || (r.reasons || []).includes(reason))
    && (!byLetter || (byLetter.has(r.letter) && letterPass(byLetter.get(r.letter))));
  const items = itemRows.filter(itemPass);
  const narrowed = Boolean(groups || category || decision || reason);
  const withItems = new Set(text || narrowed ? items.map((r) => r.letter) : []);
  const letters = letterRows.filter((r) => letterPass(r)
    && (narrowed ? withItems.has(r.letter) : !text || letterMatch.has(r.letter) || withItems.has(r.letter)));
  return { letters, items };
}

/** The values of `key` among rows, with counts, largest first: [{ value, count }] (rows without one are left out). */
export function valueCounts(rows, key) {
  const counts = new Map();
  for (const r of rows) if (r[key]) counts.set(r[key], (counts.get(r[key]) || 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }))
    .sort((x, y) => y.count - x.count || collator.compare(x.value, y.value));
}

/** The reason codes present among the item rows (an item counts once for each of its reasons), with counts, largest first: [{ value, count }]. */
export function reasonCounts(itemRows) {
  const counts = new Map();
  for (const r of itemRows) for (const code of new Set(r.reasons || [])) counts.set(code, (counts.get(code) || 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }))
    .sort((x, y) => y.count - x.count || collator.compare(x.value, y.value));
}

/** Categories present among the item rows, with counts, largest first: [{ category, count }]. */
export function categoryCounts(itemRows) {
  const counts = new Map();
  for (const r of itemRows) {
    const c = r.category || '(none)';
    counts.set(c, (counts.get(c) || 0) + 1);
  }
  return [...counts].map(([category, count]) => ({ category, count }))
    .sort((x, y) => y.count - x.count || collator.compare(x.category, y.category));
}

/** Case numbers found in more than one input: [{ caseNumber, letters: [index], sources }]. */
export function duplicateGroups(outcomes) {
  const byCase = new Map();
  outcomes.forEach((o, i) => {
    if (!o || isError(o) || !o.case_number) return;
    if (!byCase.has(o.case_number)) byCase.set(o.case_number, []);
    byCase.get(o.case_number).push(i);
  });
  return [...byCase].filter(([, l]) => l.length > 1)
    .map(([caseNumber, letters]) => ({ caseNumber, letters, sources: letters.map((i) => outcomes[i].source) }));
}

/** An item's guideline chapter: the MAXIMUS guideline's first citation's title, or its source. */
export function chapterOf(item) {
  const c = item.maximus_guideline && item.maximus_guideline.citations[0];
  if (!c) return '(no citation)';
  return c.title || c.source;
}

/**
 * Upheld and overturned items counted by the categories `keysOf(analysis, item)`
 * gives: [{ label, upheld, overturned }], the largest first (ties by label).
 */
export function decisionsBy(analyses, keysOf) {
  const counts = new Map();
  for (const a of analyses) {
    for (const item of a.items) {
      if (item.decision !== 'upheld' && item.decision !== 'overturned') continue;
      for (const key of keysOf(a, item)) {
        if (!counts.has(key)) counts.set(key, { label: key, upheld: 0, overturned: 0 });
        counts.get(key)[item.decision] += 1;
      }
    }
  }
  return [...counts.values()].sort((x, y) => (y.upheld + y.overturned) - (x.upheld + x.overturned) || collator.compare(x.label, y.label));
}

export const ERROR_TITLES = {
  empty: 'Nothing to analyze',
  binary: 'This is not text',
  not_a_letter: 'This is not an IMR letter',
  too_large: 'Too large',
  no_text: 'No text found',
  damaged_image: 'Damaged image',
  damaged_pdf: 'Damaged PDF',
  password_pdf: 'Password-protected PDF',
  unreadable: 'Cannot read this file',
};

export function errorTitle(error) {
  return ERROR_TITLES[error && error.code] || 'Cannot analyze this input';
}

/** Field names for people: "/items/1/maximus_guideline/text" → "item 2, MAXIMUS guideline". */
const FIELD_NAMES = {
  case_number: 'case number', priority: 'priority', assigned: 'date assigned', decision: 'decision',
  injury: 'date of injury', ur_denial: 'UR denial date', application_received: 'application received',
  licensure: 'state of licensure', specialties: 'specialty', age: 'patient age', sex: 'patient sex',
  request: 'request', original_request: 'original request', authorized: 'authorized part',
  claims_administrator_guideline: 'Claims Administrator guideline', maximus_guideline: 'MAXIMUS guideline',
  rationale: 'decision rationale', body_parts: 'body part', name: 'drug', strength: 'strength',
  quantity: 'quantity', sessions: 'sessions', retrospective: 'retrospective', reasons: 'reason',
};
const SKIP_PARTS = new Set(['text', 'items', 'dates', 'reviewer', 'patient', 'treatment', 'drug']);

export function pointerLabel(ptr) {
  const parts = ptr.split('/').filter(Boolean);
  if (parts[0] === 'dates' && parts[1] === 'decision') return 'decision date';
  // "/items/2/…" names item 3; "/items" (all the items) names no item.
  const item = parts[0] === 'items' && /^\d+$/.test(parts[1] || '') ? `item ${Number(parts[1]) + 1}` : null;
  const words = parts.filter((p) => !/^\d+$/.test(p));
  const field = words.filter((p) => !SKIP_PARTS.has(p)).pop();
  const label = FIELD_NAMES[field] || field;
  if (item) return label ? `${item}, ${label}` : item;
  return label || words.pop() || ptr;
}

/** "letters/2016/a.pdf" → "2016/a.pdf": a name relative to the chosen folder, or null. */
export function relativePath(webkitRelativePath) {
  const p = webkitRelativePath || '';
  const i = p.indexOf('/');
  return i >= 0 ? p.slice(i + 1) : null;
}

let letterExtensions = new Set(['txt', 'pdf']);

/** The image extensions OCR reads (the core's `scanLimits().imageExtensions`), read in folders too. */
export function setImageExtensions(list) {
  letterExtensions = new Set(['txt', 'pdf', ...list.map((x) => x.toLowerCase())]);
}

/**
 * Whether a file found inside a folder is read as a letter: a `.txt` or `.pdf`
 * name, or an image's (setImageExtensions), any case, as the command line reads
 * folders. Files chosen or dropped one by one are always read (a wrong one gets an error row).
 */
export function isLetterFileName(name) {
  const base = String(name || '').split('/').pop();
  const dot = base.lastIndexOf('.');
  return dot > 0 && letterExtensions.has(base.slice(dot + 1).toLowerCase());
}

/** Entries in path order, as the command line reads folders (entries without a path keep their place first). */
export function byPath(entries) {
  return entries.slice().sort((a, b) => ((a.path || '') < (b.path || '') ? -1 : (a.path || '') > (b.path || '') ? 1 : 0));
}

/** "1 letter", "2 letters". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
