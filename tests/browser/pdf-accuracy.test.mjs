// The page's own PDF path, in Node: www/pdf-text.js (with pdf.js's legacy
// build) extracts the text of every development PDF, the WASM core of
// www/pkg analyzes it, and ../shared/eval/score.py scores the analyses
// against the gold files. Needs ../shared (a failure on CI, a skip elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, OUT } from './helpers.mjs';
import { extractPdfText, PdfError } from '../../www/pdf-text.js';

const SHARED = resolve(ROOT, '../shared');
const PDFS = join(SHARED, 'letters/dwc-2016/pdf');
const GOLD = join(SHARED, 'letters/dwc-2016/gold');
const SCORE = join(SHARED, 'eval/score.py');
const FIXTURES = join(ROOT, 'tests/browser/fixtures');

function sharedSkip() {
  if (existsSync(PDFS) && existsSync(SCORE)) return false;
  const msg = `../shared (letters/dwc-2016/pdf and eval/score.py) is missing beside the checkout (looked in ${SHARED})`;
  if (process.env.CI === 'true') throw new Error(msg);
  return msg;
}
const skip = sharedSkip();
if (skip) console.log(`# SKIP: ${skip}`);

async function core() {
  const pkg = await import('../../www/pkg/imr_analyzer.js');
  pkg.initSync({ module: readFileSync(join(ROOT, 'www/pkg/imr_analyzer_bg.wasm')) });
  return pkg;
}
const pdfjs = () => import('pdfjs-dist/legacy/build/pdf.mjs');

test('every development PDF through the page\'s PDF path scores: fields ≥ 99%, decisions and item precision 100%', { skip }, async () => {
  const { analyzeText } = await core();
  const lib = await pdfjs();
  const names = readdirSync(PDFS).filter((n) => n.endsWith('.pdf')).sort();
  assert.equal(names.length, 62);
  const t0 = performance.now();
  const lines = [];
  for (const name of names) {
    const text = await extractPdfText(readFileSync(join(PDFS, name)), { pdfjs: lib });
    assert.ok(text.includes('\f') || !/Page 2/.test(text), `${name}: pages are separated by form feeds`);
    const outcome = analyzeText(text, name, 20_000_000);
    assert.ok(!outcome.error, `${name}: ${outcome.error && outcome.error.message}`);
    lines.push(JSON.stringify(outcome));
  }
  const ms = performance.now() - t0;
  const tmp = mkdtempSync(join(tmpdir(), 'imr-pdf-'));
  try {
    const pred = join(tmp, 'pred.jsonl');
    writeFileSync(pred, `${lines.join('\n')}\n`);
    writeFileSync(join(OUT, 'pdf-page-path.jsonl'), `${lines.join('\n')}\n`);
    const out = execFileSync('python3', [SCORE, '--gold', GOLD, pred], { encoding: 'utf8' });
    const summary = out.trim().split('\n').pop();
    console.log(`# ${summary} (62 PDFs extracted and analyzed in ${(ms / 1000).toFixed(2)} s, ${(62000 / ms).toFixed(1)} PDFs/s in Node)`);
    const m = summary.match(/fields ([\d.]+)% \| decisions ([\d.]+)% \| item precision ([\d.]+)%/);
    assert.ok(m, `score.py said: ${out}`);
    assert.ok(Number(m[1]) >= 99, `field accuracy ${m[1]}%:\n${out}`);
    assert.equal(Number(m[2]), 100, `decisions ${m[2]}%`);
    assert.equal(Number(m[3]), 100, `item precision ${m[3]}%`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('the PDF path\'s own errors: scan → no_text, password → password_pdf, truncated → damaged_pdf; empty user password opens', async () => {
  const { errorObject } = await core();
  const lib = await pdfjs();
  const code = async (file) => {
    try {
      await extractPdfText(readFileSync(join(FIXTURES, file)), { pdfjs: lib });
      return 'ok';
    } catch (err) {
      assert.ok(err instanceof PdfError, `${file}: ${err}`);
      const o = errorObject(err.code, file, err.detail);
      assert.equal(o.error.code, err.code);
      assert.ok(o.error.message.length > 10);
      return err.code;
    }
  };
  assert.equal(await code('scan.pdf'), 'no_text');
  assert.equal(await code('../../fixtures/pdf/password.pdf'), 'password_pdf');
  assert.equal(await code('broken.pdf'), 'damaged_pdf');
  assert.equal(await code('not-a-pdf.pdf'), 'damaged_pdf');
  const text = await extractPdfText(readFileSync(join(ROOT, 'tests/fixtures/pdf/letter-a-empty-password.pdf')), { pdfjs: lib });
  assert.match(text, /Case Number/);
});

test('the command line (pdftotext) and the page (pdf.js) give every development PDF the same analysis, spans aside', { skip }, async () => {
  const { analyzeText } = await core();
  const lib = await pdfjs();
  let bin = join(ROOT, 'target/debug/imr-analyzer');
  if (!existsSync(bin)) {
    execFileSync('cargo', ['build', '--quiet', '--bin', 'imr-analyzer'], { cwd: ROOT, stdio: 'inherit' });
  }
  const names = readdirSync(PDFS).filter((n) => n.endsWith('.pdf')).sort();
  const cli = execFileSync(bin, ['--format', 'jsonl', ...names.map((n) => join(PDFS, n))], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(cli.length, names.length);
  const strip = ({ spans, ...rest }) => rest;
  const differences = [];
  for (const [i, name] of names.entries()) {
    const text = await extractPdfText(readFileSync(join(PDFS, name)), { pdfjs: lib });
    // As the page's worker reads a PDF's text: its text_source is pdf, as the command line's.
    const page = analyzeText(text, name, 20_000_000, 'pdf');
    assert.ok(!cli[i].error, `${name}: the command line said ${cli[i].error && cli[i].error.message}`);
    assert.equal(cli[i].source, name);
    try {
      assert.deepEqual(strip(cli[i]), strip(page));
    } catch (err) {
      differences.push(`${name}: ${err.message.split('\n').slice(0, 12).join('\n')}`);
    }
  }
  assert.deepEqual(differences, [], differences.join('\n\n'));
});
