// The handlers over a real (in-memory) progress store: drafts, attempts, settings, packs and the
// scenario runner, and the clear refusals. Runs in Node (Vitest).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../src-main/ipc/handlers'
import { SANDBOX_STARTER } from '../../../src-main/shared/sandbox-lab'
import { memoryStore } from './fake-store'

function setup() {
  const emit = vi.fn()
  const info = () => ({ version: '0', host: 'browser' as const, dataDir: '/d', notices: [] })
  const dataDir = mkdtempSync(join(tmpdir(), 'portwise-data-'))
  const handlers = createHandlers({ store: memoryStore(), info, emit, dataDir })
  const call = (channel: string, payload: unknown) => dispatch(handlers, channel, payload)
  return { call, emit }
}

describe('handlers', () => {
  it('saves a draft and reads it back; an unknown pack is a clear refusal', async () => {
    const { call } = setup()
    expect(await call('draft:get', { packId: 'sandbox', labId: 'sandbox' })).toEqual({
      ok: true,
      value: null,
    })
    await call('draft:save', { packId: 'sandbox', labId: 'sandbox', text: 'hello' })
    expect(await call('draft:get', { packId: 'sandbox', labId: 'sandbox' })).toEqual({
      ok: true,
      value: { text: 'hello', savedAt: 1_700_000_000_000 },
    })
    expect(await call('draft:save', { packId: 'nope', labId: 'x', text: '' })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'draft:save: pack "nope" is not installed' },
    })
  })

  it('records and lists attempts', async () => {
    const { call } = setup()
    const attempt = {
      packId: 'sandbox',
      labId: 'sandbox',
      rules: 'accept all',
      objectives: [{ id: 'o1', passed: true }],
      score: 1,
      maxScore: 2,
      hintsUsed: 0,
      startedAt: 1,
      submittedAt: 2,
    }
    const r = await call('attempt:record', attempt)
    expect(r).toMatchObject({ ok: true, value: { id: expect.any(Number) } })
    expect(await call('attempt:list', { packId: 'sandbox' })).toMatchObject({
      ok: true,
      value: [{ labId: 'sandbox', score: 1 }],
    })
    expect(await call('attempt:record', { ...attempt, score: 3 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
  })

  it('stores settings as JSON and answers null for an unset key', async () => {
    const { call } = setup()
    expect(await call('settings:get', { key: 'ui.theme' })).toEqual({
      ok: true,
      value: { value: null },
    })
    await call('settings:set', { key: 'ui.theme', value: { dark: true } })
    expect(await call('settings:get', { key: 'ui.theme' })).toEqual({
      ok: true,
      value: { value: { dark: true } },
    })
    expect((await call('settings:set', { key: 'Bad Key', value: 1 })).ok).toBe(false)
  })

  it('lists the built-in pack', async () => {
    const { call } = setup()
    expect(await call('pack:list', {})).toMatchObject({
      ok: true,
      value: [{ id: 'sandbox', title: 'Sandbox' }],
    })
  })

  it('runs a scenario, and answers a bad one with its field instead of failing', async () => {
    const { call } = setup()
    expect(await call('scenario:run', { text: SANDBOX_STARTER })).toMatchObject({
      ok: true,
      value: { status: 'ran' },
    })
    expect(await call('scenario:run', { text: '{' })).toMatchObject({
      ok: true,
      value: { status: 'invalid', field: '' },
    })
  })

  it('refuses to install what is not a lab pack, a relative path or a missing file', async () => {
    const { call, emit } = setup()
    const file = join(mkdtempSync(join(tmpdir(), 'portwise-pack-')), 'firewalls-101.labpack')
    writeFileSync(file, 'pack')
    expect(await call('pack:open', { file })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: expect.stringContaining('is not a lab pack') },
    })
    expect(emit).not.toHaveBeenCalled()
    expect(await call('pack:open', { file: 'rel.labpack' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect(await call('pack:open', { file: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect(await call('pack:open', { file: file + '.gone.labpack' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
  })
})
