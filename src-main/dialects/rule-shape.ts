// Checks and reshapes shared by the printers: the protocol a match implies, rules a printer cannot
// write whatever the dialect, and splitting a rule's sets into one rule per member. Pure.
import type { PortRange, Rule } from '../engine/rule'
import type { SourcePos } from './diagnostic'
import type { Hook } from './ruleset'

/**
 * `forward rule 3`: how printing errors name a rule. Counted from 0, as the trace, the allowed
 * set, the grader and the rule table count: "rule 1" once meant the first rule here and the
 * second everywhere else. The line and column point at it in the text.
 */
export const ruleLabel = (hook: Hook, index: number): string => `${hook} rule ${index}`

/**
 * The rule with the protocol its matches imply made explicit: TCP flags only match TCP and an
 * ICMP type only ICMP (rule.ts ruleMatches), and nft's `tcp flags` says so itself.
 */
export function withImpliedProto(rule: Rule): Rule {
  if (rule.proto !== undefined) return rule
  if (rule.flags !== undefined) return { ...rule, proto: 'tcp' }
  if (rule.icmpType !== undefined) return { ...rule, proto: 'icmp' }
  return rule
}

const portOk = (r: PortRange) =>
  Number.isInteger(r.lo) && Number.isInteger(r.hi) && r.lo >= 0 && r.hi <= 65535 && r.lo <= r.hi

/**
 * What no dialect can write: ports without a protocol that has them (nft's `tcp dport` names its
 * protocol; a rule with ports but no protocol matches TCP and UDP alike), a match on a protocol
 * the rule excludes, an empty set. Expects withImpliedProto's output.
 */
export function incoherence(rule: Rule): string[] {
  const why: string[] = []
  const ported = rule.proto === 'tcp' || rule.proto === 'udp'
  for (const f of ['sport', 'dport'] as const) {
    const ranges = rule[f]
    if (ranges === undefined) continue
    if (!ported) why.push(`${f} needs proto tcp or udp${rule.proto ? `, not ${rule.proto}` : ''}`)
    if (ranges.length === 0) why.push(`${f} is an empty set`)
    for (const r of ranges) if (!portOk(r)) why.push(`${f} ${r.lo}-${r.hi} is not a port range`)
  }
  if (rule.flags !== undefined && rule.proto !== 'tcp')
    why.push(`TCP flags need proto tcp, not ${rule.proto}`)
  if (rule.icmpType !== undefined) {
    if (rule.proto !== 'icmp') why.push(`an ICMP type needs proto icmp, not ${rule.proto}`)
    if (rule.icmpType.length === 0) why.push('icmpType is an empty set')
    for (const t of rule.icmpType)
      if (!Number.isInteger(t) || t < 0 || t > 255) why.push(`${t} is not an ICMP type`)
  }
  for (const f of ['src', 'dst', 'ct'] as const)
    if (rule[f]?.length === 0) why.push(`${f} is an empty set`)
  return why
}

/**
 * What a chain's hook rules out: a packet the host sends (output) arrived on no interface, and
 * one addressed to the host (input) leaves by none. iptables refuses both (`Can't use -i with
 * OUTPUT`); nft accepts them as rules that never match, which Portwise reports instead.
 */
export function hookIncoherence(rule: Rule, hook: Hook): string | null {
  if (hook === 'output' && rule.in !== undefined)
    return `an output chain sees packets this host sends, which arrive on no interface: in ${JSON.stringify(rule.in)} can never match`
  if (hook === 'input' && rule.out !== undefined)
    return `an input chain sees packets addressed to this host, which leave by no interface: out ${JSON.stringify(rule.out)} can never match`
  return null
}

type SetField = 'src' | 'dst' | 'sport' | 'dport' | 'icmpType'

/**
 * One rule per member of the named sets (their cross product), in order. Where the first match
 * wins this means the same as the rule it came from: the pieces share its action, so whichever
 * piece a packet meets first gives the verdict the whole rule would have given.
 */
export function splitSets(rule: Rule, fields: readonly SetField[]): Rule[] {
  let rules: Rule[] = [rule]
  for (const f of fields) {
    rules = rules.flatMap((r) => {
      const members = r[f] as unknown[] | undefined
      if (members === undefined || members.length <= 1) return [r]
      return members.map((m) => ({ ...r, [f]: [m] }))
    })
  }
  return rules
}

/** Each rule of a chain with its source position, for printers that report on a rule. */
export interface RuleAt {
  rule: Rule
  label: string
  at?: SourcePos
}
