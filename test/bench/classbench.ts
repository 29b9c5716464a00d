// ClassBench rule sets and traces (../shared/classbench/README.md) turned into what the engines
// and the baseline eat: engine `Rule`s and `Packet`s, and the same data as flat typed arrays for a
// plain first-match linear scan. Used by the bench (test/bench/run.ts, Node via tsx) and by the
// parity test (Vitest, node). Reads the data files in place; nothing is copied into the repo.
import { readFileSync } from 'node:fs'
import { type FirewallKind, type FirewallSpec } from '../../src-main/engine/firewall'
import { type Cidr, cidrRange, parseCidr } from '../../src-main/engine/ip'
import { type Packet, type Proto, TcpFlag } from '../../src-main/engine/packet'
import type { Rule } from '../../src-main/engine/rule'

/** The shared data folder, beside the repository (the README says: use them from there). */
export const CLASSBENCH_DIR = new URL('../../../shared/classbench/', import.meta.url)

export function readClassBench(file: string): string {
  return readFileSync(new URL(file, CLASSBENCH_DIR), 'utf8')
}

/** IP protocol numbers the engine's `Proto` can say; every other number has no engine spelling. */
export const PROTO_BY_NUMBER: Readonly<Record<number, Proto>> = { 6: 'tcp', 17: 'udp', 1: 'icmp' }
const PROTO_NUMBERS = [6, 17, 1]

/** One ClassBench rule as written: each field a closed range [lo, hi], priority = line order. */
export interface ClassBenchRule {
  src: Cidr
  dst: Cidr
  sportLo: number
  sportHi: number
  dportLo: number
  dportHi: number
  /** 0x00/0x00 (any) becomes 0..255; 0xNN/0xFF becomes NN..NN */
  protoLo: number
  protoHi: number
}

function parsePorts(text: string, where: string): [number, number] {
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text)
  if (!m) throw new Error(`${where}: bad port range ${JSON.stringify(text)}`)
  const lo = Number(m[1])
  const hi = Number(m[2])
  if (lo > hi || hi > 65535) throw new Error(`${where}: bad port range ${JSON.stringify(text)}`)
  return [lo, hi]
}

function parseProto(text: string, where: string): [number, number] {
  const m = /^0x([0-9a-f]{1,2})\/0x([0-9a-f]{1,2})$/i.exec(text.trim())
  if (!m) throw new Error(`${where}: bad protocol ${JSON.stringify(text)}`)
  const value = parseInt(m[1], 16)
  const mask = parseInt(m[2], 16)
  // ClassBench only writes exact (0xFF) or wildcard (0x00) masks; anything else is not a range.
  if (mask === 0x00) return [0, 255]
  if (mask === 0xff) return [value, value]
  throw new Error(`${where}: protocol mask ${text} is neither 0x00 nor 0xFF`)
}

/** Parses a `.rules` file: `@src/len dst/len slo : shi dlo : dhi 0xP/0xM 0xF/0xM`, tab-separated. */
export function parseRules(text: string): ClassBenchRule[] {
  const rules: ClassBenchRule[] = []
  const lines = text.split('\n')
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim()
    if (line === '') continue
    const where = `rule line ${n + 1}`
    const f = line.split('\t')
    if (f.length < 5 || !f[0].startsWith('@')) throw new Error(`${where}: not a ClassBench rule`)
    // parseCidr clears host bits (some sets write 10.1.2.3/8), which is what the range means.
    const src = parseCidr(f[0].slice(1))
    const dst = parseCidr(f[1])
    if (!src || !dst) throw new Error(`${where}: bad address`)
    const [sportLo, sportHi] = parsePorts(f[2], where)
    const [dportLo, dportHi] = parsePorts(f[3], where)
    const [protoLo, protoHi] = parseProto(f[4], where)
    rules.push({ src, dst, sportLo, sportHi, dportLo, dportHi, protoLo, protoHi })
  }
  return rules
}

/** True when the engine can state the rule's protocol: any, tcp, udp or icmp. */
export function engineCanSay(r: ClassBenchRule): boolean {
  return r.protoLo !== r.protoHi || PROTO_BY_NUMBER[r.protoLo] !== undefined
}

const fullPorts = (lo: number, hi: number) => lo === 0 && hi === 65535

/**
 * The engine rule for a ClassBench rule, as someone writing nft would: a wildcard field (a /0,
 * 0 : 65535, protocol mask 0x00) is left out rather than spelled as "anything". Keys are added in
 * scenario.ts's order so the objects have the shapes the app's own rules have.
 */
export function toEngineRule(r: ClassBenchRule): Rule {
  const rule: Rule = { action: 'accept' }
  if (r.protoLo === r.protoHi) {
    const proto = PROTO_BY_NUMBER[r.protoLo]
    if (proto === undefined) throw new Error(`protocol ${r.protoLo} has no engine spelling`)
    rule.proto = proto
  }
  if (r.src.len > 0) rule.src = [r.src]
  if (r.dst.len > 0) rule.dst = [r.dst]
  const ported = rule.proto === 'tcp' || rule.proto === 'udp'
  for (const [key, lo, hi] of [
    ['sport', r.sportLo, r.sportHi],
    ['dport', r.dportLo, r.dportHi],
  ] as const) {
    if (fullPorts(lo, hi)) continue
    // In ClassBench a port range is plain arithmetic on any packet; in the engine (and nft) a
    // packet without ports never matches one. The two agree only when the rule says tcp or udp.
    if (!ported) throw new Error(`a port range on a non-TCP/UDP rule cannot be said faithfully`)
    rule[key] = [{ lo, hi }]
  }
  return rule
}

/**
 * The engine's view of a rule set: rules whose protocol the engine cannot say (GRE 47, ESP 50,
 * AH 51, OSPF 89 …) are left out, and `fileIndex` maps each engine rule back to its line. This is
 * exact for the packets the engine can carry (TCP, UDP, ICMP): a `proto 47` rule never matches
 * them, so leaving it out changes no first match.
 */
export interface EngineRuleSet {
  rules: Rule[]
  fileIndex: Int32Array
  /** how many rules were left out, by protocol number */
  leftOut: Map<number, number>
}

export function toEngineRules(rules: readonly ClassBenchRule[]): EngineRuleSet {
  const out: Rule[] = []
  const index: number[] = []
  const leftOut = new Map<number, number>()
  rules.forEach((r, i) => {
    if (!engineCanSay(r)) {
      leftOut.set(r.protoLo, (leftOut.get(r.protoLo) ?? 0) + 1)
      return
    }
    out.push(toEngineRule(r))
    index.push(i)
  })
  return { rules: out, fileIndex: Int32Array.from(index), leftOut }
}

/** The single-interface firewall under which every rule applies: policy drop, rules accept. */
export const BENCH_INTERFACE = 'lan'
export function benchSpec(kind: FirewallKind, rules: Rule[]): FirewallSpec {
  return {
    kind,
    interfaces: [{ name: BENCH_INTERFACE, subnet: { addr: 0, len: 0 } }],
    policy: 'drop',
    rules,
  }
}

/** The same rules as one typed array per field bound: the baseline's whole data structure. */
export interface RuleArrays {
  length: number
  srcLo: Uint32Array
  srcHi: Uint32Array
  dstLo: Uint32Array
  dstHi: Uint32Array
  sportLo: Uint16Array
  sportHi: Uint16Array
  dportLo: Uint16Array
  dportHi: Uint16Array
  protoLo: Uint8Array
  protoHi: Uint8Array
}

export function toRuleArrays(rules: readonly ClassBenchRule[]): RuleArrays {
  const n = rules.length
  const a: RuleArrays = {
    length: n,
    srcLo: new Uint32Array(n),
    srcHi: new Uint32Array(n),
    dstLo: new Uint32Array(n),
    dstHi: new Uint32Array(n),
    sportLo: new Uint16Array(n),
    sportHi: new Uint16Array(n),
    dportLo: new Uint16Array(n),
    dportHi: new Uint16Array(n),
    protoLo: new Uint8Array(n),
    protoHi: new Uint8Array(n),
  }
  rules.forEach((r, i) => {
    ;[a.srcLo[i], a.srcHi[i]] = cidrRange(r.src)
    ;[a.dstLo[i], a.dstHi[i]] = cidrRange(r.dst)
    a.sportLo[i] = r.sportLo
    a.sportHi[i] = r.sportHi
    a.dportLo[i] = r.dportLo
    a.dportHi[i] = r.dportHi
    a.protoLo[i] = r.protoLo
    a.protoHi[i] = r.protoHi
  })
  return a
}

/** The baseline: first rule whose every range holds the packet, or -1. No index, no tricks. */
export function linearScan(
  a: RuleArrays,
  src: number,
  dst: number,
  sport: number,
  dport: number,
  proto: number,
): number {
  const { srcLo, srcHi, dstLo, dstHi, sportLo, sportHi, dportLo, dportHi, protoLo, protoHi } = a
  for (let i = 0, n = a.length; i < n; i++) {
    if (
      src >= srcLo[i] &&
      src <= srcHi[i] &&
      dst >= dstLo[i] &&
      dst <= dstHi[i] &&
      dport >= dportLo[i] &&
      dport <= dportHi[i] &&
      sport >= sportLo[i] &&
      sport <= sportHi[i] &&
      proto >= protoLo[i] &&
      proto <= protoHi[i]
    )
      return i
  }
  return -1
}

/** Header fields of a trace, one typed array per field, as ClassBench writes them. */
export interface Trace {
  length: number
  src: Uint32Array
  dst: Uint32Array
  sport: Uint16Array
  dport: Uint16Array
  proto: Uint8Array
  /** packets of the file not kept because the engine cannot carry their protocol, by number */
  leftOut: Map<number, number>
  /** lines in the file (kept or not) */
  lines: number
}

function emptyTrace(n: number): Trace {
  return {
    length: n,
    src: new Uint32Array(n),
    dst: new Uint32Array(n),
    sport: new Uint16Array(n),
    dport: new Uint16Array(n),
    proto: new Uint8Array(n),
    leftOut: new Map(),
    lines: n,
  }
}

/**
 * Parses a `*_trace` file (`src dst sport dport proto flags ruleIndex`), keeping the first `max`
 * packets the engine can carry. The others (protocols 0, 47, 255 … which `Proto` cannot say) are
 * counted in `leftOut`; the baseline is timed on the same kept packets so both do the same job.
 */
export function parseTrace(text: string, max = Infinity): Trace {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const t = emptyTrace(Math.min(lines.length, max))
  t.lines = lines.length
  let n = 0
  for (let k = 0; k < lines.length && n < max; k++) {
    const f = lines[k].trim().split(/\s+/)
    if (f.length < 5) throw new Error(`trace line ${k + 1}: not a ClassBench packet`)
    const [src, dst, sport, dport, proto] = f.slice(0, 5).map(Number)
    if (!(src >= 0 && src <= 0xffffffff && dst >= 0 && dst <= 0xffffffff))
      throw new Error(`trace line ${k + 1}: bad address`)
    if (!(sport <= 65535 && dport <= 65535 && proto <= 255))
      throw new Error(`trace line ${k + 1}: bad port or protocol`)
    if (PROTO_BY_NUMBER[proto] === undefined) {
      t.leftOut.set(proto, (t.leftOut.get(proto) ?? 0) + 1)
      continue
    }
    t.src[n] = src
    t.dst[n] = dst
    t.sport[n] = sport
    t.dport[n] = dport
    t.proto[n] = proto
    n++
  }
  return shrink(t, n)
}

function shrink(t: Trace, n: number): Trace {
  if (n === t.length) return t
  return {
    ...t,
    length: n,
    src: t.src.slice(0, n),
    dst: t.dst.slice(0, n),
    sport: t.sport.slice(0, n),
    dport: t.dport.slice(0, n),
    proto: t.proto.slice(0, n),
  }
}

/** mulberry32: a tiny seeded PRNG, so a generated trace is the same on every machine and run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const between = (rand: () => number, lo: number, hi: number) =>
  lo + Math.floor(rand() * (hi - lo + 1))

/**
 * A trace for a rule set that ships without one, in the spirit of ClassBench's trace_generator
 * (a header inside a chosen rule's box) without its Pareto bursts: each packet picks a rule the
 * engine can say, uniformly, then a uniform point in each of its ranges; a protocol wildcard picks
 * tcp, udp or icmp uniformly. ICMP packets get ports 0, as the engine's `Packet` has them.
 * The first match may be an earlier rule than the one aimed at, as with ClassBench's own traces.
 */
export function generateTrace(
  rules: readonly ClassBenchRule[],
  count: number,
  seed: number,
): Trace {
  const targets = rules.filter(engineCanSay)
  if (targets.length === 0) throw new Error('no rule the engine can say')
  const rand = mulberry32(seed)
  const t = emptyTrace(count)
  for (let n = 0; n < count; n++) {
    const r = targets[Math.floor(rand() * targets.length)]
    const [srcLo, srcHi] = cidrRange(r.src)
    const [dstLo, dstHi] = cidrRange(r.dst)
    t.src[n] = between(rand, srcLo, srcHi)
    t.dst[n] = between(rand, dstLo, dstHi)
    const proto =
      r.protoLo === r.protoHi ? r.protoLo : PROTO_NUMBERS[Math.floor(rand() * PROTO_NUMBERS.length)]
    t.proto[n] = proto
    const ported = proto === 6 || proto === 17
    t.sport[n] = ported ? between(rand, r.sportLo, r.sportHi) : 0
    t.dport[n] = ported ? between(rand, r.dportLo, r.dportHi) : 0
  }
  return t
}

/**
 * Engine packets for a trace. ClassBench headers have no TCP flags or ICMP type, so: every TCP
 * packet is a SYN (the stateful firewall sees each new 5-tuple open a connection, a repeat as a
 * retransmitted SYN), ICMP is an echo request with id 0 and ports 0, and packets are 1 ms apart
 * in simulated time (well inside every conntrack timeout, so nothing expires mid-trace).
 */
export function toPackets(t: Trace): Packet[] {
  const packets: Packet[] = new Array(t.length)
  for (let i = 0; i < t.length; i++) {
    const proto = PROTO_BY_NUMBER[t.proto[i]]
    const icmp = proto === 'icmp'
    packets[i] = {
      in: BENCH_INTERFACE,
      src: t.src[i],
      dst: t.dst[i],
      proto,
      sport: icmp ? 0 : t.sport[i],
      dport: icmp ? 0 : t.dport[i],
      flags: proto === 'tcp' ? TcpFlag.S : 0,
      icmpType: icmp ? 8 : -1,
      icmpCode: 0,
      icmpId: 0,
      time: i * 0.001,
    }
  }
  return packets
}

/** The baseline's answer for every packet of a trace. */
export function scanTrace(
  a: RuleArrays,
  t: Trace,
  out: Int32Array = new Int32Array(t.length),
): Int32Array {
  const { src, dst, sport, dport, proto } = t
  for (let i = 0; i < t.length; i++)
    out[i] = linearScan(a, src[i], dst[i], sport[i], dport[i], proto[i])
  return out
}
