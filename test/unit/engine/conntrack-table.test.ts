// The connection table's typed-array hash (entry-table.ts): collisions, deletion with backward
// shift, growth, expiry and listing, checked against a plain Map model of the same operations.
// Vitest, node.
import { describe, expect, it } from 'vitest'
import { Conntrack } from '../../../src-main/engine/conntrack/conntrack'
import {
  EntryTable,
  P_ICMP,
  P_TCP,
  P_UDP,
  icmpWord,
  portsWord,
} from '../../../src-main/engine/conntrack/entry-table'
import { mulberry32 } from '../../bench/classbench'
import { packet } from '../../support/packets'

const key = (src: number, dst: number, sp: number, dp: number) => `${src}|${dst}|${sp}|${dp}`

describe('EntryTable', () => {
  it('finds both directions, survives collisions, deletions and growth like a Map', () => {
    const t = new EntryTable(4) // tiny: grows many times
    const model = new Map<string, number>()
    const rand = mulberry32(7)
    // Few distinct values, so keys share hash runs and deletions shift long probe sequences.
    const pick = () => [
      Math.floor(rand() * 6),
      Math.floor(rand() * 6),
      Math.floor(rand() * 4),
      Math.floor(rand() * 4),
    ]
    for (let step = 0; step < 20_000; step++) {
      const [src, dst, sp, dp] = pick()
      if (src === dst && sp === dp) continue // its reply tuple is itself
      const k = key(src, dst, sp, dp)
      const found = t.find(P_TCP, src, dst, portsWord(sp, dp))
      if (model.has(k)) {
        expect(found >>> 1).toBe(model.get(k))
        expect(found & 1).toBe(0)
        // the reply direction finds the same entry
        expect(t.find(P_TCP, dst, src, portsWord(dp, sp))).toBe((model.get(k)! << 1) | 1)
        if (rand() < 0.5) {
          t.remove(model.get(k)!)
          model.delete(k)
        }
      } else if (found === -1 && !model.has(key(dst, src, dp, sp))) {
        const e = t.alloc()
        t.write(e, src, dst, portsWord(sp, dp), 0xff, P_TCP << 18, step + 1, 0, 1)
        t.insert(e)
        model.set(k, e)
      }
      expect(t.count).toBe(model.size)
    }
    // Another protocol with the same numbers is another key.
    for (const [k, e] of model) {
      const [src, dst, sp, dp] = k.split('|').map(Number)
      expect(t.find(P_UDP, src, dst, portsWord(sp, dp))).toBe(-1)
      expect(t.find(P_TCP, src, dst, portsWord(sp, dp)) >>> 1).toBe(e)
    }
  })

  it('reuses freed records', () => {
    const t = new EntryTable(4)
    for (let i = 0; i < 4; i++) {
      const e = t.alloc()
      t.write(e, i, 100, portsWord(1, 2), 0xff, P_TCP << 18, i + 1, 0, 1)
      t.insert(e)
    }
    const bytes = t.bytes
    for (let round = 0; round < 100; round++) {
      t.remove(round % 4)
      const e = t.alloc()
      expect(e).toBe(round % 4)
      t.write(e, round % 4, 100, portsWord(1, 2), 0xff, P_TCP << 18, round + 10, 0, 1)
      t.insert(e)
    }
    expect(t.bytes).toBe(bytes)
    expect(t.count).toBe(4)
  })
  it('finds an ICMP query from its reply, whose type is the inverse', () => {
    const t = new EntryTable()
    const e = t.alloc()
    t.write(e, 0x0a000001, 0xc0a80001, 0, icmpWord(8, 0, 77), P_ICMP << 18, 1, 0, 30)
    t.insert(e)
    expect(t.find(P_ICMP, 0x0a000001, 0xc0a80001, icmpWord(8, 0, 77))).toBe(e << 1)
    expect(t.find(P_ICMP, 0xc0a80001, 0x0a000001, icmpWord(0, 0, 77))).toBe((e << 1) | 1)
    expect(t.find(P_ICMP, 0xc0a80001, 0x0a000001, icmpWord(8, 0, 77))).toBe(-1)
    expect(t.find(P_ICMP, 0xc0a80001, 0x0a000001, icmpWord(0, 0, 78))).toBe(-1)
  })

  it('finds nothing for a key word that is not a u32, though its low 32 bits match', () => {
    const t = new EntryTable()
    const e = t.alloc()
    t.write(e, 0xc0a80001, 0x0a000001, portsWord(443, 1024), 0xff, P_TCP << 18, 1, 0, 30)
    t.insert(e)
    expect(t.find(P_TCP, 0xc0a80001, 0x0a000001, portsWord(443, 1024))).toBe(e << 1)
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

  it('confirming twice keeps one entry', () => {
    const ct = new Conntrack()
    const t = ct.track(flow(3, 0))
    ct.confirm(t)
    ct.confirm(t)
    expect(ct.list(0)).toHaveLength(1)
  })
})
