// The lab packs the app knows: the built-in course shipped beside the app and the packs installed
// in the data folder, loaded once at start (they are untrusted data, read by the labs loader) and
// registered in the progress store. Runs in Node (Electron main, the browser host).
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { LabPack } from '../labs/lab-pack'
import { formatProblem } from '../labs/lab-pack'
import { loadPack } from '../labs/loader/pack-loader'
import type { ProgressStore } from '../storage/progress-store'
import type { Notice } from '../shared/ipc-contract'
import { RequestError } from './dispatch'

export type PackStorePort = Pick<ProgressStore, 'installPack' | 'getPack'>

export class PackLibrary {
  private readonly packs = new Map<string, LabPack>()
  readonly notices: Notice[] = []
  /** resolves once every pack has been read; handlers await it */
  readonly ready: Promise<void>

  constructor(
    private readonly store: PackStorePort,
    folders: { builtIn: string; installed: string } | null,
  ) {
    this.ready = folders ? this.load(folders) : Promise.resolve()
  }

  /** The pack, or a clear error for the renderer. */
  get(packId: string): LabPack {
    const pack = this.packs.get(packId)
    if (!pack) throw new RequestError(`pack "${packId}" is not installed`)
    return pack
  }

  /** A pack just installed (ipc/pack-installer.ts) replaces any copy of the same id. */
  add(pack: LabPack): void {
    this.packs.set(pack.manifest.id, pack)
  }

  list(): LabPack[] {
    return [...this.packs.values()].sort((a, b) => a.manifest.title.localeCompare(b.manifest.title))
  }

  private async load(folders: { builtIn: string; installed: string }): Promise<void> {
    for (const dir of [folders.builtIn, folders.installed]) {
      for (const folder of await subfolders(dir)) {
        const { pack, problems } = await loadPack(folder)
        if (!pack) {
          // A damaged pack is reported, never fatal: the rest of the app keeps working.
          const first = problems.find((p) => p.severity === 'error') ?? problems[0]
          this.notices.push({
            level: 'warning',
            text: `The lab pack in ${folder} could not be read: ${first ? formatProblem(first) : 'unknown error'}`,
          })
          continue
        }
        const { id, version, title } = pack.manifest
        this.packs.set(id, pack)
        this.store.installPack({ id, version, contentHash: pack.hash, title })
      }
    }
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .filter((e) => e.isDirectory() && e.name !== 'schemas')
      .map((e) => join(dir, e.name))
      .sort()
  } catch {
    return [] // no such folder: nothing installed yet
  }
}
