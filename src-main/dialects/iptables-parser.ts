// Reads `iptables-save` text into a RuleSet: the filter table's built-in chains, their policies and
// `-A` rules made of the matches of the scenario contract (-s -d -i -o -p, -m tcp/udp/icmp,
// multiport, conntrack/state, comment; -j ACCEPT, DROP, REJECT). Anything else is an error naming
// its line and column. Pure; runs anywhere.
import { type Cidr, parseCidr } from '../engine/ip'
import type { Proto } from '../engine/packet'
import { type Action, type CtState, type PortRange, type Rule, CT_STATES } from '../engine/rule'
import { nameTable } from '../shared/name-table'
import { meant } from '../shared/spelling'
import { type Origins, type ParseResult, type SourcePos, Problems, sortByPlace } from './diagnostic'
import { ALL_TCP_FLAGS, ICMP_TYPES, IPT_TCP_FLAGS, PROTO_NUMBERS, SERVICES } from './names'
import { hookIncoherence } from './rule-shape'
import { type Chain, type Hook, normalizeRuleSet } from './ruleset'

export const IPT_CHAINS: Readonly<Record<string, Hook>> = nameTable({
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
})

interface Word extends SourcePos {
  text: string
  /** written in quotes: never an option */
  quoted: boolean
}

class IptError extends Error {
  constructor(
    message: string,
    readonly at: SourcePos,
  ) {
    super(message)
  }
}

const notSupported = (what: string) => `${what} is not supported by Portwise`

/** The long options a rule may hold (the cases of its switch), for naming a misspelt one. */
const OPTIONS = [
  '--set-counters',
  '--source',
  '--destination',
  '--in-interface',
  '--out-interface',
  '--protocol',
  '--match',
  '--sport',
  '--source-port',
  '--dport',
  '--destination-port',
  '--sports',
  '--source-ports',
  '--dports',
  '--destination-ports',
  '--ports',
  '--tcp-flags',
  '--syn',
  '--icmp-type',
  '--ctstate',
  '--state',
  '--comment',
  '--jump',
]

/** Splits one line as iptables-restore does: on blanks, with "double quotes" and \" inside them. */
export function splitIptLine(text: string, line: number): Word[] {
  const words: Word[] = []
  let i = 0
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') {
      i++
      continue
    }
    const at = { line, column: i + 1 }
    let word = ''
    let quoted = false
    while (i < text.length && !/[ \t\r]/.test(text[i])) {
      if (text[i] === '"') {
        quoted = true
        i++
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++
          word += text[i++]
        }
        if (i >= text.length) throw new IptError('this string has no closing "', at)
        i++
      } else word += text[i++]
    }
    words.push({ text: word, quoted, ...at })
  }
  return words
}

export function parseIptables(text: string): ParseResult {
  const problems = new Problems()
  const origins: Origins = new WeakMap()
  const chains = new Map<string, Chain>()
  let table: { name: string; at: SourcePos } | null = null
  let sawFilter = false
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const line = index + 1
    try {
      const all = splitIptLine(raw, line)
      // iptables-save -c writes each rule's counters first: `[3:180] -A …`; they count, not filter
      const words = all.length > 1 && /^\[\d+:\d+\]$/.test(all[0].text) ? all.slice(1) : all
      if (words.length === 0 || words[0].text.startsWith('#')) return
      const first = words[0]
      if (first.text.startsWith('*')) {
        if (table) throw new IptError(`table ${table.name} has no COMMIT before this table`, first)
        table = { name: first.text.slice(1), at: first }
        if (table.name === 'filter') {
          if (sawFilter) throw new IptError('a second *filter table', first)
          sawFilter = true
        }
        return
      }
      if (!table)
        throw new IptError(
          `${JSON.stringify(first.text)} outside a table: begin with *filter`,
          first,
        )
      if (first.text === 'COMMIT') {
        table = null
        return
      }
      if (table.name !== 'filter') {
        // other tables are fine only as iptables-save lists them untouched: no rules, chains accepting
        if (first.text.startsWith(':') && words[1]?.text === 'ACCEPT') return
        throw new IptError(
          notSupported(`table ${table.name}`) + ' (only the filter table filters)',
          first,
        )
      }
      if (first.text.startsWith(':')) return declareChain(words, chains, origins)
      if (first.text === '-A' || first.text === '--append') {
        const name = words[1]
        if (!name) throw new IptError('-A needs a chain name', first)
        const chain = chains.get(name.text) ?? builtIn(name, chains)
        const rule = parseRule(words.slice(2), first)
        const why = hookIncoherence(rule, chain.hook)
        if (why) throw new IptError(why, first)
        origins.set(rule, { line: first.line, column: first.column })
        chain.rules.push(rule)
        return
      }
      throw new IptError(
        ['-I', '-D', '-R', '-N', '-X', '-P', '-F', '-Z'].includes(first.text)
          ? notSupported(`${first.text} in a saved ruleset`) + ': list every rule in order with -A'
          : `expected -A, :CHAIN, COMMIT or *table, found ${JSON.stringify(first.text)}`,
        first,
      )
    } catch (e) {
      if (!(e instanceof IptError)) throw e
      problems.add(e.message, e.at)
    }
  })
  if (table !== null) {
    const t = table as { name: string; at: SourcePos }
    problems.add(`table ${t.name} has no COMMIT at its end`, t.at)
  }
  if (problems.any) return { ok: false, errors: sortByPlace(problems.list) }
  const ruleSet = normalizeRuleSet({ chains: [...chains.values()], stateful: false })
  return { ok: true, ruleSet, origins }
}

/** `:FORWARD DROP [0:0]`; a user chain (`:NAME - [0:0]`) is reached only by a jump. */
function declareChain(words: Word[], chains: Map<string, Chain>, origins: Origins): void {
  const [head, policy] = words
  const name = head.text.slice(1)
  const hook = IPT_CHAINS[name]
  if (!hook)
    throw new IptError(
      notSupported(`user chain ${name}`) + ' (chains are reached only by jumps)',
      head,
    )
  if (chains.has(name)) throw new IptError(`chain ${name} is declared twice`, head)
  if (!policy || (policy.text !== 'ACCEPT' && policy.text !== 'DROP'))
    throw new IptError(
      `the policy of ${name} is ACCEPT or DROP, not ${policy ? JSON.stringify(policy.text) : 'missing'}`,
      policy ?? head,
    )
  const chain: Chain = { hook, policy: policy.text === 'ACCEPT' ? 'accept' : 'drop', rules: [] }
  origins.set(chain, { line: head.line, column: head.column })
  chains.set(name, chain)
}

/** A built-in chain used before its declaration: iptables' own default policy is ACCEPT. */
function builtIn(name: Word, chains: Map<string, Chain>): Chain {
  const hook = IPT_CHAINS[name.text]
  if (!hook)
    throw new IptError(
      notSupported(`user chain ${name.text}`) + ' (chains are reached only by jumps)',
      name,
    )
  const chain: Chain = { hook, policy: 'accept', rules: [] }
  chains.set(name.text, chain)
  return chain
}

/** The options after `-A CHAIN`. */
function parseRule(words: Word[], start: Word): Rule {
  const rule: Partial<Rule> = {}
  const loaded = new Set<string>()
  let action: Action | null = null
  let i = 0
  const take = (opt: Word): Word => {
    const v = words[i++]
    if (v === undefined) throw new IptError(`${opt.text} needs a value`, opt)
    if (v.text === '!') throw negation(v)
    return v
  }
  const setOnce = <K extends keyof Rule>(key: K, value: Rule[K], at: Word) => {
    if (rule[key] !== undefined) throw new IptError(`a second ${key} match in one rule`, at)
    rule[key] = value
  }
  const needs = (opt: Word, match: string) => {
    if (!loaded.has(match))
      throw new IptError(
        `${opt.text} needs -m ${match}${match === 'tcp' || match === 'udp' ? ` (or -p ${match})` : ''}`,
        opt,
      )
  }
  while (i < words.length) {
    const opt = words[i++]
    if (opt.text === '!') throw negation(opt)
    if (opt.quoted) throw new IptError(`expected an option, found "${opt.text}"`, opt)
    if (action !== null) throw new IptError(`${opt.text} after -j: the target comes last`, opt)
    switch (opt.text) {
      case '-c':
      case '--set-counters':
        take(opt)
        take(opt)
        break
      case '-s':
      case '--source':
      case '-d':
      case '--destination':
        setOnce(
          opt.text.startsWith('-s') || opt.text === '--source' ? 'src' : 'dst',
          addresses(take(opt)),
          opt,
        )
        break
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface':
        setOnce(
          opt.text === '-i' || opt.text === '--in-interface' ? 'in' : 'out',
          interfaceName(take(opt)),
          opt,
        )
        break
      case '-p':
      case '--protocol': {
        const v = take(opt)
        const name = v.text.toLowerCase()
        if (name === 'all' || name === '0') break
        const proto =
          name === 'tcp' || name === 'udp' || name === 'icmp' ? name : PROTO_NUMBERS[name]
        if (!proto)
          throw new IptError(
            `protocol ${JSON.stringify(v.text)} is not supported by Portwise: use tcp, udp or icmp`,
            v,
          )
        setOnce('proto', proto as Proto, opt)
        loaded.add(proto) // -p tcp loads the tcp match, so --dport works without -m tcp
        break
      }
      case '-m':
      case '--match': {
        const m = take(opt)
        const known = ['tcp', 'udp', 'icmp', 'multiport', 'conntrack', 'state', 'comment']
        if (!known.includes(m.text)) {
          const near = meant(m.text, known)
          throw new IptError(
            near
              ? `unknown match -m ${m.text}: did you mean -m ${near}?`
              : notSupported(`match -m ${m.text}`),
            m,
          )
        }
        if ((m.text === 'tcp' || m.text === 'udp' || m.text === 'icmp') && rule.proto !== m.text)
          throw new IptError(`-m ${m.text} needs -p ${m.text} before it`, m)
        loaded.add(m.text)
        break
      }
      case '--sport':
      case '--source-port':
      case '--dport':
      case '--destination-port':
        if (!loaded.has('tcp') && !loaded.has('udp'))
          throw new IptError(`${opt.text} needs -p tcp or -p udp`, opt)
        setOnce(
          opt.text === '--sport' || opt.text === '--source-port' ? 'sport' : 'dport',
          [portRange(take(opt))],
          opt,
        )
        break
      case '--sports':
      case '--source-ports':
      case '--dports':
      case '--destination-ports': {
        needs(opt, 'multiport')
        if (rule.proto !== 'tcp' && rule.proto !== 'udp')
          throw new IptError('-m multiport needs -p tcp or -p udp', opt)
        const v = take(opt)
        const field = opt.text === '--sports' || opt.text === '--source-ports' ? 'sport' : 'dport'
        setOnce(
          field,
          v.text.split(',').map((p) => portRange({ ...v, text: p })),
          opt,
        )
        break
      }
      case '--ports':
        throw new IptError(
          notSupported('--ports (source or destination)') + ': write --sports or --dports',
          opt,
        )
      case '--tcp-flags': {
        needs(opt, 'tcp')
        const mask = tcpFlags(take(opt))
        const set = tcpFlags(take(opt))
        setOnce('flags', { set, mask }, opt)
        break
      }
      case '--syn':
        // iptables: --syn is --tcp-flags SYN,RST,ACK,FIN SYN
        needs(opt, 'tcp')
        setOnce('flags', { set: 0x02, mask: 0x17 }, opt)
        break
      case '--icmp-type': {
        needs(opt, 'icmp')
        const v = take(opt)
        if (v.text !== 'any') setOnce('icmpType', [icmpType(v)], opt)
        break
      }
      case '--ctstate':
      case '--state': {
        needs(opt, opt.text === '--state' ? 'state' : 'conntrack')
        const v = take(opt)
        const states = v.text.split(',').map((s) => ctState(s, v))
        setOnce(
          'ct',
          CT_STATES.filter((s) => states.includes(s)),
          opt,
        )
        break
      }
      case '--comment':
        needs(opt, 'comment')
        setOnce('comment', take(opt).text, opt)
        break
      case '-j':
      case '--jump': {
        const t = take(opt)
        if (t.text === 'ACCEPT' || t.text === 'DROP' || t.text === 'REJECT')
          action = t.text.toLowerCase() as Action
        else {
          // targets are case-sensitive: iptables cannot load target `accept'
          const near = meant(t.text, ['ACCEPT', 'DROP', 'REJECT'])
          throw new IptError(
            near
              ? `unknown target ${t.text}: did you mean ${near}?`
              : notSupported(`target ${t.text}`) + ' (targets are ACCEPT, DROP and REJECT)',
            t,
          )
        }
        if (action === 'reject' && words[i]?.text === '--reject-with') {
          // iptables-save spells out REJECT's default; any other reply is not modelled
          const w = take(words[i++])
          if (w.text !== 'icmp-port-unreachable')
            throw new IptError(notSupported(`--reject-with ${w.text}`) + ': a plain REJECT is', w)
        }
        break
      }
      case '-g':
      case '--goto':
        throw new IptError(notSupported('goto another chain'), opt)
      default: {
        const near = meant(opt.text, OPTIONS)
        throw new IptError(
          near
            ? `unknown option ${opt.text}: did you mean ${near}?`
            : notSupported(`option ${opt.text}`),
          opt,
        )
      }
    }
  }
  if (action === null)
    throw new IptError(
      'this rule has no target: end it with -j ACCEPT, -j DROP or -j REJECT',
      start,
    )
  return { action, ...rule } as Rule
}

const negation = (at: SourcePos) =>
  new IptError(
    'negation (!) is not supported by Portwise: write the rules that accept or drop what you mean',
    at,
  )

function addresses(v: Word): Cidr[] {
  return v.text.split(',').map((text) => {
    if (/^[\d.]+-[\d.]+$/.test(text))
      throw new IptError(notSupported(`the address range ${text}`) + ': write CIDR blocks', v)
    const c = parseCidr(text)
    if (!c) throw new IptError(`${JSON.stringify(text)} is not an IPv4 address or CIDR block`, v)
    return c
  })
}

function interfaceName(v: Word): string {
  if (v.text.endsWith('+')) throw new IptError(notSupported(`the wildcard in ${v.text}`), v)
  if (v.text === '') throw new IptError('an interface name cannot be empty', v)
  return v.text
}

/**
 * `80`, `1024:65535`, `1024:` (to 65535) or `:1023` (from 0), as iptables writes ranges; either
 * end may be a service name (`https`), which iptables looks up with getservbyname.
 */
function portRange(v: Word): PortRange {
  const numbers = v.text
    .split(':')
    .map((end) => (/^\d*$/.test(end) ? end : String(SERVICES[end] ?? end)))
    .join(':')
  const m = /^(\d{0,5})(?::(\d{0,5}))?$/.exec(numbers)
  if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) {
    const near = meant(v.text, Object.keys(SERVICES))
    throw new IptError(
      `${JSON.stringify(v.text)} is not a port or a range such as 1024:65535${near ? `: did you mean ${near}?` : ''}`,
      v,
    )
  }
  const lo = m[1] === '' ? 0 : Number(m[1])
  const hi = m[2] === undefined ? lo : m[2] === '' ? 65535 : Number(m[2])
  if (lo > 65535 || hi > 65535)
    throw new IptError(`${JSON.stringify(v.text)} is not a port (0-65535)`, v)
  if (lo > hi) throw new IptError(`${v.text} is an empty range (${lo} is above ${hi})`, v)
  return { lo, hi }
}

function tcpFlags(v: Word): number {
  let bits = 0
  for (const name of v.text.split(',')) {
    if (name === 'ALL') bits |= ALL_TCP_FLAGS
    else if (name === 'NONE') continue
    else {
      const f = IPT_TCP_FLAGS.find(([n]) => n === name)
      if (!f)
        throw new IptError(
          `${JSON.stringify(name)} is not a TCP flag Portwise models (FIN, SYN, RST, PSH, ACK, URG, ALL, NONE)`,
          v,
        )
      bits |= f[1]
    }
  }
  return bits
}

function icmpType(v: Word): number {
  if (v.text.includes('/'))
    throw new IptError(notSupported(`the ICMP code in ${v.text}`) + ': match the type only', v)
  const n = /^\d{1,3}$/.test(v.text) ? Number(v.text) : ICMP_TYPES[v.text]
  if (n === undefined || n > 255)
    throw new IptError(
      `${JSON.stringify(v.text)} is not an ICMP type (a name such as echo-request, or 0-254)`,
      v,
    )
  if (n === 255)
    throw new IptError(
      'iptables reads ICMP type 255 as any type: write --icmp-type any, or leave the match out',
      v,
    )
  return n
}

function ctState(s: string, v: Word): CtState {
  const state = s.toLowerCase()
  if ((CT_STATES as readonly string[]).includes(state)) return state as CtState
  throw new IptError(
    `${JSON.stringify(s)} is not a state Portwise models (NEW, ESTABLISHED, RELATED, INVALID)`,
    v,
  )
}
