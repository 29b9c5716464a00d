// The preload with a fake `electron`: window.portwise gets one method per contract channel (no
// generic invoke), each bound to its own channel; errors reject; subscriptions unsubscribe and
// never see Electron's event object. Runs in Node (Vitest).
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CHANNELS,
  EVENT_NAMES,
  listenerName,
  methodName,
} from '../../../src-main/shared/ipc-contract'

const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {}
const invoke = vi.fn()
const on = vi.fn()
const removeListener = vi.fn()

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, () => unknown>) => (exposed[key] = api),
  },
  ipcRenderer: { invoke, on, removeListener },
  webUtils: { getPathForFile: () => '' },
}))

beforeAll(async () => {
  // The preload listens for drops on the window; Node has no window.
  ;(globalThis as unknown as { window: EventTarget }).window = new EventTarget()
  await import('../../../src-main/app/preload')
})

describe('preload', () => {
  it('exposes exactly one method per channel and one listener per event', () => {
    expect(Object.keys(exposed.portwise).sort()).toEqual(
      [...CHANNELS.map(methodName), ...EVENT_NAMES.map(listenerName)].sort(),
    )
  })

  it('sends each method on its own channel and unwraps the answer', async () => {
    invoke.mockResolvedValueOnce({ ok: true, value: { savedAt: 5 } })
    const r = await exposed.portwise.draftSave({ packId: 'p', labId: 'l', text: 't' })
    expect(invoke).toHaveBeenLastCalledWith('draft:save', { packId: 'p', labId: 'l', text: 't' })
    expect(r).toEqual({ savedAt: 5 })
    invoke.mockResolvedValueOnce({ ok: true, value: {} })
    await exposed.portwise.appInfo()
    expect(invoke).toHaveBeenLastCalledWith('app:info', {})
  })

  it('rejects with the error main gave', async () => {
    invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'bad-request', message: 'draft:save: text: bad' },
    })
    await expect(exposed.portwise.draftSave({})).rejects.toThrow(
      'bad-request: draft:save: text: bad',
    )
  })

  it('passes event payloads without the event object, and unsubscribes', () => {
    const listener = vi.fn()
    const off = exposed.portwise.onAppNotice(listener) as () => void
    const [channel, own] = on.mock.lastCall as [string, (e: unknown, p: unknown) => void]
    expect(channel).toBe('app:notice')
    own({ sender: 'secret' }, { level: 'info', text: 'hi' })
    expect(listener).toHaveBeenCalledWith({ level: 'info', text: 'hi' })
    off()
    expect(removeListener).toHaveBeenCalledWith('app:notice', own)
  })
})
