// The browser host's implementation of window.portwise (Heynote's web bridge): the same methods
// as the Electron preload, each sending its own channel over the host's WebSocket. The host
// validates every call exactly as Electron's main process does. Runs in the renderer (browser).
import {
  CHANNELS,
  EVENT_NAMES,
  type IpcResult,
  ipcErrorMessage,
  listenerName,
  methodName,
  type PortwiseApi,
} from '../../src-main/shared/ipc-contract'
import { WIRE_PATH, type WireAnswer, type WireEvent } from '../../src-main/shared/web-wire'

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

/** The host's WebSocket address for this page: same host and port, the page's token. */
export function wireUrl(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? ''
  return `ws://${location.host}${WIRE_PATH}?token=${encodeURIComponent(token)}`
}

export function createWebBridge(url: string): PortwiseApi {
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let nextId = 1
  let socket: Promise<WebSocket> | null = null

  // Opened on the first call and again after a drop (the host restarted, the laptop slept).
  function open(): Promise<WebSocket> {
    socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.onopen = () => resolve(ws)
      ws.onerror = () =>
        reject(new Error('cannot reach the Portwise host: is `npm run web` still running?'))
      ws.onclose = () => {
        socket = null
        for (const p of pending.values())
          p.reject(new Error('lost the connection to the Portwise host'))
        pending.clear()
      }
      ws.onmessage = (m) => receive(String(m.data))
    })
    socket.catch(() => (socket = null))
    return socket
  }

  function receive(text: string) {
    const message = JSON.parse(text) as WireAnswer | WireEvent
    if ('event' in message) {
      for (const fn of listeners.get(message.event) ?? []) fn(message.payload)
      return
    }
    const call = pending.get(message.id)
    if (!call) return
    pending.delete(message.id)
    const result: IpcResult<unknown> = message.result
    if (result.ok) call.resolve(result.value)
    else call.reject(new Error(ipcErrorMessage(result.error)))
  }

  async function call(channel: string, payload: unknown): Promise<unknown> {
    const ws = await open()
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      ws.send(JSON.stringify({ id, channel, payload }))
    })
  }

  const api: Record<string, unknown> = {}
  for (const channel of CHANNELS) {
    api[methodName(channel)] = (request?: unknown) => call(channel, request ?? {})
  }
  for (const event of EVENT_NAMES) {
    api[listenerName(event)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const own = (payload: unknown) => listener(payload)
      set.add(own)
      return () => void set.delete(own)
    }
  }
  return Object.freeze(api) as unknown as PortwiseApi
}
