// The page: wires the modules together. Input (input.js) → a run in the
// worker (batch.js, worker-client.js) → the tables (tables.js), the summary
// (summary.js), and the letter panel (letter-panel.js) with the letter's text
// and its highlights (text-pane.js); copies and downloads (exports.js).

import { $, setStatus, showMessage, hideMessage } from './dom.js';
import { isError, errorTitle, plural, setImageExtensions } from './format.js';
import { createWorkerClient } from './worker-client.js';
import { createRunner } from './batch.js';
import { createTables } from './tables.js';
import { renderLetterView, createPanel } from './letter-panel.js';
import { createTextPane } from './text-pane.js';
import { createPageImages } from './page-images.js';
import { createExports, copyText } from './exports.js';
import { wireInput } from './input.js';
import { renderCounts, createSummary } from './summary.js';

const html = document.documentElement;
const PHONE = window.matchMedia('(max-width: 800px)');
let ready = false;
const client = createWorkerClient({
  onReady(msg) {
    if (ready) return;
    ready = true;
    html.dataset.readyMs = String(Math.round(performance.now()));
    $('version').textContent = msg.version;
    setStatus('Ready. Paste a letter or choose files.', 'ready');
  },
  onFatal(err) {
    setStatus(err.message, 'error');
    showMessage('error', 'The analyzer could not start', err.message);
  },
  onState(state, starts) {
    html.dataset.worker = state;
    html.dataset.workerStarts = String(starts);
  },
});

const selected = { letter: -1, item: null };
const data = () => runner.data;

const tables = createTables({
  getData: data,
  onOpen: (letter, item) => openLetter(letter, item, { focus: false }),
  onSelect: (letter, item) => {
    if (panel.isOpen) openLetter(letter, item);
    else {
      selected.letter = letter;
      selected.item = item;
    }
  },
  onStatus: (text) => setStatus(text, 'ready'),
});
let columns = { letters: [], items: [], summary: [], dimensions: [], reasons: [] };
client.request({ type: 'columns' }).then((msg) => {
  columns = msg.data;
  setImageExtensions(columns.imageExtensions || []);
  tables.setColumns(columns);
  summary.update(runner.data, { final: !runner.running });
}, (err) => showMessage('error', 'The tables could not be made', err.message));

// A Summary group chosen: both tables show its letters and items (a chip removes it).
const summary = createSummary({
  columns: () => columns,
  onGroup(sel) {
    if (!sel || !sel.group) {
      tables.setGroup(null);
      return;
    }
    tables.setGroup({ ...sel, keys: runner.data.itemsInGroup(sel.dimension, sel.group) }, () => summary.setSelected(null));
    setStatus(`Tables filtered to ${sel.words || `${sel.dimension}: ${sel.group}`}.`, 'ready');
  },
  onCopy: () => exportsApi.copyTable('summary'),
  onDownload: () => exportsApi.downloadTable('summary', 'csv'),
});

const panel = createPanel({ onClose: () => {} });
const pageImages = createPageImages({ getData: data });
const textPane = createTextPane({
  getData: data,
  onShow: (letter, span) => (letter < 0 ? pageImages.clear() : pageImages.show(letter, span)),
  onNeedLetter(letter, ptr, node, how) {
    if (how === 'hover' && (!panel.isOpen || selected.letter !== letter)) return false;
    if (panel.closing) return false;
    const row = node && node.closest('tr[data-item]');
    const m = ptr.match(/^\/items\/(\d+)/);
    const item = row ? Number(row.dataset.item) : m ? Number(m[1]) : null;
    if (selected.letter !== letter || !panel.isOpen) openLetter(letter, item, { keepText: true });
    else if (item !== selected.item) {
      selected.item = item;
      tables.select(letter, item);
      markCard(item);
    }
    return true;
  },
});

/** Show a letter in the panel (its view and its text); the tables mark it. */
function openLetter(letter, item = null, { focus = false, keepText = false } = {}) {
  const o = data().outcomes[letter];
  if (!o) return;
  const view = $('letter-view');
  const changed = view.dataset.letter !== String(letter) || view.childElementCount === 0;
  view.dataset.letter = String(letter);
  selected.letter = letter;
  selected.item = item;
  tables.select(letter, item);
  if (changed) {
    renderLetterView($('letter-view'), o, letter, {
      onCopyJson: (x) => copyText(JSON.stringify(x, null, 2), 'Copied this letter’s JSON.'),
      onCopyText: (x) => client.request({ type: 'letterText', outcome: x }).then((m) => copyText(m.data, 'Copied this letter as text.'),
        (err) => showMessage('error', 'Copy failed', err.message)),
      onPrint: () => window.print(),
      reasons: columns.reasons || [],
    });
    $('letter-view').scrollTop = 0;
  }
  if (!keepText || textPane.shown !== letter) textPane.show(letter);
  panel.open({ focus });
  markCard(item, { scroll: true });
}

/** Mark the selected item's card in the panel (aria-current); `scroll` brings it into view when it was not the marked one. */
function markCard(item, { scroll = false } = {}) {
  const view = $('letter-view');
  const old = view.querySelector('.card[aria-current]');
  const card = item === null || item === undefined ? null : view.querySelector(`.card[data-item="${item}"]`);
  if (old && old !== card) old.removeAttribute('aria-current');
  if (!card) return;
  if (old !== card) {
    card.setAttribute('aria-current', 'true');
    if (scroll) card.scrollIntoView({ block: 'nearest' });
  }
}

// A warning in the panel: highlight what it points at and bring its value into view.
document.addEventListener('click', (event) => {
  const w = event.target.closest && event.target.closest('[data-warning-ptr]');
  if (w) {
    const ptr = w.dataset.warningPtr;
    textPane.highlight(Number(w.dataset.letter), ptr, w);
    const view = $('letter-view');
    const target = view.querySelector(`.v[data-ptr="${CSS.escape(ptr)}"]`) || view.querySelector(`[data-item="${(ptr.match(/^\/items\/(\d+)/) || [])[1]}"]`);
    if (target) {
      target.scrollIntoView({ block: 'center' });
      if (target.matches('.v')) target.focus({ preventScroll: true });
    }
    return;
  }
  if (event.target.closest && event.target.closest('.v.linked, button, a, input, select')) return;
  const row = event.target.closest && event.target.closest('#letters-table tbody tr.r, #items-table tbody tr.r');
  if (row) {
    // Opening the panel narrows the page (the Summary above the tables grows):
    // the clicked row keeps its place in the window.
    const top = row.getBoundingClientRect().top;
    openLetter(Number(row.dataset.letter), row.dataset.item === undefined ? null : Number(row.dataset.item));
    keepInPlace(row, top);
  }
});

/** Scroll the window so that `node` is back at `top` (now and after the next layout), and in the window. */
function keepInPlace(node, top) {
  const fix = () => {
    if (!node.isConnected) return;
    const r = node.getBoundingClientRect();
    let dy = r.top - top;
    if (r.top - dy < 0 || r.bottom - dy > window.innerHeight) dy = r.top - Math.max(0, (window.innerHeight - r.height) / 2);
    if (Math.abs(dy) >= 1) window.scrollBy(0, dy);
  };
  fix();
  requestAnimationFrame(() => requestAnimationFrame(fix));
}

// ---------------------------------------------------------------- runs

const runner = createRunner({
  client,
  onStart(d, { label, total, batch }) {
    if (!ready) showMessage('info', 'One moment', 'The analyzer is still loading; your input will be analyzed when it is ready.');
    if (batch.append) {
      // Added to the batch shown: its rows, selection and open letter stay.
      hideMessage();
      setStatus(`Adding ${label} to the batch of ${plural(batch.offset, 'file')}…`, 'working');
      return;
    }
    selected.letter = -1;
    selected.item = null;
    panel.close();
    $('letter-view').replaceChildren();
    delete $('letter-view').dataset.letter;
    textPane.reset();
    tables.reset();
    summary.reset();
    if (batch.showProgress) {
      hideMessage();
      $('results').hidden = false;
      $('input-section').classList.toggle('compact', total > 1);
      renderCounts(d);
    }
    setStatus(`Analyzing ${label}…`, 'working');
  },
  onFlush(d) {
    for (const i of d.newlyDuplicated || []) tables.invalidateLetter(i);
    d.newlyDuplicated = [];
    tables.refresh();
    renderCounts(d);
    summary.update(d);
  },
  onFinish(d, batch) {
    for (const i of d.newlyDuplicated || []) tables.invalidateLetter(i);
    d.newlyDuplicated = [];
    $('results').hidden = false;
    tables.refresh();
    tables.updateCategories();
    renderCounts(d);
    if (batch.cancelled) {
      // The worker that counted the Summary was stopped: count what arrived,
      // from each letter's compact contribution (not the analyses).
      client.request({ type: 'summary', contributions: d.allContributions() }).then((m) => {
        if (runner.data !== d) return;
        d.summary = m.data;
        summary.update(d, { final: true });
      }, (err) => {
        if (runner.data === d) showMessage('error', 'The Summary could not be counted', err.message, err.code);
      });
    }
    summary.update(d, { final: true });
    const outcomes = d.outcomes.filter(Boolean);
    // One letter: its view opens beside the tables (not on a phone, where the panel would hide them).
    if (!batch.append && batch.total === 1 && outcomes.length === 1 && !isError(outcomes[0]) && !PHONE.matches) openLetter(0);
    const results = $('results');
    results.dataset.run = String(Number(results.dataset.run) + 1);
    report(d, batch);
  },
  onFail(err) {
    setStatus('Ready.', 'ready');
    showMessage('error', 'The analysis failed', err.message, err.code);
  },
});

function report(d, batch) {
  const outcomes = d.outcomes.filter(Boolean);
  const errors = outcomes.filter(isError);
  const letters = outcomes.length - errors.length;
  const items = d.itemRows.length;
  if (errors.length === 1 && outcomes.length === 1) {
    const e = errors[0].error;
    showMessage('error', errorTitle(e), e.message, e.code);
  } else if (errors.length) {
    const shown = errors.slice(0, 12).map((e) => `${e.source}: ${e.error.message}`);
    if (errors.length > shown.length) shown.push(`… and ${errors.length - shown.length} more (see the error rows in the Letters table).`);
    showMessage('error', `${errors.length} of ${outcomes.length} inputs could not be analyzed`, shown.join('\n'), errors.map((e) => e.error.code).join(' '));
  } else {
    const warned = outcomes.reduce((s, a) => s + a.warnings.length, 0);
    if (items === 0 && letters) showMessage('warn', 'No items found', 'The analyzer read the letter but found no disputed items in it. Check the warnings and the letter text.');
    else if (warned) showMessage('warn', 'Analyzed, with warnings', `${plural(letters, 'letter')}, ${plural(items, 'item')}; ${plural(warned, 'warning')} (listed with the letter).`);
    else hideMessage();
  }
  if (errors.length === 1 && outcomes.length === 1 && errors[0].error.code === 'empty' && !batch.showProgress) {
    setStatus('The box is empty: paste a letter or choose files.', 'ready');
    return;
  }
  const cancelled = batch.cancelled ? ` Cancelled: ${batch.skipped} of ${batch.total} files were not analyzed.` : '';
  setStatus(`Analyzed ${plural(letters, 'letter')} with ${plural(items, 'item')}${errors.length ? `; ${errors.length} could not be analyzed` : ''}.${cancelled}`, 'ready');
}

// What the tables show: the box's text ('text') or a batch of files ('files', with its count).
const shown = { kind: null, files: 0 };
/** Show what a new choice of files does to the batch shown: added (the default) or replacing it. */
function showBatchMode() {
  $('batch-mode').hidden = shown.kind !== 'files';
}
const addToBatch = () => shown.kind === 'files' && !$('mode-replace').checked;

// Leaving the page (reload, closing the tab) with a batch asks first: nothing is kept.
window.addEventListener('beforeunload', (event) => {
  if (shown.kind !== 'files' || !runner.data.letterRows.length) return;
  event.preventDefault();
  event.returnValue = '';
});

const input = wireInput({
  onText(text) {
    shown.kind = 'text';
    showBatchMode();
    runner.start({ type: 'text', text, source: 'pasted' }, 'the pasted text');
  },
  // Typing re-analyzes the box only when the tables show the box's letter: it never discards a batch of files.
  typedRunAllowed: () => shown.kind !== 'files',
  onCleared() {
    if (shown.kind !== 'text' || runner.running) return;
    shown.kind = null;
    panel.close();
    $('results').hidden = true;
    hideMessage();
    setStatus('The box is empty: paste a letter or choose files.', 'ready');
  },
  onTypedHeld: (how) => setStatus(`${how === 'paste' ? 'Pasted; the' : 'The'} tables still show the ${plural(shown.files, 'file')}. Press Analyze (Ctrl+Enter) to analyze the text box instead.`, 'ready'),
  onEntries(entries) {
    if (!entries.length) return;
    input.forget();
    const append = addToBatch();
    shown.kind = 'files';
    shown.files = append ? shown.files + entries.length : entries.length;
    showBatchMode();
    const label = entries.length === 1 ? (entries[0].path || entries[0].file.name) : `${entries.length} files`;
    runner.start({ type: 'files', files: entries }, label, { append });
  },
  onError: (title, message) => showMessage('error', title, message),
});

const outcomesNow = () => runner.data.outcomes.filter(Boolean);
const exportsApi = createExports({
  render: (table, format, rows) => (rows === 'shown' && table !== 'summary'
    ? client.request({ type: 'exportRows', rows: tables.shownCells(table), table, format })
    : client.request({ type: 'export', outcomes: outcomesNow(), table, format })).then((m) => m.data),
  workbook: () => client.request({ type: 'xlsx', outcomes: outcomesNow() }).then((m) => m.data),
  outcomes: outcomesNow,
});
