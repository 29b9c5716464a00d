// Installing a checked pack into the app's data folder: its files under packs/<id>/, written to a
// fresh folder first and swapped in by rename, so a failure leaves what was installed as it was.
// A pack claiming an installed id and version with other content is refused. Runs in Node.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { LabPack } from '../lab-pack'

/** What the app knows of an installed pack (storage/packs.ts PackRecord has these). */
export interface InstalledPack {
  version: string
  contentHash: string
}

export interface InstalledPacks {
  get(id: string): InstalledPack | null
}

export class PackConflictError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PackConflictError'
  }
}

export type InstallOutcome = 'installed' | 'updated' | 'unchanged'

export const packFolder = (dataDir: string, id: string) => join(dataDir, 'packs', id)

/**
 * Writes the pack's files; the caller records {id, version, hash} (storage/packs.ts) after.
 * Throws PackConflictError, leaving everything as it was, for a same-version pack whose content
 * differs from the installed one's.
 */
export async function installPack(
  pack: LabPack,
  dataDir: string,
  installed: InstalledPacks,
  nonce: string,
): Promise<InstallOutcome> {
  const { id, version } = pack.manifest
  if (!pack.hash) throw new Error('installPack needs a hashed pack (loadPack hashes it)')
  const before = installed.get(id)
  if (before && before.version === version) {
    if (before.contentHash === pack.hash) return 'unchanged'
    throw new PackConflictError(
      `a pack "${id}" version ${version} is already installed with different content (${before.contentHash.slice(0, 19)}…, this one ${pack.hash.slice(0, 19)}…): a changed pack needs a new version`,
    )
  }
  const packs = resolve(dataDir, 'packs')
  const final = join(packs, id)
  const staging = join(packs, `.staging-${id}-${nonce}`)
  const old = join(packs, `.old-${id}-${nonce}`)
  await mkdir(staging, { recursive: true })
  try {
    for (const [name, data] of pack.files) {
      const target = resolve(staging, ...name.split('/'))
      // Names were checked when read; this second check costs nothing and guards the write.
      if (!target.startsWith(staging + sep))
        throw new Error(`refusing to write ${name} outside the pack folder`)
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, data, { flag: 'wx' })
    }
    let hadOld = true
    await rename(final, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e
      hadOld = false
    })
    try {
      await rename(staging, final)
    } catch (e) {
      if (hadOld) await rename(old, final)
      throw e
    }
    if (hadOld) await rm(old, { recursive: true, force: true })
    return before ? 'updated' : 'installed'
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}
