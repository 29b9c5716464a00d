// Zips as an attacker writes them: any name, lying sizes, symlink attributes, raw bytes.
import { deflateSync } from 'fflate'
import { crc32 } from '../../../src-main/labs/crc32'

export interface RawEntry {
  name: string
  data: Uint8Array
  /** 0 stored, 8 deflate (default) */
  method?: number
  /** the uncompressed size the directory claims (default: the real one) */
  declaredSize?: number
  /** Unix mode in the high half of the external attributes (default regular file) */
  mode?: number
  flags?: number
}

export function rawZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder()
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const e of entries) {
    const method = e.method ?? 8
    const body = method === 8 ? deflateSync(e.data) : e.data
    const name = enc.encode(e.name)
    const size = e.declaredSize ?? e.data.length
    const local = new Uint8Array(30 + name.length)
    const lv = new DataView(local.buffer)
    lv.setUint32(0, 0x04034b50, true)
    lv.setUint16(8, method, true)
    lv.setUint32(14, crc32(e.data), true)
    lv.setUint32(18, body.length, true)
    lv.setUint32(22, size, true)
    lv.setUint16(26, name.length, true)
    local.set(name, 30)
    const c = new Uint8Array(46 + name.length)
    const cv = new DataView(c.buffer)
    cv.setUint32(0, 0x02014b50, true)
    cv.setUint16(4, (3 << 8) | 20, true)
    cv.setUint16(8, e.flags ?? 0, true)
    cv.setUint16(10, method, true)
    cv.setUint32(16, crc32(e.data), true)
    cv.setUint32(20, body.length, true)
    cv.setUint32(24, size, true)
    cv.setUint16(28, name.length, true)
    cv.setUint32(38, ((e.mode ?? 0o100644) << 16) >>> 0, true)
    cv.setUint32(42, offset, true)
    c.set(name, 46)
    parts.push(local, body)
    central.push(c)
    offset += local.length + body.length
  }
  const size = central.reduce((n, c) => n + c.length, 0)
  const end = new Uint8Array(22)
  const ev = new DataView(end.buffer)
  ev.setUint32(0, 0x06054b50, true)
  ev.setUint16(8, entries.length, true)
  ev.setUint16(10, entries.length, true)
  ev.setUint32(12, size, true)
  ev.setUint32(16, offset, true)
  const all = [...parts, ...central, end]
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of all) {
    out.set(p, at)
    at += p.length
  }
  return out
}
