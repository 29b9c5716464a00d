// The surface test (after Insomnia's): the handlers registered on ipcMain, the handlers the
// browser host dispatches to and the contract's channels are exactly the same set, and every
// channel is a documented `domain:verb`. Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { registerIpcHandlers, type IpcMainLike } from '../../../src-main/ipc/electron-ipc'
import { createHandlers } from '../../../src-main/ipc/handlers'
import {
  CHANNELS,
  contract,
  EVENT_NAMES,
  events,
  listenerName,
  methodName,
} from '../../../src-main/shared/ipc-contract'
import { memoryStore } from './fake-store'

const info = () => ({ version: '0', host: 'browser' as const, dataDir: '/tmp', notices: [] })

describe('the IPC surface', () => {
  it('registers on ipcMain exactly the contract channels', () => {
    const registered: string[] = []
    const ipcMain: IpcMainLike = { handle: (c) => void registered.push(c), removeHandler: () => {} }
    registerIpcHandlers(
      ipcMain,
      createHandlers({ store: memoryStore(), info, emit: () => {} }),
      () => true,
    )
    expect(registered.sort()).toEqual([...CHANNELS].sort())
  })

  it('has a handler for every channel and none besides', () => {
    const handlers = createHandlers({ store: memoryStore(), info, emit: () => {} })
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
  })

  it('carries the network lab: trace a topology, read and write rules text', () => {
    for (const c of ['topology:trace', 'rules:parse', 'rules:print']) expect(CHANNELS).toContain(c)
    expect(methodName('topology:trace')).toBe('topologyTrace')
    expect(contract['rules:parse'].request.safeParse({ dialect: 'pf', text: '' }).success).toBe(
      false,
    )
  })

  it('names channels and events domain:verb, each documented, with distinct method names', () => {
    for (const name of [...CHANNELS, ...EVENT_NAMES])
      expect(name).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/)
    for (const c of CHANNELS) expect(contract[c].doc.length).toBeGreaterThan(10)
    for (const e of EVENT_NAMES) expect(events[e].doc.length).toBeGreaterThan(10)
    const names = [...CHANNELS.map(methodName), ...EVENT_NAMES.map(listenerName)]
    expect(new Set(names).size).toBe(names.length)
    expect(methodName('draft:save')).toBe('draftSave')
    expect(listenerName('pack:opened')).toBe('onPackOpened')
  })
})
