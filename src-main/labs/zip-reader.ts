// Reading a `.labpack` (a zip) from an untrusted source, before a single byte is inflated: the
// central directory is checked whole — entry count, every declared size against the limits,
// names (no `..`, absolute paths, backslashes, duplicates), no symlinks or other special files,
// no encryption, no zip64 — then each entry is inflated in small steps that stop the moment it
// outgrows its declared size, so a zip bomb costs at most the limit, and its CRC is checked.
// Pure (fflate is plain JavaScript); runs anywhere.
import { Inflate } from 'fflate'
import { Crc32 } from './crc32'
import { badPackPath, clashingPaths } from './pack-paths'
import { PACK_LIMITS, PackLimitError, type PackLimits, fileLimit } from './zip-limits'

interface Entry {
  name: string
  method: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
/** Input handed to the inflater per step; deflate expands at most ~1032×, so ≤ 4 MB out per step. */
const STEP = 4096

const fail = (file: string, message: string): never => {
  throw new PackLimitError(file, message)
}

function findEnd(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff)
  for (let i = view.byteLength - 22; i >= min; i--) if (view.getUint32(i, true) === EOCD) return i
  return fail('', 'is not a zip file (no end of central directory)')
}

function readDirectory(bytes: Uint8Array, limits: PackLimits): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.byteLength < 22) fail('', 'is not a zip file (too short)')
  const end = findEnd(view)
  const count = view.getUint16(end + 10, true)
  const size = view.getUint32(end + 12, true)
  const offset = view.getUint32(end + 16, true)
  if (
    view.getUint16(end + 4, true) !== 0 ||
    view.getUint16(end + 6, true) !== 0 ||
    view.getUint16(end + 8, true) !== count
  )
    fail('', 'is a multi-part zip, which a pack cannot be')
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    fail('', 'is a zip64 file, far larger than a pack')
  if (count > limits.maxFiles)
    fail('', `has ${count} entries; a pack may have at most ${limits.maxFiles}`)
  if (offset + size > end) fail('', 'is damaged (the central directory lies outside the file)')
  const names = new TextDecoder('utf-8', { fatal: true })
  const entries: Entry[] = []
  let at = offset
  let total = 0
  for (let k = 0; k < count; k++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL)
      fail('', `is damaged (central directory entry ${k})`)
    const madeBy = view.getUint16(at + 4, true) >> 8
    const flags = view.getUint16(at + 8, true)
    const method = view.getUint16(at + 10, true)
    const nameLen = view.getUint16(at + 28, true)
    const extraLen = view.getUint16(at + 30, true)
    const commentLen = view.getUint16(at + 32, true)
    const external = view.getUint32(at + 38, true)
    let name = ''
    try {
      name = names.decode(bytes.subarray(at + 46, at + 46 + nameLen))
    } catch {
      fail('', `entry ${k} has a name that is not UTF-8`)
    }
    const entry: Entry = {
      name,
      method,
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    }
    at += 46 + nameLen + extraLen + commentLen
    const isDir = name.endsWith('/')
    const path = isDir ? name.slice(0, -1) : name
    const bad = badPackPath(path)
    if (bad) fail(name, `refused: ${bad}`)
    // Unix "made by" hosts keep the file type in the high half of the external attributes.
    const type = (external >>> 16) & S_IFMT
    if (madeBy === 3 && type === 0o120000) fail(name, 'refused: a symbolic link')
    if (madeBy === 3 && type !== 0 && type !== S_IFREG && type !== S_IFDIR)
      fail(name, 'refused: not a regular file')
    if (flags & 1) fail(name, 'refused: encrypted')
    if (isDir) {
      if (entry.size !== 0) fail(name, 'refused: a folder entry with content')
      continue
    }
    if (method !== 0 && method !== 8)
      fail(name, `refused: compression method ${method} (only stored and deflate)`)
    if (method === 0 && entry.compressedSize !== entry.size)
      fail(name, 'is damaged (stored sizes differ)')
    const limit = fileLimit(name, limits)
    if (entry.size > limit) fail(name, `is ${entry.size} bytes uncompressed; the limit is ${limit}`)
    total += entry.size
    if (total > limits.maxTotalBytes)
      fail('', `uncompresses to more than ${limits.maxTotalBytes} bytes`)
    entries.push(entry)
  }
  const clash = clashingPaths(entries.map((e) => e.name))
  if (clash) fail('', `refused: ${clash}`)
  return entries
}

function entryData(bytes: Uint8Array, e: Entry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (e.localOffset + 30 > bytes.length || view.getUint32(e.localOffset, true) !== LOCAL)
    fail(e.name, 'is damaged (no local header)')
  const start =
    e.localOffset +
    30 +
    view.getUint16(e.localOffset + 26, true) +
    view.getUint16(e.localOffset + 28, true)
  if (start + e.compressedSize > bytes.length)
    fail(e.name, 'is damaged (data past the end of the file)')
  return bytes.subarray(start, start + e.compressedSize)
}

function inflateEntry(data: Uint8Array, e: Entry, budget: { left: number }): Uint8Array {
  const out = new Uint8Array(e.size)
  let written = 0
  const inflater = new Inflate((chunk) => {
    // A zip bomb lies about its size: stop as soon as it outgrows what it declared.
    if (written + chunk.length > e.size)
      fail(e.name, `inflates to more than its declared ${e.size} bytes (a zip bomb?)`)
    if (chunk.length > budget.left) fail('', 'uncompresses to more than the pack size limit')
    out.set(chunk, written)
    written += chunk.length
    budget.left -= chunk.length
  })
  try {
    for (let i = 0; i < data.length; i += STEP)
      inflater.push(data.subarray(i, Math.min(i + STEP, data.length)), i + STEP >= data.length)
    if (data.length === 0) inflater.push(new Uint8Array(0), true)
  } catch (err) {
    if (err instanceof PackLimitError) throw err
    fail(e.name, `is damaged (${(err as Error).message})`)
  }
  if (written !== e.size) fail(e.name, `is damaged (${written} bytes, ${e.size} declared)`)
  return out
}

/** The pack's files from zip bytes; throws a PackLimitError saying which entry and why. */
export function readZip(
  bytes: Uint8Array,
  limits: PackLimits = PACK_LIMITS,
): Map<string, Uint8Array> {
  const entries = readDirectory(bytes, limits)
  const files = new Map<string, Uint8Array>()
  const budget = { left: limits.maxTotalBytes }
  for (const e of entries) {
    const data = entryData(bytes, e)
    const content = e.method === 0 ? data.slice() : inflateEntry(data, e, budget)
    if (new Crc32().update(content).value !== e.crc) fail(e.name, 'is damaged (CRC mismatch)')
    files.set(e.name, content)
  }
  return files
}
