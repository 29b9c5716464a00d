// Which rule decides which packets: the space cut into the region each rule matches first and the
// region left to the policy — Firewall.process's first match, computed for every packet at once.
// Pure; runs anywhere.
import type { FirewallSpec } from '../firewall'
import { type Cube, coalesce, cubeIntersect, cubeOverlaps, cubeSubtract } from './cube'
import { type Space, buildSpace, ruleCube } from './space'

export interface Regions {
  space: Space
  /** every packet each rule matches, in or out of the space; null when it matches none */
  ruleCubes: (Cube | null)[]
  /** per rule, the packets it decides: it matches them and no earlier rule does (disjoint boxes) */
  decided: Cube[][]
  /** the packets no rule matches, which the policy decides */
  rest: Cube[]
}

export function decideRegions(spec: FirewallSpec): Regions {
  const space = buildSpace(spec)
  const ruleCubes = spec.rules.map((r) => ruleCube(space, r))
  const decided: Cube[][] = []
  let remaining: Cube[] = space.universe.slice()
  // Coalescing costs a pass over the list; doing it only when the list has doubled keeps the
  // total linear while still undoing fragmentation before it compounds.
  let coalescedAt = remaining.length
  for (const r of ruleCubes) {
    if (r === null) {
      decided.push([])
      continue
    }
    const got: Cube[] = []
    const next: Cube[] = []
    for (const c of remaining) {
      if (!cubeOverlaps(c, r)) {
        next.push(c)
        continue
      }
      got.push(cubeIntersect(c, r) as Cube)
      cubeSubtract(c, r, next)
    }
    decided.push(got.length > 1 ? coalesce(got) : got)
    remaining = next
    if (remaining.length > 2 * coalescedAt + 32) {
      remaining = coalesce(remaining)
      coalescedAt = remaining.length
    }
  }
  return { space, ruleCubes, decided, rest: coalesce(remaining) }
}
