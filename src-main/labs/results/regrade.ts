// Regrading a results bundle from its rules: the pack must be the very one that graded it (id,
// version and content hash, else the bundle is reported, never guessed at), then every attempt
// and the final submission are graded again and compared with what the bundle claims. A hand-
// edited score, or objective, is flagged; the grade that counts is always the recomputed one.
// Pure; runs anywhere.
//
// What a regrade cannot see: hints and answers are the learner's own record, so a bundle edited
// to use fewer hints *and* to claim the matching score is consistent and passes. Rules, by
// contrast, cannot lie: the score is whatever they earn.
import type { LabGrade } from '../grader'
import type { Lab, LabPack } from '../lab-pack'
import { canonicalJson } from './canonical-json'
import { GradeCache, submissionOf } from './grade-cache'
import type { BundleAttempt, Learner, ResultsBundle, SubmissionData } from './results-bundle'

/** Scores are sums of points and fractions of them: closer than this is equal. */
const EPSILON = 1e-6
const differ = (a: number, b: number) => Math.abs(a - b) > EPSILON

export interface AttemptCheck {
  /** index in the lab's attempts */
  index: number
  submittedAt: string
  claimed: number
  claimedMax: number
  score: number
  maxScore: number
  /** the claimed score or an objective's claim differs from the regrade */
  tampered: boolean
}

export interface LabResult {
  labId: string
  title: string
  attempted: boolean
  /** recomputed from the final submission; 0 when not attempted */
  score: number
  maxScore: number
  /** every objective met, as the app's lab summary counts a pass (hints cost points only) */
  passed: boolean
  /** the final submission's regrade, null when not attempted */
  grade: LabGrade | null
  final: SubmissionData | null
  attempts: AttemptCheck[]
  /** what a regrade found wrong in this lab, in words */
  flags: string[]
}

export interface GradedBundle {
  ok: true
  learner: Learner
  exportedAt: string
  labs: LabResult[]
  score: number
  maxScore: number
  /** any flag in any lab */
  tampered: boolean
  /** every flag, each starting with its lab */
  flags: string[]
}

export interface UnusableBundle {
  ok: false
  /** null when the bundle did not even read */
  learner: Learner | null
  error: string
}

export type BundleResult = GradedBundle | UnusableBundle

/** Why this pack cannot regrade the bundle, or null when it is the pack that graded it. */
export function packMismatch(pack: LabPack, bundle: ResultsBundle): string | null {
  const { id, version } = pack.manifest
  const b = bundle.pack
  if (b.id !== id) return `is for the pack "${b.id}", not "${id}"`
  if (b.version !== version)
    return `was graded by ${b.id} version ${b.version}, not ${version}: regrade it against that version of the pack`
  if (pack.hash && b.hash !== pack.hash)
    return `was graded by ${b.id} ${b.version} with content ${b.hash.slice(0, 19)}…, but this pack's content is ${pack.hash.slice(0, 19)}…: the same version with other files`
  return null
}

const fmt = (n: number) => String(Math.round(n * 100) / 100)

function checkAttempt(lab: Lab, a: BundleAttempt, index: number, cache: GradeCache) {
  const grade = cache.grade(lab, submissionOf(a))
  const why: string[] = []
  if (differ(a.score, grade.score) || differ(a.maxScore, grade.maxScore))
    why.push(
      `claims ${fmt(a.score)} of ${fmt(a.maxScore)}, its rules earn ${fmt(grade.score)} of ${fmt(grade.maxScore)}`,
    )
  for (const claimed of a.objectives) {
    const real = grade.objectives.find((o) => o.id === claimed.id)
    if (!real) why.push(`claims an objective "${claimed.id}" the lab does not have`)
    else if (real.passed !== claimed.passed || differ(real.earned, claimed.earned))
      why.push(
        `claims "${real.title}" ${claimed.passed ? 'passed' : 'failed'} for ${fmt(claimed.earned)}, regrade: ${real.passed ? 'passed' : 'failed'} for ${fmt(real.earned)}`,
      )
  }
  const check: AttemptCheck = {
    index,
    submittedAt: a.submittedAt,
    claimed: a.score,
    claimedMax: a.maxScore,
    score: grade.score,
    maxScore: grade.maxScore,
    tampered: why.length > 0,
  }
  return { check, why }
}

function regradeLab(
  lab: Lab,
  entry: ResultsBundle['labs'][number] | undefined,
  cache: GradeCache,
): LabResult {
  const maxScore = lab.objectives.reduce((s, o) => s + o.points, 0)
  const base = { labId: lab.id, title: lab.title, maxScore }
  if (!entry || !entry.final)
    return {
      ...base,
      attempted: false,
      score: 0,
      passed: false,
      grade: null,
      final: null,
      attempts: [],
      flags: [],
    }
  const flags: string[] = []
  const attempts = entry.attempts.map((a, i) => {
    const { check, why } = checkAttempt(lab, a, i, cache)
    for (const w of why) flags.push(`${lab.id} attempt ${i + 1}: ${w}`)
    return check
  })
  const final = submissionOf(entry.final)
  const counted = entry.attempts[entry.final.attempt]
  if (canonicalJson(final) !== canonicalJson(submissionOf(counted)))
    flags.push(
      `${lab.id}: the final submission is not the one of attempt ${entry.final.attempt + 1} it names`,
    )
  const grade = cache.grade(lab, final)
  return {
    ...base,
    attempted: true,
    score: grade.score,
    maxScore: grade.maxScore,
    // every objective met, whatever hints cost (storage/lab-summary.ts metEveryObjective)
    passed: grade.objectives.every((o) => o.passed),
    grade,
    final,
    attempts,
    flags,
  }
}

/** Regrades one bundle that read. A `cache` shared across a class makes repeats free. */
export function regrade(
  pack: LabPack,
  bundle: ResultsBundle,
  cache = new GradeCache(),
): BundleResult {
  const mismatch = packMismatch(pack, bundle)
  if (mismatch) return { ok: false, learner: bundle.learner, error: `this bundle ${mismatch}` }
  const entries = new Map(bundle.labs.map((l) => [l.labId, l]))
  const labs = pack.labs.map((lab) => regradeLab(lab, entries.get(lab.id), cache))
  const flags = labs.flatMap((l) => l.flags)
  const known = new Set(pack.labs.map((l) => l.id))
  for (const l of bundle.labs)
    if (!known.has(l.labId)) flags.push(`${l.labId}: this pack has no such lab`)
  return {
    ok: true,
    learner: bundle.learner,
    exportedAt: bundle.exportedAt,
    labs,
    score: labs.reduce((s, l) => s + l.score, 0),
    maxScore: labs.reduce((s, l) => s + l.maxScore, 0),
    tampered: flags.length > 0,
    flags,
  }
}
