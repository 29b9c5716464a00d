// Engine rules as the JSON a topology draft holds (portwise-scenario/1's rule shape), for the
// lab's rule table. That shape holds one address, port range and ICMP type per field, so a rule
// with a set (`tcp dport { 80, 443 }`) becomes one rule per member, in order: consecutive rules
// with the same action decide exactly the packets the set did. Pure; runs anywhere.
import { formatCidr } from '../engine/ip'
import { formatTcpFlags } from '../engine/packet'
import { type Rule, formatPortRange } from '../engine/rule'
import type { RuleJson } from '../shared/lab-types'
import { RULE_FIELDS } from '../engine/rule-reader'

/** A port range as the JSON writes it: a number for one port, "lo-hi" for a range. */
function portJson(r: { lo: number; hi: number }): number | string {
  return r.lo === r.hi ? r.lo : formatPortRange(r)
}

/** Every combination of the set members of a rule, each as one JSON rule. */
export function ruleToJson(rule: Rule): RuleJson[] {
  let out: RuleJson[] = [{ action: rule.action }]
  const spread = <T>(values: T[] | undefined, set: (r: RuleJson, v: T) => void) => {
    if (values === undefined) return
    out = out.flatMap((r) =>
      values.map((v) => {
        const copy = { ...r }
        set(copy, v)
        return copy
      }),
    )
  }
  const one = (set: (r: RuleJson) => void) => out.forEach(set)
  if (rule.in !== undefined) one((r) => (r.in = rule.in))
  if (rule.out !== undefined) one((r) => (r.out = rule.out))
  if (rule.proto !== undefined) one((r) => (r.proto = rule.proto))
  spread(rule.src, (r, c) => (r.src = formatCidr(c)))
  spread(rule.dst, (r, c) => (r.dst = formatCidr(c)))
  spread(rule.sport, (r, p) => (r.sport = portJson(p)))
  spread(rule.dport, (r, p) => (r.dport = portJson(p)))
  if (rule.flags !== undefined) {
    const { set, mask } = rule.flags
    const flags =
      set === mask ? formatTcpFlags(set) : { set: formatTcpFlags(set), mask: formatTcpFlags(mask) }
    one((r) => (r.flags = flags))
  }
  spread(rule.icmpType, (r, t) => (r.icmpType = t))
  if (rule.ct !== undefined) one((r) => (r.ct = [...rule.ct!]))
  if (rule.comment !== undefined) one((r) => (r.comment = rule.comment))
  // Rebuild each in the scenario's key order, so a draft reads the same however it was made.
  return out.map(ordered)
}

function ordered(r: RuleJson): RuleJson {
  const o: Record<string, unknown> = {}
  for (const k of RULE_FIELDS) if (r[k] !== undefined) o[k] = r[k]
  return o as unknown as RuleJson
}
