// Writes a RuleSet as `iptables-save` text that `iptables-restore` loads: the filter table, its
// three built-in chains with their policies, and one `-A` line per rule. Pure; runs anywhere.
import { formatCidr } from '../engine/ip'
import type { PortRange, Rule } from '../engine/rule'
import { type Origins, type PrintResult, Problems } from './diagnostic'
import { IPT_TCP_FLAGS, formatFlagNames } from './names'
import { MAX_IFNAME } from './nft-printer'
import { hookIncoherence, incoherence, ruleLabel, splitSets, withImpliedProto } from './rule-shape'
import type { Hook, RuleSet } from './ruleset'

const CHAIN_NAMES: readonly (readonly [Hook, string])[] = [
  ['input', 'INPUT'],
  ['forward', 'FORWARD'],
  ['output', 'OUTPUT'],
]

/** xt_multiport: at most 15 ports, a range counting as two (XT_MULTI_PORTS). */
const MULTIPORT_MAX = 15
/** xt_comment keeps 255 bytes (XT_MAX_COMMENT_LEN 256 with the NUL). */
const MAX_COMMENT = 255

export function printIptables(set: RuleSet, origins?: Origins): PrintResult {
  const problems = new Problems()
  const lines = ['*filter']
  for (const [hook, name] of CHAIN_NAMES) {
    const policy = set.chains.find((c) => c.hook === hook)?.policy ?? 'accept'
    lines.push(`:${name} ${policy.toUpperCase()} [0:0]`)
  }
  for (const [hook, name] of CHAIN_NAMES) {
    const chain = set.chains.find((c) => c.hook === hook)
    chain?.rules.forEach((rule, ri) => {
      const why = iptablesRuleProblems(rule)
      const hookWhy = hookIncoherence(rule, hook)
      if (hookWhy) why.push(hookWhy)
      for (const w of why) problems.add(`${ruleLabel(hook, ri)}: ${w}`, origins?.get(rule))
      // --icmp-type takes one type: one rule per type means the same where the first match wins
      if (why.length === 0)
        for (const piece of splitSets(rule, ['icmpType']))
          lines.push(`-A ${name} ${iptablesRule(piece)}`)
    })
  }
  lines.push('COMMIT')
  if (problems.any) return { ok: false, errors: problems.list }
  return { ok: true, text: lines.join('\n') + '\n', notes: [] }
}

const multiportCount = (ranges: PortRange[]) =>
  ranges.reduce((n, r) => n + (r.lo === r.hi ? 1 : 2), 0)

function iptablesRuleProblems(original: Rule): string[] {
  const rule = withImpliedProto(original)
  const why = incoherence(rule)
  for (const f of ['in', 'out'] as const) {
    const name = rule[f]
    if (name === undefined) continue
    if (name === '' || name.length > MAX_IFNAME || /[\s"\\+]/.test(name) || name === '!')
      why.push(
        `${JSON.stringify(name)} is not an interface name iptables accepts (1-15 characters, no spaces, quotes or +)`,
      )
  }
  for (const f of ['sport', 'dport'] as const) {
    const ranges = rule[f]
    if (ranges && ranges.length > 1 && multiportCount(ranges) > MULTIPORT_MAX)
      why.push(
        `-m multiport holds at most ${MULTIPORT_MAX} ports (a range counts as two); ${f} has ${multiportCount(ranges)}`,
      )
  }
  if (rule.flags) {
    const { set, mask } = rule.flags
    if (mask === 0 || mask & ~0x3f)
      why.push('a TCP flag match must examine some of FIN, SYN, RST, PSH, ACK, URG')
    if (set & ~mask) why.push('TCP flags required set outside the flags examined can never match')
  }
  // xt_icmp stores "any" as type 255 (iptables-save prints it back as --icmp-type any)
  if (rule.icmpType?.includes(255))
    why.push('iptables reads ICMP type 255 as any type, so it cannot match type 255 alone')
  if (rule.comment !== undefined) {
    if (/[\n\r]/.test(rule.comment)) why.push('an iptables comment cannot hold a line break')
    if (new TextEncoder().encode(rule.comment).length > MAX_COMMENT)
      why.push(`an iptables comment holds at most ${MAX_COMMENT} bytes`)
  }
  return why
}

const ports = (r: PortRange) => (r.lo === r.hi ? String(r.lo) : `${r.lo}:${r.hi}`)
/** iptables-restore reads "…" with \" and \\ inside, as iptables-save writes them. */
const quote = (text: string) =>
  /^[A-Za-z0-9_.:/=-]+$/.test(text) ? text : `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`

/** One rule's options, in the order iptables-save prints them. Expects no problems. */
export function iptablesRule(original: Rule): string {
  const rule = withImpliedProto(original)
  const parts: string[] = []
  // several addresses after -s: iptables-restore adds one rule per address, the same filter
  if (rule.src)
    parts.push(`-s ${rule.src.map((c) => formatCidr(c) + (c.len === 32 ? '/32' : '')).join(',')}`)
  if (rule.dst)
    parts.push(`-d ${rule.dst.map((c) => formatCidr(c) + (c.len === 32 ? '/32' : '')).join(',')}`)
  if (rule.in !== undefined) parts.push(`-i ${rule.in}`)
  if (rule.out !== undefined) parts.push(`-o ${rule.out}`)
  const p = rule.proto
  if (p) parts.push(`-p ${p}`)
  const single = (r?: PortRange[]) => r !== undefined && r.length === 1
  const own: string[] = []
  if (single(rule.sport)) own.push(`--sport ${ports(rule.sport![0])}`)
  if (single(rule.dport)) own.push(`--dport ${ports(rule.dport![0])}`)
  if (rule.flags) {
    const { set, mask } = rule.flags
    own.push(
      `--tcp-flags ${formatFlagNames(mask, IPT_TCP_FLAGS)} ${set === 0 ? 'NONE' : formatFlagNames(set, IPT_TCP_FLAGS)}`,
    )
  }
  if (rule.icmpType) own.push(`--icmp-type ${rule.icmpType[0]}`)
  if (own.length) parts.push(`-m ${p} ${own.join(' ')}`)
  if (rule.sport && !single(rule.sport))
    parts.push(`-m multiport --sports ${rule.sport.map(ports).join(',')}`)
  if (rule.dport && !single(rule.dport))
    parts.push(`-m multiport --dports ${rule.dport.map(ports).join(',')}`)
  if (rule.ct) parts.push(`-m conntrack --ctstate ${rule.ct.map((s) => s.toUpperCase()).join(',')}`)
  if (rule.comment !== undefined) parts.push(`-m comment --comment ${quote(rule.comment)}`)
  parts.push(`-j ${rule.action.toUpperCase()}`)
  return parts.join(' ')
}
