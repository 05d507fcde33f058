// The page: input (paste, files, drop, Ctrl/Cmd+Enter) → the worker → tables,
// the per-letter view and the letter text with the value's span highlighted.
// Letter text only ever goes into the page as text (textContent), never as HTML.

import {
  LETTER_COLUMNS, ITEM_COLUMNS, letterCells, itemCells, isError, spanFor, today, tsvToHtml,
  NUMERIC_COLUMNS, cellsText, compareKeys, duplicateGroups, decisionsBy, chapterOf,
} from './tables.js';
import { barChart } from './chart.js';

const $ = (id) => document.getElementById(id);
const statusEl = $('status');
const input = $('letter-input');
const messageEl = $('message');
const results = $('results');
const lettersTable = $('letters-table');
const itemsTable = $('items-table');
const letterView = $('letter-view');
const textPane = $('letter-text');
const textSource = $('text-source');

/**
 * The current run: outcomes and their analysed texts, in input order; the
 * table rows made from them (`letterRows`, `itemRows`: cells, sort keys and
 * search text, computed once per outcome); sort and filter; the batch.
 */
const state = {
  outcomes: [], texts: [], selected: -1, run: 0, shownText: -1,
  letterRows: [], itemRows: [], rendered: 0,
  sort: { letters: null, items: null }, filter: '',
  duplicates: new Map(), batch: null,
  limit: {}, shown: {},
};

/** Rows put on screen at first (and per "Show more"): the DOM stays small with hundreds of letters. */
const PAGE_ROWS = { letters: 200, items: 300 };

// ---------------------------------------------------------------- worker

// The one place the analysis worker starts (a single-file build may swap this URL for a blob: URL).
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'imr-analyzer' });
let ready = false;
let nextId = 1;
let currentRun = 0;
const pending = new Map();

function setStatus(text, kind) {
  statusEl.textContent = text;
  statusEl.dataset.state = kind;
}

worker.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === 'ready') {
    ready = true;
    const ms = Math.round(performance.now());
    document.documentElement.dataset.readyMs = String(ms);
    $('version').textContent = msg.version;
    setStatus('Ready. Paste a letter or choose files.', 'ready');
    return;
  }
  if (msg.type === 'fatal') {
    setStatus(msg.message, 'error');
    showMessage('error', 'The analyzer could not start', msg.message);
    return;
  }
  const handler = pending.get(msg.id);
  if (handler) handler(msg);
};
worker.onerror = (event) => {
  setStatus(`The analyzer stopped: ${event.message || 'unknown error'}`, 'error');
};

function request(payload, onMessage) {
  const id = nextId++;
  pending.set(id, onMessage);
  worker.postMessage({ id, ...payload });
  return id;
}

function workerExport(payload) {
  return new Promise((resolve, reject) => {
    const id = request({ ...payload, outcomes: state.outcomes.filter(Boolean) }, (msg) => {
      pending.delete(id);
      if (msg.type === 'export') resolve(msg.data);
      else reject(new Error(msg.message));
    });
  });
}

function exportTable(table, format) {
  return workerExport({ type: 'export', table, format });
}

// ---------------------------------------------------------------- analysis

function resetRun() {
  state.outcomes = [];
  state.texts = [];
  state.selected = -1;
  state.shownText = -1;
  state.letterRows = [];
  state.itemRows = [];
  state.rendered = 0;
  state.renderedItems = 0;
  state.limit = { ...PAGE_ROWS };
  state.matched = { letters: 0, items: 0 };
  state.shown = { letters: 0, items: 0 };
  state.duplicates = new Map();
  state.caseIndex = new Map();
  lettersTable.replaceChildren();
  itemsTable.replaceChildren();
  letterView.replaceChildren();
}

/** A result's outcome: posted as an object, or as JSON (cheaper to post). */
function outcomeOf(msg) {
  return msg.outcomeJson !== undefined ? JSON.parse(msg.outcomeJson) : msg.outcome;
}

function startRun(payload, label, total = 1) {
  if (!ready) {
    showMessage('info', 'One moment', 'The analyzer is still loading; your input will be analyzed when it is ready.');
  }
  if (state.batch) cancelBatch(true);
  const run = ++currentRun;
  resetRun();
  const batch = total > 1 ? { id: 0, total, received: 0, name: '', cancelling: false, t0: performance.now() } : null;
  state.batch = batch;
  if (batch) {
    hideMessage();
    results.hidden = false;
    renderTables();
    showProgress();
  }
  setStatus(`Analyzing ${label}…`, 'working');
  const id = request(payload, (msg) => {
    if (run !== currentRun) return; // a newer run replaced this one
    if (msg.type === 'progress') {
      if (batch) {
        batch.name = msg.name;
        scheduleFlush();
      }
    } else if (msg.type === 'result') {
      addOutcome(msg.index, outcomeOf(msg), msg.textIsInput ? payload.text : msg.text);
      if (batch) {
        batch.received += 1;
        scheduleFlush();
      }
    } else if (msg.type === 'done') {
      pending.delete(id);
      if (batch) {
        batch.done = true;
        batch.cancelled = msg.cancelled;
        batch.ms = performance.now() - batch.t0;
      }
      finishRun(msg);
    } else if (msg.type === 'error') {
      pending.delete(id);
      state.batch = null;
      hideProgress();
      setStatus('Ready.', 'ready');
      showMessage('error', 'The analysis failed', msg.message);
    }
  });
  if (batch) batch.id = id;
}

function cancelBatch(silent = false) {
  const batch = state.batch;
  if (!batch || batch.done || batch.cancelling) return;
  batch.cancelling = true;
  worker.postMessage({ id: nextId++, type: 'cancel', target: batch.id });
  if (!silent) {
    $('cancel').disabled = true;
    $('progress-text').textContent = `Cancelling after ${batch.name}…`;
  }
}

function analyzeInput() {
  startRun({ type: 'text', text: input.value, source: 'pasted' }, 'the pasted text');
}

/** entries: [{ file, path }] (path: the name relative to a dropped or chosen folder, or null). */
function analyzeEntries(entries) {
  if (!entries.length) return;
  const label = entries.length === 1 ? (entries[0].path || entries[0].file.name) : `${entries.length} files`;
  startRun({ type: 'files', files: entries }, label, entries.length);
}

/** A name relative to the chosen folder ("letters/2016/a.pdf" → "2016/a.pdf"). */
function relativePath(file) {
  const p = file.webkitRelativePath || '';
  const i = p.indexOf('/');
  return i >= 0 ? p.slice(i + 1) : null;
}

function analyzeFiles(fileList) {
  const entries = Array.from(fileList || []).map((file) => ({ file, path: relativePath(file) }));
  // A chosen folder: in path order, as the command line reads folders.
  if (entries.some((e) => e.path)) entries.sort((a, b) => ((a.path || '') < (b.path || '') ? -1 : (a.path || '') > (b.path || '') ? 1 : 0));
  analyzeEntries(entries);
}

const ERROR_TITLES = {
  empty: 'Nothing to analyze',
  binary: 'This is not text',
  not_a_letter: 'This is not an IMR letter',
  too_large: 'Too large',
  no_text: 'No text in this PDF',
  damaged_pdf: 'Damaged PDF',
  password_pdf: 'Password-protected PDF',
};

function errorTitle(error) {
  return ERROR_TITLES[error.code] || 'Cannot analyze this input';
}

// ---------------------------------------------------------------- rows (data, computed once per outcome)

function addOutcome(index, outcome, text) {
  state.outcomes[index] = outcome;
  state.texts[index] = text;
  if (isError(outcome)) {
    const key = [outcome.source, `${errorTitle(outcome.error)}: ${outcome.error.message}`];
    state.letterRows.push({ letter: index, error: true, keys: { source: outcome.source }, search: key.join(' ').toLowerCase() });
    return;
  }
  const cells = letterCells(outcome);
  const keys = cellsText(cells);
  state.letterRows.push({ letter: index, cells, keys, search: Object.values(keys).join('\t').toLowerCase() });
  outcome.items.forEach((item, i) => {
    const icells = itemCells(outcome, item, i);
    const ikeys = cellsText(icells);
    state.itemRows.push({ letter: index, item: i, decision: item.decision, cells: icells, keys: ikeys, search: Object.values(ikeys).join('\t').toLowerCase() });
  });
  if (outcome.case_number) {
    const seen = state.caseIndex.get(outcome.case_number);
    if (seen) {
      seen.push(index);
      for (const i of seen) markDuplicate(i, outcome.case_number);
    } else {
      state.caseIndex.set(outcome.case_number, [index]);
    }
  }
}

function markDuplicate(letter, caseNumber) {
  if (state.duplicates.has(letter)) return;
  state.duplicates.set(letter, caseNumber);
  // Rows already on screen get the marker now.
  for (const row of document.querySelectorAll(`#letters-table tbody tr[data-letter="${letter}"], #items-table tbody tr[data-letter="${letter}"]`)) decorateDuplicate(row, letter);
}

function decorateDuplicate(row, letter) {
  if (row.classList.contains('duplicate')) return;
  row.classList.add('duplicate');
  const td = row.querySelector('td[data-col="case_number"]');
  if (!td) return;
  const others = (state.caseIndex.get(state.duplicates.get(letter)) || []).filter((i) => i !== letter).map((i) => state.outcomes[i].source);
  td.append(el('span', { class: 'dup-badge', 'data-extra': '', title: `Duplicate: the same case number as ${others.join(', ')}`, text: 'duplicate' }));
}

// ---------------------------------------------------------------- batch progress and flush (once per frame)

let flushQueued = false;
let lastFullRender = 0;
let lastFlush = 0;
/** At most one table and summary update per frame, and at most five a second. */
function scheduleFlush() {
  if (flushQueued) return;
  flushQueued = true;
  const wait = Math.max(0, 200 - (performance.now() - lastFlush));
  setTimeout(() => requestAnimationFrame(() => {
    flushQueued = false;
    lastFlush = performance.now();
    flush();
  }), wait);
}

function flush() {
  const sorted = state.sort.letters || state.sort.items;
  if (sorted) {
    // Sorted rows move around: redraw, at most every 400 ms while a batch runs.
    if (performance.now() - lastFullRender > Math.max(1000, 4 * lastRenderMs) || (state.batch && state.batch.done)) renderTables();
    else scheduleFlush();
  } else {
    appendRows();
  }
  renderSummary();
  updateProgress();
}

function showProgress() {
  const p = $('progress');
  p.hidden = false;
  $('cancel').disabled = false;
  $('cancel').hidden = false;
  updateProgress();
}

function hideProgress() {
  $('progress').hidden = true;
}

function updateProgress() {
  const batch = state.batch;
  if (!batch) return;
  const bar = $('progress-bar');
  bar.max = batch.total;
  bar.value = batch.received;
  const p = $('progress');
  p.dataset.received = String(batch.received);
  p.dataset.total = String(batch.total);
  if (batch.done) {
    p.dataset.state = batch.cancelled ? 'cancelled' : 'done';
    $('progress-text').textContent = batch.cancelled
      ? `Cancelled: ${batch.received} of ${batch.total} files analyzed; the other ${batch.total - batch.received} were not.`
      : `${batch.received} of ${batch.total} files analyzed in ${(batch.ms / 1000).toFixed(1)} s.`;
    $('cancel').hidden = true;
  } else if (!batch.cancelling) {
    p.dataset.state = 'running';
    $('progress-text').textContent = `${batch.received} of ${batch.total} · reading ${batch.name}`;
  }
}

function finishRun(done) {
  const batch = state.batch;
  const n = state.outcomes.length;
  const outcomes = state.outcomes.filter(Boolean);
  const errors = outcomes.filter(isError);
  const letters = outcomes.length - errors.length;
  const items = state.itemRows.length;
  results.hidden = false;
  // Unsorted, unfiltered rows are on screen already: no redraw.
  if (state.sort.letters || state.sort.items || state.filter || state.rendered !== state.letterRows.length
    || state.renderedItems !== state.itemRows.length || !lettersTable.tBodies[0]) renderTables();
  else updateFilterCount();
  renderSummary();
  if (batch) updateProgress();
  else hideProgress();
  state.batch = null;
  if (state.selected < 0) {
    const first = state.outcomes.findIndex((o) => o && !isError(o));
    select(first >= 0 ? first : 0, false);
  }
  state.run += 1;
  results.dataset.run = String(state.run);

  if (errors.length === 1 && n === 1) {
    const e = errors[0].error;
    showMessage('error', errorTitle(e), e.message, e.code);
  } else if (errors.length) {
    const shown = errors.slice(0, 12).map((e) => `${e.source}: ${e.error.message}`);
    if (errors.length > shown.length) shown.push(`… and ${errors.length - shown.length} more (see the error rows in the Letters table).`);
    showMessage('error', `${errors.length} of ${outcomes.length} inputs could not be analyzed`, shown.join('\n'), errors.map((e) => e.error.code).join(' '));
  } else {
    const warned = outcomes.reduce((s, a) => s + a.warnings.length, 0);
    if (items === 0 && letters) {
      showMessage('warn', 'No items found', 'The analyzer read the letter but found no disputed items in it. Check the warnings below and the letter text.');
    } else if (warned) {
      showMessage('warn', 'Analyzed, with warnings', `${letters} letter${letters === 1 ? '' : 's'}, ${items} item${items === 1 ? '' : 's'}; ${warned} warning${warned === 1 ? '' : 's'} (listed with the letter).`);
    } else {
      hideMessage();
    }
  }
  const cancelled = done && done.cancelled ? ` Cancelled: ${done.total - done.processed} of ${done.total} files were not analyzed.` : '';
  setStatus(`Analyzed ${letters} letter${letters === 1 ? '' : 's'} with ${items} item${items === 1 ? '' : 's'}${errors.length ? `; ${errors.length} could not be analyzed` : ''}.${cancelled}`, 'ready');
}

// ---------------------------------------------------------------- messages

function showMessage(kind, title, body, code = '') {
  messageEl.hidden = false;
  messageEl.className = `message ${kind}`;
  messageEl.dataset.code = code;
  const h = document.createElement('strong');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = body;
  messageEl.replaceChildren(h, p);
}

function hideMessage() {
  messageEl.hidden = true;
  messageEl.dataset.code = '';
  messageEl.replaceChildren();
}

// ---------------------------------------------------------------- rendering helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'tabindex' || k === 'role' || k === 'scope' || k === 'colspan' || k === 'type' || k === 'title' || k === 'id') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** A value from the letter: focusable, linked to its span. */
function valueNode(text, ptr, letter, extra = '') {
  if (!ptr) return el('span', { class: `v ${extra}`.trim(), text });
  return el('span', { class: `v linked ${extra}`.trim(), text, tabindex: '0', role: 'button', 'data-ptr': ptr, 'data-letter': String(letter), title: 'Show in the letter' });
}

function noneNode() {
  return el('span', { class: 'none', text: '—', 'aria-label': 'not stated' });
}

function fillCell(td, parts, letter) {
  if (!parts.length) {
    td.append(noneNode());
    return;
  }
  parts.forEach((p, i) => {
    if (i) td.append('; ');
    td.append(valueNode(p.text, p.ptr, letter, p.warning ? 'warning-text' : ''));
  });
}

const SORT_LABEL = { ascending: 'sorted ascending', descending: 'sorted descending' };

function headerRow(table, columns) {
  const sort = state.sort[table];
  return el('thead', {}, el('tr', {}, ...columns.map((c) => {
    const dir = sort && sort.column === c ? sort.dir : 'none';
    const th = el('th', { scope: 'col', 'aria-sort': dir, 'data-col': c });
    const b = el('button', { type: 'button', class: 'sort', 'data-sort-table': table, 'data-sort-col': c, title: `Sort by ${c}${dir !== 'none' ? ` (${SORT_LABEL[dir]})` : ''}` });
    b.append(c, el('span', { class: 'sort-mark', 'aria-hidden': 'true', 'data-extra': '', text: dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : '' }));
    th.append(b);
    return th;
  })));
}

function letterRowNode(r) {
  const o = state.outcomes[r.letter];
  if (r.error) {
    const row = el('tr', { class: 'error-row', 'data-letter': String(r.letter) },
      el('td', { 'data-col': 'source', text: o.source }),
      el('td', { colspan: String(LETTER_COLUMNS.length - 1) }, el('strong', { text: `${errorTitle(o.error)}: ` }), o.error.message));
    row.dataset.code = o.error.code;
    return row;
  }
  const row = el('tr', { 'data-letter': String(r.letter) });
  for (const c of LETTER_COLUMNS) {
    const td = el('td', { 'data-col': c });
    fillCell(td, r.cells[c], r.letter);
    row.append(td);
  }
  if (state.duplicates.has(r.letter)) decorateDuplicate(row, r.letter);
  return row;
}

function itemRowNode(r) {
  const irow = el('tr', { 'data-letter': String(r.letter), 'data-item': String(r.item), class: r.decision ? `decision-${r.decision}` : '' });
  for (const c of ITEM_COLUMNS) {
    const long = c === 'rationale' || c.endsWith('_guideline');
    const td = el('td', { 'data-col': c, class: long ? 'long' : '' });
    if (long) {
      const wrap = el('div', { class: 'clamp' });
      fillCell(wrap, r.cells[c], r.letter);
      td.append(wrap);
    } else {
      fillCell(td, r.cells[c], r.letter);
    }
    irow.append(td);
  }
  if (state.duplicates.has(r.letter)) decorateDuplicate(irow, r.letter);
  return irow;
}

/** "/items/1/maximus_guideline/text" → "item 2, MAXIMUS guideline" (for people, not programs). */
const FIELD_NAMES = {
  case_number: 'case number', priority: 'priority', assigned: 'date assigned', decision: 'decision',
  injury: 'date of injury', ur_denial: 'UR denial date', application_received: 'application received',
  licensure: 'state of licensure', specialties: 'specialty', age: 'patient age', sex: 'patient sex',
  request: 'request', original_request: 'original request', authorized: 'authorized part',
  claims_administrator_guideline: 'Claims Administrator guideline', maximus_guideline: 'MAXIMUS guideline',
  rationale: 'decision rationale',
};
function pointerLabel(ptr) {
  const parts = ptr.split('/').filter(Boolean);
  if (parts[0] === 'dates' && parts[1] === 'decision') return 'decision date';
  const item = parts[0] === 'items' ? `item ${Number(parts[1]) + 1}, ` : '';
  const field = parts.filter((p) => p !== 'text' && !/^\d+$/.test(p) && p !== 'items' && p !== 'dates' && p !== 'reviewer' && p !== 'patient').pop();
  return `${item}${FIELD_NAMES[field] || field || ptr}`;
}

function matches(r) {
  return !state.filter || r.search.includes(state.filter);
}

function sortedRows(rows, sort) {
  if (!sort) return rows;
  const sign = sort.dir === 'descending' ? -1 : 1;
  const numeric = NUMERIC_COLUMNS.has(sort.column);
  return rows.slice().sort((a, b) => {
    const c = compareKeys(a.keys[sort.column], b.keys[sort.column], numeric, sign);
    return c || a.letter - b.letter || (a.item || 0) - (b.item || 0);
  });
}

function emptyItemsRow() {
  let why;
  if (state.filter && state.itemRows.length) why = 'No item matches the filter.';
  else if (state.outcomes.length && state.outcomes.every((o) => !o || isError(o))) why = 'No letter could be analyzed, so there are no items.';
  else if (state.batch && !state.batch.done && !state.itemRows.length) why = 'Items appear here as the letters are analyzed.';
  else why = 'No disputed items were found in the letter.';
  return el('tr', { class: 'empty-row' }, el('td', { colspan: String(ITEM_COLUMNS.length), text: why }));
}

/** Redraw both tables from the rows (sorted, filtered): once, whatever the number of rows. */
let lastRenderMs = 0;
function renderTables() {
  const t0 = performance.now();
  lastFullRender = t0;
  const lbody = el('tbody');
  const ibody = el('tbody');
  const irows = sortedRows(state.itemRows, state.sort.items).filter(matches);
  // A letter matches when its own cells do, or any of its items does.
  const withItems = new Set(state.filter ? irows.map((r) => r.letter) : []);
  const lrows = sortedRows(state.letterRows, state.sort.letters).filter((r) => matches(r) || withItems.has(r.letter));
  const lfrag = document.createDocumentFragment();
  for (const r of lrows.slice(0, state.limit.letters)) lfrag.append(letterRowNode(r));
  lbody.append(lfrag);
  const ifrag = document.createDocumentFragment();
  for (const r of irows.slice(0, state.limit.items)) ifrag.append(itemRowNode(r));
  ibody.append(ifrag);
  if (!irows.length) ibody.append(emptyItemsRow());
  if (!lrows.length && state.filter) {
    lbody.append(el('tr', { class: 'empty-row' }, el('td', { colspan: String(LETTER_COLUMNS.length), text: `No letter matches "${state.filter}".` })));
  }
  state.matched = { letters: lrows.length, items: irows.length };
  state.shown = { letters: Math.min(lrows.length, state.limit.letters), items: Math.min(irows.length, state.limit.items) };
  lettersTable.replaceChildren(el('caption', { class: 'sr-only', text: 'Letters: one row per letter' }), headerRow('letters', LETTER_COLUMNS), lbody);
  itemsTable.replaceChildren(el('caption', { class: 'sr-only', text: 'Items: one row per disputed item' }), headerRow('items', ITEM_COLUMNS), ibody);
  state.rendered = state.letterRows.length;
  state.renderedItems = state.itemRows.length;
  markSelected();
  updateFilterCount();
  lastRenderMs = performance.now() - t0;
}

/** While a batch runs unsorted: add the rows that arrived since the last frame. */
function appendRows() {
  const lbody = lettersTable.tBodies[0];
  const ibody = itemsTable.tBodies[0];
  if (!lbody || !ibody) {
    renderTables();
    return;
  }
  const lfrag = document.createDocumentFragment();
  for (const r of state.letterRows.slice(state.rendered)) {
    if (!matches(r)) continue;
    state.matched.letters++;
    if (state.shown.letters < state.limit.letters) {
      lfrag.append(letterRowNode(r));
      state.shown.letters++;
    }
  }
  const ifrag = document.createDocumentFragment();
  for (const r of state.itemRows.slice(state.renderedItems)) {
    if (!matches(r)) continue;
    state.matched.items++;
    if (state.shown.items < state.limit.items) {
      ifrag.append(itemRowNode(r));
      state.shown.items++;
    }
  }
  if (ifrag.childNodes.length) for (const e of ibody.querySelectorAll('tr.empty-row')) e.remove();
  lbody.append(lfrag);
  ibody.append(ifrag);
  state.rendered = state.letterRows.length;
  state.renderedItems = state.itemRows.length;
  updateFilterCount();
}

function updateFilterCount() {
  const total = state.letterRows.length;
  const itemsTotal = state.itemRows.length;
  const { letters, items } = state.matched;
  $('filter-count').textContent = state.filter
    ? `Showing ${letters} of ${total} letter rows and ${items} of ${itemsTotal} items.`
    : `${total} letter row${total === 1 ? '' : 's'}, ${itemsTotal} item${itemsTotal === 1 ? '' : 's'}.`;
  for (const table of ['letters', 'items']) {
    const more = $(`${table}-more`);
    const hidden = state.matched[table] - state.shown[table];
    more.hidden = hidden <= 0;
    if (hidden > 0) {
      $(`${table}-more-text`).textContent = `Showing the first ${state.shown[table]} of ${state.matched[table]} rows (sort or filter to bring others up; downloads hold them all).`;
      $(`${table}-more-next`).textContent = `Show ${Math.min(hidden, PAGE_ROWS[table])} more`;
      $(`${table}-more-all`).textContent = `Show all ${state.matched[table]}`;
    }
  }
}

for (const table of ['letters', 'items']) {
  $(`${table}-more-next`).addEventListener('click', () => {
    state.limit[table] += PAGE_ROWS[table];
    renderTables();
  });
  $(`${table}-more-all`).addEventListener('click', () => {
    state.limit[table] = Infinity;
    renderTables();
  });
}

function markSelected() {
  for (const row of document.querySelectorAll('#letters-table tbody tr.selected, #items-table tbody tr.selected')) row.classList.remove('selected');
  if (state.selected < 0) return;
  for (const row of document.querySelectorAll(`#letters-table tbody tr[data-letter="${state.selected}"], #items-table tbody tr[data-letter="${state.selected}"]`)) row.classList.add('selected');
}

document.addEventListener('click', (event) => {
  const b = event.target.closest && event.target.closest('button[data-sort-col]');
  if (!b) return;
  const table = b.dataset.sortTable;
  const column = b.dataset.sortCol;
  const cur = state.sort[table];
  let next;
  if (!cur || cur.column !== column) next = { column, dir: 'ascending' };
  else if (cur.dir === 'ascending') next = { column, dir: 'descending' };
  else next = null; // third click: back to input order
  state.sort[table] = next;
  renderTables();
  const again = document.querySelector(`button[data-sort-table="${table}"][data-sort-col="${CSS.escape(column)}"]`);
  if (again) again.focus();
  setStatus(next ? `${table === 'letters' ? 'Letters' : 'Items'} sorted by ${column}, ${next.dir}.` : `${table === 'letters' ? 'Letters' : 'Items'} in input order.`, 'ready');
});

let filterTimer = 0;
$('filter').addEventListener('input', (event) => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    state.filter = event.target.value.trim().toLowerCase();
    renderTables();
  }, 120);
});

// ---------------------------------------------------------------- summary and charts

function renderSummary() {
  const outcomes = state.outcomes.filter(Boolean);
  const analyses = outcomes.filter((o) => !isError(o));
  const errors = outcomes.length - analyses.length;
  let upheld = 0;
  let overturned = 0;
  for (const r of state.itemRows) {
    if (r.decision === 'upheld') upheld++;
    else if (r.decision === 'overturned') overturned++;
  }
  const counts = [
    ['letters', 'Letters', analyses.length],
    ['items', 'Items', state.itemRows.length],
    ['upheld', 'Upheld', upheld],
    ['overturned', 'Overturned', overturned],
    ['errors', 'Not analyzed', errors],
    ['duplicates', 'Duplicates', state.duplicates.size],
  ];
  const dl = el('dl', { class: 'counts' });
  for (const [key, label, n] of counts) {
    dl.append(el('div', { class: `count ${key}`, 'data-count': key }, el('dt', { text: label }), el('dd', { text: String(n) })));
  }
  const parts = [dl];
  const groups = duplicateGroups(state.outcomes);
  if (groups.length) {
    const note = el('div', { class: 'dup-note', id: 'duplicates-note' }, el('strong', { text: `${groups.length} case number${groups.length === 1 ? '' : 's'} appear${groups.length === 1 ? 's' : ''} more than once` }), ' (rows marked “duplicate”; every copy is kept in the tables and downloads):');
    const ul = el('ul');
    for (const g of groups.slice(0, 20)) ul.append(el('li', { 'data-case': g.caseNumber, text: `${g.caseNumber}: ${g.sources.join(', ')}` }));
    if (groups.length > 20) ul.append(el('li', { text: `… and ${groups.length - 20} more.` }));
    note.append(ul);
    parts.push(note);
  }
  if (analyses.length) {
    parts.push(el('div', { class: 'charts' },
      barChart({ id: 'chart-chapter', title: 'Decisions by guideline chapter', note: 'The first citation of each item’s MAXIMUS guideline (its chapter title, or its source).', rows: decisionsBy(analyses, (a, item) => [chapterOf(item)]) }),
      barChart({ id: 'chart-specialty', title: 'Decisions by reviewer specialty', note: 'Each item counted under each specialty of its letter’s reviewer.', rows: decisionsBy(analyses, (a) => (a.reviewer.specialties.length ? a.reviewer.specialties : ['(not stated)'])) })));
  }
  $('summary').replaceChildren(...parts);
}

// ---------------------------------------------------------------- letter view

const DECISIONS = {
  upheld: { word: 'Upheld', plain: 'The denial stands: not medically necessary.', mark: '✗' },
  overturned: { word: 'Overturned', plain: 'Approved: the denial is reversed, medically necessary.', mark: '✓' },
};

function fact(label, value, ptr, letter) {
  const dd = el('dd');
  if (Array.isArray(value)) fillCell(dd, value.map((v, i) => ({ text: v, ptr: `${ptr}/${i}` })), letter);
  else fillCell(dd, value === null || value === undefined ? [] : [{ text: String(value), ptr }], letter);
  return [el('dt', { text: label }), dd];
}

function citationsText(g) {
  return g.citations.map((c) => {
    let s = [c.source, c.title, c.year].filter((x) => x !== null && x !== undefined && x !== '').join(' ');
    if (c.sections.length) s += ` — ${c.sections.join('; ')}`;
    if (c.pages.length) s += `, p. ${c.pages.join(', ')}`;
    return s;
  }).join(' · ');
}

function guidelineBlock(label, g, ptr, letter) {
  const block = el('div', { class: 'guideline' }, el('h5', { text: label }));
  if (!g) {
    block.append(el('p', {}, noneNode()));
    return block;
  }
  block.append(el('p', {}, valueNode(g.text, `${ptr}/text`, letter)));
  if (g.citations.length) block.append(el('p', { class: 'citations' }, el('span', { class: 'label', text: 'Cites: ' }), citationsText(g)));
  return block;
}

function itemCard(a, item, i, letter) {
  const base = `/items/${i}`;
  const d = DECISIONS[item.decision];
  const card = el('li', { class: `card ${item.decision || 'undecided'}`, 'data-item': String(i) });
  const title = el('h4', {}, `Item ${item.number}: `);
  fillCell(title, item.request ? [{ text: item.request, ptr: `${base}/request` }] : [], letter);
  card.append(title);
  const decision = el('p', { class: `decision ${item.decision || 'undecided'}` });
  if (d) {
    decision.append(el('span', { class: 'mark', 'aria-hidden': 'true', text: d.mark }), ' ', valueNode(d.word, `${base}/decision`, letter, 'word'), ` — ${d.plain}`);
  } else {
    decision.append('No decision found for this item.');
  }
  card.append(decision);
  if (item.original_request || item.authorized) {
    const dl = el('dl', { class: 'facts partial' });
    dl.append(...fact('Original request', item.original_request, `${base}/original_request`, letter));
    dl.append(...fact('Authorized by the Claims Administrator', item.authorized, `${base}/authorized`, letter));
    card.append(dl);
  }
  card.append(guidelineBlock('Claims Administrator guideline', item.claims_administrator_guideline, `${base}/claims_administrator_guideline`, letter));
  card.append(guidelineBlock('MAXIMUS guideline', item.maximus_guideline, `${base}/maximus_guideline`, letter));
  const rationale = el('details', { class: 'rationale', open: true }, el('summary', { text: 'Decision rationale' }));
  const rp = el('p');
  fillCell(rp, item.rationale ? [{ text: item.rationale, ptr: `${base}/rationale` }] : [], letter);
  rationale.append(rp);
  card.append(rationale);
  return card;
}

function renderLetterView(letter) {
  const o = state.outcomes[letter];
  if (!o) {
    letterView.replaceChildren();
    return;
  }
  if (isError(o)) {
    letterView.replaceChildren(
      el('h2', { id: 'letter-h', text: `Not analyzed: ${o.source}` }),
      el('p', { class: 'message error', text: o.error.message }),
    );
    return;
  }
  const heading = el('h2', { id: 'letter-h' }, 'Letter ');
  // no case number (2013 letters have no header): the file names it
  if (o.case_number) fillCell(heading, [{ text: o.case_number, ptr: '/case_number' }], letter);
  else heading.append(o.source);
  const copyJson = el('button', { type: 'button', id: 'copy-json', text: 'Copy this letter’s JSON' });
  copyJson.addEventListener('click', () => copyText(JSON.stringify(o, null, 2), 'Copied this letter’s JSON.'));

  const header = el('dl', { class: 'facts' });
  header.append(
    ...fact('Source', o.source, null, letter),
    ...fact('Layout', o.layout, null, letter),
    ...fact('Case number', o.case_number, '/case_number', letter),
    ...fact('Priority', o.priority, '/priority', letter),
    ...fact('Date assigned', o.dates.assigned, '/dates/assigned', letter),
    ...fact('Decision date', o.dates.decision, '/dates/decision', letter),
    ...fact('Date of injury', o.dates.injury, '/dates/injury', letter),
    ...fact('UR denial date', o.dates.ur_denial, '/dates/ur_denial', letter),
    ...fact('Application received', o.dates.application_received, '/dates/application_received', letter),
  );
  const people = el('dl', { class: 'facts' });
  people.append(
    ...fact('Reviewer licensed in', o.reviewer.licensure, '/reviewer/licensure', letter),
    ...fact('Reviewer specialties', o.reviewer.specialties, '/reviewer/specialties', letter),
    ...fact('Patient age', o.patient.age, '/patient/age', letter),
    ...fact('Patient sex', o.patient.sex, '/patient/sex', letter),
  );

  const warnings = el('section', { class: 'warnings', 'aria-labelledby': 'warnings-h' }, el('h3', { id: 'warnings-h', text: `Warnings (${o.warnings.length})` }));
  if (o.warnings.length) {
    const ul = el('ul');
    for (const w of o.warnings) {
      const li = el('li', { 'data-code': w.code });
      if (w.pointer) {
        const b = el('button', { type: 'button', class: 'link', 'data-warning-ptr': w.pointer, 'data-letter': String(letter), text: w.message });
        li.append(b);
      } else {
        li.append(w.message);
      }
      ul.append(li);
    }
    warnings.append(ul);
  } else {
    warnings.append(el('p', { class: 'hint', text: 'None.' }));
  }

  const cards = el('ol', { class: 'cards' });
  o.items.forEach((item, i) => cards.append(itemCard(o, item, i, letter)));
  const itemsSection = el('section', { 'aria-labelledby': 'cards-h' }, el('h3', { id: 'cards-h', text: `Items (${o.items.length})` }));
  itemsSection.append(o.items.length ? cards : el('p', { class: 'hint', text: 'No disputed items were found.' }));

  letterView.replaceChildren(
    el('div', { class: 'table-head' }, heading, el('div', { class: 'actions' }, copyJson)),
    el('div', { class: 'fact-grid' },
      el('section', { 'aria-label': 'Header' }, el('h3', { text: 'Header' }), header),
      el('section', { 'aria-label': 'Reviewer and patient' }, el('h3', { text: 'Reviewer and patient' }), people)),
    warnings,
    itemsSection,
  );
}

// ---------------------------------------------------------------- selection and highlight

function showText(letter, span = null) {
  const text = state.texts[letter];
  const o = state.outcomes[letter];
  textSource.textContent = o ? `From: ${o.source}` : '';
  if (text === null || text === undefined) {
    textPane.replaceChildren(document.createTextNode(o && isError(o) ? '(no text to show)' : ''));
    state.shownText = letter;
    return null;
  }
  if (!span) {
    if (state.shownText !== letter || textPane.querySelector('mark')) textPane.replaceChildren(document.createTextNode(text));
    state.shownText = letter;
    return null;
  }
  const [start, end] = span;
  const mark = el('mark', { id: 'highlight', text: text.slice(start, end) });
  textPane.replaceChildren(document.createTextNode(text.slice(0, start)), mark, document.createTextNode(text.slice(end)));
  state.shownText = letter;
  // Scroll the text pane (not the page) so that the mark stands in the middle
  // of the part of the pane that is on screen.
  const pane = textPane.getBoundingClientRect();
  let visTop = Math.max(pane.top, 0);
  let visBottom = Math.min(pane.bottom, window.innerHeight);
  if (visBottom - visTop < 40) {
    visTop = pane.top;
    visBottom = pane.bottom;
  }
  const middle = (visTop + visBottom) / 2 - pane.top;
  textPane.scrollTop = Math.max(0, mark.offsetTop - middle + mark.offsetHeight / 2);
  return mark;
}

function select(letter, keepText = false) {
  if (letter < 0 || letter >= state.outcomes.length || !state.outcomes[letter]) return;
  const changed = state.selected !== letter;
  state.selected = letter;
  markSelected();
  if (changed) renderLetterView(letter);
  if (!keepText || state.shownText !== letter) showText(letter);
}

function highlight(letter, ptr) {
  const o = state.outcomes[letter];
  if (!o || isError(o)) return;
  if (state.selected !== letter) select(letter, true);
  const found = spanFor(o, ptr);
  for (const n of document.querySelectorAll('.v.active')) n.classList.remove('active');
  for (const n of document.querySelectorAll(`.v[data-letter="${letter}"][data-ptr="${CSS.escape(ptr)}"]`)) n.classList.add('active');
  if (!found) {
    showText(letter);
    textSource.textContent = `${o.source}: the analysis gives no place in the text for this value.`;
    return;
  }
  showText(letter, found.span);
  textSource.textContent = `${o.source}: ${pointerLabel(ptr)}`;
}

let hoverTimer = 0;
document.addEventListener('click', (event) => {
  clearTimeout(hoverTimer);
  const v = event.target.closest('.v.linked');
  if (v) {
    highlight(Number(v.dataset.letter), v.dataset.ptr);
    return;
  }
  const w = event.target.closest('[data-warning-ptr]');
  if (w) {
    const letter = Number(w.dataset.letter);
    const ptr = w.dataset.warningPtr;
    highlight(letter, ptr);
    const target = letterView.querySelector(`.v[data-ptr="${CSS.escape(ptr)}"]`) || letterView.querySelector(`[data-item="${(ptr.match(/^\/items\/(\d+)/) || [])[1]}"]`);
    if (target) {
      target.scrollIntoView({ block: 'center' });
      if (target.matches('.v')) target.focus({ preventScroll: true });
    }
    return;
  }
  const row = event.target.closest('#letters-table tbody tr, #items-table tbody tr');
  if (row && row.dataset.letter !== undefined) select(Number(row.dataset.letter));
});
document.addEventListener('focusin', (event) => {
  const v = event.target.closest && event.target.closest('.v.linked');
  if (!v) return;
  clearTimeout(hoverTimer);
  highlight(Number(v.dataset.letter), v.dataset.ptr);
});
// Hover follows the mouse's own moves only, so that content scrolling under a
// resting pointer never takes the highlight away from the focused value.
let hovered = null;
document.addEventListener('mousemove', (event) => {
  const v = event.target.closest && event.target.closest('.v.linked');
  if (v === hovered) return;
  hovered = v;
  clearTimeout(hoverTimer);
  if (v) hoverTimer = setTimeout(() => highlight(Number(v.dataset.letter), v.dataset.ptr), 60);
});
document.addEventListener('keydown', (event) => {
  const v = event.target.closest && event.target.closest('.v.linked');
  if (v && (event.key === 'Enter' || event.key === ' ') && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    highlight(Number(v.dataset.letter), v.dataset.ptr);
  }
});

// ---------------------------------------------------------------- copy and download

async function copyText(text, done) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(done, 'ready');
  } catch (err) {
    showMessage('error', 'Copy failed', `The browser did not allow writing to the clipboard (${err.message}). Use a download instead.`);
  }
}

async function copyTable(table) {
  const name = table === 'letters' ? 'Letters' : 'Items';
  const tsv = exportTable(table, 'tsv');
  try {
    if (typeof ClipboardItem === 'undefined') throw new Error('no ClipboardItem');
    // Promised blobs keep the click's user activation while the worker renders the table.
    const item = new ClipboardItem({
      'text/plain': tsv.then((t) => new Blob([t], { type: 'text/plain' })),
      'text/html': tsv.then((t) => new Blob([tsvToHtml(t)], { type: 'text/html' })),
    });
    await navigator.clipboard.write([item]);
    setStatus(`Copied the ${name} table: paste it into a spreadsheet.`, 'ready');
  } catch {
    try {
      await copyText(await tsv, `Copied the ${name} table (as text): paste it into a spreadsheet.`);
    } catch (err) {
      showMessage('error', 'Copy failed', err.message);
    }
  }
}

const MIME = {
  csv: 'text/csv;charset=utf-8', md: 'text/markdown;charset=utf-8', json: 'application/json;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function download(name, content, format) {
  const url = URL.createObjectURL(new Blob([content], { type: MIME[format] }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus(`Downloaded ${name}.`, 'ready');
}

for (const b of document.querySelectorAll('[data-copy]')) b.addEventListener('click', () => copyTable(b.dataset.copy));
for (const b of document.querySelectorAll('[data-download]')) {
  b.addEventListener('click', async () => {
    const { download: table, format } = b.dataset;
    try {
      download(`imr-${table}-${today()}.${format}`, await exportTable(table, format), format);
    } catch (err) {
      showMessage('error', 'Download failed', err.message);
    }
  });
}
$('download-json').addEventListener('click', () => download(`imr-analyses-${today()}.json`, `${JSON.stringify(state.outcomes.filter(Boolean), null, 2)}\n`, 'json'));
$('download-xlsx').addEventListener('click', async () => {
  const b = $('download-xlsx');
  b.disabled = true;
  setStatus('Making the Excel workbook…', 'working');
  try {
    download(`imr-analyses-${today()}.xlsx`, await workerExport({ type: 'xlsx' }), 'xlsx');
  } catch (err) {
    showMessage('error', 'Excel download failed', err.message);
    setStatus('Ready.', 'ready');
  } finally {
    b.disabled = false;
  }
});
$('cancel').addEventListener('click', () => cancelBatch());

// ---------------------------------------------------------------- input events

input.addEventListener('paste', () => setTimeout(analyzeInput, 0));
$('analyze').addEventListener('click', analyzeInput);
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
    event.preventDefault();
    analyzeInput();
  }
});
for (const id of ['file-input', 'folder-input']) {
  $(id).addEventListener('change', (event) => {
    analyzeFiles(event.target.files);
    event.target.value = '';
  });
}

const dropzone = $('input-section');
const hasFiles = (event) => Array.from(event.dataTransfer ? event.dataTransfer.types : []).includes('Files');
window.addEventListener('dragover', (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = 'copy';
  dropzone.classList.add('dragging');
});
window.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) dropzone.classList.remove('dragging');
});
window.addEventListener('drop', (event) => {
  dropzone.classList.remove('dragging');
  if (!hasFiles(event)) {
    // Text dropped into the box: analyze it once it is in.
    if (event.target === input) setTimeout(analyzeInput, 0);
    return;
  }
  event.preventDefault();
  const dropped = droppedEntries(event.dataTransfer);
  if (dropped) dropped.then(analyzeEntries, (err) => showMessage('error', 'The dropped folder could not be read', err.message));
  else analyzeFiles(event.dataTransfer.files);
});

/**
 * Dropped folders (where the browser gives entries): every file inside, in
 * name order, with its path relative to the dropped folder. Null when only
 * files were dropped (then dataTransfer.files is used as it is).
 */
function droppedEntries(dt) {
  const items = Array.from(dt.items || []).filter((i) => i.kind === 'file');
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (!entries.some((e) => e && e.isDirectory)) return null;
  const files = items.map((i) => i.getAsFile());
  const readAll = (reader) => new Promise((resolve, reject) => {
    const all = [];
    const next = () => reader.readEntries((batch) => {
      if (!batch.length) resolve(all);
      else {
        all.push(...batch);
        next();
      }
    }, reject);
    next();
  });
  const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
  return (async () => {
    const out = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e && e.isDirectory) await walkDir(e, '', out);
      else if (files[i]) out.push({ file: files[i], path: null });
    }
    return out;
  })();
  async function walkDir(dir, prefix, out) {
    const children = (await readAll(dir.createReader())).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const c of children) {
      if (c.isDirectory) await walkDir(c, `${prefix}${c.name}/`, out);
      else out.push({ file: await fileOf(c), path: `${prefix}${c.name}` });
    }
  }
}
