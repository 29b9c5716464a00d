// Reads AWS rules in the JSON shapes of `aws ec2 describe-network-acls` and
// `describe-security-groups` into a RuleSet: ingress becomes the `input` chain, egress `output`.
// A network ACL compiles to stateless rules, a security group to stateful allow-only rules, as the
// Amazon VPC User Guide describes them (cited below). Pure; runs anywhere.
import { type Cidr, parseCidr } from '../engine/ip'
import type { Proto } from '../engine/packet'
import type { PortRange, Rule } from '../engine/rule'
import { meant } from '../shared/spelling'
import { type Origins, type ParseResult, type SourcePos, Problems, sortByPlace } from './diagnostic'
import { type JsonNode, JsonSyntaxError, parseJsonWithPositions } from './json-positions'
import { PROTO_NUMBERS } from './names'
import type { AwsFacts, Chain, RuleSet } from './ruleset'

/** The `*` rule every network ACL ends with; describe-network-acls lists it as number 32767. */
export const NACL_DEFAULT_RULE = 32767
/** "Rule number … from 1 to 32766" (VPC User Guide, Network ACL rules). */
export const NACL_MAX_RULE = 32766

/**
 * The rule a security group implies before any of its own: "Security groups are stateful. For
 * example, if you send a request from an instance, the response traffic for that request is
 * allowed to reach the instance regardless of the inbound security group rules" (VPC User Guide,
 * Security group rules).
 */
export const sgResponsesRule = (): Rule => ({ action: 'accept', ct: ['established', 'related'] })

class AwsError extends Error {
  constructor(
    message: string,
    readonly at: SourcePos,
  ) {
    super(message)
  }
}

const notSupported = (what: string) => `${what} is not supported by Portwise`

export function parseAws(text: string): ParseResult {
  let root: JsonNode
  try {
    root = parseJsonWithPositions(text)
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    return { ok: false, errors: [{ message: `not valid JSON: ${e.message}`, ...e.at }] }
  }
  const problems = new Problems()
  const origins: Origins = new WeakMap()
  try {
    const top = object(root, 'the file')
    const acls = top.fields.get('NetworkAcls')
    const groups = top.fields.get('SecurityGroups')
    if (acls && groups)
      throw new AwsError('a file holds NetworkAcls or SecurityGroups, not both', groups)
    const list = acls ?? groups
    if (!list)
      throw new AwsError(
        'expected the output of describe-network-acls ({"NetworkAcls": […]}) or describe-security-groups ({"SecurityGroups": […]})',
        root,
      )
    const items = array(list, acls ? 'NetworkAcls' : 'SecurityGroups').items
    if (items.length !== 1)
      throw new AwsError(
        `Portwise reads one ${acls ? 'network ACL' : 'security group'} per file; this one holds ${items.length}`,
        list,
      )
    const ruleSet = acls
      ? networkAcl(items[0], problems, origins)
      : securityGroup(items[0], problems, origins)
    if (problems.any) return { ok: false, errors: sortByPlace(problems.list) }
    return { ok: true, ruleSet, origins }
  } catch (e) {
    if (!(e instanceof AwsError)) throw e
    problems.add(e.message, e.at)
    return { ok: false, errors: problems.list }
  }
}

// --- network ACLs ---

const ENTRY_FIELDS = [
  'CidrBlock',
  'Ipv6CidrBlock',
  'Egress',
  'IcmpTypeCode',
  'PortRange',
  'Protocol',
  'RuleAction',
  'RuleNumber',
]

/**
 * "We process the rules in order, starting with the lowest numbered rule. … As soon as a rule
 * matches traffic, it's applied regardless of any higher-numbered rule that might contradict it."
 * "Each network ACL also includes a rule whose rule number is an asterisk (*). This rule ensures
 * that if a packet doesn't match any of the other numbered rules, it's denied." "Network ACLs are
 * stateless" (VPC User Guide, Network ACL rules). Hence: no ct, policy drop, first match.
 */
function networkAcl(node: JsonNode, problems: Problems, origins: Origins): RuleSet {
  const acl = object(node, 'a network ACL')
  const aws: AwsFacts = { kind: 'network-acl' }
  const id = acl.fields.get('NetworkAclId')
  if (id) aws.id = string(id, 'NetworkAclId')
  const entries: { egress: boolean; number: number; rule: Rule; at: JsonNode }[] = []
  for (const e of array(required(acl, 'Entries'), 'Entries').items) {
    try {
      const entry = naclEntry(e)
      if (entry) entries.push(entry)
    } catch (err) {
      if (!(err instanceof AwsError)) throw err
      problems.add(err.message, err.at)
    }
  }
  const chains: Chain[] = []
  for (const egress of [false, true]) {
    const mine = entries.filter((e) => e.egress === egress).sort((a, b) => a.number - b.number)
    mine.forEach((e, k) => {
      if (k > 0 && mine[k - 1].number === e.number)
        problems.add(
          `rule number ${e.number} appears twice among the ${egress ? 'egress' : 'ingress'} entries`,
          e.at,
        )
      origins.set(e.rule, { line: e.at.line, column: e.at.column })
    })
    chains.push({
      hook: egress ? 'output' : 'input',
      policy: 'drop',
      rules: mine.map((e) => e.rule),
      numbers: mine.map((e) => e.number),
    })
  }
  return { chains, stateful: false, aws }
}

function naclEntry(
  node: JsonNode,
): { egress: boolean; number: number; rule: Rule; at: JsonNode } | null {
  const e = object(node, 'an entry')
  only(e, ENTRY_FIELDS)
  if (e.fields.has('Ipv6CidrBlock'))
    throw new AwsError(
      notSupported('an IPv6 entry (Ipv6CidrBlock)'),
      e.fields.get('Ipv6CidrBlock')!,
    )
  const egress = boolean(required(e, 'Egress'), 'Egress')
  const numberNode = required(e, 'RuleNumber')
  const number = integer(numberNode, 'RuleNumber', 1, NACL_DEFAULT_RULE)
  const actionNode = required(e, 'RuleAction')
  const action = string(actionNode, 'RuleAction')
  if (action !== 'allow' && action !== 'deny')
    throw new AwsError(`RuleAction is "allow" or "deny", not ${JSON.stringify(action)}`, actionNode)
  const protoNode = required(e, 'Protocol')
  const proto = protocol(protoNode)
  const cidrNode = required(e, 'CidrBlock')
  const cidr = cidrBlock(cidrNode)
  if (number === NACL_DEFAULT_RULE) {
    if (action !== 'deny' || proto !== null || cidr !== null)
      throw new AwsError(
        `rule ${NACL_DEFAULT_RULE} is the final * rule, which denies all traffic`,
        numberNode,
      )
    return null
  }
  const rule: Rule = { action: action === 'allow' ? 'accept' : 'drop' }
  if (proto) rule.proto = proto
  if (cidr) rule[egress ? 'dst' : 'src'] = [cidr]
  const ports = e.fields.get('PortRange')
  if (ports && (proto === 'tcp' || proto === 'udp')) {
    const r = object(ports, 'PortRange')
    only(r, ['From', 'To'])
    const range = portRange(required(r, 'From'), required(r, 'To'))
    if (range) rule.dport = [range]
  } else if (ports && proto !== null)
    throw new AwsError(`a PortRange needs protocol 6 (tcp) or 17 (udp)`, ports)
  const icmp = e.fields.get('IcmpTypeCode')
  if (icmp && proto === 'icmp') {
    const t = object(icmp, 'IcmpTypeCode')
    only(t, ['Code', 'Type'])
    const type = icmpTypeCode(required(t, 'Type'), t.fields.get('Code'))
    if (type !== null) rule.icmpType = [type]
  } else if (icmp && proto !== null)
    throw new AwsError('an IcmpTypeCode needs protocol 1 (icmp)', icmp)
  return { egress, number, rule, at: node }
}

// --- security groups ---

/**
 * "Security groups are stateful"; "You can specify allow rules, but not deny rules"; "When you
 * first create a security group, it has no inbound rules … Initially, a security group includes an
 * outbound rule that allows all outbound traffic" — which describe lists, so it is read like any
 * other (VPC User Guide, Security group rules). Hence: responses first, then each allow, policy drop.
 */
function securityGroup(node: JsonNode, problems: Problems, origins: Origins): RuleSet {
  const sg = object(node, 'a security group')
  const aws: AwsFacts = { kind: 'security-group' }
  for (const [key, field] of [
    ['GroupId', 'id'],
    ['GroupName', 'name'],
    ['Description', 'description'],
  ] as const) {
    const v = sg.fields.get(key)
    if (v) aws[field] = string(v, key)
  }
  const chains: Chain[] = []
  for (const [key, hook] of [
    ['IpPermissions', 'input'],
    ['IpPermissionsEgress', 'output'],
  ] as const) {
    const rules: Rule[] = [sgResponsesRule()]
    const list = sg.fields.get(key)
    for (const p of list ? array(list, key).items : []) {
      try {
        for (const rule of permission(p, hook === 'input' ? 'src' : 'dst')) {
          origins.set(rule, { line: p.line, column: p.column })
          rules.push(rule)
        }
      } catch (err) {
        if (!(err instanceof AwsError)) throw err
        problems.add(err.message, err.at)
      }
    }
    chains.push({ hook, policy: 'drop', rules })
  }
  return { chains, stateful: true, aws }
}

const PERMISSION_FIELDS = [
  'IpProtocol',
  'FromPort',
  'ToPort',
  'IpRanges',
  'Ipv6Ranges',
  'PrefixListIds',
  'UserIdGroupPairs',
]

/** One IpPermission: a rule per distinct Description among its IpRanges (usually one rule). */
function permission(node: JsonNode, peer: 'src' | 'dst'): Rule[] {
  const p = object(node, 'an IpPermission')
  only(p, PERMISSION_FIELDS)
  for (const [key, what] of [
    ['Ipv6Ranges', 'IPv6 ranges (Ipv6Ranges)'],
    ['PrefixListIds', 'prefix lists (PrefixListIds)'],
    ['UserIdGroupPairs', 'rules that name another security group (UserIdGroupPairs)'],
  ] as const) {
    const v = p.fields.get(key)
    if (v && array(v, key).items.length > 0) throw new AwsError(notSupported(what), v)
  }
  const protoNode = required(p, 'IpProtocol')
  const proto = protocol(protoNode)
  const base: Rule = { action: 'accept' }
  if (proto) base.proto = proto
  const from = p.fields.get('FromPort')
  const to = p.fields.get('ToPort')
  if (proto === 'tcp' || proto === 'udp') {
    const range = portRange(required(p, 'FromPort'), required(p, 'ToPort'))
    if (range) base.dport = [range]
  } else if (proto === 'icmp') {
    // for ICMP, FromPort is the type and ToPort the code, -1 meaning all (EC2 API, IpPermission)
    const type = from ? icmpTypeCode(from, to) : null
    if (type !== null) base.icmpType = [type]
  }
  const rangesNode = required(p, 'IpRanges')
  const ranges = array(rangesNode, 'IpRanges').items.map((r) => {
    const o = object(r, 'an IpRange')
    only(o, ['CidrIp', 'Description'])
    const d = o.fields.get('Description')
    return {
      cidr: cidrBlock(required(o, 'CidrIp')),
      description: d ? string(d, 'Description') : undefined,
    }
  })
  if (ranges.length === 0)
    throw new AwsError('this permission has no IpRanges, so it allows nothing', rangesNode)
  const rules: Rule[] = []
  for (const description of [...new Set(ranges.map((r) => r.description))]) {
    const mine = ranges.filter((r) => r.description === description)
    const rule: Rule = { ...base }
    // 0.0.0.0/0 alone is "anywhere": the rule does not look at the address at all
    if (!(mine.length === 1 && mine[0].cidr === null))
      rule[peer] = mine.map((r) => r.cidr ?? { addr: 0, len: 0 })
    if (description !== undefined) rule.comment = description
    rules.push(rule)
  }
  return rules
}

// --- values ---

type ObjectNode = JsonNode & { kind: 'object' }
type ArrayNode = JsonNode & { kind: 'array' }

function object(n: JsonNode, what: string): ObjectNode {
  if (n.kind !== 'object') throw new AwsError(`expected ${what} as a JSON object`, n)
  return n
}

function array(n: JsonNode, key: string): ArrayNode {
  if (n.kind !== 'array') throw new AwsError(`${key} is a list […]`, n)
  return n
}

function required(o: ObjectNode, key: string): JsonNode {
  const v = o.fields.get(key)
  if (!v) throw new AwsError(`missing "${key}"`, o)
  return v
}

function only(o: ObjectNode, keys: string[]): void {
  for (const [k, v] of o.fields)
    if (!keys.includes(k)) {
      const near = meant(k, keys)
      throw new AwsError(
        near
          ? `unknown field "${k}": did you mean "${near}"?`
          : `unknown field "${k}" (expected ${keys.join(', ')})`,
        v,
      )
    }
}

function string(n: JsonNode, key: string): string {
  if (n.kind !== 'string') throw new AwsError(`${key} is a string`, n)
  return n.value
}

function boolean(n: JsonNode, key: string): boolean {
  if (n.kind !== 'boolean') throw new AwsError(`${key} is true or false`, n)
  return n.value
}

function integer(n: JsonNode, key: string, lo: number, hi: number): number {
  if (n.kind !== 'number' || !Number.isInteger(n.value) || n.value < lo || n.value > hi)
    throw new AwsError(`${key} is a whole number from ${lo} to ${hi}`, n)
  return n.value
}

/** "-1" (all), a number or a name; null for all. */
function protocol(n: JsonNode): Proto | null {
  const text =
    n.kind === 'string' ? n.value.toLowerCase() : n.kind === 'number' ? String(n.value) : ''
  if (text === '-1' || text === 'all') return null
  const proto = text === 'tcp' || text === 'udp' || text === 'icmp' ? text : PROTO_NUMBERS[text]
  if (!proto)
    throw new AwsError(
      `protocol ${JSON.stringify(text)} is not supported by Portwise: use 6 (tcp), 17 (udp), 1 (icmp) or -1 (all)`,
      n,
    )
  return proto
}

/** An IPv4 block; null for 0.0.0.0/0, which matches any address. */
function cidrBlock(n: JsonNode): Cidr | null {
  const text = n.kind === 'string' ? n.value : ''
  const c = /\/\d{1,2}$/.test(text) ? parseCidr(text) : null
  if (!c)
    throw new AwsError(
      `${JSON.stringify(n.kind === 'string' ? n.value : n.kind)} is not an IPv4 CIDR block such as 10.0.0.0/16`,
      n,
    )
  return c.len === 0 ? null : c
}

/** null for 0-65535, every port, which is no port match at all. */
function portRange(fromNode: JsonNode, toNode: JsonNode): PortRange | null {
  const lo = integer(fromNode, 'the first port', 0, 65535)
  const hi = integer(toNode, 'the last port', 0, 65535)
  if (lo > hi) throw new AwsError(`the port range ${lo}-${hi} is empty`, fromNode)
  return lo === 0 && hi === 65535 ? null : { lo, hi }
}

/** An ICMP type or null for all (-1); codes are not modelled, so only -1 (all codes) is read. */
function icmpTypeCode(typeNode: JsonNode, codeNode: JsonNode | undefined): number | null {
  const type = integer(typeNode, 'the ICMP type', -1, 255)
  if (codeNode) {
    const code = integer(codeNode, 'the ICMP code', -1, 255)
    if (code !== -1)
      throw new AwsError(
        notSupported(`matching ICMP code ${code}`) + ': use -1 (all codes)',
        codeNode,
      )
  }
  return type === -1 ? null : type
}
