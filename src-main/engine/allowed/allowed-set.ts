// What a rule set allows, exactly: every packet the firewall accepts as disjoint boxes, and what
// one rule set allows that another does not (least privilege: the learner's rules against the
// reference). Pure; runs anywhere.
//
// "Allows" is per packet, with the ct state as one more field of it: a stateful firewall's answer
// says which ct states each packet is accepted in, not which packet histories produce them.
import type { FirewallSpec } from '../firewall'
import { formatCidr } from '../ip'
import { type Box, type Tagged, toBoxes } from './box'
import { type Cube, OUT, cubeIntersect, cubeOverlaps } from './cube'
import { type Regions, decideRegions } from './regions'

/** Packets that one firewall accepts and another drops or rejects. */
export interface DiffBox extends Box {
  /** the rule of the first firewall that accepts them (null: its policy) */
  rule: number | null
  /** the rule of the second firewall that drops or rejects them (null: its policy) */
  otherRule: number | null
}

function byVerdict(
  spec: FirewallSpec,
  regions: Regions,
  accepted: boolean,
): Tagged<number | null>[] {
  const out: Tagged<number | null>[] = []
  regions.decided.forEach((cubes, rule) => {
    if ((spec.rules[rule].action === 'accept') === accepted)
      for (const cube of cubes) out.push({ cube, tag: rule })
  })
  if ((spec.policy === 'accept') === accepted)
    for (const cube of regions.rest) out.push({ cube, tag: null })
  return out
}

/** Every packet the firewall accepts, with the rule (or the policy) that accepts it. */
export function allowedSet(spec: FirewallSpec): Box[] {
  const regions = decideRegions(spec)
  return toBoxes(regions.space, byVerdict(spec, regions, true), (box, rule) => ({ ...box, rule }))
}

/** Every packet the firewall drops or rejects (routed packets only: see space.ts). */
export function deniedSet(spec: FirewallSpec): Box[] {
  const regions = decideRegions(spec)
  return toBoxes(regions.space, byVerdict(spec, regions, false), (box, rule) => ({ ...box, rule }))
}

const describeInterfaces = (spec: FirewallSpec) =>
  spec.interfaces.map((i) => `${i.name} ${formatCidr(i.subnet)}`).join(', ')

/**
 * Why two firewalls cannot be compared, or null when they can: they must be the same kind on the
 * same interfaces, otherwise the packets they see (ct states, routes) are not the same packets.
 */
export function incomparable(a: FirewallSpec, b: FirewallSpec): string | null {
  if (describeInterfaces(a) !== describeInterfaces(b))
    return `the firewalls have different interfaces (${describeInterfaces(a)}; ${describeInterfaces(b)})`
  if (a.kind !== b.kind) return `a ${a.kind} firewall cannot be compared with a ${b.kind} one`
  return null
}

/** Packets `a` accepts and `b` does not; throws when they are incomparable. */
export function difference(a: FirewallSpec, b: FirewallSpec): DiffBox[] {
  const why = incomparable(a, b)
  if (why !== null) throw new Error(why)
  const ra = decideRegions(a)
  const rb = decideRegions(b)
  const allowedA = byVerdict(a, ra, true)
  const deniedB = byVerdict(b, rb, false)
  // Every cube has a single out interface (the space is built per route), so only cubes that
  // leave by the same interface can meet.
  const deniedByOut = new Map<number, Tagged<number | null>[]>()
  for (const t of deniedB) {
    const o = t.cube[OUT][0]
    const list = deniedByOut.get(o)
    if (list) list.push(t)
    else deniedByOut.set(o, [t])
  }
  const keyed = new Map<string, { rule: number | null; otherRule: number | null }>()
  const out: Tagged<string>[] = []
  for (const x of allowedA) {
    for (const y of deniedByOut.get(x.cube[OUT][0]) ?? []) {
      if (!cubeOverlaps(x.cube, y.cube)) continue
      const key = `${x.tag},${y.tag}`
      if (!keyed.has(key)) keyed.set(key, { rule: x.tag, otherRule: y.tag })
      out.push({ cube: cubeIntersect(x.cube, y.cube) as Cube, tag: key })
    }
  }
  return toBoxes(ra.space, out, (box, key) => ({ ...box, ...keyed.get(key)! }))
}
