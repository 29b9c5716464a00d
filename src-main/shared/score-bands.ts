// The bands of a class's score distribution, named once for the class summary (main:
// labs/results/class-summary.ts) and the Instructor screen's plot (renderer: grading/score-plot.ts).
// Pure; the renderer may import it.

/**
 * `0–10%` … `90–100%`: a band is named by its bounds. Scores are not whole percents, so `0–9%`
 * said nothing of a 9.5 % score, which lands in the first band.
 */
export const scoreBandLabel = (i: number) => `${i * 10}–${(i + 1) * 10}%`

/** Which band holds a bound, as d3-array's bin cuts them: [x0, x1), the last one [90, 100]. */
export const SCORE_BANDS_RULE =
  'Each band includes its lower bound and not its upper one (10–20% holds 10% but not 20%), except 90–100%, which includes 100%.'
