// Writes a RuleSet as an nftables ruleset in the form `nft list ruleset` prints and `nft -f` loads:
// one `table inet filter` with a base chain per hook. Pure; runs anywhere.
import { formatCidr } from '../engine/ip'
import { type Rule, formatPortRange } from '../engine/rule'
import { type Diagnostic, type Origins, type PrintResult, Problems } from './diagnostic'
import { NFT_TCP_FLAGS, formatFlagNames, icmpTypeName } from './names'
import { hookIncoherence, incoherence, ruleLabel, withImpliedProto } from './rule-shape'
import type { RuleSet } from './ruleset'

/** nft keeps at most 128 bytes of a comment (NFT_USERDATA_MAXLEN). */
const MAX_COMMENT = 128
/** Linux interface names are at most 15 bytes (IFNAMSIZ 16, with the terminating NUL). */
export const MAX_IFNAME = 15

export function printNft(set: RuleSet, origins?: Origins): PrintResult {
  const problems = new Problems()
  const lines = ['table inet filter {']
  set.chains.forEach((chain, ci) => {
    if (ci > 0) lines.push('')
    lines.push(`\tchain ${chain.hook} {`)
    lines.push(`\t\ttype filter hook ${chain.hook} priority filter; policy ${chain.policy};`)
    chain.rules.forEach((rule, ri) => {
      const why = nftRuleProblems(rule)
      const hookWhy = hookIncoherence(rule, chain.hook)
      if (hookWhy) why.push(hookWhy)
      const at = origins?.get(rule)
      for (const w of why) problems.add(`${ruleLabel(chain.hook, ri)}: ${w}`, at)
      if (why.length === 0) lines.push(`\t\t${nftRule(rule)}`)
    })
    lines.push('\t}')
  })
  lines.push('}')
  if (problems.any) return { ok: false, errors: problems.list }
  return { ok: true, text: lines.join('\n') + '\n', notes: [] as Diagnostic[] }
}

/** What nft itself cannot hold, besides what no dialect can (rule-shape.ts). */
function nftRuleProblems(original: Rule): string[] {
  const rule = withImpliedProto(original)
  const why = incoherence(rule)
  for (const f of ['in', 'out'] as const) {
    const name = rule[f]
    if (name === undefined) continue
    if (name === '' || name.length > MAX_IFNAME || /["\s*\\]/.test(name))
      why.push(
        `${JSON.stringify(name)} is not an interface name nft accepts (1-15 characters, no quotes, spaces or *)`,
      )
  }
  if (rule.comment !== undefined) {
    if (/["\n\r]/.test(rule.comment))
      why.push('an nft comment cannot hold a double quote or a line break')
    if (new TextEncoder().encode(rule.comment).length > MAX_COMMENT)
      why.push(`an nft comment holds at most ${MAX_COMMENT} bytes`)
  }
  if (rule.flags !== undefined) {
    const { set, mask } = rule.flags
    if (mask === 0 || mask & ~0x3f)
      why.push('a TCP flag match must examine some of fin, syn, rst, psh, ack, urg')
    if (set & ~mask) why.push('TCP flags required set outside the flags examined can never match')
  }
  return why
}

const list = (items: string[]) => (items.length === 1 ? items[0] : `{ ${items.join(', ')} }`)

/** One rule, its parts in the order nft lists them. Expects nftRuleProblems to be empty. */
export function nftRule(original: Rule): string {
  const rule = withImpliedProto(original)
  const parts: string[] = []
  if (rule.in !== undefined) parts.push(`iifname "${rule.in}"`)
  if (rule.out !== undefined) parts.push(`oifname "${rule.out}"`)
  if (rule.src) parts.push(`ip saddr ${list(rule.src.map(formatCidr))}`)
  if (rule.dst) parts.push(`ip daddr ${list(rule.dst.map(formatCidr))}`)
  const p = rule.proto
  // `tcp dport` and `icmp type` carry their protocol, as nft list shows (it drops the dependency)
  const named = rule.sport || rule.dport || rule.flags || rule.icmpType
  if (p !== undefined && !named) parts.push(`meta l4proto ${p}`)
  if (rule.sport) parts.push(`${p} sport ${list(rule.sport.map(formatPortRange))}`)
  if (rule.dport) parts.push(`${p} dport ${list(rule.dport.map(formatPortRange))}`)
  if (rule.flags) {
    const { set, mask } = rule.flags
    // the `&` form: nft 1.0.6 lists `syn / syn,ack` but cannot read back `urg / urg ct state …`
    const names = (bits: number) => formatFlagNames(bits, NFT_TCP_FLAGS, ' | ')
    const m = mask & (mask - 1) ? `(${names(mask)})` : names(mask)
    parts.push(`tcp flags & ${m} == ${set === 0 ? '0' : names(set)}`)
  }
  if (rule.icmpType) parts.push(`icmp type ${list(rule.icmpType.map(icmpTypeName))}`)
  if (rule.ct) parts.push(`ct state ${rule.ct.join(',')}`)
  parts.push(rule.action)
  if (rule.comment !== undefined) parts.push(`comment "${rule.comment}"`)
  return parts.join(' ')
}
