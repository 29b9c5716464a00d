// Routing tables: connected subnets, static routes and a host's default gateway, longest prefix
// first (as `ip route get` does). Pure; runs anywhere.
import { type Cidr, cidrContains } from '../engine/ip'
import type { NodeInterface, TopologyNode } from './topology'

export interface RouteChoice {
  iface: NodeInterface
  /** the address the packet is handed to on that interface's link */
  nextHop: number
}

interface Entry {
  to: Cidr
  iface: NodeInterface
  via: number | null
}

/** Tables by node, built once: a topology is not changed while it is traced. */
const tables = new WeakMap<TopologyNode, Entry[]>()

function table(node: TopologyNode): Entry[] {
  let entries = tables.get(node)
  if (!entries) tables.set(node, (entries = buildTable(node)))
  return entries
}

function buildTable(node: TopologyNode): Entry[] {
  if (node.kind === 'switch') return []
  const entries: Entry[] = node.interfaces.map((iface) => ({ to: iface.subnet, iface, via: null }))
  for (const r of node.routes) {
    const iface = node.interfaces.find((i) => cidrContains(i.subnet, r.via))
    if (iface) entries.push({ to: r.to, iface, via: r.via })
  }
  for (const iface of node.interfaces)
    if (iface.gateway !== undefined)
      entries.push({ to: { addr: 0, len: 0 }, iface, via: iface.gateway })
  return entries
}

/** The route a node takes to `dst`, or null when it has none. */
export function route(node: TopologyNode, dst: number): RouteChoice | null {
  let best: Entry | null = null
  for (const e of table(node))
    if (cidrContains(e.to, dst) && (best === null || e.to.len > best.to.len)) best = e
  return best ? { iface: best.iface, nextHop: best.via ?? dst } : null
}

/**
 * Which side of the network an interface of a router or firewall faces: as declared, or
 * `outside` when the node's default route leaves by it.
 */
export function zoneOf(node: TopologyNode, ifaceName: string): 'outside' | 'inside' {
  const iface = node.interfaces.find((i) => i.name === ifaceName)
  if (iface?.zone) return iface.zone
  const defaultRoute = node.routes.find((r) => r.to.len === 0)
  if (defaultRoute && iface && cidrContains(iface.subnet, defaultRoute.via)) return 'outside'
  return 'inside'
}
