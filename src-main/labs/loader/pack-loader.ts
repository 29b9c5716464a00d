// Loading a pack from disk into a LabPack: its files, every check `pack validate` makes, and its
// content hash. Nothing of the pack runs; nothing is written. Runs in Node.
import { stat } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import type { LabPack, PackProblem } from '../lab-pack'
import { noManifest, PACK_FILE } from '../pack-reader'
import { validatePack } from '../validate'
import { PackLimitError, type PackLimits, PACK_LIMITS } from '../zip-limits'
import { contentHash } from './content-hash'
import { readPackSource } from './pack-source'

export interface LoadedPack {
  /** null when any error was found */
  pack: LabPack | null
  problems: PackProblem[]
}

/** Reads and checks a pack; refusals (limits, hostile names, damage) come back as problems. */
export async function loadPack(
  path: string,
  limits: PackLimits = PACK_LIMITS,
): Promise<LoadedPack> {
  if (basename(path) === PACK_FILE) {
    // the manifest itself, read as a zip, was "not a zip file"
    const message = `is a pack's manifest: give its folder (${dirname(path)}) or a .labpack file`
    return { pack: null, problems: [{ severity: 'error', file: path, path: '', message }] }
  }
  let files: Map<string, Uint8Array>
  try {
    files = await readPackSource(path, limits)
  } catch (e) {
    if (e instanceof PackLimitError)
      return {
        pack: null,
        problems: [
          {
            severity: 'error',
            file: e.file || path,
            path: '',
            message: e.message.slice(e.file ? e.file.length + 2 : 0),
          },
        ],
      }
    const code = (e as NodeJS.ErrnoException).code
    if (code)
      return {
        pack: null,
        problems: [
          {
            severity: 'error',
            file: path,
            path: '',
            message: `cannot be read (${code === 'ENOENT' ? 'no such file or folder' : code})`,
          },
        ],
      }
    throw e
  }
  // "pack.json: missing" reads as if a lab's file were gone; say what was given instead
  const message = noManifest(files, !(await stat(path)).isDirectory())
  if (message)
    return { pack: null, problems: [{ severity: 'error', file: path, path: '', message }] }
  const { pack, problems } = validatePack(files)
  if (pack) pack.hash = contentHash(files)
  return { pack, problems }
}
