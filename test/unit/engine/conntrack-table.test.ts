// The connection table's typed-array hash (entry-table.ts): collisions, deletion with backward
// shift, wrap-around at the end of the table, distances past a byte, growth and its bytes per
// entry, expiry and listing, checked against a plain Map model of the same operations.
// Vitest, node.
import { describe, expect, it } from 'vitest'
import { Conntrack } from '../../../src-main/engine/conntrack/conntrack'
import { EntryTable } from '../../../src-main/engine/conntrack/entry-table'
import {
  P_ICMP,
  P_TCP,
  P_UDP,
  W_ID,
  icmpWord,
  portsWord,
} from '../../../src-main/engine/conntrack/record'
import { mulberry32 } from '../../bench/classbench'
import { benchConntrack } from '../../bench/conntrack-bench'
import { packet } from '../../support/packets'

const key = (src: number, dst: number, sp: number, dp: number) => `${src}|${dst}|${sp}|${dp}`

/**
 * Random adds and removals of TCP tuples drawn from few values (so keys share homes and runs),
 * each checked against a Map: both directions find the entry, and nothing else is found.
 */
function churn(t: EntryTable, steps: number, values: number, seed: number): Map<string, number> {
  const model = new Map<string, number>()
  const rand = mulberry32(seed)
  const pick = (k: number) => Math.floor(rand() * k)
  for (let step = 0; step < steps; step++) {
    const [src, dst, sp, dp] = [pick(values), pick(values), pick(4), pick(4)]
    if (src === dst && sp === dp) continue // its reply tuple is itself
    const k = key(src, dst, sp, dp)
    const found = t.find(P_TCP, src, dst, portsWord(sp, dp))
    if (model.has(k)) {
      expect(found & 1).toBe(0)
      expect(t.word(found >>> 1, W_ID)).toBe(model.get(k))
      // the reply direction finds the same entry
      expect(t.find(P_TCP, dst, src, portsWord(dp, sp))).toBe(found | 1)
      if (rand() < 0.5) {
        t.remove(found >>> 1)
        model.delete(k)
        expect(t.find(P_TCP, src, dst, portsWord(sp, dp))).toBe(-1)
        expect(t.find(P_TCP, dst, src, portsWord(dp, sp))).toBe(-1)
      }
    } else if (model.has(key(dst, src, dp, sp))) {
      // the reply tuple of a stored entry
      expect(found & 1).toBe(1)
      expect(t.word(found >>> 1, W_ID)).toBe(model.get(key(dst, src, dp, sp)))
    } else {
      expect(found).toBe(-1)
      t.add(src, dst, portsWord(sp, dp), P_TCP << 18, step + 1, 0, 1)
      model.set(k, step + 1)
    }
    expect(t.count).toBe(model.size)
  }
  for (const [k, id] of model) {
    const [src, dst, sp, dp] = k.split('|').map(Number)
    expect(t.word(t.find(P_TCP, src, dst, portsWord(sp, dp)) >>> 1, W_ID)).toBe(id)
    // Another protocol with the same numbers is another key.
    expect(t.find(P_UDP, src, dst, portsWord(sp, dp))).toBe(-1)
  }
  return model
}

describe('EntryTable', () => {
  it('finds both directions, survives collisions, deletions and growth like a Map', () => {
    churn(new EntryTable(4), 20_000, 6, 7) // tiny: grows many times
  })

  it('keeps runs in order when every key has one home (distances past a byte)', () => {
    // A hash narrowed to nothing: one run of up to 576 entries, recomputed distances past 254.
    const model = churn(new EntryTable(4, 0), 6_000, 12, 11)
    expect(model.size).toBeGreaterThan(300)
  })

  it('wraps runs around the end of the table, inserting and deleting across it', () => {
    // Sixteen homes, all in the last sixteenth of the table: runs continue at slot 0.
    for (const [cap, values, seed] of [
      [64, 8, 13],
      [16, 4, 17],
    ]) {
      const t = new EntryTable(cap, 0x0f000000, 0xf0000000 | 0)
      const model = churn(t, 20_000, values, seed)
      const slots = [...model.keys()].map((k) => {
        const [src, dst, sp, dp] = k.split('|').map(Number)
        return t.find(P_TCP, src, dst, portsWord(sp, dp)) >>> 1
      })
      expect(Math.min(...slots)).toBeLessThan(t.capacity / 2)
    }
  })

  it('holds at most 64 bytes per entry at every size from a thousand entries', () => {
    const t = new EntryTable()
    let worst = 0
    for (let i = 0; i < 100_000; i++) {
      t.add(i, 7, portsWord(1, 2), P_TCP << 18, i + 1, 0, 1)
      if (i >= 1000) worst = Math.max(worst, t.bytes / t.count)
    }
    expect(worst).toBeLessThanOrEqual(64)
    for (let i = 0; i < 100_000; i += 997) expect(t.find(P_TCP, 7, i, portsWord(2, 1))).not.toBe(-1)
  })

  it('touches only slots of the table, the last ones included', () => {
    for (const t of [new EntryTable(4, 0x3f), new EntryTable()]) {
      churn(t, 2_000, 40, 23)
      const cap = t.capacity
      const homes = Int32Array.from([0, 1, cap - 3, cap - 2, cap - 1])
      // A read beyond the records would be undefined and make the sum NaN.
      expect(Number.isFinite(t.touch(homes, homes.length))).toBe(true)
    }
  })

  it('keeps nine lookups in ten within the lines touch reads, at a hundred thousand entries', () => {
    const t = new EntryTable()
    const rand = mulberry32(29)
    const keys: number[][] = []
    for (let i = 0; i < 100_000; i++) {
      const k = [(rand() * 2 ** 32) >>> 0, (rand() * 2 ** 32) >>> 0, portsWord(1024 + i, 443)]
      t.add(k[0], k[1], k[2], P_TCP << 18, i + 1, 0, 1)
      keys.push(k)
    }
    // touch reads a home's record and those two and four slots on: slots home … home + 4.
    const near = keys.filter(([s, d, p]) => {
      const home = t.home(P_TCP, s | 0, d | 0, p | 0)
      const slot = t.find(P_TCP, s, d, p) >>> 1
      return (slot - home + t.capacity) % t.capacity <= 4
    }).length
    expect(near / keys.length).toBeGreaterThan(0.9)
  })

  it('finds an ICMP query from its reply, whose type is the inverse', () => {
    const t = new EntryTable()
    t.add(0x0a000001, 0xc0a80001, icmpWord(8, 0, 77), P_ICMP << 18, 1, 0, 30)
    const e = t.find(P_ICMP, 0x0a000001, 0xc0a80001, icmpWord(8, 0, 77))
    expect(e & 1).toBe(0)
    expect(t.word(e >>> 1, W_ID)).toBe(1)
    expect(t.find(P_ICMP, 0xc0a80001, 0x0a000001, icmpWord(0, 0, 77))).toBe(e | 1)
    expect(t.find(P_ICMP, 0xc0a80001, 0x0a000001, icmpWord(8, 0, 77))).toBe(-1)
    expect(t.find(P_ICMP, 0xc0a80001, 0x0a000001, icmpWord(0, 0, 78))).toBe(-1)
  })

  it('finds nothing for a key word that is not a u32, though its low 32 bits match', () => {
    const t = new EntryTable()
    t.add(0xc0a80001, 0x0a000001, portsWord(443, 1024), P_TCP << 18, 1, 0, 30)
    const e = t.find(P_TCP, 0xc0a80001, 0x0a000001, portsWord(443, 1024))
    expect(e).toBeGreaterThanOrEqual(0)
    expect(t.find(P_TCP, 0xc0a80001 - 2 ** 32, 0x0a000001, portsWord(443, 1024))).toBe(-1)
    expect(t.find(P_TCP, 0xc0a80001 + 2 ** 32, 0x0a000001, portsWord(443, 1024))).toBe(-1)
    expect(t.find(P_TCP, 0xc0a80001, 0x0a000001 + 0.5, portsWord(443, 1024))).toBe(-1)
    expect(t.find(P_TCP, 0x0a000001, 0xc0a80001 - 2 ** 32, portsWord(1024, 443))).toBe(-1)
  })
})

describe('Conntrack on the hash table', () => {
  const flow = (i: number, time: number) =>
    packet({
      src: 0x0a000000 + (i >> 8),
      dst: 0xc0a80000 + (i & 0xff),
      sport: 1024 + i,
      dport: 443,
      flagText: 'S',
      time,
    })

  it('tracks many connections, lists them oldest first and collects expired ones on lookup', () => {
    const ct = new Conntrack()
    for (let i = 0; i < 5000; i++) ct.confirm(ct.track(flow(i, i / 100)))
    expect(ct.size).toBe(5000)
    const rows = ct.list(50)
    expect(rows).toHaveLength(5000)
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b))
    expect(rows[0].orig).toMatchObject({
      proto: 'tcp',
      src: 0x0a000000,
      dst: 0xc0a80000,
      sport: 1024,
      dport: 443,
    })
    expect(rows[0].reply).toMatchObject({
      src: 0xc0a80000,
      dst: 0x0a000000,
      sport: 443,
      dport: 1024,
    })
    // SYN_SENT lasts 120 s: at 150 the 3001 opened at or before t=30 are gone.
    expect(ct.list(150)).toHaveLength(1999)
    // A lookup after expiry collects the entry and starts over.
    const again = ct.track(flow(0, 150))
    expect(again.ct).toBe('new')
    expect(again.pending).toBe(true)
    expect(ct.size).toBe(4999)
    ct.confirm(again)
    expect(ct.size).toBe(5000)
  })

  it('gives each packet the entry as it left it, even after the entry is gone', () => {
    const ct = new Conntrack()
    const syn = ct.track(flow(1, 0))
    ct.confirm(syn)
    const rst = ct.track(
      packet({
        in: 'inside',
        src: 0xc0a80001,
        dst: 0x0a000000,
        sport: 443,
        dport: 1025,
        flagText: 'RA',
      }),
    )
    expect(rst.killed).toBe(true)
    expect(ct.size).toBe(0)
    expect(syn.entry?.id).toBe(rst.entry?.id)
    expect(rst.entry?.orig.sport).toBe(1025)
    expect(syn.entry?.tcp).toBe(1) // SYN_SENT when the SYN passed
  })

  it("runs the connection bench's passes, which check that every lookup finds its entry", () => {
    // `npm run bench` is not run in CI: this keeps its checks (one at a time, in bursts) working.
    const r = benchConntrack(20_000, 1)
    expect(r.connections).toBe(20_000)
    expect(r.bytesPerEntry).toBeLessThanOrEqual(64)
    for (const rate of [r.lookupsPerSecond, r.burstLookupsPerSecond, r.burstLookupsBothPerSecond])
      expect(rate).toBeGreaterThan(0)
  })

  it('confirming twice keeps one entry', () => {
    const ct = new Conntrack()
    const t = ct.track(flow(3, 0))
    ct.confirm(t)
    ct.confirm(t)
    expect(ct.list(0)).toHaveLength(1)
  })
})
