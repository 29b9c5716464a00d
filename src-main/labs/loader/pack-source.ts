// The files of a pack from disk, treated as untrusted: a folder (walked without following
// symlinks, every size checked by stat before a byte is read) or a `.labpack` zip (checked by
// zip-reader before inflating). Runs in Node.
import { lstat, open, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { badPackPath, clashingPaths } from '../pack-paths'
import { readZip } from '../zip-reader'
import { PACK_LIMITS, PackLimitError, type PackLimits, fileLimit } from '../zip-limits'

/** A `.labpack` is compressed text and a few images; a bigger file is not read at all. */
export const MAX_LABPACK_BYTES = 50 * 1024 * 1024

/** Reads at most `limit` bytes, so a file that grows after its stat cannot make us read more. */
async function readBounded(
  file: string,
  size: number,
  limit: number,
  name: string,
): Promise<Uint8Array> {
  if (size > limit) throw new PackLimitError(name, `is ${size} bytes; the limit is ${limit}`)
  const handle = await open(file, 'r')
  try {
    const buf = new Uint8Array(size)
    let at = 0
    while (at < size) {
      const { bytesRead } = await handle.read(buf, at, size - at, at)
      if (bytesRead === 0) break
      at += bytesRead
    }
    return at === size ? buf : buf.subarray(0, at)
  } finally {
    await handle.close()
  }
}

export async function readPackFolder(
  dir: string,
  limits: PackLimits = PACK_LIMITS,
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>()
  let total = 0
  const walk = async (rel: string, depth: number): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const e of entries) {
      const name = rel ? `${rel}/${e.name}` : e.name
      // Hidden files (.DS_Store, .git) are an editor's or the system's, never the pack's.
      if (e.name.startsWith('.')) continue
      const bad = badPackPath(name)
      if (bad) throw new PackLimitError(name, `refused: ${bad}`)
      const info = await lstat(join(dir, name))
      if (info.isSymbolicLink()) throw new PackLimitError(name, 'refused: a symbolic link')
      if (info.isDirectory()) {
        if (depth >= 8) throw new PackLimitError(name, 'refused: folders nested more than 8 deep')
        await walk(name, depth + 1)
        continue
      }
      if (!info.isFile()) throw new PackLimitError(name, 'refused: not a regular file')
      if (files.size >= limits.maxFiles)
        throw new PackLimitError('', `has more than ${limits.maxFiles} files`)
      const limit = fileLimit(name, limits)
      if (info.size > limit)
        throw new PackLimitError(name, `is ${info.size} bytes; the limit is ${limit}`)
      total += info.size
      if (total > limits.maxTotalBytes)
        throw new PackLimitError('', `holds more than ${limits.maxTotalBytes} bytes`)
      files.set(name, await readBounded(join(dir, name), info.size, limit, name))
    }
  }
  await walk('', 0)
  const clash = clashingPaths([...files.keys()])
  if (clash) throw new PackLimitError('', `refused: ${clash}`)
  return files
}

export async function readPackZip(
  file: string,
  limits: PackLimits = PACK_LIMITS,
): Promise<Map<string, Uint8Array>> {
  const info = await stat(file)
  const bytes = await readBounded(file, info.size, MAX_LABPACK_BYTES, file)
  return readZip(bytes, limits)
}

/** A folder or a `.labpack`; throws PackLimitError for what is refused, fs errors as they come. */
export async function readPackSource(
  path: string,
  limits: PackLimits = PACK_LIMITS,
): Promise<Map<string, Uint8Array>> {
  const info = await stat(path)
  if (info.isDirectory()) return readPackFolder(path, limits)
  if (info.isFile()) return readPackZip(path, limits)
  throw new PackLimitError(path, 'is neither a folder nor a file')
}
