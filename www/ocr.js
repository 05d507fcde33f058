// OCR in the page: scans (PDF pages without text) and image files read by
// Tesseract compiled to WebAssembly (tesseract.js, its cores and the English
// data, copied to www/vendor/tesseract/ by scripts/build-wasm.sh from the
// pinned npm packages). Imported by www/worker.js only when the first scan
// or image arrives; every file comes from the page's own origin.
//
// The engine runs in a pool of tesseract.js workers (nested in the analysis
// worker, so Cancel, which terminates that worker, stops them mid-page), one
// a core up to POOL_MAX; pages of a scan are recognised in parallel. Each
// page gives tesseract.js' text and TSV (words, confidences, boxes): the core
// reads them (PageRun.analyzeScan), as it reads the command line's.

const BASE = new URL('./vendor/tesseract/', import.meta.url);
const POOL_MAX = 4;
/** Tesseract's page segmentation mode for letters (4: a single column of text of variable sizes). */
export const PSM = '4';

/** How many engines: the machine's cores, at most POOL_MAX (each holds ~40 MB). */
export function poolSize() {
  const cores = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2;
  return Math.max(1, Math.min(POOL_MAX, cores));
}

let pool = null;

/** An error of the engine itself (it could not load), not of a page. */
export class OcrUnavailable extends Error {}

async function startPool() {
  let lib;
  try {
    lib = await import(new URL('tesseract.esm.min.js', BASE).href);
  } catch (err) {
    throw new OcrUnavailable(`the OCR engine (tesseract.js) could not be loaded: ${err && err.message ? err.message : err}`);
  }
  const T = lib.default || lib;
  const scheduler = T.createScheduler();
  const options = {
    workerPath: new URL('worker.min.js', BASE).href,
    corePath: new URL('core/', BASE).href,
    langPath: new URL('lang/', BASE).href.replace(/\/$/, ''),
    gzip: true,
    cacheMethod: 'none', // the data is the page's own file; nothing is stored
    workerBlobURL: false, // the policy allows workers of this origin only
    logger: () => {},
    errorHandler: () => {},
  };
  const make = async () => {
    const w = await T.createWorker('eng', 1 /* LSTM only */, options);
    // One column of text (PSM 4): a letter's lines in reading order. With
    // automatic segmentation (PSM 3, the command line's) this engine split
    // fax pages into blocks read out of order, and lost decision lines
    // (README, "Scans and faxes, the page").
    await w.setParameters({ tessedit_pageseg_mode: PSM, preserve_interword_spaces: '0' });
    scheduler.addWorker(w);
    return w;
  };
  try {
    await make();
  } catch (err) {
    throw new OcrUnavailable(`the OCR engine (tesseract.js) could not start: ${err && err.message ? err.message : err}`);
  }
  // The others start while the first works.
  for (let i = 1; i < poolSize(); i++) make().catch(() => {});
  return scheduler;
}

function engine() {
  if (!pool) {
    pool = startPool();
    pool.catch(() => {
      pool = null;
    });
  }
  return pool;
}

/** tesseract's version as its engine reports it, for the analysis' `ocr.engine`. */
let engineVersion = '';
export function engineName() {
  return `tesseract.js${engineVersion ? ` (tesseract ${engineVersion})` : ''}`;
}

/**
 * Recognise one image (encoded bytes: PNG, JPEG, TIFF or PGM): `{ text, tsv }`.
 * `dpi`: the resolution a page was rendered at (a PGM carries none; an image
 * file's own, when it has one, is used otherwise).
 */
export async function recognise(bytes, { dpi = 0 } = {}) {
  const scheduler = await engine();
  const params = dpi ? { user_defined_dpi: String(dpi) } : {};
  const { data } = await scheduler.addJob('recognize', bytes, params, { text: true, tsv: true });
  if (data.version) engineVersion = data.version;
  return { text: data.text || '', tsv: data.tsv || '' };
}

/**
 * A canvas' pixels as a greyscale PGM (what Leptonica reads without a PNG
 * encoder's cost): "P5 w h 255" then one byte a pixel.
 */
export function canvasToPgm(canvas) {
  const { width, height } = canvas;
  const rgba = canvas.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, width, height).data;
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height);
  out.set(header);
  for (let i = 0, j = header.length; i < rgba.length; i += 4, j++) {
    out[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
  }
  return out;
}

/** The width of a page image kept for the letter panel (about 110 dpi on a letter page). */
export const VIEW_WIDTH = 940;

/**
 * A small JPEG of a page for the letter panel: `{ image: ArrayBuffer, width, height }`
 * (the image's own size; word boxes are fractions of it). `source`: a canvas or an ImageBitmap.
 */
export async function viewImage(source) {
  const scale = Math.min(1, VIEW_WIDTH / source.width);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(source, 0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.72 });
  return { image: await blob.arrayBuffer(), width, height };
}
