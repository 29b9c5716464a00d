// Opening what the handlers need, the same way for both hosts: the progress database in the
// data folder, the store over it, the built-in Sandbox pack, and the notices the learner must
// read (a damaged database moved aside). Runs in Node (Electron main, the browser host).
import { join } from 'node:path'
import { describeMovedAside, openDatabase } from '../storage/database'
import { ProgressStore } from '../storage/progress-store'
import type { AppInfo, Notice } from '../shared/ipc-contract'
import { SANDBOX_PACK } from '../shared/sandbox-lab'
import type { Handlers } from './dispatch'
import { createHandlers, type DesktopPort, type Emit } from './handlers'
import { PackLibrary } from './pack-library'

export const DATABASE_FILE = 'progress.db'

export interface ServiceOptions {
  dataDir: string
  host: AppInfo['host']
  version: string
  /** the better-sqlite3 addon built for Electron's ABI (see scripts/start.mjs) */
  nativeBinding?: string
  /** how events reach the page; set by the host once its window or server exists */
  emit?: Emit
  /** the built-in lab packs shipped with the app (labs/ in a checkout) */
  labsDir: string
  /** the desktop app's open and save dialogs (Electron main only) */
  desktop?: DesktopPort
}

export interface OpenServices {
  handlers: Handlers
  store: ProgressStore
  notices: Notice[]
  close(): void
}

export function openServices(options: ServiceOptions): OpenServices {
  const { dataDir, host, version, nativeBinding, emit = () => {}, labsDir, desktop } = options
  const opened = openDatabase(join(dataDir, DATABASE_FILE), { nativeBinding })
  const store = new ProgressStore(opened.db)
  if (!store.getPack(SANDBOX_PACK.id)) store.installPack({ ...SANDBOX_PACK })
  const notices: Notice[] = opened.movedAside
    ? [{ level: 'warning', text: describeMovedAside(opened.movedAside) }]
    : []
  const library = new PackLibrary(store, { builtIn: labsDir, installed: join(dataDir, 'packs') })
  // A pack that fails to load is told once it has been read, like a damaged database.
  void library.ready.then(() => notices.push(...library.notices))
  const info = (): AppInfo => ({ version, host, dataDir, notices })
  return {
    handlers: createHandlers({ store, library, info, emit, dataDir, desktop }),
    store,
    notices,
    close: () => opened.db.close(),
  }
}
