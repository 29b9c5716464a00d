// Labs through the IPC services: the built-in course is listed with progress, opened without its
// answers, graded live, and hints are counted by main.
import { beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../../src-main/ipc/handlers'
import { PackLibrary } from '../../../src-main/ipc/pack-library'
import { answerKey } from '../../../src-main/labs/grader'
import { openDatabase } from '../../../src-main/storage/database'
import { ProgressStore } from '../../../src-main/storage/progress-store'

const LABS = new URL('../../../labs', import.meta.url).pathname

let store: ProgressStore
let library: PackLibrary
let call: (channel: string, request: unknown) => Promise<unknown>

beforeEach(async () => {
  store = new ProgressStore(openDatabase(':memory:').db, () => 1_700_000_000_000)
  library = new PackLibrary(store, { builtIn: LABS, installed: '/nonexistent' })
  const handlers = createHandlers({
    store,
    library,
    now: () => 1_700_000_000_000,
    info: () => ({ version: '0', host: 'browser', dataDir: '', notices: [] }),
    emit: () => {},
  })
  call = async (channel, request) =>
    (handlers as Record<string, (r: unknown) => unknown>)[channel](request)
  await library.ready
})

describe('lab services', () => {
  it('installs the built-in course and lists its labs, not started', async () => {
    const packs = (await call('lab:list', {})) as {
      id: string
      labs: { id: string; status: string }[]
    }[]
    expect(packs.map((p) => p.id)).toEqual(['portwise-basics'])
    expect(packs[0].labs).toHaveLength(11)
    expect(packs[0].labs.every((l) => l.status === 'not-started')).toBe(true)
    expect(store.getPack('portwise-basics')?.contentHash).toMatch(/^sha256:/)
  })

  it('opens a lab with sanitised instructions and no answers or solution', async () => {
    const lab = (await call('lab:open', {
      packId: 'portwise-basics',
      labId: '01-two-halves',
    })) as Record<string, unknown>
    expect(lab.instructionsHtml).toContain('<h1>A connection has two halves</h1>')
    expect(lab.editable).toEqual(['fw1'])
    const json = JSON.stringify(lab)
    expect(json).not.toContain('"answer"')
    expect(json).not.toContain('"solution"')
    expect(lab.hints).toEqual([])
  })

  it('grades the start as failing and the solution as full marks', async () => {
    const pack = library.get('portwise-basics')
    const lab = pack.labs.find((l) => l.id === '03-stateless-web')!
    const start = (await call('lab:grade', {
      packId: pack.manifest.id,
      labId: lab.id,
      rules: lab.start,
      answers: {},
    })) as { score: number; maxScore: number }
    expect(start.score).toBeLessThan(start.maxScore)
    const { answers } = answerKey(lab, lab.solution!)
    const solved = (await call('lab:grade', {
      packId: pack.manifest.id,
      labId: lab.id,
      rules: lab.solution,
      answers,
    })) as { score: number; maxScore: number }
    expect(solved.score).toBe(solved.maxScore)
  })

  it('counts hints in main and charges them', async () => {
    const req = { packId: 'portwise-basics', labId: '03-stateless-web' }
    expect(await call('lab:hint', req)).toEqual({
      hints: ['Which packet of the trace dies, and at which firewall?'],
    })
    const two = (await call('lab:hint', req)) as { hints: string[] }
    expect(two.hints).toHaveLength(2)
    const lab = library.get('portwise-basics').labs.find((l) => l.id === req.labId)!
    const grade = (await call('lab:grade', {
      ...req,
      rules: lab.solution,
      answers: answerKey(lab, lab.solution!).answers,
    })) as { hintPenalty: number; score: number; maxScore: number }
    expect(grade.hintPenalty).toBe(1 + 2) // the pack's default cost, then the hint's own
    expect(grade.score).toBe(grade.maxScore - 3)
  })

  it('refuses rules for a locked node and a lab that does not exist', async () => {
    await expect(
      call('lab:grade', {
        packId: 'portwise-basics',
        labId: '03-stateless-web',
        rules: { server: {} },
        answers: {},
      }),
    ).rejects.toThrow('server is not editable in this lab (fw1)')
    await expect(call('lab:open', { packId: 'portwise-basics', labId: 'nope' })).rejects.toThrow(
      'pack "portwise-basics" has no lab "nope"',
    )
  })

  it('takes a built network only in a lab that lets the learner build, and traces it', async () => {
    const network = {
      nodes: [
        {
          id: 'fw1',
          kind: 'firewall',
          interfaces: [
            { name: 'outside', address: '198.51.100.1/24', zone: 'outside' },
            { name: 'inside', address: '10.0.2.1/24', zone: 'inside' },
          ],
          firewall: { kind: 'stateless', forward: { policy: 'accept', rules: [] } },
        },
      ],
      links: [
        ['client:eth0', 'sw:p1'],
        ['sw:p2', 'fw1:outside'],
        ['fw1:inside', 'server:eth0'],
      ],
    }
    await expect(
      call('lab:grade', {
        packId: 'portwise-basics',
        labId: '03-stateless-web',
        rules: { '@network': network },
        answers: {},
      }),
    ).rejects.toThrow('@network is not editable in this lab (fw1)')
    const opened = (await call('lab:open', {
      packId: 'portwise-basics',
      labId: '11-build-it',
    })) as {
      build: unknown
      editable: string[]
    }
    // What the palette offers, never the reference network.
    expect(opened.build).toEqual({ kinds: ['firewall'] })
    expect(opened.editable).toEqual([])
    expect(opened).not.toHaveProperty('solution')
    const traced = (await call('lab:trace', {
      packId: 'portwise-basics',
      labId: '11-build-it',
      rules: { '@network': network },
    })) as { status: string; trace: { flows: { name: string; ok: boolean }[] } }
    expect(traced.trace.flows.map((f) => [f.name, f.ok])).toEqual([
      ['browse', true],
      ['ssh', true],
    ])
    const broken = (await call('lab:trace', {
      packId: 'portwise-basics',
      labId: '11-build-it',
      rules: { '@network': { ...network, links: [...network.links, ['fw1:dmz', 'sw:p3']] } },
    })) as { status: string; field: string }
    expect(broken).toMatchObject({ status: 'invalid', field: 'links[3][0]' })
  })

  it('keeps the first prediction, made before the trace played', async () => {
    const req = { packId: 'portwise-basics', labId: '01-two-halves', objectiveId: 'predict' }
    await call('lab:predict', {
      ...req,
      prediction: { pass: false, rule: { node: 'fw1', index: 1 } },
    })
    const after = (await call('lab:predict', { ...req, prediction: { pass: true } })) as {
      predictions: Record<string, unknown>
    }
    expect(after.predictions).toEqual({ predict: { pass: false, rule: { node: 'fw1', index: 1 } } })
    await expect(
      call('lab:predict', { ...req, objectiveId: 'browse', prediction: {} }),
    ).rejects.toThrow('01-two-halves has no predict objective "browse"')
  })

  it('submits: grades, records the attempt, and the lab shows as passed with its best score', async () => {
    const lab = library.get('portwise-basics').labs.find((l) => l.id === '01-two-halves')!
    const key = answerKey(lab, lab.solution!)
    const req = { packId: 'portwise-basics', labId: lab.id }
    await call('lab:predict', {
      ...req,
      objectiveId: 'predict',
      prediction: key.predictions.predict,
    })
    const { id, grade } = (await call('lab:submit', {
      ...req,
      rules: lab.solution,
      answers: key.answers,
      startedAt: 1_699_999_000_000,
    })) as { id: number; grade: { score: number; maxScore: number } }
    expect(grade.score).toBe(grade.maxScore)
    const [attempt] = store.listAttempts('portwise-basics', lab.id)
    expect(attempt).toMatchObject({
      id,
      score: grade.score,
      maxScore: grade.maxScore,
      hintsUsed: 0,
      submittedAt: 1_700_000_000_000,
    })
    expect(JSON.parse(attempt.rules)).toMatchObject({
      format: 'portwise-submission/1',
      rules: lab.solution,
      answers: key.answers,
    })
    const packs = (await call('lab:list', {})) as {
      labs: { id: string; status: string; bestScore: number | null }[]
    }[]
    expect(packs[0].labs.find((l) => l.id === lab.id)).toMatchObject({
      status: 'passed',
      bestScore: grade.maxScore,
    })
  })
})
