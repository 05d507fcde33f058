// The analysis worker (a module worker): loads the WASM core, analyzes pasted
// text and files, makes the tables' rows and the Summary with the core, and
// renders exports, off the main thread. Only www/worker-client.js talks to it.
//
// Requests in (each with an `id`):
//   { type: 'columns' }                              → reply { letters, items, summary } (Column[] each)
//   { type: 'text', text, source }                   → result, done
//   { type: 'files', files: [{ file, path }] }       → progress, result…, summary…, done
//   { type: 'summary', outcomes }                    → reply string[][] (the Summary rows)
//   { type: 'export', outcomes, table, format }      → reply string
//   { type: 'xlsx', outcomes }                       → reply Uint8Array
// Messages out: { type: 'ready', version, ms } | { type: 'fatal', error }
//   { id, type: 'progress', index, total, name }
//   { id, type: 'result', index, total, outcome | outcomeJson, text | textIsInput, rows: { letters, items }, groups }
//   { id, type: 'summary', rows }   (throttled while a batch runs, and once at its end)
//   { id, type: 'done', processed, total } | { id, type: 'reply', data } | { id, type: 'error', error: { code, message } }
// Stopping: the page terminates this worker (worker-client.js); there is no cancel message.
//
// Imports: the static imports below are all relative (a single-file build can
// inline them). Two modules are imported dynamically, on first use only:
//   ./pdf-text.js → ./vendor/pdfjs/pdf.min.mjs: when a PDF arrives;
//   ./pkg-xlsx/imr_analyzer_xlsx.js (+ _bg.wasm): on the first Excel download.

import init, * as core from './pkg/imr_analyzer.js';
import { LIMIT_BYTES } from './limits.js';

const t0 = performance.now();
const ready = init({ module_or_path: new URL('./pkg/imr_analyzer_bg.wasm', import.meta.url) });
ready.then(
  () => postMessage({ type: 'ready', version: core.version(), ms: performance.now() - t0 }),
  (err) => postMessage({ type: 'fatal', error: { code: 'start', message: `The analyzer could not start: ${err && err.message ? err.message : err}` } }),
);

// ---------------------------------------------------------------- tables from the core

const TABLES = ['letters', 'items', 'summary'];
const rowsOf = (outcomeJson, table) => core.outcomeRows(outcomeJson, table);

// ---------------------------------------------------------------- analysis

/** UTF-8 length of a string without allocating when the answer is obvious. */
function utf8Length(text) {
  if (text.length * 3 <= LIMIT_BYTES) return text.length;
  if (text.length > LIMIT_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function analyzePasted(text, source) {
  const size = utf8Length(text);
  if (size > LIMIT_BYTES) return { outcome: core.tooLarge(source, size, LIMIT_BYTES), text: null };
  return { outcomeJson: core.analyzeTextJson(text, source, LIMIT_BYTES), text };
}

function failed(source, code, detail = '') {
  return { outcome: core.errorObject(code, source, detail), text: null };
}

let pdfText = null;
async function readPdf(file, source) {
  if (!pdfText) pdfText = import('./pdf-text.js');
  let mod;
  try {
    mod = await pdfText;
  } catch (err) {
    pdfText = null;
    return failed(source, 'damaged_pdf', `the PDF reader (pdf.js) could not be loaded: ${err && err.message ? err.message : err}`);
  }
  let text;
  try {
    text = await mod.extractPdfText(await file.arrayBuffer());
  } catch (err) {
    if (err instanceof mod.PdfError) return failed(source, err.code, err.detail);
    return failed(source, 'damaged_pdf', err && err.message ? err.message : String(err));
  }
  return analyzePasted(text, source);
}

const EXTRACTORS = [
  { name: 'pdf', matches: (file) => /\.pdf$/i.test(file.name) || file.type === 'application/pdf', read: readPdf },
  { name: 'text', matches: () => true, read: async (file, source) => core.analyzeFile(new Uint8Array(await file.arrayBuffer()), source, LIMIT_BYTES) },
];

async function analyzeOne(file, source) {
  if (file.size > LIMIT_BYTES) return { outcome: core.tooLarge(source, file.size, LIMIT_BYTES), text: null };
  return EXTRACTORS.find((e) => e.matches(file)).read(file, source);
}

/** One result message: the outcome (JSON when the core gave JSON), its rows and item groups. */
function result(id, index, total, r, summary) {
  const json = r.outcomeJson !== undefined ? r.outcomeJson : JSON.stringify(r.outcome);
  summary.add(json);
  return {
    id, type: 'result', index, total, outcome: r.outcome, outcomeJson: r.outcomeJson, text: r.text,
    rows: { letters: rowsOf(json, 'letters'), items: rowsOf(json, 'items') },
    groups: core.itemGroups(json),
  };
}

const SUMMARY_EVERY_MS = 250;

async function analyzeBatch(id, entries) {
  const total = entries.length;
  const summary = new core.SummaryBuilder();
  let lastSummary = 0;
  for (let index = 0; index < total; index++) {
    const { file, path } = entries[index];
    const source = path || file.name || 'file';
    postMessage({ id, type: 'progress', index, total, name: source });
    let r;
    try {
      r = await analyzeOne(file, source);
    } catch (err) {
      r = failed(source, 'binary', `${err && err.message ? err.message : err}`);
      r.outcome.error.message = `This file could not be read: ${err && err.message ? err.message : err}`;
    }
    postMessage(result(id, index, total, r, summary));
    if (performance.now() - lastSummary > SUMMARY_EVERY_MS) {
      lastSummary = performance.now();
      postMessage({ id, type: 'summary', rows: summary.rows() });
    }
  }
  postMessage({ id, type: 'summary', rows: summary.rows() });
  summary.free();
  postMessage({ id, type: 'done', processed: total, total });
}

function summaryRows(outcomes) {
  const summary = new core.SummaryBuilder();
  for (const o of outcomes) summary.add(JSON.stringify(o));
  const rows = summary.rows();
  summary.free();
  return rows;
}

let xlsx = null;
async function workbook(outcomes) {
  if (!xlsx) {
    xlsx = import('./pkg-xlsx/imr_analyzer_xlsx.js').then(async (mod) => {
      await mod.default({ module_or_path: new URL('./pkg-xlsx/imr_analyzer_xlsx_bg.wasm', import.meta.url) });
      return mod;
    });
    xlsx.catch(() => {
      xlsx = null;
    });
  }
  return (await xlsx).exportXlsx(outcomes);
}

self.onmessage = async (event) => {
  const msg = event.data;
  const { id } = msg;
  try {
    await ready;
    if (msg.type === 'columns') {
      postMessage({ id, type: 'reply', data: Object.fromEntries(TABLES.map((t) => [t, core.tableColumns(t)])) });
    } else if (msg.type === 'text') {
      // The page has the pasted text already: it is not sent back.
      const r = analyzePasted(msg.text, msg.source || 'pasted');
      const summary = new core.SummaryBuilder();
      const out = result(id, 0, 1, { ...r, text: null }, summary);
      out.textIsInput = r.text !== null;
      postMessage(out);
      postMessage({ id, type: 'summary', rows: summary.rows() });
      summary.free();
      postMessage({ id, type: 'done', processed: 1, total: 1 });
    } else if (msg.type === 'files') {
      await analyzeBatch(id, msg.files);
    } else if (msg.type === 'summary') {
      postMessage({ id, type: 'reply', data: summaryRows(msg.outcomes) });
    } else if (msg.type === 'export') {
      postMessage({ id, type: 'reply', data: core.exportTable(msg.outcomes, msg.table, msg.format) });
    } else if (msg.type === 'xlsx') {
      const data = await workbook(msg.outcomes);
      postMessage({ id, type: 'reply', data }, [data.buffer]);
    } else {
      postMessage({ id, type: 'error', error: { code: 'unknown_request', message: `unknown request ${msg.type}` } });
    }
  } catch (err) {
    postMessage({ id, type: 'error', error: { code: 'failed', message: err && err.message ? err.message : String(err) } });
  }
};
