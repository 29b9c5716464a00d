// "Passed" is every objective met: a hint costs points, not the pass. A learner who took a hint
// and then met every objective has passed, in the regrade, the gradebook line and the class
// summary, as on Home. Runs in Vitest (Node).
import { beforeAll, describe, expect, it } from 'vitest'
import { answerKey, gradeLab } from '../../../src-main/labs/grader'
import type { LabPack } from '../../../src-main/labs/lab-pack'
import { buildBundle } from '../../../src-main/labs/results/build-bundle'
import { labFeedback } from '../../../src-main/labs/results/gradebooks'
import { regrade } from '../../../src-main/labs/results/regrade'
import { encodeSubmission } from '../../../src-main/labs/results/submission-text'
import { loadCourse } from './class-fixture'

let pack: LabPack
beforeAll(async () => {
  pack = await loadCourse()
})

/** One attempt at a lab with its solution, having taken `hintsUsed` hints. */
function bundleOf(labId: string, hintsUsed: number) {
  const lab = pack.labs.find((l) => l.id === labId)!
  const key = answerKey(lab, lab.solution!)
  const g = gradeLab(lab, { rules: lab.solution!, ...key, hintsUsed })
  return buildBundle(
    pack,
    [
      {
        packVersion: pack.manifest.version,
        labId,
        rules: encodeSubmission(lab.solution!, key.answers),
        objectives: g.objectives,
        score: g.score,
        maxScore: g.maxScore,
        hintsUsed,
        startedAt: 1_000,
        submittedAt: 2_000,
        predictions: key.predictions,
      },
    ],
    { learner: { name: 'A', id: 'a@school.example' }, exportedAt: 3_000, appVersion: '0.1.0' },
  ).bundle
}

describe('a lab passed with a hint', () => {
  it('is passed, with the hint cost off its score, and said so in the gradebook', () => {
    const r = regrade(pack, bundleOf('03-stateless-web', 1))
    if (!r.ok) throw new Error(r.error)
    const lab = r.labs.find((l) => l.labId === '03-stateless-web')!
    expect(lab.grade!.hintPenalty).toBeGreaterThan(0)
    expect(lab.score).toBeLessThan(lab.maxScore)
    expect(lab.passed).toBe(true)
    expect(labFeedback(lab)).toMatch(/^passed\. hints cost \d+/)
  })

  it('is not passed when an objective is missed, hints or not', () => {
    const r = regrade(pack, bundleOf('03-stateless-web', 0))
    if (!r.ok) throw new Error(r.error)
    const other = r.labs.find((l) => l.labId === '04-updates-two-pairs')!
    expect(other.attempted).toBe(false)
    expect(other.passed).toBe(false)
  })
})
