// The score-distribution plot's geometry, computed with D3 (d3-array's bin, d3-scale's band and
// linear scales) and rendered by ScoreDistribution.vue: learners per tenth of the maximum score,
// the same bands as the class summary page (labs/results/class-summary.ts), bars, ticks and the
// sentence a screen reader hears. Pure; runs in the renderer.
import { bin, max, range, scaleBand, scaleLinear } from 'd3'
import { SCORE_BANDS_RULE, scoreBandLabel } from '../../src-main/shared/score-bands'

export interface PlotBar {
  /** `10–20%` */
  label: string
  /** `10–20`: under the bar, where the axis title says "%" once */
  tick: string
  count: number
  x: number
  y: number
  width: number
  height: number
}

export interface ScorePlot {
  width: number
  height: number
  /** the plot area, inside the margins */
  left: number
  top: number
  bottom: number
  right: number
  bars: PlotBar[]
  yTicks: { value: number; y: number }[]
  /** one sentence for the text alternative */
  description: string
}

/**
 * `percents`: each learner's score as a share of the maximum, 0…100. d3's bins are [x0, x1)
 * except the last, which also holds 100: the summary page's bands exactly.
 */
export function scorePlot(percents: readonly number[], width = 560, height = 240): ScorePlot {
  const margin = { top: 16, right: 12, bottom: 48, left: 48 }
  const bins = bin()
    .domain([0, 100])
    .thresholds(range(10, 100, 10))(percents.map((p) => Math.min(100, Math.max(0, p))))
  const labels = bins.map((_, i) => scoreBandLabel(i))
  const x = scaleBand<string>()
    .domain(labels)
    .range([margin.left, width - margin.right])
    .paddingInner(0.15)
    .paddingOuter(0.1)
  const top = max(bins, (b) => b.length) ?? 0
  const y = scaleLinear()
    .domain([0, Math.max(1, top)])
    .nice()
    .range([height - margin.bottom, margin.top])
  const bars = bins.map((b, i) => ({
    label: labels[i],
    tick: labels[i].replace('%', ''),
    count: b.length,
    x: x(labels[i]) ?? 0,
    y: y(b.length),
    width: x.bandwidth(),
    height: y(0) - y(b.length),
  }))
  // Whole learners only: no tick at 0.5 of a learner.
  const yTicks = y
    .ticks(Math.min(5, Math.max(1, top)))
    .filter(Number.isInteger)
    .map((value) => ({ value, y: y(value) }))
  const busiest = bars.filter((b) => b.count === top && top > 0).map((b) => b.label)
  const description = percents.length
    ? `${percents.length} learner${percents.length === 1 ? '' : 's'} graded; most in ${busiest.join(', ')}. ` +
      bars
        .filter((b) => b.count)
        .map((b) => `${b.label}: ${b.count}`)
        .join('; ') +
      `. ${SCORE_BANDS_RULE}`
    : 'No learner graded yet.'
  return {
    width,
    height,
    left: margin.left,
    top: margin.top,
    bottom: height - margin.bottom,
    right: width - margin.right,
    bars,
    yTicks,
    description,
  }
}
