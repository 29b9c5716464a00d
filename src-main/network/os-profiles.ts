// Operating-system profiles: the ephemeral port range a host picks client ports from, its initial
// TTL and how it retries an unanswered SYN. Pure; runs anywhere.
import type { PortRange } from '../engine/rule'

export type OsProfileName = 'linux' | 'windows' | 'macos' | 'full'
export const OS_PROFILE_NAMES: readonly OsProfileName[] = ['linux', 'windows', 'macos', 'full']

export interface OsProfile {
  name: OsProfileName
  label: string
  /** where client source ports come from */
  ephemeral: PortRange
  /** IP TTL of packets the host originates */
  ttl: number
  /** seconds after the first SYN at which it is sent again; the connect fails at `synGiveUp` */
  synRetries: number[]
  synGiveUp: number
}

/**
 * Ranges from ../shared/spec/linux-conntrack.md (Ephemeral ports): Linux
 * net.ipv4.ip_local_port_range 32768–60999; Windows Vista and later and macOS 49152–65535 (the
 * IANA dynamic range, RFC 6335); "full" 1024–65535 as AWS NAT gateways, load balancers and Lambda
 * use. SYN retries: Linux tcp_syn_retries=6 with an initial RTO of 1 s doubling (gives up after
 * 127 s); Windows TcpMaxConnectRetransmissions=2 with a 3 s initial RTO (21 s); macOS retries
 * with a 1 s RTO for about 75 s (net.inet.tcp.keepinit).
 */
export const OS_PROFILES: Readonly<Record<OsProfileName, OsProfile>> = {
  linux: {
    name: 'linux',
    label: 'Linux',
    ephemeral: { lo: 32768, hi: 60999 },
    ttl: 64,
    synRetries: [1, 3, 7, 15, 31, 63],
    synGiveUp: 127,
  },
  windows: {
    name: 'windows',
    label: 'Windows',
    ephemeral: { lo: 49152, hi: 65535 },
    ttl: 128,
    synRetries: [3, 9],
    synGiveUp: 21,
  },
  macos: {
    name: 'macos',
    label: 'macOS',
    ephemeral: { lo: 49152, hi: 65535 },
    ttl: 64,
    synRetries: [1, 2, 3, 4, 5, 7, 11, 19, 35],
    synGiveUp: 75,
  },
  full: {
    name: 'full',
    label: 'full range (load balancer, NAT gateway)',
    ephemeral: { lo: 1024, hi: 65535 },
    ttl: 64,
    synRetries: [1, 3, 7, 15, 31, 63],
    synGiveUp: 127,
  },
}
