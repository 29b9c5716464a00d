// A pack's content hash: sha256 over a canonical listing of its files (sorted names, sizes and
// each file's own sha256), so a folder and the `.labpack` built from it hash the same, and any
// changed byte changes it. Runs in Node.
import { createHash } from 'node:crypto'
import type { PackFiles } from '../lab-pack'

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

/** `sha256:` and 64 hex digits. */
export function contentHash(files: PackFiles): string {
  const listing = [...files.keys()]
    .sort()
    .map((name) => `${name}\0${files.get(name)!.length}\0${sha256(files.get(name)!)}\n`)
    .join('')
  return `sha256:${sha256(listing)}`
}
