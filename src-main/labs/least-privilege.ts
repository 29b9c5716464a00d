// The `exactly` objective's analysis: what a firewall's forward chain allows beyond the listed
// flows' packets, decided by the exact allowed-set analysis (engine/allowed) and shown as one
// concrete packet. Pure; runs anywhere.
//
// The analysis models a router whose routes are its interfaces' subnets (FirewallSpec). A topology
// node also has static routes, so each route becomes an alias interface (`outside~1`) holding its
// destination, listed after the connected subnets as routing.ts's table lists them: routeOut's
// longest prefix, first listed among equals, then picks exactly the interface route() picks. A
// rule naming `outside` becomes one copy per alias; the copies are disjoint and adjacent, so first
// match gives every packet the verdict the original rule gave it.
import { type FirewallSpec, type Interface } from '../engine/firewall'
import { type Cidr, cidrContains, parseIpv4 } from '../engine/ip'
import { describePacket, type Packet } from '../engine/packet'
import type { CtState, Rule } from '../engine/rule'
import { type Box, describeBox, difference, sampleCt, samplePacket } from '../engine/allowed'
import { route } from '../network/routing'
import type { FlowSpec, NodeFilter, Topology, TopologyNode } from '../network/topology'

export interface Counterexample {
  packet: Packet
  /** the ct state it is accepted in; null for a stateless firewall */
  ct: CtState | null
  /** index of the learner's forward rule that accepts it, or null for the policy */
  rule: number | null
  /** `tcp 203.0.113.9:40000 → 10.0.2.2:22 [S]` */
  text: string
  /** every such packet in words: `tcp from any to 10.0.2.2 port 22, in on outside, out by inside` */
  set: string
}

export interface Aliased {
  spec: FirewallSpec
  /** alias interface name → the node's interface name */
  real: Map<string, string>
  /** expanded rule index → the original rule's index */
  origin: number[]
}

const ALIAS = '~'

/** The node's routing table as aliased interfaces; throws when the node cannot forward. */
function aliasInterfaces(node: TopologyNode): {
  interfaces: Interface[]
  real: Map<string, string>
} {
  const interfaces: Interface[] = node.interfaces.map((i) => ({ name: i.name, subnet: i.subnet }))
  const count = new Map<string, number>()
  for (const r of node.routes) {
    // routing.ts: a route leaves by the first interface whose subnet holds its next hop
    const iface = node.interfaces.find((i) => cidrContains(i.subnet, r.via))
    if (!iface) continue
    const k = (count.get(iface.name) ?? 0) + 1
    count.set(iface.name, k)
    interfaces.push({ name: `${iface.name}${ALIAS}${k}`, subnet: r.to })
  }
  const real = new Map(interfaces.map((i) => [i.name, i.name.split(ALIAS)[0]]))
  return { interfaces, real }
}

function expand(
  rules: readonly Rule[],
  real: Map<string, string>,
): { rules: Rule[]; origin: number[] } {
  const aliasesOf = (name: string | undefined) =>
    name === undefined ? [undefined] : [...real].filter(([, r]) => r === name).map(([a]) => a)
  const out: Rule[] = []
  const origin: number[] = []
  rules.forEach((rule, index) => {
    for (const i of aliasesOf(rule.in))
      for (const o of aliasesOf(rule.out)) {
        const copy: Rule = { ...rule }
        if (i === undefined) delete copy.in
        else copy.in = i
        if (o === undefined) delete copy.out
        else copy.out = o
        out.push(copy)
        origin.push(index)
      }
  })
  return { rules: out, origin }
}

/** The node's forward chain as the analysis sees it; a hook without a chain accepts everything. */
export function forwardSpec(node: TopologyNode, filter: NodeFilter | undefined): Aliased {
  const { interfaces, real } = aliasInterfaces(node)
  const chain = filter?.chains.forward ?? { policy: 'accept' as const, rules: [] }
  const { rules, origin } = expand(chain.rules, real)
  return {
    spec: { kind: filter?.kind ?? 'stateless', interfaces, policy: chain.policy, rules },
    real,
    origin,
  }
}

const host = (addr: number): Cidr[] => [{ addr, len: 32 }]

/** Addresses a flow's packets carry, as runFlow picks them; null when the client has no route. */
export function flowAddresses(
  topology: Topology,
  flow: FlowSpec,
): { client: number; server: number } | null {
  const client = topology.nodes.find((n) => n.id === flow.from)
  const literal = parseIpv4(flow.to)
  const target = topology.nodes.find((n) => n.id === flow.to)
  const server = literal ?? target?.interfaces[0]?.address ?? 0
  const way = client ? route(client, server) : null
  return way ? { client: way.iface.address, server } : null
}

export interface EnvelopeOptions {
  /** each packet must arrive on the interface its sender sits behind */
  strictInterfaces: boolean
  /** the flows' client may be any address (a public service), not only the flow's host */
  anyClient: boolean
}

/**
 * The rules allowing exactly the flows' packets: requests (any source port, any flags), and for a
 * stateless firewall their responses; a stateful firewall instead allows what conntrack calls
 * established or related, which only accepted connections produce.
 */
export function envelopeRules(
  topology: Topology,
  node: TopologyNode,
  flows: readonly FlowSpec[],
  stateful: boolean,
  options: EnvelopeOptions,
): Rule[] {
  const rules: Rule[] = []
  const facing = (addr: number) =>
    options.strictInterfaces ? route(node, addr)?.iface.name : undefined
  for (const flow of flows) {
    const a = flowAddresses(topology, flow)
    if (!a) continue
    const request: Rule = { action: 'accept', dst: host(a.server) }
    const response: Rule = { action: 'accept', src: host(a.server) }
    if (!options.anyClient) {
      request.src = host(a.client)
      response.dst = host(a.client)
    }
    if (flow.kind === 'ping') {
      Object.assign(request, { proto: 'icmp', icmpType: [8] })
      Object.assign(response, { proto: 'icmp', icmpType: [0] })
    } else {
      const proto = flow.kind === 'dns' || flow.kind === 'udp' ? 'udp' : 'tcp'
      Object.assign(request, { proto, dport: [{ lo: flow.port, hi: flow.port }] })
      Object.assign(response, { proto, sport: [{ lo: flow.port, hi: flow.port }] })
    }
    // With anyClient the client may sit behind any interface, so only the server's side is pinned.
    const inReq = options.anyClient ? undefined : facing(a.client)
    const inResp = facing(a.server)
    if (inReq) request.in = inReq
    if (inResp) response.in = inResp
    rules.push(request)
    if (!stateful) rules.push(response)
  }
  if (stateful) rules.push({ action: 'accept', ct: ['established', 'related'] })
  // Packets to the node's own addresses go to its input chain, never through forward: whatever
  // forward says of them is moot, so they are no counterexample.
  for (const i of node.interfaces) rules.push({ action: 'accept', dst: host(i.address) })
  return rules
}

/**
 * One packet the node's forward chain accepts beyond the flows' envelope, or null when there is
 * none. The single call into the allowed-set analysis.
 */
export function allowedBeyond(
  topology: Topology,
  node: TopologyNode,
  flows: readonly FlowSpec[],
  options: EnvelopeOptions,
): Counterexample | null {
  const learner = forwardSpec(node, node.filter)
  const stateful = learner.spec.kind === 'stateful'
  const envelope = envelopeRules(topology, node, flows, stateful, options)
  const wanted = expand(envelope, learner.real).rules
  const extra = difference(learner.spec, { ...learner.spec, policy: 'drop', rules: wanted })
  if (extra.length === 0) return null
  // Traffic that crosses the firewall reads as the lesson; a packet sent back out of the interface
  // it came in by is allowed just the same, but shown only when nothing else is.
  const real = (name: string) => learner.real.get(name) ?? name
  const seen = learnerBox(learner, extra.find((b) => real(b.in) !== real(b.out)) ?? extra[0])
  return {
    packet: seen.packet,
    ct: seen.ct,
    rule: seen.rule,
    text: describePacket(seen.packet),
    set: `${seen.description}, in on ${seen.in}, out by ${seen.out}`,
  }
}

/**
 * A box of forwardSpec's analysis as the learner reads it: their interface names (not the route
 * aliases), their rule's index, what it holds, and one packet of it.
 */
export function learnerBox(aliased: Aliased, box: Box) {
  const real = (name: string) => aliased.real.get(name) ?? name
  const sample = samplePacket(box, aliased.spec)
  const packet: Packet = { ...sample, in: real(sample.in) }
  return {
    in: real(box.in),
    out: real(box.out),
    rule: box.rule === null ? null : aliased.origin[box.rule],
    description: describeBox(box, { firewall: aliased.spec, direction: false }),
    packet,
    ct: sampleCt(box),
  }
}

/** Why the node cannot be analysed, or null: only routers and firewalls forward. */
export function cannotAnalyse(node: TopologyNode): string | null {
  if (node.kind !== 'router' && node.kind !== 'firewall')
    return `${node.id} is a ${node.kind}; only routers and firewalls forward`
  return null
}
