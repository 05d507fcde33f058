// The page's own modules (www/*.js, not the generated or vendored ones) stay small enough to read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = join(dirname(fileURLToPath(import.meta.url)), '../../www');
const MAX_LINES = 400;

test(`every page module in www/ is under ${MAX_LINES} lines`, () => {
  const files = readdirSync(WWW).filter((f) => f.endsWith('.js'));
  assert.ok(files.length > 10, files.join(', '));
  const long = files.map((f) => [f, readFileSync(join(WWW, f), 'utf8').split('\n').length]).filter(([, n]) => n >= MAX_LINES);
  assert.deepEqual(long, []);
});
