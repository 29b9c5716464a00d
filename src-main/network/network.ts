// A running network: each node's filter (with its connection table) and the links between
// interfaces, and `send`, which walks one packet hop by hop — routing, TTL, filters, links — and
// records what happened at each node. ICMP errors a node sends back (reject, TTL exceeded,
// unreachable) are walked the same way. Pure; time comes with each packet.
import { explainChain, explainCt } from '../engine/explain'
import { type Chain, Filter, type Hook } from '../engine/firewall'
import { formatIpv4 } from '../engine/ip'
import { type Packet, ICMP_ERROR_TYPES, type QuotedHeader } from '../engine/packet'
import { OS_PROFILES } from './os-profiles'
import { route, zoneOf } from './routing'
import type { Check, Direction, Fate, Hop, PacketTrace } from './trace'
import type { InterfaceRef, NodeFilter, Topology, TopologyNode } from './topology'
import { explainCtMove } from './ct-move'

/** A packet as its sender builds it: everything but the arrival interface. */
export type Outgoing = Omit<Packet, 'in'>

export interface SendOptions {
  label: string
  flow: number
  /** IP TTL; defaults to the sender's OS profile */
  ttl?: number
}

export interface Sent {
  trace: PacketTrace
  /** the ICMP error a node sent back about it, walked in turn */
  error: Sent | null
}

/** Longest walk a packet may take before the model calls it a loop. */
const MAX_HOPS = 64

export class Network {
  readonly packets: PacketTrace[] = []
  private readonly nodes = new Map<string, TopologyNode>()
  private readonly filters = new Map<string, Filter>()
  /** node:iface → the network ACL guarding the subnet behind that interface (AWS mode) */
  private readonly acls = new Map<string, Filter>()
  /** node:iface → the other interfaces on the same link or switched segment */
  private readonly segments = new Map<string, InterfaceRef[]>()
  /** per host, the UDP ports it sent from: a reply to one finds its socket open */
  private readonly udpSockets = new Map<string, Set<number>>()

  /**
   * @param tables record each stateful node's connection table after every packet (what the
   * trace screens show); graders leave it out.
   */
  constructor(
    readonly topology: Topology,
    private readonly tables = true,
  ) {
    for (const node of topology.nodes) {
      this.nodes.set(node.id, node)
      if (node.filter) this.filters.set(node.id, new Filter(node.filter.kind, node.filter.chains))
      for (const [iface, acl] of Object.entries(node.networkAcls ?? {}))
        this.acls.set(`${node.id}:${iface}`, new Filter(acl.kind, acl.chains))
    }
    this.buildSegments()
  }

  node(id: string): TopologyNode {
    const node = this.nodes.get(id)
    if (!node) throw new Error(`no node ${id}`)
    return node
  }

  filterOf(id: string): Filter | undefined {
    return this.filters.get(id)
  }

  /** The node that owns an address, if any. */
  owner(addr: number): TopologyNode | undefined {
    return this.topology.nodes.find(
      (n) => n.kind !== 'switch' && n.interfaces.some((i) => i.address === addr),
    )
  }

  /** Walks one packet from the node that originates it. */
  send(from: string, out: Outgoing, options: SendOptions): Sent {
    const origin = this.node(from)
    if (out.proto === 'udp' && origin.kind === 'host') {
      const ports = this.udpSockets.get(from) ?? new Set<number>()
      this.udpSockets.set(from, ports.add(out.sport))
    }
    let ttl = options.ttl ?? OS_PROFILES[origin.os].ttl
    const trace: PacketTrace = {
      seq: this.packets.length,
      flow: options.flow,
      label: options.label,
      time: out.time,
      packet: { ...out, in: '' },
      from,
      to: null,
      hops: [],
      fate: 'dropped',
      droppedBy: null,
      summary: '',
      tables: {},
    }
    this.packets.push(trace)
    let node = origin
    let inIface: string | null = null
    let error: { from: TopologyNode; type: number; code: number; at: number } | null = null

    const finish = (fate: Fate, summary: string) => {
      trace.fate = fate
      trace.summary = summary
    }

    for (let step = 0; ; step++) {
      const hop: Hop = {
        node: node.id,
        kind: node.kind,
        in: inIface,
        out: null,
        direction: 'local',
        checks: [],
        note: '',
        ttl,
      }
      trace.hops.push(hop)
      const arrived: Packet = { ...out, in: inIface ?? '' }
      const ownAddress = node.interfaces.find((i) => i.address === out.dst)
      if (step >= MAX_HOPS) {
        finish('dropped', `dropped at ${node.label}: a routing loop (more than ${MAX_HOPS} hops)`)
        hop.note = 'routing loop'
        break
      }

      // Arrived at its destination: the host's input hook decides.
      if (inIface !== null && ownAddress) {
        hop.direction = 'inbound'
        const check = this.check(node, 'input', arrived, '')
        if (check) hop.checks.push(check)
        if (check?.verdict === 'drop') {
          trace.droppedBy = check
          hop.note = `dropped by ${check.label} ${checkRule(check)}`
          finish('dropped', hop.note)
          if (check.reject) error = { from: node, type: 3, code: 3, at: ownAddress.address }
        } else {
          hop.note = `delivered to ${node.label}`
          trace.to = node.id
          finish('delivered', hop.note)
          // The host's stack answers a datagram to a closed UDP port (RFC 1122 4.1.3.1); TCP's
          // answer, a RST, is the flow's to send. A port is open when a service listens on it,
          // or when the host sent from it: its DNS client's socket is bound there for the answer.
          const listening =
            node.services.some((s) => s.proto === 'udp' && s.port === out.dport) ||
            !!this.udpSockets.get(node.id)?.has(out.dport)
          if (out.proto === 'udp' && !listening)
            error = { from: node, type: 3, code: 3, at: ownAddress.address }
        }
        break
      }
      if (inIface !== null && node.kind === 'host') {
        hop.direction = 'inbound'
        hop.note = `${node.label} is a host and does not forward packets for ${formatIpv4(out.dst)}`
        finish('dropped', `dropped: ${hop.note}`)
        break
      }
      const inAddress = node.interfaces.find((i) => i.name === inIface)?.address ?? 0
      if (inIface !== null && ttl <= 1) {
        hop.direction = 'through'
        hop.note = `TTL exceeded at ${node.label}`
        finish('expired', hop.note)
        error = { from: node, type: 11, code: 0, at: inAddress }
        break
      }
      const choice = route(node, out.dst)
      if (!choice) {
        hop.note = `${node.label} has no route to ${formatIpv4(out.dst)}`
        finish('unroutable', hop.note)
        if (inIface !== null) error = { from: node, type: 3, code: 0, at: inAddress }
        break
      }
      const hook: Hook = inIface === null ? 'output' : 'forward'
      hop.direction = inIface === null ? 'outbound' : direction(node, inIface, choice.iface.name)
      // AWS: leaving a subnet passes its ACL's outbound rules, entering one its inbound rules.
      const aclChecks =
        inIface === null
          ? []
          : [
              this.aclCheck(node, inIface, 'output', arrived, choice.iface.name),
              this.aclCheck(node, choice.iface.name, 'input', arrived, choice.iface.name),
            ]
      const check =
        aclChecks.find((c) => c?.verdict === 'drop') ??
        this.check(node, hook, arrived, choice.iface.name)
      for (const c of aclChecks) if (c && c !== check) hop.checks.push(c)
      if (check) hop.checks.push(check)
      if (check?.verdict === 'drop') {
        trace.droppedBy = check
        hop.note = `dropped by ${check.label} ${checkRule(check)}`
        finish('dropped', hop.note)
        if (check.reject)
          error = {
            from: node,
            type: 3,
            code: 3,
            at: inIface === null ? choice.iface.address : inAddress,
          }
        break
      }
      if (inIface !== null) ttl--
      const peer = this.onLink(node.id, choice.iface.name, choice.nextHop)
      if (!peer) {
        hop.out = choice.iface.name
        hop.note = `nobody on ${choice.iface.name} of ${node.label} answers for ${formatIpv4(choice.nextHop)}`
        finish('unroutable', hop.note)
        if (inIface !== null) error = { from: node, type: 3, code: 1, at: inAddress }
        break
      }
      hop.out = choice.iface.name
      hop.note = inIface === null ? `sent by ${node.label}` : `forwarded by ${node.label}`
      node = this.node(peer.node)
      inIface = peer.iface
    }

    if (this.tables)
      for (const hop of trace.hops) {
        const filter = this.filters.get(hop.node)
        if (filter?.kind === 'stateful') trace.tables[hop.node] = filter.conntrack.list(out.time)
      }
    // RFC 1122 3.2.2: never send an ICMP error about an ICMP error.
    const aboutError = out.proto === 'icmp' && ICMP_ERROR_TYPES.has(out.icmpType)
    const sent: Sent = { trace, error: null }
    if (error && !aboutError)
      sent.error = this.sendError(error.from, error.at, error.type, error.code, out, options.flow)
    return sent
  }

  private sendError(
    from: TopologyNode,
    src: number,
    type: number,
    code: number,
    about: Outgoing,
    flow: number,
  ): Sent {
    const inner: QuotedHeader = {
      src: about.src,
      dst: about.dst,
      proto: about.proto,
      sport: about.sport,
      dport: about.dport,
      icmpType: about.icmpType,
      icmpId: about.icmpId,
    }
    const packet: Outgoing = {
      src,
      dst: about.src,
      proto: 'icmp',
      sport: 0,
      dport: 0,
      flags: 0,
      icmpType: type,
      icmpCode: code,
      icmpId: 0,
      inner,
      time: about.time,
    }
    const label =
      type === 11
        ? 'time exceeded'
        : code === 3
          ? 'port unreachable'
          : code === 1
            ? 'host unreachable'
            : 'net unreachable'
    return this.send(from.id, packet, { label, flow })
  }

  /** Runs a node's filter on a hook; null when the node has no chain there (conntrack still runs). */
  private check(node: TopologyNode, hook: Hook, p: Packet, out: string): Check | null {
    const filter = this.filters.get(node.id)
    return filter && node.filter ? this.run(node, filter, node.filter, hook, p, out) : null
  }

  private aclCheck(
    node: TopologyNode,
    iface: string,
    hook: Hook,
    p: Packet,
    out: string,
  ): Check | null {
    const filter = this.acls.get(`${node.id}:${iface}`)
    const spec = node.networkAcls?.[iface]
    return filter && spec ? this.run(node, filter, spec, hook, p, out) : null
  }

  private run(
    node: TopologyNode,
    filter: Filter,
    spec: NodeFilter,
    hook: Hook,
    p: Packet,
    out: string,
  ): Check | null {
    const decision = filter.decide(p, hook, out)
    const chain: Chain | undefined = filter.chains[hook]
    if (!chain) return null
    const names = spec.ruleNames?.[hook]
    const ruleName = (i: number) => names?.[i] ?? `rule ${i}`
    const policy = spec.policyName
    // Near misses are what a learner reads when a packet dies; for a packet that passes, the rule
    // (or policy) that let it through is the whole story, and much cheaper to tell.
    const explanation =
      decision.verdict === 'accept'
        ? {
            verdict:
              decision.rule === null
                ? `accepted by ${policy ?? 'the policy'}: no rule matched`
                : `accepted by ${ruleName(decision.rule)}${chain.rules[decision.rule].comment ? ` (${chain.rules[decision.rule].comment})` : ''}`,
            ct: decision.tracked ? explainCt(decision.tracked, p) : null,
            closest: [],
          }
        : explainChain(chain, p, decision, {
            rule: ruleName,
            policy,
            implied: spec.implied?.[hook],
          })
    return {
      node: node.id,
      label: `${spec.label ?? node.label} ${HOOK_WORDS[hook]}`,
      where: spec.aws ? `${spec.label}, ${HOOK_WORDS[hook]} rules` : `${hook} chain`,
      hook,
      out,
      verdict: decision.verdict,
      rule: decision.rule,
      ruleName: decision.rule !== null ? names?.[decision.rule] : policy,
      reject: decision.reject,
      reason: explanation.verdict,
      closest: explanation.closest.map((m) => ({ ...m, name: ruleName(m.rule) })),
      ct: decision.tracked ? explainCtMove(decision, explanation.ct ?? '') : null,
    }
  }

  /** The interface on the same link or switched segment that owns `addr` (ARP's answer). */
  private onLink(node: string, iface: string, addr: number): InterfaceRef | null {
    for (const peer of this.segments.get(`${node}:${iface}`) ?? []) {
      const owner = this.node(peer.node)
      if (owner.interfaces.some((i) => i.name === peer.iface && i.address === addr)) return peer
    }
    return null
  }

  private buildSegments(): void {
    const adjacent = new Map<string, string[]>()
    const connect = (a: string, b: string) => {
      adjacent.set(a, [...(adjacent.get(a) ?? []), b])
      adjacent.set(b, [...(adjacent.get(b) ?? []), a])
    }
    for (const link of this.topology.links)
      connect(`${link.a.node}:${link.a.iface}`, `${link.b.node}:${link.b.iface}`)
    // A switch joins all its ports into one segment.
    for (const node of this.topology.nodes) {
      if (node.kind !== 'switch') continue
      const ports = node.interfaces.map((i) => `${node.id}:${i.name}`)
      for (let i = 1; i < ports.length; i++) connect(ports[0], ports[i])
    }
    const isSwitch = (key: string) => this.nodes.get(key.split(':')[0])?.kind === 'switch'
    for (const node of this.topology.nodes) {
      if (node.kind === 'switch') continue
      for (const iface of node.interfaces) {
        const start = `${node.id}:${iface.name}`
        const seen = new Set([start])
        const queue = [start]
        const peers: InterfaceRef[] = []
        while (queue.length) {
          const key = queue.shift()!
          for (const next of adjacent.get(key) ?? []) {
            if (seen.has(next)) continue
            seen.add(next)
            if (isSwitch(next)) queue.push(next)
            else {
              const [n, i] = next.split(':')
              peers.push({ node: n, iface: i })
            }
          }
        }
        this.segments.set(start, peers)
      }
    }
  }
}

/** The rule a check stopped at, as a learner names it: `rule 2`, `rule 100`, `policy`, `rule *`. */
export function checkRule(c: Check): string {
  return c.ruleName ?? (c.rule === null ? 'policy' : `rule ${c.rule}`)
}

/**
 * A rule as its author finds it: `fw1 forward rule 2` in a chain they wrote, `the security group of
 * web (EC2 instance) inbound rule 1` in an AWS filter, whose lists are inbound and outbound.
 */
export function ruleLabel(id: string, filter: NodeFilter, hook: Hook, index: number): string {
  const name = filter.ruleNames?.[hook]?.[index] ?? `rule ${index}`
  return filter.aws ? `${filter.label} ${HOOK_WORDS[hook]} ${name}` : `${id} ${hook} ${name}`
}

/** What each hook means for the filter's owner. */
const HOOK_WORDS: Record<Hook, string> = {
  input: 'inbound',
  output: 'outbound',
  forward: 'forward',
}

/** From a router's or firewall's own point of view: outside → inside is inbound. */
function direction(node: TopologyNode, inIface: string, outIface: string): Direction {
  const from = zoneOf(node, inIface)
  const to = zoneOf(node, outIface)
  if (from === 'outside' && to === 'inside') return 'inbound'
  if (from === 'inside' && to === 'outside') return 'outbound'
  return 'through'
}
