// The page: input (paste, files, drop, Ctrl/Cmd+Enter) → the worker → tables,
// the per-letter view and the letter text with the value's span highlighted.
// Letter text only ever goes into the page as text (textContent), never as HTML.

import {
  LETTER_COLUMNS, ITEM_COLUMNS, letterCells, itemCells, isError, spanFor, today, tsvToHtml,
} from './tables.js';

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

/** The current run: outcomes and their analysed texts, in input order. */
const state = { outcomes: [], texts: [], selected: -1, run: 0, shownText: -1 };

// ---------------------------------------------------------------- worker

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

function exportTable(table, format) {
  return new Promise((resolve, reject) => {
    const id = request({ type: 'export', outcomes: state.outcomes, table, format }, (msg) => {
      pending.delete(id);
      if (msg.type === 'export') resolve(msg.data);
      else reject(new Error(msg.message));
    });
  });
}

// ---------------------------------------------------------------- analysis

function startRun(payload, label) {
  if (!ready) {
    showMessage('info', 'One moment', 'The analyzer is still loading; your input will be analyzed when it is ready.');
  }
  const run = ++currentRun;
  state.outcomes = [];
  state.texts = [];
  state.selected = -1;
  state.shownText = -1;
  setStatus(`Analyzing ${label}…`, 'working');
  const id = request(payload, (msg) => {
    if (run !== currentRun) return; // a newer run replaced this one
    if (msg.type === 'result') {
      state.outcomes[msg.index] = msg.outcome;
      state.texts[msg.index] = msg.text;
      if (msg.total > 1) setStatus(`Analyzing ${msg.index + 1} of ${msg.total}…`, 'working');
    } else if (msg.type === 'done') {
      pending.delete(id);
      finishRun();
    } else if (msg.type === 'error') {
      pending.delete(id);
      setStatus('Ready.', 'ready');
      showMessage('error', 'The analysis failed', msg.message);
    }
  });
}

function analyzeInput() {
  startRun({ type: 'text', text: input.value, source: 'pasted' }, 'the pasted text');
}

function analyzeFiles(fileList) {
  const files = Array.from(fileList || []);
  if (!files.length) return;
  startRun({ type: 'files', files }, files.length === 1 ? files[0].name : `${files.length} files`);
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
  if (error.code === 'damaged_pdf' && error.message.startsWith('PDFs are not read yet')) return 'PDF support is coming';
  return ERROR_TITLES[error.code] || 'Cannot analyze this input';
}

function finishRun() {
  const n = state.outcomes.length;
  const errors = state.outcomes.filter(isError);
  const letters = n - errors.length;
  const items = state.outcomes.filter((o) => !isError(o)).reduce((sum, a) => sum + a.items.length, 0);
  results.hidden = false;
  renderTables();
  const first = state.outcomes.findIndex((o) => !isError(o));
  select(first >= 0 ? first : 0, false);
  state.run += 1;
  results.dataset.run = String(state.run);

  if (errors.length === 1 && n === 1) {
    const e = errors[0].error;
    showMessage('error', errorTitle(e), e.message, e.code);
  } else if (errors.length) {
    showMessage('error', `${errors.length} of ${n} inputs could not be analyzed`,
      errors.map((e) => `${e.source}: ${e.error.message}`).join('\n'), errors.map((e) => e.error.code).join(' '));
  } else {
    const warned = state.outcomes.reduce((s, a) => s + a.warnings.length, 0);
    if (items === 0) {
      showMessage('warn', 'No items found', 'The analyzer read the letter but found no disputed items in it. Check the warnings below and the letter text.');
    } else if (warned) {
      showMessage('warn', 'Analyzed, with warnings', `${letters} letter${letters === 1 ? '' : 's'}, ${items} item${items === 1 ? '' : 's'}; ${warned} warning${warned === 1 ? '' : 's'} (listed with the letter).`);
    } else {
      hideMessage();
    }
  }
  setStatus(`Analyzed ${letters} letter${letters === 1 ? '' : 's'} with ${items} item${items === 1 ? '' : 's'}${errors.length ? `; ${errors.length} could not be analyzed` : ''}.`, 'ready');
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

function headerRow(columns) {
  return el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', text: c }))));
}

// ---------------------------------------------------------------- tables

function renderTables() {
  const lbody = el('tbody');
  const ibody = el('tbody');
  state.outcomes.forEach((o, letter) => {
    if (isError(o)) {
      const row = el('tr', { class: 'error-row', 'data-letter': String(letter) },
        el('td', { text: o.source }),
        el('td', { colspan: String(LETTER_COLUMNS.length - 1) }, el('strong', { text: `${errorTitle(o.error)}: ` }), o.error.message));
      row.dataset.code = o.error.code;
      lbody.append(row);
      return;
    }
    const cells = letterCells(o);
    const row = el('tr', { 'data-letter': String(letter) });
    for (const c of LETTER_COLUMNS) {
      const td = el('td', { 'data-col': c });
      fillCell(td, cells[c], letter);
      row.append(td);
    }
    lbody.append(row);
    o.items.forEach((item, i) => {
      const icells = itemCells(o, item, i);
      const irow = el('tr', { 'data-letter': String(letter), 'data-item': String(i), class: item.decision ? `decision-${item.decision}` : '' });
      for (const c of ITEM_COLUMNS) {
        const td = el('td', { 'data-col': c, class: c === 'rationale' || c.endsWith('_guideline') ? 'long' : '' });
        if (c === 'rationale' || c.endsWith('_guideline')) {
          const wrap = el('div', { class: 'clamp' });
          fillCell(wrap, icells[c], letter);
          td.append(wrap);
        } else {
          fillCell(td, icells[c], letter);
        }
        irow.append(td);
      }
      ibody.append(irow);
    });
  });
  if (!ibody.children.length) {
    const why = state.outcomes.every(isError) ? 'No letter could be analyzed, so there are no items.' : 'No disputed items were found in the letter.';
    ibody.append(el('tr', { class: 'empty-row' }, el('td', { colspan: String(ITEM_COLUMNS.length), text: why })));
  }
  lettersTable.replaceChildren(el('caption', { class: 'sr-only', text: 'Letters: one row per letter' }), headerRow(LETTER_COLUMNS), lbody);
  itemsTable.replaceChildren(el('caption', { class: 'sr-only', text: 'Items: one row per disputed item' }), headerRow(ITEM_COLUMNS), ibody);
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
  fillCell(heading, o.case_number ? [{ text: o.case_number, ptr: '/case_number' }] : [], letter);
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
  if (letter < 0 || letter >= state.outcomes.length) return;
  const changed = state.selected !== letter;
  state.selected = letter;
  for (const row of document.querySelectorAll('#letters-table tbody tr, #items-table tbody tr')) {
    row.classList.toggle('selected', row.dataset.letter === String(letter));
  }
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
  textSource.textContent = `${o.source}: ${ptr}`;
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

const MIME = { csv: 'text/csv;charset=utf-8', md: 'text/markdown;charset=utf-8', json: 'application/json;charset=utf-8' };

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
$('download-json').addEventListener('click', () => download(`imr-analyses-${today()}.json`, `${JSON.stringify(state.outcomes, null, 2)}\n`, 'json'));

// ---------------------------------------------------------------- input events

input.addEventListener('paste', () => setTimeout(analyzeInput, 0));
$('analyze').addEventListener('click', analyzeInput);
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
    event.preventDefault();
    analyzeInput();
  }
});
$('file-input').addEventListener('change', (event) => {
  analyzeFiles(event.target.files);
  event.target.value = '';
});

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
  analyzeFiles(event.dataTransfer.files);
});
