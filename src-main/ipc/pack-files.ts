// Opening a `.labpack` file: check that it is a readable regular file of a sane size and say
// which pack it is. Installing its labs arrives with the lab-pack format (src-main/labs); until
// then an opened pack is announced to the learner and nothing more. Runs in Node.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { PackOpened } from '../shared/ipc-contract'
import { RequestError } from './dispatch'

export const LABPACK_EXTENSION = '.labpack'
/** A pack is text and a few images; anything larger is not one of ours. */
export const MAX_PACK_BYTES = 50 * 1024 * 1024

export async function openPackFile(file: string): Promise<PackOpened> {
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
