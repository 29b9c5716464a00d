// The names the real tools give to ICMP types, TCP flags and well-known ports, for parsing what a
// learner writes and printing what the tools print. Pure; runs anywhere.
import { TcpFlag } from '../engine/packet'
import { nameTable } from '../shared/name-table'

/** nft's icmp_type symbols (nft describe icmp type); iptables' --icmp-type names agree. */
export const ICMP_TYPES: Readonly<Record<string, number>> = nameTable({
  'echo-reply': 0,
  'destination-unreachable': 3,
  'source-quench': 4,
  redirect: 5,
  'echo-request': 8,
  'router-advertisement': 9,
  'router-solicitation': 10,
  'time-exceeded': 11,
  'parameter-problem': 12,
  'timestamp-request': 13,
  'timestamp-reply': 14,
  'info-request': 15,
  'info-reply': 16,
  'address-mask-request': 17,
  'address-mask-reply': 18,
})

const ICMP_NAME_OF = new Map(Object.entries(ICMP_TYPES).map(([name, type]) => [type, name]))

/** What `nft list ruleset` prints for an ICMP type: its name, or the number when it has none. */
export const icmpTypeName = (type: number): string => ICMP_NAME_OF.get(type) ?? String(type)

/** nft's tcp_flag symbols, in the order nft lists them. */
export const NFT_TCP_FLAGS: readonly (readonly [string, number])[] = [
  ['fin', TcpFlag.F],
  ['syn', TcpFlag.S],
  ['rst', TcpFlag.R],
  ['psh', TcpFlag.P],
  ['ack', TcpFlag.A],
  ['urg', TcpFlag.U],
]

/** iptables' --tcp-flags names, in the order iptables-save prints them. */
export const IPT_TCP_FLAGS: readonly (readonly [string, number])[] = [
  ['FIN', TcpFlag.F],
  ['SYN', TcpFlag.S],
  ['RST', TcpFlag.R],
  ['PSH', TcpFlag.P],
  ['ACK', TcpFlag.A],
  ['URG', TcpFlag.U],
]

/** The flags Portwise models; ECE and CWR exist but no Portwise packet carries them. */
export const ALL_TCP_FLAGS = 0x3f

/** The service names ports may be written with (shared with the rule editor's completion). */
export { SERVICES } from '../shared/services'

/** Protocol numbers (IANA), for `-p 6`, `meta l4proto 17` and AWS's "6". */
export const PROTO_NUMBERS: Readonly<Record<string, 'tcp' | 'udp' | 'icmp'>> = nameTable({
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
})

/** `syn,ack` (nft, lower case) or `SYN,ACK` (iptables), in the tool's order. */
export function formatFlagNames(
  bits: number,
  names: readonly (readonly [string, number])[],
  sep = ',',
): string {
  return names
    .filter(([, bit]) => bits & bit)
    .map(([n]) => n)
    .join(sep)
}
