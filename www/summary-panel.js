// The Summary panel: what the reviewers overturn, by group. A headline from
// the `all` row, a switch between dimensions, and for the chosen dimension
// a chart (inline SVG: items as stacked upheld/overturned bars, the
// overturned share as a dot with its 95% interval as a whisker) and a table
// of the same numbers. A click on a bar or a row (or Enter/Space on a row's
// group button) selects the group; the page filters its tables to it.
//
// DOM APIs only: group names come from letters and are only ever text.
// No inline styles (the page's CSP); colours are classes in summary.css.

import {
  dimensionChoices, defaultDimension, dimensionLabel, groupLabel, rowsByDimension, rowShare, headlineParts,
  chartGeometry, CHART_WIDTH,
} from './summary-model.js';
import { drawChart } from './summary-chart.js';

/** The chart shows this many groups (the largest) until asked for all. */
export const CHART_ROWS = 20;
/** The table lists this many groups (the largest) until asked for all: layout stays cheap while a batch streams. */
export const TABLE_ROWS = 100;

let panels = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** Text nodes of `s` with a line-break opportunity (<wbr>) after each slash: "hydrocodone/acetaminophen" may wrap. */
function breakable(s) {
  const parts = s.split('/');
  const out = [];
  parts.forEach((p, i) => {
    out.push(document.createTextNode(i < parts.length - 1 ? `${p}/` : p));
    if (i < parts.length - 1) out.push(document.createElement('wbr'));
  });
  return out;
}

/** Set a node's text only when it changes (no needless mutation while a batch streams). */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const sameSel = (a, b) => (!a && !b) || (!!a && !!b && a.dimension === b.dimension && a.group === b.group);

/**
 * Build the panel into `root` (its content is replaced). Callbacks:
 * `onSelect({dimension, group, words})` when a group is clicked or activated,
 * `onCopy()` and `onDownload()` for the two buttons. Returns
 * `{ update(rows, columns), setSelected(sel) }`.
 */
export function createSummaryPanel(root, { onSelect = () => {}, onCopy = () => {}, onDownload = () => {} } = {}) {
  const id = `sp${++panels}`;
  const state = {
    dimension: null,
    choices: [], // the dimensions to switch between (the core's words), from the first update
    choicesSig: '',
    byDim: new Map(),
    sel: null,
    chartAll: false,
    tableAll: false,
    focusKey: null, // the group whose button takes Tab (roving tabindex)
    rowEls: new Map(), // group → {tr, btn, cells, sig}
    chartSig: '',
    chartWidth: CHART_WIDTH, // the chart box's width, from a ResizeObserver (never read during an update)
  };

  // ---- skeleton
  root.classList.add('summary-panel');
  const headline = el('p', { class: 'sp-headline', id: `${id}-headline` });
  const copyBtn = el('button', { type: 'button', class: 'sp-copy' }, 'Copy Summary table');
  const downloadBtn = el('button', { type: 'button', class: 'sp-download' }, 'Download Summary CSV');
  copyBtn.addEventListener('click', () => onCopy());
  downloadBtn.addEventListener('click', () => onDownload());
  const actions = el('div', { class: 'actions sp-actions', role: 'group', 'aria-label': 'Summary table' }, copyBtn, downloadBtn);

  const select = el('select', { id: `${id}-dim`, class: 'sp-dimension' });
  /** The switch's options: the core's dimensions (or the rows' own, when the core's are not given). */
  function setChoices(choices) {
    const sig = choices.map((d) => `${d.key}\u0001${d.label}`).join('\u0002');
    if (sig === state.choicesSig) return;
    state.choicesSig = sig;
    state.choices = choices;
    select.replaceChildren(...choices.map((d) => el('option', { value: d.key }, d.label)));
    if (!choices.some((d) => d.key === state.dimension)) state.dimension = defaultDimension(choices);
    select.value = state.dimension || '';
  }
  const groupCount = el('span', { class: 'sp-group-count' });
  const controls = el('div', { class: 'sp-controls' },
    el('label', { for: select.id }, 'Overturned share by'), select, groupCount);

  // Chart
  const chartBox = el('div', { class: 'sp-chart-box' });
  const legend = el('p', { class: 'sp-legend', 'aria-hidden': 'true' },
    el('span', { class: 'sp-key upheld' }), 'upheld ',
    el('span', { class: 'sp-key overturned' }), 'overturned ',
    el('span', { class: 'sp-key undecided' }), 'no decision read ',
    el('span', { class: 'sp-key share' }), 'overturned share with its 95% interval ',
    el('span', { class: 'sp-key all' }), 'all items');
  // The notes keep their nodes (a focused toggle stays focused while a batch streams).
  const chartNoteText = document.createTextNode('');
  const chartToggle = el('button', { type: 'button', class: 'link sp-chart-toggle' });
  const chartNote = el('p', { class: 'sp-chart-note' }, chartNoteText, chartToggle);
  chartToggle.addEventListener('click', () => {
    state.chartAll = !state.chartAll;
    renderChart();
  });
  const figure = el('figure', { class: 'sp-chart' }, chartBox, legend, chartNote);
  if (typeof ResizeObserver === 'function') {
    new ResizeObserver((entries) => {
      const w = Math.round(entries[entries.length - 1].contentRect.width);
      if (w > 0 && Math.abs(w - state.chartWidth) > 1) {
        state.chartWidth = w;
        renderChart();
      }
    }).observe(chartBox);
  }

  // Table
  const caption = el('caption', { class: 'sp-sr-only' });
  const groupTh = el('th', { scope: 'col' }, 'Group');
  const thead = el('thead', {}, el('tr', {},
    groupTh,
    el('th', { scope: 'col', class: 'num' }, 'Letters'),
    el('th', { scope: 'col', class: 'num' }, 'Items'),
    el('th', { scope: 'col', class: 'num' }, 'Upheld'),
    el('th', { scope: 'col', class: 'num' }, 'Overturned'),
    el('th', { scope: 'col', class: 'num' }, 'Overturned share (95% interval)')));
  const tbody = el('tbody');
  const table = el('table', { class: 'sp-table' }, caption, thead, tbody);
  const tableWrap = el('div', { class: 'sp-table-wrap' }, table);
  const tableMoreText = document.createTextNode('');
  const tableToggle = el('button', { type: 'button', class: 'link sp-table-toggle' });
  const tableMore = el('p', { class: 'sp-table-note' }, tableMoreText, tableToggle);
  tableToggle.addEventListener('click', () => {
    state.tableAll = !state.tableAll;
    render();
  });
  const tableHint = el('p', { class: 'sp-hint' },
    'Click a group, or Tab to it and press Enter, to show only its letters and items; ↑ and ↓ move between groups.');

  const body = el('div', { class: 'sp-body' }, controls, figure, tableWrap, tableMore, tableHint);
  root.replaceChildren(el('div', { class: 'sp-head' }, headline, actions), body);

  // ---- selection
  function choose(group) {
    const sel = { dimension: state.dimension, group };
    state.sel = sel;
    state.focusKey = group;
    render();
    // With the words a person reads for both (the core's labels).
    onSelect({ ...sel, words: `${dimensionLabel(state.dimension, state.choices)}: ${groupLabel(state.dimension, group, state.choices)}` });
  }

  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-group]');
    if (!tr || !tbody.contains(tr)) return;
    choose(tr.dataset.group);
  });
  tbody.addEventListener('focusin', (e) => {
    const tr = e.target.closest('tr[data-group]');
    if (tr && state.focusKey !== tr.dataset.group) {
      state.focusKey = tr.dataset.group;
      applyTabStops();
    }
  });
  tbody.addEventListener('keydown', (e) => {
    const tr = e.target.closest('tr[data-group]');
    if (!tr) return;
    let next = null;
    if (e.key === 'ArrowDown') next = tr.nextElementSibling;
    else if (e.key === 'ArrowUp') next = tr.previousElementSibling;
    else if (e.key === 'Home') next = tbody.firstElementChild;
    else if (e.key === 'End') next = tbody.lastElementChild;
    else return;
    e.preventDefault();
    const b = next && next.querySelector('button.sp-group');
    if (b) b.focus();
  });
  chartBox.addEventListener('click', (e) => {
    const g = e.target.closest('g[data-group]');
    if (g) choose(g.getAttribute('data-group'));
  });
  /** Show another dimension: its groups from the top, charts and lists at their short length. */
  function switchDimension(key) {
    state.dimension = key;
    if (select.value !== key) select.value = key;
    state.focusKey = null;
    state.chartAll = false;
    state.tableAll = false;
    tbody.replaceChildren();
    state.rowEls.clear();
    tableWrap.scrollTop = 0;
  }
  select.addEventListener('change', () => {
    switchDimension(select.value);
    render();
  });

  function applyTabStops() {
    const list = state.byDim.get(state.dimension) || [];
    let key = state.focusKey;
    if (key === null || !state.rowEls.has(key)) {
      key = state.sel && state.sel.dimension === state.dimension && state.rowEls.has(state.sel.group)
        ? state.sel.group
        : (list[0] ? list[0].group : null);
    }
    for (const [g, r] of state.rowEls) {
      const t = g === key ? '0' : '-1';
      if (r.btn.getAttribute('tabindex') !== t) r.btn.setAttribute('tabindex', t);
    }
  }

  function applySelection() {
    const selGroup = state.sel && state.sel.dimension === state.dimension ? state.sel.group : null;
    for (const [g, r] of state.rowEls) {
      const on = g === selGroup;
      const v = on ? 'true' : 'false';
      if (r.btn.getAttribute('aria-pressed') !== v) {
        r.btn.setAttribute('aria-pressed', v);
        r.tr.classList.toggle('selected', on);
      }
    }
    applyTabStops();
    renderChart();
  }

  // ---- rendering
  function renderHeadline(all) {
    const nodes = headlineParts(all).map((p) => (p.strong ? el('strong', {}, p.text) : document.createTextNode(p.text)));
    headline.replaceChildren(...nodes);
  }

  function rowSig(r) {
    return `${r.letters}|${r.items}|${r.upheld}|${r.overturned}|${r.share}|${r.low}|${r.high}`;
  }

  function makeRow(r) {
    const btn = el('button', { type: 'button', class: 'sp-group', 'aria-pressed': 'false', tabindex: '-1' }, ...breakable(r.label));
    if (r.group === '(none)') btn.classList.add('sp-none');
    const th = el('th', { scope: 'row' }, btn);
    const cells = [0, 1, 2, 3].map(() => el('td', { class: 'num' }));
    const share = el('span', { class: 'sp-share' });
    const iv = el('span', { class: 'sp-iv' });
    const shareTd = el('td', { class: 'num sp-share-cell' }, share, iv);
    const tr = el('tr', {}, th, ...cells, shareTd);
    tr.dataset.group = r.group;
    return { tr, btn, cells, share, iv, sig: '' };
  }

  function fillRow(x, r) {
    const sig = rowSig(r);
    if (sig === x.sig) return;
    x.sig = sig;
    [r.letters, r.items, r.upheld, r.overturned].forEach((v, i) => { x.cells[i].textContent = String(v); });
    const { share, interval } = rowShare(r);
    x.share.textContent = share;
    x.iv.textContent = interval ? ` (${interval})` : '';
  }

  function renderTable(list) {
    const focused = document.activeElement;
    const hadFocus = focused && tbody.contains(focused);
    const scroll = tableWrap.scrollTop;
    const seen = new Set();
    let i = 0;
    for (const r of list) {
      seen.add(r.group);
      let x = state.rowEls.get(r.group);
      if (!x) {
        x = makeRow(r);
        state.rowEls.set(r.group, x);
      }
      fillRow(x, r);
      const at = tbody.children[i];
      if (at !== x.tr) tbody.insertBefore(x.tr, at || null);
      i += 1;
    }
    for (const [g, x] of state.rowEls) {
      if (!seen.has(g)) {
        x.tr.remove();
        state.rowEls.delete(g);
      }
    }
    if (hadFocus && document.activeElement !== focused && focused.isConnected) focused.focus({ preventScroll: true });
    if (tableWrap.scrollTop !== scroll) tableWrap.scrollTop = scroll;
  }

  /** The first `n` rows of the list, and the selected group if it comes later. */
  function firstRows(list, n, all) {
    if (all || list.length <= n) return list;
    const shown = list.slice(0, n);
    const s = state.sel;
    if (s && s.dimension === state.dimension) {
      const extra = list.slice(n).find((r) => r.group === s.group);
      if (extra) shown.push(extra);
    }
    return shown;
  }

  function renderChart() {
    const list = state.byDim.get(state.dimension) || [];
    const all = (state.byDim.get('all') || [])[0] || null;
    const shown = firstRows(list, CHART_ROWS, state.chartAll);
    const selGroup = state.sel && state.sel.dimension === state.dimension ? state.sel.group : null;
    const sig = `${state.chartWidth}\u0001${state.dimension}\u0001${selGroup}\u0001${all ? rowSig(all) : ''}\u0001${shown.map((r) => `${r.group}\u0002${rowSig(r)}`).join('\u0001')}`;
    if (sig !== state.chartSig) {
      state.chartSig = sig;
      chartBox.replaceChildren(drawChart(shown, all, selGroup, chartGeometry(state.chartWidth)));
    }
    const label = dimensionLabel(state.dimension, state.choices).toLowerCase();
    chartNote.hidden = list.length <= CHART_ROWS;
    if (!chartNote.hidden) {
      setText(chartNoteText, state.chartAll
        ? `The chart shows all ${list.length} ${label} groups. `
        : `The chart shows the ${CHART_ROWS} ${label} groups with the most items, of ${list.length}. `);
      setText(chartToggle, state.chartAll ? `Chart only the ${CHART_ROWS} largest` : `Chart all ${list.length}`);
    }
  }

  function render() {
    const all = (state.byDim.get('all') || [])[0] || null;
    renderHeadline(all);
    const empty = !all || all.items === 0;
    body.hidden = empty;
    copyBtn.disabled = empty;
    downloadBtn.disabled = empty;
    const list = state.byDim.get(state.dimension) || [];
    const label = dimensionLabel(state.dimension, state.choices);
    setText(groupTh, label);
    const cap = `Items, decisions and overturned share by ${label.toLowerCase()}`;
    setText(caption, cap);
    const count = `${list.length} ${list.length === 1 ? 'group' : 'groups'}`;
    setText(groupCount, count);
    renderTable(firstRows(list, TABLE_ROWS, state.tableAll));
    tableMore.hidden = list.length <= TABLE_ROWS;
    if (!tableMore.hidden) {
      setText(tableMoreText, state.tableAll
        ? `The table lists all ${list.length} ${label.toLowerCase()} groups. `
        : `The table lists the ${TABLE_ROWS} ${label.toLowerCase()} groups with the most items, of ${list.length}. `);
      setText(tableToggle, state.tableAll ? `List only the ${TABLE_ROWS} largest` : `List all ${list.length}`);
    }
    applySelection(); // also draws the chart
  }

  return {
    /** `dimensions`: the core's summaryDimensions() (their words); without them the rows' keys name them. */
    update(rows, columns, dimensions = null) {
      state.byDim = rowsByDimension(rows, columns);
      setChoices(dimensionChoices(dimensions, state.byDim));
      for (const [key, list] of state.byDim) for (const r of list) r.label = groupLabel(key, r.group, state.choices);
      render();
    },
    setSelected(sel) {
      const next = sel && typeof sel.dimension === 'string' && typeof sel.group === 'string'
        ? { dimension: sel.dimension, group: sel.group } : null;
      if (sameSel(next, state.sel)) return;
      state.sel = next;
      if (next) state.focusKey = next.group;
      if (next && next.dimension !== state.dimension && state.choices.some((d) => d.key === next.dimension)) {
        switchDimension(next.dimension);
        state.focusKey = next.group;
      }
      render();
    },
  };
}
