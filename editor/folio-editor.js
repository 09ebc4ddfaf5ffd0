// The author's editor: CodeMirror 6 with Markdown, bundled by esbuild into
// one ES module (scripts/setup) that the app imports only on its editor
// routes. The app talks to it through this small surface, in UTF-16 offsets
// (CodeMirror's), which the app converts from the core's byte spans.
import { EditorView, basicSetup } from 'codemirror';
import { markdown } from '@codemirror/lang-markdown';
import { EditorSelection } from '@codemirror/state';
import { isolateHistory } from '@codemirror/commands';

// When the preview is rendered (the scheduling of `onChange`):
// - CodeMirror applies every keystroke at once and keeps the text, so no
//   keystroke is ever dropped; the preview only has to catch up with the
//   latest text, so changes are coalesced: the document is read (one string
//   copy) and handed to the app at most once per animation frame. A change
//   after a quiet frame is handed over right away (a microtask after
//   CodeMirror's own update), so a lone keystroke waits for nothing.
// - When previews cost more than SLOW_MS (the median of the last few: one
//   slow preview, a garbage collection, does not count; the budget missed:
//   a very big post), a keystroke after a pause of PAUSE_MS is still rendered at
//   once, but while typing goes on the preview is debounced: it follows when
//   typing pauses for PAUSE_MS (and at least every MAX_WAIT_MS), so the
//   editor itself stays fluid instead of blocking on every render.
const FRAME_MS = 16;
const SLOW_MS = 50;
const PAUSE_MS = 150;
const MAX_WAIT_MS = 1000;

/**
 * Mounts an editor in `parent` holding `doc`; calls `onChange(text)` after
 * changes of the document (coalesced, see above). Returns a handle.
 */
export function createEditor(parent, doc, onChange) {
  let pending = false; // a change not yet handed to the app
  let pendingSince = 0;
  let lastFlush = -Infinity;
  let lastChange = -Infinity;
  let timer = 0;
  let cost = 0; // the median of the last previews' costs, reported by the app (ms)
  const costs = [];
  let view;
  let handle;
  const flush = () => {
    if (!pending) return;
    pending = false;
    clearTimeout(timer);
    timer = 0;
    lastFlush = performance.now();
    performance.mark('folio-flush');
    const text = view.state.doc.toString();
    performance.measure('folio-phase-doc', { start: lastFlush });
    onChange(text);
  };
  const changed = () => {
    const now = performance.now();
    const quiet = now - lastChange >= PAUSE_MS;
    lastChange = now;
    if (!pending) {
      pending = true;
      pendingSince = now;
      // Measured from the first keystroke the preview does not show yet.
      performance.mark('folio-keystroke');
      if (cost <= SLOW_MS || quiet) {
        if (now - lastFlush >= FRAME_MS) queueMicrotask(flush);
        else requestAnimationFrame(flush);
        return;
      }
    }
    if (cost > SLOW_MS) {
      clearTimeout(timer);
      const wait = Math.max(0, Math.min(PAUSE_MS, pendingSince + MAX_WAIT_MS - now));
      timer = setTimeout(() => requestAnimationFrame(flush), wait);
    }
  };
  view = new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      markdown(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Post source', 'data-testid': 'editor-input' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) changed();
      }),
      // A file dropped on the editor opens it (its text replaces the
      // document, one undoable change), rather than being inserted.
      EditorView.domEventHandlers({
        drop(event) {
          const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
          if (!file) return false;
          event.preventDefault();
          file.text().then((text) => handle.setDoc(text));
          return true;
        },
      }),
    ],
  });
  handle = {
    view,
    /** Moves the cursor to the start of 1-based `line`, scrolls there, focuses. */
    setCursor(line) {
      const n = Math.max(1, Math.min(line, view.state.doc.lines));
      const pos = view.state.doc.line(n).from;
      view.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
      view.focus();
    },
    /** Replaces `from..to` by `text` as one transaction (one undo step). */
    applyEdit(from, to, text) {
      view.dispatch({ changes: { from, to, insert: text }, userEvent: 'input.fix', scrollIntoView: true });
    },
    /** Replaces the whole document (restoring a draft; undoable too). */
    setDoc(text) {
      // Its own undo step, never joined with the typing before or after it.
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        annotations: isolateHistory.of('full'),
      });
    },
    /** Hands a pending change over now (before a fix or a save reads the text). */
    flush() {
      flush();
    },
    getDoc() {
      return view.state.doc.toString();
    },
    /** Saves the document as a file named `name` (the browser's download). */
    download(name) {
      const blob = new Blob([view.state.doc.toString()], { type: 'text/markdown;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name;
      a.style.display = 'none';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    },
    /** Opens the file chosen in `input` (an <input type=file>): its text replaces the document. */
    openFile(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      file.text().then((text) => {
        handle.setDoc(text);
        input.value = '';
      });
    },
    /** The app reports what the last preview cost (ms): it picks the scheduling. */
    previewCost(ms) {
      costs.push(ms);
      if (costs.length > 5) costs.shift();
      cost = costs.slice().sort((a, b) => a - b)[costs.length >> 1];
    },
    destroy() {
      clearTimeout(timer);
      pending = false;
      view.destroy();
    },
  };
  window.__folioEditor = handle;
  return handle;
}

export function setCursor(handle, line) { handle.setCursor(line); }
export function applyEdit(handle, from, to, text) { handle.applyEdit(from, to, text); }
