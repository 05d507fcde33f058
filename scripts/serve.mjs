// A tiny static file server for the page: 127.0.0.1 only, GET/HEAD only,
// only index.html and www/ (nothing else of the project is reachable).
// PORT defaults to 8080. `startServer` is used by the browser tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// The same policy as index.html's meta tag, also sent as a header so that it
// covers the Web Worker (a worker takes its policy from its own response).
export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
  + "style-src 'self'; img-src 'self'; manifest-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function resolvePath(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (p === '/' || p === '/index.html') return join(ROOT, 'index.html');
  if (!p.startsWith('/www/') || p.includes('\0')) return null;
  const full = normalize(join(ROOT, p));
  if (!full.startsWith(join(ROOT, 'www') + sep)) return null;
  return full;
}

export function startServer({ port = 8080, host = '127.0.0.1', log = false } = {}) {
  const server = createServer(async (req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, {
        'Content-Type': type,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CSP,
        'Referrer-Policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (log) console.log(`${req.method} ${req.url}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(405, 'Method not allowed\n');
    }
    const url = new URL(req.url, 'http://localhost');
    const file = resolvePath(url.pathname);
    if (!file) return send(404, 'Not found\n');
    try {
      const info = await stat(file);
      if (!info.isFile()) return send(404, 'Not found\n');
      const body = await readFile(file);
      send(200, body, TYPES[extname(file).toLowerCase()] || 'application/octet-stream');
    } catch {
      send(404, 'Not found\n');
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveStart(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 8080);
  startServer({ port, log: !!process.env.LOG }).then(
    (server) => {
      const { port: p } = server.address();
      console.log(`imr-analyzer page: http://127.0.0.1:${p}/  (Ctrl+C to stop)`);
    },
    (err) => {
      console.error(`Cannot serve on 127.0.0.1:${port}: ${err.message}${err.code === 'EADDRINUSE' ? ' (set PORT to another port)' : ''}`);
      process.exit(1);
    },
  );
}
