// Boxes in plain words for learners: "tcp from 10.0.2.2 port 443 to any ports 1024–65535".
// Pure; runs anywhere.
import type { FirewallSpec } from '../firewall'
import { formatCidr, formatIpv4 } from '../ip'
import { ICMP_TYPE_NAMES, formatTcpFlags } from '../packet'
import { CT_STATES } from '../rule'
import type { Box, Range } from './box'
import * as iv from './intervals'
import type { Intervals } from './intervals'
import { FORWARDABLE, MAX_FLAGS, MAX_ICMP_TYPE, MAX_PORT, buildSpace } from './space'

const flat = (ranges: readonly Range[]): Intervals => iv.fromPairs(ranges)
const isAll = (ranges: readonly Range[], max: number) => iv.sameIntervals(flat(ranges), [0, max])
const dash = (lo: string, hi: string) => `${lo}–${hi}`

/** "a, b or c" */
function orList(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

/** The fewest CIDR blocks covering [lo, hi] exactly. */
export function cidrCover(lo: number, hi: number): string[] {
  const out: string[] = []
  while (lo <= hi) {
    let size = 2 ** 32
    while (size > 1 && (lo % size !== 0 || lo + size - 1 > hi)) size /= 2
    out.push(formatCidr({ addr: lo, len: 32 - Math.log2(size) }))
    lo += size
  }
  return out
}

function addresses(set: Intervals, universe: Intervals): string {
  if (iv.sameIntervals(set, universe)) return 'any'
  const blocks = iv.toPairs(set).flatMap(([lo, hi]) => cidrCover(lo, hi))
  if (blocks.length <= 4) return blocks.join(', ')
  const missing = iv.toPairs(iv.subtract(universe, set)).flatMap(([lo, hi]) => cidrCover(lo, hi))
  if (missing.length <= 3) return `any but ${missing.join(', ')}`
  // "10.0.2.0/24 but 10.0.2.2": the smallest block holding the set, less what it lacks
  const [lo, hi] = [set[0], set[set.length - 1]]
  let size = 2 ** 32
  while (size > 1 && Math.floor(lo / (size / 2)) === Math.floor(hi / (size / 2))) size /= 2
  const base = Math.floor(lo / size) * size
  const holes = iv
    .toPairs(iv.subtract([base, base + size - 1], set))
    .flatMap(([a, b]) => cidrCover(a, b))
  if (holes.length <= 3) return `${cidrCover(base, base + size - 1)[0]} but ${holes.join(', ')}`
  const ranges = iv
    .toPairs(set)
    .map(([lo, hi]) => (lo === hi ? formatIpv4(lo) : dash(formatIpv4(lo), formatIpv4(hi))))
  return ranges.length <= 4
    ? ranges.join(', ')
    : `${ranges.slice(0, 3).join(', ')} and ${ranges.length - 3} more ranges`
}

function ports(ranges: readonly Range[]): string {
  if (isAll(ranges, MAX_PORT)) return ''
  const item = ([lo, hi]: Range) => (lo === hi ? String(lo) : dash(String(lo), String(hi)))
  const items = ranges.map(item)
  const missing = iv.toPairs(iv.subtract([0, MAX_PORT], flat(ranges)))
  // "ports other than 443" reads better than "ports 0–442, 444–65535"
  if (missing.length < items.length) return ` ports other than ${orList(missing.map(item))}`
  const single = ranges.length === 1 && ranges[0][0] === ranges[0][1]
  const shown =
    items.length <= 6
      ? items.join(', ')
      : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`
  return ` ${single ? 'port' : 'ports'} ${shown}`
}

const FLAG_NAMES: [number, string][] = [
  [0x02, 'SYN'],
  [0x10, 'ACK'],
  [0x01, 'FIN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x20, 'URG'],
]

function flags(ranges: readonly Range[]): string {
  if (isAll(ranges, MAX_FLAGS)) return ''
  const values = ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k))
  // A set of the form (flags & mask) === set reads as "SYN set, ACK clear", as a rule writes it.
  const all = values.reduce((a, v) => a & v, MAX_FLAGS)
  const any = values.reduce((a, v) => a | v, 0)
  const mask = ~(all ^ any) & MAX_FLAGS
  const free = FLAG_NAMES.filter(([bit]) => !(mask & bit)).length
  if (values.length === 2 ** free) {
    const set = FLAG_NAMES.filter(([bit]) => mask & all & bit).map(([, n]) => n)
    const clear = FLAG_NAMES.filter(([bit]) => mask & ~all & bit).map(([, n]) => n)
    const parts = [
      set.length ? `${set.join(', ')} set` : '',
      clear.length ? `${clear.join(', ')} clear` : '',
    ]
    return ` with ${parts.filter(Boolean).join(' and ')}`
  }
  const name = (v: number) => formatTcpFlags(v) || 'none'
  if (values.length <= 6) return ` with flags ${orList(values.map(name))}`
  const others = iv
    .toPairs(iv.subtract([0, MAX_FLAGS], flat(ranges)))
    .flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k))
  if (others.length <= 6) return ` with any flags but ${orList(others.map(name))}`
  return ` with ${values.length} combinations of flags`
}

function icmpTypes(ranges: readonly Range[]): string {
  if (isAll(ranges, MAX_ICMP_TYPE)) return ''
  const items = ranges.map(([lo, hi]) =>
    lo === hi ? (ICMP_TYPE_NAMES[lo] ?? `type ${lo}`) : `types ${dash(String(lo), String(hi))}`,
  )
  return (
    ' ' +
    (items.length <= 4
      ? orList(items)
      : `${orList(items.slice(0, 3))} and ${items.length - 3} more types`)
  )
}

export interface DescribeOptions {
  /** the firewall the box is from: "to any" then means any address routed out of the box's interface */
  firewall?: FirewallSpec
  /** add ", in on X, out by Y" (default true); off when the caller groups boxes by direction */
  direction?: boolean
}

/** One line a learner reads: protocol, from, to, flags or ICMP type, ct state, direction. */
export function describeBox(box: Box, options: DescribeOptions = {}): string {
  // "any" is any address a router forwards (space.ts FORWARDABLE), never a martian.
  const all: Intervals = FORWARDABLE
  let dstUniverse = all
  if (options.firewall) {
    const space = buildSpace(options.firewall)
    const out = space.names.indexOf(box.out)
    if (out >= 0) dstUniverse = space.routed[out]
  }
  const onlyPorts = box.proto.every((p) => p === 'tcp' || p === 'udp')
  const proto = box.proto.length === 3 ? 'any protocol' : orList(box.proto)
  let text = proto
  if (box.proto.length === 1 && box.proto[0] === 'icmp') text += icmpTypes(box.icmpType)
  text += ` from ${addresses(flat(box.src), all)}${onlyPorts ? ports(box.sport) : ''}`
  text += ` to ${addresses(flat(box.dst), dstUniverse)}${onlyPorts ? ports(box.dport) : ''}`
  if (box.proto.length === 1 && box.proto[0] === 'tcp') text += flags(box.flags)
  if (box.ct !== null && box.ct.length < CT_STATES.length) text += ` in ct state ${orList(box.ct)}`
  if (options.direction !== false) text += `, in on ${box.in}, out by ${box.out}`
  return text
}
