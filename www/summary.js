// The batch at a glance: counts (letters, items, upheld, overturned, not
// analyzed, duplicates), the duplicate case numbers, and the decision charts.

import { $, el } from './dom.js';
import { duplicateGroups, decisionsBy, chapterOf, isError } from './format.js';
import { barChart } from './chart.js';

export function renderCounts(data) {
  const c = data.counts();
  const counts = [
    ['letters', 'Letters', c.letters], ['items', 'Items', c.items], ['upheld', 'Upheld', c.upheld],
    ['overturned', 'Overturned', c.overturned], ['errors', 'Not analyzed', c.errors], ['duplicates', 'Duplicates', c.duplicates],
  ];
  const dl = el('dl', { class: 'counts' });
  for (const [key, label, n] of counts) dl.append(el('div', { class: `count ${key}`, 'data-count': key }, el('dt', { text: label }), el('dd', { text: String(n) })));
  const parts = [dl];
  const groups = duplicateGroups(data.outcomes);
  if (groups.length) {
    const note = el('div', { class: 'dup-note', id: 'duplicates-note' },
      el('strong', { text: `${groups.length} case number${groups.length === 1 ? '' : 's'} appear${groups.length === 1 ? 's' : ''} more than once` }),
      ' (rows marked “duplicate”; every copy is kept in the tables and downloads):');
    const ul = el('ul');
    for (const g of groups.slice(0, 20)) ul.append(el('li', { 'data-case': g.caseNumber, text: `${g.caseNumber}: ${g.sources.join(', ')}` }));
    if (groups.length > 20) ul.append(el('li', { text: `… and ${groups.length - 20} more.` }));
    note.append(ul);
    parts.push(note);
  }
  $('counts').replaceChildren(...parts);
}

/** The two decision charts (guideline chapter, reviewer specialty). */
export function renderCharts(data) {
  const analyses = data.outcomes.filter((o) => o && !isError(o));
  if (!analyses.length) {
    $('charts').replaceChildren();
    return;
  }
  $('charts').replaceChildren(el('div', { class: 'charts' },
    barChart({ id: 'chart-chapter', title: 'Decisions by guideline chapter', note: 'The first citation of each item’s MAXIMUS guideline (its chapter title, or its source).', rows: decisionsBy(analyses, (a, item) => [chapterOf(item)]) }),
    barChart({ id: 'chart-specialty', title: 'Decisions by reviewer specialty', note: 'Each item counted under each specialty of its letter’s reviewer.', rows: decisionsBy(analyses, (a) => (a.reviewer.specialties.length ? a.reviewer.specialties : ['(not stated)'])) })));
}
