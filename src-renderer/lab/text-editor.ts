// A CodeMirror 6 editor as Portwise's text editors share it: line numbers, the house theme, undo,
// bracket closing, a lint gutter and an accessible name. Each adds its own language, keys and
// change handling. Runs in the renderer.
import { closeBrackets } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { lintGutter } from '@codemirror/lint'
import { EditorState, type Extension } from '@codemirror/state'
import { EditorView, type KeyBinding, type ViewUpdate, keymap, lineNumbers } from '@codemirror/view'
import { editorTheme } from './editor-theme'

export interface TextEditorOptions {
  doc: string
  /** the accessible name, and the id of the help text that describes the editor */
  label: string
  describedBy: string
  /** the editor's own: a language, highlighting, completion */
  extensions?: Extension[]
  /** keys before the defaults (Ctrl+Enter to run) */
  keys?: readonly KeyBinding[]
  /** Tab indents, and Escape then Tab leaves (CodeMirror's convention); otherwise Tab moves on */
  tabIndents?: boolean
  onUpdate?: (u: ViewUpdate) => void
}

export function createTextEditor(host: HTMLElement, o: TextEditorOptions): EditorView {
  // CodeMirror lives in a shadow root: there its styles go into a constructable stylesheet, which
  // the page's CSP (style-src 'self') allows; in the document it would add a <style> element,
  // which the CSP refuses, and the editor would show unstyled.
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  return new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: o.doc,
      extensions: [
        lineNumbers(),
        editorTheme,
        history(),
        closeBrackets(),
        ...(o.extensions ?? []),
        lintGutter(),
        keymap.of([
          ...(o.keys ?? []),
          ...defaultKeymap,
          ...historyKeymap,
          ...(o.tabIndents ? [indentWithTab] : []),
        ]),
        EditorView.contentAttributes.of({
          'aria-label': o.label,
          'aria-describedby': o.describedBy,
        }),
        ...(o.onUpdate ? [EditorView.updateListener.of(o.onUpdate)] : []),
      ],
    }),
  })
}

/** Puts `text` in the editor unless it is there already (a change the editor made itself). */
export function showText(view: EditorView, text: string): void {
  if (text === view.state.doc.toString()) return
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })
}
