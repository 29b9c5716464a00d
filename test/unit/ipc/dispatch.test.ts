// dispatch: the one gate every call passes in both hosts: unknown channels, payloads that fail
// their schema and failing handlers all become clear errors. Runs in Node (Vitest).
import { describe, expect, it, vi } from 'vitest'
import { dispatch, RequestError, type Handlers } from '../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../src-main/ipc/handlers'
import { memoryStore } from './fake-store'

const info = () => ({ version: '1.2.3', host: 'browser' as const, dataDir: '/data', notices: [] })
const handlers = (): Handlers => createHandlers({ store: memoryStore(), info, emit: () => {} })

describe('dispatch', () => {
  it('answers a valid call', async () => {
    expect(await dispatch(handlers(), 'app:info', {})).toEqual({ ok: true, value: info() })
    expect(await dispatch(handlers(), 'app:info', undefined)).toMatchObject({ ok: true })
  })

  it('refuses a channel the contract does not declare', async () => {
    const r = await dispatch(handlers(), 'fs:read', { path: '/etc/passwd' })
    expect(r).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'no such call: "fs:read"' },
    })
    expect((await dispatch(handlers(), 'toString', {})).ok).toBe(false)
    expect((await dispatch(handlers(), 42, {})).ok).toBe(false)
  })

  it('refuses a payload that fails the schema, naming every bad field, before any handler runs', async () => {
    const spy = vi.fn()
    const h = { ...handlers(), 'draft:save': spy } as Handlers
    const r = await dispatch(h, 'draft:save', { packId: '../x', labId: '', text: 7 })
    expect(spy).not.toHaveBeenCalled()
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('bad-request')
    expect(r.error.message).toMatch(/^draft:save: /)
    for (const field of ['packId', 'labId', 'text']) expect(r.error.message).toContain(field)
  })

  it('refuses unknown fields (strict objects) and non-objects', async () => {
    expect(
      await dispatch(handlers(), 'draft:get', { packId: 'a', labId: 'b', extra: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect((await dispatch(handlers(), 'draft:get', 'sandbox')).ok).toBe(false)
  })

  it("reports a caller's mistake as bad-request and a failure as internal, without throwing", async () => {
    const log = vi.fn()
    const h = {
      ...handlers(),
      'pack:list': () => {
        throw new Error('disk on fire')
      },
      'settings:get': () => {
        throw new RequestError('no such setting')
      },
    } as Handlers
    expect(await dispatch(h, 'pack:list', {}, log)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'pack:list failed: disk on fire' },
    })
    expect(log).toHaveBeenCalledOnce()
    expect(await dispatch(h, 'settings:get', { key: 'ui.theme' }, log)).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'settings:get: no such setting' },
    })
  })
})
