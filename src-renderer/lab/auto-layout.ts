// Positions for a lab's topology, whose file says nothing about where nodes go: layers along the
// links from the clients outward (d3-style: compute here, let Vue draw), so a request reads left
// to right. Nodes the file places keep their place. Pure; runs in the renderer.
import type { TopologyJson } from '../../src-main/shared/lab-types'

const COLUMN = 170
const ROW = 140

export function laidOut(t: TopologyJson): TopologyJson {
  if (t.nodes.every((n) => n.position)) return t
  const ends = (e: string) => e.split(':')[0]
  const next = new Map<string, string[]>(t.nodes.map((n) => [n.id, []]))
  for (const [a, b] of t.links) {
    next.get(ends(a))?.push(ends(b))
    next.get(ends(b))?.push(ends(a))
  }
  // Start from the clients (the request's side); a network without one starts at its first node.
  const starts = t.nodes.filter((n) => n.role === 'client').map((n) => n.id)
  const depth = new Map<string, number>()
  let queue = starts.length ? starts : t.nodes.slice(0, 1).map((n) => n.id)
  queue.forEach((id) => depth.set(id, 0))
  while (queue.length) {
    const after: string[] = []
    for (const id of queue)
      for (const n of next.get(id) ?? [])
        if (!depth.has(n)) {
          depth.set(n, depth.get(id)! + 1)
          after.push(n)
        }
    queue = after
  }
  // Hosts hanging off the client's switch (an update server) sit in the client's column.
  for (const n of t.nodes)
    if (n.kind === 'host' && depth.get(n.id) === 2 && n.role !== 'client') {
      const viaSwitch = (next.get(n.id) ?? []).some((m) => depth.get(m) === 1)
      if (viaSwitch) depth.set(n.id, 0)
    }
  const maxDepth = Math.max(0, ...depth.values())
  const columns = new Map<number, string[]>()
  for (const n of t.nodes) {
    const d = depth.get(n.id) ?? maxDepth + 1
    columns.set(d, [...(columns.get(d) ?? []), n.id])
  }
  const tallest = Math.max(...[...columns.values()].map((c) => c.length))
  const place = new Map<string, { x: number; y: number }>()
  for (const [d, ids] of columns)
    ids.forEach((id, i) =>
      place.set(id, {
        x: 90 + d * COLUMN,
        y: 90 + ((tallest - ids.length) * ROW) / 2 + i * ROW,
      }),
    )
  return { ...t, nodes: t.nodes.map((n) => (n.position ? n : { ...n, position: place.get(n.id) })) }
}
