// Writing a `.labpack`: a plain zip, byte for byte the same for the same files — entries sorted,
// every timestamp 1980-01-01 00:00, no extra fields — so building a pack twice gives one file.
// Pure; runs anywhere.
import { deflateSync } from 'fflate'
import { crc32 } from './crc32'
import type { PackFiles } from './lab-pack'

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1
const VERSION = 20
const UTF8_NAMES = 1 << 11
/** Unix, version 2.0: regular file, rw-r--r--. */
const MADE_BY = (3 << 8) | VERSION
const REGULAR_FILE = (0o100644 << 16) >>> 0

export function writeZip(files: PackFiles): Uint8Array {
  const names = [...files.keys()].sort()
  const encoder = new TextEncoder()
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const name of names) {
    const data = files.get(name)!
    const deflated = deflateSync(data, { level: 9 })
    const stored = deflated.length >= data.length
    const body = stored ? data : deflated
    const nameBytes = encoder.encode(name)
    const crc = crc32(data)
    const local = new Uint8Array(30 + nameBytes.length)
    const lv = new DataView(local.buffer)
    lv.setUint32(0, 0x04034b50, true)
    lv.setUint16(4, VERSION, true)
    lv.setUint16(6, UTF8_NAMES, true)
    lv.setUint16(8, stored ? 0 : 8, true)
    lv.setUint16(10, 0, true)
    lv.setUint16(12, DOS_DATE_1980_01_01, true)
    lv.setUint32(14, crc, true)
    lv.setUint32(18, body.length, true)
    lv.setUint32(22, data.length, true)
    lv.setUint16(26, nameBytes.length, true)
    local.set(nameBytes, 30)
    const central = new Uint8Array(46 + nameBytes.length)
    const cv = new DataView(central.buffer)
    cv.setUint32(0, 0x02014b50, true)
    cv.setUint16(4, MADE_BY, true)
    cv.setUint16(6, VERSION, true)
    cv.setUint16(8, UTF8_NAMES, true)
    cv.setUint16(10, stored ? 0 : 8, true)
    cv.setUint16(14, DOS_DATE_1980_01_01, true)
    cv.setUint32(16, crc, true)
    cv.setUint32(20, body.length, true)
    cv.setUint32(24, data.length, true)
    cv.setUint16(28, nameBytes.length, true)
    cv.setUint32(38, REGULAR_FILE, true)
    cv.setUint32(42, offset, true)
    central.set(nameBytes, 46)
    locals.push(local, body)
    centrals.push(central)
    offset += local.length + body.length
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0)
  const end = new Uint8Array(22)
  const ev = new DataView(end.buffer)
  ev.setUint32(0, 0x06054b50, true)
  ev.setUint16(8, names.length, true)
  ev.setUint16(10, names.length, true)
  ev.setUint32(12, centralSize, true)
  ev.setUint32(16, offset, true)
  const parts = [...locals, ...centrals, end]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
