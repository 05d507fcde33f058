// PDF → text for the analyzer, with pdf.js (pdfjs-dist, pinned in package-lock.json).
//
// Loading: pdf.js is NOT imported statically. `loadPdfjs()` does a dynamic
// import() of www/vendor/pdfjs/pdf.min.mjs (copied from
// node_modules/pdfjs-dist/build/ by scripts/build-wasm.sh, git-ignored), the
// first time a PDF arrives. pdf.js parses in its own module worker,
// www/vendor/pdfjs/pdf.worker.min.mjs, started from the analysis worker
// (PDFJS_WORKER below); without Worker (Node) pdf.js runs its "fake worker"
// in the same thread. Both are files of this origin: the CSP stays self-only,
// and pdf.js runs with isEvalSupported: false.
//
// Text assembly (what the analyzer and the highlighting get): for each page,
// the text items' `str` joined, '\n' after an item with `hasEOL`; each page
// ends with '\n' and a form feed '\f' separates pages (joinPages; the core
// treats form feeds as page breaks).
//
// The same module runs in Node (tests/browser/pdf-accuracy.test.mjs): pass
// the pdf.js library there (the legacy build) as `pdfjs`.

export const PDFJS_MODULE = new URL('./vendor/pdfjs/pdf.min.mjs', import.meta.url).href;
export const PDFJS_WORKER = new URL('./vendor/pdfjs/pdf.worker.min.mjs', import.meta.url).href;

let loading = null;
let sharedWorker = null;

/** pdf.js, imported on first use (browser). */
export function loadPdfjs() {
  if (!loading) {
    loading = import(PDFJS_MODULE).then((lib) => {
      lib.GlobalWorkerOptions.workerSrc = PDFJS_WORKER;
      return lib;
    });
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

/** One pdf.js worker for every PDF of the session (a real Worker where there is one). */
function pdfWorker(lib) {
  if (typeof Worker === 'undefined') return undefined;
  if (!sharedWorker || sharedWorker.destroyed) {
    const port = new Worker(PDFJS_WORKER, { type: 'module', name: 'pdfjs' });
    sharedWorker = new lib.PDFWorker({ port, name: 'pdfjs', verbosity: 0 });
  }
  return sharedWorker;
}

/** A PDF read failure with SCHEMA.md's code: no_text, password_pdf or damaged_pdf. */
export class PdfError extends Error {
  constructor(code, detail) {
    super(detail || code);
    this.code = code;
    this.detail = detail || '';
  }
}

/** The text of one page's getTextContent() items. */
export function pageText(items) {
  let s = '';
  for (const item of items) {
    if (typeof item.str !== 'string') continue; // marked-content entries
    s += item.str;
    if (item.hasEOL) s += '\n';
  }
  return s;
}

/**
 * The pages' texts as one text: each page ends its last line ('\n', added when
 * the page's last item had no end of line) and a form feed separates pages,
 * as pdftotext writes them. Without the '\n' the last word of a page and the
 * first of the next were glued ("Upheld\fClaims" shows as "UpheldClaims").
 */
export function joinPages(pages) {
  return pages.map((p) => (p === '' || p.endsWith('\n') ? p : `${p}\n`)).join('\f');
}

/**
 * The text of a PDF (bytes: Uint8Array or ArrayBuffer). Throws PdfError:
 * `password_pdf` (needs a password; the published letters' empty user
 * password opens by itself), `no_text` (no page has text: a scan),
 * `damaged_pdf` (anything else pdf.js cannot read).
 */
export async function extractPdfText(bytes, { pdfjs } = {}) {
  const lib = pdfjs || (await loadPdfjs());
  // A plain Uint8Array (pdf.js refuses Node's Buffer subclass).
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const task = lib.getDocument({
    data,
    worker: pdfWorker(lib),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = err && err.name;
    if (name === 'PasswordException') throw new PdfError('password_pdf', err.message);
    throw new PdfError('damaged_pdf', (err && err.message) || String(err));
  }
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items));
      page.cleanup();
    }
    const text = joinPages(pages);
    if (!text.trim()) throw new PdfError('no_text', '');
    return text;
  } catch (err) {
    if (err instanceof PdfError) throw err;
    throw new PdfError('damaged_pdf', (err && err.message) || String(err));
  } finally {
    await task.destroy().catch(() => {});
  }
}
