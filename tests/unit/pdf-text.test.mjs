// PDF text assembly (www/pdf-text.js): page breaks never glue words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinPages, pageText } from '../../www/pdf-text.js';

test('a page that ends mid-line gets a newline before the form feed', () => {
  const pages = [pageText([{ str: 'Decision: Upheld' }]), pageText([{ str: 'Claims Administrator', hasEOL: true }, { str: 'page two' }])];
  const text = joinPages(pages);
  assert.equal(text, 'Decision: Upheld\n\fClaims Administrator\npage two\n');
  assert.equal(text.split('\f').length, 2, 'one form feed a page break');
});

test('a page that ends with its line keeps one newline; empty pages stay empty', () => {
  assert.equal(joinPages(['first line\n', '', 'last']), 'first line\n\f\flast\n');
  assert.equal(joinPages([]), '');
  assert.equal(joinPages(['only\n']), 'only\n');
});

test('marked-content entries (no str) add nothing', () => {
  assert.equal(pageText([{ type: 'beginMarkedContent' }, { str: 'MRI', hasEOL: false }, { str: ' lumbar', hasEOL: true }]), 'MRI lumbar\n');
});
