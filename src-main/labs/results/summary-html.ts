// The class summary as one self-contained HTML page: totals, each lab's pass rate, the score
// distribution as inline SVG, and the bundles flagged or unusable. Pure; returns text.
import { SCORE_BANDS_RULE, scoreBandLabel } from '../../shared/score-bands'
import { type ClassSummary, histogramSvg, scoreLine } from './class-summary'
import { formatNumber as n } from './csv'
import { escapeHtml as e, htmlPage } from './html'

export interface SummaryEntry {
  file: string
  learner: string
  /** the total, or null when unusable */
  score: number | null
  note: string
}

export function summaryHtml(s: ClassSummary, entries: readonly SummaryEntry[]): string {
  const labs = s.labs
    .map(
      (l) =>
        `<tr><td>${e(l.title)}</td><td class="num">${s.graded ? `${l.passed} / ${s.graded} (${Math.round(l.passRate * 100)}%)` : '—'}</td><td class="num">${l.attempted}</td><td class="num">${s.graded ? n(l.meanScore) : '—'} / ${n(l.maxScore)}</td></tr>`,
    )
    .join('\n')
  const table = s.histogram
    .map((c, i) => `<tr><td>${scoreBandLabel(i)}</td><td class="num">${c}</td></tr>`)
    .join('')
  const notes = entries.filter((x) => x.note)
  const body = `<h1>Class summary: ${e(s.packTitle)}</h1>
<p>${s.graded} bundles graded, ${s.flagged} flagged by the regrade, ${s.unusable} unusable${s.replaced ? `, ${s.replaced} replaced by a later bundle of the same learner` : ''}.</p>
<p>${e(scoreLine(s).replace(/^s/, 'S'))}.</p>
<h2>Score distribution</h2>
${histogramSvg(s)}
<table><caption>${SCORE_BANDS_RULE}</caption><thead><tr><th>Share of the maximum</th><th class="num">Learners</th></tr></thead><tbody>${table}</tbody></table>
<h2>Per lab</h2>
<table><thead><tr><th>Lab</th><th class="num">Passed (every objective met)</th><th class="num">Attempted</th><th class="num">Mean</th></tr></thead>
<tbody>${labs}</tbody></table>
<h2>Flagged and unusable bundles</h2>
${notes.length ? `<table><thead><tr><th>File</th><th>Learner</th><th class="num">Score</th><th>Finding</th></tr></thead><tbody>${notes.map((x) => `<tr><td>${e(x.file)}</td><td>${e(x.learner)}</td><td class="num">${x.score === null ? '—' : n(x.score)}</td><td>${e(x.note)}</td></tr>`).join('')}</tbody></table>` : '<p>None.</p>'}`
  return htmlPage(`Class summary: ${s.packTitle}`, body)
}
