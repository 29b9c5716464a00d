// The readable report: HTML escapes everything a learner typed and runs nothing; the PDF is a
// PDF pdf-lib can load again; a failed objective shows its trace.
import { PDFDocument } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { LabPack } from '../../../src-main/labs/lab-pack'
import { exportReport, resultsFileName } from '../../../src-main/labs/results/export-report'
import { type GradedBundle, regrade } from '../../../src-main/labs/results/regrade'
import { reportModel } from '../../../src-main/labs/results/report-model'
import type { ResultsBundle } from '../../../src-main/labs/results/results-bundle'
import { generateClass, loadCourse } from './class-fixture'

let pack: LabPack
let bundle: ResultsBundle

beforeAll(async () => {
  pack = await loadCourse()
  bundle = generateClass(pack, { learners: 1, seed: 11 })[0]
  bundle.learner = {
    name: '<script>alert(1)</script> Ünal → 李',
    id: '"><img src=x onerror=alert(1)>',
  }
})

describe('the results report', () => {
  it('HTML: escaped, no script, a CSP, pass and fail in words', async () => {
    const { html } = await exportReport(pack, bundle)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ünal → 李')
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain(`default-src 'none'`)
    expect(html).toMatch(/✓ passed|✗ not passed/)
    expect(html).toContain('@media print')
  })

  it('shows the trace of a failed flow objective', () => {
    const b = structuredClone(bundle)
    const lab = pack.labs.find((l) => l.id === '03-stateless-web')!
    const i = b.labs.findIndex((l) => l.labId === lab.id)
    const attempt = {
      rules: lab.start,
      answers: {},
      predictions: {},
      hintsUsed: 0,
      objectives: [],
      score: 0,
      maxScore: 23,
      startedAt: '2024-05-01T09:00:00.000Z',
      submittedAt: '2024-05-01T09:10:00.000Z',
    }
    b.labs[i] = {
      labId: lab.id,
      final: { attempt: 0, rules: lab.start, answers: {}, predictions: {}, hintsUsed: 0 },
      attempts: [attempt],
    }
    const graded = regrade(pack, b) as GradedBundle
    const section = reportModel(pack, b, graded).labs[i]
    const failed = section.objectives.find((o) => !o.passed && o.trace)!
    expect(failed.trace!.flow).toMatch(/tcp\/443/)
    expect(failed.trace!.packets.length).toBeGreaterThan(0)
  })

  it("traces a failure in the network the learner built, not the lab's empty one", () => {
    const b = structuredClone(bundle)
    const lab = pack.labs.find((l) => l.id === '11-build-it')!
    const i = b.labs.findIndex((l) => l.labId === lab.id)
    // Built and linked, but the firewall has no rule yet: the SYN dies at fw1.
    const network = structuredClone(lab.build!.solution) as { nodes: { firewall: unknown }[] }
    network.nodes[0].firewall = { kind: 'stateful', forward: { policy: 'drop', rules: [] } }
    const rules = { '@network': network }
    const submission = { rules, answers: {}, predictions: {}, hintsUsed: 0 }
    b.labs[i] = {
      labId: lab.id,
      final: { attempt: 0, ...submission },
      attempts: [
        {
          ...submission,
          objectives: [],
          score: 4,
          maxScore: 20,
          startedAt: '2024-05-01T09:00:00.000Z',
          submittedAt: '2024-05-01T09:10:00.000Z',
        },
      ],
    }
    const graded = regrade(pack, b) as GradedBundle
    const section = reportModel(pack, b, graded).labs[i]
    const browse = section.objectives.find((o) => o.title === lab.objectives[0].title)!
    expect(browse.trace!.flow).toContain('the SYN was dropped by fw1 forward policy')
  })

  it('PDF: starts with %PDF, loads in pdf-lib, has pages and the title', async () => {
    const { pdf } = await exportReport(pack, bundle)
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    const doc = await PDFDocument.load(pdf)
    expect(doc.getPageCount()).toBeGreaterThan(1)
    expect(doc.getTitle()).toContain('How firewalls really work')
  })

  it('is the same bytes for the same bundle', async () => {
    const a = await exportReport(pack, bundle)
    const b = await exportReport(pack, bundle)
    expect(a.html).toBe(b.html)
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true)
  })

  it('names the files safely', () => {
    expect(resultsFileName(bundle)).toMatch(/^results-portwise-basics-1\.0\.0-[a-z0-9._-]+$/)
  })
})
