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

/** A canvas factory for pdf.js where there is no document (a worker): OffscreenCanvas. */
class OffscreenCanvasFactory {
  create(width, height) {
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }

  reset(pair, width, height) {
    pair.canvas.width = width;
    pair.canvas.height = height;
  }

  destroy(pair) {
    pair.canvas.width = 0;
    pair.canvas.height = 0;
    pair.canvas = null;
    pair.context = null;
  }
}

/**
 * Open a PDF (bytes: Uint8Array or ArrayBuffer): `{ doc, close }`. Throws
 * PdfError `password_pdf` (needs a password; the published letters' empty
 * user password opens by itself) or `damaged_pdf`.
 */
export async function openPdf(bytes, { pdfjs } = {}) {
  const lib = pdfjs || (await loadPdfjs());
  // A plain Uint8Array (pdf.js refuses Node's Buffer subclass).
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inWorker = typeof document === 'undefined' && typeof OffscreenCanvas !== 'undefined';
  const task = lib.getDocument({
    data,
    worker: pdfWorker(lib),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(inWorker ? { CanvasFactory: OffscreenCanvasFactory } : {}),
  });
  const close = () => task.destroy().catch(() => {});
  try {
    return { doc: await task.promise, close };
  } catch (err) {
    await close();
    const name = err && err.name;
    if (name === 'PasswordException') throw new PdfError('password_pdf', err.message);
    throw new PdfError('damaged_pdf', (err && err.message) || String(err));
  }
}

/** Each page's text (pageText), in order; `damaged_pdf` when a page cannot be read. */
export async function pageTexts(doc) {
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items));
      page.cleanup();
    }
    return pages;
  } catch (err) {
    throw new PdfError('damaged_pdf', (err && err.message) || String(err));
  }
}

/** Whether a page's text layer holds no text (a scanned page). */
export function isBlankPage(text) {
  return !/\S/.test(text);
}

/**
 * The blur (in pixels at 300 dpi) that smooths an enlarged page image for OCR.
 * Measured on the first 20 faxes of ../shared/letters (scripts/ocr-page.mjs):
 * none → 0.8 px: decisions 94% → 100%, dates of injury 85% → 100%; 1.0 px the
 * same as 0.8 (README, "Scans and faxes, the page").
 */
export const SMOOTH_PX = 0.8;

/**
 * Whether a rendered page is black and white (a fax, a bi-level scan): of
 * about 20,000 pixels sampled in a grid, at most 1% neither black nor white.
 */
export function isBilevel(context, width, height) {
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 20_000)));
  let grey = 0;
  let seen = 0;
  for (let y = 0; y < height; y += step) {
    const row = context.getImageData(0, y, width, 1).data;
    for (let x = 0; x < width; x += step) {
      const v = row[x * 4];
      if (v > 16 && v < 240) grey++;
      seen++;
    }
  }
  return seen > 0 && grey <= seen / 100;
}

/**
 * Page `n` (from 1) of an open PDF drawn at `dpi` on an OffscreenCanvas
 * (a worker's; the page's white paper under it); `smooth`: for OCR, a
 * black-and-white page is smoothed (SMOOTH_PX).
 */
export async function renderPage(doc, n, dpi, { smooth = false } = {}) {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = new OffscreenCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport, background: '#fff' }).promise;
    if (!smooth || !isBilevel(context, canvas.width, canvas.height)) return canvas;
    // pdf.js enlarges a page's image without smoothing (each pixel repeated):
    // a fax's black-and-white pixels become jagged steps that Tesseract misreads
    // (`2016` as `2018`). A slight blur gives the soft edges a renderer that
    // smooths (pdftoppm, what the command line OCRs) gives. A grey scan has
    // soft edges already (and loses a little by the blur: README).
    const out = new OffscreenCanvas(canvas.width, canvas.height);
    const o = out.getContext('2d', { willReadFrequently: true });
    o.fillStyle = '#fff';
    o.fillRect(0, 0, out.width, out.height);
    o.filter = `blur(${SMOOTH_PX}px)`;
    o.drawImage(canvas, 0, 0);
    canvas.width = 0;
    canvas.height = 0;
    return out;
  } finally {
    page.cleanup();
  }
}

/** The size in pixels of the largest page of an open PDF drawn at `dpi` (a scan's check before rendering). */
export async function largestPage(doc, dpi) {
  let width = 0;
  let height = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const v = page.getViewport({ scale: dpi / 72 });
    if (v.width * v.height > width * height) [width, height] = [Math.ceil(v.width), Math.ceil(v.height)];
  }
  return { width, height };
}

/**
 * The text of a PDF (bytes: Uint8Array or ArrayBuffer). Throws PdfError:
 * `password_pdf`, `damaged_pdf` (openPdf), `no_text` (no page has text: a scan).
 */
export async function extractPdfText(bytes, { pdfjs } = {}) {
  const { doc, close } = await openPdf(bytes, { pdfjs });
  try {
    const text = joinPages(await pageTexts(doc));
    if (!text.trim()) throw new PdfError('no_text', '');
    return text;
  } finally {
    await close();
  }
}
