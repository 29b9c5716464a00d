// App-level calls: version, host, data folder, notices, and main's events. Runs in the renderer.
import type { AppInfo, EventPayload } from '../../src-main/shared/ipc-contract'
import { portwise } from './portwise'

export function fetchAppInfo(): Promise<AppInfo> {
  return portwise().appInfo()
}

export function onNotice(listener: (notice: EventPayload<'app:notice'>) => void): () => void {
  return portwise().onAppNotice(listener)
}
