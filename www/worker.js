// The analysis worker (a module worker): loads the WASM core once, then
// analyzes pasted text and files, and renders exports, off the main thread.
//
// Messages in:  { id, type: 'text', text, source }
//               { id, type: 'files', files: File[] }
//               { id, type: 'export', outcomes, table, format }
// Messages out: { type: 'ready', version, ms } | { type: 'fatal', message }
//               { id, type: 'result', index, total, outcome, text }   (one per input)
//               { id, type: 'done' } | { id, type: 'export', data } | { id, type: 'error', message }
//
// Files are read by an extractor chosen by file name; PDF text extraction
// (issue 4) plugs in as another entry of EXTRACTORS.

import init, { analyzeText, analyzeFile, tooLarge, version } from './pkg/imr_analyzer.js';
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
  return { outcome: analyzeText(text, source, LIMIT_BYTES), text };
}

/** An error result made here (codes as the command line uses them). */
function failed(source, code, message) {
  const analyzer = version();
  return { outcome: { schema: 'imr-letter/1', analyzer, source, error: { code, message } }, text: null };
}

const PDF_NOT_YET = 'PDFs are not read yet (PDF support is coming). Open the PDF, select all its text, copy it and paste it here, or use the letter\'s .txt file.';

const EXTRACTORS = [
  {
    name: 'pdf',
    matches: (file) => /\.pdf$/i.test(file.name) || file.type === 'application/pdf',
    // Issue 4 replaces this with pdf.js text extraction → analyzeText.
    // Until then a PDF gets the error the command line gives it (code damaged_pdf).
    read: async (file, source) => failed(source, 'damaged_pdf', PDF_NOT_YET),
  },
  {
    name: 'text',
    matches: () => true,
    read: async (file, source) => analyzeFile(new Uint8Array(await file.arrayBuffer()), source, LIMIT_BYTES),
  },
];

async function analyzeOne(file) {
  const source = file.webkitRelativePath || file.name || 'file';
  if (file.size > LIMIT_BYTES) return { outcome: tooLarge(source, file.size, LIMIT_BYTES), text: null };
  const extractor = EXTRACTORS.find((e) => e.matches(file));
  return extractor.read(file, source);
}

self.onmessage = async (event) => {
  const msg = event.data;
  const { id } = msg;
  try {
    await ready;
    if (msg.type === 'text') {
      const r = analyzePasted(msg.text, msg.source || 'pasted');
      postMessage({ id, type: 'result', index: 0, total: 1, outcome: r.outcome, text: r.text });
      postMessage({ id, type: 'done' });
    } else if (msg.type === 'files') {
      const total = msg.files.length;
      for (let index = 0; index < total; index++) {
        let r;
        try {
          r = await analyzeOne(msg.files[index]);
        } catch (err) {
          const source = msg.files[index].name;
          r = failed(source, 'empty', `This file could not be read: ${err && err.message ? err.message : err}`);
        }
        postMessage({ id, type: 'result', index, total, outcome: r.outcome, text: r.text });
      }
      postMessage({ id, type: 'done' });
    } else if (msg.type === 'export') {
      postMessage({ id, type: 'export', data: exportTable(msg.outcomes, msg.table, msg.format) });
    } else {
      postMessage({ id, type: 'error', message: `unknown request ${msg.type}` });
    }
  } catch (err) {
    postMessage({ id, type: 'error', message: err && err.message ? err.message : String(err) });
  }
};
