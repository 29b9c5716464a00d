// CodeMirror's look from the app's theme (CSS variables reach into the editor's shadow root), for
// every rule editor. Runs in the renderer.
import { EditorView } from '@codemirror/view'

export const editorTheme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--panel)', fontSize: '0.95rem' },
  '&.cm-focused': { outline: '3px solid var(--focus)' },
  '.cm-content': {
    caretColor: 'var(--fg)',
    fontFamily: "ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace",
  },
  '.cm-gutters': {
    backgroundColor: 'var(--panel)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--bg)',
    color: 'var(--fg)',
    border: '1px solid var(--border)',
  },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)',
  },
})
