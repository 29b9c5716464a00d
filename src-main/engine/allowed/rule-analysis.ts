// Rules that do nothing, found from the same regions as the allowed set: shadowed rules (earlier
// rules match every packet they match, so they never decide) and redundant ones (they decide some
// packets, but without them every one of those would get the same action from a later rule or the
// policy). Pure; runs anywhere.
import type { FirewallSpec } from '../firewall'
import { type Cube, coalesce, cubeOverlaps, listSubtract } from './cube'
import { decideRegions } from './regions'

export interface RuleFinding {
  rule: number
  kind: 'shadowed' | 'redundant'
  /**
   * shadowed: the earlier rules that decide the packets it matches (empty when it matches no
   * routable packet at all); redundant: the later rules that would decide its packets instead
   */
  by: number[]
  /** redundant only: some of its packets would fall through to the policy */
  byPolicy: boolean
}

/**
 * Shadowed and redundant rules, in rule order. Each finding is about removing that one rule:
 * removing two redundant rules together can change what the firewall does. "Same action" is
 * exact — drop and reject differ, since a reject answers the sender.
 */
export function ruleAnalysis(spec: FirewallSpec, regions = decideRegions(spec)): RuleFinding[] {
  const { ruleCubes, decided } = regions
  const findings: RuleFinding[] = []
  spec.rules.forEach((rule, i) => {
    const own = ruleCubes[i]
    if (decided[i].length === 0) {
      const by: number[] = []
      if (own !== null)
        for (let j = 0; j < i; j++) if (decided[j].some((c) => cubeOverlaps(c, own))) by.push(j)
      findings.push({ rule: i, kind: 'shadowed', by, byPolicy: false })
      return
    }
    let left: Cube[] = decided[i]
    const by: number[] = []
    for (let j = i + 1; j < spec.rules.length && left.length > 0; j++) {
      const later = ruleCubes[j]
      if (later === null || !left.some((c) => cubeOverlaps(c, later))) continue
      if (spec.rules[j].action !== rule.action) return
      by.push(j)
      left = listSubtract(left, later)
      if (left.length > 64) left = coalesce(left)
    }
    if (left.length > 0 && spec.policy !== rule.action) return
    findings.push({ rule: i, kind: 'redundant', by, byPolicy: left.length > 0 })
  })
  return findings
}
