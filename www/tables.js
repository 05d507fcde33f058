// The Letters and Items tables of SCHEMA.md, as the page shows them.
// Each cell is a list of parts { text, ptr } so that every value taken from
// the letter keeps its JSON Pointer (and so its span in the text).
// Copy and downloads do not use this: they come from the core's exportTable.

export const LETTER_COLUMNS = [
  'source', 'case_number', 'layout', 'decision_date', 'date_assigned', 'date_of_injury',
  'ur_denial_date', 'application_received', 'priority', 'reviewer_licensure',
  'reviewer_specialties', 'patient_age', 'patient_sex', 'items', 'upheld', 'overturned', 'warnings',
];

export const ITEM_COLUMNS = [
  'source', 'case_number', 'item', 'request', 'original_request', 'authorized', 'decision',
  'medically_necessary', 'claims_administrator_guideline', 'maximus_guideline',
  'guideline_sources', 'rationale',
];

const one = (value, ptr = null) => (value === null || value === undefined ? [] : [{ text: String(value), ptr }]);
const list = (values, base) => (values || []).map((v, i) => ({ text: String(v), ptr: `${base}/${i}` }));

export function isError(outcome) {
  return Boolean(outcome && outcome.error);
}

/** The cells of one Letters row (an analysis, not an error object). */
export function letterCells(a) {
  const d = a.dates || {};
  const items = a.items || [];
  return {
    source: one(a.source),
    case_number: one(a.case_number, '/case_number'),
    layout: one(a.layout),
    decision_date: one(d.decision, '/dates/decision'),
    date_assigned: one(d.assigned, '/dates/assigned'),
    date_of_injury: one(d.injury, '/dates/injury'),
    ur_denial_date: one(d.ur_denial, '/dates/ur_denial'),
    application_received: one(d.application_received, '/dates/application_received'),
    priority: one(a.priority, '/priority'),
    reviewer_licensure: list(a.reviewer && a.reviewer.licensure, '/reviewer/licensure'),
    reviewer_specialties: list(a.reviewer && a.reviewer.specialties, '/reviewer/specialties'),
    patient_age: one(a.patient && a.patient.age, '/patient/age'),
    patient_sex: one(a.patient && a.patient.sex, '/patient/sex'),
    items: one(items.length),
    upheld: one(items.filter((i) => i.decision === 'upheld').length),
    overturned: one(items.filter((i) => i.decision === 'overturned').length),
    warnings: (a.warnings || []).map((w) => ({ text: w.message, ptr: w.pointer, warning: true })),
  };
}

/** The distinct citation sources of both guidelines, in order of appearance. */
export function guidelineSources(item) {
  const seen = [];
  for (const g of [item.claims_administrator_guideline, item.maximus_guideline]) {
    for (const c of (g && g.citations) || []) if (!seen.includes(c.source)) seen.push(c.source);
  }
  return seen;
}

/** The cells of one Items row. */
export function itemCells(a, item, index) {
  const base = `/items/${index}`;
  const g = (name) => (item[name] ? one(item[name].text, `${base}/${name}/text`) : []);
  return {
    source: one(a.source),
    case_number: one(a.case_number, '/case_number'),
    item: one(item.number),
    request: one(item.request, `${base}/request`),
    original_request: one(item.original_request, `${base}/original_request`),
    authorized: one(item.authorized, `${base}/authorized`),
    decision: one(item.decision, `${base}/decision`),
    medically_necessary: one(item.medically_necessary, `${base}/decision`),
    claims_administrator_guideline: g('claims_administrator_guideline'),
    maximus_guideline: g('maximus_guideline'),
    guideline_sources: guidelineSources(item).map((s) => ({ text: s, ptr: null })),
    rationale: one(item.rationale, `${base}/rationale`),
  };
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

/** `2026-11-23`, the local date, for file names. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** An HTML table (for the clipboard's text/html) from the exported TSV; every cell escaped. */
export function tsvToHtml(tsv) {
  const rows = tsv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.length > 0).map((line) => line.split('\t'));
  if (!rows.length) return '';
  const [head, ...body] = rows;
  const tr = (cells, tag) => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<meta charset="utf-8"><table><thead>${tr(head, 'th')}</thead><tbody>${body.map((r) => tr(r, 'td')).join('')}</tbody></table>`;
}

// ---------------------------------------------------------------- sorting, duplicates, summary

/** Columns sorted as numbers. */
export const NUMERIC_COLUMNS = new Set(['patient_age', 'items', 'upheld', 'overturned', 'item']);

/** Each column's cell as plain text (lists joined with '; '): sort keys and search text. */
export function cellsText(cells) {
  const out = {};
  for (const [k, parts] of Object.entries(cells)) out[k] = parts.map((p) => p.text).join('; ');
  return out;
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
