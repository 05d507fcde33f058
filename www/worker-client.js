// The one owner of the analysis worker (after Squoosh's worker bridge):
// a promise per request, an AbortSignal that really stops the work (the
// worker is terminated and a fresh one started), the worker stopped when idle
// and started again on demand, and errors that cross as typed objects.
//
// request(payload, { signal, onMessage }) posts { id, ...payload } and
// resolves with the request's last message ({ type: 'done' } or
// { type: 'reply', data }); every other message of the request goes to
// onMessage. It rejects with a WorkerError: code 'aborted' (the signal),
// 'crashed' (the worker died), 'restarted' (another request's abort
// stopped the worker this one ran on), or the worker's own code.

export class WorkerError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'WorkerError';
    this.code = code;
  }
}

/** An error as it crosses postMessage: { code, message } (the worker sends these). */
export function errorFromMessage(error) {
  return new WorkerError((error && error.code) || 'failed', (error && error.message) || String(error));
}

export function createWorkerClient({ idleMs = 60_000, onReady = () => {}, onFatal = () => {}, onState = () => {} } = {}) {
  let worker = null;
  let nextId = 1;
  let idleTimer = 0;
  let starts = 0;
  const pending = new Map(); // id → { resolve, reject, onMessage, cleanup }

  function start() {
    // The one place the worker starts (the offline build rewrites this expression).
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'imr-analyzer' });
    starts += 1;
    onState('starting', starts);
    const w = worker;
    w.onmessage = (event) => {
      if (w !== worker) return;
      const msg = event.data;
      if (msg.type === 'ready') {
        onState('ready', starts);
        onReady(msg);
        return;
      }
      if (msg.type === 'fatal') {
        onFatal(errorFromMessage(msg.error));
        failAll(errorFromMessage(msg.error));
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'done' || msg.type === 'reply') settle(msg.id, () => p.resolve(msg));
      else if (msg.type === 'error') settle(msg.id, () => p.reject(errorFromMessage(msg.error)));
      else p.onMessage(msg);
    };
    w.onerror = (event) => {
      if (w !== worker) return;
      event.preventDefault();
      const err = new WorkerError('crashed', `The analyzer stopped: ${event.message || 'unknown error'}`);
      stop();
      failAll(err);
    };
  }

  function stop() {
    clearTimeout(idleTimer);
    if (!worker) return;
    worker.terminate();
    worker = null;
    onState('stopped', starts);
  }

  function settle(id, fn) {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    p.cleanup();
    fn();
    armIdle();
  }

  function failAll(err) {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) {
      p.cleanup();
      p.reject(err);
    }
  }

  function armIdle() {
    clearTimeout(idleTimer);
    if (pending.size === 0 && worker) idleTimer = setTimeout(stop, idleMs);
  }

  function request(payload, { signal = null, onMessage = () => {}, transfer = [] } = {}) {
    if (signal && signal.aborted) return Promise.reject(new WorkerError('aborted', 'Cancelled.'));
    clearTimeout(idleTimer);
    if (!worker) start();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (!pending.has(id)) return;
        // Really stop the work: the worker goes, with whatever it was doing.
        const others = [...pending.entries()].filter(([k]) => k !== id);
        pending.clear();
        for (const [, p] of others) p.cleanup();
        stop();
        start();
        onAbort.cleanup();
        reject(new WorkerError('aborted', 'Cancelled.'));
        for (const [, p] of others) p.reject(new WorkerError('restarted', 'The analyzer was restarted by a cancel.'));
        armIdle();
      };
      onAbort.cleanup = () => signal && signal.removeEventListener('abort', onAbort);
      if (signal) signal.addEventListener('abort', onAbort);
      pending.set(id, { resolve, reject, onMessage, cleanup: onAbort.cleanup });
      worker.postMessage({ id, ...payload }, transfer);
    });
  }

  start();
  return {
    request,
    /** Start the worker now if it is not running (e.g. to be warm before a batch). */
    warm() {
      if (!worker) start();
      armIdle();
    },
    get running() {
      return Boolean(worker);
    },
    get starts() {
      return starts;
    },
  };
}
