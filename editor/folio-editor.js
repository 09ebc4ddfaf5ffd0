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
    /**
     * Keeps `pane` (the preview, a scroll container whose blocks carry the
     * source line they start at, `.folio-block[data-line]`) and the editor
     * scrolled to the same source line, both ways, while `setScrollSync`
     * says so (on at first). Each side's scroll is handled once per frame;
     * a scroll this code caused on the other side is not synced back.
     */
    syncScroll(pane) {
      const blocks = () => pane.querySelectorAll('.post-body .folio-block[data-line]');
      // A block is `display: contents`: its boxes are its children's.
      const top = (b) => (b.firstElementChild || b).getBoundingClientRect().top;
      const bottom = (b) => (b.lastElementChild || b).getBoundingClientRect().bottom;
      // The last block starting at or before `line`, by binary search (blocks are in order).
      const blockAt = (list, line) => {
        let lo = 0, hi = list.length - 1, found = null;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (Number(list[mid].dataset.line) <= line) { found = list[mid]; lo = mid + 1; } else hi = mid - 1;
        }
        return found;
      };
      // The first block whose bottom is below the pane's top.
      const topBlock = (list, paneTop) => {
        let lo = 0, hi = list.length - 1, found = null;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (bottom(list[mid]) > paneTop) { found = list[mid]; hi = mid - 1; } else lo = mid + 1;
        }
        return found;
      };
      // The side being scrolled by the user drives; the scrolls this code
      // makes on the other side (and their settling) are not synced back
      // while it does (LOCK_MS after its last scroll).
      const LOCK_MS = 200;
      let driver = null;
      let lockUntil = 0;
      let frame = 0;
      const drive = (side) => { driver = side; lockUntil = performance.now() + LOCK_MS; };
      const fromEditor = () => {
        const scrolled = view.scrollDOM.scrollTop;
        const line = view.state.doc.lineAt(view.lineBlockAtHeight(scrolled).from).number;
        const target = blockAt(blocks(), line);
        // Blocks out of view have estimated heights (content-visibility),
        // which become real a frame or two after they come near the view,
        // moving the target: align it again over the next frames.
        const settle = (rounds) => {
          drive('editor');
          const next = target ? pane.scrollTop + top(target) - pane.getBoundingClientRect().top : 0;
          const want = Math.round(Math.max(0, Math.min(next, pane.scrollHeight - pane.clientHeight)));
          if (Math.abs(want - pane.scrollTop) >= 2) pane.scrollTop = want;
          if (rounds > 0) requestAnimationFrame(() => requestAnimationFrame(() => settle(rounds - 1)));
        };
        settle(5);
      };
      const fromPane = () => {
        const target = topBlock(blocks(), pane.getBoundingClientRect().top);
        const line = target ? Math.min(Number(target.dataset.line), view.state.doc.lines) : 1;
        const next = view.lineBlockAt(view.state.doc.line(Math.max(1, line)).from).top;
        const max = view.scrollDOM.scrollHeight - view.scrollDOM.clientHeight;
        drive('pane');
        view.scrollDOM.scrollTop = Math.round(Math.max(0, Math.min(next, max)));
      };
      const on = (side, run) => () => {
        if (!handle.scrollSync) return;
        if (driver !== side && performance.now() < lockUntil) return;
        drive(side);
        if (frame) return;
        frame = requestAnimationFrame(() => { frame = 0; run(); });
      };
      const onEditor = on('editor', fromEditor);
      const onPane = on('pane', fromPane);
      view.scrollDOM.addEventListener('scroll', onEditor, { passive: true });
      pane.addEventListener('scroll', onPane, { passive: true });
      handle.unsync = () => {
        view.scrollDOM.removeEventListener('scroll', onEditor);
        pane.removeEventListener('scroll', onPane);
        cancelAnimationFrame(frame);
      };
    },
    scrollSync: true,
    /** Turns scroll sync on or off. */
    setScrollSync(on) {
      handle.scrollSync = Boolean(on);
    },
    destroy() {
      clearTimeout(timer);
      pending = false;
      if (handle.unsync) handle.unsync();
      view.destroy();
    },
  };
  window.__folioEditor = handle;
  return handle;
}

export function setCursor(handle, line) { handle.setCursor(line); }
export function applyEdit(handle, from, to, text) { handle.applyEdit(from, to, text); }
