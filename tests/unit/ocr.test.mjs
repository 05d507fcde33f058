// The page's OCR helpers that need no browser: which rendered pages are
// smoothed (black-and-white ones), the greyscale PGM handed to Tesseract, the
// word boxes of a chosen span, and the engine pool's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBilevel } from '../../www/pdf-text.js';
import { canvasToPgm, poolSize } from '../../www/ocr.js';
import { boxesFor } from '../../www/page-images.js';

/** A fake 2D context over an RGBA pixel function. */
function contextOf(width, height, pixel) {
  return {
    getImageData(x0, y0, w, h) {
      const data = new Uint8ClampedArray(w * h * 4);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const [r, g, b] = pixel(x0 + x, y0 + y);
          data.set([r, g, b, 255], (y * w + x) * 4);
        }
      }
      return { data };
    },
  };
}

test('a black-and-white page (a fax) is bi-level; a grey scan or a photo is not', () => {
  const fax = (x, y) => ((x * 7 + y * 3) % 11 < 3 ? [0, 0, 0] : [255, 255, 255]);
  assert.equal(isBilevel(contextOf(850, 1100, fax), 850, 1100), true);
  // Antialiased text: a grey ramp at every glyph edge.
  const grey = (x, y) => {
    const v = ((x + y) % 9) * 30;
    return [v, v, v];
  };
  assert.equal(isBilevel(contextOf(850, 1100, grey), 850, 1100), false);
  // A few stray grey pixels (well under 1%) do not make a fax grey.
  const speck = (x, y) => (x === 100 && y % 50 === 0 ? [128, 128, 128] : fax(x, y));
  assert.equal(isBilevel(contextOf(850, 1100, speck), 850, 1100), true);
});

test('a canvas becomes a greyscale PGM: header, then one luma byte a pixel', () => {
  const colours = [[255, 255, 255], [0, 0, 0], [255, 0, 0], [0, 0, 255]];
  const canvas = { width: 2, height: 2, getContext: () => contextOf(2, 2, (x, y) => colours[y * 2 + x]) };
  const pgm = canvasToPgm(canvas);
  const header = 'P5\n2 2\n255\n';
  assert.equal(new TextDecoder().decode(pgm.subarray(0, header.length)), header);
  // White, black, red and blue by the Rec. 601 weights (77, 150, 29 of 256).
  assert.deepEqual([...pgm.subarray(header.length)], [255, 0, 76, 28]);
});

test('the boxes of a span are the words it overlaps, none for no span', () => {
  const boxes = [
    { start: 0, end: 6, page: 0 },
    { start: 7, end: 15, page: 0 },
    { start: 16, end: 22, page: 1 },
  ];
  assert.deepEqual(boxesFor(boxes, [7, 15]).map((b) => b.start), [7]);
  assert.deepEqual(boxesFor(boxes, [3, 18]).map((b) => b.start), [0, 7, 16]);
  assert.deepEqual(boxesFor(boxes, [6, 7]), []);
  assert.deepEqual(boxesFor(boxes, null), []);
  assert.deepEqual(boxesFor(undefined, [0, 5]), []);
});

test('the engine pool: one a core, at least one, at most four', () => {
  const n = poolSize();
  assert.ok(Number.isInteger(n) && n >= 1 && n <= 4, String(n));
});
