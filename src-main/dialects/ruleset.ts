// The model every rule dialect compiles to and prints from: chains by netfilter hook, each with a
// policy and ordered engine `Rule`s, plus the AWS facts a round trip needs. Pure; runs anywhere.
import type { Verdict } from '../engine/firewall'
import type { Rule } from '../engine/rule'

/**
 * Where a chain sees packets (nft.txt, "Address families"): `input` for the host's own traffic
 * arriving, `output` for what it sends, `forward` for what a router passes on. Host firewalls use
 * input and output; routers use forward.
 */
export type Hook = 'input' | 'forward' | 'output'
export const HOOKS: readonly Hook[] = ['input', 'forward', 'output']

export interface Chain {
  hook: Hook
  /** the verdict when no rule matches */
  policy: Verdict
  /** first match wins */
  rules: Rule[]
  /**
   * AWS network ACL rule numbers, one per rule, increasing (1–32766); absent for other dialects,
   * where a rule's place in the list is its only order.
   */
  numbers?: number[]
}

/**
 * Which AWS object a rule set came from, and its names. A network ACL compiles to stateless
 * chains, a security group to stateful allow-only chains; ingress is `input`, egress `output`,
 * the view from the subnet (ACL) or the network interface (group) that the rules guard.
 */
export interface AwsFacts {
  kind: 'network-acl' | 'security-group'
  /** `acl-…` or `sg-…` */
  id?: string
  /** a security group's GroupName */
  name?: string
  /** a security group's Description */
  description?: string
}

export interface RuleSet {
  /** at most one chain per hook, in HOOKS order; a hook without a chain accepts everything */
  chains: Chain[]
  /**
   * Whether the rules need connection tracking. Netfilter tracks connections whenever a rule asks
   * for `ct state`, so for nft and iptables this is inferred from the rules; a security group is
   * always stateful and a network ACL never is, which the same inference gives.
   */
  stateful: boolean
  aws?: AwsFacts
}

export const usesConntrack = (chains: readonly Chain[]): boolean =>
  chains.some((c) => c.rules.some((r) => r.ct !== undefined))

/**
 * The one form of a rule set that parsers return, so models compare equal when they mean the same:
 * chains in HOOKS order, and an empty chain with policy accept left out — it is what a hook without
 * a chain does already, and iptables' filter table always declares all three.
 */
export function normalizeRuleSet(set: RuleSet): RuleSet {
  const chains = HOOKS.map((hook) => set.chains.find((c) => c.hook === hook)).filter(
    (c): c is Chain =>
      c !== undefined && (c.rules.length > 0 || c.policy !== 'accept' || c.numbers !== undefined),
  )
  const out: RuleSet = { chains, stateful: usesConntrack(chains) }
  if (set.aws) out.aws = set.aws
  return out
}

/** The chain for a hook, if the rule set has one. */
export const chainFor = (set: RuleSet, hook: Hook): Chain | undefined =>
  set.chains.find((c) => c.hook === hook)
