// Topologies: hosts, routers, firewall appliances and switches, their interfaces, routes, filters
// and links, plus the flows a lab can start. Plain data; pure; runs anywhere.
import type { Chain, FirewallKind, Hook } from '../engine/firewall'
import type { Cidr } from '../engine/ip'
import type { OsProfileName } from './os-profiles'

export const TOPOLOGY_FORMAT = 'portwise-topology/1'

export type NodeKind = 'host' | 'router' | 'firewall' | 'switch'
export type HostRole = 'client' | 'web-server' | 'update-server' | 'dns-server'
export type Zone = 'outside' | 'inside'

export interface NodeInterface {
  name: string
  address: number
  /** the subnet the address sits in (address/prefix) */
  subnet: Cidr
  /** hosts: the router to send off-subnet traffic to */
  gateway?: number
  /** routers and firewalls: which side of the network it faces (decides inbound/outbound) */
  zone?: Zone
}

export interface Route {
  to: Cidr
  via: number
}

export interface Service {
  proto: 'tcp' | 'udp'
  port: number
}

/** A node's netfilter: one conntrack table, chains by hook. */
export interface NodeFilter {
  kind: FirewallKind
  chains: Partial<Record<Hook, Chain>>
  /** how a learner reads it: `fw1`, `the security groups of web server`, `the network ACL of subnet public (acl-1)` */
  label?: string
  /** an AWS network ACL or security group, whose lists are inbound and outbound rules, not chains */
  aws?: true
  /** how its policy is named where that is not `policy`: `rule *` for an AWS network ACL */
  policyName?: string
  /** each rule's name per hook where it is not `rule <index>`: an AWS network ACL's `rule 100` */
  ruleNames?: Partial<Record<Hook, string[]>>
  /** rules per hook the author did not write (a security group's responses rule): never "closest" */
  implied?: Partial<Record<Hook, number[]>>
}

export interface TopologyNode {
  id: string
  kind: NodeKind
  label: string
  role?: HostRole
  os: OsProfileName
  interfaces: NodeInterface[]
  routes: Route[]
  filter?: NodeFilter
  /**
   * AWS mode, on the VPC router: the network ACL guarding the subnet behind each interface.
   * Its outbound rules (`output`) see what leaves that subnet, its inbound rules (`input`) what
   * enters it (VPC user guide, "Control subnet traffic with network access control lists").
   */
  networkAcls?: Record<string, NodeFilter>
  /** ports the host listens on */
  services: Service[]
  position?: { x: number; y: number }
  locked: boolean
}

export interface InterfaceRef {
  node: string
  iface: string
}

export interface Link {
  a: InterfaceRef
  b: InterfaceRef
}

export type FlowKind = 'https' | 'http' | 'update' | 'tcp' | 'dns' | 'udp' | 'ping' | 'traceroute'
export const FLOW_KINDS: readonly FlowKind[] = [
  'https',
  'http',
  'update',
  'tcp',
  'dns',
  'udp',
  'ping',
  'traceroute',
]

export interface FlowSpec {
  name: string
  kind: FlowKind
  /** node id of the side that starts it */
  from: string
  /** node id, or an IPv4 address */
  to: string
  port: number
  /** the client's source port; picked from its OS profile's ephemeral range when absent */
  sport?: number
  /** pings to send, or traceroute's maximum hops */
  count: number
}

export interface Topology {
  name: string
  nodes: TopologyNode[]
  links: Link[]
  flows: FlowSpec[]
}

/** Ports a role listens on unless the node lists its own services. */
export const ROLE_SERVICES: Readonly<Record<HostRole, Service[]>> = {
  client: [],
  'web-server': [
    { proto: 'tcp', port: 80 },
    { proto: 'tcp', port: 443 },
  ],
  'update-server': [
    { proto: 'tcp', port: 80 },
    { proto: 'tcp', port: 443 },
  ],
  'dns-server': [
    { proto: 'udp', port: 53 },
    { proto: 'tcp', port: 53 },
  ],
}

/** Well-known destination ports by flow kind. */
export const FLOW_PORTS: Readonly<Record<FlowKind, number>> = {
  https: 443,
  http: 80,
  update: 443,
  tcp: 443,
  dns: 53,
  udp: 53,
  ping: 0,
  traceroute: 33434,
}
