// The letter panel beside the tables: the chosen letter's view (header facts,
// reviewer and patient, warnings, one card per item with its decision,
// treatment, guidelines and rationale) above its text with highlights.
// Escape or the Close/Back button closes it; on a phone it fills the screen.

import { $, el, valueNode, noneNode, fillParts } from './dom.js';
import { isError, spanFor } from './format.js';

const DECISIONS = {
  upheld: { word: 'Upheld', plain: 'The denial stands: not medically necessary.', mark: '✗' },
  overturned: { word: 'Overturned', plain: 'Approved: the denial is reversed, medically necessary.', mark: '✓' },
};

function fact(label, value, ptr, letter) {
  const dd = el('dd');
  if (Array.isArray(value)) fillParts(dd, value.map((v, i) => ({ text: String(v), ptr: ptr ? `${ptr}/${i}` : null })), letter);
  else fillParts(dd, value === null || value === undefined ? [] : [{ text: String(value), ptr }], letter);
  return [el('dt', { text: label }), dd];
}

function citationsText(g) {
  return g.citations.map((c) => {
    let s = [c.source, c.title, c.year].filter((x) => x !== null && x !== undefined && x !== '').join(' ');
    if (c.sections.length) s += ` — ${c.sections.join('; ')}`;
    if (c.pages.length) s += `, p. ${c.pages.join(', ')}`;
    return s;
  }).join(' · ');
}

function guidelineBlock(label, g, ptr, letter) {
  const block = el('div', { class: 'guideline' }, el('h5', { text: label }));
  if (!g) {
    block.append(el('p', {}, noneNode()));
    return block;
  }
  block.append(el('p', {}, valueNode(g.text, `${ptr}/text`, letter)));
  if (g.citations.length) block.append(el('p', { class: 'citations' }, el('span', { class: 'label', text: 'Cites: ' }), citationsText(g)));
  return block;
}

/** The item's treatment (TREATMENTS.md): category, body parts, drug, sessions, retrospective. */
function treatmentBlock(t, base, letter, number) {
  if (!t) return null;
  const ptr = `${base}/treatment`;
  const dl = el('dl', { class: 'facts treatment' });
  const category = t.category ? [t.category, t.subcategory].filter(Boolean).join(' › ') : null;
  dl.append(...fact('Category', category, null, letter));
  if (t.body_parts && t.body_parts.length) dl.append(...fact('Body parts', t.body_parts, `${ptr}/body_parts`, letter));
  if (t.drug) {
    const dd = el('dd');
    const d = t.drug;
    dd.append(valueNode(d.name || d.brand || '', `${ptr}/drug/name`, letter));
    if (d.brand && d.name && d.brand !== d.name) dd.append(` (${d.brand})`);
    if (d.strength) dd.append(' ', valueNode(d.strength, `${ptr}/drug/strength`, letter));
    if (d.quantity !== null && d.quantity !== undefined) dd.append(' × ', valueNode(String(d.quantity), `${ptr}/drug/quantity`, letter));
    dl.append(el('dt', { text: 'Drug' }), dd);
  }
  if (t.sessions !== null && t.sessions !== undefined) dl.append(...fact('Sessions', t.sessions, `${ptr}/sessions`, letter));
  if (t.retrospective) dl.append(...fact('Retrospective', 'yes', `${ptr}/retrospective`, letter));
  return el('section', { class: 'treatment-block', 'aria-label': `Item ${number} treatment` }, dl);
}

/** Why the item was decided (REASONS.md): each ground in the core's words, highlighting its sentence. */
function reasonsBlock(item, base, letter, labels, number) {
  const reasons = item.reasons || [];
  const block = el('section', { class: 'reasons-block', 'aria-label': `Item ${number} reasons` }, el('h5', { text: 'Why' }));
  if (!reasons.length) {
    block.append(el('p', { class: 'hint', text: 'No stated ground was read from the rationale.' }));
    return block;
  }
  const ul = el('ul', { class: 'reasons' });
  reasons.forEach((r, k) => ul.append(el('li', { 'data-reason': r.code }, valueNode(labels.get(r.code) || r.code, `${base}/reasons/${k}`, letter))));
  block.append(ul);
  return block;
}

function itemCard(item, i, letter, labels) {
  const base = `/items/${i}`;
  const d = DECISIONS[item.decision];
  const card = el('li', { class: `card ${item.decision || 'undecided'}`, 'data-item': String(i) });
  const title = el('h4', {}, `Item ${item.number}: `);
  fillParts(title, item.request ? [{ text: item.request, ptr: `${base}/request` }] : [], letter);
  card.append(title);
  const decision = el('p', { class: `decision ${item.decision || 'undecided'}` });
  if (d) decision.append(el('span', { class: 'mark', 'aria-hidden': 'true', text: d.mark }), ' ', valueNode(d.word, `${base}/decision`, letter, 'word'), ` — ${d.plain}`);
  else decision.append('No decision found for this item.');
  card.append(decision);
  card.append(reasonsBlock(item, base, letter, labels, item.number ?? i + 1));
  card.append(treatmentBlock(item.treatment, base, letter, item.number ?? i + 1) || '');
  if (item.original_request || item.authorized) {
    const dl = el('dl', { class: 'facts partial' });
    dl.append(...fact('Original request', item.original_request, `${base}/original_request`, letter));
    dl.append(...fact('Authorized by the Claims Administrator', item.authorized, `${base}/authorized`, letter));
    card.append(dl);
  }
  card.append(guidelineBlock('Claims Administrator guideline', item.claims_administrator_guideline, `${base}/claims_administrator_guideline`, letter));
  card.append(guidelineBlock('MAXIMUS guideline', item.maximus_guideline, `${base}/maximus_guideline`, letter));
  const rationale = el('details', { class: 'rationale', open: true }, el('summary', { text: 'Decision rationale' }));
  const rp = el('p');
  fillParts(rp, item.rationale ? [{ text: item.rationale, ptr: `${base}/rationale` }] : [], letter);
  rationale.append(rp);
  card.append(rationale);
  return card;
}

function warningsSection(o, letter) {
  const section = el('section', { class: 'warnings', 'aria-labelledby': 'warnings-h' }, el('h3', { id: 'warnings-h', text: `Warnings (${o.warnings.length})` }));
  if (!o.warnings.length) {
    section.append(el('p', { class: 'hint', text: 'None.' }));
    return section;
  }
  const ul = el('ul');
  for (const w of o.warnings) {
    const li = el('li', { 'data-code': w.code });
    // A link only where the warning has a place in the text (a missing value has none: plain text).
    li.append(w.pointer && spanFor(o, w.pointer) ? el('button', { type: 'button', class: 'link', 'data-warning-ptr': w.pointer, 'data-letter': String(letter), text: w.message }) : w.message);
    ul.append(li);
  }
  section.append(ul);
  return section;
}

/**
 * The view of one outcome. `onCopyJson(outcome)` copies its JSON,
 * `onCopyText(outcome)` the core's plain text of it, `onPrint()` prints it;
 * `reasons`: the core's reasonLabels() (a reason's words).
 */
export function renderLetterView(root, o, letter, { onCopyJson, onCopyText = () => {}, onPrint = () => {}, reasons = [] }) {
  const labels = new Map(reasons.map((r) => [r.code, r.label]));
  if (!o) {
    root.replaceChildren();
    return;
  }
  if (isError(o)) {
    root.replaceChildren(el('h2', { id: 'letter-h', text: `Not analyzed: ${o.source}` }), el('p', { class: 'message error', text: o.error.message }));
    return;
  }
  const heading = el('h2', { id: 'letter-h' }, 'Letter ');
  if (o.case_number) fillParts(heading, [{ text: o.case_number, ptr: '/case_number' }], letter);
  else heading.append(o.source); // no case number (2013 letters have no header): the file names it
  const copyJson = el('button', { type: 'button', id: 'copy-json', text: 'Copy this letter’s JSON' });
  copyJson.addEventListener('click', () => onCopyJson(o));
  const copyAsText = el('button', { type: 'button', id: 'copy-text', text: 'Copy as text' });
  copyAsText.addEventListener('click', () => onCopyText(o));
  const print = el('button', { type: 'button', id: 'print-letter', text: 'Print' });
  print.addEventListener('click', () => onPrint());
  const header = el('dl', { class: 'facts' });
  header.append(
    ...fact('Source', o.source, null, letter),
    ...fact('Layout', o.layout, null, letter),
    ...fact('Case number', o.case_number, '/case_number', letter),
    ...fact('Priority', o.priority, '/priority', letter),
    ...fact('Date assigned', o.dates.assigned, '/dates/assigned', letter),
    ...fact('Decision date', o.dates.decision, '/dates/decision', letter),
    ...fact('Date of injury', o.dates.injury, '/dates/injury', letter),
    ...fact('UR denial date', o.dates.ur_denial, '/dates/ur_denial', letter),
    ...fact('Application received', o.dates.application_received, '/dates/application_received', letter),
  );
  const people = el('dl', { class: 'facts' });
  people.append(
    ...fact('Reviewer licensed in', o.reviewer.licensure, '/reviewer/licensure', letter),
    ...fact('Reviewer specialties', o.reviewer.specialties, '/reviewer/specialties', letter),
    ...fact('Patient age', o.patient.age, '/patient/age', letter),
    ...fact('Patient sex', o.patient.sex, '/patient/sex', letter),
  );
  const cards = el('ol', { class: 'cards' });
  o.items.forEach((item, i) => cards.append(itemCard(item, i, letter, labels)));
  const itemsSection = el('section', { 'aria-labelledby': 'cards-h' }, el('h3', { id: 'cards-h', text: `Items (${o.items.length})` }));
  itemsSection.append(o.items.length ? cards : el('p', { class: 'hint', text: 'No disputed items were found.' }));
  root.replaceChildren(
    el('div', { class: 'table-head' }, heading, el('div', { class: 'actions' }, copyAsText, copyJson, print)),
    el('div', { class: 'fact-grid' },
      el('section', { 'aria-label': 'Header' }, el('h3', { text: 'Header' }), header),
      el('section', { 'aria-label': 'Reviewer and patient' }, el('h3', { text: 'Reviewer and patient' }), people)),
    warningsSection(o, letter),
    itemsSection,
  );
}

/** The side panel: open, close (Escape, the Close/Back button), resizable by its edge. */
export function createPanel({ onClose }) {
  const panel = $('letter-panel');
  const grip = $('panel-resize');
  let returnFocus = null;
  let closing = false;

  function open({ focus = false } = {}) {
    if (panel.hidden) returnFocus = document.activeElement;
    panel.hidden = false;
    document.body.classList.add('panel-open');
    if (!grip.hasAttribute('aria-valuenow')) setWidth(panel.getBoundingClientRect().width);
    if (focus) $('letter-view').focus({ preventScroll: true });
  }
  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove('panel-open');
    onClose();
    closing = true; // focus goes back where it was without opening the panel again
    // Only when the focus was in the panel (or lost with it): a run started from the text box never takes the focus from it.
    const active = document.activeElement;
    const lost = !active || active === document.body || panel.contains(active);
    if (lost && returnFocus && returnFocus.isConnected) returnFocus.focus({ preventScroll: true });
    closing = false;
    returnFocus = null;
  }
  $('panel-close').addEventListener('click', close);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      event.preventDefault();
      close();
    }
  });
  grip.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    grip.setPointerCapture(event.pointerId);
    const move = (e) => {
      setWidth(window.innerWidth - e.clientX);
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  });
  // The grip is a focusable separator: Left/Right widen and narrow the panel; its value is the panel's width in pixels.
  const setWidth = (w) => {
    const max = Math.max(320, window.innerWidth - 320);
    const px = Math.round(Math.min(max, Math.max(320, w)));
    document.documentElement.style.setProperty('--panel-w', `${px}px`);
    grip.setAttribute('aria-valuemin', '320');
    grip.setAttribute('aria-valuemax', String(max));
    grip.setAttribute('aria-valuenow', String(px));
  };
  grip.addEventListener('keydown', (event) => {
    const cur = panel.getBoundingClientRect().width;
    const step = event.key === 'ArrowLeft' ? 40 : event.key === 'ArrowRight' ? -40 : 0;
    if (!step) return;
    event.preventDefault();
    setWidth(cur + step);
  });
  return {
    open, close,
    get isOpen() {
      return !panel.hidden;
    },
    get closing() {
      return closing;
    },
  };
}
