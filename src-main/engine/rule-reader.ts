// Reading firewall rules and their fields from untrusted JSON, in the shape portwise-scenario/1
// defines (../shared/spec/scenario.md); topologies and lab packs write rules the same way.
// Pure; runs anywhere.
import { FieldError, ObjectReader, show } from './field-reader'
import { type Cidr, parseCidr, parseIpv4 } from './ip'
import { PROTOS, parseTcpFlags } from './packet'
import { type CtState, type PortRange, type Rule, CT_STATES } from './rule'
import type { FirewallKind } from './firewall'

/** A rule's JSON fields, in the order portwise-scenario/1 lists them. */
export const RULE_FIELDS = [
  'action',
  'in',
  'out',
  'proto',
  'src',
  'dst',
  'sport',
  'dport',
  'flags',
  'icmpType',
  'ct',
  'comment',
] as const

/** One rule; `interfaces` are the names `in`/`out` may use. */
export function readRule(r: ObjectReader, interfaces: readonly string[], kind: FirewallKind): Rule {
  r.only(RULE_FIELDS)
  const rule: Rule = { action: r.oneOf('action', ['accept', 'drop', 'reject'] as const) }
  for (const key of ['in', 'out'] as const)
    if (r.has(key)) rule[key] = interfaceName(r, key, interfaces)
  if (r.has('proto')) rule.proto = r.oneOf('proto', PROTOS)
  for (const key of ['src', 'dst'] as const)
    if (r.has(key)) rule[key] = [cidr(r, key, 'an IPv4 address or CIDR block')]
  for (const key of ['sport', 'dport'] as const) {
    if (!r.has(key)) continue
    if (rule.proto !== 'tcp' && rule.proto !== 'udp')
      throw new FieldError(r.at(key), 'ports need "proto": "tcp" or "udp"')
    rule[key] = [portRange(r, key)]
  }
  if (r.has('flags')) {
    if (rule.proto !== undefined && rule.proto !== 'tcp')
      throw new FieldError(r.at('flags'), 'TCP flags need "proto": "tcp"')
    rule.flags = flagMatch(r)
  }
  if (r.has('icmpType')) {
    if (rule.proto !== 'icmp')
      throw new FieldError(r.at('icmpType'), 'an ICMP type needs "proto": "icmp"')
    rule.icmpType = [r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')]
  }
  if (r.has('ct')) {
    if (kind === 'stateless')
      throw new FieldError(r.at('ct'), 'a stateless firewall has no connection tracking')
    rule.ct = ctStates(r)
  }
  if (r.has('comment')) rule.comment = r.string('comment')
  return rule
}

export function interfaceName(r: ObjectReader, key: string, interfaces: readonly string[]): string {
  const v = r.string(key)
  if (!interfaces.includes(v))
    throw new FieldError(r.at(key), `${show(v)} is not an interface (${interfaces.join(', ')})`)
  return v
}

export function address(r: ObjectReader, key: string): number {
  const v = r.required(key)
  const a = typeof v === 'string' ? parseIpv4(v) : null
  if (a === null) throw new FieldError(r.at(key), `${show(v)} is not an IPv4 address`)
  return a
}

export function cidr(r: ObjectReader, key: string, what: string): Cidr {
  const v = r.required(key)
  const c = typeof v === 'string' ? parseCidr(v) : null
  if (c === null) throw new FieldError(r.at(key), `${show(v)} is not ${what}`)
  return c
}

export function port(r: ObjectReader, key: string): number {
  return r.integer(key, 0, 65535, 'a port')
}

/** `443`, `"443"` or `"1024-65535"`. */
function portRange(r: ObjectReader, key: string): PortRange {
  const v = r.required(key)
  if (typeof v === 'number') {
    const p = port(r, key)
    return { lo: p, hi: p }
  }
  const m = typeof v === 'string' ? /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(v) : null
  const lo = m ? Number(m[1]) : NaN
  const hi = m ? Number(m[2] ?? m[1]) : NaN
  if (!m || lo > 65535 || hi > 65535)
    throw new FieldError(r.at(key), `${show(v)} is not a port or a port range such as "1024-65535"`)
  if (lo > hi)
    throw new FieldError(r.at(key), `${show(v)} is an empty range (${lo} is above ${hi})`)
  return { lo, hi }
}

export function tcpFlags(r: ObjectReader, key: string): number {
  const v = r.required(key)
  if (typeof v !== 'string')
    throw new FieldError(
      r.at(key),
      `${show(v)} is not a string of TCP flag letters (S, A, F, R, P, U)`,
    )
  const bits = parseTcpFlags(v)
  if (typeof bits !== 'number')
    throw new FieldError(
      r.at(key),
      `"${bits.bad}" is not a TCP flag (S SYN, A ACK, F FIN, R RST, P PSH, U URG)`,
    )
  return bits
}

function flagMatch(r: ObjectReader): Rule['flags'] {
  const v = r.required('flags')
  if (typeof v === 'string') {
    const set = tcpFlags(r, 'flags')
    return { set, mask: set }
  }
  const f = r.object('flags').only(['set', 'mask'])
  const set = tcpFlags(f, 'set')
  const mask = f.has('mask') ? tcpFlags(f, 'mask') : set
  if ((set & ~mask) !== 0)
    throw new FieldError(
      f.at('set'),
      `${show(f.raw('set'))} sets flags outside the mask ${show(f.raw('mask'))}, so it can never match`,
    )
  return { set, mask }
}

function ctStates(r: ObjectReader): CtState[] {
  const v = r.required('ct')
  const list = typeof v === 'string' ? [v] : v
  if (!Array.isArray(list) || list.length === 0)
    throw new FieldError(r.at('ct'), `${show(v)} is not a list of conntrack states`)
  return list.map((s, i) => {
    if (typeof s !== 'string' || !CT_STATES.includes(s as CtState))
      throw new FieldError(
        `${r.at('ct')}[${i}]`,
        `${show(s)} is not a conntrack state (${CT_STATES.join(', ')})`,
      )
    return s as CtState
  })
}
