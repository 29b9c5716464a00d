// Where a packet goes on the canvas: its hops are the nodes that handled it, and between two of
// them the link path may cross switches, which forward without being hops. Pure; runs in the
// renderer.
import type { TopologyJson } from '../../src-main/shared/lab-types'
import type { Point } from './timeline'

export function neighbours(topology: TopologyJson): Map<string, string[]> {
  const next = new Map<string, string[]>()
  for (const [a, b] of topology.links) {
    const na = a.split(':')[0]
    const nb = b.split(':')[0]
    next.set(na, [...(next.get(na) ?? []), nb])
    next.set(nb, [...(next.get(nb) ?? []), na])
  }
  return next
}

/** Nodes from `from` to `to` over links, crossing only switches in between. */
export function linkPath(topology: TopologyJson, from: string, to: string): string[] {
  if (from === to) return [from]
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]))
  const next = neighbours(topology)
  const prev = new Map<string, string>([[from, from]])
  const queue = [from]
  while (queue.length) {
    const n = queue.shift()!
    for (const m of next.get(n) ?? []) {
      if (prev.has(m)) continue
      prev.set(m, n)
      if (m === to) {
        const path = [to]
        for (let p = n; p !== from; p = prev.get(p)!) path.unshift(p)
        return [from, ...path]
      }
      if (kinds.get(m) === 'switch') queue.push(m)
    }
  }
  return [from, to]
}

/** The canvas points a packet visits, hop to hop, through any switches between. */
export function packetPoints(
  topology: TopologyJson,
  hops: readonly string[],
  position: (id: string) => Point,
): Point[] {
  const ids: string[] = hops.length ? [hops[0]] : []
  for (let i = 1; i < hops.length; i++)
    ids.push(...linkPath(topology, hops[i - 1], hops[i]).slice(1))
  return ids.map(position)
}
