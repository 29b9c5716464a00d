// Building a learner's results bundle from what the progress store holds: the pack's identity,
// every attempt recorded under this pack version, and per lab the submission that counts. Pure:
// takes rows and a time, returns data; the caller (ipc/results-service.ts) reads the store.
import { isObject } from '../../engine/field-reader'
import { NETWORK_KEY } from '../lab-network'
import type { Lab, LabPack } from '../lab-pack'
import { isoTime } from './iso-time'
import {
  type BundleAttempt,
  type BundleLab,
  type ClaimedObjective,
  type Learner,
  RESULTS_FORMAT,
  type ResultsBundle,
} from './results-bundle'
import { decodeSubmission } from './submission-text'

/** An attempt as storage/attempts.ts `AttemptRow` holds it (only the fields used). */
export interface StoredAttempt {
  packVersion: string
  labId: string
  /** the submission text (submission-text.ts) */
  rules: string
  objectives: unknown
  score: number
  maxScore: number
  hintsUsed: number
  /** ms since the epoch */
  startedAt: number
  submittedAt: number
  predictions: unknown
}

export interface BuiltBundle {
  bundle: ResultsBundle
  /** attempts left out: recorded under another version of the pack, or at a lab it no longer has */
  skipped: number
}

export interface BundleMeta {
  learner: Learner
  /** ms since the epoch */
  exportedAt: number
  appVersion: string
}

/**
 * `attempts` oldest first, as ProgressStore.listAttempts returns them. Attempts recorded under
 * another pack version are left out: other objectives graded them, so this pack cannot regrade
 * them, and a bundle names one version.
 */
export function buildBundle(
  pack: LabPack,
  attempts: readonly StoredAttempt[],
  meta: BundleMeta,
): BuiltBundle {
  const { id, version, title } = pack.manifest
  let skipped = 0
  const byLab = new Map<string, StoredAttempt[]>(pack.labs.map((l) => [l.id, []]))
  for (const a of attempts) {
    const mine = byLab.get(a.labId)
    if (a.packVersion !== version || !mine) skipped++
    else mine.push(a)
  }
  const labs = pack.labs.map((lab): BundleLab => {
    const rows = byLab.get(lab.id)!
    const list = rows.map((row) => bundleAttempt(lab, row))
    const best = bestAttempt(list)
    if (best < 0) return { labId: lab.id, final: null, attempts: [] }
    const { rules, answers, predictions, hintsUsed } = list[best]
    return {
      labId: lab.id,
      final: { attempt: best, rules, answers, predictions, hintsUsed },
      attempts: list,
    }
  })
  return {
    bundle: {
      format: RESULTS_FORMAT,
      exportedAt: isoTime(meta.exportedAt),
      app: { name: 'portwise', version: meta.appVersion },
      pack: { id, version, hash: pack.hash, title },
      learner: { name: meta.learner.name.trim(), id: meta.learner.id.trim() },
      labs,
    },
    skipped,
  }
}

/** The rule of storage/lab-summary.ts: a pass first, then the highest fraction, the later on a tie. */
export function bestAttempt(
  attempts: readonly Pick<BundleAttempt, 'score' | 'maxScore' | 'objectives'>[],
): number {
  // Home calls a lab passed when any attempt met every objective; a higher score that missed one
  // (before the hints that cost the pass its points) must not be the one exported, as not passed.
  const key = (a: (typeof attempts)[number]) => ({
    passed: a.objectives.length ? a.objectives.every((o) => o.passed) : a.score === a.maxScore,
    fraction: a.maxScore === 0 ? 1 : a.score / a.maxScore,
  })
  let best = -1
  let top = { passed: false, fraction: -1 }
  attempts.forEach((a, i) => {
    const k = key(a)
    if (
      Number(k.passed) - Number(top.passed) > 0 ||
      (k.passed === top.passed && k.fraction >= top.fraction)
    ) {
      best = i
      top = k
    }
  })
  return best
}

function bundleAttempt(lab: Lab, row: StoredAttempt): BundleAttempt {
  const { rules, answers } = decodeSubmission(row.rules, lab)
  return {
    // Only editable nodes (and the network the learner built): the grader ignores the rest, and
    // the schema bounds node ids.
    rules: Object.fromEntries(
      [...lab.editable, ...(lab.build ? [NETWORK_KEY] : [])]
        .filter((n) => Object.hasOwn(rules, n))
        .map((n) => [n, rules[n]]),
    ),
    answers: cleanAnswers(answers),
    predictions: cleanPredictions(row.predictions),
    hintsUsed: row.hintsUsed,
    objectives: claimedObjectives(row.objectives),
    score: row.score,
    maxScore: row.maxScore,
    startedAt: isoTime(row.startedAt),
    submittedAt: isoTime(row.submittedAt),
  }
}

/** Answers are choice indexes or short texts; anything else was never a valid answer. */
function cleanAnswers(answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(answers))
    if (Number.isInteger(v) || typeof v === 'string' || v === null) out[k] = v
  return out
}

/** Only what grader.ts `Prediction` reads: whether it passes and which rule decides. */
function cleanPredictions(stored: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!isObject(stored)) return out
  for (const [k, v] of Object.entries(stored)) {
    if (!isObject(v)) continue
    const p: Record<string, unknown> = {}
    if (typeof v.pass === 'boolean') p.pass = v.pass
    if (isObject(v.rule) && typeof v.rule.node === 'string') {
      const index = v.rule.index
      p.rule = {
        node: v.rule.node,
        index: Number.isInteger(index) && (index as number) >= 0 ? index : null,
      }
    }
    out[k] = p
  }
  return out
}

/** The grader's ObjectiveResult[] as stored, reduced to what the bundle claims. */
function claimedObjectives(stored: unknown): ClaimedObjective[] {
  if (!Array.isArray(stored)) return []
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0)
  return stored.filter(isObject).map((o) => ({
    id: String(o.id ?? ''),
    title: String(o.title ?? ''),
    passed: o.passed === true,
    points: num(o.points),
    earned: num(o.earned),
    detail: String(o.detail ?? ''),
  }))
}
