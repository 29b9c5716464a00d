// One call through the boundary, the same for both hosts: the channel must be in the contract,
// the payload must pass its schema, and only then does the handler run. Every outcome is an
// IpcResult, so a bad payload or a failing handler is a clear error, never a crash. Runs in Node
// (Electron main, the browser host).
import type { z } from 'zod'
import {
  type Channel,
  contract,
  type IpcErrorCode,
  type IpcResult,
  isChannel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../shared/ipc-contract'

/** One function per contract channel, taking the validated request. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>
}

/** A handler's refusal the caller caused (unknown pack, …): reported as a bad request. */
export class RequestError extends Error {}

export function failure(code: IpcErrorCode, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } }
}

/** `packId: must be letters…; text: expected string, received number` */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ')
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  log: (message: string) => void = console.error,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return failure('unknown-channel', `no such call: ${JSON.stringify(channel) ?? String(channel)}`)
  }
  // A missing payload is a call with no arguments (`appInfo()`); the schema still decides.
  const parsed = contract[channel].request.safeParse(payload ?? {})
  if (!parsed.success) return failure('bad-request', `${channel}: ${describeIssues(parsed.error)}`)
  try {
    // The correlation between `channel` and its handler's parameter is lost on a union key.
    const handler = handlers[channel] as (request: unknown) => unknown
    return { ok: true, value: await handler(parsed.data) }
  } catch (e) {
    if (e instanceof RequestError) return failure('bad-request', `${channel}: ${e.message}`)
    log(`portwise: ${channel} failed: ${(e as Error)?.stack ?? String(e)}`)
    return failure('internal', `${channel} failed: ${(e as Error)?.message ?? String(e)}`)
  }
}
