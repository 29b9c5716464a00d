// Benchmark: `portwise grade` on a class of 1,000 generated bundles for the built-in course —
// read (untrusted JSON, schema), regrade every attempt and final submission, and write the
// gradebooks, xAPI statements and summary — plus the feedback pages, and a worst case where
// every learner's rules are their own (nothing repeats, so nothing is cached). The class is
// generated first and not timed. Runs in Node under tsx; not part of `npm test`.
import { performance } from 'node:perf_hooks'
import { summarizeClass, summaryText } from '../../src-main/labs/results/class-summary'
import { ClassGrader } from '../../src-main/labs/results/grade-class'
import { canvasCsv, moodleCsv, plainCsv } from '../../src-main/labs/results/gradebooks'
import type { GradedBundle } from '../../src-main/labs/results/regrade'
import { reportHtml } from '../../src-main/labs/results/report-html'
import { reportModel } from '../../src-main/labs/results/report-model'
import { xapiStatements } from '../../src-main/labs/results/xapi'
import { bundleBytes, generateClass, loadCourse } from '../unit/results/class-fixture'

export interface GradeBench {
  bundles: number
  attempts: number
  /** read, regrade and write every gradebook, xAPI and the summary */
  gradeMs: number
  /** of those, submissions graded afresh / looked up */
  graded: number
  cached: number
  /** one feedback page per learner, failure traces included */
  feedbackMs: number
  /** worst case: every submission unique */
  uniqueBundles: number
  uniqueMsPerBundle: number
  generateMs: number
}

function gradeAll(pack: Awaited<ReturnType<typeof loadCourse>>, files: Uint8Array[]) {
  const grader = new ClassGrader(pack)
  files.forEach((bytes, i) => grader.add(`b${i}.json`, bytes))
  const results = grader.current().map((e) => e.result)
  const graded = results.filter((r): r is GradedBundle => r.ok)
  if (graded.length !== files.length || graded.some((g) => g.tampered))
    throw new Error('the generated class did not regrade to its own claims')
  plainCsv(pack, results)
  canvasCsv(pack, graded)
  moodleCsv(pack, graded)
  JSON.stringify(xapiStatements(pack, graded))
  summaryText(summarizeClass(pack, results))
  return grader
}

export async function benchGrade(learners = 1000, uniqueLearners = 50): Promise<GradeBench> {
  const pack = await loadCourse()
  let t = performance.now()
  const bundles = generateClass(pack, { learners, seed: 2024, personal: 0.2 })
  const files = bundles.map(bundleBytes)
  const unique = generateClass(pack, { learners: uniqueLearners, seed: 7, personal: 1 }).map(
    bundleBytes,
  )
  const generateMs = performance.now() - t

  t = performance.now()
  const grader = gradeAll(pack, files)
  const gradeMs = performance.now() - t

  t = performance.now()
  for (const e of grader.current())
    if (e.result.ok && e.bundle) reportHtml(reportModel(pack, e.bundle, e.result))
  const feedbackMs = performance.now() - t

  t = performance.now()
  gradeAll(pack, unique)
  const uniqueMs = performance.now() - t

  return {
    bundles: learners,
    attempts: bundles.reduce((s, b) => s + b.labs.reduce((n, l) => n + l.attempts.length, 0), 0),
    gradeMs,
    graded: grader.cache.misses,
    cached: grader.cache.hits,
    feedbackMs,
    uniqueBundles: uniqueLearners,
    uniqueMsPerBundle: uniqueMs / uniqueLearners,
    generateMs,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchGrade())
