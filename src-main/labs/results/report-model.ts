// What a results report says, once, for both its forms (report-html.ts, report-pdf.ts): the
// learner and pack, the total, and per lab each objective's result with, for each failure, its
// detail and the trace of the failing flow. Built from a regrade, so the report shows what the
// rules earn, and any mismatch with the bundle's claims is listed. Pure; returns data.
import type { LabPack } from '../lab-pack'
import { failureTraces, type FailureTrace } from './failure-trace'
import { readableTime } from './iso-time'
import type { GradedBundle } from './regrade'
import type { ResultsBundle } from './results-bundle'

export interface ObjectiveLine {
  title: string
  passed: boolean
  earned: number
  points: number
  detail: string
  trace: FailureTrace | null
}

export interface LabSection {
  labId: string
  title: string
  attempted: boolean
  passed: boolean
  score: number
  maxScore: number
  attempts: number
  hintsUsed: number
  hintPenalty: number
  /** rules that do not compile */
  errors: string[]
  objectives: ObjectiveLine[]
  flags: string[]
}

export interface ReportModel {
  title: string
  /** `How firewalls really work — portwise-basics 1.0.0 (sha256:…)` */
  pack: string
  learnerName: string
  learnerId: string
  exportedAt: string
  score: number
  maxScore: number
  passedLabs: number
  labs: LabSection[]
  /** regrade findings; empty when the bundle's claims all hold */
  flags: string[]
  language: string
}

export function reportModel(
  pack: LabPack,
  bundle: ResultsBundle,
  graded: GradedBundle,
): ReportModel {
  const byId = new Map(pack.labs.map((l) => [l.id, l]))
  const labs = graded.labs.map((l): LabSection => {
    const lab = byId.get(l.labId)!
    const grade = l.grade
    const traces =
      grade && l.final
        ? failureTraces(lab, l.final, grade.objectives)
        : new Map<string, FailureTrace>()
    const objectives = lab.objectives.map((o): ObjectiveLine => {
      const r = grade?.objectives.find((x) => x.id === o.id)
      return {
        title: o.title,
        passed: r?.passed ?? false,
        earned: r?.earned ?? 0,
        points: o.points,
        detail: r ? r.detail : 'not attempted',
        trace: traces.get(o.id) ?? null,
      }
    })
    return {
      labId: l.labId,
      title: l.title,
      attempted: l.attempted,
      passed: l.passed,
      score: l.score,
      maxScore: l.maxScore,
      attempts: l.attempts.length,
      hintsUsed: l.final?.hintsUsed ?? 0,
      hintPenalty: grade?.hintPenalty ?? 0,
      errors: grade?.errors ?? [],
      objectives,
      flags: l.flags,
    }
  })
  const { title, id, version } = pack.manifest
  return {
    title: `${title}: results of ${bundle.learner.name}`,
    pack: `${title} — ${id} ${version} (${pack.hash || 'not hashed'})`,
    learnerName: bundle.learner.name,
    learnerId: bundle.learner.id,
    exportedAt: readableTime(bundle.exportedAt),
    score: graded.score,
    maxScore: graded.maxScore,
    passedLabs: graded.labs.filter((l) => l.passed).length,
    labs,
    flags: graded.flags,
    language: pack.manifest.language,
  }
}
