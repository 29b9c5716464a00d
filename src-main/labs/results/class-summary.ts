// A class at a glance, from regraded bundles: totals (mean, median, min, max), each lab's pass
// rate, the flagged and unusable bundles, and the distribution of scores as a plot: text bars for
// the terminal and an inline SVG for the HTML summary. Pure; returns data and text.
import { SCORE_BANDS_RULE, scoreBandLabel } from '../../shared/score-bands'
import type { LabPack } from '../lab-pack'
import { formatNumber } from './csv'
import { escapeHtml } from './html'
import type { BundleResult, GradedBundle } from './regrade'

export interface LabStats {
  labId: string
  title: string
  attempted: number
  passed: number
  /** passed / graded learners, 0…1 */
  passRate: number
  meanScore: number
  maxScore: number
}

export interface ClassSummary {
  packTitle: string
  graded: number
  unusable: number
  flagged: number
  /** bundles a later one of the same learner replaced: not in `results`, counted so the totals add up */
  replaced: number
  maxScore: number
  mean: number
  median: number
  min: number
  max: number
  labs: LabStats[]
  /** learners per tenth of the maximum: [0,10%), [10,20%) … [90%,100%] */
  histogram: number[]
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0)

function median(xs: number[]): number {
  if (!xs.length) return 0
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * `results` are the bundles that count (ClassGrader.current()); `replaced` says how many others a
 * later bundle of the same learner replaced, so "1 graded, 5 unusable" of 7 files adds up.
 */
export function summarizeClass(
  pack: LabPack,
  results: readonly BundleResult[],
  replaced = 0,
): ClassSummary {
  const graded = results.filter((r): r is GradedBundle => r.ok)
  const scores = graded.map((g) => g.score)
  const maxScore = pack.labs.reduce((s, l) => s + l.objectives.reduce((t, o) => t + o.points, 0), 0)
  const histogram = new Array<number>(10).fill(0)
  for (const s of scores)
    histogram[Math.min(9, Math.floor(((maxScore ? s / maxScore : 1) * 100) / 10))]++
  const labs = pack.labs.map((lab, i): LabStats => {
    const mine = graded.map((g) => g.labs[i])
    const passed = mine.filter((l) => l.passed).length
    return {
      labId: lab.id,
      title: lab.title,
      attempted: mine.filter((l) => l.attempted).length,
      passed,
      passRate: graded.length ? passed / graded.length : 0,
      meanScore: mean(mine.map((l) => l.score)),
      maxScore: lab.objectives.reduce((t, o) => t + o.points, 0),
    }
  })
  return {
    packTitle: `${pack.manifest.title} (${pack.manifest.id} ${pack.manifest.version})`,
    graded: graded.length,
    unusable: results.length - graded.length,
    flagged: graded.filter((g) => g.tampered).length,
    replaced,
    maxScore,
    mean: mean(scores),
    median: median(scores),
    min: scores.length ? Math.min(...scores) : 0,
    max: scores.length ? Math.max(...scores) : 0,
    labs,
    histogram,
  }
}

const pct = (x: number) => `${Math.round(x * 100)}%`

/**
 * The class's totals in words. With no bundle graded there is no mean or lowest score: zeros
 * there read as a class that scored nothing (every bundle of another pack version, say).
 */
export function scoreLine(s: ClassSummary): string {
  const n = formatNumber
  return s.graded
    ? `score out of ${n(s.maxScore)}: mean ${n(s.mean)}, median ${n(s.median)}, min ${n(s.min)}, max ${n(s.max)}`
    : `score out of ${n(s.maxScore)}: no bundle was graded`
}

/** The summary for a terminal: numbers, then one bar per score band (`#`, plain ASCII). */
export function summaryText(s: ClassSummary, width = 40): string {
  const n = formatNumber
  const lines = [
    s.packTitle,
    `${s.graded} graded, ${s.flagged} flagged, ${s.unusable} unusable${s.replaced ? `, ${s.replaced} replaced by a later bundle of the same learner` : ''}`,
    scoreLine(s),
    '',
    'per lab (passed = every objective met):',
  ]
  const titleWidth = Math.max(...s.labs.map((l) => l.labId.length), 3)
  for (const l of s.labs)
    lines.push(
      s.graded
        ? `  ${l.labId.padEnd(titleWidth)}  ${pct(l.passRate).padStart(4)} passed (${l.passed}/${s.graded})  mean ${n(l.meanScore)}/${n(l.maxScore)}`
        : `  ${l.labId.padEnd(titleWidth)}     — (no bundle graded)  out of ${n(l.maxScore)}`,
    )
  lines.push('', 'score distribution:', `  ${SCORE_BANDS_RULE}`)
  const top = Math.max(1, ...s.histogram)
  s.histogram.forEach((count, i) => {
    const bar = '#'.repeat(Math.round((count / top) * width))
    lines.push(`  ${scoreBandLabel(i).padStart(7)} | ${bar}${bar ? ' ' : ''}${count}`)
  })
  return lines.join('\n') + '\n'
}

/** The same distribution as an accessible SVG: a title, each bar labelled with its count. */
export function histogramSvg(s: ClassSummary): string {
  const barW = 48
  const gap = 8
  const plotH = 160
  const top = Math.max(1, ...s.histogram)
  const w = s.histogram.length * (barW + gap) + gap
  const h = plotH + 50
  const bars = s.histogram
    .map((count, i) => {
      const bh = Math.round((count / top) * plotH)
      const x = gap + i * (barW + gap)
      const y = 20 + plotH - bh
      return (
        `<rect x="${x}" y="${y}" width="${barW}" height="${bh}" fill="#4a6fa5"><title>${scoreBandLabel(i)}: ${count}</title></rect>` +
        `<text x="${x + barW / 2}" y="${y - 4}" text-anchor="middle" font-size="11">${count}</text>` +
        `<text x="${x + barW / 2}" y="${20 + plotH + 16}" text-anchor="middle" font-size="10">${scoreBandLabel(i)}</text>`
      )
    })
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="dist-title" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<title id="dist-title">Score distribution of ${escapeHtml(s.packTitle)}: learners per band of the maximum score</title>` +
    `<line x1="0" y1="${20 + plotH}" x2="${w}" y2="${20 + plotH}" stroke="#000"/>${bars}` +
    `<text x="${w / 2}" y="${h - 4}" text-anchor="middle" font-size="11">share of the maximum score</text></svg>`
  )
}
