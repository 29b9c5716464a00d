// The shapes a network lab passes across the IPC boundary: a topology and its rules as the JSON
// the learner's draft holds (portwise-topology/1, rules as in portwise-scenario/1), and a trace
// in a form the renderer can show without the engine (addresses as text, tables as rows).
// Types only, re-exported from the pure core where they already exist; runs anywhere.
import type { NearMiss } from '../engine/explain'
import type { RuleFinding } from '../engine/allowed/rule-analysis'
import type { Check, CtMove, Direction, Fate, Hop } from '../network/trace'
import type { Relative } from '../network/perspective'

export type { Check, CtMove, Direction, Fate, Hop, NearMiss, Relative, RuleFinding }

export type RuleDialect = 'nft' | 'iptables' | 'aws'
export type ChainHook = 'input' | 'forward' | 'output'
export const CHAIN_HOOKS: readonly ChainHook[] = ['input', 'forward', 'output']

/** One rule as portwise-scenario/1 writes it: every field optional but the action. */
export interface RuleJson {
  action: 'accept' | 'drop' | 'reject'
  in?: string
  out?: string
  proto?: 'tcp' | 'udp' | 'icmp'
  /** an address or CIDR block */
  src?: string
  dst?: string
  /** a port, or a range such as "1024-65535" */
  sport?: number | string
  dport?: number | string
  /** TCP flag letters that must be set ("S"), or set among a mask */
  flags?: string | { set: string; mask: string }
  icmpType?: number
  ct?: string[]
  comment?: string
}

export interface ChainJson {
  policy: 'accept' | 'drop'
  rules: RuleJson[]
}

export type FilterKind = 'stateless' | 'stateful'

export interface FilterJson {
  kind: FilterKind
  input?: ChainJson
  forward?: ChainJson
  output?: ChainJson
}

export interface InterfaceJson {
  name: string
  /** "10.0.2.2/24"; absent on a switch port */
  address?: string
  gateway?: string
  zone?: 'outside' | 'inside'
}

export type NodeKindJson = 'host' | 'router' | 'firewall' | 'switch'

/**
 * In a lab whose network the learner builds, the key of the submitted rules that carries the
 * network: the nodes they added and every link (never a node id: ids start with a letter).
 */
export const NETWORK_KEY = '@network'
export type OsName = 'linux' | 'windows' | 'macos' | 'full'
export const OS_NAMES: readonly OsName[] = ['linux', 'windows', 'macos', 'full']

export interface NodeJson {
  id: string
  kind: NodeKindJson
  label?: string
  role?: 'client' | 'web-server' | 'update-server' | 'dns-server'
  os?: OsName
  interfaces: InterfaceJson[]
  routes?: { to: string; via: string }[]
  firewall?: FilterJson
  services?: string[]
  position?: { x: number; y: number }
  locked?: boolean
}

export type FlowKindJson =
  'https' | 'http' | 'update' | 'tcp' | 'dns' | 'udp' | 'ping' | 'traceroute'

export interface FlowJson {
  name: string
  kind: FlowKindJson
  from: string
  to: string
  port?: number
  sport?: number
  count?: number
}

/** A portwise-topology/1 document: what the sandbox network's draft holds. */
export interface TopologyJson {
  format: 'portwise-topology/1'
  name?: string
  nodes: NodeJson[]
  /** ["client:eth0", "fw1:outside"] */
  links: [string, string][]
  flows: FlowJson[]
}

// ---- answers ---------------------------------------------------------------------------------

/** A bad field of a JSON text: the path (`nodes[1].firewall.forward.rules[0].dport`) and why. */
export interface FieldProblem {
  status: 'invalid'
  /** empty when the problem is the whole text */
  field: string
  problem: string
  message: string
}

/** A problem in rules text, at the line and column an editor shows (both from 1). */
export interface TextDiagnostic {
  message: string
  line: number
  column: number
}

export type RulesParseResponse =
  | {
      status: 'parsed'
      chains: Partial<Record<ChainHook, ChainJson>>
      /** the rules use connection tracking */
      stateful: boolean
      /** where each rule was written, per hook, in row order (a set split into rows repeats) */
      lines: Partial<Record<ChainHook, number[]>>
    }
  | { status: 'invalid'; diagnostics: TextDiagnostic[] }

export type RulesPrintResponse =
  | { status: 'printed'; text: string }
  | FieldProblem
  | { status: 'unprintable'; diagnostics: { message: string }[] }

/** One row of a connection table, as `conntrack -L` shows it. */
export interface ConnRow {
  id: number
  proto: string
  /** `tcp 119.18.36.73:13337 → 1.3.3.7:443` */
  orig: string
  reply: string
  state: string
  assured: boolean
  seenReply: boolean
  timeLeft: number
}

export interface PacketView {
  seq: number
  flow: number
  /** `SYN`, `SYN-ACK`, `request`… */
  label: string
  time: number
  /** `tcp 119.18.36.73:13337 → 1.3.3.7:443 [S]` */
  line: string
  src: string
  dst: string
  proto: 'tcp' | 'udp' | 'icmp'
  sport: number
  dport: number
  /** TCP flag letters ("SA"); empty for other protocols */
  flags: string
  from: string
  to: string | null
  hops: Hop[]
  fate: Fate
  droppedBy: Check | null
  summary: string
  /** connection tables of the stateful nodes it passed, after it */
  tables: Record<string, ConnRow[]>
  /** how the packet moves as seen from each viewpoint of the trace ("view as"), by its key */
  view: Record<string, Relative>
}

export interface SuggestionView {
  node: string
  hook: ChainHook
  index: number
  rule: RuleJson
  /** `+ rule 1: accept in inside …` */
  diff: string
  why: string
}

export interface FlowView {
  index: number
  name: string
  kind: FlowKindJson
  from: string
  to: string
  proto: 'tcp' | 'udp' | 'icmp'
  sport: number
  dport: number
  packets: number[]
  ok: boolean
  outcome: string
  suggestion: SuggestionView | null
}

/** One box of what a forward chain lets through, as `portwise allowed` prints it. */
export interface AllowedView {
  /** `outside → inside`, by the node's interface names */
  direction: string
  /** the learner's rule that accepts it, or null for the policy */
  rule: number | null
  /** `tcp from any to 1.3.3.7 port 443 in ct state new` */
  text: string
  /** one such packet: `tcp 119.18.36.66:443 → 1.3.3.7:5432 [S]` */
  example: string
}

/** What the rules of one chain did in a run, and which can never decide anything. */
export interface ChainCoverage {
  node: string
  hook: ChainHook
  /** packets each rule decided, by rule index */
  hits: number[]
  /** shadowed and redundant rules (allowed-set analysis) */
  findings: RuleFinding[]
  /** forward chains: every packet the chain lets through, as a few disjoint boxes */
  allowed: AllowedView[]
}

/** A place to read a trace from ("view as"): a node, one of its interfaces, or a subnet. */
export interface ViewpointView {
  /** the key of PacketView.view: `fw1`, `fw1:outside` or `10.0.2.0/24` */
  key: string
  label: string
  kind: 'node' | 'interface' | 'subnet'
}

/** A filter of the traced network: a node's own, or an AWS network ACL on one of its interfaces. */
export interface FilterView {
  /** the node whose connection table PacketView.tables holds, when the filter is stateful */
  node: string
  /** the node as the canvas names it */
  nodeLabel: string
  /** the filter as verdicts name it: `fw1`, `the security group of web (EC2 instance)` */
  label: string
  stateful: boolean
}

export interface TraceView {
  seed: number
  flows: FlowView[]
  packets: PacketView[]
  coverage: ChainCoverage[]
  viewpoints: ViewpointView[]
  /** every filter in the network, whatever it was written in (JSON, nft, AWS) */
  filters: FilterView[]
}

export type TopologyTraceResponse = { status: 'traced'; trace: TraceView } | FieldProblem
