// The readable report as one self-contained HTML page: the learner's copy (File › Export results)
// and the instructor's feedback page per learner (`portwise grade --feedback`) are the same page,
// the latter also listing what the regrade flagged. Every text from the bundle or pack is escaped.
// Pure; returns text.
import { formatNumber as n } from './csv'
import { escapeHtml as e, htmlPage, passMark } from './html'
import type { LabSection, ObjectiveLine, ReportModel } from './report-model'

function objectiveRow(o: ObjectiveLine): string {
  const trace = o.trace
    ? `<pre>Trace: ${e(o.trace.flow)}\n${o.trace.packets.map((p) => '  ' + e(p)).join('\n')}${o.trace.suggestion ? `\nSuggested rule: ${e(o.trace.suggestion)}` : ''}</pre>`
    : ''
  return `<tr><td>${e(o.title)}</td><td>${passMark(o.passed)}</td><td class="num">${n(o.earned)} / ${n(o.points)}</td><td>${e(o.detail)}${trace}</td></tr>`
}

function labSection(l: LabSection, i: number): string {
  const head = `<h2>Lab ${i + 1}: ${e(l.title)} — ${l.attempted ? passMark(l.passed) : 'not attempted'}</h2>`
  if (!l.attempted) return `${head}\n<p>No attempt was submitted. Score 0 / ${n(l.maxScore)}.</p>`
  const facts = [
    `Score <strong>${n(l.score)} / ${n(l.maxScore)}</strong>`,
    `${l.attempts} attempt${l.attempts === 1 ? '' : 's'}`,
    `${l.hintsUsed} hint${l.hintsUsed === 1 ? '' : 's'} used${l.hintPenalty ? ` (−${n(l.hintPenalty)})` : ''}`,
  ]
  const errors = l.errors.length ? `<p class="fail">${l.errors.map(e).join('<br>')}</p>` : ''
  const flags = l.flags.length
    ? `<div class="flags"><p><strong>⚠ Flagged by the regrade</strong></p><ul>${l.flags.map((f) => `<li>${e(f)}</li>`).join('')}</ul></div>`
    : ''
  return `${head}
<p>${facts.join(' · ')}</p>${errors}${flags}
<table><thead><tr><th>Objective</th><th>Result</th><th class="num">Points</th><th>What was found</th></tr></thead>
<tbody>${l.objectives.map(objectiveRow).join('\n')}</tbody></table>`
}

export function reportHtml(m: ReportModel): string {
  const flags = m.flags.length
    ? `<div class="flags"><p><strong>⚠ ${m.flags.length} finding${m.flags.length === 1 ? '' : 's'} of the regrade:</strong> the bundle's claims differ from what its rules earn. The scores below are the regraded ones.</p><ul>${m.flags.map((f) => `<li>${e(f)}</li>`).join('')}</ul></div>`
    : ''
  const body = `<h1>${e(m.title)}</h1>
<p class="meta">Learner: <strong>${e(m.learnerName)}</strong> (${e(m.learnerId)})</p>
<p class="meta">Pack: ${e(m.pack)}</p>
<p class="meta">Exported: ${e(m.exportedAt)}</p>
<p>Total: <strong>${n(m.score)} / ${n(m.maxScore)}</strong>, ${m.passedLabs} of ${m.labs.length} labs passed (every objective met).</p>
${flags}
${m.labs.map(labSection).join('\n')}`
  return htmlPage(m.title, body, m.language)
}
