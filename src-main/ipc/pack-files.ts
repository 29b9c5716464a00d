// Checking a `.labpack` path before it is installed (ipc/pack-installer.ts): a readable regular
// file of a sane size. Also finds the packs among command-line arguments (a double-click starts
// `portwise FILE`). Runs in Node.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { MAX_PACK_BYTES } from '../shared/ipc-contract'
import { RequestError } from './dispatch'

export const LABPACK_EXTENSION = '.labpack'

/** The file's name without `.labpack`, once it is known to be a readable file of a sane size. */
export async function openPackFile(file: string): Promise<{ file: string; name: string }> {
  if (!file.toLowerCase().endsWith(LABPACK_EXTENSION))
    throw new RequestError(`${file} is not a ${LABPACK_EXTENSION} file`)
  let info
  try {
    info = await stat(file)
  } catch {
    throw new RequestError(`${file} cannot be read (no such file?)`)
  }
  if (!info.isFile()) throw new RequestError(`${file} is not a file`)
  if (info.size > MAX_PACK_BYTES) throw new RequestError(`${file} is too large for a lab pack`)
  return { file, name: basename(file).slice(0, -LABPACK_EXTENSION.length) }
}

/** The `.labpack` paths among command-line arguments (a double-click starts `portwise FILE`). */
export function labpackArgs(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && a.toLowerCase().endsWith(LABPACK_EXTENSION))
}
