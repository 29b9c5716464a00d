// The instructor's files: each gradebook's exact header and RFC 4180 escaping (a learner named
// like a formula is defused), xAPI statements' shape, the class summary and its plots.
import { beforeAll, describe, expect, it } from 'vitest'
import type { LabPack } from '../../../src-main/labs/lab-pack'
import { SCORE_BANDS_RULE } from '../../../src-main/shared/score-bands'
import {
  histogramSvg,
  summarizeClass,
  summaryText,
} from '../../../src-main/labs/results/class-summary'
import { csvCell } from '../../../src-main/labs/results/csv'
import { canvasCsv, moodleCsv, plainCsv } from '../../../src-main/labs/results/gradebooks'
import { summaryHtml } from '../../../src-main/labs/results/summary-html'
import { type GradedBundle, regrade } from '../../../src-main/labs/results/regrade'
import type { ResultsBundle } from '../../../src-main/labs/results/results-bundle'
import { xapiStatements } from '../../../src-main/labs/results/xapi'
import { generateClass, loadCourse } from './class-fixture'

let pack: LabPack
let graded: GradedBundle[]

beforeAll(async () => {
  pack = await loadCourse()
  const bundles = generateClass(pack, { learners: 4, seed: 3 })
  bundles[0].learner = { name: '=HYPERLINK("http://evil.example","click")', id: 'S100000' }
  bundles[1].learner = { name: 'Doe, "Jo"', id: 'jo@school.example' }
  graded = bundles.map((b) => regrade(pack, b) as GradedBundle)
})

const lines = (csv: string) => csv.split('\r\n')

/** One CSV line's cells (quotes per RFC 4180), to check headers whose titles hold commas. */
function cells(line: string): string[] {
  const out: string[] = []
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g
  for (let m = re.exec(line); m && m[0] !== ''; m = re.exec(line)) {
    out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1])
    if (m[2] === '') break
  }
  return out
}

describe('CSV cells', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx'])
      expect(csvCell(bad).replace(/^"/, '')).toMatch(/^'/)
    expect(csvCell(-1)).toBe('-1')
    expect(csvCell(7.5)).toBe('7.5')
    expect(csvCell(2 / 3)).toBe('0.67')
  })
})

describe('gradebooks', () => {
  it('Canvas: its header, the points possible row, ids in the SIS columns', () => {
    const csv = canvasCsv(pack, graded)
    const [header, points, first, second] = lines(csv)
    expect(header).toBe(
      'Student,ID,SIS User ID,SIS Login ID,Section,How firewalls really work (portwise-basics)',
    )
    expect(points).toBe('Points Possible,,,,,246')
    expect(first).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")",,S100000,,,${graded[0].score}`,
    )
    expect(second).toBe(`"Doe, ""Jo""",,,jo@school.example,,${graded[1].score}`)
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(lines(canvasCsv(pack, graded, 'Firewalls (1234)'))[0]).toMatch(/,Firewalls \(1234\)$/)
  })

  it('Moodle: an identity column, then each lab and its feedback', () => {
    const csv = moodleCsv(pack, graded)
    const header = cells(lines(csv)[0])
    expect(header[0]).toBe('idnumber')
    expect(header.slice(1, 3)).toEqual([pack.labs[0].title, `${pack.labs[0].title} feedback`])
    expect(header).toHaveLength(1 + 2 * pack.labs.length)
    expect(lines(moodleCsv(pack, graded.slice(1, 2)))[0].split(',')[0]).toBe('email')
    expect(lines(moodleCsv(pack, graded, 'username'))[0]).toMatch(/^username,/)
  })

  it('plain: student_id,score,max_score,comments, with a row for an unusable bundle', () => {
    const csv = plainCsv(pack, [
      ...graded,
      { ok: false, learner: { name: 'X', id: '@x' }, error: 'this bundle is for another pack' },
    ])
    const rows = lines(csv)
    expect(rows[0]).toBe('student_id,score,max_score,comments')
    expect(rows[1]).toMatch(new RegExp(`^S100000,${graded[0].score},246,\\d+ of 11 labs passed$`))
    expect(rows[5]).toBe("'@x,,,not graded: this bundle is for another pack")
  })

  it('plain: one row per learner, though a learner also handed in an unusable bundle', () => {
    // once the unusable bundle's empty row came beside the graded one, and an LMS keeps either
    const id = graded[0].learner.id
    const unusable = { ok: false as const, learner: graded[0].learner, error: 'another version' }
    const rows = lines(plainCsv(pack, [unusable, graded[0], unusable])).filter(Boolean)
    expect(rows.map((r) => r.split(',')[0])).toEqual(['student_id', id])
    expect(rows[1]).toMatch(new RegExp(`^${id},${graded[0].score},246,`))
    const twice = lines(plainCsv(pack, [unusable, unusable])).filter(Boolean)
    expect(twice).toEqual([
      'student_id,score,max_score,comments',
      `${id},,,not graded: another version`,
    ])
  })
})

describe('xAPI statements', () => {
  it('one per attempted lab, passed or failed, with a scaled score; completed when all are attempted', () => {
    const statements = xapiStatements(pack, graded)
    const s = statements[0]
    expect(s.actor).toEqual({
      objectType: 'Agent',
      name: graded[0].learner.name,
      account: { homePage: 'https://portwise.invalid/learners', name: 'S100000' },
    })
    expect([
      'http://adlnet.gov/expapi/verbs/passed',
      'http://adlnet.gov/expapi/verbs/failed',
    ]).toContain(s.verb.id)
    expect(s.object.id).toMatch(
      /^https:\/\/portwise\.invalid\/packs\/portwise-basics\/1\.0\.0\/labs\/[a-z0-9-]+$/,
    )
    expect(s.object.definition.name.en).toBeTruthy()
    const { raw, min, max, scaled } = s.result.score
    expect(min).toBe(0)
    expect(scaled).toBeCloseTo(raw / max, 4)
    expect(s.result.success).toBe(s.verb.id.endsWith('passed'))
    expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/)
    const jo = statements.filter((x) => x.actor.mbox === 'mailto:jo@school.example')
    expect(jo.length).toBeGreaterThan(0)
    const perLab = statements.filter(
      (x) => x.verb.id !== 'http://adlnet.gov/expapi/verbs/completed',
    )
    expect(perLab).toHaveLength(graded.flatMap((g) => g.labs.filter((l) => l.attempted)).length)
    for (const c of statements.filter((x) => x.verb.id.endsWith('completed')))
      expect(c.object.id).toBe('https://portwise.invalid/packs/portwise-basics/1.0.0')
  })
})

describe('class summary', () => {
  it('counts, averages, pass rates and a distribution as text and SVG', () => {
    const s = summarizeClass(pack, [...graded, { ok: false, learner: null, error: 'x' }])
    expect(s.graded).toBe(4)
    expect(s.unusable).toBe(1)
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(4)
    expect(s.min).toBeLessThanOrEqual(s.median)
    expect(s.labs).toHaveLength(11)
    const text = summaryText(s)
    expect(text).toContain('4 graded, 0 flagged, 1 unusable')
    expect(text).toMatch(/90–100% \|/)
    const svg = histogramSvg(s)
    expect(svg).toMatch(/^<svg [^>]*role="img"/)
    expect(svg.match(/<rect /g)).toHaveLength(10)
  })

  it('names score bands by their bounds, not as whole percents (0–9% said nothing of 9.5%)', () => {
    const s = summarizeClass(pack, graded)
    const text = summaryText(s)
    expect(text).toMatch(/^ {4}0–10% \|/m)
    expect(text).toMatch(/^ {3}10–20% \|/m)
    expect(text).toMatch(/^ {2}90–100% \|/m)
    expect(text).not.toMatch(/0–9%|10–19%/)
    expect(text).toContain(SCORE_BANDS_RULE)
    const html = summaryHtml(s, [])
    expect(html).toContain('<tr><td>0–10%</td>')
    expect(html).toContain(`<caption>${SCORE_BANDS_RULE}</caption>`)
    expect(histogramSvg(s)).toContain('<title>80–90%: ')
  })

  it('a class with no bundle graded has no mean, lowest or pass rate, not zeros', () => {
    // Every bundle made with another version of the pack: the summary said "mean 0, median 0,
    // min 0, max 0" and "0% passed (0/0)", a class that scored nothing.
    const s = summarizeClass(pack, [{ ok: false, learner: null, error: 'another version' }])
    const text = summaryText(s)
    expect(text).toContain('score out of 246: no bundle was graded')
    expect(text).not.toMatch(/mean 0|0% passed|\(0\/0\)/)
    const html = summaryHtml(s, [])
    expect(html).toContain('Score out of 246: no bundle was graded.')
    expect(html).not.toMatch(/mean 0|0 \/ 0 \(0%\)/)
  })
})

export type { ResultsBundle }
