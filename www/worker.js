// The analysis worker (a module worker): loads the WASM core, analyzes pasted
// text and files, makes the tables' rows and the Summary with the core, and
// renders exports, off the main thread. Only www/worker-client.js talks to it.
//
// Requests in (each with an `id`):
//   { type: 'columns' }                              → reply { letters, items, summary } (Column[] each),
//                                                      dimensions (DimensionLabel[]), reasons (ReasonLabel[])
//   { type: 'text', text, source }                   → result (one per letter the text holds), done
//   { type: 'files', files: [{ file, path }], contributions? } → progress, result…, summary…, done
//                                                       (contributions: the batch's earlier letters, when files are added;
//                                                       a .json file gives a result per saved outcome)
//   { type: 'letterText', outcome }                  → reply string (the letter as plain text, the core's)
//   { type: 'summary', contributions }               → reply string[][] (the Summary rows of the
//                                                       results' `contribution`s, concatenated)
//   { type: 'export', outcomes, table, format }      → reply string (every row, input order)
//   { type: 'exportRows', table, rows, format }      → reply string (the rows shown: their cells, as shown)
//   { type: 'xlsx', outcomes }                       → reply Uint8Array
// Messages out: { type: 'ready', version, ms } | { type: 'fatal', error }
//   { id, type: 'progress', index, total, name, page?, pages? }   (page: a scan's page being read by OCR, from 1)
//   { id, type: 'result', index, entry, total, outcomeJson, text | textIsInput, rows: { letters, items }, groups, contribution,
//     boxes?, pages? }   (an OCR'd letter: its words' boxes, the core's; its page images, [{ image: JPEG ArrayBuffer, width, height } | null])
//   { id, type: 'summary', rows }   (throttled while a batch runs, and once at its end)
//   { id, type: 'done', processed, total } | { id, type: 'reply', data } | { id, type: 'error', error: { code, message } }
// Stopping: the page terminates this worker (worker-client.js); there is no cancel message.
//
// Imports: the static imports below are all relative (a single-file build can
// inline them). Three modules are imported dynamically, on first use only:
//   ./pdf-text.js → ./vendor/pdfjs/pdf.min.mjs: when a PDF arrives;
//   ./ocr.js → ./vendor/tesseract/ (tesseract.js, its core, the English data):
//     when a scan or an image arrives (not in the offline single file);
//   ./pkg-xlsx/imr_analyzer_xlsx.js (+ _bg.wasm): on the first Excel download.

import init, * as core from './pkg/imr_analyzer.js';
import { LIMIT_BYTES } from './limits.js';

const t0 = performance.now();
const ready = init({ module_or_path: new URL('./pkg/imr_analyzer_bg.wasm', import.meta.url) });
ready.then(
  () => postMessage({ type: 'ready', version: core.version(), ms: performance.now() - t0 }),
  (err) => postMessage({ type: 'fatal', error: { code: 'start', message: `The analyzer could not start: ${err && err.message ? err.message : err}` } }),
);

// ---------------------------------------------------------------- analysis

const TABLES = ['letters', 'items', 'summary'];

/** UTF-8 length of a string without allocating when the answer is obvious. */
function utf8Length(text) {
  if (text.length * 3 <= LIMIT_BYTES) return text.length;
  if (text.length > LIMIT_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

// Each input goes to the core once (a PageRun call): it gives the outcome's
// JSON, its rows, its items' groups and its Summary contribution, and counts
// it in the run's Summary. r.text: the analysed text (null when none).

/**
 * Analyze a text: pasted (`textSource` 'text'), or a PDF's text layer ('pdf').
 * One result per letter it holds, each with its text (its own part when there are several).
 */
function analyzePasted(run, text, source, textSource = 'text') {
  const size = utf8Length(text);
  if (size > LIMIT_BYTES) return [{ ...run.addTooLarge(source, size, LIMIT_BYTES), text: null }];
  return run.analyzeText(text, source, LIMIT_BYTES, textSource).map((r) => ({ ...r, text: r.text === undefined ? text : r.text }));
}

function failed(run, source, code, detail = '') {
  return { ...run.addError(code, source, detail), text: null };
}

let pdfText = null;
function loadPdfText() {
  if (!pdfText) {
    pdfText = import('./pdf-text.js');
    pdfText.catch(() => {
      pdfText = null;
    });
  }
  return pdfText;
}

/** A PDF: its text layer; pages without text (a scan, a fax) are read by OCR. */
async function readPdf(run, file, source, progress) {
  let mod;
  try {
    mod = await loadPdfText();
  } catch (err) {
    return failed(run, source, 'damaged_pdf', `the PDF reader (pdf.js) could not be loaded: ${err && err.message ? err.message : err}`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = core.imageKind(bytes.subarray(0, 16));
  if (kind) return failed(run, source, 'damaged_image', `the file is a ${kind} image, not a PDF: rename it to .${kind === 'JPEG' ? 'jpg' : kind.toLowerCase()} to read it`);
  let pdf;
  try {
    pdf = await mod.openPdf(bytes);
  } catch (err) {
    if (err instanceof mod.PdfError) return failed(run, source, err.code, err.detail);
    return failed(run, source, 'damaged_pdf', err && err.message ? err.message : String(err));
  }
  try {
    const texts = await mod.pageTexts(pdf.doc);
    if (!texts.some(mod.isBlankPage)) return analyzePasted(run, mod.joinPages(texts), source, 'pdf');
    return await ocrPdf(run, mod, pdf.doc, texts, source, progress);
  } catch (err) {
    if (err instanceof mod.PdfError) return failed(run, source, err.code, err.detail);
    return failed(run, source, 'damaged_pdf', err && err.message ? err.message : String(err));
  } finally {
    await pdf.close();
  }
}

// ---------------------------------------------------------------- OCR

// The offline single file has no OCR (its engine and data are ~15 MB and run
// in workers of their own): it says so where a scan arrives.
const OFFLINE = import.meta.url.startsWith('imr-offline:');
const NO_OCR_OFFLINE = 'the offline copy of the page does not include OCR; open the served page (npm start) to read scans and images';

// Named by a computed string so that the offline build (scripts/build-offline.mjs,
// which inlines every module a literal names) leaves OCR out.
const OCR_MODULE = ['.', 'ocr.js'].join('/');
let ocr = null;
function loadOcr() {
  if (!ocr) {
    ocr = import(OCR_MODULE);
    ocr.catch(() => {
      ocr = null;
    });
  }
  return ocr;
}

/** The limits of OCR (the core's). */
let limits = null;

/**
 * Recognise pages with a bounded number in flight (the pool's size): `page(n)`
 * gives page n's bytes for the engine and its view image; `progress(n)`
 * before each. Returns [{ text, tsv, view }] in page order.
 */
async function recognisePages(mod, count, page, progress, dpi) {
  const out = new Array(count);
  const inFlight = new Set();
  for (let n = 0; n < count; n++) {
    progress(n);
    const { bytes, view } = await page(n);
    const job = (bytes ? mod.recognise(bytes, { dpi }) : Promise.resolve({ text: '', tsv: '' })).then((r) => {
      out[n] = { ...r, view };
    });
    const tracked = job.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= mod.poolSize()) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return out;
}

/** A scan's results: the core's analysis of the pages, each result with its page images. */
function scanResults(run, mod, pages, views, source) {
  return run.analyzeScan(pages, source, LIMIT_BYTES, mod.engineName()).map((r) => ({ ...r, pages: views }));
}

async function ocrUnavailable(run, source, err) {
  return failed(run, source, 'no_text', err && err.message ? err.message : String(err));
}

/** A PDF with pages without text: those pages rendered at the core's DPI and recognised; the others keep their text. */
async function ocrPdf(run, pdfMod, doc, texts, source, progress) {
  if (OFFLINE) return failed(run, source, 'no_text', NO_OCR_OFFLINE);
  limits = limits || core.scanLimits();
  const { width, height } = await pdfMod.largestPage(doc, limits.dpi);
  const refused = run.checkScan(source, doc.numPages, width, height);
  if (refused) return [{ ...refused, text: null }];
  let mod;
  try {
    mod = await loadOcr();
  } catch (err) {
    return ocrUnavailable(run, source, new Error(`the OCR engine could not be loaded: ${err && err.message ? err.message : err}`));
  }
  let read;
  try {
    read = await recognisePages(mod, doc.numPages, async (n) => {
      const canvas = await pdfMod.renderPage(doc, n + 1, limits.dpi, { smooth: pdfMod.isBlankPage(texts[n]) });
      const view = await mod.viewImage(canvas);
      const bytes = pdfMod.isBlankPage(texts[n]) ? mod.canvasToPgm(canvas) : null;
      canvas.width = 0;
      canvas.height = 0;
      return { bytes, view };
    }, (n) => progress(n + 1, doc.numPages), limits.dpi);
  } catch (err) {
    if (err instanceof mod.OcrUnavailable) return ocrUnavailable(run, source, err);
    throw err;
  }
  const pages = read.map((p, n) => (pdfMod.isBlankPage(texts[n]) ? { text: p.text, tsv: p.tsv } : { text: texts[n], recognised: false }));
  return scanResults(run, mod, pages, read.map((p) => p.view), source);
}

/** An image file (PNG, JPEG, TIFF): checked by the core before anything decodes it, then recognised. */
async function readImage(run, file, source, progress) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const refused = run.checkImage(bytes, source);
  if (refused) return [{ ...refused, text: null }];
  if (OFFLINE) return failed(run, source, 'no_text', NO_OCR_OFFLINE);
  let mod;
  try {
    mod = await loadOcr();
  } catch (err) {
    return ocrUnavailable(run, source, new Error(`the OCR engine could not be loaded: ${err && err.message ? err.message : err}`));
  }
  progress(1, 1);
  // The page image for the panel: what the browser can decode (a TIFF it cannot: text only).
  let view = null;
  try {
    const bitmap = await createImageBitmap(new Blob([bytes]));
    view = await mod.viewImage(bitmap);
    bitmap.close();
  } catch {
    view = null;
  }
  let read;
  try {
    read = await mod.recognise(bytes);
  } catch (err) {
    if (err instanceof mod.OcrUnavailable) return ocrUnavailable(run, source, err);
    return failed(run, source, 'damaged_image', `the image could not be decoded: ${err && err.message ? err.message : err}`);
  }
  return scanResults(run, mod, [read], [view], source);
}

/**
 * A JSON downloaded from the page (its outcomes, an array) or one letter's
 * copied JSON (one outcome), read back by the core: one result each, without text.
 */
async function readSaved(run, file, source) {
  let value;
  try {
    value = JSON.parse(await file.text());
  } catch (err) {
    return failed(run, source, 'unreadable', `not a saved analysis: the file is not JSON (${err.message})`);
  }
  const list = Array.isArray(value) ? value : [value];
  const results = [];
  for (let i = 0; i < list.length; i++) {
    try {
      results.push({ ...run.addSaved(list[i]), text: null });
    } catch (err) {
      results.push(failed(run, list.length > 1 ? `${source} #${i + 1}` : source, 'unreadable', err && err.message ? err.message : String(err)));
    }
  }
  return results.length ? results : failed(run, source, 'unreadable', 'not a saved analysis: the JSON array is empty');
}

const EXTRACTORS = [
  { name: 'json', matches: (file) => /\.json$/i.test(file.name) || file.type === 'application/json', read: readSaved },
  { name: 'pdf', matches: (file) => /\.pdf$/i.test(file.name) || file.type === 'application/pdf', read: readPdf },
  { name: 'image', matches: (file) => core.isImageName(file.name) || /^image\/(png|jpeg|tiff)$/.test(file.type), read: readImage },
  { name: 'text', matches: () => true, read: async (run, file, source) => run.analyzeFile(new Uint8Array(await file.arrayBuffer()), source, LIMIT_BYTES) },
];

async function analyzeOne(run, file, source, progress = () => {}) {
  const extractor = EXTRACTORS.find((e) => e.matches(file));
  // The limit is a letter's: a saved JSON holds many analyses.
  if (file.size > LIMIT_BYTES && extractor.name !== 'json') return { ...run.addTooLarge(source, file.size, LIMIT_BYTES), text: null };
  try {
    return await extractor.read(run, file, source, progress);
  } catch (err) {
    // The file's bytes could not be read (the core was not reached).
    return failed(run, source, 'unreadable', `${err && err.message ? err.message : err}`);
  }
}

/** One result message: the outcome's JSON, its rows, item groups and Summary contribution (`entry`: the file it came from). */
function result(id, index, total, r, entry = index) {
  return {
    id, type: 'result', index, entry, total, outcomeJson: r.outcomeJson, text: r.text === undefined ? null : r.text,
    rows: { letters: r.letterRows, items: r.itemRows }, groups: r.itemGroups, contribution: r.contribution,
    ...(r.boxes ? { boxes: r.boxes, pages: r.pages || [] } : {}),
  };
}

const SUMMARY_EVERY_MS = 250;

/** `contributions`: the letters already in the batch (files added to it), counted in its Summary. */
async function analyzeBatch(id, entries, contributions = '') {
  const total = entries.length;
  const run = new core.PageRun();
  if (contributions) run.addContributions(contributions);
  let lastSummary = 0;
  let next = 0;
  for (let index = 0; index < total; index++) {
    const { file, path } = entries[index];
    const source = path || file.name || 'file';
    postMessage({ id, type: 'progress', index, total, name: source });
    const progress = (page, pages) => postMessage({ id, type: 'progress', index, total, name: source, page, pages });
    for (const r of [].concat(await analyzeOne(run, file, source, progress))) postMessage(result(id, next++, total, r, index));
    if (performance.now() - lastSummary > SUMMARY_EVERY_MS) {
      lastSummary = performance.now();
      postMessage({ id, type: 'summary', rows: run.summaryRows() });
    }
  }
  postMessage({ id, type: 'summary', rows: run.summaryRows() });
  run.free();
  postMessage({ id, type: 'done', processed: total, total });
}

/** The Summary rows of letters given by their contributions (concatenated). */
function summaryRows(contributions) {
  const summary = new core.SummaryBuilder();
  try {
    summary.addContributions(contributions);
    return summary.rows();
  } finally {
    summary.free();
  }
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
      // The words the page shows for the core's codes come with the columns: the Summary's dimensions, the reasons.
      const data = Object.fromEntries(TABLES.map((t) => [t, core.tableColumns(t)]));
      const imageExtensions = core.scanLimits().imageExtensions;
      postMessage({ id, type: 'reply', data: { ...data, dimensions: core.summaryDimensions(), reasons: core.reasonLabels(), imageExtensions } });
    } else if (msg.type === 'text') {
      // The page has the pasted text already: it is not sent back.
      const run = new core.PageRun();
      const results = analyzePasted(run, msg.text, msg.source || 'pasted');
      results.forEach((r, i) => {
        // One letter: the page has its text already. Several: each its own part.
        const whole = results.length === 1 && r.text === msg.text;
        const out = result(id, i, 1, { ...r, text: whole ? null : r.text }, 0);
        out.textIsInput = whole;
        postMessage(out);
      });
      postMessage({ id, type: 'summary', rows: run.summaryRows() });
      run.free();
      postMessage({ id, type: 'done', processed: 1, total: 1 });
    } else if (msg.type === 'files') {
      await analyzeBatch(id, msg.files, msg.contributions);
    } else if (msg.type === 'summary') {
      postMessage({ id, type: 'reply', data: summaryRows(msg.contributions) });
    } else if (msg.type === 'export') {
      postMessage({ id, type: 'reply', data: core.exportTable(msg.outcomes, msg.table, msg.format) });
    } else if (msg.type === 'letterText') {
      postMessage({ id, type: 'reply', data: core.letterText(msg.outcome) });
    } else if (msg.type === 'exportRows') {
      postMessage({ id, type: 'reply', data: core.exportRows(msg.table, msg.rows, msg.format) });
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
