// The built-in course (labs/portwise-basics): it loads and validates cleanly, every lab's reference
// solution earns full marks with the answer key, and every lab's starting rules do not.
import { beforeAll, describe, expect, it } from 'vitest'
import { answerKey, gradeLab } from '../../../src-main/labs/grader'
import { formatProblem, type LabPack } from '../../../src-main/labs/lab-pack'
import { loadPack } from '../../../src-main/labs/loader/pack-loader'

const COURSE = new URL('../../../labs/portwise-basics', import.meta.url).pathname
let pack: LabPack

beforeAll(async () => {
  const loaded = await loadPack(COURSE)
  expect(loaded.problems.map(formatProblem)).toEqual([])
  pack = loaded.pack!
})

describe('the built-in course', () => {
  it('has at least ten labs, in order', () => {
    expect(pack.labs.length).toBeGreaterThanOrEqual(10)
    expect(pack.labs.map((l) => l.id)).toEqual(pack.manifest.labs)
  })

  it('every solution passes every objective with full marks', () => {
    for (const lab of pack.labs) {
      const rules = lab.solution!
      const grade = gradeLab(lab, { rules, ...answerKey(lab, rules), hintsUsed: 0 })
      const failed = grade.objectives
        .filter((o) => !o.passed)
        .map((o) => `${lab.id}/${o.id}: ${o.detail}`)
      expect(failed).toEqual([])
      expect(grade.score).toBe(grade.maxScore)
    }
  })

  it('every starting state fails an objective about the rules, even with every answer right', () => {
    for (const lab of pack.labs) {
      const grade = gradeLab(lab, {
        rules: lab.start,
        ...answerKey(lab, lab.solution!),
        hintsUsed: 0,
      })
      const ruleFailures = grade.objectives.filter(
        (o) => !o.passed && o.type !== 'question' && o.type !== 'predict',
      )
      expect(ruleFailures.length, `${lab.id} starts solved`).toBeGreaterThan(0)
      expect(grade.score).toBeLessThan(grade.maxScore)
    }
  })

  it('grading the same submission twice gives the same result', () => {
    for (const lab of pack.labs) {
      const submission = { rules: lab.start, answers: {}, predictions: {}, hintsUsed: 1 }
      expect(gradeLab(lab, submission)).toEqual(gradeLab(lab, submission))
    }
  })
})
