// One concrete packet from a box, so a learner sees an example rather than ranges: values a
// person recognises (documentation addresses, well-known ports, a SYN) whenever the box holds
// them, otherwise its first sensible value. Pure; runs anywhere.
import { type FirewallSpec, routeOut } from '../firewall'
import { cidrRange, parseIpv4 } from '../ip'
import { type Packet, type Proto, TcpFlag } from '../packet'
import type { CtState } from '../rule'
import type { Box, Range } from './box'

const addr = (text: string) => parseIpv4(text) as number
// RFC 5737 documentation networks first; src and dst prefer different ones so they never clash.
const SRC_PREFERRED = ['203.0.113.9', '198.51.100.7', '192.0.2.10', '10.0.2.2'].map(addr)
const DST_PREFERRED = ['198.51.100.7', '10.0.2.2', '203.0.113.9', '192.0.2.10'].map(addr)
const DPORT_PREFERRED = [443, 80, 22, 53, 25, 8080, 1024, 40000]
const SPORT_PREFERRED = [40000, 50000, 5000, 1024, 443, 80, 53]
const { S, A, F, R, P } = TcpFlag
const FLAGS_PREFERRED = [S, S | A, A, P | A, F | A, R, 0]
// Packets seen only in an established or related state read best as mid-connection ones.
const FLAGS_PREFERRED_LATER = [A, P | A, S | A, F | A, R, S, 0]
const ICMP_PREFERRED = [8, 0, 3, 11]
const PROTO_PREFERRED: Proto[] = ['tcp', 'udp', 'icmp']

const within = (ranges: readonly Range[], v: number) =>
  ranges.some(([lo, hi]) => v >= lo && v <= hi)

/** A preferred value in the set, else one of its first values; `avoid` is passed over when it can be. */
function pick(
  ranges: readonly Range[],
  preferred: readonly number[],
  avoid: (v: number) => boolean,
): number {
  const hit = preferred.find((v) => within(ranges, v) && !avoid(v))
  if (hit !== undefined) return hit
  for (const [lo, hi] of ranges)
    for (let v = lo; v <= Math.min(hi, lo + 2); v++) if (!avoid(v)) return v
  return ranges[0][0]
}

// A network address (x.x.x.0) or broadcast (x.x.x.255) as an example host reads as a mistake.
const oddAddress = (v: number) => v % 256 === 0 || v % 256 === 255
const portZero = (v: number) => v === 0

/**
 * Addresses that live behind an interface, best first, so that an example arriving on `inside`
 * comes from an inside host: preferred ones the firewall routes there, then the subnet's first hosts.
 */
function hostsBehind(
  firewall: FirewallSpec | undefined,
  name: string,
  preferred: number[],
): number[] {
  const i = firewall?.interfaces.find((x) => x.name === name)
  if (!firewall || !i) return preferred
  const [lo, hi] = cidrRange(i.subnet)
  const own = preferred.filter((a) => routeOut(firewall.interfaces, a) === i)
  // a /31 or /32 (one instance) has no network or broadcast address to step over
  const first = hi - lo < 2 ? [lo, hi] : [lo + 2, lo + 1].filter((a) => a < hi)
  return [...own, ...first, ...preferred]
}

/**
 * A packet of the box. Its ct state, which is not part of a packet, comes from sampleCt. With the
 * firewall, the source is preferably a host behind the interface the packet arrives on.
 */
export function samplePacket(box: Box, firewall?: FirewallSpec): Packet {
  const proto = PROTO_PREFERRED.find((p) => box.proto.includes(p)) ?? box.proto[0]
  const ported = proto === 'tcp' || proto === 'udp'
  const src = pick(box.src, hostsBehind(firewall, box.in, SRC_PREFERRED), oddAddress)
  const later = box.ct !== null && !box.ct.includes('new')
  return {
    in: box.in,
    src,
    dst: pick(
      box.dst,
      hostsBehind(firewall, box.out, DST_PREFERRED),
      (v) => v === src || oddAddress(v),
    ),
    proto,
    sport: ported ? pick(box.sport, SPORT_PREFERRED, portZero) : 0,
    dport: ported ? pick(box.dport, DPORT_PREFERRED, portZero) : 0,
    flags:
      proto === 'tcp'
        ? pick(box.flags, later ? FLAGS_PREFERRED_LATER : FLAGS_PREFERRED, () => false)
        : 0,
    icmpType: proto === 'icmp' ? pick(box.icmpType, ICMP_PREFERRED, () => false) : -1,
    icmpCode: 0,
    icmpId: 0,
    time: 0,
  }
}

/** The ct state the sample is seen in: the first of the box's, or null for a stateless firewall. */
export function sampleCt(box: Box): CtState | null {
  return box.ct === null ? null : box.ct[0]
}
