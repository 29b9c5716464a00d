// Grading with memory: a class hands in the same rules again and again (the reference answer,
// the same near miss), and grading is deterministic (grader.ts), so a submission already graded
// is looked up instead of traced again. This is what makes a thousand bundles take seconds.
// Pure; runs anywhere.
import { gradeLab, type LabGrade } from '../grader'
import type { Lab } from '../lab-pack'
import { canonicalJson } from './canonical-json'
import type { SubmissionData } from './results-bundle'

export class GradeCache {
  private readonly grades = new Map<string, LabGrade>()
  hits = 0
  misses = 0

  /** `limit` bounds memory on a huge, all-different class: past it, old entries are dropped. */
  constructor(private readonly limit = 50_000) {}

  grade(lab: Lab, submission: SubmissionData): LabGrade {
    const key = `${lab.id}\0${canonicalJson(submission)}`
    const cached = this.grades.get(key)
    if (cached) {
      this.hits++
      return cached
    }
    this.misses++
    const grade = gradeLab(lab, submission)
    if (this.grades.size >= this.limit) this.grades.delete(this.grades.keys().next().value!)
    this.grades.set(key, grade)
    return grade
  }
}

/** The parts of a submission the grader reads, in a fixed shape (so equal ones compare equal). */
export const submissionOf = (s: SubmissionData): SubmissionData => ({
  rules: s.rules,
  answers: s.answers,
  predictions: s.predictions,
  hintsUsed: s.hintsUsed,
})
