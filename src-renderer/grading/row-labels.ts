// What the Instructor table says about a bundle in a few words: a regrade's findings and the
// reasons a bundle is not graded, each a label with a symbol so it never relies on colour. The
// full sentences come from main. Pure; runs in the renderer.
import type { FlagKind, GradingRow, UnusableKind } from '../../src-main/shared/grading-view'

export const FLAG_LABELS: Record<FlagKind, string> = {
  'score-edited': 'score edited by hand',
  'objective-edited': 'objective results edited by hand',
  'final-altered': 'final submission altered',
  'unknown-lab': 'a lab this pack does not have',
}

export const UNUSABLE_LABELS: Record<UnusableKind, string> = {
  unreadable: 'not a results bundle — not graded',
  'other-pack': 'another pack — not graded',
  'other-version': 'another pack version — not graded',
  'other-content': 'other pack files — not graded',
}

/** The labels shown in a row's Flags cell. */
export function rowLabels(row: GradingRow): string[] {
  if (row.status === 'graded') return row.flagKinds.map((k) => FLAG_LABELS[k])
  if (row.status === 'unusable') return [UNUSABLE_LABELS[row.kind]]
  return ['replaced by a later bundle']
}

/** Points as people write them: `7.5`, `12`, never `7.499999`. */
export const points = (n: number) => String(Math.round(n * 100) / 100)
