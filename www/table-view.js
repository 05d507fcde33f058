// A table for thousands of rows: only the rows in view are in the DOM (two
// spacer rows stand for the others, so every row is reachable by scrolling),
// a sticky header with sort buttons (aria-sort) and resizable column widths,
// cells clamped to two lines, and keyboard navigation: the table is one Tab
// stop (its scrolling box); arrows, Page Up/Down, Home/End move the selection
// (kept in view in the box and in the window); Enter opens it; Up from the
// first row reaches the column headers (Left/Right move between them, Enter
// sorts, Down goes back to the rows). Values in the rows are no Tab stops.
//
// createTableView({ wrap, table, caption, renderRow, onOpen, onSelect, onSort })
//   wrap: the scrolling element (focusable); table: its <table>;
//   renderRow(row) → <tr> (the view adds its position and selection);
//   rows are objects with a unique `key`.

import { el } from './dom.js';

/** Rows rendered beyond the view on each side. Few: every row in the DOM is painted again when rows are added (a fling adds most of a screen a frame), so 3 rather than 6 cut the main thread's work a frame from ~30 to ~22 ms. */
const OVERSCAN = 3;
/** More rows than this fill the table's fixed height. */
const FULL_ROWS = 16;
/** Column widths (rem) by the core's column kind; the user can drag them wider or narrower. */
const WIDTH_BY_KIND = { text: 14, list: 12, date: 7.5, integer: 5.5, number: 6, boolean: 6.5 };
/** Text columns whose values are short (a file name, an identifier, a word): narrower than free text. */
const WIDTH_BY_NAME = { source: 11, case_number: 8.5, layout: 9, priority: 7, decision: 7, patient_sex: 5.5, item: 4, category: 10, subcategory: 10, drug: 10, strength: 7 };
/**
 * Key columns stay in view when the table scrolls sideways (position: sticky),
 * most important first: as many as fit in KEY_SHARE of the table's box (a
 * narrow box keeps the decision and the item, a wide one the file and the
 * request too). The columns between them slide under them.
 */
const KEY_COLUMNS = ['decision', 'item', 'case_number', 'source', 'request'];
const KEY_SHARE = 0.55;

export function createTableView({ wrap, table, caption, renderRow, onOpen = () => {}, onSelect = () => {}, onSort = () => {} }) {
  let columns = [];
  let rows = [];
  let sort = null; // { column: index, dir }
  let selectedKey = null;
  let rowH = 0;
  let frame = 0;
  let keys = new Map(); // column index → its sticky left offset (px)
  const cache = new Map(); // key → <tr> of rows rendered recently
  const colgroup = el('colgroup');
  const thead = el('thead');
  const tbody = el('tbody');
  const top = el('tr', { class: 'spacer', 'aria-hidden': 'true' });
  const bottom = el('tr', { class: 'spacer', 'aria-hidden': 'true' });
  table.replaceChildren(el('caption', { class: 'sr-only', text: caption }), colgroup, thead, tbody);

  function setColumns(cols) {
    columns = cols;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    colgroup.replaceChildren(...cols.map((c) => {
      const col = el('col', { 'data-col': c.name });
      col.style.width = `${Math.round((WIDTH_BY_NAME[c.name] || WIDTH_BY_KIND[c.kind] || 10) * rem)}px`;
      return col;
    }));
    fitWidth();
    top.replaceChildren(el('td', { colspan: String(cols.length) }));
    bottom.replaceChildren(el('td', { colspan: String(cols.length) }));
    renderHeader();
    cache.clear();
    schedule();
  }

  /** The table as wide as its columns: a definite width keeps the fixed layout cheap. */
  function fitWidth() {
    let total = 0;
    for (const col of colgroup.children) total += parseFloat(col.style.width) || 0;
    table.style.width = `${total}px`;
    placeKeys();
  }

  /** Choose the key columns that fit and their left offsets; rows rendered with others are made again. */
  function placeKeys() {
    const widths = [...colgroup.children].map((c) => parseFloat(c.style.width) || 0);
    const room = (wrap.clientWidth || 1000) * KEY_SHARE;
    const chosen = [];
    let used = 0;
    for (const name of KEY_COLUMNS) {
      const i = columns.findIndex((c) => c.name === name);
      if (i < 0 || used + widths[i] > room) continue;
      chosen.push(i);
      used += widths[i];
    }
    chosen.sort((x, y) => x - y);
    const next = new Map();
    let left = 0;
    for (const i of chosen) {
      next.set(i, left);
      left += widths[i];
    }
    if ([...next].join() === [...keys].join()) return;
    keys = next;
    table.dataset.keys = chosen.map((i) => columns[i].name).join(' ');
    for (const th of thead.querySelectorAll('th')) keyCell(th, Number(th.dataset.index));
    cache.clear();
    schedule();
  }

  /** Make a cell sticky (or not) by its column index. */
  function keyCell(cell, i) {
    const left = keys.get(i);
    cell.classList.toggle('key', left !== undefined);
    cell.classList.toggle('key-last', left !== undefined && i === Math.max(...keys.keys()));
    cell.style.left = left === undefined ? '' : `${left}px`;
  }

  function renderHeader() {
    thead.replaceChildren(el('tr', {}, ...columns.map((c, i) => {
      const dir = sort && sort.column === i ? sort.dir : 'none';
      const th = el('th', { scope: 'col', 'aria-sort': dir, 'data-col': c.name, 'data-index': String(i) });
      keyCell(th, i);
      const label = c.label || c.name;
      const b = el('button', { type: 'button', class: 'sort', 'data-sort-col': c.name, title: `Sort by ${label} (${c.name} in the downloads)`, tabindex: '-1' });
      b.append(label, el('span', { class: 'sort-mark', 'aria-hidden': 'true', 'data-extra': '', text: dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : '' }));
      b.addEventListener('click', () => onSort(i));
      const grip = el('span', { class: 'col-resize', 'aria-hidden': 'true', 'data-extra': '', title: 'Drag to resize' });
      grip.addEventListener('pointerdown', (e) => startResize(e, i));
      th.append(b, grip);
      return th;
    })));
  }

  function startResize(event, i) {
    event.preventDefault();
    const col = colgroup.children[i];
    const startX = event.clientX;
    const startW = col.getBoundingClientRect().width || thead.rows[0].cells[i].getBoundingClientRect().width;
    const grip = event.currentTarget;
    grip.setPointerCapture(event.pointerId);
    const move = (e) => {
      col.style.width = `${Math.max(48, startW + e.clientX - startX)}px`;
      fitWidth();
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  }

  function setSort(next) {
    sort = next;
    renderHeader();
  }

  /** New rows (already filtered and sorted). `keep`: keep the scroll position (rows were only added). */
  function setRows(next, { keep = true } = {}) {
    rows = next;
    table.setAttribute('aria-rowcount', String(rows.length + 1));
    // A long table has a fixed height: its scrolling never lays out the page around it.
    wrap.classList.toggle('full', rows.length > FULL_ROWS);
    if (!keep) wrap.scrollTop = 0;
    schedule();
  }

  function schedule() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  }

  function rowNode(row, index) {
    let tr = cache.get(row.key);
    if (!tr) {
      tr = renderRow(row);
      tr.classList.add('r');
      tr.dataset.key = row.key;
      for (const v of tr.querySelectorAll('[tabindex="0"]')) v.setAttribute('tabindex', '-1'); // the table is one Tab stop
      // Key columns stay in view sideways (a row whose cells span columns keeps only its first one).
      const whole = tr.cells.length === columns.length;
      for (const [i] of keys) if (whole || i === 0) keyCell(tr.cells[i], i);
      cache.set(row.key, tr);
    }
    tr.setAttribute('aria-rowindex', String(index + 2));
    tr.dataset.row = String(index);
    const sel = row.key === selectedKey;
    tr.classList.toggle('selected', sel);
    if (sel) tr.setAttribute('aria-selected', 'true');
    else tr.removeAttribute('aria-selected');
    return tr;
  }

  /** Put the rows in view (and a few around them) into the table. */
  function render() {
    const h = rowH || 46;
    const headH = thead.offsetHeight;
    const view = wrap.clientHeight || 600;
    const first = Math.max(0, Math.floor((wrap.scrollTop - headH) / h) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((wrap.scrollTop + view) / h) + OVERSCAN);
    top.firstChild && (top.firstChild.style.height = `${first * h}px`);
    bottom.firstChild && (bottom.firstChild.style.height = `${(rows.length - last) * h}px`);
    const nodes = [];
    for (let i = first; i < last; i++) nodes.push(rowNode(rows[i], i));
    place([...(first > 0 ? [top] : []), ...nodes, ...(last < rows.length ? [bottom] : [])]);
    if (cache.size > 4 * (last - first) + 200) {
      const keep = new Set(nodes.map((n) => n.dataset.key));
      for (const k of cache.keys()) if (!keep.has(k)) cache.delete(k);
    }
    if (!rowH && nodes.length) {
      const measured = nodes[0].getBoundingClientRect().height;
      if (measured > 0 && Math.abs(measured - h) > 0.5) {
        rowH = measured;
        render();
        return;
      }
      if (measured > 0) rowH = measured;
    }
  }

  /**
   * Make tbody's children `wanted`, moving as few nodes as possible: rows that
   * stay are never detached (a focused value in them keeps its focus).
   */
  function place(wanted) {
    const keep = new Set(wanted);
    for (const n of [...tbody.children]) if (!keep.has(n)) n.remove();
    let cur = tbody.firstChild;
    for (const node of wanted) {
      if (node === cur) cur = cur.nextSibling;
      else tbody.insertBefore(node, cur);
    }
  }

  wrap.addEventListener('scroll', schedule, { passive: true });
  new ResizeObserver(() => {
    placeKeys();
    schedule();
  }).observe(wrap);

  function indexOfKey(key) {
    return key === null ? -1 : rows.findIndex((r) => r.key === key);
  }

  /** Scroll so that row `i` is in view (not under the sticky header). */
  function reveal(i) {
    if (i < 0) return;
    const h = rowH || 46;
    const headH = thead.offsetHeight;
    const y = headH + i * h;
    if (y - headH < wrap.scrollTop) wrap.scrollTop = y - headH;
    else if (y + h > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = y + h - wrap.clientHeight;
    schedule();
  }

  function select(key, { scroll = false } = {}) {
    selectedKey = key;
    if (scroll) reveal(indexOfKey(key));
    for (const tr of tbody.querySelectorAll('tr.r')) {
      const sel = tr.dataset.key === key;
      tr.classList.toggle('selected', sel);
      if (sel) tr.setAttribute('aria-selected', 'true');
      else tr.removeAttribute('aria-selected');
    }
  }

  /** Scroll the window (not the table's box) so that the row of `key` is in it. */
  function revealInWindow(key) {
    const tr = key === null ? null : tbody.querySelector(`tr.r[data-key="${CSS.escape(key)}"]`);
    if (!tr) return;
    const r = tr.getBoundingClientRect();
    const margin = 8;
    if (r.bottom > window.innerHeight - margin) window.scrollBy(0, r.bottom - window.innerHeight + margin);
    else if (r.top < margin) window.scrollBy(0, r.top - margin);
  }

  /** Keys on the column headers: Left/Right move between them, Down goes back to the rows. */
  function headerKey(event) {
    const buttons = [...thead.querySelectorAll('button.sort')];
    const i = buttons.indexOf(event.target.closest('button.sort'));
    if (i < 0) return;
    const to = event.key === 'ArrowLeft' ? i - 1 : event.key === 'ArrowRight' ? i + 1 : event.key === 'Home' ? 0 : event.key === 'End' ? buttons.length - 1 : null;
    if (to !== null) {
      event.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, to))].focus();
    } else if (event.key === 'ArrowDown' || event.key === 'Escape') {
      event.preventDefault();
      wrap.focus({ preventScroll: true });
    }
  }

  wrap.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest('thead')) {
      headerKey(event);
      return;
    }
    const page = Math.max(1, Math.floor(wrap.clientHeight / (rowH || 46)) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (event.key === 'Enter' && !event.target.closest('.v')) {
      const i = indexOfKey(selectedKey);
      if (i >= 0) {
        event.preventDefault();
        onOpen(rows[i]);
      }
      return;
    }
    if (!(event.key in moves) || !rows.length) return;
    event.preventDefault();
    const cur = indexOfKey(selectedKey);
    if (event.key === 'ArrowUp' && cur <= 0) {
      const first = thead.querySelector('button.sort');
      if (first) first.focus();
      return;
    }
    const next = Math.max(0, Math.min(rows.length - 1, (cur < 0 ? -1 : cur) + moves[event.key]));
    const key = rows[next].key;
    select(key, { scroll: true });
    if (event.target !== wrap) wrap.focus({ preventScroll: true });
    onSelect(rows[next]);
    // After the frame that renders it: the row in the window too, not only in the table's box.
    requestAnimationFrame(() => requestAnimationFrame(() => revealInWindow(key)));
  });

  return {
    setColumns, setRows, setSort, select, schedule,
    /** Forget a row's rendered node (its content changed). */
    invalidate(key) {
      if (cache.delete(key)) schedule();
    },
    invalidateAll() {
      cache.clear();
      schedule();
    },
    reveal: (key) => reveal(indexOfKey(key ?? null)),
    revealInWindow: (key) => revealInWindow(key ?? null),
    get rows() {
      return rows;
    },
    get columns() {
      return columns;
    },
    get selectedKey() {
      return selectedKey;
    },
  };
}
