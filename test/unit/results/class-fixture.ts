// A generated class for the built-in course: learners whose attempts at each lab go from the
// starting rules through near misses (the reference answer with one rule left out) to the
// answer, some with their own comments in the rules (so not every submission is a repeat), some
// with wrong answers and hints. Each attempt is graded as the app grades it and stored as the
// progress store holds it, then exported with buildBundle. Seeded: the same class every run.
// Used by the results tests and by test/bench/grade-bench.ts. Runs in Node.
import { answerKey, gradeLab, type LabGrade, type Submission } from '../../../src-main/labs/grader'
import type { FirewallSource, Lab, LabPack } from '../../../src-main/labs/lab-pack'
import { loadPack } from '../../../src-main/labs/loader/pack-loader'
import { buildBundle, type StoredAttempt } from '../../../src-main/labs/results/build-bundle'
import { canonicalJson } from '../../../src-main/labs/results/canonical-json'
import type { ResultsBundle } from '../../../src-main/labs/results/results-bundle'
import { encodeSubmission } from '../../../src-main/labs/results/submission-text'

export const COURSE = new URL('../../../labs/portwise-basics', import.meta.url).pathname

export async function loadCourse(): Promise<LabPack> {
  const { pack, problems } = await loadPack(COURSE)
  if (!pack) throw new Error(`the course does not load: ${JSON.stringify(problems)}`)
  return pack
}

/** mulberry32: a small seeded generator, so the class is the same on every machine. */
export function seeded(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/** The reference answer with rule `k` of its chains left out: a near miss. */
function nearMisses(lab: Lab): Record<string, FirewallSource>[] {
  const out: Record<string, FirewallSource>[] = []
  for (const node of lab.editable) {
    const fw = lab.solution![node]
    if (typeof fw !== 'object' || fw === null) continue
    for (const hook of ['input', 'forward', 'output']) {
      const chain = (fw as Record<string, { rules?: unknown[] }>)[hook]
      chain?.rules?.forEach((_, k) => {
        const miss = clone(lab.solution!)
        ;(miss[node] as Record<string, { rules: unknown[] }>)[hook].rules.splice(k, 1)
        out.push(miss)
      })
    }
  }
  return out
}

/** The same rules in the learner's own words: a comment (json) or trailing blank lines (text). */
function personalised(
  rules: Record<string, FirewallSource>,
  learner: number,
): Record<string, FirewallSource> {
  const out = clone(rules)
  for (const [node, fw] of Object.entries(out)) {
    if (typeof fw === 'string')
      out[node] = fw + '\n'.repeat(1 + (learner % 50)) + ' '.repeat(learner)
    else {
      const chain = (fw as Record<string, { rules?: { comment?: string }[] }>).forward
      if (chain?.rules?.[0]) chain.rules[0].comment = `my rule, learner ${learner}`
    }
  }
  return out
}

export interface ClassOptions {
  learners: number
  seed?: number
  /** share of learners who write their own comments (unique submissions) */
  personal?: number
  /** first ms since the epoch */
  start?: number
}

/** Grades as the lab screen would, remembering repeats so generating a big class stays quick. */
function grader() {
  const cache = new Map<string, LabGrade>()
  return (lab: Lab, s: Submission) => {
    const key = lab.id + canonicalJson(s)
    let g = cache.get(key)
    if (!g) cache.set(key, (g = gradeLab(lab, s)))
    return g
  }
}

export function generateClass(pack: LabPack, options: ClassOptions): ResultsBundle[] {
  const random = seeded(options.seed ?? 42)
  const personal = options.personal ?? 0.2
  const grade = grader()
  const keys = new Map(pack.labs.map((l) => [l.id, answerKey(l, l.solution!)]))
  const misses = new Map(pack.labs.map((l) => [l.id, nearMisses(l)]))
  const bundles: ResultsBundle[] = []
  let time = options.start ?? 1_714_550_000_000
  for (let i = 0; i < options.learners; i++) {
    const own = random() < personal
    const rows: StoredAttempt[] = []
    for (const lab of pack.labs) {
      if (random() < 0.08) continue // never opened
      const key = keys.get(lab.id)!
      const tries = 1 + Math.floor(random() * 3)
      for (let t = 0; t < tries; t++) {
        const last = t === tries - 1
        const pool = misses.get(lab.id)!
        let rules =
          last && random() < 0.7
            ? lab.solution!
            : pool.length && random() < 0.6
              ? pool[Math.floor(random() * pool.length)]
              : lab.start
        if (own) rules = personalised(rules, i)
        const answers = random() < 0.85 ? key.answers : {}
        const predictions = random() < 0.85 ? key.predictions : {}
        const hintsUsed = random() < 0.7 ? 0 : 1 + Math.floor(random() * lab.hints.length)
        const g = grade(lab, { rules, answers, predictions, hintsUsed })
        time += 60_000 + Math.floor(random() * 600_000)
        rows.push({
          packVersion: pack.manifest.version,
          labId: lab.id,
          rules: encodeSubmission(rules, answers),
          objectives: g.objectives,
          score: g.score,
          maxScore: g.maxScore,
          hintsUsed,
          startedAt: time - 50_000,
          submittedAt: time,
          predictions,
        })
      }
    }
    const id = random() < 0.5 ? `learner${i}@school.example` : `S${String(100000 + i)}`
    bundles.push(
      buildBundle(pack, rows, {
        learner: { name: `Learner ${i}`, id },
        exportedAt: time + 1000,
        appVersion: '0.1.0',
      }).bundle,
    )
  }
  return bundles
}

export const bundleBytes = (b: ResultsBundle) => new TextEncoder().encode(JSON.stringify(b))
