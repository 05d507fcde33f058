// The Summary panel's chart (www/summary-panel.js draws it): for each group,
// its items as stacked upheld/overturned bars and its overturned share as a
// dot with its 95% interval as a whisker, on the two scales of the header.
// DOM APIs only: group names come from letters and are only ever text.

import { rowShare, groupWords } from './summary-model.js';
import { svgEl } from './dom.js';


const truncate = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The chart of one dimension's groups (an inline SVG, hidden from assistive technology: the table holds the same numbers). */
export function drawChart(rows, all, selGroup, G) {
  const height = G.head + rows.length * G.row + 6;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${G.width} ${height}`, width: G.width, height, class: 'sp-svg',
    'aria-hidden': 'true', focusable: 'false',
  });
  const maxItems = Math.max(1, ...rows.map((r) => r.items));
  const sx = (pmy) => G.shareX + (pmy / 10000) * G.shareW;

  // Header: the two scales.
  svg.append(svgEl('text', { x: G.countX, y: 14, class: 'sp-axis-title' }, G.itemsTitle));
  svg.append(svgEl('text', { x: G.shareX, y: 14, class: 'sp-axis-title' }, G.shareTitle));
  svg.append(svgEl('text', { x: G.countX, y: 32, class: 'sp-tick' }, '0'));
  svg.append(svgEl('text', { x: G.countX + G.countW, y: 32, 'text-anchor': 'end', class: 'sp-tick' }, String(maxItems)));
  const bottom = G.head + rows.length * G.row;
  for (const p of [0, 2500, 5000, 7500, 10000]) {
    const x = sx(p);
    svg.append(svgEl('line', { x1: x, x2: x, y1: G.head - 4, y2: bottom, class: p % 5000 ? 'sp-grid minor' : 'sp-grid' }));
    if (G.shareW >= 200 || p % 5000 === 0) {
      svg.append(svgEl('text', { x, y: 32, 'text-anchor': p === 0 ? 'start' : p === 10000 ? 'end' : 'middle', class: 'sp-tick' }, `${p / 100}%`));
    }
  }
  if (all && all.share !== null) {
    const x = sx(all.share).toFixed(1);
    svg.append(svgEl('line', { x1: x, x2: x, y1: G.head - 4, y2: bottom, class: 'sp-all-line' }));
  }

  rows.forEach((r, i) => {
    const y = G.head + i * G.row;
    const mid = y + G.barMid;
    const g = svgEl('g', { class: r.group === selGroup ? 'sp-bar selected' : 'sp-bar', 'data-group': r.group });
    g.append(svgEl('title', {}, groupWords(r)));
    g.append(svgEl('rect', { x: 0, y, width: G.width, height: G.row, class: 'sp-hit' }));
    g.append(svgEl('text', { x: G.labelX, y: y + G.labelY, 'text-anchor': G.labelAnchor, class: r.group === '(none)' ? 'sp-label sp-none' : 'sp-label' }, truncate(r.label ?? r.group, G.labelChars)));
    // Items, stacked: upheld, overturned, then those without a decision.
    const scale = G.countW / maxItems;
    let x = G.countX;
    const undecided = Math.max(0, r.items - r.upheld - r.overturned);
    for (const [n, cls] of [[r.upheld, 'sp-upheld'], [r.overturned, 'sp-overturned'], [undecided, 'sp-undecided']]) {
      if (!n) continue;
      const w = n * scale;
      g.append(svgEl('rect', { x: x.toFixed(1), y: mid - G.bar / 2, width: Math.max(1, w).toFixed(1), height: G.bar, class: cls }));
      x += w;
    }
    g.append(svgEl('text', { x: (x + 5).toFixed(1), y: mid + 4, class: 'sp-count' }, String(r.items)));
    // Share: whisker for the interval, a dot for the share, the number after.
    if (r.share !== null) {
      if (r.low !== null && r.high !== null) {
        const x1 = sx(r.low).toFixed(1);
        const x2 = sx(r.high).toFixed(1);
        g.append(svgEl('line', { x1, x2, y1: mid, y2: mid, class: 'sp-whisker' }));
        g.append(svgEl('line', { x1, x2: x1, y1: mid - 5, y2: mid + 5, class: 'sp-whisker' }));
        g.append(svgEl('line', { x1: x2, x2, y1: mid - 5, y2: mid + 5, class: 'sp-whisker' }));
      }
      g.append(svgEl('circle', { cx: sx(r.share).toFixed(1), cy: mid, r: 4.5, class: 'sp-dot' }));
      g.append(svgEl('text', { x: G.shareX + G.shareW + 9, y: mid + 4, class: 'sp-share-text' }, rowShare(r).share));
    }
    svg.append(g);
  });
  return svg;
}
