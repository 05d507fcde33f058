#!/usr/bin/env node
// The page's OCR measured end to end (not a test): scans and images chosen in
// the served page, in headless Chromium, read by tesseract.js there; the
// analyses the page gives (its "Download JSON") written as JSONL for
// ../shared/eval/score.py, and each letter's OCR'd text as the page shows it
// (so that the command line can analyse those texts again, `--ocr-text`).
//
//   node scripts/ocr-page.mjs OUTDIR FILE_OR_FOLDER...
//     → OUTDIR/outcomes.jsonl, OUTDIR/texts/<source>.txt, and on stdout the
//       wall time, pages and seconds per page (the pool: one engine a core, up to 4)
//
// Example (the README's page figures):
//   node scripts/ocr-page.mjs /tmp/page-fax ../shared/letters/dwc-2016/fax
//   python3 ../shared/eval/score.py --gold ../shared/letters/dwc-2016/gold /tmp/page-fax/outcomes.jsonl
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/helpers.mjs';

const [outDir, ...inputs] = process.argv.slice(2);
if (!outDir || !inputs.length) {
  console.error('usage: node scripts/ocr-page.mjs OUTDIR FILE_OR_FOLDER...');
  process.exit(2);
}
const files = inputs.flatMap((p) => (statSync(p).isDirectory()
  ? readdirSync(p).filter((n) => /\.(pdf|png|jpe?g|tiff?)$/i.test(n)).sort().map((n) => resolve(p, n))
  : [resolve(p)]));
const pageCount = (f) => {
  if (!/\.pdf$/i.test(f)) return 1;
  try {
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))[1]);
  } catch {
    return NaN;
  }
};
const pages = files.reduce((n, f) => n + pageCount(f), 0);

mkdirSync(join(outDir, 'texts'), { recursive: true });
const server = await startServer({ port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'imr-ocr-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, acceptDownloads: true, viewport: { width: 1400, height: 900 } });
try {
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 30_000 });
  const t0 = Date.now();
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => document.getElementById('progress').dataset.state === 'done', null, { timeout: 3_600_000, polling: 1000 });
  const seconds = (Date.now() - t0) / 1000;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const outcomes = JSON.parse(readFileSync(await download.path(), 'utf8'));
  writeFileSync(join(outDir, 'outcomes.jsonl'), outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n');
  // Each letter's text as the page shows it (open the row, read the text pane).
  // (The table is virtual: scroll row i into the DOM first.)
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    if (o.error) continue;
    await page.evaluate(async (n) => {
      const t = document.getElementById('letters-table');
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (let guard = 0; guard < 200 && !t.querySelector(`tbody tr.r[data-row="${n}"]`); guard++) {
        t.closest('.table-wrap').scrollTop = Math.max(0, n * 45 - 90);
        await frame();
      }
      t.querySelector(`tbody tr.r[data-row="${n}"]`).click();
    }, i);
    await page.waitForFunction((src) => (document.getElementById('text-source').textContent || '').includes(src), o.source);
    const text = await page.$eval('#letter-text', (p) => p.textContent);
    writeFileSync(join(outDir, 'texts', `${o.source.replace(/[/#]/g, '_')}.txt`), text);
  }
  const errors = outcomes.filter((o) => o.error).map((o) => `${o.source}: ${o.error.code}`);
  console.log(JSON.stringify({ files: files.length, pages, seconds, secondsPerPage: +(seconds / pages).toFixed(2), cores: cpus().length, errors }, null, 1));
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
