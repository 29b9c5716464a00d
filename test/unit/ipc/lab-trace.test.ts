// `lab:trace` and `results:save` through the handlers: a lab's traffic with the learner's rules,
// built as the grader builds it, and the desktop app's export written where main's save dialog
// pointed. Runs in Node (Vitest).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../src-main/ipc/dispatch'
import { createHandlers, type DesktopPort } from '../../../src-main/ipc/handlers'
import { PackLibrary } from '../../../src-main/ipc/pack-library'
import { resultsPaths } from '../../../src-main/ipc/results-files'
import { openDatabase } from '../../../src-main/storage/database'
import { ProgressStore } from '../../../src-main/storage/progress-store'
import type { TopologyTraceResponse } from '../../../src-main/shared/lab-types'

const LABS = new URL('../../../labs', import.meta.url).pathname
const LAB = { packId: 'portwise-basics', labId: '03-stateless-web' }

let library: PackLibrary
let call: (
  channel: string,
  payload: unknown,
) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>

function setup(desktop?: DesktopPort) {
  const store = new ProgressStore(openDatabase(':memory:').db, () => 1_700_000_000_000)
  library = new PackLibrary(store, { builtIn: LABS, installed: '/nonexistent' })
  const info = () => ({ version: '0', host: 'electron' as const, dataDir: '', notices: [] })
  const handlers = createHandlers({
    store,
    library,
    info,
    emit: () => {},
    desktop,
    now: () => 1_700_000_000_000,
  })
  call = (channel, payload) => dispatch(handlers, channel, payload) as never
}

beforeEach(async () => {
  setup()
  await library.ready
})

const start = () => library.get(LAB.packId).labs.find((l) => l.id === LAB.labId)!.start
const fw1 = (extra: object) => {
  const s = structuredClone(start().fw1) as { forward: { rules: object[] } }
  s.forward.rules.push(extra)
  return s
}

describe('lab:trace', () => {
  it("runs the lab's traffic with the start rules: the SYN-ACK dies at fw1", async () => {
    const r = (await call('lab:trace', { ...LAB, rules: {} })).value as TopologyTraceResponse
    expect(r.status).toBe('traced')
    if (r.status !== 'traced') return
    const browse = r.trace.flows.find((f) => f.name === 'browse')!
    expect(browse.ok).toBe(false)
    expect(browse.outcome).toContain('SYN-ACK')
    expect(r.trace.packets.find((p) => p.label === 'SYN-ACK')?.droppedBy?.node).toBe('fw1')
  })

  it("traces the learner's fix as the grader grades it", async () => {
    const rules = {
      fw1: fw1({
        action: 'accept',
        in: 'inside',
        proto: 'tcp',
        src: '1.3.3.7',
        sport: 443,
        dport: '49152-65535',
      }),
    }
    const r = (await call('lab:trace', { ...LAB, rules })).value as TopologyTraceResponse
    expect(r.status === 'traced' && r.trace.flows.find((f) => f.name === 'browse')?.ok).toBe(true)
    const grade = (await call('lab:grade', { ...LAB, rules, answers: {} })).value as {
      objectives: { id: string; passed: boolean }[]
    }
    expect(grade.objectives.find((o) => o.id === 'browse')?.passed).toBe(true)
  })

  it('names the cell of a rule that does not read, and refuses a locked node', async () => {
    const rules = { fw1: fw1({ action: 'accept', sport: 99999 }) }
    const r = (await call('lab:trace', { ...LAB, rules })).value as TopologyTraceResponse
    expect(r).toMatchObject({
      status: 'invalid',
      field: expect.stringMatching(/^nodes\[\d+\]\.firewall\.forward\.rules\[1\]\.sport$/),
    })
    expect((await call('lab:trace', { ...LAB, rules: { server: {} } })).error?.message).toContain(
      'server is not editable',
    )
  })
})

describe('lab:trace as one kind (the side-by-side panes)', () => {
  const ok = (r: unknown, flow = 'browse') => {
    const t = r as TopologyTraceResponse
    if (t.status !== 'traced') throw new Error(t.message)
    return t.trace.flows.find((f) => f.name === flow)!.ok
  }

  it("flips the lab's firewall: the start rules time out stateless and connect stateful", async () => {
    const as = async (kind?: string) => (await call('lab:trace', { ...LAB, rules: {}, kind })).value
    expect(ok(await as())).toBe(false)
    expect(ok(await as('stateless'))).toBe(false)
    expect(ok(await as('stateful'))).toBe(true)
  })

  it("traces a text dialect's rules as the learner wrote them, not the lab's start", async () => {
    const packs = new URL('../../fixtures/packs', import.meta.url).pathname
    const store = new ProgressStore(openDatabase(':memory:').db, () => 0)
    library = new PackLibrary(store, { builtIn: LABS, installed: packs })
    const handlers = createHandlers({
      store,
      library,
      info: () => ({ version: '0', host: 'electron' as const, dataDir: '', notices: [] }),
      emit: () => {},
      now: () => 0,
    })
    await library.ready
    // Stateful style: only the request, and responses by ct state.
    const fw1 = [
      'table inet filter {',
      '  chain forward {',
      '    type filter hook forward priority filter; policy drop;',
      '    ct state established,related accept',
      '    iifname "outside" ip daddr 1.3.3.7 tcp dport 443 accept',
      '  }',
      '}',
    ].join('\n')
    const as = async (kind?: string) =>
      (await dispatch(handlers, 'lab:trace', {
        packId: 'test-nft',
        labId: 'web',
        rules: { fw1 },
        kind,
      })) as { value: unknown }
    expect(ok((await as()).value)).toBe(true)
    // Without conntrack the ct rule can never match: the reply has no rule of its own.
    expect(ok((await as('stateless')).value)).toBe(false)
    expect(ok((await as('stateful')).value)).toBe(true)
  })

  it('makes security groups stateless too, and leaves network ACLs as AWS has them', async () => {
    const aws = { packId: 'portwise-basics', labId: '10-aws-vpc' }
    const lab = library.get(aws.packId).labs.find((l) => l.id === aws.labId)!
    const rules = lab.solution
    const as = async (kind?: string) => (await call('lab:trace', { ...aws, rules, kind })).value
    const flows = (r: unknown) => (r as { trace: { flows: { ok: boolean }[] } }).trace.flows
    expect(flows(await as()).every((f) => f.ok)).toBe(true)
    expect(flows(await as('stateful')).every((f) => f.ok)).toBe(true)
    // A stateless security group drops the responses it used to let back.
    expect(flows(await as('stateless')).some((f) => !f.ok)).toBe(true)
  })

  it('refuses a kind that is neither', async () => {
    const r = await call('lab:trace', { ...LAB, rules: {}, kind: 'stateful-ish' })
    expect(r.ok).toBe(false)
    expect(r.error?.message).toMatch(/kind/)
  })
})

describe('results:save', () => {
  it("writes the three files where main's save dialog pointed, and nothing when cancelled", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portwise-save-'))
    const chooseResultsFile = vi
      .fn()
      .mockResolvedValueOnce(join(dir, 'mine.json'))
      .mockResolvedValueOnce(null)
    setup({ choosePackFile: vi.fn(), chooseResultsFile, chooseGradebookFolder: vi.fn() })
    await library.ready
    const req = { packId: 'portwise-basics', learnerName: 'Ada', learnerId: 'ada@example.org' }
    const saved = await call('results:save', req)
    expect(saved).toMatchObject({
      ok: true,
      value: {
        status: 'saved',
        files: [join(dir, 'mine.json'), join(dir, 'mine.html'), join(dir, 'mine.pdf')],
      },
    })
    expect(JSON.parse(readFileSync(join(dir, 'mine.json'), 'utf8')).format).toBe(
      'portwise-results/1',
    )
    expect(readFileSync(join(dir, 'mine.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
    expect(chooseResultsFile).toHaveBeenCalledWith(
      expect.stringMatching(/^results-portwise-basics-/),
    )
    expect(await call('results:save', req)).toEqual({ ok: true, value: { status: 'cancelled' } })
    expect(existsSync(join(dir, 'mine.html'))).toBe(true)
  })

  it('refuses a relative path and a name that is only an extension', () => {
    expect(() => resultsPaths('mine.json')).toThrow('is not an absolute path')
    expect(() => resultsPaths('/tmp/.json')).toThrow('is not a file name')
    expect(resultsPaths('/tmp/a.PDF')).toEqual(['/tmp/a.json', '/tmp/a.html', '/tmp/a.pdf'])
  })

  it('is refused in the browser host, which downloads instead', async () => {
    const r = await call('results:save', {
      packId: 'portwise-basics',
      learnerName: 'A',
      learnerId: 'b',
    })
    expect(r.error?.message).toContain("desktop app's dialogs only")
  })
})
