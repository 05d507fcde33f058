// The batch at a glance: counts (letters, items, upheld, overturned, not
// analyzed, duplicates) and the duplicate case numbers; the Summary panel
// (summary-panel.js: what gets overturned, by group, from the core's Summary
// rows) and the timing of decisions (timing.js, from the Letters table's
// days_to_decision cells).

import { $, el } from './dom.js';
import { duplicateGroups } from './format.js';
import { createSummaryPanel } from './summary-panel.js';
import { renderTiming } from './timing.js';

export function renderCounts(data) {
  const c = data.counts();
  const counts = [
    ['letters', 'Letters', c.letters], ['items', 'Items', c.items], ['upheld', 'Upheld', c.upheld],
    ['overturned', 'Overturned', c.overturned], ['errors', 'Not analyzed', c.notAnalyzed], ['duplicates', 'Duplicates', c.duplicates],
  ];
  const dl = el('dl', { class: 'counts' });
  const titles = { errors: `${c.errors} could not be analyzed; ${c.skipped} were not read (cancelled)` };
  for (const [key, label, n] of counts) {
    dl.append(el('div', { class: `count ${key}`, 'data-count': key, title: key === 'errors' && c.skipped ? titles.errors : null }, el('dt', { text: label }), el('dd', { text: String(n) })));
  }
  const parts = [dl];
  const groups = duplicateGroups(data.outcomes);
  if (groups.length) {
    // Collapsed once there are many: the tables stay near the top.
    const note = el('details', { class: 'dup-note', id: 'duplicates-note', open: groups.length <= 3 },
      el('summary', {}, el('strong', { text: `${groups.length} case number${groups.length === 1 ? '' : 's'} appear${groups.length === 1 ? 's' : ''} more than once` }),
        ' (rows marked “duplicate”; every copy is kept in the tables and downloads):'));
    const ul = el('ul');
    const sources = (g) => (g.sources.length > 6 ? `${g.sources.slice(0, 6).join(', ')} … and ${g.sources.length - 6} more` : g.sources.join(', '));
    for (const g of groups.slice(0, 20)) ul.append(el('li', { 'data-case': g.caseNumber, text: `${g.caseNumber}: ${sources(g)}` }));
    if (groups.length > 20) ul.append(el('li', { text: `… and ${groups.length - 20} more.` }));
    note.append(ul);
    parts.push(note);
  }
  $('counts').replaceChildren(...parts);
}

/**
 * The Summary panel and the timing view. `columns()` → the core's columns
 * ({ letters, items, summary }); `onGroup(sel | null)` when a group is chosen.
 */
const PANEL_EVERY_MS = 1000;

export function createSummary({ columns, onGroup, onCopy, onDownload }) {
  const panel = createSummaryPanel($('summary'), { onSelect: (sel) => onGroup(sel), onCopy, onDownload });
  let shownRows = null;
  let shownTiming = -1;
  let lastPanel = 0;
  return {
    /** Show the run's Summary rows and timing (cheap when nothing changed). */
    update(data, { final = false } = {}) {
      // While a batch streams, the panel follows at most once a second (it lays out a chart and a table).
      const due = final || performance.now() - lastPanel > PANEL_EVERY_MS;
      if (due && data.summary !== shownRows && columns().summary.length) {
        shownRows = data.summary;
        lastPanel = performance.now();
        panel.update(data.summary || [], columns().summary, columns().dimensions);
      }
      // The timing: every letter's days_to_decision (error rows have none).
      if (final || data.letterRows.length - shownTiming > 200) {
        shownTiming = data.letterRows.length;
        const i = columns().letters.findIndex((c) => c.name === 'days_to_decision');
        renderTiming($('timing'), i < 0 ? [] : data.letterRows.filter((r) => !r.error).map((r) => r.cells[i]));
      }
    },
    setSelected: (sel) => panel.setSelected(sel),
    reset() {
      shownRows = null;
      shownTiming = -1;
      panel.setSelected(null);
    },
  };
}
