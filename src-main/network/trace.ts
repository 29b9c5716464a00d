// What a trace records: every packet, every hop, every filter check with its reason and the
// conntrack entry it moved, and each flow's outcome in plain words. Plain data; pure.
import type { ConntrackRow } from '../engine/conntrack/conntrack'
import type { NearMiss } from '../engine/explain'
import type { Hook, Verdict } from '../engine/firewall'
import type { Packet } from '../engine/packet'
import type { CtState, Rule } from '../engine/rule'
import type { FlowKind, NodeKind } from './topology'

export const TRACE_FORMAT = 'portwise-trace/1'

/** Direction from the node's own point of view. */
export type Direction = 'inbound' | 'outbound' | 'through' | 'local'

export interface CtMove {
  state: CtState
  /** why conntrack gave the packet that state */
  reason: string
  entry: number | null
  /** entry state before and after ('' when there was none) */
  before: string
  after: string
  created: boolean
  deleted: boolean
}

export interface Check {
  node: string
  /** the filter as a learner reads it: `fw1 forward`, `security groups of web inbound` */
  label: string
  /** the rule list that decided, beside the node it is on: `forward chain`, or for AWS
   *  `the network ACL of subnet public (acl-1), outbound rules` */
  where: string
  hook: Hook
  /** interface routing chose ('' for a packet delivered to the node itself) */
  out: string
  verdict: Verdict
  /** rule index in the chain, or null for the policy */
  rule: number | null
  /** how to name that rule (or the policy) when it is not its index: `rule 100`, `rule *` */
  ruleName?: string
  reject: boolean
  /** `accepted by rule 1`, `dropped by the policy: no rule matched` */
  reason: string
  /** the rules that came closest, each with its name: `rule 100` for an AWS network ACL */
  closest: (NearMiss & { name: string })[]
  ct: CtMove | null
}

export interface Hop {
  node: string
  kind: NodeKind
  /** interface it arrived on; null where it started */
  in: string | null
  /** interface it left by; null where it ended */
  out: string | null
  direction: Direction
  checks: Check[]
  /** what happened here, in words: `forwarded`, `delivered`, `dropped by fw1 forward rule 2`, `TTL exceeded` */
  note: string
  ttl: number
}

export type Fate = 'delivered' | 'dropped' | 'expired' | 'unroutable'

export interface PacketTrace {
  seq: number
  flow: number
  /** `SYN`, `SYN-ACK`, `request`, `DNS query`, `echo reply`, `time exceeded`… */
  label: string
  time: number
  packet: Packet
  from: string
  /** node that received it, if any */
  to: string | null
  hops: Hop[]
  fate: Fate
  /** the check that dropped it, if a filter did */
  droppedBy: Check | null
  /** plain words for what happened to it */
  summary: string
  /** connection tables of the stateful nodes it passed, after it */
  tables: Record<string, ConntrackRow[]>
}

/** A rule that would let a dropped response through, offered as a diff. */
export interface Suggestion {
  node: string
  hook: Hook
  /** where to insert the rule in that chain */
  index: number
  rule: Rule
  /** `+ rule 3: accept in inside tcp from 1.3.3.7 port 443 to 119.18.36.73 ports 49152-65535` */
  diff: string
  why: string
}

export interface FlowTrace {
  index: number
  name: string
  kind: FlowKind
  from: string
  to: string
  proto: 'tcp' | 'udp' | 'icmp'
  sport: number
  dport: number
  /** seq numbers of its packets */
  packets: number[]
  ok: boolean
  /** `connected`, `timed out: the SYN-ACK was dropped by fw1 …` */
  outcome: string
  suggestion: Suggestion | null
}

export interface Trace {
  format: typeof TRACE_FORMAT
  seed: number
  flows: FlowTrace[]
  packets: PacketTrace[]
}
