// Small DOM helpers. Text from letters only ever goes in as text (textContent),
// never as HTML.

export const $ = (id) => document.getElementById(id);

const ATTRS = new Set(['tabindex', 'role', 'scope', 'colspan', 'type', 'title', 'id', 'for', 'value', 'hidden', 'href', 'download']);

/** An element: attributes (class, text, data-*, aria-*, a few others; anything else as a property) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || ATTRS.has(k)) node.setAttribute(k, v === true ? '' : v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** A value from the letter: focusable and linked to its span when it has a pointer. */
export function valueNode(text, ptr, letter, extra = '') {
  if (!ptr) return el('span', { class: `v ${extra}`.trim(), text });
  return el('span', {
    class: `v linked ${extra}`.trim(), text, tabindex: '0', role: 'button', 'data-ptr': ptr, 'data-letter': String(letter), title: 'Show in the letter',
  });
}

export function noneNode() {
  return el('span', { class: 'none', text: '—', 'aria-label': 'not stated' });
}

/** Fill a node with parts [{ text, ptr, warning }]: values joined by "; ", or a dash when there are none. */
export function fillParts(node, parts, letter) {
  if (!parts.length) {
    node.append(noneNode());
    return;
  }
  parts.forEach((p, i) => {
    if (i) node.append('; ');
    node.append(valueNode(p.text, p.ptr, letter, p.warning ? 'warning-text' : ''));
  });
}

/** The status line under the title. */
export function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.dataset.state = kind;
}

/** The message box of the input section (errors, warnings, notes). */
export function showMessage(kind, title, body, code = '') {
  const m = $('message');
  m.hidden = false;
  m.className = `message ${kind}`;
  m.dataset.code = code;
  m.replaceChildren(el('strong', { text: title }), el('p', { text: body }));
}

export function hideMessage() {
  const m = $('message');
  m.hidden = true;
  m.dataset.code = '';
  m.replaceChildren();
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and, optionally, text (only ever as text). */
export function svgEl(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}
