// Packets as the engines see them: IPv4 with TCP, UDP or ICMP. Pure; runs anywhere.
import { formatIpv4 } from './ip'

export type Proto = 'tcp' | 'udp' | 'icmp'
export const PROTOS: readonly Proto[] = ['tcp', 'udp', 'icmp']

/** TCP flag bits, numbered as in the TCP header so masks read like the RFC. */
export const TcpFlag = {
  F: 0x01,
  S: 0x02,
  R: 0x04,
  P: 0x08,
  A: 0x10,
  U: 0x20,
} as const
export type TcpFlagLetter = keyof typeof TcpFlag
const FLAG_ORDER: TcpFlagLetter[] = ['S', 'A', 'F', 'R', 'P', 'U']

/** `"SA"` → SYN|ACK; returns the offending letter when one is not a flag. */
export function parseTcpFlags(text: string): number | { bad: string } {
  let bits = 0
  for (const ch of text) {
    const bit = (TcpFlag as Record<string, number>)[ch]
    if (bit === undefined) return { bad: ch }
    bits |= bit
  }
  return bits
}

export function formatTcpFlags(bits: number): string {
  return FLAG_ORDER.filter((f) => bits & TcpFlag[f]).join('')
}

/** The header of the packet an ICMP error quotes (RFC 792: IP header + first 8 bytes). */
export interface QuotedHeader {
  src: number
  dst: number
  proto: Proto
  sport: number
  dport: number
  /** when the quoted packet is ICMP: its type and echo identifier */
  icmpType: number
  icmpId: number
}

export interface Packet {
  /** interface the packet arrives on */
  in: string
  src: number
  dst: number
  proto: Proto
  /** ports for TCP and UDP; 0 otherwise */
  sport: number
  dport: number
  /** TCP flag bits; 0 for other protocols */
  flags: number
  /** TCP sequence and acknowledgement numbers, when known; conntrack takes packets as in sequence */
  seq?: number
  ack?: number
  /** ICMP type, code and echo identifier; -1/0/0 for other protocols */
  icmpType: number
  icmpCode: number
  icmpId: number
  /** for ICMP errors: the header they quote */
  inner?: QuotedHeader
  /** seconds of simulated time at which the packet arrives */
  time: number
}

/** ICMP types that report an error about another packet (nf_conntrack_proto_icmp.c icmp_is_err). */
export const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12])

export const ICMP_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'echo reply',
  3: 'destination unreachable',
  4: 'source quench',
  5: 'redirect',
  8: 'echo request',
  11: 'time exceeded',
  12: 'parameter problem',
  13: 'timestamp request',
  14: 'timestamp reply',
  15: 'information request',
  16: 'information reply',
  17: 'address mask request',
  18: 'address mask reply',
}

export function endpoint(addr: number, port: number, proto: Proto): string {
  return proto === 'icmp' ? formatIpv4(addr) : `${formatIpv4(addr)}:${port}`
}

/** One-line summary a learner recognises: `tcp 198.51.100.7:40001 → 10.0.2.2:443 [S]`. */
export function describePacket(p: Packet): string {
  if (p.proto === 'icmp') {
    const name = ICMP_TYPE_NAMES[p.icmpType] ?? `type ${p.icmpType}`
    const code = p.icmpCode ? ` code ${p.icmpCode}` : ''
    const id = p.icmpType === 0 || p.icmpType === 8 ? ` id ${p.icmpId}` : ''
    const quote = p.inner ? ` about ${describeQuoted(p.inner)}` : ''
    return `icmp ${formatIpv4(p.src)} → ${formatIpv4(p.dst)} ${name}${code}${id}${quote}`
  }
  const flags = p.proto === 'tcp' ? ` [${formatTcpFlags(p.flags) || 'no flags'}]` : ''
  return `${p.proto} ${endpoint(p.src, p.sport, p.proto)} → ${endpoint(p.dst, p.dport, p.proto)}${flags}`
}

export function describeQuoted(q: QuotedHeader): string {
  if (q.proto === 'icmp') {
    const name = ICMP_TYPE_NAMES[q.icmpType] ?? `type ${q.icmpType}`
    return `icmp ${formatIpv4(q.src)} → ${formatIpv4(q.dst)} ${name} id ${q.icmpId}`
  }
  return `${q.proto} ${endpoint(q.src, q.sport, q.proto)} → ${endpoint(q.dst, q.dport, q.proto)}`
}
