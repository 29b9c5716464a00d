// The Electron handler layer with a fake ipcMain: a call from a frame that is not Portwise's own
// top-level page is refused before its payload is even read, and a bad payload is refused before
// the database is touched. Runs in Node (Vitest).
import { describe, expect, it, vi } from 'vitest'
import { isAppUrl } from '../../../src-main/app/app-url'
import { type Handlers } from '../../../src-main/ipc/dispatch'
import {
  type InvokeEventLike,
  type IpcMainLike,
  registerIpcHandlers,
} from '../../../src-main/ipc/electron-ipc'
import { createHandlers } from '../../../src-main/ipc/handlers'
import { memoryStore } from './fake-store'

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown

function fakeIpcMain() {
  const listeners = new Map<string, Listener>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void listeners.set(channel, listener),
    removeHandler: (channel) => void listeners.delete(channel),
  }
  const invoke = (channel: string, event: InvokeEventLike, ...args: unknown[]) =>
    listeners.get(channel)!(event, ...args)
  return { ipcMain, listeners, invoke }
}

const fromApp: InvokeEventLike = {
  senderFrame: { url: 'app://portwise/index.html#/sandbox', parent: null },
}

function setup() {
  const store = memoryStore()
  const saveDraft = vi.spyOn(store, 'saveDraft')
  const info = () => ({ version: '0', host: 'electron' as const, dataDir: '/d', notices: [] })
  const handlers: Handlers = createHandlers({ store, info, emit: () => {} })
  const fake = fakeIpcMain()
  const unregister = registerIpcHandlers(fake.ipcMain, handlers, (url) => isAppUrl(url))
  return { ...fake, saveDraft, unregister }
}

const draft = { packId: 'sandbox', labId: 'sandbox', text: '{}' }

describe('registerIpcHandlers', () => {
  it('answers a valid call from the app page', async () => {
    const { invoke, saveDraft } = setup()
    expect(await invoke('draft:save', fromApp, draft)).toEqual({
      ok: true,
      value: { savedAt: 1_700_000_000_000 },
    })
    expect(saveDraft).toHaveBeenCalledWith('sandbox', 'sandbox', '{}')
  })

  it('refuses calls from other pages, from subframes and from destroyed frames', async () => {
    const { invoke, saveDraft } = setup()
    const senders: InvokeEventLike[] = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///etc/passwd', parent: null } },
      { senderFrame: { url: 'app://portwise/index.html', parent: {} } },
      { senderFrame: { url: 'app://other/index.html', parent: null } },
      { senderFrame: null },
    ]
    for (const event of senders) {
      expect(await invoke('draft:save', event, draft)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
    }
    expect(saveDraft).not.toHaveBeenCalled()
  })

  it('refuses a bad payload, and extra arguments, before touching the store', async () => {
    const { invoke, saveDraft } = setup()
    const bad = (await invoke('draft:save', fromApp, {
      packId: 'sandbox',
      labId: 'sandbox',
      text: null,
    })) as {
      ok: boolean
      error: { code: string; message: string }
    }
    expect(bad.ok).toBe(false)
    expect(bad.error).toEqual({
      code: 'bad-request',
      message: expect.stringMatching(/^draft:save: text: /),
    })
    expect(await invoke('draft:save', fromApp, draft, 'more')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    })
    expect(saveDraft).not.toHaveBeenCalled()
  })

  it('accepts the dev server only when one is running', () => {
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5173/')).toBe(false)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })

  it('can remove every handler again', () => {
    const { listeners, unregister } = setup()
    unregister()
    expect(listeners.size).toBe(0)
  })
})
