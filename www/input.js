// Input: the text box (paste, Ctrl/Cmd+Enter, the button, and a pause in
// typing), the file and folder pickers, and files or folders dropped anywhere.

import { $ } from './dom.js';
import { relativePath, byPath, isLetterFileName } from './format.js';

/** Re-analysis after typing stops for this long. */
export const TYPING_PAUSE_MS = 300;

/**
 * `onText(text)`: analyze the box's text; `onEntries([{ file, path }])`: analyze files;
 * `onError(title, message)`; `typedRunAllowed()`: whether a pause in typing may
 * re-analyze the box (false while the tables show a batch of files: typing
 * never replaces them, Analyze or Ctrl+Enter does); `onTypedHeld()`: a pause in
 * typing or a paste that was not analyzed for that reason (`'paste'` for a paste).
 */
export function wireInput({ onText, onEntries, onError, typedRunAllowed = () => true, onTypedHeld = () => {}, onCleared = () => {} }) {
  const input = $('letter-input');
  let typingTimer = 0;
  let lastText = null;
  const run = (force = false) => {
    clearTimeout(typingTimer);
    if (!force && input.value === lastText) return;
    lastText = input.value;
    onText(input.value);
  };

  // A paste runs at once, unless the tables show a batch of files: then it waits for Analyze, as typing does.
  const pasted = () => setTimeout(() => {
    if (typedRunAllowed()) run(true);
    else onTypedHeld('paste');
  }, 0);
  input.addEventListener('paste', pasted);
  input.addEventListener('input', (event) => {
    if (event.inputType === 'insertFromPaste' || event.inputType === 'insertFromDrop') return; // paste and drop run at once
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      if (!input.value.trim()) {
        // The box emptied by hand: its analysis goes too (a batch of files stays).
        if (typedRunAllowed() && lastText !== null) {
          lastText = null;
          onCleared();
        }
        return;
      }
      if (typedRunAllowed()) run();
      else onTypedHeld();
    }, TYPING_PAUSE_MS);
  });
  $('analyze').addEventListener('click', () => run(true));
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      run(true);
    }
  });

  const files = (list) => {
    const all = Array.from(list || []).map((file) => ({ file, path: relativePath(file.webkitRelativePath) }));
    // A chosen folder: its .txt and .pdf files in path order, as the command line reads folders.
    const entries = all.filter((e) => !e.path || isLetterFileName(e.path));
    if (all.length && !entries.length) {
      onError('No letters in the folder', 'The folder holds no .txt or .pdf file (other files inside a folder are skipped, as the command line does).');
      return;
    }
    onEntries(entries.some((e) => e.path) ? byPath(entries) : entries);
  };
  for (const id of ['file-input', 'folder-input']) {
    $(id).addEventListener('change', (event) => {
      files(event.target.files);
      event.target.value = '';
    });
  }

  const dropzone = $('input-section');
  const hasFiles = (event) => Array.from(event.dataTransfer ? event.dataTransfer.types : []).includes('Files');
  window.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropzone.classList.add('dragging');
  });
  window.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) dropzone.classList.remove('dragging');
  });
  window.addEventListener('drop', (event) => {
    dropzone.classList.remove('dragging');
    if (!hasFiles(event)) {
      if (event.target === input) pasted(); // text dropped into the box
      return;
    }
    event.preventDefault();
    const dropped = droppedEntries(event.dataTransfer);
    if (dropped) {
      dropped.then((entries) => {
        if (entries.length) onEntries(entries);
        else onError('No letters in the folder', 'The dropped folder holds no .txt or .pdf file (other files inside a folder are skipped, as the command line does).');
      }, (err) => onError('The dropped folder could not be read', err.message));
    } else files(event.dataTransfer.files);
  });

  return {
    /** Forget the last analysed text (a new run of files replaced it). */
    forget() {
      lastText = null;
      clearTimeout(typingTimer);
    },
  };
}

/**
 * Dropped folders (where the browser gives entries): every .txt and .pdf file inside, in
 * name order, with its path relative to the dropped folder. Null when only
 * files were dropped (then dataTransfer.files is used as it is).
 */
function droppedEntries(dt) {
  const items = Array.from(dt.items || []).filter((i) => i.kind === 'file');
  const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
  if (!entries.some((e) => e && e.isDirectory)) return null;
  const files = items.map((i) => i.getAsFile());
  const readAll = (reader) => new Promise((resolve, reject) => {
    const all = [];
    const next = () => reader.readEntries((batch) => {
      if (!batch.length) resolve(all);
      else {
        all.push(...batch);
        next();
      }
    }, reject);
    next();
  });
  const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
  async function walkDir(dir, prefix, out) {
    const children = (await readAll(dir.createReader())).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const c of children) {
      if (c.isDirectory) await walkDir(c, `${prefix}${c.name}/`, out);
      else if (isLetterFileName(c.name)) out.push({ file: await fileOf(c), path: `${prefix}${c.name}` });
    }
  }
  return (async () => {
    const out = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e && e.isDirectory) await walkDir(e, '', out);
      else if (files[i]) out.push({ file: files[i], path: null });
    }
    return out;
  })();
}
