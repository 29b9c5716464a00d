// Benchmark: re-grading each lab of the built-in course as a learner edits (every objective,
// every flow traced), against the one-frame budget of 16.7 ms. Runs in Node under `npm run bench`.
import { gradeLab } from '../../src-main/labs/grader'
import { loadPack } from '../../src-main/labs/loader/pack-loader'

const COURSE = new URL('../../labs/portwise-basics', import.meta.url).pathname
export const FRAME_MS = 1000 / 60

export interface LiveGradingResult {
  labs: { id: string; medianMs: number }[]
  worstMs: number
}

export async function benchLiveGrading(runs = 15): Promise<LiveGradingResult> {
  const { pack } = await loadPack(COURSE)
  if (!pack) throw new Error('the built-in course does not load')
  const labs = pack.labs.map((lab) => {
    // Alternate the start and the solution, as edits move a learner between them.
    const submissions = [lab.start, lab.solution ?? lab.start].map((rules) => ({
      rules,
      answers: {},
      predictions: {},
      hintsUsed: 0,
    }))
    gradeLab(lab, submissions[0]) // warm-up
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      gradeLab(lab, submissions[i % 2])
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    return { id: lab.id, medianMs: times[Math.floor(times.length / 2)] }
  })
  return { labs, worstMs: Math.max(...labs.map((l) => l.medianMs)) }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchLiveGrading())
