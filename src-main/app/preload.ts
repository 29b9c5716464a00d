/// <reference lib="dom" />
// The preload: exposes window.portwise through contextBridge, one method per contract channel
// (each bound to its own channel: never a generic invoke) and one `onXxx` per event returning its
// unsubscribe function, without ever passing Electron's event object to the page. Also turns a
// `.labpack` dropped on the window into a `pack:open` call. Runs in the sandboxed preload
// (bundled to out/preload/index.cjs as CommonJS, the only format a sandboxed preload accepts).
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron'
import {
  CHANNELS,
  EVENT_NAMES,
  type IpcResult,
  ipcErrorMessage,
  listenerName,
  methodName,
} from '../shared/ipc-contract'

const api: Record<string, unknown> = {}

for (const channel of CHANNELS) {
  api[methodName(channel)] = async (request?: unknown) => {
    const result = (await ipcRenderer.invoke(channel, request ?? {})) as IpcResult<unknown>
    if (result.ok) return result.value
    throw new Error(ipcErrorMessage(result.error))
  }
}

for (const event of EVENT_NAMES) {
  api[listenerName(event)] = (listener: (payload: unknown) => void) => {
    const own = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, own)
    return () => void ipcRenderer.removeListener(event, own)
  }
}

contextBridge.exposeInMainWorld('portwise', api)

// Dropping a file on the window: the page cannot see file paths (context isolation), the
// preload can. Anything that is not a .labpack is ignored rather than navigated to.
window.addEventListener('dragover', (event) => event.preventDefault())
window.addEventListener('drop', (event) => {
  event.preventDefault()
  for (const file of Array.from(event.dataTransfer?.files ?? [])) {
    const path = webUtils.getPathForFile(file)
    if (path.toLowerCase().endsWith('.labpack'))
      void ipcRenderer.invoke('pack:open', { file: path })
  }
})
