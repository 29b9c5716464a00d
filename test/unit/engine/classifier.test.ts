// The compiled classifier answers exactly what the reference scan `firstMatch` answers: random
// rule sets (every field, sets, wildcards, odd values) and random packets, before and after random
// edits (insert, remove, replace). Vitest, node, fast-check.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Classifier } from '../../../src-main/engine/classifier/classifier'
import { Filter, firstMatch } from '../../../src-main/engine/firewall'
import type { Packet, Proto } from '../../../src-main/engine/packet'
import { CT_STATES, type CtState, type Rule } from '../../../src-main/engine/rule'

const IFACES = ['outside', 'inside', 'dmz']
const PROTOS: Proto[] = ['tcp', 'udp', 'icmp']
// Few distinct values, so that random rules and packets often meet.
const addrPool = [
  0x0a000001, 0x0a000002, 0x0a0000ff, 0x0a010203, 0xc0a80001, 0xc6336407, 0, 0xffffffff,
]
const portPool = [0, 22, 53, 80, 443, 1023, 1024, 40001, 65535]

const addr = fc.constantFrom(...addrPool)
const port = fc.constantFrom(...portPool)
const cidr = fc
  .record({ a: addr, len: fc.constantFrom(0, 1, 8, 16, 24, 30, 31, 32) })
  .map(({ a, len }) => {
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0
    return { addr: (a & mask) >>> 0, len }
  })
const range = fc.tuple(port, port).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) }))
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 })
const set = <T>(arb: fc.Arbitrary<T>, max = 3) => fc.array(arb, { minLength: 1, maxLength: max })

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    action: fc.constantFrom('accept' as const, 'drop' as const, 'reject' as const),
    in: opt(fc.constantFrom(...IFACES)),
    out: opt(fc.constantFrom(...IFACES)),
    proto: opt(fc.constantFrom(...PROTOS)),
    src: opt(set(cidr)),
    dst: opt(set(cidr)),
    sport: opt(set(range)),
    dport: opt(set(range)),
    flags: opt(
      fc.record({ set: fc.integer({ min: 0, max: 63 }), mask: fc.integer({ min: 0, max: 63 }) }),
    ),
    icmpType: opt(set(fc.constantFrom(0, 3, 8, 11, 255))),
    ct: opt(fc.subarray([...CT_STATES], { minLength: 0 })),
  })
  .map((r) => {
    // Sparse objects, as the parsers build them (absent keys, not undefined ones).
    const rule: Rule = { action: r.action }
    for (const [k, v] of Object.entries(r))
      if (v !== undefined) (rule as unknown as Record<string, unknown>)[k] = v
    return rule
  })

const packetArb: fc.Arbitrary<{ p: Packet; out: string; ct: CtState | null }> = fc.record({
  p: fc.record({
    in: fc.constantFrom(...IFACES, 'lo'),
    src: addr,
    dst: addr,
    proto: fc.constantFrom(...PROTOS),
    sport: port,
    dport: port,
    flags: fc.integer({ min: 0, max: 63 }),
    icmpType: fc.constantFrom(-1, 0, 3, 8, 11, 255),
    icmpCode: fc.constant(0),
    icmpId: fc.constant(0),
    time: fc.constant(0),
  }),
  out: fc.constantFrom(...IFACES, 'lo'),
  ct: fc.constantFrom(null, ...CT_STATES),
})

type Edit = { kind: 'insert' | 'remove' | 'replace'; at: number; rule: Rule }
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('insert' as const, 'remove' as const, 'replace' as const),
  at: fc.nat(),
  rule: ruleArb,
})

function agree(c: Classifier, packets: { p: Packet; out: string; ct: CtState | null }[]): void {
  for (const { p, out, ct } of packets)
    expect(c.classify(p, out, ct)).toBe(firstMatch(c.rules, p, { out, ct }))
}

describe('Classifier equals firstMatch', () => {
  it('on random rule sets and packets', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 40 }),
        fc.array(packetArb, { minLength: 1, maxLength: 60 }),
        (rules, packets) => {
          agree(new Classifier(rules), packets)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('after random edits, without a rebuild', () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 30 }),
        fc.array(editArb, { minLength: 1, maxLength: 20 }),
        fc.array(packetArb, { minLength: 1, maxLength: 40 }),
        (rules, edits, packets) => {
          const c = new Classifier(rules)
          const mirror = [...rules]
          for (const e of edits) {
            if (e.kind === 'insert') {
              const at = e.at % (mirror.length + 1)
              c.insert(at, e.rule)
              mirror.splice(at, 0, e.rule)
            } else if (mirror.length > 0) {
              const at = e.at % mirror.length
              if (e.kind === 'remove') {
                expect(c.remove(at)).toBe(mirror[at])
                mirror.splice(at, 1)
              } else {
                c.replace(at, e.rule)
                mirror[at] = e.rule
              }
            }
            expect(c.rules).toEqual(mirror)
            agree(c, packets)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('on many rules sharing one key (long buckets, several tables)', () => {
    const rules: Rule[] = Array.from({ length: 300 }, (_, i) => ({
      action: 'accept',
      proto: 'tcp',
      dst: [{ addr: 0x0a000000 + (i % 7), len: 32 }],
      dport: [{ lo: 1000 + (i % 5), hi: 1000 + (i % 5) }],
      sport: [{ lo: i * 10, hi: i * 10 + 9 }],
    }))
    const c = new Classifier(rules)
    expect(c.tableCount).toBeGreaterThan(1)
    const packets = Array.from({ length: 2000 }, (_, i) => ({
      p: {
        in: 'x',
        src: 1,
        dst: 0x0a000000 + (i % 9),
        proto: 'tcp' as const,
        sport: (i * 7) % 3100,
        dport: 1000 + (i % 6),
        flags: 2,
        icmpType: -1,
        icmpCode: 0,
        icmpId: 0,
        time: 0,
      },
      out: 'y',
      ct: null,
    }))
    agree(c, packets)
    for (let k = 0; k < 100; k++) c.remove((k * 37) % c.length)
    agree(c, packets)
  })

  it('falls back to the scan for fields outside their header widths', () => {
    const rules: Rule[] = [{ action: 'drop', sport: [{ lo: 0, hi: 10 }] }, { action: 'accept' }]
    const c = new Classifier(rules)
    const odd = {
      in: 'a',
      src: -1,
      dst: 2 ** 33,
      proto: 'tcp' as const,
      sport: 70000,
      dport: 1.5,
      flags: 0,
      icmpType: -1,
      icmpCode: 0,
      icmpId: 0,
      time: 0,
    }
    expect(c.classify(odd, 'b', null)).toBe(firstMatch(rules, odd, { out: 'b', ct: null }))
  })

  it('checks rules whose sets multiply out past the box limit in full', () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ addr: (0x0a000000 + i * 4) >>> 0, len: 30 }))
    const rules: Rule[] = [{ action: 'drop', src: many(20), dst: many(20) }, { action: 'accept' }]
    const c = new Classifier(rules)
    for (const [src, dst] of [
      [0x0a000001, 0x0a000005],
      [0x0a000001, 0x0a0000ff],
      [0x0a0000ff, 0x0a000001],
    ])
      for (const proto of PROTOS) {
        const p = {
          in: 'a',
          src,
          dst,
          proto,
          sport: 1,
          dport: 2,
          flags: 0,
          icmpType: 8,
          icmpCode: 0,
          icmpId: 0,
          time: 0,
        }
        expect(c.classify(p, 'b', null)).toBe(firstMatch(rules, p, { out: 'b', ct: null }))
      }
  })
})

describe('Filter uses the classifier and takes edits', () => {
  it('answers as before after editRule, and its chain shows the edit', () => {
    const f = new Filter('stateless', {
      forward: {
        policy: 'drop',
        rules: [{ action: 'accept', proto: 'tcp', dport: [{ lo: 443, hi: 443 }] }],
      },
    })
    const p: Packet = {
      in: 'outside',
      src: 1,
      dst: 2,
      proto: 'tcp',
      sport: 40000,
      dport: 22,
      flags: 2,
      icmpType: -1,
      icmpCode: 0,
      icmpId: 0,
      time: 0,
    }
    expect(f.decide(p, 'forward', 'inside').verdict).toBe('drop')
    f.editRule('forward', 0, { action: 'accept', proto: 'tcp', dport: [{ lo: 22, hi: 22 }] }, false)
    expect(f.decide(p, 'forward', 'inside')).toMatchObject({ verdict: 'accept', rule: 0 })
    expect(f.chains.forward!.rules).toHaveLength(2)
    f.editRule('forward', 0, null)
    expect(f.decide(p, 'forward', 'inside').verdict).toBe('drop')
    f.editRule('forward', 0, { action: 'drop', proto: 'tcp' })
    expect(f.decide(p, 'forward', 'inside')).toMatchObject({ verdict: 'drop', rule: 0 })
  })
})
