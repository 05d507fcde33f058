// The page images of an OCR'd letter beside its text: each page as the
// worker kept it (a small JPEG, drawn on a canvas: the policy allows no blob:
// or data: images), and the chosen value's words boxed on their page, from
// the core's word boxes (fractions of the page, placed in the letter's text
// in the spans' units).

import { $, el } from './dom.js';

/** The boxes of the words a span `[start, end)` covers. */
export function boxesFor(boxes, span) {
  if (!boxes || !span) return [];
  const [start, end] = span;
  return boxes.filter((b) => b.start < end && b.end > start);
}

export function createPageImages({ getData }) {
  const root = $('letter-pages');
  const col = root.closest('.text-col');
  let shown = -1;
  let frames = [];

  function clear() {
    shown = -1;
    frames = [];
    root.replaceChildren();
    root.hidden = true;
    col.classList.remove('with-pages');
  }

  function build(letter) {
    const scan = getData().scans[letter];
    if (shown === letter) return scan;
    clear();
    shown = letter;
    if (!scan || !scan.pages.some(Boolean)) return scan;
    root.hidden = false;
    root.dataset.words = String(scan.boxes.length);
    col.classList.add('with-pages');
    scan.pages.forEach((p, n) => {
      const frame = el('div', { class: 'page-frame' });
      if (p) {
        const canvas = el('canvas', { width: String(p.width), height: String(p.height), 'aria-hidden': 'true' });
        frame.append(canvas);
        createImageBitmap(new Blob([p.image], { type: 'image/jpeg' })).then((bitmap) => {
          canvas.getContext('2d').drawImage(bitmap, 0, 0);
          bitmap.close();
        }, () => frame.classList.add('no-image'));
      } else {
        frame.classList.add('no-image');
        frame.append(el('p', { class: 'hint', text: 'This image cannot be shown here (the browser does not display TIFF); its text is beside it.' }));
      }
      frames[n] = frame;
      root.append(el('figure', { class: 'page-image', 'data-page': String(n) }, frame, el('figcaption', { text: `Page ${n + 1} of ${scan.pages.length}` })));
    });
    return scan;
  }

  /** Show the letter's pages (none for a letter not OCR'd), boxing the words of `span`. */
  function show(letter, span = null) {
    const scan = build(letter);
    for (const b of root.querySelectorAll('.word-box')) b.remove();
    if (!scan || root.hidden) return [];
    const marked = boxesFor(scan.boxes, span);
    for (const b of marked) {
      const frame = frames[b.page];
      if (!frame) continue;
      const box = el('div', { class: 'word-box' });
      box.style.left = `${(b.x * 100).toFixed(3)}%`;
      box.style.top = `${(b.y * 100).toFixed(3)}%`;
      box.style.width = `${(b.w * 100).toFixed(3)}%`;
      box.style.height = `${(b.h * 100).toFixed(3)}%`;
      frame.append(box);
    }
    const first = root.querySelector('.word-box');
    if (first) {
      // The pages column scrolls (not the page) to bring the first box to its middle.
      const top = first.offsetTop + first.parentElement.offsetTop;
      root.scrollTop = Math.max(0, top - root.clientHeight / 2);
    }
    root.dataset.boxes = String(marked.length);
    return marked;
  }

  return { show, clear };
}
