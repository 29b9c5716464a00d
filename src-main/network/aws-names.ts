// How AWS names the parts of a network ACL or security group, so a verdict names what the learner
// sees in the console. Pure; runs anywhere.
import type { Hook } from '../engine/firewall'
import type { RuleSet } from '../dialects/ruleset'
import type { NodeFilter } from './topology'

export type AwsNames = Pick<NodeFilter, 'aws' | 'ruleNames' | 'implied' | 'policyName'>

/** What a filter read from an AWS rule set is called by: nothing special for other dialects. */
export function awsNames(set: RuleSet): AwsNames {
  if (set.aws?.kind === 'network-acl') {
    const ruleNames: Partial<Record<Hook, string[]>> = {}
    for (const c of set.chains) if (c.numbers) ruleNames[c.hook] = c.numbers.map((n) => `rule ${n}`)
    // describe-network-acls lists the final deny as rule 32767, the console as `*`
    return { aws: true, ruleNames, policyName: 'rule *' }
  }
  if (set.aws?.kind === 'security-group') {
    const ruleNames: Partial<Record<Hook, string[]>> = {}
    for (const c of set.chains)
      ruleNames[c.hook] = c.rules.map((_, k) => (k === 0 ? SG_RESPONSES : `rule ${k}`))
    return { ...SECURITY_GROUP, ruleNames }
  }
  return {}
}

/** A security group's rule 0, which its author never wrote, by what it does. */
export const SG_RESPONSES = 'the responses rule (security groups are stateful)'

/**
 * A security group's rule 0 is the responses rule parseAws puts first (aws-parser.ts), which its
 * author never wrote; "you can specify allow rules, but not deny rules" (VPC user guide, security
 * group rules), so what none allows is denied: AWS calls that the implicit deny.
 */
export const SECURITY_GROUP: AwsNames = {
  aws: true,
  implied: { input: [0], output: [0] },
  policyName: 'implicit deny',
}
