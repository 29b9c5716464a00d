// Plain-language explanations of a firewall's decision: which rule or policy decided, which rules
// came closest and why they missed, and why conntrack gave the packet its state. Built only when
// asked for, so the decision path stays free of strings. Pure; runs anywhere.
import type { ConntrackRow, CtReason, Tracked, Tuple } from './conntrack/conntrack'
import { TCP_CLASS_NAMES, TCP_STATE_NAMES } from './conntrack/tcp-states'
import { type Chain, type Decision, type FirewallSpec, martian } from './firewall'
import { formatIpv4 } from './ip'
import { type Packet, describePacket, endpoint, formatTcpFlags, ICMP_TYPE_NAMES } from './packet'
import { type Rule, ruleMismatches } from './rule'

export interface NearMiss {
  rule: number
  /** every field on which the packet failed the rule */
  reasons: string[]
}

export interface Explanation {
  /** `accepted by rule 1` / `dropped by the policy: no rule matched` */
  verdict: string
  /** why the packet had its ct state (stateful only) */
  ct: string | null
  /** for a packet the policy decided: the rules with the other action that came closest */
  closest: NearMiss[]
}

/** How many near-miss rules an explanation lists. */
const CLOSEST = 3

export function describeTuple(t: Tuple): string {
  if (t.proto === 'icmp') {
    const name = ICMP_TYPE_NAMES[t.icmpType] ?? `type ${t.icmpType}`
    return `icmp ${formatIpv4(t.src)} → ${formatIpv4(t.dst)} ${name} id ${t.icmpId}`
  }
  return `${t.proto} ${endpoint(t.src, t.sport, t.proto)} → ${endpoint(t.dst, t.dport, t.proto)}`
}

const dirName = (dir: 0 | 1) =>
  dir === 0 ? 'from the side that opened it' : 'in the reply direction'

/** The sentence for a ct state, e.g. `established: reply to 198.51.100.7:40001 → 10.0.2.2:443`. */
export function explainCt(t: Tracked, p: Packet): string {
  const r: CtReason = t.reason
  const conn = t.entry ? describeTuple(t.entry.orig) : ''
  const flags = formatTcpFlags(p.flags) || 'no flags'
  switch (r.kind) {
    case 'syn':
      return `new: a SYN opening ${conn}`
    case 'pickup':
      return `new: an ACK with no SYN seen before it, picked up mid-stream (nf_conntrack_tcp_loose=1)`
    case 'reopen':
      return `new: a SYN reuses a connection that was closing (${TCP_STATE_NAMES[r.closed]}), so conntrack forgets it and starts over`
    case 'first':
      return `new: the first packet of ${conn}`
    case 'unanswered':
      return `new: ${conn} has not had a reply yet`
    case 'reply':
      return `established: reply to ${conn.replace(/^\w+ /, '')}${t.killed ? '; a RST before any other reply ends the connection' : ''}`
    case 'answered':
      return `established: part of ${conn}, which has seen a reply`
    case 'ignored': {
      const state = TCP_STATE_NAMES[r.state]
      if (r.resync)
        return `${t.ct}: a SYN-ACK answering a SYN conntrack had ignored, so it starts tracking this handshake again (SYN_RECV)`
      return `${t.ct}: a ${TCP_CLASS_NAMES[r.cls]} ${dirName(r.dir)} in state ${state} is ignored by conntrack (the state stays ${state})`
    }
    case 'related':
      return `related: an ICMP error about ${conn}`
    case 'bad-flags':
      return `invalid: the TCP flags [${flags}] are not a combination a real connection sends`
    case 'no-connection':
      return r.cls === 1
        ? 'invalid: a SYN-ACK with no SYN before it'
        : `invalid: a ${TCP_CLASS_NAMES[r.cls]} with no connection to belong to (only a SYN, or an ACK picked up mid-stream, starts one)`
    case 'bad-transition':
      return `invalid: a ${TCP_CLASS_NAMES[r.cls]} ${dirName(r.dir)} is not valid in state ${TCP_STATE_NAMES[r.state]} of ${describeTuple(t.entry?.orig ?? tupleOfPacket(p))}`
    case 'icmp-reply-alone':
      return `invalid: an ICMP ${ICMP_TYPE_NAMES[p.icmpType] ?? 'reply'} with no request before it`
    case 'icmp-untracked-type':
      return `invalid: conntrack cannot track ICMP type ${p.icmpType} (only echo, timestamp, information and address-mask requests open an entry)`
    case 'icmp-error-unknown':
      return `invalid: an ICMP error quoting a flow conntrack does not know`
    case 'icmp-error-misdirected':
      return `invalid: an ICMP error about a tracked flow, but sent to ${formatIpv4(p.dst)} instead of the flow's source ${formatIpv4(r.expected)}`
  }
}

function tupleOfPacket(p: Packet): Tuple {
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: p.sport,
    dport: p.dport,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
    icmpId: p.icmpId,
  }
}

/** The rules of the other action that came closest to matching, fewest failed fields first. */
export function closestRules(
  rules: readonly Rule[],
  p: Packet,
  d: Decision,
  want: 'accept' | 'drop',
  implied: readonly number[] = [],
): NearMiss[] {
  const ctx = { out: d.out ?? '', ct: d.ct }
  const misses: NearMiss[] = []
  rules.forEach((rule, index) => {
    const action = rule.action === 'accept' ? 'accept' : 'drop'
    if (action !== want || implied.includes(index)) return
    const reasons = ruleMismatches(rule, p, ctx)
    if (reasons.length > 0) misses.push({ rule: index, reasons })
  })
  misses.sort((a, b) => a.reasons.length - b.reasons.length || a.rule - b.rule)
  return misses.slice(0, CLOSEST)
}

export function explainDecision(spec: FirewallSpec, p: Packet, d: Decision): Explanation {
  if (d.out === null) {
    const ct = d.tracked ? explainCt(d.tracked, p) : null
    return {
      verdict: martian(p.src, p.dst)
        ? `dropped by routing: a router never forwards ${formatIpv4(p.src)} → ${formatIpv4(p.dst)} (a loopback, multicast, broadcast or 0.0.0.0 address)`
        : `dropped by routing: no interface's subnet holds ${formatIpv4(p.dst)}`,
      ct,
      closest: [],
    }
  }
  return explainChain(spec, p, d)
}

/** How a chain's author knows its parts, where that is not `rule <index>` and `the policy`. */
export interface ChainNames {
  rule?: (i: number) => string
  /** `rule *` for an AWS network ACL */
  policy?: string
  /** rules the author did not write (a security group's responses rule), never "closest" */
  implied?: readonly number[]
}

/** Explains a chain's decision: the deciding rule, or the policy and the closest rules. */
export function explainChain(
  chain: Chain,
  p: Packet,
  d: Decision,
  names: ChainNames = {},
): Explanation {
  const ruleName = names.rule ?? ((i: number) => `rule ${i}`)
  let ct = d.tracked ? explainCt(d.tracked, p) : null
  // nf_conntrack_confirm runs only for accepted packets: a dropped opener leaves no entry.
  if (ct && d.tracked?.pending && d.verdict === 'drop')
    ct += '; it was dropped, so conntrack keeps no entry'
  if (d.rule !== null) {
    const rule = chain.rules[d.rule]
    const verb =
      rule.action === 'accept' ? 'accepted' : rule.action === 'reject' ? 'rejected' : 'dropped'
    const comment = rule.comment ? ` (${rule.comment})` : ''
    return { verdict: `${verb} by ${ruleName(d.rule)}${comment}`, ct, closest: [] }
  }
  const verb = chain.policy === 'accept' ? 'accepted' : 'dropped'
  const want = chain.policy === 'accept' ? 'drop' : 'accept'
  const closest = closestRules(chain.rules, p, d, want, names.implied)
  return { verdict: `${verb} by ${names.policy ?? 'the policy'}: no rule matched`, ct, closest }
}

/** One line per packet: `#2 tcp … [SA]  DROP  dropped by the policy: … closest: rule 1: dport 80 is not 443`. */
export function formatExplanation(index: number, p: Packet, d: Decision, e: Explanation): string {
  const time = p.time ? ` t=${p.time}s` : ''
  const parts = [
    `#${index}${time} in ${p.in}: ${describePacket(p)}`,
    `${d.verdict.toUpperCase()}: ${e.verdict}`,
  ]
  if (e.ct) parts.push(`ct ${e.ct}`)
  if (e.closest.length)
    parts.push(
      `closest: ${e.closest.map((m) => `rule ${m.rule}: ${m.reasons.join(', ')}`).join('; ')}`,
    )
  return parts.join(' — ')
}

function formatSeconds(s: number): string {
  const whole = Math.round(s * 1000) / 1000
  if (whole < 120) return `${whole}s`
  const d = Math.floor(whole / 86400)
  const h = Math.floor((whole % 86400) / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const sec = Math.round(whole % 60)
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, sec && `${sec}s`].filter(Boolean).join(' ')
}

/** The connection table as `conntrack -L` would show it, one line per entry. */
export function formatConntrackTable(rows: readonly ConntrackRow[]): string {
  if (rows.length === 0) return 'connection table: empty'
  const lines = rows.map((r) => {
    const flags = [r.seenReply ? '' : '[UNREPLIED]', r.assured ? '[ASSURED]' : '']
      .filter(Boolean)
      .join(' ')
    return `  ${r.orig.proto.padEnd(4)} ${r.state.padEnd(11)} ${formatSeconds(r.timeLeft).padStart(10)} left  ${describeTuple(r.orig).replace(/^\w+ /, '')}  reply ${describeTuple(r.reply).replace(/^\w+ /, '')}${flags ? '  ' + flags : ''}`
  })
  return [`connection table (${rows.length}):`, ...lines].join('\n')
}
