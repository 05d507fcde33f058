// The analysis worker (a module worker): loads the WASM core once, then
// analyzes pasted text and files, and renders exports, off the main thread.
//
// Messages in:  { id, type: 'text', text, source }
//               { id, type: 'files', files: [{ file: File, path: string|null }] }
//               { id, type: 'cancel', target }          (stop batch `target` after its current file)
//               { id, type: 'export', outcomes, table, format }
//               { id, type: 'xlsx', outcomes }
// Messages out: { type: 'ready', version, ms } | { type: 'fatal', message }
//               { id, type: 'progress', index, total, name }       (file `index` is being read)
//               { id, type: 'result', index, total, outcome | outcomeJson, text }  (one per input, in input order;
//                 outcomeJson: the outcome as a JSON string, cheaper to post;
//                 for pasted text `textIsInput: true` instead of the text, which the page has)
//               { id, type: 'done', cancelled, processed, total }
//               { id, type: 'export', data } | { id, type: 'error', message }
//
// Imports: the static imports below are all relative (a single-file build can
// inline them). Two modules are imported dynamically, on first use only:
//   ./pdf-text.js → ./vendor/pdfjs/pdf.min.mjs (and its worker
//                   ./vendor/pdfjs/pdf.worker.min.mjs): when a PDF arrives;
//   ./pkg-xlsx/imr_analyzer_xlsx.js (+ _bg.wasm): on the first Excel download.
// scripts/build-wasm.sh makes www/vendor/pdfjs and www/pkg-xlsx.

import init, { analyzeTextJson, analyzeFile, tooLarge, errorObject, version } from './pkg/imr_analyzer.js';
import { exportTable } from './pkg/imr_analyzer.js';
import { LIMIT_BYTES } from './limits.js';

const t0 = performance.now();
const ready = init({ module_or_path: new URL('./pkg/imr_analyzer_bg.wasm', import.meta.url) });

ready.then(
  () => postMessage({ type: 'ready', version: version(), ms: performance.now() - t0 }),
  (err) => postMessage({ type: 'fatal', message: `The analyzer could not start: ${err && err.message ? err.message : err}` }),
);


/** UTF-8 length of a string without allocating when the answer is obvious. */
function utf8Length(text) {
  if (text.length * 3 <= LIMIT_BYTES) return text.length; // cannot exceed the limit
  if (text.length > LIMIT_BYTES) return text.length; // at least one byte a unit
  return new TextEncoder().encode(text).length;
}

function analyzePasted(text, source) {
  const size = utf8Length(text);
  if (size > LIMIT_BYTES) return { outcome: tooLarge(source, size, LIMIT_BYTES), text: null };
  // As JSON: a string crosses postMessage far cheaper than a nested object;
  // the page parses it (see `outcomeOf` in app.js).
  return { outcomeJson: analyzeTextJson(text, source, LIMIT_BYTES), text };
}

/** An error result with SCHEMA.md's code; the message comes from the core. */
function failed(source, code, detail = '') {
  return { outcome: errorObject(code, source, detail), text: null };
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
  {
    name: 'pdf',
    matches: (file) => /\.pdf$/i.test(file.name) || file.type === 'application/pdf',
    read: readPdf,
  },
  {
    name: 'text',
    matches: () => true,
    read: async (file, source) => analyzeFile(new Uint8Array(await file.arrayBuffer()), source, LIMIT_BYTES),
  },
];

async function analyzeOne(file, source) {
  if (file.size > LIMIT_BYTES) return { outcome: tooLarge(source, file.size, LIMIT_BYTES), text: null };
  const extractor = EXTRACTORS.find((e) => e.matches(file));
  return extractor.read(file, source);
}

/** Let queued messages (a Cancel) in between two files. */
function yieldToMessages() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

const cancelled = new Set();

async function analyzeBatch(id, entries) {
  const total = entries.length;
  let processed = 0;
  for (let index = 0; index < total; index++) {
    await yieldToMessages();
    if (cancelled.has(id)) break;
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
    postMessage({ id, type: 'result', index, total, outcome: r.outcome, outcomeJson: r.outcomeJson, text: r.text });
    processed++;
  }
  const wasCancelled = cancelled.delete(id) && processed < total;
  postMessage({ id, type: 'done', cancelled: wasCancelled, processed, total });
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
  const mod = await xlsx;
  return mod.exportXlsx(outcomes);
}

self.onmessage = async (event) => {
  const msg = event.data;
  const { id } = msg;
  if (msg.type === 'cancel') {
    cancelled.add(msg.target);
    return;
  }
  try {
    await ready;
    if (msg.type === 'text') {
      // The page has the pasted text already: it is not sent back.
      const r = analyzePasted(msg.text, msg.source || 'pasted');
      postMessage({ id, type: 'result', index: 0, total: 1, outcome: r.outcome, outcomeJson: r.outcomeJson, textIsInput: r.text !== null });
      postMessage({ id, type: 'done', cancelled: false, processed: 1, total: 1 });
    } else if (msg.type === 'files') {
      await analyzeBatch(id, msg.files);
    } else if (msg.type === 'export') {
      postMessage({ id, type: 'export', data: exportTable(msg.outcomes, msg.table, msg.format) });
    } else if (msg.type === 'xlsx') {
      const data = await workbook(msg.outcomes);
      postMessage({ id, type: 'export', data }, [data.buffer]);
    } else {
      postMessage({ id, type: 'error', message: `unknown request ${msg.type}` });
    }
  } catch (err) {
    postMessage({ id, type: 'error', message: err && err.message ? err.message : String(err) });
  }
};
