// The browser host's WebSocket messages: the web bridge (renderer) sends a call, the host answers
// with the same IpcResult the Electron IPC layer gives, and pushes events. Pure; runs anywhere.
import { z } from 'zod'
import type { IpcResult } from './ipc-contract'

/** renderer → host. The host checks this shape before the channel's own schema. */
export const wireCall = z.strictObject({
  id: z.number().int().min(0),
  channel: z.string().max(64),
  payload: z.unknown(),
})
export type WireCall = z.infer<typeof wireCall>

/** host → renderer: the answer to call `id`. */
export interface WireAnswer {
  id: number
  result: IpcResult<unknown>
}

/** host → renderer: an event of the contract. */
export interface WireEvent {
  event: string
  payload: unknown
}

/** Where the page finds its WebSocket: same host and port, this path, the page's token. */
export const WIRE_PATH = '/ws'
