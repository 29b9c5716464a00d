// Problems a dialect's parser found (line and column), as CodeMirror diagnostics that underline
// the word they point at. Runs in the renderer.
import type { Diagnostic } from '@codemirror/lint'
import type { EditorState } from '@codemirror/state'
import type { TextDiagnostic } from '../../src-main/shared/lab-types'

export function toDiagnostics(state: EditorState, list: readonly TextDiagnostic[]): Diagnostic[] {
  return list.map((d) => {
    const line = state.doc.line(Math.min(Math.max(1, d.line), state.doc.lines))
    const from = Math.min(line.from + Math.max(0, d.column - 1), line.to)
    const word = /^[^\s;{}",:]*/.exec(state.doc.sliceString(from, line.to))?.[0].length ?? 0
    return {
      from,
      to: Math.max(from + word, Math.min(from + 1, line.to)),
      severity: 'error',
      message: d.message,
    }
  })
}
