// The space of packets a firewall's rules can tell apart, and each rule as a box in it. Pure.
//
// A point is (proto, in, out, ct, dst, src, dport, sport, flags, icmpType). Two facts of the
// engine shape it:
// - `out` is not free: routeOut derives it from dst. The space is the union, over interfaces, of
//   boxes whose out is that interface and whose dst is every address routed to it, so a box never
//   holds a (dst, out) pair the engine cannot produce, and a dst in no subnet is not in the space
//   at all (routing drops it before any rule). Nor is a martian (firewall.ts `martian`): src and
//   dst both range over FORWARDABLE only.
// - Ports exist only for tcp and udp, flags only for tcp, the ICMP type only for icmp
//   (ruleMatches fails a rule that examines a field the packet lacks). A box holding a protocol
//   keeps the fields that protocol lacks full, so they never split it; a rule that examines a
//   field narrows its protocols to those that have the field.
import { type FirewallSpec, routeOut } from '../firewall'
import { cidrRange } from '../ip'
import { type Proto, PROTOS } from '../packet'
import { type CtState, type Rule, CT_STATES } from '../rule'
import { CT, type Cube, DIMS, DPORT, DST, FLAGS, ICMP, IN, OUT, PROTO, SPORT, SRC } from './cube'
import * as iv from './intervals'
import type { Intervals } from './intervals'

export const MAX_ADDR = 0xffffffff
export const MAX_PORT = 65535
/** The six flags of packet.ts's TcpFlag: F S R P A U. */
export const MAX_FLAGS = 63
export const MAX_ICMP_TYPE = 255
/** On the ct dimension: CT_STATES' indices, then this one for a stateless firewall's null. */
export const CT_UNTRACKED = CT_STATES.length

/**
 * The addresses a router forwards from and to (firewall.ts `martian`): all but 0.0.0.0,
 * 127.0.0.0/8, 224.0.0.0/4 and 255.255.255.255, the same set on both sides.
 */
export const FORWARDABLE: Intervals = iv.fromPairs([
  [0x00000001, 0x7effffff],
  [0x80000000, 0xdfffffff],
  [0xf0000000, 0xfffffffe],
])

export interface Space {
  names: readonly string[]
  kind: FirewallSpec['kind']
  /** for every interface, the destinations routed out of it */
  routed: readonly Intervals[]
  /** the boxes whose union is every packet the rules can see */
  universe: readonly Cube[]
}

/** Destinations per interface, from the engine's own routeOut over each stretch of addresses. */
function routedDestinations(spec: FirewallSpec): Intervals[] {
  // Between two consecutive subnet boundaries the set of subnets holding an address is constant,
  // so is the route: one routeOut call per stretch decides it exactly.
  const cuts = new Set<number>([0])
  for (const i of spec.interfaces) {
    const [lo, hi] = cidrRange(i.subnet)
    cuts.add(lo)
    if (hi < MAX_ADDR) cuts.add(hi + 1)
  }
  const starts = [...cuts].sort((a, b) => a - b)
  const pairs: [number, number][][] = spec.interfaces.map(() => [])
  starts.forEach((lo, k) => {
    const hi = k + 1 < starts.length ? starts[k + 1] - 1 : MAX_ADDR
    const route = routeOut(spec.interfaces, lo)
    if (route) pairs[spec.interfaces.indexOf(route)].push([lo, hi])
  })
  return pairs.map((p) => iv.intersect(iv.fromPairs(p), FORWARDABLE))
}

export function buildSpace(spec: FirewallSpec): Space {
  const n = spec.interfaces.length
  const routed = routedDestinations(spec)
  const ct =
    spec.kind === 'stateful' ? iv.span(0, CT_STATES.length - 1) : [CT_UNTRACKED, CT_UNTRACKED]
  const universe: Cube[] = []
  routed.forEach((dst, out) => {
    if (dst.length === 0) return
    const c: Intervals[] = []
    c[PROTO] = iv.span(0, PROTOS.length - 1)
    c[IN] = iv.span(0, n - 1)
    c[OUT] = [out, out]
    c[CT] = ct
    c[DST] = dst
    c[SRC] = FORWARDABLE
    c[DPORT] = iv.span(0, MAX_PORT)
    c[SPORT] = iv.span(0, MAX_PORT)
    c[FLAGS] = iv.span(0, MAX_FLAGS)
    c[ICMP] = iv.span(0, MAX_ICMP_TYPE)
    universe.push(c)
  })
  return { names: spec.interfaces.map((i) => i.name), kind: spec.kind, routed, universe }
}

const protoIndex = (p: Proto) => PROTOS.indexOf(p)
const TCP = protoIndex('tcp')
const UDP = protoIndex('udp')
const ICMP_PROTO = protoIndex('icmp')

/** The flag values v with (v & mask) === set, as ruleMatches tests them. */
function flagValues(set: number, mask: number): Intervals {
  const values: number[] = []
  for (let v = 0; v <= MAX_FLAGS; v++) if ((v & mask) === set) values.push(v)
  return iv.fromValues(values)
}

function interfaceSet(space: Space, name: string | undefined): Intervals {
  if (name === undefined) return iv.span(0, space.names.length - 1)
  const at = space.names.indexOf(name)
  return at < 0 ? iv.EMPTY : [at, at]
}

/** Every packet the rule matches, as one box; null when it can match none. */
export function ruleCube(space: Space, rule: Rule): Cube | null {
  let protos = rule.proto === undefined ? [TCP, UDP, ICMP_PROTO] : [protoIndex(rule.proto)]
  if (rule.sport !== undefined || rule.dport !== undefined)
    protos = protos.filter((p) => p !== ICMP_PROTO)
  if (rule.flags !== undefined) protos = protos.filter((p) => p === TCP)
  if (rule.icmpType !== undefined) protos = protos.filter((p) => p === ICMP_PROTO)
  const c: Intervals[] = []
  c[PROTO] = iv.fromValues(protos)
  c[IN] = interfaceSet(space, rule.in)
  c[OUT] = interfaceSet(space, rule.out)
  c[CT] =
    rule.ct === undefined
      ? iv.span(0, CT_UNTRACKED)
      : iv.fromValues(rule.ct.map((s: CtState) => CT_STATES.indexOf(s)).filter((i) => i >= 0))
  c[DST] = rule.dst === undefined ? iv.span(0, MAX_ADDR) : iv.fromPairs(rule.dst.map(cidrRange))
  c[SRC] = rule.src === undefined ? iv.span(0, MAX_ADDR) : iv.fromPairs(rule.src.map(cidrRange))
  const ports = (r: Rule['sport']) =>
    r === undefined
      ? iv.span(0, MAX_PORT)
      : iv.intersect(iv.fromPairs(r.map((p) => [p.lo, p.hi] as const)), iv.span(0, MAX_PORT))
  c[DPORT] = ports(rule.dport)
  c[SPORT] = ports(rule.sport)
  c[FLAGS] =
    rule.flags === undefined ? iv.span(0, MAX_FLAGS) : flagValues(rule.flags.set, rule.flags.mask)
  c[ICMP] =
    rule.icmpType === undefined
      ? iv.span(0, MAX_ICMP_TYPE)
      : iv.intersect(iv.fromValues(rule.icmpType), iv.span(0, MAX_ICMP_TYPE))
  for (let d = 0; d < DIMS; d++) if (c[d].length === 0) return null
  return c
}
