// Where a learner stands in each lab of a pack, worked out from their drafts and attempts. Pure:
// takes rows, returns summaries; runs anywhere.
import type { AttemptRow } from './attempts'
import type { LabDraft } from './drafts'

export type LabStatus = 'not-started' | 'in-progress' | 'passed'

export interface LabSummary {
  labId: string
  status: LabStatus
  /**
   * score of the best attempt: one that met every objective before one that did not, then the
   * highest fraction of its maximum, the later one on a tie (results/build-bundle.ts `bestAttempt`,
   * so the score Home shows is the one the exported results count)
   */
  bestScore: number | null
  /** the maximum of that same attempt: a newer pack version may grade out of a different total */
  maxScore: number | null
  lastAttemptAt: number | null
}

type AttemptScore = Pick<AttemptRow, 'labId' | 'score' | 'maxScore' | 'submittedAt' | 'objectives'>

/**
 * Every objective met: what "passed" means for a lab. Hints cost points, not the pass: a learner
 * who took one and then met every objective has passed, with a lower score (taking a hint once
 * must not leave a lab "in progress" for good). Older rows whose objectives do not read fall back
 * to full marks.
 */
export function metEveryObjective(
  a: Pick<AttemptRow, 'objectives' | 'score' | 'maxScore'>,
): boolean {
  const objectives = a.objectives
  if (!Array.isArray(objectives) || objectives.length === 0) return a.score === a.maxScore
  return objectives.every(
    (o) => typeof o === 'object' && o !== null && (o as { passed?: unknown }).passed === true,
  )
}

/**
 * The rule:
 * - passed: some attempt met every objective (metEveryObjective), whatever came after; a lab
 *   once passed stays passed, as a learner would expect;
 * - in-progress: not passed, and there is an attempt or a draft with something other than
 *   whitespace in it (opening a lab saves an empty draft; that is not starting it);
 * - not-started: otherwise.
 * Labs appear in the order of `labIds` when given (so labs with no data show as not-started),
 * followed by any other lab that has data (e.g. one a newer pack version dropped), by id.
 */
export function summarizeLabs(
  drafts: readonly LabDraft[],
  attempts: readonly AttemptScore[],
  labIds: readonly string[] = [],
): LabSummary[] {
  const ids = new Set(labIds)
  const extra = new Set<string>()
  for (const { labId } of [...drafts, ...attempts]) if (!ids.has(labId)) extra.add(labId)
  const order = [...labIds, ...[...extra].sort()]
  return order.map((labId) => {
    const mine = attempts.filter((a) => a.labId === labId)
    const best = mine.reduce<AttemptScore | null>(
      (b, a) => (b === null || rank(a, b) >= 0 ? a : b),
      null,
    )
    const started = mine.length > 0 || drafts.some((d) => d.labId === labId && d.text.trim() !== '')
    const status: LabStatus = mine.some(metEveryObjective)
      ? 'passed'
      : started
        ? 'in-progress'
        : 'not-started'
    return {
      labId,
      status,
      bestScore: best?.score ?? null,
      maxScore: best?.maxScore ?? null,
      lastAttemptAt: mine.length > 0 ? Math.max(...mine.map((a) => a.submittedAt)) : null,
    }
  })
}

/** Full marks on a lab graded out of 0 counts as 1, so it ranks with other full marks. */
function fraction(a: AttemptScore): number {
  return a.maxScore === 0 ? 1 : a.score / a.maxScore
}

/**
 * Positive when `a` is the better attempt. A pass ranks first: an early 22/23 that missed a
 * 1-point objective outranked a later pass at 20/23 after three hints, so Home said Passed while
 * the exported results counted the attempt that was not.
 */
function rank(a: AttemptScore, b: AttemptScore): number {
  return Number(metEveryObjective(a)) - Number(metEveryObjective(b)) || fraction(a) - fraction(b)
}
