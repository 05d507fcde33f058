// The Letters and Items tables: columns and rows from the core (through the
// worker), filtered (text box, category select, a Summary group) and sorted,
// shown in two table views; the selection follows the letter that is open.

import { $, el, fillParts } from './dom.js';
import {
  cellPointer, sortRows, filterRows, categoryCounts, valueCounts, reasonCounts, errorTitle, NUMERIC_KINDS, plural,
} from './format.js';
import { createTableView } from './table-view.js';

const NAMES = { letters: 'Letters', items: 'Items' };
/** The characters a table cell shows of a long value (the panel shows it whole). */
const CELL_CHARS = 280;

// A shortened value in a table shows its whole text when focused.
document.addEventListener('focusin', (event) => {
  const v = event.target.closest && event.target.closest('td .v[data-full]');
  if (!v) return;
  v.textContent = v.dataset.full;
  delete v.dataset.full;
});

export function createTables({ getData, onOpen, onSelect, onStatus }) {
  const filter = {
    text: '', group: null, category: null, decision: null, reason: null, outcome: null, flag: null, from: null, to: null,
  };
  const narrowedBy = () => Boolean(filter.text || filter.group || filter.category || filter.decision || filter.reason || filter.outcome || filter.flag || filter.from || filter.to);
  const sort = { letters: null, items: null };
  let shown = { letters: [], items: [] };
  let columns = { letters: [], items: [] };

  const views = {};
  for (const table of ['letters', 'items']) {
    views[table] = createTableView({
      wrap: $(`${table}-wrap`),
      table: $(`${table}-table`),
      caption: table === 'letters' ? 'Letters: one row per letter' : 'Items: one row per disputed item',
      renderRow: (r) => (table === 'letters' ? letterRow(r) : itemRow(r)),
      onOpen: (r) => onOpen(r.letter, r.item),
      onSelect: (r) => onSelect(r.letter, r.item),
      onSort: (i) => sortBy(table, i),
    });
  }

  /** A cell's values, each linked to the letter when the analysis has a span for it. */
  function parts(column, cell, item, spans) {
    const ptr = cellPointer(column.pointer, item);
    const linked = (p) => (p && spans[p] ? p : null);
    if (Array.isArray(cell)) return cell.map((v, i) => ({ text: v, ptr: ptr ? linked(`${ptr}/${i}`) : null }));
    return cell === '' || cell === null || cell === undefined ? [] : [{ text: String(cell), ptr: linked(ptr) }];
  }

  function cells(tr, r, cols) {
    const data = getData();
    const spans = (data.outcomes[r.letter] && data.outcomes[r.letter].spans) || {};
    cols.forEach((c, i) => {
      const td = el('td', { 'data-col': c.name, title: r.keys[i] || null });
      const clamp = el('div', { class: 'clamp' });
      fillParts(clamp, parts(c, r.cells[i], r.item, spans), r.letter);
      shorten(clamp);
      td.append(clamp);
      if (c.name === 'case_number' && data.duplicates.has(r.letter)) {
        tr.classList.add('duplicate');
        clamp.append(el('span', {
          class: 'dup-badge', 'data-extra': '', title: `Duplicate: the same case number as ${data.duplicateSources(r.letter).join(', ')}`, text: 'duplicate',
        }));
      }
      tr.append(td);
    });
    return tr;
  }

  /**
   * Long values show their first characters only (two lines never hold more, and
   * laying out whole rationales in every row would make scrolling stutter); the
   * whole text is in the cell's title (hover), comes back on focus, and is in the panel.
   */
  function shorten(clamp) {
    for (const v of clamp.querySelectorAll('.v')) {
      if (v.textContent.length > CELL_CHARS) {
        v.dataset.full = v.textContent;
        v.textContent = `${v.textContent.slice(0, CELL_CHARS)}…`;
      }
    }
  }

  function letterRow(r) {
    const o = getData().outcomes[r.letter];
    if (r.error) {
      const tr = el('tr', { class: 'error-row', 'data-letter': String(r.letter), 'data-code': o.error.code });
      tr.append(
        el('td', { 'data-col': columns.letters[0] ? columns.letters[0].name : 'source' }, el('div', { class: 'clamp', text: o.source })),
        el('td', { colspan: String(Math.max(1, columns.letters.length - 1)), title: o.error.message },
          el('div', { class: 'clamp' }, el('strong', { text: `${errorTitle(o.error)}: ` }), o.error.message)),
      );
      return tr;
    }
    return cells(el('tr', { 'data-letter': String(r.letter) }), r, columns.letters);
  }

  function itemRow(r) {
    const tr = el('tr', { 'data-letter': String(r.letter), 'data-item': String(r.item), class: r.decision ? `decision-${r.decision}` : '' });
    return cells(tr, r, columns.items);
  }

  /** A reason code → its words (the core's reasonLabels()). */
  let reasonWords = new Map();

  function setColumns(cols) {
    columns = { letters: cols.letters, items: cols.items };
    reasonWords = new Map((cols.reasons || []).map((r) => [r.code, r.label]));
    views.letters.setColumns(cols.letters);
    views.items.setColumns(cols.items);
  }

  function sortBy(table, i) {
    const cur = sort[table];
    const column = columns[table][i];
    let next;
    if (!cur || cur.column !== i) next = { column: i, dir: 'ascending', numeric: NUMERIC_KINDS.has(column.kind) || column.kind === 'integer' };
    else if (cur.dir === 'ascending') next = { ...cur, dir: 'descending' };
    else next = null;
    sort[table] = next;
    views[table].setSort(next);
    refresh({ keep: false });
    const again = $(`${table}-table`).querySelector(`button[data-sort-col="${CSS.escape(column.name)}"]`);
    if (again) again.focus();
    onStatus(next ? `${NAMES[table]} sorted by ${column.label || column.name}, ${next.dir}.` : `${NAMES[table]} in input order.`);
  }

  /** Filter and sort the rows again and show them (the selection stays). */
  function refresh({ keep = true } = {}) {
    const data = getData();
    const { letters, items } = filterRows(data.letterRows, data.itemRows, {
      text: filter.text, groups: filter.group ? filter.group.keys : null, category: filter.category, decision: filter.decision, reason: filter.reason, outcome: filter.outcome, flag: filter.flag, from: filter.from, to: filter.to,
    });
    shown = { letters: sortRows(letters, sort.letters), items: sortRows(items, sort.items) };
    views.letters.setRows(shown.letters, { keep });
    views.items.setRows(shown.items, { keep });
    if (!keep) {
      // Sorted or filtered anew: the selected row stays selected, and in view.
      views.letters.reveal(views.letters.selectedKey);
      views.items.reveal(views.items.selectedKey);
    }
    updateCount();
    updateEmpty();
  }

  function updateEmpty() {
    const data = getData();
    let why = '';
    if (!shown.items.length) {
      if (narrowedBy() && data.itemRows.length) why = filter.flag === 'errors' ? 'Inputs that could not be analyzed have no items.' : 'No item matches the filter.';
      else if (data.outcomes.length && data.outcomes.every((o) => !o || o.error)) why = 'No letter could be analyzed, so there are no items.';
      else if (!data.itemRows.length && data.running) why = 'Items appear here as the letters are analyzed.';
      else if (data.outcomes.length) why = 'No disputed items were found.';
    }
    $('items-empty').textContent = why;
    $('items-empty').hidden = !why;
    const lwhy = !shown.letters.length && narrowedBy() ? (filter.text ? `No letter matches "${filter.text}".` : 'No letter matches the filter.') : '';
    $('letters-empty').textContent = lwhy;
    $('letters-empty').hidden = !lwhy;
  }

  function updateCount() {
    const data = getData();
    const total = data.letterRows.length;
    const itemsTotal = data.itemRows.length;
    const narrowed = narrowedBy();
    $('filter-count').textContent = narrowed
      ? `Showing ${shown.letters.length} of ${total} letter rows and ${shown.items.length} of ${itemsTotal} items.`
      : `${plural(total, 'letter row')}, ${plural(itemsTotal, 'item')}.`;
    // The copy and download choice beside each table: the rows shown, or all rows.
    for (const [table, n, all] of [['letters', shown.letters.length, total], ['items', shown.items.length, itemsTotal]]) {
      const select = document.querySelector(`select[data-rows-for="${table}"]`);
      if (!select) continue;
      select.options[0].textContent = `rows shown (${n})`;
      select.options[1].textContent = `all rows (${all})`;
    }
  }

  /** The category select: the categories present, with counts (hidden when no item has one). */
  function updateCategories() {
    const data = getData();
    const select = $('category-filter');
    const counts = categoryCounts(data.itemRows);
    const any = data.itemRows.some((r) => r.category);
    $('category-pick').hidden = !any;
    if (!any) {
      updateQuickFilters();
      return;
    }
    const current = filter.category;
    select.replaceChildren(el('option', { value: '', text: `All categories (${data.itemRows.length})` }),
      ...counts.filter((c) => c.category !== '(none)').map((c) => el('option', { value: c.category, text: `${c.category} (${c.count})` })));
    select.value = current || '';
    updateQuickFilters();
  }

  /** The quick filters: a letter's outcome, an item's decision (the values present, with counts), warnings and errors. */
  function updateQuickFilters() {
    const data = getData();
    const fill = (key, rows, all) => {
      const counts = valueCounts(rows, key);
      $(`${key}-pick`).hidden = !counts.length;
      const select = $(`${key}-filter`);
      select.replaceChildren(el('option', { value: '', text: `${all} (${rows.length})` }),
        ...counts.map((c) => el('option', { value: c.value, text: `${c.value} (${c.count})` })));
      select.value = counts.some((c) => c.value === filter[key]) ? filter[key] : '';
    };
    fill('decision', data.itemRows, 'All decisions');
    // The reasons present (REASONS.md), in the core's words; an item counts under each of its reasons.
    const reasons = reasonCounts(data.itemRows);
    $('reason-pick').hidden = !reasons.length;
    $('reason-filter').replaceChildren(el('option', { value: '', text: `All reasons (${data.itemRows.length})` }),
      ...reasons.map((c) => el('option', { value: c.value, text: `${reasonWords.get(c.value) || c.value} (${c.count})` })));
    $('reason-filter').value = reasons.some((c) => c.value === filter.reason) ? filter.reason : '';
    fill('outcome', data.letterRows, 'All outcomes');
    const warned = data.letterRows.filter((r) => r.warned).length;
    const errors = data.letterRows.filter((r) => r.error).length;
    $('flag-pick').hidden = !warned && !errors;
    $('flag-filter').replaceChildren(el('option', { value: '', text: `All letters (${data.letterRows.length})` }),
      el('option', { value: 'warnings', text: `With warnings (${warned})` }), el('option', { value: 'errors', text: `Not analyzed (${errors})` }));
    $('flag-filter').value = filter.flag || '';
    // The date range: offered once a letter has a decision date, bounded by the batch's own dates.
    const dates = data.letterRows.map((r) => r.decided).filter(Boolean).sort();
    $('dates-pick').hidden = !dates.length;
    for (const id of ['date-from', 'date-to']) {
      $(id).min = dates[0] || '';
      $(id).max = dates.at(-1) || '';
    }
  }

  $('category-filter').addEventListener('change', (event) => {
    filter.category = event.target.value || null;
    refresh({ keep: false });
  });
  for (const key of ['decision', 'reason', 'outcome', 'flag']) {
    $(`${key}-filter`).addEventListener('change', (event) => {
      filter[key] = event.target.value || null;
      refresh({ keep: false });
    });
  }

  for (const [id, key] of [['date-from', 'from'], ['date-to', 'to']]) {
    $(id).addEventListener('change', (event) => {
      filter[key] = event.target.value || null;
      refresh({ keep: false });
    });
  }

  let filterTimer = 0;
  $('filter').addEventListener('input', (event) => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      filter.text = event.target.value.trim().toLowerCase();
      refresh({ keep: false });
    }, 120);
  });

  /** A Summary group as a filter, shown as a removable chip (null clears it). */
  function setGroup(group, onClear) {
    filter.group = group;
    const chips = $('filter-chips');
    chips.replaceChildren();
    if (group) {
      const words = group.words || `${group.dimension}: ${group.group}`;
      const b = el('button', { type: 'button', class: 'chip', 'data-chip': 'group', 'aria-label': `Remove the filter ${words}` },
        words, el('span', { 'aria-hidden': 'true', text: ' ×' }));
      b.addEventListener('click', () => {
        setGroup(null);
        if (onClear) onClear();
        $('filter').focus();
      });
      chips.append(b);
    }
    chips.hidden = !group;
    refresh({ keep: false });
  }

  function select(letter, item) {
    views.letters.select(`L${letter}`, { scroll: false });
    views.items.select(item === null || item === undefined ? null : `I${letter}/${item}`, { scroll: false });
  }

  function reset() {
    filter.group = null;
    $('filter-chips').replaceChildren();
    $('filter-chips').hidden = true;
    views.letters.select(null);
    views.items.select(null);
    views.letters.invalidateAll();
    views.items.invalidateAll();
    refresh({ keep: false });
  }

  return {
    setColumns, refresh, select, reset, setGroup, updateCategories,
    invalidateLetter(letter) {
      views.letters.invalidate(`L${letter}`);
      const data = getData();
      for (const r of data.itemRows) if (r.letter === letter) views.items.invalidate(r.key);
    },
    reveal(letter, item) {
      views.letters.reveal(`L${letter}`);
      if (item !== null && item !== undefined) views.items.reveal(`I${letter}/${item}`);
    },
    get columns() {
      return columns;
    },
    /** The cells of the rows a table shows, in the order shown (what "rows shown" exports). */
    shownCells: (table) => shown[table].map((r) => r.cells),
    get filtered() {
      return narrowedBy();
    },
    /** Show only the letters with warnings ('warnings'), the inputs not analyzed ('errors'), or all (null). */
    setFlag(flag) {
      filter.flag = flag;
      $('flag-filter').value = flag || '';
      refresh({ keep: false });
    },
  };
}
