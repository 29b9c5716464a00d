// Writes a RuleSet as AWS JSON in the shape describe-network-acls or describe-security-groups
// prints: `input` becomes ingress, `output` egress. What AWS cannot express is an error naming
// the rule; a comment a network ACL cannot hold is a note. Pure; runs anywhere.
import { type Cidr, formatCidr } from '../engine/ip'
import type { Rule } from '../engine/rule'
import { NACL_DEFAULT_RULE, NACL_MAX_RULE } from './aws-parser'
import { type Origins, type PrintResult, type SourcePos, Problems } from './diagnostic'
import { incoherence, ruleLabel, splitSets, withImpliedProto } from './rule-shape'
import type { AwsFacts, Chain, Hook, RuleSet } from './ruleset'

export type AwsKind = AwsFacts['kind']

/** The characters AWS allows in a security group rule's Description (EC2 API, IpRange). */
const SG_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/

const PROTOCOL_NUMBER = { tcp: '6', udp: '17', icmp: '1' } as const

/**
 * Network ACL or security group: as asked, else as the rule set came from AWS, else a security
 * group for stateful rules (both are stateful) and a network ACL for stateless ones.
 */
export function printAws(set: RuleSet, origins?: Origins, kind?: AwsKind): PrintResult {
  const k = kind ?? set.aws?.kind ?? (set.stateful ? 'security-group' : 'network-acl')
  const out = new Printer(set, origins)
  const json = k === 'network-acl' ? out.networkAcl() : out.securityGroup()
  if (out.problems.any) return { ok: false, errors: out.problems.list }
  return { ok: true, text: JSON.stringify(json, null, 2) + '\n', notes: out.notes.list }
}

type Json = Record<string, unknown>

class Printer {
  readonly problems = new Problems()
  readonly notes = new Problems()

  constructor(
    private readonly set: RuleSet,
    private readonly origins?: Origins,
  ) {}

  /** Ingress and egress chains; a hook without a chain lets everything through. */
  private directions(what: string): { hook: Hook; chain: Chain | undefined; egress: boolean }[] {
    for (const c of this.set.chains)
      if (c.hook === 'forward')
        this.problems.add(
          `chain forward: ${what} rules are inbound or outbound, so a forward chain (a router's) cannot be written; write input (ingress) and output (egress) chains`,
          this.origins?.get(c),
        )
    return (['input', 'output'] as const).map((hook) => ({
      hook,
      chain: this.set.chains.find((c) => c.hook === hook),
      egress: hook === 'output',
    }))
  }

  private at(rule: Rule): SourcePos | undefined {
    return this.origins?.get(rule)
  }

  networkAcl(): Json {
    const entries: Json[] = []
    for (const { hook, chain, egress } of this.directions('network ACL')) {
      const peer = egress ? 'dst' : 'src'
      if (chain === undefined) {
        this.notes.add(
          `no ${hook} chain lets all ${egress ? 'outbound' : 'inbound'} traffic through: written as rule 100, allow all`,
        )
        entries.push({
          CidrBlock: '0.0.0.0/0',
          Egress: egress,
          Protocol: '-1',
          RuleAction: 'allow',
          RuleNumber: 100,
        })
      } else {
        if (chain.policy !== 'drop')
          this.problems.add(
            `chain ${hook}: a network ACL ends with a rule (*) that denies everything, so policy accept cannot be expressed; end the chain with a rule that accepts everything`,
            this.origins?.get(chain),
          )
        const pieces: { rule: Rule; index: number }[] = []
        chain.rules.forEach((rule, index) => {
          const why = this.naclProblems(rule, egress)
          for (const w of why) this.problems.add(`${ruleLabel(hook, index)}: ${w}`, this.at(rule))
          if (rule.comment !== undefined)
            this.notes.add(
              `${ruleLabel(hook, index)}: a network ACL entry has no description, so the comment ${JSON.stringify(rule.comment)} is left out`,
              this.at(rule),
            )
          // one CIDR block, one port range and one ICMP type per entry; where the first match
          // wins, consecutive entries with the rule's action mean the same as the rule
          if (why.length === 0)
            for (const r of splitSets(withImpliedProto(rule), [peer, 'dport', 'icmpType']))
              pieces.push({ rule: r, index })
        })
        const numbers = this.naclNumbers(hook, chain, pieces)
        pieces.forEach(({ rule }, k) => entries.push(naclEntry(rule, egress, numbers[k])))
      }
      entries.push({
        CidrBlock: '0.0.0.0/0',
        Egress: egress,
        Protocol: '-1',
        RuleAction: 'deny',
        RuleNumber: NACL_DEFAULT_RULE,
      })
    }
    const acl: Json = { Entries: entries, IsDefault: false }
    if (this.set.aws?.kind === 'network-acl' && this.set.aws.id) acl.NetworkAclId = this.set.aws.id
    return { NetworkAcls: [acl] }
  }

  private naclProblems(original: Rule, egress: boolean): string[] {
    const rule = withImpliedProto(original)
    const why = incoherence(rule)
    const cannot = (what: string) => why.push(`a network ACL ${what}`)
    if (rule.action === 'reject')
      cannot('allows or denies: reject (telling the sender) cannot be expressed')
    if (rule.in !== undefined || rule.out !== undefined)
      cannot('guards a subnet and has no interface match (in, out)')
    if (rule.sport) cannot('entry has no source ports, only a destination port range')
    if (rule.flags) cannot('entry cannot match TCP flags')
    if (rule.ct) cannot('is stateless: ct state cannot be expressed')
    if (egress ? rule.src : rule.dst)
      cannot(
        `${egress ? 'outbound' : 'inbound'} entry matches the ${egress ? 'destination' : 'source'} only (CidrBlock): ${egress ? 'src' : 'dst'} cannot be expressed`,
      )
    return why
  }

  /** The chain's own numbers where it has them (pieces of a split rule take the next ones), else
   *  100, 200, … as the VPC User Guide suggests ("create rules in increments … of 100"). */
  private naclNumbers(hook: Hook, chain: Chain, pieces: { rule: Rule; index: number }[]): number[] {
    const own = chain.numbers?.length === chain.rules.length ? chain.numbers : undefined
    if (!own) {
      const step = pieces.length * 100 <= NACL_MAX_RULE ? 100 : 1
      if (pieces.length > NACL_MAX_RULE)
        this.problems.add(`chain ${hook}: a network ACL holds at most ${NACL_MAX_RULE} rules`)
      return pieces.map((_, k) => (k + 1) * step)
    }
    const numbers: number[] = []
    pieces.forEach(({ index }, k) => {
      const n = k > 0 && pieces[k - 1].index === index ? numbers[k - 1] + 1 : own[index]
      const limit = index + 1 < own.length ? own[index + 1] : NACL_MAX_RULE + 1
      if (n >= limit)
        this.problems.add(
          `${ruleLabel(hook, index)}: split into one entry per address, port range and ICMP type, it needs rule numbers up to ${n}, which reach the next rule (${limit}); renumber the rules`,
          this.at(chain.rules[index]),
        )
      numbers.push(n)
    })
    return numbers
  }

  securityGroup(): Json {
    const lists: Record<string, Json[]> = { IpPermissions: [], IpPermissionsEgress: [] }
    for (const { hook, chain, egress } of this.directions('security group')) {
      const list = lists[egress ? 'IpPermissionsEgress' : 'IpPermissions']
      if (chain === undefined) {
        this.notes.add(
          `no ${hook} chain lets all ${egress ? 'outbound' : 'inbound'} traffic through: written as a rule allowing all`,
        )
        list.push(sgPermission({ action: 'accept' }, egress))
        continue
      }
      if (chain.policy !== 'drop')
        this.problems.add(
          `chain ${hook}: a security group allows only what its rules allow, so policy accept cannot be expressed; end the chain with a rule that accepts everything`,
          this.origins?.get(chain),
        )
      const [first, ...rest] = chain.rules
      if (!isResponsesRule(first))
        this.problems.add(
          `chain ${hook}: a security group is stateful and always lets responses through, so the chain must begin with ct state established,related accept`,
          first ? this.at(first) : this.origins?.get(chain),
        )
      if (isResponsesRule(first) && first.comment !== undefined)
        this.notes.add(
          `${ruleLabel(hook, 0)}: the responses a security group lets through are implicit, so the comment ${JSON.stringify(first.comment)} is left out`,
          this.at(first),
        )
      const own = isResponsesRule(first) ? rest : chain.rules
      const offset = chain.rules.length - own.length
      own.forEach((rule, i) => {
        const label = ruleLabel(hook, i + offset)
        const why = this.sgProblems(rule, egress)
        for (const w of why) this.problems.add(`${label}: ${w}`, this.at(rule))
        if (rule.ct?.length === 1 && rule.ct[0] === 'new')
          this.notes.add(
            `${label}: ct state new is what a security group rule allows (responses pass already), so it is left implicit`,
            this.at(rule),
          )
        // one port range and one ICMP type per permission; allows add up, so pieces mean the same
        if (why.length === 0)
          for (const r of splitSets(withImpliedProto(rule), ['dport', 'icmpType']))
            list.push(sgPermission(r, egress))
      })
    }
    const aws = this.set.aws?.kind === 'security-group' ? this.set.aws : undefined
    const group: Json = {
      Description: aws?.description ?? 'written by Portwise',
      GroupName: aws?.name ?? 'portwise',
      IpPermissions: lists.IpPermissions,
      IpPermissionsEgress: lists.IpPermissionsEgress,
    }
    if (aws?.id) group.GroupId = aws.id
    return { SecurityGroups: [group] }
  }

  private sgProblems(original: Rule, egress: boolean): string[] {
    const rule = withImpliedProto(original)
    const why = incoherence(rule)
    const cannot = (what: string) => why.push(`a security group ${what}`)
    if (rule.action !== 'accept') cannot(`has allow rules only: ${rule.action} cannot be expressed`)
    if (rule.in !== undefined || rule.out !== undefined)
      cannot('belongs to one network interface and has no interface match (in, out)')
    if (rule.sport) cannot('rule has no source ports, only a destination port range')
    if (rule.flags) cannot('rule cannot match TCP flags')
    if (rule.ct && !(rule.ct.length === 1 && rule.ct[0] === 'new'))
      cannot(`rule cannot match ct state ${rule.ct.join(',')}`)
    if (egress ? rule.src : rule.dst)
      cannot(
        `${egress ? 'outbound' : 'inbound'} rule names the ${egress ? 'destination' : 'source'} only: ${egress ? 'src' : 'dst'} cannot be expressed`,
      )
    if (rule.comment !== undefined && !SG_DESCRIPTION.test(rule.comment))
      cannot(
        `rule's Description holds at most 255 of a-z A-Z 0-9 space and . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *, so comment ${JSON.stringify(rule.comment)} cannot be written`,
      )
    return why
  }
}

export const isResponsesRule = (r: Rule | undefined): boolean =>
  r !== undefined &&
  r.action === 'accept' &&
  r.ct?.length === 2 &&
  r.ct.includes('established') &&
  r.ct.includes('related') &&
  Object.keys(r).every((k) => k === 'action' || k === 'ct' || k === 'comment')

function naclEntry(rule: Rule, egress: boolean, number: number): Json {
  const peer = egress ? rule.dst : rule.src
  const e: Json = {
    CidrBlock: peer ? awsCidr(peer[0]) : '0.0.0.0/0',
    Egress: egress,
    Protocol: rule.proto ? PROTOCOL_NUMBER[rule.proto] : '-1',
    RuleAction: rule.action === 'accept' ? 'allow' : 'deny',
    RuleNumber: number,
  }
  if (rule.proto === 'tcp' || rule.proto === 'udp') {
    const r = rule.dport?.[0] ?? { lo: 0, hi: 65535 }
    e.PortRange = { From: r.lo, To: r.hi }
  }
  if (rule.proto === 'icmp') e.IcmpTypeCode = { Code: -1, Type: rule.icmpType?.[0] ?? -1 }
  return e
}

function sgPermission(rule: Rule, egress: boolean): Json {
  const peer = egress ? rule.dst : rule.src
  const range = (c: string): Json =>
    rule.comment !== undefined ? { CidrIp: c, Description: rule.comment } : { CidrIp: c }
  const p: Json = { IpProtocol: rule.proto ?? '-1' }
  if (rule.proto === 'tcp' || rule.proto === 'udp') {
    const r = rule.dport?.[0] ?? { lo: 0, hi: 65535 }
    p.FromPort = r.lo
    p.ToPort = r.hi
  }
  if (rule.proto === 'icmp') {
    p.FromPort = rule.icmpType?.[0] ?? -1
    p.ToPort = -1
  }
  p.IpRanges = (peer ?? [{ addr: 0, len: 0 }]).map((c) => range(awsCidr(c)))
  p.Ipv6Ranges = []
  p.PrefixListIds = []
  p.UserIdGroupPairs = []
  return p
}

/** AWS writes every block with its length, a single address as /32. */
const awsCidr = (c: Cidr) => (c.len === 32 ? `${formatCidr(c)}/32` : formatCidr(c))
