// The author's editor: CodeMirror 6 with Markdown, bundled by esbuild into
// one ES module (scripts/setup) that the app imports only on its editor
// routes. The app talks to it through this small surface, in UTF-16 offsets
// (CodeMirror's), which the app converts from the core's byte spans.
import { EditorView, basicSetup } from 'codemirror';
import { markdown } from '@codemirror/lang-markdown';
import { EditorSelection } from '@codemirror/state';

/**
 * Mounts an editor in `parent` holding `doc`; calls `onChange(text)` after
 * every change of the document. Returns a handle.
 */
export function createEditor(parent, doc, onChange) {
  const view = new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      markdown(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Post source', 'data-testid': 'editor-input' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          performance.mark('folio-keystroke');
          onChange(update.state.doc.toString());
        }
      }),
    ],
  });
  const handle = {
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
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    getDoc() {
      return view.state.doc.toString();
    },
    destroy() {
      view.destroy();
    },
  };
  window.__folioEditor = handle;
  return handle;
}

export function setCursor(handle, line) { handle.setCursor(line); }
export function applyEdit(handle, from, to, text) { handle.applyEdit(from, to, text); }
