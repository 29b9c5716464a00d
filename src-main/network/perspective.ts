// Inbound or outbound depends on whose side you stand on: relabels a traced packet from the point
// of view of a node, one of its interfaces, or a subnet. Pure; runs anywhere.
import { type Cidr, cidrContains } from '../engine/ip'
import type { PacketTrace } from './trace'
import type { Topology } from './topology'

export type Viewpoint = { node: string; iface?: string } | { subnet: Cidr }
export type Relative = 'inbound' | 'outbound' | 'through' | 'internal' | 'elsewhere'

/** How the packet moves relative to the viewpoint. */
export function relabel(topology: Topology, p: PacketTrace, view: Viewpoint): Relative {
  if ('subnet' in view) {
    const from = cidrContains(view.subnet, p.packet.src)
    const to = cidrContains(view.subnet, p.packet.dst)
    return from && to ? 'internal' : to ? 'inbound' : from ? 'outbound' : 'elsewhere'
  }
  const hop = p.hops.find((h) => h.node === view.node)
  if (view.iface !== undefined) {
    if (hop?.in === view.iface) return 'inbound'
    if (hop?.out === view.iface) return 'outbound'
    return 'elsewhere'
  }
  if (hop) {
    if (hop.in === null) return 'outbound' // it started here
    if (hop.out === null && p.to === view.node) return 'inbound'
    return 'through'
  }
  // Not on the path: toward the viewpoint is inbound, away from it outbound.
  const distance = distances(topology, view.node)
  const first = distance.get(p.hops[0].node) ?? Infinity
  const last = distance.get(p.hops[p.hops.length - 1].node) ?? Infinity
  return last < first ? 'inbound' : last > first ? 'outbound' : 'elsewhere'
}

/** Distances by topology and start node: every packet of a trace asks for the same few. */
const known = new WeakMap<Topology, Map<string, Map<string, number>>>()

/** Hops from `start` to every node, over links and through switches. */
function distances(topology: Topology, start: string): Map<string, number> {
  let byStart = known.get(topology)
  if (!byStart) known.set(topology, (byStart = new Map()))
  let found = byStart.get(start)
  if (!found) byStart.set(start, (found = breadthFirst(topology, start)))
  return found
}

function breadthFirst(topology: Topology, start: string): Map<string, number> {
  const next = new Map<string, string[]>()
  for (const { a, b } of topology.links) {
    next.set(a.node, [...(next.get(a.node) ?? []), b.node])
    next.set(b.node, [...(next.get(b.node) ?? []), a.node])
  }
  const seen = new Map([[start, 0]])
  const queue = [start]
  while (queue.length) {
    const node = queue.shift()!
    for (const n of next.get(node) ?? []) {
      if (seen.has(n)) continue
      seen.set(n, seen.get(node)! + 1)
      queue.push(n)
    }
  }
  return seen
}
