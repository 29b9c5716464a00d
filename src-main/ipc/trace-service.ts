// The `topology:trace` service: a portwise-topology/1 JSON text in; every packet hop by hop, each
// flow's outcome and suggested inverse rule, the connection tables, how each packet looks from
// every node ("view as"), and each chain's rule coverage out — addresses as text, so the renderer
// needs no engine. Bad input is an answer naming the path, never a thrown error.
// Pure (engine and network only); used by the Electron main process and the browser host.
import {
  type Regions,
  type RuleFinding,
  allowedSet,
  decideRegions,
  ruleAnalysis,
} from '../engine/allowed'
import type { ConntrackRow } from '../engine/conntrack/conntrack'
import { describeTuple } from '../engine/explain'
import { FieldError } from '../engine/field-reader'
import { formatCidr, formatIpv4 } from '../engine/ip'
import { describePacket, formatTcpFlags } from '../engine/packet'
import type { FirewallKind } from '../engine/firewall'
import { withFilterKind } from '../network/filter-kind'
import { relabel, type Viewpoint } from '../network/perspective'
import { readTopology } from '../network/topology-reader'
import type { Topology, TopologyNode } from '../network/topology'
import type { PacketTrace, Trace } from '../network/trace'
import { traceTopology } from '../network/tracer'
import type {
  AllowedView,
  ChainCoverage,
  ChainHook,
  ConnRow,
  FilterView,
  FlowView,
  PacketView,
  TopologyTraceResponse,
  TraceView,
  ViewpointView,
} from '../shared/lab-types'
import { CHAIN_HOOKS } from '../shared/lab-types'
import { type Aliased, forwardSpec, learnerBox } from '../labs/least-privilege'
import { ruleToJson } from './rule-json'

export interface TraceRequest {
  text: string
  seed?: number
  flows?: string[]
  /** trace as if every node's filter were this kind (the side-by-side panes) */
  kind?: FirewallKind
}

export function traceTopologyText({
  text,
  seed,
  flows,
  kind,
}: TraceRequest): TopologyTraceResponse {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const problem = `not valid JSON (${(e as Error).message})`
    return { status: 'invalid', field: '', problem, message: problem }
  }
  let topology: Topology
  let trace: Trace
  try {
    topology = readTopology(json)
    if (kind) topology = withFilterKind(topology, kind)
    trace = traceTopology(topology, { seed, flows })
  } catch (e) {
    if (e instanceof FieldError)
      return { status: 'invalid', field: e.path, problem: e.problem, message: e.message }
    // A flow name the topology lacks is the caller's mistake, told the same way.
    if (e instanceof Error && e.message.startsWith('no flow named'))
      return { status: 'invalid', field: 'flows', problem: e.message, message: e.message }
    throw e
  }
  return { status: 'traced', trace: traceView(topology, trace) }
}

/** A trace in the renderer's shape: addresses as text, tables as rows, coverage per chain. */
export function traceView(topology: Topology, trace: Trace): TraceView {
  const points = viewpoints(topology)
  return {
    seed: trace.seed,
    flows: trace.flows.map(flowView),
    packets: trace.packets.map((p) => packetView(topology, p, points)),
    coverage: coverage(topology, trace),
    viewpoints: points.map(({ key, label, kind }) => ({ key, label, kind })),
    filters: filters(topology),
  }
}

/** The filters of the network: what the connection tables list, stateful or not. */
function filters(topology: Topology): FilterView[] {
  return topology.nodes.flatMap((n) =>
    [...(n.filter ? [n.filter] : []), ...Object.values(n.networkAcls ?? {})].map((f) => ({
      node: n.id,
      nodeLabel: n.label,
      label: f.label ?? n.label,
      stateful: f.kind === 'stateful',
    })),
  )
}

type Point = ViewpointView & { at: Viewpoint }

/**
 * Where a learner can stand to read a trace: every node, every interface of a node with more than
 * one (a firewall's outside and inside disagree about direction), and every subnet.
 */
function viewpoints(topology: Topology): Point[] {
  const nodes: Point[] = []
  const ifaces: Point[] = []
  const subnets = new Map<string, Point>()
  for (const n of topology.nodes) {
    if (n.kind === 'switch') continue
    nodes.push({ key: n.id, label: n.label, kind: 'node', at: { node: n.id } })
    for (const i of n.interfaces) {
      const key = `${n.id}:${i.name}`
      if (n.interfaces.length > 1)
        ifaces.push({
          key,
          // as the node panel names a link's end: the node's label, then the interface
          label: `${n.label} · ${i.name}`,
          kind: 'interface',
          at: { node: n.id, iface: i.name },
        })
      const subnet = formatCidr(i.subnet)
      if (!subnets.has(subnet))
        subnets.set(subnet, {
          key: subnet,
          label: subnet,
          kind: 'subnet',
          at: { subnet: i.subnet },
        })
    }
  }
  return [...nodes, ...ifaces, ...subnets.values()]
}

function flowView(f: Trace['flows'][number]): FlowView {
  const s = f.suggestion
  return {
    ...f,
    packets: [...f.packets],
    // A suggestion is one rule without sets, so it is one JSON rule.
    suggestion: s && { ...s, hook: s.hook as ChainHook, rule: ruleToJson(s.rule)[0] },
  }
}

function connRow(r: ConntrackRow): ConnRow {
  return {
    id: r.id,
    proto: r.orig.proto,
    orig: describeTuple(r.orig),
    reply: describeTuple(r.reply),
    state: r.state,
    assured: r.assured,
    seenReply: r.seenReply,
    timeLeft: r.timeLeft,
  }
}

function packetView(topology: Topology, p: PacketTrace, points: Point[]): PacketView {
  const view: PacketView['view'] = {}
  for (const { key, at } of points) view[key] = relabel(topology, p, at)
  const tables: PacketView['tables'] = {}
  for (const [node, rows] of Object.entries(p.tables)) tables[node] = rows.map(connRow)
  return {
    seq: p.seq,
    flow: p.flow,
    label: p.label,
    time: p.time,
    line: describePacket(p.packet),
    src: formatIpv4(p.packet.src),
    dst: formatIpv4(p.packet.dst),
    proto: p.packet.proto,
    sport: p.packet.sport,
    dport: p.packet.dport,
    flags: p.packet.proto === 'tcp' ? formatTcpFlags(p.packet.flags) : '',
    from: p.from,
    to: p.to,
    hops: p.hops,
    fate: p.fate,
    droppedBy: p.droppedBy,
    summary: p.summary,
    tables,
    view,
  }
}

/** Per chain: how many packets each rule decided, and the rules that can never decide. */
function coverage(topology: Topology, trace: Trace): ChainCoverage[] {
  const out: ChainCoverage[] = []
  for (const node of topology.nodes) {
    if (!node.filter) continue
    for (const hook of CHAIN_HOOKS) {
      const chain = node.filter.chains[hook]
      if (!chain) continue
      const hits = chain.rules.map(() => 0)
      for (const p of trace.packets)
        for (const h of p.hops)
          for (const c of h.checks)
            if (c.node === node.id && c.hook === hook && c.rule !== null) hits[c.rule]++
      if (hook === 'forward') {
        // one analysis of the chain, routed as the network routes, for both answers
        const forward = forwardSpec(node, node.filter)
        const regions = decideRegions(forward.spec)
        const findings = forwardFindings(forward, regions)
        out.push({
          node: node.id,
          hook,
          hits,
          findings,
          allowed: allowedViews(node, forward, regions),
        })
        continue
      }
      const findings = ruleAnalysis({
        kind: node.filter.kind,
        interfaces: node.interfaces.map((i) => ({ name: i.name, subnet: i.subnet })),
        policy: chain.policy,
        rules: chain.rules,
      })
      out.push({ node: node.id, hook, hits, findings, allowed: [] })
    }
  }
  return out
}

/**
 * The forward chain's findings with the node's static routes as the network routes them: without
 * them, lab 8's fw1 rule for 1.3.3.7 (behind r1) "matched nothing" though every SYN passed by it.
 * forwardSpec copies a rule per route; a finding holds for the learner's rule when it holds for
 * every copy, and the copies are disjoint, so one that changes nothing changes nothing together.
 */
function forwardFindings({ spec, origin }: Aliased, regions: Regions): RuleFinding[] {
  const perRule = new Map<number, RuleFinding[]>()
  for (const f of ruleAnalysis(spec, regions)) {
    const rule = origin[f.rule]
    perRule.set(rule, [...(perRule.get(rule) ?? []), f])
  }
  const out: RuleFinding[] = []
  for (const [rule, found] of perRule) {
    if (found.length !== origin.filter((o) => o === rule).length) continue
    const shadowed = found.every((f) => f.kind === 'shadowed')
    const telling = shadowed ? found : found.filter((f) => f.kind === 'redundant')
    const by = new Set(telling.flatMap((f) => f.by.map((i) => origin[i])))
    by.delete(rule)
    out.push({
      rule,
      kind: shadowed ? 'shadowed' : 'redundant',
      by: [...by].sort((a, b) => a - b),
      byPolicy: telling.some((f) => f.byPolicy),
    })
  }
  return out.sort((a, b) => a.rule - b.rule)
}

/**
 * Every packet the forward chain lets through, as disjoint boxes (engine/allowed), routed as the
 * network routes (forwardSpec): each with the learner's rule behind it and one example packet.
 */
function allowedViews(node: TopologyNode, forward: Aliased, regions: Regions): AllowedView[] {
  const at = (iface: string) => node.interfaces.findIndex((i) => i.name === iface)
  // the two ways across the firewall first, by the node's interface order; hairpins last
  const place = (b: { in: string; out: string }) =>
    (at(b.in) === at(b.out) ? 1e6 : 0) + at(b.in) * 1e3 + at(b.out)
  return allowedSet(forward.spec, regions)
    .map((box) => learnerBox(forward, box))
    .sort((a, b) => place(a) - place(b))
    .map((b) => ({
      direction: `${b.in} → ${b.out}`,
      rule: b.rule,
      text: b.description,
      example: `${describePacket(b.packet)}${b.ct ? ` (ct ${b.ct})` : ''}`,
    }))
}
