// Reads a `portwise-topology/1` JSON value into a Topology, checking every field and every
// cross-reference (links, gateways, routes, flows) with an error that names the path.
// Pure; runs anywhere.
import type { Chain, FirewallKind, Hook } from '../engine/firewall'
import { FieldError, ObjectReader, show } from '../engine/field-reader'
import { type Cidr, cidrContains, formatIpv4, parseCidr, parseIpv4 } from '../engine/ip'
import { readRule } from '../engine/rule-reader'
import { sgResponsesRule } from '../dialects/aws-parser'
import { SECURITY_GROUP, SG_RESPONSES, awsNames } from './aws-names'
import { parseRuleSet } from '../dialects/dialect'
import { OS_PROFILE_NAMES } from './os-profiles'
import {
  FLOW_KINDS,
  FLOW_PORTS,
  type FlowSpec,
  type HostRole,
  type InterfaceRef,
  type Link,
  type NodeFilter,
  type NodeInterface,
  type NodeKind,
  ROLE_SERVICES,
  type Route,
  type Service,
  TOPOLOGY_FORMAT,
  type Topology,
  type TopologyNode,
} from './topology'

const NODE_KINDS: readonly NodeKind[] = ['host', 'router', 'firewall', 'switch']
const ROLES: readonly HostRole[] = ['client', 'web-server', 'update-server', 'dns-server']
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/

export function readTopology(json: unknown): Topology {
  const top = ObjectReader.of(json, '').only([
    '$schema',
    'format',
    'name',
    'description',
    'nodes',
    'links',
    'flows',
  ])
  const format = top.required('format')
  if (format !== TOPOLOGY_FORMAT)
    throw new FieldError('format', `${show(format)} is not "${TOPOLOGY_FORMAT}"`)
  const nodes: TopologyNode[] = []
  top.array('nodes').forEach((value, i) => {
    const node = readNode(ObjectReader.of(value, `nodes[${i}]`))
    if (nodes.some((n) => n.id === node.id))
      throw new FieldError(`nodes[${i}].id`, `"${node.id}" is used by another node`)
    nodes.push(node)
  })
  const links = top.has('links') ? readLinks(top, nodes) : []
  const flows = top.has('flows')
    ? top.array('flows').map((v, i) => readFlow(ObjectReader.of(v, `flows[${i}]`), nodes))
    : []
  const names = new Set<string>()
  flows.forEach((f, i) => {
    if (names.has(f.name))
      throw new FieldError(`flows[${i}].name`, `"${f.name}" names another flow`)
    names.add(f.name)
  })
  return { name: top.has('name') ? top.string('name') : '', nodes, links, flows }
}

function readNode(r: ObjectReader): TopologyNode {
  r.only([
    'id',
    'kind',
    'label',
    'role',
    'os',
    'interfaces',
    'routes',
    'firewall',
    'securityGroups',
    'networkAcls',
    'services',
    'position',
    'locked',
  ])
  const id = r.string('id')
  if (!ID.test(id))
    throw new FieldError(
      r.at('id'),
      `${show(id)} is not an id (a letter, then letters, digits, - or _)`,
    )
  const kind = r.oneOf('kind', NODE_KINDS)
  const role = r.has('role') ? r.oneOf('role', ROLES) : undefined
  if (role && kind !== 'host')
    throw new FieldError(r.at('role'), `only hosts have a role, not a ${kind}`)
  const interfaces = r
    .array('interfaces')
    .map((v, i) => readInterface(ObjectReader.of(v, r.at(`interfaces[${i}]`)), kind))
  interfaces.forEach((iface, i) => {
    if (interfaces.findIndex((o) => o.name === iface.name) !== i)
      throw new FieldError(
        r.at(`interfaces[${i}].name`),
        `"${iface.name}" names another interface of ${id}`,
      )
  })
  const routes = r.has('routes')
    ? r
        .array('routes')
        .map((v, i) => readRoute(ObjectReader.of(v, r.at(`routes[${i}]`)), interfaces))
    : []
  if (routes.length && kind !== 'router' && kind !== 'firewall')
    throw new FieldError(
      r.at('routes'),
      `a ${kind} has no routing table (hosts use their interface's gateway)`,
    )
  const names = interfaces.map((i) => i.name)
  const label = r.has('label') ? r.string('label') : id
  let filter = r.has('firewall') ? readFilter(r.object('firewall'), kind, names) : undefined
  if (r.has('securityGroups')) {
    if (kind !== 'host')
      throw new FieldError(
        r.at('securityGroups'),
        'security groups guard instances: put them on a host',
      )
    if (filter)
      throw new FieldError(
        r.at('securityGroups'),
        'a host has either a firewall or security groups, not both',
      )
    filter = securityGroups(r, label)
  }
  let networkAcls: Record<string, NodeFilter> | undefined
  if (r.has('networkAcls')) {
    if (kind !== 'router')
      throw new FieldError(
        r.at('networkAcls'),
        'network ACLs sit on the VPC router: put them on a router',
      )
    const acls = r.object('networkAcls')
    networkAcls = {}
    for (const name of Object.keys(acls.value)) {
      if (!names.includes(name))
        throw new FieldError(acls.at(name), `${id} has no interface "${name}"`)
      networkAcls[name] = awsFilter(
        acls.raw(name),
        acls.at(name),
        'network-acl',
        `the network ACL of subnet ${name}`,
      )
    }
  }
  const services = r.has('services')
    ? r.array('services').map((v, i) => readService(v, r.at(`services[${i}]`)))
    : role
      ? ROLE_SERVICES[role]
      : []
  const node: TopologyNode = {
    id,
    kind,
    label,
    role,
    os: r.has('os') ? r.oneOf('os', OS_PROFILE_NAMES) : 'linux',
    interfaces,
    routes,
    filter,
    networkAcls,
    services,
    locked: r.has('locked') ? r.raw('locked') === true : false,
  }
  if (r.has('position')) {
    const p = r.object('position').only(['x', 'y'])
    node.position = {
      x: p.number('x', -1e6, 'a coordinate'),
      y: p.number('y', -1e6, 'a coordinate'),
    }
  }
  return node
}

/**
 * What kind of address a node cannot have, or null: the ones a Linux router drops as martians
 * whichever side they are on (engine/firewall.ts `martian`, net/ipv4/route.c).
 */
export function unroutable(addr: number): string | null {
  if (addr === 0) return 'the unspecified address'
  if (addr >>> 24 === 127) return 'a loopback address'
  if (addr >>> 28 === 0xe) return 'a multicast address'
  if (addr === 0xffffffff) return 'the broadcast address'
  return null
}

function readInterface(r: ObjectReader, kind: NodeKind): NodeInterface {
  r.only(['name', 'address', 'gateway', 'zone'])
  const name = r.string('name')
  if (!ID.test(name)) throw new FieldError(r.at('name'), `${show(name)} is not an interface name`)
  if (kind === 'switch') {
    if (r.has('address')) throw new FieldError(r.at('address'), 'a switch port has no address')
    return { name, address: 0, subnet: { addr: 0, len: 32 } }
  }
  const text = r.string('address')
  const slash = text.indexOf('/')
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash))
  const subnet = slash < 0 ? null : parseCidr(text)
  if (address === null || subnet === null)
    throw new FieldError(
      r.at('address'),
      `${show(text)} is not an address with its prefix, such as "10.0.2.2/24"`,
    )
  const odd = unroutable(address)
  if (odd)
    throw new FieldError(
      r.at('address'),
      `${formatIpv4(address)} is ${odd}: routers drop every packet from or to it, so no flow could leave this node`,
    )
  const iface: NodeInterface = { name, address, subnet }
  if (r.has('gateway')) {
    if (kind !== 'host')
      throw new FieldError(r.at('gateway'), `a ${kind} uses routes, not a gateway`)
    const gw = parseIpv4(r.string('gateway'))
    if (gw === null)
      throw new FieldError(r.at('gateway'), `${show(r.raw('gateway'))} is not an IPv4 address`)
    if (!cidrContains(subnet, gw))
      throw new FieldError(
        r.at('gateway'),
        `${formatIpv4(gw)} is not in ${text}'s subnet, so the host cannot reach it`,
      )
    iface.gateway = gw
  }
  if (r.has('zone')) iface.zone = r.oneOf('zone', ['outside', 'inside'] as const)
  return iface
}

function readRoute(r: ObjectReader, interfaces: NodeInterface[]): Route {
  r.only(['to', 'via'])
  const to = r.string('to')
  const cidr: Cidr | null = parseCidr(to)
  if (!cidr) throw new FieldError(r.at('to'), `${show(to)} is not an IPv4 CIDR block`)
  const via = parseIpv4(r.string('via'))
  if (via === null)
    throw new FieldError(r.at('via'), `${show(r.raw('via'))} is not an IPv4 address`)
  if (!interfaces.some((i) => cidrContains(i.subnet, via)))
    throw new FieldError(r.at('via'), `${formatIpv4(via)} is on none of this node's subnets`)
  return { to: cidr, via }
}

const HOOKS: readonly Hook[] = ['input', 'forward', 'output']

function readFilter(r: ObjectReader, kind: NodeKind, interfaces: string[]): NodeFilter {
  if (kind === 'switch') throw new FieldError(r.path, 'a switch does not filter')
  if (r.has('dialect')) return readDialectFilter(r, kind, interfaces)
  r.only(['kind', ...HOOKS])
  const filterKind: FirewallKind = r.oneOf('kind', ['stateless', 'stateful'] as const)
  const chains: Partial<Record<Hook, Chain>> = {}
  for (const hook of HOOKS) {
    if (!r.has(hook)) continue
    if (hook === 'forward' && kind === 'host')
      throw new FieldError(r.at(hook), 'a host does not forward: filter its input and output')
    const c = r.object(hook).only(['policy', 'rules'])
    chains[hook] = {
      policy: c.oneOf('policy', ['accept', 'drop'] as const),
      rules: c
        .array('rules')
        .map((v, i) => readRule(ObjectReader.of(v, c.at(`rules[${i}]`)), interfaces, filterKind)),
    }
  }
  return { kind: filterKind, chains }
}

function readService(value: unknown, path: string): Service {
  const m = typeof value === 'string' ? /^(tcp|udp)\/(\d{1,5})$/.exec(value) : null
  const port = m ? Number(m[2]) : NaN
  if (!m || port > 65535)
    throw new FieldError(path, `${show(value)} is not a service such as "tcp/443"`)
  return { proto: m[1] as Service['proto'], port }
}

function readLinks(top: ObjectReader, nodes: TopologyNode[]): Link[] {
  const used = new Map<string, string>()
  return top.array('links').map((value, i) => {
    const path = `links[${i}]`
    if (!Array.isArray(value) || value.length !== 2)
      throw new FieldError(
        path,
        `${show(value)} is not a pair such as ["client:eth0", "fw1:outside"]`,
      )
    const [a, b] = value.map((end, j) => {
      const ref = interfaceRef(end, `${path}[${j}]`, nodes)
      const key = `${ref.node}:${ref.iface}`
      if (used.has(key))
        throw new FieldError(`${path}[${j}]`, `${key} is already linked by ${used.get(key)}`)
      used.set(key, path)
      return ref
    })
    return { a, b }
  })
}

function interfaceRef(value: unknown, path: string, nodes: TopologyNode[]): InterfaceRef {
  const m = typeof value === 'string' ? /^([^:]+):([^:]+)$/.exec(value) : null
  if (!m) throw new FieldError(path, `${show(value)} is not "node:interface"`)
  const node = nodes.find((n) => n.id === m[1])
  if (!node) throw new FieldError(path, `there is no node "${m[1]}"`)
  if (!node.interfaces.some((i) => i.name === m[2]))
    throw new FieldError(path, `${node.id} has no interface "${m[2]}"`)
  return { node: m[1], iface: m[2] }
}

function readFlow(r: ObjectReader, nodes: TopologyNode[]): FlowSpec {
  r.only(['name', 'kind', 'from', 'to', 'port', 'sport', 'count'])
  const kind = r.oneOf('kind', FLOW_KINDS)
  const from = r.string('from')
  const node = nodes.find((n) => n.id === from)
  if (!node || node.kind !== 'host')
    throw new FieldError(r.at('from'), `${show(from)} is not a host of this topology`)
  const to = r.string('to')
  if (!nodes.some((n) => n.id === to && n.kind !== 'switch') && parseIpv4(to) === null)
    throw new FieldError(
      r.at('to'),
      `${show(to)} is neither a node of this topology nor an IPv4 address`,
    )
  const port = r.has('port') ? r.integer('port', 1, 65535, 'a port (1-65535)') : FLOW_PORTS[kind]
  const count = r.has('count')
    ? r.integer('count', 1, 64, 'a count (1-64)')
    : kind === 'traceroute'
      ? 30
      : 1
  const flow: FlowSpec = {
    name: r.has('name') ? r.string('name') : `${kind} ${from} → ${to}`,
    kind,
    from,
    to,
    port,
    count,
  }
  if (r.has('sport')) flow.sport = r.integer('sport', 1, 65535, 'a port (1-65535)')
  return flow
}

/** `{ kind, dialect: "nft" | "iptables", text }`: rules as a learner writes them in that tool. */
function readDialectFilter(r: ObjectReader, kind: NodeKind, interfaces: string[]): NodeFilter {
  r.only(['kind', 'dialect', 'text'])
  const filterKind: FirewallKind = r.oneOf('kind', ['stateless', 'stateful'] as const)
  const dialect = r.oneOf('dialect', ['nft', 'iptables'] as const)
  const parsed = parseRuleSet(dialect, r.string('text'))
  if (!parsed.ok) {
    const e = parsed.errors[0]
    throw new FieldError(r.at('text'), `line ${e.line ?? 1}, column ${e.column ?? 1}: ${e.message}`)
  }
  const chains: Partial<Record<Hook, Chain>> = {}
  for (const chain of parsed.ruleSet.chains) {
    if (chain.hook === 'forward' && kind === 'host')
      throw new FieldError(r.at('text'), 'a host does not forward: filter its input and output')
    chain.rules.forEach((rule, i) => {
      for (const key of ['in', 'out'] as const) {
        const name = rule[key]
        if (name !== undefined && !interfaces.includes(name))
          throw new FieldError(
            r.at('text'),
            `${chain.hook} rule ${i}: "${name}" is not an interface (${interfaces.join(', ')})`,
          )
      }
      if (rule.ct && filterKind === 'stateless')
        throw new FieldError(
          r.at('text'),
          `${chain.hook} rule ${i}: a stateless firewall has no connection tracking (ct state)`,
        )
    })
    chains[chain.hook] = { policy: chain.policy, rules: chain.rules }
  }
  return { kind: filterKind, chains }
}

/** An AWS object in the shape `describe-security-groups` / `describe-network-acls` print. */
function awsFilter(
  value: unknown,
  path: string,
  want: 'network-acl' | 'security-group',
  label: string,
): NodeFilter {
  const wrapper = want === 'network-acl' ? { NetworkAcls: [value] } : { SecurityGroups: [value] }
  const parsed = parseRuleSet('aws', JSON.stringify(wrapper))
  if (!parsed.ok) throw new FieldError(path, parsed.errors[0].message)
  const set = parsed.ruleSet
  if (set.aws?.kind !== want) throw new FieldError(path, `expected a ${want.replace('-', ' ')}`)
  const chains: Partial<Record<Hook, Chain>> = {}
  for (const c of set.chains) chains[c.hook] = { policy: c.policy, rules: c.rules }
  const name = set.aws.name ?? set.aws.id
  return {
    kind: set.stateful ? 'stateful' : 'stateless',
    chains,
    label: name ? `${label} (${name})` : label,
    ...awsNames(set),
  }
}

/**
 * Every security group on an instance counts: their allow rules form one union (VPC user guide,
 * "Security group rules"), stateful, so one chain per direction holding all their rules.
 */
function securityGroups(r: ObjectReader, label: string): NodeFilter {
  const groups = r
    .array('securityGroups')
    .map((v, i) => awsFilter(v, r.at(`securityGroups[${i}]`), 'security-group', 'security group'))
  const chains: Partial<Record<Hook, Chain>> = {}
  const ruleNames: Partial<Record<Hook, string[]>> = {}
  for (const hook of ['input', 'output'] as const) {
    // Each group starts with "responses are allowed" (aws-parser.ts); one copy is enough. The
    // others keep the name the group's own editor gives them, its rule 0 being that responses rule.
    const rules = [sgResponsesRule()]
    const names = [SG_RESPONSES]
    for (const g of groups)
      for (const [k, rule] of (g.chains[hook]?.rules ?? []).entries()) {
        if (k === 0) continue // parseAws puts the responses rule first in every group
        rules.push(rule)
        names.push(groups.length === 1 ? `rule ${k}` : `rule ${k} of ${g.label}`)
      }
    chains[hook] = { policy: 'drop', rules }
    ruleNames[hook] = names
  }
  return {
    kind: 'stateful',
    chains,
    label: `the security groups of ${label}`,
    ...SECURITY_GROUP,
    ruleNames,
  }
}
