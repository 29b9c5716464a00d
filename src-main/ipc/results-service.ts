// File › Export results, for both hosts: the learner's attempts at one installed pack as a
// portwise-results/1 bundle, with the readable report as HTML and PDF. Reads the store and the
// pack; writes nothing (the host saves the files where the learner chose). Runs in Node.
import { join } from 'node:path'
import type { LabPack } from '../labs/lab-pack'
import { loadPack } from '../labs/loader/pack-loader'
import { buildBundle } from '../labs/results/build-bundle'
import { exportReport, resultsFileName } from '../labs/results/export-report'
import { RequestError } from './dispatch'
import type { ProgressPort } from './handlers'

/** Finds a pack's files by id: the installed copy, or a built-in course folder. */
export type PackResolver = (packId: string) => Promise<LabPack | null>

/**
 * Looks for `<root>/<packId>` in each root in turn (the data folder's packs/, then the app's
 * built-in labs/), loading and checking it as `portwise pack validate` does.
 */
export function folderPackResolver(roots: readonly string[]): PackResolver {
  return async (packId) => {
    for (const root of roots) {
      const { pack } = await loadPack(join(root, packId))
      if (pack) return pack
    }
    return null
  }
}

/** Installed packs live in the data folder's packs/ (labs/loader/pack-install.ts `packFolder`). */
export const installedPackResolver = (dataDir: string) =>
  folderPackResolver([join(dataDir, 'packs')])

export interface ExportRequest {
  packId: string
  learnerName: string
  learnerId: string
}

export interface ExportDeps {
  store: Pick<ProgressPort, 'getPack' | 'listAttempts'>
  packs: PackResolver
  appVersion: string
  /** ms since the epoch: when the export is made */
  now: number
}

export interface ResultsExport {
  bundleJson: string
  html: string
  pdf: Uint8Array
  /** a suggested file name without extension */
  fileName: string
  /** attempts left out: recorded under another version of the pack */
  skippedAttempts: number
  /** attempts the bundle holds */
  attempts: number
}

export async function exportResults(
  deps: ExportDeps,
  request: ExportRequest,
): Promise<ResultsExport> {
  const { packId } = request
  const installed = deps.store.getPack(packId)
  if (!installed) throw new RequestError(`pack "${packId}" is not installed`)
  const pack = await deps.packs(packId)
  if (!pack) throw new RequestError(`the files of pack "${packId}" cannot be found or do not load`)
  // The bundle names the pack version and content its attempts were graded by; a copy on disk
  // that differs from what the store recorded would misname them.
  if (pack.manifest.version !== installed.version || pack.hash !== installed.contentHash)
    throw new RequestError(
      `pack "${packId}" on disk is ${pack.manifest.version} (${pack.hash.slice(0, 19)}…), but ${installed.version} (${installed.contentHash.slice(0, 19)}…) is installed`,
    )
  const learner = { name: request.learnerName.trim(), id: request.learnerId.trim() }
  if (!learner.name || !learner.id)
    throw new RequestError('a name and an id (email or student number) are needed')
  const { bundle, skipped } = buildBundle(pack, deps.store.listAttempts(packId), {
    learner,
    exportedAt: deps.now,
    appVersion: deps.appVersion,
  })
  const files = await exportReport(pack, bundle)
  return {
    ...files,
    fileName: resultsFileName(bundle),
    skippedAttempts: skipped,
    attempts: bundle.labs.reduce((n, l) => n + l.attempts.length, 0),
  }
}
