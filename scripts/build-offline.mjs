#!/usr/bin/env node
// Writes dist/imr-analyzer.html: the page as ONE self-contained file that works
// opened straight from disk (file://), with no server and no network.
//
//   node scripts/build-offline.mjs      (npm run build runs it after the WASM)
//
// What goes in, all from the built page (index.html, www/, www/pkg/):
// - the stylesheets, as one inline <style> (its hash in the CSP);
// - every JavaScript module the page can reach from its module scripts: static
//   imports, dynamic import('…') with a literal, new Worker(new URL('…',
//   import.meta.url)) and new URL('…', import.meta.url) assets (the WASM, pdf.js
//   and its worker). Each is stored in a non-executable data block
//   (<script type="application/x-imr-offline">, a JSON string, `<` escaped),
//   so nothing is parsed or run before it is needed;
// - one small inline module script, the loader (its hash in the CSP), which
//   turns stored modules into blob: module URLs on demand.
//
// Why a loader rather than one concatenated script: Chromium cannot start a
// *module* worker from a blob: URL in a file:// page, nor import from one a
// blob: URL made by the page. So the loader starts each worker as a classic
// blob: worker carrying the stored sources, which makes its own blob: module
// URLs inside the worker (that works) and imports the worker's entry module;
// messages that arrive before the module has run are held and replayed.
//
// Build-time rewrites of each module's text (plain string rewrites, no parser):
//   import.meta.url            → "imr-offline:/<path of the module>"
//   from './x.js'/import './x' → from "imr-static:<path>" (a blob: URL at run time)
//   import(…)                  → globalThis.__imrImport("<module url>", …)
//   new Worker(…)              → new globalThis.__imrWorker(…)
// At run time `fetch` answers imr-offline: URLs from the stored files (the WASM
// is stored as base64 and decoded to bytes: no request is made), so the
// wasm-bindgen glue's init(new URL('…_bg.wasm', import.meta.url)) just works.
//
// The Content-Security-Policy: default-src 'none'; scripts only the loader's
// hash, blob: (the modules and workers it makes) and 'wasm-unsafe-eval'; the
// style's hash; worker-src blob:; img-src data: (the favicon); connect-src
// 'none' — the file cannot reach any network at all.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'imr-analyzer.html');
export const OFFLINE_NOTE = 'Offline copy: works without a network.';

const MIME = {
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.css': 'text/css',
  '.txt': 'text/plain', '.bcmap': 'application/octet-stream', '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};
const isJs = (p) => /\.m?js$/i.test(p);
const TEXTUAL = new Set(['.json', '.svg', '.css', '.txt']);

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
/** A JSON string literal that cannot end a <script> element. */
const scriptSafeJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');
const escAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function fail(message) {
  throw new Error(`build-offline: ${message}`);
}

/** Resolve a relative reference from a module at `from` (a root-relative posix path). */
function resolveRef(from, spec) {
  if (!/^\.{1,2}\//.test(spec)) return null;
  const p = posix.normalize(posix.join(posix.dirname(from), spec.split(/[?#]/)[0]));
  if (p.startsWith('..')) fail(`${from} refers outside the project: ${spec}`);
  return p;
}

// Patterns over module text. Static import/export specifiers, dynamic imports,
// import.meta.url-relative URLs and Worker constructions.
const STATIC_FROM = /(\bfrom\s*)(['"])([^'"\n]+)\2/g;
const STATIC_BARE = /(\bimport\s*)(['"])([^'"\n]+)\2/g;
const DYNAMIC_LITERAL = /(?<![\w$.])import\s*\(\s*(['"])([^'"\n]+)\1/g;
const URL_META = /new\s+URL\(\s*(['"])([^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g;
// Any other literal relative path to a module or a WASM file (e.g. a constant
// later given to import()): included when the file exists.
const PATH_LITERAL = /(['"])(\.{1,2}\/[^'"\s]+\.(?:m?js|wasm))\1/g;
const DYNAMIC = /(?<![\w$.])import\s*\(/g;
const NEW_WORKER = /(?<![\w$.])new\s+Worker\s*\(/g;

/** Collect every file reachable from the entry modules; returns Map(path → record). */
function collect(entries) {
  const files = new Map();
  const queue = [...entries];
  while (queue.length) {
    const path = queue.shift();
    if (files.has(path)) continue;
    const full = join(ROOT, path);
    if (!existsSync(full)) fail(`${path} is referenced but missing (run npm run build first?)`);
    if (!isJs(path)) {
      const ext = extname(path).toLowerCase();
      const mime = MIME[ext] || 'application/octet-stream';
      const bytes = readFileSync(full);
      files.set(path, TEXTUAL.has(ext)
        ? { kind: 'text', mime, text: bytes.toString('utf8') }
        : { kind: 'b64', mime, text: bytes.toString('base64') });
      continue;
    }
    const source = readFileSync(full, 'utf8');
    const refs = [];
    for (const m of source.matchAll(STATIC_FROM)) refs.push([m[3], 'static']);
    for (const m of source.matchAll(STATIC_BARE)) refs.push([m[3], 'static']);
    for (const m of source.matchAll(DYNAMIC_LITERAL)) refs.push([m[2], 'dynamic']);
    for (const m of source.matchAll(URL_META)) refs.push([m[2], 'url']);
    for (const m of source.matchAll(PATH_LITERAL)) refs.push([m[2], 'literal']);
    for (const [spec, how] of refs) {
      const target = resolveRef(path, spec);
      if (target === null) {
        // A bare or absolute specifier cannot be inlined; in minified code this is
        // also what a `from"…"` inside other syntax looks like, so it is left
        // alone (a real bare import fails loudly in the browser, and the test).
        continue;
      }
      if (how === 'literal' && !existsSync(join(ROOT, target))) continue; // a string that only looks like a path
      queue.push(target);
    }
    files.set(path, { kind: 'js', mime: 'text/javascript', text: rewrite(path, source) });
  }
  return files;
}

/** The build-time rewrites of one module's text (see the top of this file). */
function rewrite(path, source) {
  const self = JSON.stringify(`imr-offline:/${path}`);
  const staticSpec = (whole, lead, q, spec) => {
    const target = resolveRef(path, spec);
    return target === null ? whole : `${lead}${JSON.stringify(`imr-static:${target}`)}`;
  };
  return source
    .replace(STATIC_FROM, staticSpec)
    .replace(STATIC_BARE, staticSpec)
    .replace(/import\.meta\.url/g, () => self)
    .replace(DYNAMIC, () => `globalThis.__imrImport(${self}, `)
    .replace(NEW_WORKER, () => 'new globalThis.__imrWorker(');
}

// The loader. Runs as the page's one inline module script and, stringified, at
// the start of every worker it makes. `stored` is null on the page (the files
// are read from the data blocks) and the files object in a worker.
function imrOffline(stored, entries, inWorker) {
  const PREFIX = 'imr-offline:/';
  const cache = new Map();
  let storedText = null;
  function read(path) {
    if (stored) return stored[path] || null;
    const el = document.querySelector(`script[type="application/x-imr-offline"][data-path="${CSS.escape(path)}"]`);
    if (!el) return null;
    return { kind: el.dataset.kind, mime: el.dataset.mime, text: JSON.parse(el.textContent) };
  }
  function allStoredText() {
    if (storedText) return storedText;
    if (stored) {
      storedText = JSON.stringify(stored);
    } else {
      const parts = [];
      for (const el of document.querySelectorAll('script[type="application/x-imr-offline"]')) {
        parts.push(`${JSON.stringify(el.dataset.path)}:{"kind":${JSON.stringify(el.dataset.kind)},"mime":${JSON.stringify(el.dataset.mime)},"text":${el.textContent}}`);
      }
      storedText = `{${parts.join(',')}}`;
    }
    return storedText;
  }
  function bytes(file) {
    if (file.kind !== 'b64') return new TextEncoder().encode(file.text);
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(file.text);
    const bin = atob(file.text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function moduleUrl(path, seen = []) {
    if (cache.has(path)) return cache.get(path);
    if (seen.includes(path)) throw new Error(`offline copy: import cycle ${[...seen, path].join(' → ')}`);
    const file = read(path);
    if (!file || file.kind !== 'js') throw new Error(`offline copy: no module ${path}`);
    const text = file.text.replace(/"imr-static:([^"]+)"/g, (_, dep) => JSON.stringify(moduleUrl(dep, [...seen, path])));
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    cache.set(path, url);
    return url;
  }
  function pathOf(ref) {
    let s = ref;
    if (typeof URL === 'function' && ref instanceof URL) s = ref.href;
    else if (typeof Request === 'function' && ref instanceof Request) s = ref.url;
    s = String(s);
    return s.startsWith(PREFIX) ? decodeURIComponent(s.slice(PREFIX.length)) : null;
  }
  globalThis.__imrImport = (base, spec, options) => {
    let url = spec;
    try { url = new URL(String(spec), base).href; } catch { /* not a URL: import as given */ }
    const path = pathOf(url);
    return path === null ? import(spec, options) : import(moduleUrl(path));
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    const path = pathOf(input);
    if (path === null) return realFetch.call(this, input, init);
    const file = read(path);
    if (!file) return Promise.reject(new TypeError(`offline copy: no file ${path}`));
    return Promise.resolve(new Response(bytes(file), { status: 200, headers: { 'Content-Type': file.mime } }));
  };
  const RealWorker = globalThis.Worker;
  globalThis.__imrWorker = function Worker(url, options) {
    const path = pathOf(url);
    if (path === null || !RealWorker) return new RealWorker(url, options);
    const boot = `(${imrOffline.toString()})(${allStoredText()}, ${JSON.stringify([path])}, true);`;
    const bootUrl = URL.createObjectURL(new Blob([boot], { type: 'text/javascript' }));
    return new RealWorker(bootUrl, { name: options && options.name });
  };
  if (inWorker) {
    // Hold messages until the worker's module has run, then replay them in order.
    const held = [];
    let running = false;
    const hold = (event) => {
      if (running) return;
      held.push(event);
      event.stopImmediatePropagation();
    };
    self.addEventListener('message', hold);
    import(moduleUrl(entries[0])).then(() => {
      running = true;
      self.removeEventListener('message', hold);
      for (const e of held) self.dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
    }, (err) => {
      setTimeout(() => { throw err; });
    });
    return;
  }
  document.documentElement.dataset.offline = 'true';
  (async () => {
    for (const entry of entries) await import(moduleUrl(entry));
  })().catch((err) => {
    const status = document.getElementById('status');
    if (status) {
      status.textContent = `The offline copy could not start: ${err && err.message ? err.message : err}`;
      status.dataset.state = 'error';
    }
    throw err;
  });
}

export function buildOffline({ out = OUT, log = true } = {}) {
  let html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const entries = [];
  const styles = [];

  // Module scripts → entries of the loader.
  html = html.replace(/<script\b([^>]*)>\s*<\/script>\s*\n?/gi, (whole, attrs) => {
    const src = /\bsrc="([^"]+)"/.exec(attrs);
    if (!src) fail('an inline <script> in index.html: not supported');
    if (!/\btype="module"/.test(attrs)) fail(`classic script ${src[1]}: not supported`);
    entries.push(posix.normalize(src[1].replace(/^\.?\//, '')));
    return '';
  });
  if (/<script\b/i.test(html)) fail('a <script> in index.html that is not an empty module script');
  if (!entries.length) fail('no module script in index.html');

  // Stylesheets → one inline style; the favicon → a data: URL.
  html = html.replace(/<link\b([^>]*)>\s*\n?/gi, (whole, attrs) => {
    const rel = (/\brel="([^"]+)"/.exec(attrs) || [])[1] || '';
    const href = (/\bhref="([^"]+)"/.exec(attrs) || [])[1];
    if (!href) return whole;
    const path = posix.normalize(href.replace(/^\.?\//, ''));
    if (/\bstylesheet\b/.test(rel)) {
      const css = readFileSync(join(ROOT, path), 'utf8');
      if (/url\(\s*['"]?(?!data:)/.test(css)) fail(`${path} uses url(…): not inlined`);
      styles.push(css);
      return '';
    }
    if (/\bicon\b/.test(rel)) {
      const mime = MIME[extname(path).toLowerCase()] || 'application/octet-stream';
      const data = readFileSync(join(ROOT, path)).toString('base64');
      return whole.replace(href, () => `data:${mime};base64,${data}`);
    }
    fail(`<link rel="${rel}" href="${href}">: not supported`);
    return whole;
  });

  const files = collect(entries);
  const style = `\n${styles.join('\n')}\n.offline-note { margin: 0.25rem 0 0; font-weight: 600; }\n`;
  const loader = `\n${imrOffline.toString()}\nimrOffline(null, ${JSON.stringify(entries)}, false);\n`;

  const csp = [
    "default-src 'none'",
    `script-src ${sha256(loader)} blob: 'wasm-unsafe-eval'`,
    `style-src ${sha256(style)}`,
    'worker-src blob:',
    'img-src data:',
    "connect-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  if (!/<meta http-equiv="Content-Security-Policy"[^>]*>/i.test(html)) fail('index.html has no CSP meta tag to replace');
  html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  html = html.replace(/<\/head>/i, () => `<style>${style}</style>\n<script type="module">${loader}</script>\n</head>`);

  // The visible offline line, under the title.
  const note = `<p class="offline-note" id="offline-note">${OFFLINE_NOTE}</p>`;
  if (/<\/h1>/i.test(html)) html = html.replace(/<\/h1>/i, () => `</h1>\n  ${note}`);
  else html = html.replace(/<body[^>]*>/i, (b) => `${b}\n${note}`);

  const blocks = [...files].map(([path, f]) => `<script type="application/x-imr-offline" data-path="${escAttr(path)}" data-kind="${f.kind}" data-mime="${escAttr(f.mime)}">${scriptSafeJson(f.text)}</script>`);
  html = html.replace(/<\/body>/i, () => `${blocks.join('\n')}\n</body>`);
  html = html.replace(/<title>([^<]*)<\/title>/i, '<title>$1 (offline copy)</title>');

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  if (log) {
    const list = [...files].map(([p, f]) => `${p} (${f.kind}, ${f.text.length} chars)`).join(', ');
    console.error(`[build-offline] ${out.slice(ROOT.length + 1)}: ${Buffer.byteLength(html)} bytes; ${files.size} files: ${list}`);
  }
  return { out, bytes: Buffer.byteLength(html), files: [...files.keys()], csp };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildOffline();
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
