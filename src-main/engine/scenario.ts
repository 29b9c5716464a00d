// `portwise-scenario/1` files (../shared/spec/scenario.md): one firewall, its rules, and packets
// arriving one after another. Reads and checks a parsed JSON value, and runs it through the
// engine. Pure; the CLI does the file reading.
import { type Decision, Firewall, type FirewallSpec, type Interface } from './firewall'
import { FieldError, ObjectReader, show } from './field-reader'
import { type Cidr, parseCidr, parseIpv4 } from './ip'
import { type Packet, type Proto, type QuotedHeader, ICMP_ERROR_TYPES, PROTOS, parseTcpFlags } from './packet'
import { type CtState, type PortRange, type Rule, CT_STATES } from './rule'

export const SCENARIO_FORMAT = 'portwise-scenario/1'

export interface Scenario {
  name: string
  firewall: FirewallSpec
  packets: Packet[]
}

export interface ScenarioResult {
  verdict: 'accept' | 'drop'
  ct: CtState | null
  rule: number | null
}

export interface ScenarioRun {
  results: ScenarioResult[]
  decisions: Decision[]
  firewall: Firewall
}

const RULE_FIELDS = ['action', 'in', 'out', 'proto', 'src', 'dst', 'sport', 'dport', 'flags', 'icmpType', 'ct', 'comment']
const PACKET_FIELDS = ['in', 'src', 'dst', 'proto', 'sport', 'dport', 'flags', 'seq', 'ack', 'icmpType', 'icmpCode', 'id', 'inner', 'time', 'comment']
const INNER_FIELDS = ['src', 'dst', 'proto', 'sport', 'dport', 'icmpType', 'id']

/** Checks a parsed scenario file; throws FieldError naming the first bad field. */
export function readScenario(json: unknown): Scenario {
  const top = ObjectReader.of(json, '').only(['$schema', 'format', 'name', 'description', 'firewall', 'packets'])
  const format = top.required('format')
  if (format !== SCENARIO_FORMAT) throw new FieldError('format', `${show(format)} is not "${SCENARIO_FORMAT}"`)
  const name = top.has('name') ? top.string('name') : ''
  const firewall = readFirewall(top.object('firewall'))
  const names = firewall.interfaces.map((i) => i.name)
  let time = 0
  const packets = top.array('packets').map((value, index) => {
    const p = readPacket(ObjectReader.of(value, `packets[${index}]`), names, time)
    time = p.time
    return p
  })
  return { name, firewall, packets }
}

function readFirewall(r: ObjectReader): FirewallSpec {
  r.only(['kind', 'interfaces', 'policy', 'rules'])
  const kind = r.oneOf('kind', ['stateless', 'stateful'] as const)
  const ifaces = r.object('interfaces')
  const interfaces: Interface[] = Object.keys(ifaces.value).map((name) => ({ name, subnet: cidr(ifaces, name, 'an IPv4 subnet') }))
  if (interfaces.length === 0) throw new FieldError(r.at('interfaces'), 'needs at least one interface')
  const policy = r.oneOf('policy', ['accept', 'drop'] as const)
  const names = interfaces.map((i) => i.name)
  const rules = r.array('rules').map((value, index) => readRule(ObjectReader.of(value, r.at(`rules[${index}]`)), names, kind))
  return { kind, interfaces, policy, rules }
}

function readRule(r: ObjectReader, interfaces: string[], kind: FirewallSpec['kind']): Rule {
  r.only(RULE_FIELDS)
  const rule: Rule = { action: r.oneOf('action', ['accept', 'drop', 'reject'] as const) }
  for (const key of ['in', 'out'] as const) if (r.has(key)) rule[key] = interfaceName(r, key, interfaces)
  if (r.has('proto')) rule.proto = r.oneOf('proto', PROTOS)
  for (const key of ['src', 'dst'] as const) if (r.has(key)) rule[key] = [cidr(r, key, 'an IPv4 address or CIDR block')]
  for (const key of ['sport', 'dport'] as const) {
    if (!r.has(key)) continue
    if (rule.proto !== 'tcp' && rule.proto !== 'udp') throw new FieldError(r.at(key), 'ports need "proto": "tcp" or "udp"')
    rule[key] = [portRange(r, key)]
  }
  if (r.has('flags')) {
    if (rule.proto !== undefined && rule.proto !== 'tcp') throw new FieldError(r.at('flags'), 'TCP flags need "proto": "tcp"')
    rule.flags = flagMatch(r)
  }
  if (r.has('icmpType')) {
    if (rule.proto !== 'icmp') throw new FieldError(r.at('icmpType'), 'an ICMP type needs "proto": "icmp"')
    rule.icmpType = [r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')]
  }
  if (r.has('ct')) {
    if (kind === 'stateless') throw new FieldError(r.at('ct'), 'a stateless firewall has no connection tracking')
    rule.ct = ctStates(r)
  }
  if (r.has('comment')) rule.comment = r.string('comment')
  return rule
}

function readPacket(r: ObjectReader, interfaces: string[], lastTime: number): Packet {
  r.only(PACKET_FIELDS)
  const proto = r.oneOf('proto', PROTOS)
  const p: Packet = {
    in: interfaceName(r, 'in', interfaces),
    src: address(r, 'src'),
    dst: address(r, 'dst'),
    proto,
    sport: 0,
    dport: 0,
    flags: 0,
    icmpType: -1,
    icmpCode: 0,
    icmpId: 0,
    time: lastTime,
  }
  const ported = proto === 'tcp' || proto === 'udp'
  for (const key of ['sport', 'dport'] as const) {
    if (ported) p[key] = port(r, key)
    else if (r.has(key)) throw new FieldError(r.at(key), `an ${proto} packet has no ports`)
  }
  if (r.has('flags')) {
    if (proto !== 'tcp') throw new FieldError(r.at('flags'), `a ${proto} packet has no TCP flags`)
    p.flags = tcpFlags(r, 'flags')
  }
  for (const key of ['seq', 'ack'] as const) {
    if (!r.has(key)) continue
    if (proto !== 'tcp') throw new FieldError(r.at(key), `a ${proto} packet has no sequence numbers`)
    p[key] = r.integer(key, 0, 0xffffffff, 'a 32-bit sequence number')
  }
  const icmpOnly = ['icmpType', 'icmpCode', 'id', 'inner'].filter((k) => r.has(k))
  if (proto !== 'icmp' && icmpOnly.length) throw new FieldError(r.at(icmpOnly[0]), `only for "proto": "icmp"`)
  if (proto === 'icmp') {
    p.icmpType = r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')
    if (r.has('icmpCode')) p.icmpCode = r.integer('icmpCode', 0, 255, 'an ICMP code (0-255)')
    if (r.has('id')) p.icmpId = r.integer('id', 0, 65535, 'an ICMP identifier (0-65535)')
    if (r.has('inner')) {
      if (!ICMP_ERROR_TYPES.has(p.icmpType))
        throw new FieldError(r.at('inner'), `only ICMP errors (types 3, 4, 5, 11, 12) quote a packet, not type ${p.icmpType}`)
      p.inner = quoted(r.object('inner'))
    }
  }
  if (r.has('time')) {
    p.time = r.number('time', 0, 'a time in seconds (0 or more)')
    if (p.time < lastTime) throw new FieldError(r.at('time'), `${p.time} is earlier than the packet before (${lastTime})`)
  }
  return p
}

function quoted(r: ObjectReader): QuotedHeader {
  r.only(INNER_FIELDS)
  const proto: Proto = r.oneOf('proto', PROTOS)
  const q: QuotedHeader = { src: address(r, 'src'), dst: address(r, 'dst'), proto, sport: 0, dport: 0, icmpType: -1, icmpId: 0 }
  if (proto === 'icmp') {
    q.icmpType = r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')
    if (r.has('id')) q.icmpId = r.integer('id', 0, 65535, 'an ICMP identifier (0-65535)')
  } else {
    q.sport = port(r, 'sport')
    q.dport = port(r, 'dport')
  }
  return q
}

function interfaceName(r: ObjectReader, key: string, interfaces: string[]): string {
  const v = r.string(key)
  if (!interfaces.includes(v)) throw new FieldError(r.at(key), `${show(v)} is not an interface (${interfaces.join(', ')})`)
  return v
}

function address(r: ObjectReader, key: string): number {
  const v = r.required(key)
  const a = typeof v === 'string' ? parseIpv4(v) : null
  if (a === null) throw new FieldError(r.at(key), `${show(v)} is not an IPv4 address`)
  return a
}

function cidr(r: ObjectReader, key: string, what: string): Cidr {
  const v = r.required(key)
  const c = typeof v === 'string' ? parseCidr(v) : null
  if (c === null) throw new FieldError(r.at(key), `${show(v)} is not ${what}`)
  return c
}

function port(r: ObjectReader, key: string): number {
  return r.integer(key, 0, 65535, 'a port')
}

/** `443`, `"443"` or `"1024-65535"`. */
function portRange(r: ObjectReader, key: string): PortRange {
  const v = r.required(key)
  if (typeof v === 'number') {
    const p = port(r, key)
    return { lo: p, hi: p }
  }
  const m = typeof v === 'string' ? /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(v) : null
  const lo = m ? Number(m[1]) : NaN
  const hi = m ? Number(m[2] ?? m[1]) : NaN
  if (!m || lo > 65535 || hi > 65535) throw new FieldError(r.at(key), `${show(v)} is not a port or a port range such as "1024-65535"`)
  if (lo > hi) throw new FieldError(r.at(key), `${show(v)} is an empty range (${lo} is above ${hi})`)
  return { lo, hi }
}

function tcpFlags(r: ObjectReader, key: string): number {
  const v = r.required(key)
  if (typeof v !== 'string') throw new FieldError(r.at(key), `${show(v)} is not a string of TCP flag letters (S, A, F, R, P, U)`)
  const bits = parseTcpFlags(v)
  if (typeof bits !== 'number')
    throw new FieldError(r.at(key), `"${bits.bad}" is not a TCP flag (S SYN, A ACK, F FIN, R RST, P PSH, U URG)`)
  return bits
}

function flagMatch(r: ObjectReader): Rule['flags'] {
  const v = r.required('flags')
  if (typeof v === 'string') {
    const set = tcpFlags(r, 'flags')
    return { set, mask: set }
  }
  const f = r.object('flags').only(['set', 'mask'])
  const set = tcpFlags(f, 'set')
  const mask = f.has('mask') ? tcpFlags(f, 'mask') : set
  if ((set & ~mask) !== 0) throw new FieldError(f.at('set'), `${show(f.raw('set'))} sets flags outside the mask ${show(f.raw('mask'))}, so it can never match`)
  return { set, mask }
}

function ctStates(r: ObjectReader): CtState[] {
  const v = r.required('ct')
  const list = typeof v === 'string' ? [v] : v
  if (!Array.isArray(list) || list.length === 0) throw new FieldError(r.at('ct'), `${show(v)} is not a list of conntrack states`)
  return list.map((s, i) => {
    if (typeof s !== 'string' || !CT_STATES.includes(s as CtState))
      throw new FieldError(`${r.at('ct')}[${i}]`, `${show(s)} is not a conntrack state (${CT_STATES.join(', ')})`)
    return s as CtState
  })
}

/** Runs every packet through a fresh firewall, in order. */
export function runScenario(s: Scenario): ScenarioRun {
  const firewall = new Firewall(s.firewall)
  const decisions = s.packets.map((p) => firewall.process(p))
  return {
    decisions,
    results: decisions.map((d) => ({ verdict: d.verdict, ct: d.ct, rule: d.rule })),
    firewall,
  }
}
