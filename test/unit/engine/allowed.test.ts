// Property tests of the allowed-set analysis against the engine: random firewalls and packets
// biased to the edges where analyses go wrong (CIDR and port boundaries, nested and equal subnets,
// unrouted space), checked with routeOut/firstMatch and, for stateless ones, Firewall.process.
// Runs in Vitest (Node).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Box,
  type Range,
  allowedSet,
  deniedSet,
  difference,
  ruleAnalysis,
  sampleCt,
  samplePacket,
} from '../../../src-main/engine/allowed/index'
import {
  type FirewallSpec,
  Firewall,
  firstMatch,
  martian,
  routeOut,
} from '../../../src-main/engine/firewall'
import { type Cidr, cidrRange, parseCidr } from '../../../src-main/engine/ip'
import { type Packet, type Proto, PROTOS } from '../../../src-main/engine/packet'
import {
  type Action,
  type CtState,
  type PortRange,
  type Rule,
  CT_STATES,
  ruleMatches,
} from '../../../src-main/engine/rule'

const cidr = (text: string) => parseCidr(text) as Cidr

/** Interface layouts: plain, nested subnets (longest prefix), equal subnets and unrouted space. */
const LAYOUTS: Record<string, [string, string][]> = {
  plain: [
    ['outside', '0.0.0.0/0'],
    ['inside', '10.0.2.0/24'],
  ],
  nested: [
    ['outside', '0.0.0.0/0'],
    ['lan', '10.0.0.0/16'],
    ['dmz', '10.0.2.0/24'],
  ],
  gaps: [
    ['a', '10.0.2.0/24'],
    ['b', '10.0.2.0/24'],
    ['c', '198.51.100.0/24'],
  ],
}

const CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.0.2.0/24',
  '10.0.2.0/25',
  '10.0.2.128/25',
  '10.0.2.2/32',
  '198.51.100.0/24',
  '198.51.100.7/32',
  '203.0.113.0/24',
].map(cidr)
const PORTS: PortRange[] = [
  [22, 22],
  [80, 80],
  [443, 443],
  [0, 1023],
  [1024, 65535],
  [80, 443],
  [443, 8080],
  [0, 0],
  [65535, 65535],
].map(([lo, hi]) => ({ lo, hi }))
const ICMP_TYPES = [0, 3, 8, 11, 255]

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 })
const setOf = <T>(items: T[]) => fc.subarray(items, { minLength: 1, maxLength: 2 })

function ruleArb(names: string[], kind: FirewallSpec['kind']): fc.Arbitrary<Rule> {
  return fc
    .record({
      action: fc.constantFrom<Action>('accept', 'accept', 'drop', 'reject'),
      in: maybe(fc.constantFrom(...names)),
      out: maybe(fc.constantFrom(...names)),
      proto: maybe(fc.constantFrom<Proto>(...PROTOS)),
      src: maybe(setOf(CIDRS)),
      dst: maybe(setOf(CIDRS)),
      sport: maybe(setOf(PORTS)),
      dport: maybe(setOf(PORTS)),
      // set outside the mask happens in the model (it matches nothing) though the reader refuses it
      flags: maybe(
        fc
          .record({
            set: fc.integer({ min: 0, max: 63 }),
            mask: fc.integer({ min: 0, max: 63 }),
            strict: fc.boolean(),
          })
          .map(({ set, mask, strict }) => ({ set: strict ? set & mask : set, mask })),
      ),
      icmpType: maybe(setOf(ICMP_TYPES)),
      ct: kind === 'stateful' ? maybe(setOf([...CT_STATES])) : fc.constant(undefined),
    })
    .map((r) => {
      const rule: Rule = { action: r.action }
      for (const [k, v] of Object.entries(r))
        if (v !== undefined) (rule as unknown as Record<string, unknown>)[k] = v
      return rule
    })
}

function firewallArb(
  opts: { layout?: string; kind?: FirewallSpec['kind']; maxRules?: number } = {},
) {
  return fc
    .record({
      layout: opts.layout ? fc.constant(opts.layout) : fc.constantFrom(...Object.keys(LAYOUTS)),
      kind: opts.kind
        ? fc.constant(opts.kind)
        : fc.constantFrom<FirewallSpec['kind']>('stateless', 'stateful'),
      policy: fc.constantFrom<'accept' | 'drop'>('accept', 'drop'),
    })
    .chain(({ layout, kind, policy }) => {
      const interfaces = LAYOUTS[layout].map(([name, subnet]) => ({ name, subnet: cidr(subnet) }))
      const names = interfaces.map((i) => i.name)
      return fc
        .array(ruleArb(names, kind), { maxLength: opts.maxRules ?? 6 })
        .map((rules): FirewallSpec => ({ kind, interfaces, policy, rules }))
    })
}

/** The same firewall with other rules: for differences. */
function rulesArb(spec: FirewallSpec, maxRules = 6): fc.Arbitrary<FirewallSpec> {
  const names = spec.interfaces.map((i) => i.name)
  return fc
    .record({
      rules: fc.array(ruleArb(names, spec.kind), { maxLength: maxRules }),
      policy: fc.constantFrom<'accept' | 'drop'>('accept', 'drop'),
    })
    .map(({ rules, policy }) => ({ ...spec, rules, policy }))
}

const EDGE_ADDRS = [
  ...CIDRS.flatMap(cidrRange),
  ...Object.values(LAYOUTS)
    .flat()
    .map(([, s]) => cidrRange(cidr(s)))
    .flat(),
]
  .flatMap((a) => [a - 1, a, a + 1])
  .filter((a) => a >= 0 && a <= 0xffffffff)
const EDGE_PORTS = PORTS.flatMap((r) => [r.lo - 1, r.lo, r.hi, r.hi + 1]).filter(
  (p) => p >= 0 && p <= 65535,
)

interface Probe {
  packet: Packet
  ct: CtState | null
}

function probeArb(spec: FirewallSpec): fc.Arbitrary<Probe> {
  const addr = fc.oneof(fc.constantFrom(...EDGE_ADDRS), fc.integer({ min: 0, max: 0xffffffff }))
  const port = fc.oneof(fc.constantFrom(...EDGE_PORTS), fc.integer({ min: 0, max: 65535 }))
  return fc
    .record({
      in: fc.constantFrom(...spec.interfaces.map((i) => i.name)),
      src: addr,
      dst: addr,
      proto: fc.constantFrom<Proto>(...PROTOS),
      sport: port,
      dport: port,
      flags: fc.integer({ min: 0, max: 63 }),
      icmpType: fc.oneof(fc.constantFrom(...ICMP_TYPES), fc.integer({ min: 0, max: 255 })),
      ct: spec.kind === 'stateful' ? fc.constantFrom<CtState>(...CT_STATES) : fc.constant(null),
    })
    .map((r) => ({ packet: makePacket(r), ct: r.ct }))
}

function makePacket(r: {
  in: string
  src: number
  dst: number
  proto: Proto
  sport: number
  dport: number
  flags: number
  icmpType: number
}): Packet {
  const ported = r.proto === 'tcp' || r.proto === 'udp'
  return {
    in: r.in,
    src: r.src,
    dst: r.dst,
    proto: r.proto,
    sport: ported ? r.sport : 0,
    dport: ported ? r.dport : 0,
    flags: r.proto === 'tcp' ? r.flags : 0,
    icmpType: r.proto === 'icmp' ? r.icmpType : -1,
    icmpCode: 0,
    icmpId: 0,
    time: 0,
  }
}

interface EngineDecision {
  /** what happens to the packet: accept, drop or reject (routing's drop included) */
  action: Action
  /** deciding rule; null for the policy or routing */
  rule: number | null
  out: string | null
}

/** The engine's decision for a packet seen in a given ct state: routing (martians dropped,
 * then routeOut), then firstMatch. */
function decide(spec: FirewallSpec, p: Packet, ct: CtState | null): EngineDecision {
  const out = martian(p.src, p.dst) ? null : routeOut(spec.interfaces, p.dst)
  if (out === null) return { action: 'drop', rule: null, out: null }
  const index = firstMatch(spec.rules, p, { out: out.name, ct })
  if (index < 0) return { action: spec.policy, rule: null, out: out.name }
  return { action: spec.rules[index].action, rule: index, out: out.name }
}

/** A stateless firewall runs the real Firewall.process too, so the check is the engine's whole path. */
function processStateless(spec: FirewallSpec, p: Packet): EngineDecision {
  const d = new Firewall(spec).process(p)
  return { action: d.reject ? 'reject' : d.verdict, rule: d.rule, out: d.out }
}

const inRanges = (ranges: readonly Range[], v: number) =>
  ranges.some(([lo, hi]) => v >= lo && v <= hi)

function boxHas(box: Box, p: Packet, ct: CtState | null, out: string | null): boolean {
  if (box.in !== p.in || box.out !== out || !box.proto.includes(p.proto)) return false
  if (!inRanges(box.src, p.src) || !inRanges(box.dst, p.dst)) return false
  if (p.proto !== 'icmp' && !(inRanges(box.sport, p.sport) && inRanges(box.dport, p.dport)))
    return false
  if (p.proto === 'tcp' && !inRanges(box.flags, p.flags)) return false
  if (p.proto === 'icmp' && !inRanges(box.icmpType, p.icmpType)) return false
  return box.ct === null ? ct === null : ct !== null && box.ct.includes(ct)
}

/** A small seeded generator, so points inside boxes are reproducible from fast-check's seed. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1
  return (n) => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s % n
  }
}

function valueIn(ranges: readonly Range[], random: (n: number) => number): number {
  const [lo, hi] = ranges[random(ranges.length)]
  const span = hi - lo + 1
  // the edges of a range are where off-by-one errors live
  const k = random(4)
  if (k === 0) return lo
  if (k === 1) return hi
  return (
    lo + (span > 0x7fffffff ? random(0x7fffffff) * Math.floor(span / 0x7fffffff) : random(span))
  )
}

/** A random packet (and ct state) inside a box. */
function pointIn(box: Box, random: (n: number) => number): Probe {
  const packet = makePacket({
    in: box.in,
    src: valueIn(box.src, random),
    dst: valueIn(box.dst, random),
    proto: box.proto[random(box.proto.length)],
    sport: valueIn(box.sport, random),
    dport: valueIn(box.dport, random),
    flags: valueIn(box.flags, random),
    icmpType: valueIn(box.icmpType, random),
  })
  return { packet, ct: box.ct === null ? null : box.ct[random(box.ct.length)] }
}

/** samplePacket with and without the firewall, plus random points: every kind of point a box has. */
function pointsOf(spec: FirewallSpec, box: Box, seed: number, n = 4): Probe[] {
  const random = rng(seed)
  const points = [
    { packet: samplePacket(box), ct: sampleCt(box) },
    { packet: samplePacket(box, spec), ct: sampleCt(box) },
  ]
  for (let k = 0; k < n; k++) points.push(pointIn(box, random))
  return points
}

const verdictOf = (d: EngineDecision) => (d.action === 'accept' ? 'accept' : 'drop')
const RUNS = { numRuns: 200 }

describe('the allowed set agrees with the engine', () => {
  it('every point of every allowed box is accepted, by the rule the box names, leaving by its out', () => {
    fc.assert(
      fc.property(firewallArb(), fc.integer(), (spec, seed) => {
        for (const box of allowedSet(spec))
          for (const { packet, ct } of pointsOf(spec, box, seed)) {
            const d = decide(spec, packet, ct)
            expect(d).toEqual({ action: 'accept', rule: box.rule, out: box.out })
            if (spec.kind === 'stateless') expect(processStateless(spec, packet)).toEqual(d)
          }
      }),
      RUNS,
    )
  })

  it('every point of every denied box is dropped or rejected, by the rule the box names', () => {
    fc.assert(
      fc.property(firewallArb(), fc.integer(), (spec, seed) => {
        for (const box of deniedSet(spec))
          for (const { packet, ct } of pointsOf(spec, box, seed)) {
            const d = decide(spec, packet, ct)
            expect(verdictOf(d)).toBe('drop')
            expect(d.rule).toBe(box.rule)
            expect(d.out).toBe(box.out)
          }
      }),
      RUNS,
    )
  })

  it('a random packet is accepted exactly when one allowed box holds it, and no two boxes overlap', () => {
    fc.assert(
      fc.property(
        firewallArb().chain((spec) =>
          fc.tuple(fc.constant(spec), fc.array(probeArb(spec), { minLength: 20, maxLength: 20 })),
        ),
        ([spec, probes]) => {
          const allowed = allowedSet(spec)
          const denied = deniedSet(spec)
          for (const { packet, ct } of probes) {
            const d = decide(spec, packet, ct)
            if (spec.kind === 'stateless') expect(processStateless(spec, packet)).toEqual(d)
            const inAllowed = allowed.filter((b) => boxHas(b, packet, ct, d.out))
            const inDenied = denied.filter((b) => boxHas(b, packet, ct, d.out))
            expect(inAllowed.length + inDenied.length).toBe(d.out === null ? 0 : 1)
            expect(inAllowed.length).toBe(d.action === 'accept' ? 1 : 0)
            for (const b of [...inAllowed, ...inDenied]) expect(b.rule).toBe(d.rule)
          }
        },
      ),
      RUNS,
    )
  })

  it('points of one box lie in no other box', () => {
    fc.assert(
      fc.property(firewallArb(), fc.integer(), (spec, seed) => {
        const boxes = [...allowedSet(spec), ...deniedSet(spec)]
        for (const box of boxes)
          for (const { packet, ct } of pointsOf(spec, box, seed, 2))
            expect(boxes.filter((b) => boxHas(b, packet, ct, box.out))).toEqual([box])
      }),
      { numRuns: 150 },
    )
  })
})

describe('differences', () => {
  const pair = firewallArb().chain((a) => fc.tuple(fc.constant(a), rulesArb(a)))

  it('every point of a difference box is accepted by the first rule set and refused by the second', () => {
    fc.assert(
      fc.property(pair, fc.integer(), ([a, b], seed) => {
        for (const box of difference(a, b))
          for (const { packet, ct } of pointsOf(a, box, seed)) {
            const da = decide(a, packet, ct)
            const db = decide(b, packet, ct)
            expect(da).toMatchObject({ action: 'accept', rule: box.rule })
            expect(verdictOf(db)).toBe('drop')
            expect(db.rule).toBe(box.otherRule)
          }
      }),
      RUNS,
    )
  })

  it('a random packet is in the difference exactly when the first accepts it and the second does not', () => {
    fc.assert(
      fc.property(
        pair.chain(([a, b]) =>
          fc.tuple(
            fc.constant(a),
            fc.constant(b),
            fc.array(probeArb(a), { minLength: 20, maxLength: 20 }),
          ),
        ),
        ([a, b, probes]) => {
          const diff = difference(a, b)
          for (const { packet, ct } of probes) {
            const da = decide(a, packet, ct)
            const db = decide(b, packet, ct)
            const expected = da.action === 'accept' && verdictOf(db) === 'drop'
            expect(diff.filter((x) => boxHas(x, packet, ct, da.out)).length).toBe(expected ? 1 : 0)
          }
        },
      ),
      RUNS,
    )
  })

  it('a rule set differs from itself in nothing', () => {
    fc.assert(
      fc.property(firewallArb(), (spec) => {
        expect(difference(spec, spec)).toEqual([])
      }),
      { numRuns: 100 },
    )
  })
})

describe('shadowed and redundant rules', () => {
  const withProbes = firewallArb({ maxRules: 8 }).chain((spec) =>
    fc.tuple(
      fc.constant(spec),
      fc.array(probeArb(spec), { minLength: 20, maxLength: 20 }),
      fc.integer(),
    ),
  )
  /** Points spread over the whole routed space: every box of the allowed and denied sets. */
  const spread = (spec: FirewallSpec, seed: number) =>
    [...allowedSet(spec), ...deniedSet(spec)].flatMap((b) => pointsOf(spec, b, seed, 2))

  it('a shadowed rule never decides, and the rules said to shadow it decide its packets', () => {
    fc.assert(
      fc.property(withProbes, ([spec, probes, seed]) => {
        const shadowed = ruleAnalysis(spec).filter((f) => f.kind === 'shadowed')
        for (const { packet, ct } of [...probes, ...spread(spec, seed)]) {
          const d = decide(spec, packet, ct)
          for (const f of shadowed) {
            expect(d.rule).not.toBe(f.rule)
            if (d.out !== null && ruleMatches(spec.rules[f.rule], packet, { out: d.out, ct }))
              expect(f.by).toContain(d.rule)
          }
        }
      }),
      RUNS,
    )
  })

  it('a rule that is not shadowed decides some packet', () => {
    fc.assert(
      fc.property(firewallArb({ maxRules: 8 }), (spec) => {
        const shadowed = new Set(
          ruleAnalysis(spec)
            .filter((f) => f.kind === 'shadowed')
            .map((f) => f.rule),
        )
        const deciding = new Set([...allowedSet(spec), ...deniedSet(spec)].map((b) => b.rule))
        spec.rules.forEach((_, i) => expect(shadowed.has(i)).toBe(!deciding.has(i)))
      }),
      RUNS,
    )
  })

  it('removing a redundant rule changes nothing, for the packets it decided and for random ones', () => {
    fc.assert(
      fc.property(withProbes, ([spec, probes, seed]) => {
        for (const f of ruleAnalysis(spec).filter((x) => x.kind === 'redundant')) {
          const without = { ...spec, rules: spec.rules.filter((_, i) => i !== f.rule) }
          const its = [...allowedSet(spec), ...deniedSet(spec)].filter((b) => b.rule === f.rule)
          expect(its.length).toBeGreaterThan(0)
          for (const { packet, ct } of [
            ...probes,
            ...its.flatMap((b) => pointsOf(spec, b, seed, 3)),
          ])
            expect(decide(without, packet, ct).action).toBe(decide(spec, packet, ct).action)
          // and the rules said to take over are the ones that do
          for (const { packet, ct } of its.flatMap((b) => pointsOf(spec, b, seed, 3))) {
            const taker = decide(without, packet, ct).rule
            if (taker === null) expect(f.byPolicy).toBe(true)
            else expect(f.by).toContain(taker + 1)
          }
        }
      }),
      RUNS,
    )
  })

  it('a rule that is neither shadowed nor redundant changes some verdict when removed (no rejects)', () => {
    const noReject = firewallArb({ maxRules: 8 }).map((spec) => ({
      ...spec,
      rules: spec.rules.map((r) => (r.action === 'reject' ? { ...r, action: 'drop' as const } : r)),
    }))
    fc.assert(
      fc.property(noReject, (spec) => {
        const found = new Set(ruleAnalysis(spec).map((f) => f.rule))
        spec.rules.forEach((_, i) => {
          const without = { ...spec, rules: spec.rules.filter((_, k) => k !== i) }
          const changes = difference(spec, without).length + difference(without, spec).length > 0
          expect(found.has(i)).toBe(!changes)
        })
      }),
      RUNS,
    )
  })
})
