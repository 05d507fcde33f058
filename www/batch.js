// One run of the analyzer: pasted text or a batch of files. It owns the
// run's data (rows.js), the progress bar and Cancel, and streams results to
// the page at most five times a second. Cancel aborts the request: the
// worker client terminates the worker (whatever it was reading stops at once)
// and starts a fresh one.

import { $ } from './dom.js';
import { createRunData } from './rows.js';

/** Pasted text above this size shows progress and Cancel too. */
const LONG_TEXT = 2_000_000;
const FLUSH_MS = 200;

export function createRunner({ client, onStart, onFlush, onFinish, onFail }) {
  let data = createRunData();
  let current = null; // { id, controller, batch }
  let runs = 0;

  let flushTimer = 0;
  let lastFlush = 0;
  function scheduleFlush() {
    if (flushTimer) return;
    const wait = Math.max(0, FLUSH_MS - (performance.now() - lastFlush));
    flushTimer = setTimeout(() => requestAnimationFrame(() => {
      flushTimer = 0;
      lastFlush = performance.now();
      updateProgress();
      onFlush(data);
    }), wait);
  }

  const queue = []; // files chosen while a batch ran, to be added when it ends

  /**
   * payload: { type: 'text', text, source } or { type: 'files', files }.
   * `append`: add the files to the batch shown (its rows, duplicates and
   * Summary stay; the worker counts the earlier letters in the Summary too);
   * while a batch runs, appended files wait for it to end.
   */
  function start(payload, label, { append = false } = {}) {
    if (append && current) {
      queue.push({ payload, label });
      current.batch.queued = queue.reduce((n, q) => n + q.payload.files.length, 0);
      updateProgress();
      return;
    }
    queue.length = 0;
    if (current) current.controller.abort();
    const id = ++runs;
    const total = payload.type === 'files' ? payload.files.length : 1;
    const controller = new AbortController();
    if (!append) data = createRunData();
    const offset = data.outcomes.length;
    if (append) payload = { ...payload, contributions: data.allContributions() };
    data.running = true;
    const showProgress = payload.type === 'files' || payload.text.length > LONG_TEXT;
    const batch = {
      total, received: 0, name: '', t0: performance.now(), showProgress, cancelled: false, done: false, append, offset, queued: 0,
    };
    current = { id, controller, batch };
    onStart(data, { label, total, batch });
    if (showProgress) {
      $('progress').hidden = false;
      $('cancel').disabled = false;
      $('cancel').hidden = false;
      updateProgress();
    } else {
      $('progress').hidden = true;
    }
    const mine = () => current && current.id === id;
    client.request(payload, {
      signal: controller.signal,
      onMessage: (msg) => {
        if (!mine()) return;
        if (msg.type === 'progress') {
          batch.name = msg.name;
          batch.page = msg.page || 0;
          batch.pages = msg.pages || 0;
          scheduleFlush();
        } else if (msg.type === 'result') {
          const text = msg.textIsInput ? payload.text : msg.text;
          const newly = data.add(offset + msg.index, JSON.parse(msg.outcomeJson), text, msg.rows, msg.groups, msg.contribution);
          if (msg.boxes) data.scans[offset + msg.index] = { boxes: msg.boxes, pages: msg.pages || [] };
          data.newlyDuplicated = (data.newlyDuplicated || []).concat(newly);
          // A saved JSON gives many results for one file: count files.
          batch.received = (msg.entry ?? msg.index) + 1;
          scheduleFlush();
        } else if (msg.type === 'summary') {
          data.summary = msg.rows;
          scheduleFlush();
        }
      },
    }).then(
      () => mine() && finish(false),
      (err) => {
        if (!mine()) return;
        if (err.code === 'aborted') finish(true);
        else {
          current = null;
          data.running = false;
          $('progress').hidden = true;
          onFail(err);
        }
      },
    );
  }

  function finish(cancelled) {
    const { batch } = current;
    current = null;
    clearTimeout(flushTimer);
    flushTimer = 0;
    data.running = false;
    batch.done = true;
    batch.cancelled = cancelled;
    batch.ms = performance.now() - batch.t0;
    // Files a Cancel stopped before they were read count as "Not analyzed".
    if (cancelled) {
      batch.skipped = batch.total - batch.received + queue.reduce((n, q) => n + q.payload.files.length, 0);
      data.skipped += batch.skipped;
      queue.length = 0;
    }
    if (batch.showProgress) updateProgress(batch);
    else $('progress').hidden = true;
    onFinish(data, batch);
    const next = queue.shift();
    if (next) start(next.payload, next.label, { append: true });
  }

  function cancel() {
    if (!current || current.batch.done) return;
    $('cancel').disabled = true;
    current.controller.abort();
  }

  function updateProgress(b = current && current.batch) {
    if (!b || !b.showProgress) return;
    const bar = $('progress-bar');
    const p = $('progress');
    bar.max = b.total;
    bar.value = b.received;
    p.dataset.received = String(b.received);
    p.dataset.total = String(b.total);
    if (b.done) {
      p.dataset.state = b.cancelled ? 'cancelled' : 'done';
      $('progress-text').textContent = b.cancelled
        ? `Cancelled: ${b.received} of ${b.total} files analyzed; the other ${b.skipped} were not.`
        : `${b.received} of ${b.total} files analyzed in ${(b.ms / 1000).toFixed(1)} s.`;
      $('cancel').hidden = true;
    } else {
      p.dataset.state = 'running';
      const reading = b.pages ? `OCR, page ${b.page} of ${b.pages}, ${b.name}` : `reading ${b.name}`;
      $('progress-text').textContent = `${b.received} of ${b.total} · ${reading}${b.queued ? ` · ${b.queued} more to add after these` : ''}`;
    }
  }

  $('cancel').addEventListener('click', cancel);

  return {
    start, cancel,
    get data() {
      return data;
    },
    get running() {
      return Boolean(current);
    },
    /** Forget the batch (the page shows nothing). */
    clear() {
      queue.length = 0;
      if (current) current.controller.abort();
      current = null;
      data = createRunData();
      $('progress').hidden = true;
    },
  };
}
