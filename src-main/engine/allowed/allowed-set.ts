// What a rule set allows, exactly: every packet the firewall accepts as disjoint boxes, and what
// one rule set allows that another does not (least privilege: the learner's rules against the
// reference). Pure; runs anywhere.
//
// "Allows" is per packet, with the ct state as one more field of it: a stateful firewall's answer
// says which ct states each packet is accepted in, not which packet histories produce them.
import type { FirewallSpec } from '../firewall'
import { formatCidr } from '../ip'
import { type Box, type Tagged, toBoxes } from './box'
import { type Cube, cubeIntersect, cubeOverlaps, cubeSubtract } from './cube'
import { type Regions, decideRegions } from './regions'
import { ruleCube } from './space'

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

/**
 * Every packet the firewall accepts, with the rule (or the policy) that accepts it. `regions`, when
 * a caller has them already for the same spec (ruleAnalysis), saves working them out again.
 */
export function allowedSet(spec: FirewallSpec, regions = decideRegions(spec)): Box[] {
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
  const rulesB = b.rules.map((r) => ruleCube(ra.space, r))
  // Run what a accepts through b's rules, as decideRegions runs the whole space: linear in b's
  // rules, where intersecting a's accepted boxes with b's refused ones pair by pair is quadratic.
  let left = byVerdict(a, ra, true)
  const keyed = new Map<string, { rule: number | null; otherRule: number | null }>()
  const out: Tagged<string>[] = []
  const refused = (cube: Cube, rule: number | null, otherRule: number | null) => {
    const key = `${rule},${otherRule}`
    if (!keyed.has(key)) keyed.set(key, { rule, otherRule })
    out.push({ cube, tag: key })
  }
  rulesB.forEach((r, j) => {
    if (r === null) return
    const next: Tagged<number | null>[] = []
    const pieces: Cube[] = []
    for (const t of left) {
      if (!cubeOverlaps(t.cube, r)) {
        next.push(t)
        continue
      }
      if (b.rules[j].action !== 'accept') refused(cubeIntersect(t.cube, r) as Cube, t.tag, j)
      pieces.length = 0
      cubeSubtract(t.cube, r, pieces)
      for (const cube of pieces) next.push({ cube, tag: t.tag })
    }
    left = next
  })
  if (b.policy !== 'accept') for (const t of left) refused(t.cube, t.tag, null)
  return toBoxes(ra.space, out, (box, key) => ({ ...box, ...keyed.get(key)! }))
}
