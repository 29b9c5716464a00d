// The Instructor screen's score plot (src-renderer/grading/score-plot.ts): its bands are named by
// their bounds, as d3's bins cut them, the same names as the class summary's. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { summaryText } from '../../../src-main/labs/results/class-summary'
import { SCORE_BANDS_RULE } from '../../../src-main/shared/score-bands'
import { scorePlot } from '../../../src-renderer/grading/score-plot'

describe('scorePlot', () => {
  it('names score bands by their bounds, not as whole percents (0–9% said nothing of 9.5%)', () => {
    const plot = scorePlot([9.5, 10, 19.99, 100])
    expect(plot.bars.map((b) => b.label)).toEqual([
      '0–10%',
      '10–20%',
      '20–30%',
      '30–40%',
      '40–50%',
      '50–60%',
      '60–70%',
      '70–80%',
      '80–90%',
      '90–100%',
    ])
    expect(plot.bars.map((b) => b.tick).slice(0, 2)).toEqual(['0–10', '10–20'])
    // [x0, x1), the last band also 100: 9.5 in the first, 10 and 19.99 in the second.
    expect(plot.bars.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 1])
    expect(plot.description).toBe(
      `4 learners graded; most in 10–20%. 0–10%: 1; 10–20%: 2; 90–100%: 1. ${SCORE_BANDS_RULE}`,
    )
  })

  it('labels its bands as the class summary does', () => {
    const plot = scorePlot([])
    const text = summaryText({
      packTitle: 'p',
      graded: 0,
      unusable: 0,
      flagged: 0,
      replaced: 0,
      maxScore: 10,
      mean: 0,
      median: 0,
      min: 0,
      max: 0,
      labs: [],
      histogram: new Array<number>(10).fill(0),
    })
    for (const b of plot.bars) expect(text).toContain(` ${b.label} |`)
  })
})
