// Small horizontal bar charts of decisions (upheld vs overturned) as inline
// SVG, built with DOM APIs only. Each chart comes with its numbers as a text
// table (for screen readers, and for anyone who would rather read).

const SVG = 'http://www.w3.org/2000/svg';
const MAX_BARS = 10;

function svgEl(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}

function htmlEl(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}

/** At most MAX_BARS rows: the largest, then one "Other" row for the rest. */
export function topRows(rows) {
  if (rows.length <= MAX_BARS) return rows;
  const head = rows.slice(0, MAX_BARS - 1);
  const rest = rows.slice(MAX_BARS - 1);
  const other = { label: `Other (${rest.length})`, upheld: 0, overturned: 0, other: true };
  for (const r of rest) {
    other.upheld += r.upheld;
    other.overturned += r.overturned;
  }
  return [...head, other];
}

const truncate = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A <figure> with a stacked bar per category and its numbers as a table. */
export function barChart({ id, title, note, rows }) {
  const shown = topRows(rows);
  const fig = htmlEl('figure', { class: 'chart', id });
  fig.append(htmlEl('figcaption', {}, title));
  if (!shown.length) {
    fig.append(htmlEl('p', { class: 'hint' }, 'No decided items yet.'));
    return fig;
  }
  const max = Math.max(...shown.map((r) => r.upheld + r.overturned));
  const labelW = 230;
  const barW = 220;
  const rowH = 22;
  const width = labelW + barW + 60;
  const height = shown.length * rowH + 4;
  const summary = shown.map((r) => `${r.label}: ${r.upheld} upheld, ${r.overturned} overturned`).join('; ');
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `${title}. ${summary}.`, class: 'bars' });
  shown.forEach((r, i) => {
    const y = i * rowH + 2;
    const total = r.upheld + r.overturned;
    const wu = max ? (r.upheld / max) * barW : 0;
    const wo = max ? (r.overturned / max) * barW : 0;
    const g = svgEl('g', { 'data-label': r.label });
    const label = svgEl('text', { x: labelW - 6, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'bar-label' }, truncate(r.label, 30));
    label.append(svgEl('title', {}, r.label));
    g.append(label);
    if (wu) g.append(svgEl('rect', { x: labelW, y: y + 3, width: wu.toFixed(1), height: rowH - 6, class: 'bar-upheld' }, null));
    if (wo) g.append(svgEl('rect', { x: (labelW + wu).toFixed(1), y: y + 3, width: wo.toFixed(1), height: rowH - 6, class: 'bar-overturned' }, null));
    g.append(svgEl('text', { x: labelW + wu + wo + 6, y: y + rowH / 2 + 4, class: 'bar-value' }, `${r.upheld} / ${r.overturned}`));
    svg.append(g);
  });
  fig.append(svg);
  const legend = htmlEl('p', { class: 'legend' });
  legend.append(htmlEl('span', { class: 'key upheld', 'aria-hidden': 'true' }), 'Upheld (denial stands)  ', htmlEl('span', { class: 'key overturned', 'aria-hidden': 'true' }), 'Overturned (approved)');
  fig.append(legend);
  if (note) fig.append(htmlEl('p', { class: 'hint' }, note));

  const details = htmlEl('details', { class: 'chart-numbers' });
  details.append(htmlEl('summary', {}, 'The numbers'));
  const table = htmlEl('table', { class: 'chart-data' });
  table.append(htmlEl('caption', { class: 'sr-only' }, title));
  const head = htmlEl('tr');
  for (const h of ['category', 'upheld', 'overturned', 'total']) head.append(htmlEl('th', { scope: 'col' }, h));
  const thead = htmlEl('thead');
  thead.append(head);
  table.append(thead);
  const body = htmlEl('tbody');
  for (const r of rows) {
    const tr = htmlEl('tr');
    tr.append(htmlEl('th', { scope: 'row' }, r.label), htmlEl('td', {}, String(r.upheld)), htmlEl('td', {}, String(r.overturned)), htmlEl('td', {}, String(r.upheld + r.overturned)));
    body.append(tr);
  }
  table.append(body);
  details.append(table);
  fig.append(details);
  return fig;
}
