// The `forbid` objective: a pattern no accept rule may cover, such as "inbound from anywhere to
// every port". Pure; runs anywhere.
//
// "Covers": for every field the pattern names, the rule matches every value the pattern allows in
// that field (a field the rule leaves out matches everything); fields the pattern leaves out are
// not looked at. So { in: outside, src: 0.0.0.0/0, dport: 0-65535 } is covered by
// `accept in outside`, by `accept in outside tcp` and by `accept in outside udp dport 0-65535`,
// but not by `accept in outside tcp dport 443` nor by `accept in outside src 10.0.0.0/8`.
import { FieldError, ObjectReader, show } from '../engine/field-reader'
import { cidrRange } from '../engine/ip'
import type { Rule } from '../engine/rule'
import { CT_STATES } from '../engine/rule'
import { cidr, interfaceName } from '../engine/rule-reader'
import type { ForbidPattern } from './lab-pack'

const PATTERN_FIELDS = ['in', 'out', 'proto', 'src', 'dst', 'sport', 'dport', 'icmpType', 'ct']

function portRange(r: ObjectReader, key: string): [number, number] {
  const v = r.required(key)
  if (typeof v === 'number') {
    const p = r.integer(key, 0, 65535, 'a port')
    return [p, p]
  }
  const m = typeof v === 'string' ? /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(v) : null
  const lo = m ? Number(m[1]) : NaN
  const hi = m ? Number(m[2] ?? m[1]) : NaN
  if (!m || lo > 65535 || hi > 65535 || lo > hi)
    throw new FieldError(r.at(key), `${show(v)} is not a port or a port range such as "0-65535"`)
  return [lo, hi]
}

/** Reads a pattern; `interfaces` are the names its `in`/`out` may use. */
export function readForbidPattern(r: ObjectReader, interfaces: readonly string[]): ForbidPattern {
  r.only(PATTERN_FIELDS)
  const p: ForbidPattern = {}
  for (const key of ['in', 'out'] as const)
    if (r.has(key)) p[key] = interfaceName(r, key, interfaces)
  if (r.has('proto')) p.proto = r.oneOf('proto', ['tcp', 'udp', 'icmp'] as const)
  for (const key of ['src', 'dst'] as const)
    if (r.has(key)) p[key] = cidrRange(cidr(r, key, 'an IPv4 address or CIDR block'))
  for (const key of ['sport', 'dport'] as const) if (r.has(key)) p[key] = portRange(r, key)
  if (r.has('icmpType')) p.icmpType = r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')
  if (r.has('ct')) {
    const v = r.required('ct')
    const list = typeof v === 'string' ? [v] : v
    if (!Array.isArray(list) || list.some((s) => !CT_STATES.includes(s)))
      throw new FieldError(
        r.at('ct'),
        `${show(v)} is not a list of conntrack states (${CT_STATES.join(', ')})`,
      )
    p.ct = list as string[]
  }
  if ((p.sport || p.dport) && p.proto === 'icmp')
    throw new FieldError(r.at('proto'), 'icmp has no ports')
  if (p.icmpType !== undefined && p.proto !== undefined && p.proto !== 'icmp')
    throw new FieldError(r.at('icmpType'), `${p.proto} has no ICMP type`)
  return p
}

/** Whether the union of `ranges` holds every value of [lo, hi]. */
function spans(ranges: [number, number][], [lo, hi]: [number, number]): boolean {
  let next = lo
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    if (a > next) break
    if (b >= next) next = b + 1
    if (next > hi) return true
  }
  return next > hi
}

const protos = (rule: Rule): string[] => {
  let ps = rule.proto ? [rule.proto] : ['tcp', 'udp', 'icmp']
  if (rule.sport || rule.dport) ps = ps.filter((p) => p !== 'icmp')
  if (rule.flags) ps = ps.filter((p) => p === 'tcp')
  if (rule.icmpType) ps = ps.filter((p) => p === 'icmp')
  return ps
}

/** Whether an accept rule covers the pattern (see the header). */
export function covers(rule: Rule, p: ForbidPattern): boolean {
  if (rule.action !== 'accept') return false
  const ps = protos(rule)
  if (ps.length === 0) return false
  if (p.in !== undefined && rule.in !== undefined && rule.in !== p.in) return false
  if (p.out !== undefined && rule.out !== undefined && rule.out !== p.out) return false
  if (p.proto !== undefined && !ps.includes(p.proto)) return false
  for (const key of ['src', 'dst'] as const) {
    const want = p[key]
    const have = rule[key]
    if (want && have && !spans(have.map(cidrRange), want)) return false
  }
  for (const key of ['sport', 'dport'] as const) {
    const want = p[key]
    if (!want) continue
    if (!ps.includes('tcp') && !ps.includes('udp')) return false
    const have = rule[key]
    if (
      have &&
      !spans(
        have.map((r) => [r.lo, r.hi]),
        want,
      )
    )
      return false
  }
  if (p.icmpType !== undefined) {
    if (!ps.includes('icmp')) return false
    if (rule.icmpType && !rule.icmpType.includes(p.icmpType)) return false
  }
  if (p.ct && rule.ct && !p.ct.every((s) => (rule.ct as string[]).includes(s))) return false
  return true
}
