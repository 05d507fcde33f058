// The worker client (www/worker-client.js) against a fake Worker: a promise per
// request, messages in between, typed errors, an abort that terminates the
// worker and starts a fresh one, and the worker stopped when idle.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const workers = [];
class FakeWorker {
  constructor(url, opts) {
    this.url = String(url);
    this.opts = opts;
    this.posted = [];
    this.terminated = false;
    workers.push(this);
    setTimeout(() => this.emit({ type: 'ready', version: 'test' }), 0);
  }
  postMessage(msg) {
    this.posted.push(msg);
  }
  emit(data) {
    if (!this.terminated && this.onmessage) this.onmessage({ data });
  }
  terminate() {
    this.terminated = true;
  }
}
globalThis.Worker = FakeWorker;
const { createWorkerClient, WorkerError } = await import('../../www/worker-client.js');

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

test('a module worker from worker.js; each request resolves with its own last message, others go to onMessage', async () => {
  workers.length = 0;
  const states = [];
  let ready = 0;
  const client = createWorkerClient({ idleMs: 10_000, onReady: () => ready++, onState: (s) => states.push(s) });
  assert.equal(workers.length, 1);
  assert.match(workers[0].url, /\/worker\.js$/);
  assert.equal(workers[0].opts.type, 'module');
  const seen = [];
  const a = client.request({ type: 'files', files: [] }, { onMessage: (m) => seen.push(m.type) });
  const b = client.request({ type: 'columns' });
  const [pa, pb] = workers[0].posted;
  assert.equal(pa.type, 'files');
  assert.notEqual(pa.id, pb.id);
  workers[0].emit({ id: pb.id, type: 'reply', data: { letters: [] } });
  workers[0].emit({ id: pa.id, type: 'progress', index: 0 });
  workers[0].emit({ id: pa.id, type: 'result', index: 0 });
  workers[0].emit({ id: pa.id, type: 'done' });
  assert.deepEqual((await b).data, { letters: [] });
  assert.equal((await a).type, 'done');
  assert.deepEqual(seen, ['progress', 'result']);
  await tick();
  assert.equal(ready, 1);
  assert.deepEqual(states, ['starting', 'ready']);
});

test('errors cross as typed objects', async () => {
  workers.length = 0;
  const client = createWorkerClient({ idleMs: 10_000 });
  const p = client.request({ type: 'export' });
  workers[0].emit({ id: workers[0].posted[0].id, type: 'error', error: { code: 'failed', message: 'no such table' } });
  await assert.rejects(p, (e) => e instanceof WorkerError && e.code === 'failed' && e.message === 'no such table');
});

test('abort terminates the busy worker, rejects its request (aborted) and the others (restarted), and starts a fresh worker', async () => {
  workers.length = 0;
  const client = createWorkerClient({ idleMs: 10_000 });
  const ctl = new AbortController();
  const long = client.request({ type: 'files' }, { signal: ctl.signal });
  const other = client.request({ type: 'export' });
  ctl.abort();
  await assert.rejects(long, (e) => e.code === 'aborted');
  await assert.rejects(other, (e) => e.code === 'restarted');
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2, 'a fresh worker');
  assert.equal(client.starts, 2);
  // A late message of the old worker changes nothing; the new one answers.
  const next = client.request({ type: 'columns' });
  workers[1].emit({ id: workers[1].posted[0].id, type: 'reply', data: 1 });
  assert.equal((await next).data, 1);
  // An already aborted signal never posts.
  await assert.rejects(client.request({ type: 'x' }, { signal: AbortSignal.abort() }), (e) => e.code === 'aborted');
  assert.equal(workers[1].posted.length, 1);
});

test('idle: the worker stops after idleMs without requests and starts again on demand', async () => {
  workers.length = 0;
  const states = [];
  const client = createWorkerClient({ idleMs: 30, onState: (s) => states.push(s) });
  const p = client.request({ type: 'columns' });
  await tick(60);
  assert.equal(workers[0].terminated, false, 'not while a request is pending');
  workers[0].emit({ id: workers[0].posted[0].id, type: 'reply', data: null });
  await p;
  await tick(80);
  assert.equal(workers[0].terminated, true);
  assert.equal(client.running, false);
  const again = client.request({ type: 'columns' });
  assert.equal(workers.length, 2);
  workers[1].emit({ id: workers[1].posted[0].id, type: 'reply', data: 2 });
  assert.equal((await again).data, 2);
  assert.ok(states.includes('stopped'));
  await tick(80); // let the idle timer stop it again so that the test ends cleanly
});

test('a crash rejects every pending request (crashed)', async () => {
  workers.length = 0;
  const client = createWorkerClient({ idleMs: 10_000 });
  const p = client.request({ type: 'files' });
  workers[0].onerror({ message: 'boom', preventDefault() {} });
  await assert.rejects(p, (e) => e.code === 'crashed' && /boom/.test(e.message));
});
