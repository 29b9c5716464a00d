// Registers the contract's handlers on Electron's ipcMain, one `handle` per channel. Every call
// is checked before anything runs: it must come from the main frame of Portwise's own page, then
// its payload must pass the channel's schema (dispatch.ts). Runs in the Electron main process,
// but takes ipcMain as a parameter so tests can pass a fake.
import { CHANNELS, type IpcResult } from '../shared/ipc-contract'
import { dispatch, failure, type Handlers } from './dispatch'

/** What we read of an IpcMainInvokeEvent: the frame that sent the call. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

/**
 * Trusted: the top frame (no parent), still alive, showing a page `isAppUrl` accepts. Electron's
 * security checklist, "Validate the sender of all IPC messages": an iframe or a page that
 * navigated elsewhere must not reach the database.
 */
export function isTrustedSender(
  event: InvokeEventLike,
  isAppUrl: (url: string) => boolean,
): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && isAppUrl(frame.url)
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isAppUrl: (url: string) => boolean,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, ...args): Promise<IpcResult<unknown>> | IpcResult<never> => {
      if (!isTrustedSender(event, isAppUrl)) {
        return failure(
          'forbidden',
          `${channel}: refused: the call did not come from Portwise's window`,
        )
      }
      // The preload sends exactly one argument; anything else did not come through it.
      if (args.length > 1)
        return failure('bad-request', `${channel}: expected one argument, got ${args.length}`)
      return dispatch(handlers, channel, args[0])
    })
  }
  return () => CHANNELS.forEach((channel) => ipcMain.removeHandler(channel))
}
