// A parsed rule set as the one router the allowed-set analysis reads (a FirewallSpec), with the
// names its author knows the rules by: a Linux router's forward chain, or an AWS network ACL or
// security group guarding one subnet. Pure; runs anywhere.
import type { FirewallSpec, Interface } from '../engine/firewall'
import type { Cidr } from '../engine/ip'
import type { Rule } from '../engine/rule'
import { type Chain, type RuleSet, chainFor } from './ruleset'

/** A firewall to analyse, and how the user knows its rules. */
export interface NamedFirewall {
  spec: FirewallSpec
  /** rule `i` of spec.rules as its author knows it: `rule 3`, `inbound rule 100` */
  ruleName(i: number): string
  /** what decides a packet that arrived on `arrivedOn` when no rule matches */
  policyName(arrivedOn: string): string
  /** the directions (in, out) whose packets the firewall sees; every pair when absent */
  directions?: [string, string][]
  /** rules its author did not write (a security group's rule 0), never reported as unused */
  implied?: (i: number) => boolean
}

/** The chain a router filters forwarded packets with. */
export interface ForwardChain {
  policy: Chain['policy']
  rules: Rule[]
  /** the rule set has no forward chain: this is the empty accept chain netfilter runs instead */
  absent: boolean
}

/**
 * The forward chain, or what netfilter does without one: a hook with no chain registered lets
 * every packet go on (include/linux/netfilter.h, nf_hook: no hook entries, return 1). Parsers leave
 * out an empty accept chain for the same reason (ruleset.ts normalizeRuleSet), so "absent" covers
 * it too.
 */
export function forwardChain(set: RuleSet): ForwardChain {
  const chain = chainFor(set, 'forward')
  return chain
    ? { policy: chain.policy, rules: chain.rules, absent: false }
    : { policy: 'accept', rules: [], absent: true }
}

/** Every interface name a rule matches on (iifname, oifname, -i, -o), with the rule's index. */
export function interfaceUses(rules: readonly Rule[]): { rule: number; name: string }[] {
  return rules.flatMap((r, rule) =>
    [r.in, r.out].filter((n): n is string => n !== undefined).map((name) => ({ rule, name })),
  )
}

/**
 * A Linux router running the rule set's forward chain between `interfaces`, routing by their
 * subnets. Stateful when the rule set asks for `ct state` (netfilter tracks connections for it).
 */
export function routerFirewall(set: RuleSet, interfaces: Interface[]): NamedFirewall {
  const { policy, rules } = forwardChain(set)
  return {
    spec: { kind: set.stateful ? 'stateful' : 'stateless', interfaces, policy, rules },
    ruleName: (i) => `rule ${i}`,
    policyName: () => 'policy',
  }
}

/** The two sides of an AWS network ACL or security group, as interfaces of the model. */
export const AWS_OUTSIDE = 'outside'
export const AWS_INSIDE = 'inside'

/**
 * An AWS network ACL or security group guarding `inside` (a subnet, or the instances of a group),
 * as a router between `outside` (0.0.0.0/0; routing's longest prefix sends every other address
 * there) and `inside`. Ingress rules (the `input` chain) decide packets from outside to inside,
 * egress rules (`output`) packets from inside to outside. AWS evaluates each list on its own; here
 * they are one first-match list, ingress then egress, each rule pinned to its direction with `in`
 * and `out`. That is the same verdict for every packet, since the two lists see disjoint packets.
 *
 * The chains are the parser's, reused as they are: a network ACL's entries sorted by number
 * ("rules are evaluated starting with the lowest numbered rule"), policy drop for the final `*`
 * rule, stateless; a security group's allow rules after the responses rule it implies (stateful,
 * allow-only), policy drop (VPC User Guide, as cited in aws-parser.ts). network.ts runs the same
 * chains, inbound on `input` and outbound on `output`, and names rules the same way: an ACL's by
 * number, a group's by index.
 *
 * `sideNames` lets the two sides take a router's interface names, so the two can be compared.
 *
 * Traffic within `outside` never meets these rules, nor does traffic within a subnet an ACL guards
 * (it does not cross the ACL); between two instances of one group it is one's egress and the
 * other's ingress, which one list cannot say. The model leaves both to the policy, and
 * `directions` lists only the two that cross.
 */
export function awsFirewall(
  set: RuleSet,
  inside: Cidr,
  sideNames: { outside: string; inside: string } = { outside: AWS_OUTSIDE, inside: AWS_INSIDE },
): NamedFirewall {
  const sides = [
    { hook: 'input', word: 'inbound', from: sideNames.outside, to: sideNames.inside },
    { hook: 'output', word: 'outbound', from: sideNames.inside, to: sideNames.outside },
  ] as const
  const names: string[] = []
  const rules: Rule[] = []
  const implied = new Set<number>()
  const acl = set.aws?.kind === 'network-acl'
  for (const side of sides) {
    const chain = chainFor(set, side.hook)
    // parseAws gives both chains: an ACL or group always has both lists, if empty (deny all)
    for (const [k, rule] of (chain?.rules ?? []).entries()) {
      // a group's rule 0 is the responses rule its statefulness implies (aws-parser.ts)
      if (!acl && k === 0) implied.add(rules.length)
      rules.push({ ...rule, in: side.from, out: side.to })
      names.push(`${side.word} rule ${chain?.numbers?.[k] ?? k}`)
    }
  }
  return {
    spec: {
      kind: set.stateful ? 'stateful' : 'stateless',
      interfaces: [
        { name: sideNames.outside, subnet: { addr: 0, len: 0 } },
        { name: sideNames.inside, subnet: inside },
      ],
      policy: 'drop',
      rules,
    },
    ruleName: (i) => names[i],
    // describe-network-acls lists the final rule as number 32767, the console as `*`
    policyName: (arrivedOn) =>
      acl ? `${arrivedOn === sideNames.inside ? 'outbound' : 'inbound'} rule *` : 'policy',
    directions: sides.map((s) => [s.from, s.to]),
    implied: (i) => implied.has(i),
  }
}
