// A rule as the classifier stores it: its small fields (protocol, ct state, interfaces, TCP flags,
// ICMP types) as bit masks and integer ids, and its address and port sets as the boxes of their
// cross product, each box one range per field. Pure; runs anywhere.
import { type Cidr, prefixMask } from '../ip'
import type { Rule } from '../rule'

/** Protocol bits; a rule's mask holds every protocol it can match. */
export const TCP = 1
export const UDP = 2
export const ICMP = 4
export const PROTO_BIT: Readonly<Record<string, number>> = { tcp: TCP, udp: UDP, icmp: ICMP }

/** ct state bits; UNTRACKED stands for a stateless firewall (ctx.ct === null). */
export const CT_BIT: Readonly<Record<string, number>> = {
  new: 1,
  established: 2,
  related: 4,
  invalid: 8,
}
export const CT_UNTRACKED = 16
const CT_ANY = 31

/**
 * A rule whose sets multiply out to more boxes than this keeps one bounding box and is checked
 * whole by `ruleMatches` once the box holds the packet: exact, and it bounds a rule's memory.
 */
export const MAX_BOXES = 64

const ANY_ADDR: [number, number] = [0, 0xffffffff]
const ANY_PORT: [number, number] = [0, 65535]

export interface CompiledRule {
  /** protocols the rule can match: its own, narrowed by fields only some protocols carry */
  proto: number
  /** interface names, or undefined for any */
  in: string | undefined
  out: string | undefined
  flagSet: number
  flagMask: number
  ct: number
  /** 256 bits of ICMP types the rule accepts (all when it names none) */
  icmp: Uint32Array
  /** checked by `ruleMatches` after its bounding box: sets too large, or values typed arrays cannot hold */
  complex: boolean
  /** flat [srcLo, srcHi, dstLo, dstHi, spLo, spHi, dpLo, dpHi] per box */
  boxes: number[]
}

const isInt32 = (v: number) => (v | 0) === v

/**
 * The addresses `cidrContains` accepts for a block: none when the address has host bits set (the
 * masked compare can never equal it); null when the block is malformed (then the rule is complex).
 */
function addrRange(c: Cidr): [number, number] | 'none' | null {
  if (!(isInt32(c.len) && c.len >= 0 && c.len <= 32 && c.addr >>> 0 === c.addr)) return null
  const mask = prefixMask(c.len)
  if ((c.addr & ~mask) !== 0) return 'none'
  return [c.addr, (c.addr | ~mask) >>> 0]
}

function ranges16(set: { lo: number; hi: number }[] | undefined): [number, number][] {
  if (set === undefined) return [ANY_PORT]
  // A range no valid port falls in (lo > hi, or outside 0–65535 entirely) can never match.
  const out: [number, number][] = []
  for (const r of set) {
    const lo = Math.max(0, Math.ceil(r.lo))
    const hi = Math.min(65535, Math.floor(r.hi))
    if (lo <= hi) out.push([lo, hi])
  }
  return out
}

/** Compiles one rule. The boxes cover exactly the packets the rule's sets accept (or, complex, more). */
export function compileRule(r: Rule): CompiledRule {
  let proto = r.proto === undefined ? TCP | UDP | ICMP : (PROTO_BIT[r.proto] ?? 0)
  // ruleMatches: ports only on TCP/UDP packets, flags only on TCP, ICMP types only on ICMP.
  if (r.sport !== undefined || r.dport !== undefined) proto &= TCP | UDP
  if (r.flags !== undefined) proto &= TCP
  if (r.icmpType !== undefined) proto &= ICMP
  let complex = false
  let flagSet = 0
  let flagMask = 0
  if (r.flags !== undefined) {
    flagSet = r.flags.set
    flagMask = r.flags.mask
    if (!isInt32(flagSet) || !isInt32(flagMask)) complex = true
  }
  let ct = CT_ANY
  if (r.ct !== undefined) {
    ct = 0
    for (const s of r.ct) ct |= CT_BIT[s] ?? 0
  }
  const icmp = new Uint32Array(8)
  if (r.icmpType === undefined) icmp.fill(0xffffffff)
  else
    for (const t of r.icmpType) if (isInt32(t) && t >= 0 && t < 256) icmp[t >>> 5] |= 1 << (t & 31)

  const addrs = (set: Cidr[] | undefined): [number, number][] => {
    if (set === undefined) return [ANY_ADDR]
    const out: [number, number][] = []
    for (const c of set) {
      const range = addrRange(c)
      if (range === null) {
        complex = true
        out.push(ANY_ADDR)
      } else if (range !== 'none') out.push(range)
    }
    return out
  }
  const src = addrs(r.src)
  const dst = addrs(r.dst)
  const sport = ranges16(r.sport)
  const dport = ranges16(r.dport)
  const count = src.length * dst.length * sport.length * dport.length
  const boxes: number[] = []
  if (count > MAX_BOXES) {
    complex = true
    const hull = (rs: [number, number][]) => [
      Math.min(...rs.map((x) => x[0])),
      Math.max(...rs.map((x) => x[1])),
    ]
    boxes.push(...hull(src), ...hull(dst), ...hull(sport), ...hull(dport))
  } else {
    for (const s of src)
      for (const d of dst)
        for (const sp of sport) for (const dp of dport) boxes.push(...s, ...d, ...sp, ...dp)
  }
  return { proto, in: r.in, out: r.out, flagSet, flagMask, ct, icmp, complex, boxes }
}
