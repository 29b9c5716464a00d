// `portwise-scenario/1` files (../shared/spec/scenario.md): one firewall, its rules, and packets
// arriving one after another. Reads and checks a parsed JSON value, and runs it through the
// engine. Pure; the CLI does the file reading.
import { type Decision, Firewall, type FirewallSpec, type Interface } from './firewall'
import { FieldError, ObjectReader, show } from './field-reader'
import { type Packet, type Proto, type QuotedHeader, ICMP_ERROR_TYPES, PROTOS } from './packet'
import { address, cidr, interfaceName, port, readRule, tcpFlags } from './rule-reader'
import type { CtState } from './rule'

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

const PACKET_FIELDS = [
  'in',
  'src',
  'dst',
  'proto',
  'sport',
  'dport',
  'flags',
  'seq',
  'ack',
  'icmpType',
  'icmpCode',
  'id',
  'inner',
  'time',
  'comment',
]
const INNER_FIELDS = ['src', 'dst', 'proto', 'sport', 'dport', 'icmpType', 'id']

/** Checks a parsed scenario file; throws FieldError naming the first bad field. */
export function readScenario(json: unknown): Scenario {
  const top = ObjectReader.of(json, '').only([
    '$schema',
    'format',
    'name',
    'description',
    'firewall',
    'packets',
  ])
  const format = top.required('format')
  if (format !== SCENARIO_FORMAT)
    throw new FieldError('format', `${show(format)} is not "${SCENARIO_FORMAT}"`)
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
  const interfaces: Interface[] = Object.keys(ifaces.value).map((name) => ({
    name,
    subnet: cidr(ifaces, name, 'an IPv4 subnet'),
  }))
  if (interfaces.length === 0)
    throw new FieldError(r.at('interfaces'), 'needs at least one interface')
  const policy = r.oneOf('policy', ['accept', 'drop'] as const)
  const names = interfaces.map((i) => i.name)
  const rules = r
    .array('rules')
    .map((value, index) => readRule(ObjectReader.of(value, r.at(`rules[${index}]`)), names, kind))
  return { kind, interfaces, policy, rules }
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
  // Read for a file that carries them (a capture turned into a scenario), then ignored: the
  // contract takes every packet to be in sequence, so they never change a verdict.
  for (const key of ['seq', 'ack'] as const) {
    if (!r.has(key)) continue
    if (proto !== 'tcp')
      throw new FieldError(r.at(key), `a ${proto} packet has no sequence numbers`)
    p[key] = r.integer(key, 0, 0xffffffff, 'a 32-bit sequence number')
  }
  const icmpOnly = ['icmpType', 'icmpCode', 'id', 'inner'].filter((k) => r.has(k))
  if (proto !== 'icmp' && icmpOnly.length)
    throw new FieldError(r.at(icmpOnly[0]), `only for "proto": "icmp"`)
  if (proto === 'icmp') {
    p.icmpType = r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')
    if (r.has('icmpCode')) p.icmpCode = r.integer('icmpCode', 0, 255, 'an ICMP code (0-255)')
    if (r.has('id')) p.icmpId = r.integer('id', 0, 65535, 'an ICMP identifier (0-65535)')
    if (r.has('inner')) {
      if (!ICMP_ERROR_TYPES.has(p.icmpType))
        throw new FieldError(
          r.at('inner'),
          `only ICMP errors (types 3, 4, 5, 11, 12) quote a packet, not type ${p.icmpType}`,
        )
      p.inner = quoted(r.object('inner'))
    }
  }
  if (r.has('time')) {
    p.time = r.number('time', 0, 'a time in seconds (0 or more)')
    if (p.time < lastTime)
      throw new FieldError(
        r.at('time'),
        `${p.time} is earlier than the packet before (${lastTime})`,
      )
  }
  return p
}

function quoted(r: ObjectReader): QuotedHeader {
  r.only(INNER_FIELDS)
  const proto: Proto = r.oneOf('proto', PROTOS)
  const q: QuotedHeader = {
    src: address(r, 'src'),
    dst: address(r, 'dst'),
    proto,
    sport: 0,
    dport: 0,
    icmpType: -1,
    icmpId: 0,
  }
  // As for a packet: a field of the other protocol is an error, never silently ignored.
  if (proto === 'icmp') {
    for (const key of ['sport', 'dport'])
      if (r.has(key)) throw new FieldError(r.at(key), 'an icmp packet has no ports')
    q.icmpType = r.integer('icmpType', 0, 255, 'an ICMP type (0-255)')
    if (r.has('id')) q.icmpId = r.integer('id', 0, 65535, 'an ICMP identifier (0-65535)')
  } else {
    for (const key of ['icmpType', 'id'])
      if (r.has(key)) throw new FieldError(r.at(key), `only for "proto": "icmp"`)
    q.sport = port(r, 'sport')
    q.dport = port(r, 'dport')
  }
  return q
}

/** Runs every packet through a fresh firewall, in order. */
export function runScenario(s: Scenario): ScenarioRun {
  const firewall = new Firewall(s.firewall)
  const decisions = firewall.processAll(s.packets)
  return {
    decisions,
    results: decisions.map((d) => ({ verdict: d.verdict, ct: d.ct, rule: d.rule })),
    firewall,
  }
}
