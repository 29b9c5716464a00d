// `results:export` through the dispatcher: the built-in course from the pack library, an attempt
// recorded as the lab screen records it, and the three files back (the PDF as base64); then the
// bundle reads and regrades to the recorded score. Refusals are bad requests. Runs in Node (Vitest).
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { answerKey, gradeLab } from '../../../src-main/labs/grader'
import { dispatch } from '../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../src-main/ipc/handlers'
import { PackLibrary } from '../../../src-main/ipc/pack-library'
import { readBundle } from '../../../src-main/labs/results/read-bundle'
import { regrade } from '../../../src-main/labs/results/regrade'
import { encodeSubmission } from '../../../src-main/labs/results/submission-text'
import type { ResultsExportResponse } from '../../../src-main/shared/ipc-contract'
import { memoryStore } from './fake-store'

const LABS = fileURLToPath(new URL('../../../labs', import.meta.url))

async function setup() {
  const store = memoryStore()
  const library = new PackLibrary(store, { builtIn: LABS, installed: '/nonexistent' })
  await library.ready
  const info = () => ({ version: '9.9.9', host: 'browser' as const, dataDir: '/d', notices: [] })
  const handlers = createHandlers({ store, library, info, emit: () => {} })
  return {
    store,
    library,
    call: (channel: string, payload: unknown) => dispatch(handlers, channel, payload),
  }
}

describe('results:export', () => {
  it('answers the bundle, the HTML report and the PDF, and the bundle regrades to its score', async () => {
    const { store, library, call } = await setup()
    const pack = library.get('portwise-basics')
    const lab = pack.labs[2]
    const key = answerKey(lab, lab.solution!)
    const grade = gradeLab(lab, { rules: lab.solution!, ...key, hintsUsed: 0 })
    store.recordAttempt({
      packId: pack.manifest.id,
      labId: lab.id,
      rules: encodeSubmission(lab.solution!, key.answers),
      objectives: grade.objectives,
      score: grade.score,
      maxScore: grade.maxScore,
      hintsUsed: 0,
      startedAt: 1_700_000_000_000,
      submittedAt: 1_700_000_060_000,
      predictions: key.predictions,
    })
    const answer = await call('results:export', {
      packId: 'portwise-basics',
      learnerName: ' Ada ',
      learnerId: 's123',
    })
    if (!answer.ok) throw new Error(answer.error.message)
    const value = answer.value as ResultsExportResponse
    const bundle = readBundle(new TextEncoder().encode(value.bundleJson), 'export.json')
    expect(bundle.learner).toEqual({ name: 'Ada', id: 's123' })
    expect(bundle.app.version).toBe('9.9.9')
    expect(bundle.pack.hash).toBe(pack.hash)
    const r = regrade(pack, bundle)
    expect(r.ok && r.labs[2].score).toBe(grade.maxScore)
    expect(r.ok && r.flags).toEqual([])
    expect(value.html).toContain('Ada')
    expect(Buffer.from(value.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
    expect(value.fileName).toBe('results-portwise-basics-1.0.0-s123')
    expect(value.skippedAttempts).toBe(0)
    expect(value.attempts).toBe(1)
  })

  it('says how many attempts the files hold: none before a lab is submitted', async () => {
    const { call } = await setup()
    const answer = await call('results:export', {
      packId: 'portwise-basics',
      learnerName: 'Ada',
      learnerId: 's123',
    })
    if (!answer.ok) throw new Error(answer.error.message)
    expect((answer.value as ResultsExportResponse).attempts).toBe(0)
  })

  it('refuses an empty name and a pack that is not installed', async () => {
    const { call } = await setup()
    const empty = await call('results:export', {
      packId: 'portwise-basics',
      learnerName: '  ',
      learnerId: 'x',
    })
    expect(!empty.ok && empty.error.code).toBe('bad-request')
    const none = await call('results:export', { packId: 'nope', learnerName: 'A', learnerId: 'x' })
    expect(!none.ok && none.error.message).toMatch(/"nope" is not installed/)
  })
})
