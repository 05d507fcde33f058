// Copies (TSV + an HTML table on the clipboard) and downloads (CSV, Markdown,
// JSON, Excel). Tables are rendered by the core in the worker. A table's copy
// and downloads hold what its "Rows" choice says: the rows shown (filtered and
// sorted as on screen, the default) or all rows, in input order.

import { el, setStatus, showMessage } from './dom.js';
import { today, tsvToHtml } from './format.js';

const MIME = {
  csv: 'text/csv;charset=utf-8', md: 'text/markdown;charset=utf-8', json: 'application/json;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const NAMES = { letters: 'Letters', items: 'Items', summary: 'Summary' };

export async function copyText(text, done) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(done, 'ready');
  } catch (err) {
    showMessage('error', 'Copy failed', `The browser did not allow writing to the clipboard (${err.message}). Use a download instead.`);
  }
}

export function download(name, content, format) {
  const url = URL.createObjectURL(new Blob([content], { type: MIME[format] }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus(`Downloaded ${name}.`, 'ready');
}

/**
 * The export actions of a run. `render(table, format, rows)` → Promise<string>
 * (the core's export, in the worker; `rows`: 'shown' or 'all'); `workbook()` →
 * Promise<Uint8Array>; `outcomes()` → the run's outcomes.
 */
export function createExports({ render, workbook, outcomes }) {
  /** A table's "Rows" choice ('shown' or 'all'; the Summary has none: all). */
  const rowsOf = (table) => {
    const select = document.querySelector(`select[data-rows-for="${table}"]`);
    return select ? select.value : 'all';
  };
  const which = (table) => (rowsOf(table) === 'shown' ? 'rows shown' : 'all rows');

  async function copyTable(table) {
    const name = NAMES[table];
    const tsv = render(table, 'tsv', rowsOf(table));
    tsv.catch(() => {});
    try {
      if (typeof ClipboardItem === 'undefined') throw new Error('no ClipboardItem');
      // Promised blobs keep the click's user activation while the worker renders the table.
      const item = new ClipboardItem({
        'text/plain': tsv.then((t) => new Blob([t], { type: 'text/plain' })),
        'text/html': tsv.then((t) => new Blob([tsvToHtml(t)], { type: 'text/html' })),
      });
      await navigator.clipboard.write([item]);
      setStatus(`Copied the ${name} table (${which(table)}): paste it into a spreadsheet.`, 'ready');
    } catch {
      try {
        await copyText(await tsv, `Copied the ${name} table (${which(table)}, as text): paste it into a spreadsheet.`);
      } catch (err) {
        showMessage('error', 'Copy failed', err.message);
      }
    }
  }

  async function downloadTable(table, format) {
    try {
      download(`imr-${table}-${today()}.${format}`, await render(table, format, rowsOf(table)), format);
    } catch (err) {
      showMessage('error', 'Download failed', err.message);
    }
  }

  function downloadJson() {
    download(`imr-analyses-${today()}.json`, `${JSON.stringify(outcomes(), null, 2)}\n`, 'json');
  }

  async function downloadXlsx(button) {
    button.disabled = true;
    setStatus('Making the Excel workbook…', 'working');
    try {
      download(`imr-analyses-${today()}.xlsx`, await workbook(), 'xlsx');
    } catch (err) {
      showMessage('error', 'Excel download failed', err.message);
      setStatus('Ready.', 'ready');
    } finally {
      button.disabled = false;
    }
  }

  // Buttons anywhere on the page: data-copy="table", data-download="table" data-format="csv|md".
  document.addEventListener('click', (event) => {
    const b = event.target.closest && event.target.closest('[data-copy], [data-download], #download-json, #download-xlsx');
    if (!b) return;
    if (b.dataset.copy) copyTable(b.dataset.copy);
    else if (b.dataset.download) downloadTable(b.dataset.download, b.dataset.format);
    else if (b.id === 'download-json') downloadJson();
    else if (b.id === 'download-xlsx') downloadXlsx(b);
  });

  return { copyTable, downloadTable };
}
