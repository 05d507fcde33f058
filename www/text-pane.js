// The letter's text, exactly as analysed, with the span of the chosen value
// highlighted and scrolled into view; and the link from any value (.v.linked)
// to its span: click, focus, Enter, or the mouse resting on it.

import { $, el } from './dom.js';
import { spanFor, pointerLabel, isError } from './format.js';

/**
 * The text as shown: PDFium's U+FFFE (a hyphen that ended a line, read by the
 * core as "-") shows as "-". One UTF-16 unit for one: the spans' offsets stay right.
 */
export const displayText = (text) => text.replaceAll('\uFFFE', '-');

/** `onShow(letter, span)`: the letter shown (its span, or null), for the page images beside the text. */
export function createTextPane({ getData, onNeedLetter, onShow = () => {} }) {
  const pane = $('letter-text');
  const source = $('text-source');
  let shown = -1;

  function show(letter, span = null) {
    onShow(letter, span);
    const data = getData();
    const raw = data.texts[letter];
    const text = raw === null || raw === undefined ? raw : displayText(raw);
    const o = data.outcomes[letter];
    source.textContent = o ? `From: ${o.source}` : '';
    if (text === null || text === undefined) {
      // A saved analysis read back (a downloaded JSON) holds no letter text.
      pane.replaceChildren(document.createTextNode(o && isError(o) ? '(no text to show)' : o ? '(A saved analysis holds no letter text: choose the letter’s file to see its text.)' : ''));
      shown = letter;
      return null;
    }
    if (!span) {
      if (shown !== letter || pane.querySelector('mark')) pane.replaceChildren(document.createTextNode(text));
      shown = letter;
      return null;
    }
    const [start, end] = span;
    const mark = el('mark', { id: 'highlight', text: text.slice(start, end) });
    pane.replaceChildren(document.createTextNode(text.slice(0, start)), mark, document.createTextNode(text.slice(end)));
    shown = letter;
    // Scroll the pane (not the page) so that the mark stands in the middle of the pane.
    // (A mark taller than the pane starts near its top.)
    pane.scrollTop = Math.max(0, mark.offsetTop - Math.max(8, (pane.clientHeight - mark.offsetHeight) / 2));
    return mark;
  }

  /** `how`: 'click', 'focus', 'key' or 'hover' (hover never opens another letter). */
  function highlight(letter, ptr, node = null, how = 'click') {
    const o = getData().outcomes[letter];
    if (!o || isError(o)) return;
    if (onNeedLetter(letter, ptr, node, how) === false) return;
    const found = spanFor(o, ptr);
    for (const n of document.querySelectorAll('.v.active')) n.classList.remove('active');
    for (const n of document.querySelectorAll(`.v[data-letter="${letter}"][data-ptr="${CSS.escape(ptr)}"]`)) n.classList.add('active');
    if (!found) {
      show(letter);
      source.textContent = `${o.source}: the analysis gives no place in the text for this value.`;
      return;
    }
    show(letter, found.span);
    source.textContent = `${o.source}: ${pointerLabel(ptr)}`;
  }

  const fromValue = (v, how) => highlight(Number(v.dataset.letter), v.dataset.ptr, v, how);
  let hoverTimer = 0;
  document.addEventListener('click', (event) => {
    clearTimeout(hoverTimer);
    const v = event.target.closest && event.target.closest('.v.linked');
    if (v) fromValue(v, 'click');
  });
  document.addEventListener('focusin', (event) => {
    const v = event.target.closest && event.target.closest('.v.linked');
    if (!v) return;
    clearTimeout(hoverTimer);
    fromValue(v, 'focus');
  });
  // Hover follows the mouse's own moves only, so that content scrolling under a
  // resting pointer never takes the highlight away from the focused value.
  let hovered = null;
  document.addEventListener('mousemove', (event) => {
    const v = event.target.closest && event.target.closest('.v.linked');
    if (v === hovered) return;
    hovered = v;
    clearTimeout(hoverTimer);
    if (v) hoverTimer = setTimeout(() => fromValue(v, 'hover'), 60);
  });
  document.addEventListener('keydown', (event) => {
    const v = event.target.closest && event.target.closest('.v.linked');
    if (v && (event.key === 'Enter' || event.key === ' ') && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      event.stopPropagation();
      fromValue(v, 'key');
    }
  });

  return {
    show,
    highlight,
    reset() {
      shown = -1;
      onShow(-1, null);
      pane.replaceChildren();
      source.textContent = '';
    },
    get shown() {
      return shown;
    },
  };
}
