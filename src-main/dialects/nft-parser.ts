// Reads nftables rulesets (`nft list ruleset` syntax) into a RuleSet: tables of family ip or inet,
// base chains with type filter, a hook and a policy, and rules built from the matches of the
// scenario contract. Anything else is an error naming its line and column. Pure; runs anywhere.
import { parseCidr } from '../engine/ip'
import type { Proto } from '../engine/packet'
import { type Action, type CtState, type PortRange, type Rule, CT_STATES } from '../engine/rule'
import { nameTable } from '../shared/name-table'
import { meant } from '../shared/spelling'
import { type Origins, type ParseResult, type SourcePos, Problems, sortByPlace } from './diagnostic'
import {
  ALL_TCP_FLAGS,
  ICMP_TYPES,
  NFT_TCP_FLAGS,
  PROTO_NUMBERS,
  SERVICES,
  formatFlagNames,
} from './names'
import { type Token, lexNft } from './nft-lexer'
import { hookIncoherence } from './rule-shape'
import { type Chain, type Hook, HOOKS, normalizeRuleSet } from './ruleset'

/** A parse error; thrown to abandon the statement it is in, caught to go on with the next. */
class NftError extends Error {
  constructor(
    message: string,
    readonly at: SourcePos,
  ) {
    super(message)
  }
}

const UNSUPPORTED: Readonly<Record<string, string>> = nameTable({
  jump: 'jump to another chain',
  goto: 'goto another chain',
  return: 'return',
  continue: 'continue',
  queue: 'queue (to user space)',
  log: 'log',
  limit: 'limit',
  masquerade: 'masquerade (NAT)',
  snat: 'snat (NAT)',
  dnat: 'dnat (NAT)',
  redirect: 'redirect (NAT)',
  notrack: 'notrack',
  th: 'th (any transport header); name the protocol, as in tcp dport or udp dport, and',
  ip6: 'ip6 (IPv6)',
  icmpv6: 'icmpv6 (IPv6)',
  ether: 'ether (link layer)',
  vlan: 'vlan',
  mark: 'mark',
  set: 'set',
  quota: 'quota',
})

const notSupported = (what: string) => `${what} is not supported by Portwise`
const didYouMean = (m: string | undefined) => (m ? `: did you mean "${m}"?` : '')

/** The matches and statements a rule may hold (the cases of `rule`). */
const STATEMENTS = [
  'iifname',
  'oifname',
  'iif',
  'oif',
  'meta',
  'ip',
  'tcp',
  'udp',
  'icmp',
  'ct',
  'counter',
  'accept',
  'drop',
  'reject',
  'comment',
]

/**
 * `head key` where the parser knows only `keys`: a slip of one of them is named as such (nft
 * itself says only "syntax error"), anything else is a real nft key Portwise does not model.
 */
const unknownKey = (head: string, key: string, keys: readonly string[]) => {
  const m = meant(key, keys)
  return m
    ? `"${head} ${key}" is not an nft match: did you mean "${head} ${m}"?`
    : notSupported(`${head} ${key}`)
}

export function parseNft(text: string): ParseResult {
  return new NftParser(text).parse()
}

class NftParser {
  private readonly tokens: Token[]
  private i = 0
  private readonly problems = new Problems()
  private readonly chains = new Map<Hook, Chain>()
  private readonly origins: Origins = new WeakMap()

  constructor(text: string) {
    const { tokens, errors } = lexNft(text)
    this.tokens = tokens
    for (const e of errors) this.problems.add(e.message, e.at)
  }

  parse(): ParseResult {
    this.skipSeparators()
    while (this.peek().kind !== 'end') {
      this.guard(() => this.topStatement(), 'top')
      this.skipSeparators()
    }
    if (this.problems.any) return { ok: false, errors: sortByPlace(this.problems.list) }
    const chains = HOOKS.flatMap((h) => this.chains.get(h) ?? [])
    const ruleSet = normalizeRuleSet({ chains, stateful: false })
    return { ok: true, ruleSet, origins: this.origins }
  }

  // --- structure: tables and chains ---

  private topStatement(): void {
    const t = this.next()
    if (t.kind === 'word' && t.text === 'flush') {
      // `flush ruleset` heads most nft -f files: it empties the kernel's tables before loading
      this.expectWord('ruleset', 'flush ruleset')
      this.endOfStatement()
      return
    }
    if (t.kind === 'word' && (t.text === 'add' || t.text === 'insert' || t.text === 'define'))
      throw new NftError(
        `${t.text} commands are not supported by Portwise: write the ruleset as nft list ruleset prints it (table … { chain … { … } })`,
        t,
      )
    if (t.kind !== 'word' || t.text !== 'table')
      throw new NftError(`expected "table", found ${show(t)}`, t)
    let family = this.next()
    let name = family
    if (this.peek().text !== '{') name = this.next()
    else family = { ...family, text: 'ip' } // nft: a table without a family is of family ip
    if (family.text !== 'ip' && family.text !== 'inet')
      throw new NftError(
        `table family ${family.text} is not supported by Portwise: use ip or inet (IPv4 filtering)`,
        family,
      )
    if (name.kind !== 'word' && name.kind !== 'string')
      throw new NftError(`expected a table name, found ${show(name)}`, name)
    this.expectPunct('{')
    this.skipSeparators()
    while (this.peek().text !== '}' || this.peek().kind !== 'punct') {
      if (this.peek().kind === 'end') throw new NftError('this table has no closing }', this.peek())
      this.guard(() => this.tableStatement(), 'table')
      this.skipSeparators()
    }
    this.next()
  }

  private tableStatement(): void {
    const t = this.next()
    if (t.kind === 'word' && t.text === 'chain') return this.chain(t)
    if (t.kind === 'word' && (t.text === 'set' || t.text === 'map')) {
      this.skipBlock()
      throw new NftError(
        `named ${t.text}s are not supported by Portwise: write the elements in the rule as an anonymous set { … }`,
        t,
      )
    }
    throw new NftError(
      `expected "chain", found ${show(t)}${t.kind === 'word' ? ` (${notSupported(t.text)})` : ''}`,
      t,
    )
  }

  private chain(start: Token): void {
    const name = this.next()
    if (name.kind !== 'word' && name.kind !== 'string')
      throw new NftError(`expected a chain name, found ${show(name)}`, name)
    this.expectPunct('{')
    // nft: a base chain without a policy accepts
    const head: {
      hook: { hook: Hook; at: Token } | null
      typed: boolean
      policy: Chain['policy']
    } = {
      hook: null,
      typed: false,
      policy: 'accept',
    }
    const rules: Rule[] = []
    this.skipSeparators()
    while (!(this.peek().kind === 'punct' && this.peek().text === '}')) {
      if (this.peek().kind === 'end')
        throw new NftError(`chain ${name.text} has no closing }`, this.peek())
      const t = this.peek()
      this.guard(() => {
        if (t.kind === 'word' && t.text === 'type') {
          head.typed = true // a faulty type line is reported once, not again as a missing hook
          head.hook = this.chainType()
        } else if (t.kind === 'word' && t.text === 'policy') head.policy = this.chainPolicy()
        else rules.push(this.rule())
      }, 'chain')
      this.skipSeparators()
    }
    this.next()
    if (head.hook === null) {
      if (!head.typed)
        this.problems.add(
          `chain ${name.text} has no hook: a regular chain runs only when a rule jumps to it, and jumps are not supported by Portwise`,
          name,
        )
      return
    }
    const { hook: h, at } = head.hook
    if (this.chains.has(h)) {
      this.problems.add(`a second chain on hook ${h}: Portwise models one chain per hook`, at)
      return
    }
    for (const rule of rules) {
      const why = hookIncoherence(rule, h)
      if (why) this.problems.add(why, this.origins.get(rule))
    }
    const chain: Chain = { hook: h, policy: head.policy, rules }
    this.origins.set(chain, { line: start.line, column: start.column })
    this.chains.set(h, chain)
  }

  /** `type filter hook forward priority filter;` — the priority orders chains on one hook, and
   *  Portwise allows one chain per hook, so any priority nft accepts is taken. */
  private chainType(): { hook: Hook; at: Token } {
    this.next()
    const type = this.next()
    if (type.text !== 'filter')
      throw new NftError(
        `chain type ${type.text} is not supported by Portwise: only type filter chains filter`,
        type,
      )
    this.expectWord('hook', 'type filter hook …')
    const hook = this.next()
    if (!(HOOKS as readonly string[]).includes(hook.text))
      throw new NftError(
        `hook ${hook.text} is not supported by Portwise: use input, forward or output`,
        hook,
      )
    this.expectWord('priority', 'type filter hook … priority …')
    if (this.atStatementEnd())
      throw new NftError('expected a priority (filter, or a number)', this.peek())
    while (!this.atStatementEnd()) this.next()
    return { hook: hook.text as Hook, at: hook }
  }

  private chainPolicy(): Chain['policy'] {
    this.next()
    const p = this.next()
    if (p.text !== 'accept' && p.text !== 'drop')
      throw new NftError(`policy ${show(p)} is not accept or drop`, p)
    this.endOfStatement()
    return p.text
  }

  // --- rules ---

  private rule(): Rule {
    const start = this.peek()
    const rule: Partial<Rule> = {}
    let action: Action | null = null
    const setOnce = <K extends keyof Rule>(key: K, value: Rule[K], at: Token) => {
      if (rule[key] !== undefined) throw new NftError(`a second ${key} match in one rule`, at)
      rule[key] = value
    }
    const setProto = (proto: Proto, at: Token) => {
      if (rule.proto !== undefined && rule.proto !== proto)
        throw new NftError(
          `this rule already matches protocol ${rule.proto}, so ${proto} can never match`,
          at,
        )
      rule.proto = proto
    }
    while (!this.atStatementEnd()) {
      const t = this.next()
      if (action !== null && t.text !== 'comment')
        throw new NftError(`${show(t)} after the verdict: only a comment may follow ${action}`, t)
      if (t.kind !== 'word')
        throw new NftError(`expected a match or a verdict, found ${show(t)}`, t)
      switch (t.text) {
        case 'iifname':
        case 'oifname':
        case 'iif':
        case 'oif':
          setOnce(t.text.startsWith('i') ? 'in' : 'out', this.interfaceName(t), t)
          break
        case 'meta': {
          const key = this.next()
          if (key.text === 'l4proto') setProto(this.protoValue(key), key)
          else if (key.text === 'iifname' || key.text === 'oifname')
            setOnce(key.text === 'iifname' ? 'in' : 'out', this.interfaceName(key), key)
          else
            throw new NftError(unknownKey('meta', key.text, ['l4proto', 'iifname', 'oifname']), key)
          break
        }
        case 'ip': {
          const key = this.next()
          if (key.text === 'protocol') setProto(this.protoValue(key), key)
          else if (key.text === 'saddr' || key.text === 'daddr')
            setOnce(
              key.text === 'saddr' ? 'src' : 'dst',
              this.values(key, (v) => address(v)),
              key,
            )
          else throw new NftError(unknownKey('ip', key.text, ['saddr', 'daddr', 'protocol']), key)
          break
        }
        case 'tcp':
        case 'udp': {
          const key = this.next()
          setProto(t.text as Proto, t)
          if (key.text === 'sport' || key.text === 'dport')
            setOnce(key.text, this.values(key, portRange), key)
          else if (key.text === 'flags' && t.text === 'tcp') setOnce('flags', this.tcpFlags(), key)
          else
            throw new NftError(
              unknownKey(
                t.text,
                key.text,
                t.text === 'tcp' ? ['sport', 'dport', 'flags'] : ['sport', 'dport'],
              ),
              key,
            )
          break
        }
        case 'icmp': {
          const key = this.next()
          setProto('icmp', t)
          if (key.text === 'type') setOnce('icmpType', this.values(key, icmpType), key)
          else throw new NftError(unknownKey('icmp', key.text, ['type']), key)
          break
        }
        case 'ct': {
          const key = this.next()
          if (key.text !== 'state') throw new NftError(unknownKey('ct', key.text, ['state']), key)
          const states = this.values(key, ctState, true)
          setOnce(
            'ct',
            CT_STATES.filter((s) => states.includes(s)),
            key,
          )
          break
        }
        case 'counter':
          // counters count, they do not filter; `nft list ruleset` prints their values
          if (this.peek().text === 'packets') {
            this.next()
            this.expectNumber()
            this.expectWord('bytes', 'counter packets N bytes N')
            this.expectNumber()
          }
          break
        case 'accept':
        case 'drop':
        case 'reject':
          action = t.text
          if (t.text === 'reject' && this.peek().text === 'with') this.rejectWith()
          break
        case 'comment': {
          const c = this.next()
          if (c.kind !== 'string')
            throw new NftError(`a comment is a "quoted string", not ${show(c)}`, c)
          setOnce('comment', c.text, c)
          break
        }
        default:
          throw new NftError(
            UNSUPPORTED[t.text]
              ? notSupported(UNSUPPORTED[t.text])
              : `unknown match or statement ${show(t)}${didYouMean(meant(t.text, STATEMENTS))}`,
            t,
          )
      }
    }
    if (action === null)
      throw new NftError('this rule has no verdict: end it with accept, drop or reject', start)
    const out = { action, ...rule } as Rule
    this.origins.set(out, { line: start.line, column: start.column })
    return out
  }

  /** nft lists a plain reject in an IPv4 context as `reject with icmp port-unreachable`: that
   *  default is a plain reject; any other reply is not modelled. */
  private rejectWith(): void {
    const withTok = this.next()
    const words: Token[] = []
    while (!this.atStatementEnd() && this.peek().text !== 'comment') words.push(this.next())
    const text = words.map((w) => w.text).join(' ')
    const defaults = [
      'icmp port-unreachable',
      'icmp type port-unreachable',
      'icmpx port-unreachable',
      'icmpx type port-unreachable',
    ]
    if (!defaults.includes(text))
      throw new NftError(notSupported(`reject with ${text}`) + ': a plain reject is', withTok)
  }

  private interfaceName(key: Token): string {
    this.relation(key)
    const v = this.next()
    if (v.kind === 'punct' && v.text === '{')
      throw new NftError(notSupported('a set of interfaces') + ': write one rule per interface', v)
    if (v.kind !== 'word' && v.kind !== 'string')
      throw new NftError(`expected an interface name, found ${show(v)}`, v)
    if (/[*]/.test(v.text)) throw new NftError(notSupported(`the wildcard in ${v.text}`), v)
    if (v.text === '') throw new NftError('an interface name cannot be empty', v)
    return v.text
  }

  private protoValue(key: Token): Proto {
    this.relation(key)
    const v = this.next()
    if (v.text === '{')
      throw new NftError(notSupported('a set of protocols') + ': write one rule per protocol', v)
    const proto =
      v.text === 'tcp' || v.text === 'udp' || v.text === 'icmp' ? v.text : PROTO_NUMBERS[v.text]
    if (proto === undefined)
      throw new NftError(
        `protocol ${show(v)} is not supported by Portwise: use tcp, udp or icmp`,
        v,
      )
    return proto
  }

  /** One value or an anonymous set `{ a, b }`; comma lists without braces where nft allows them
   *  (bitmask types such as ct state). */
  private values<T>(key: Token, one: (t: Token) => T, commaList = false): T[] {
    this.relation(key)
    const first = this.next()
    if (first.kind === 'punct' && first.text === '{') {
      const out: T[] = []
      for (;;) {
        this.skipNewlines()
        const v = this.next()
        if (v.kind === 'punct' && v.text === '}' && out.length > 0) break
        out.push(one(v))
        this.skipNewlines()
        const sep = this.next()
        if (sep.text === '}') break
        if (sep.text !== ',')
          throw new NftError(`expected , or } in the set, found ${show(sep)}`, sep)
      }
      return out
    }
    const out = [one(first)]
    while (commaList && this.peek().text === ',') {
      this.next()
      out.push(one(this.next()))
    }
    return out
  }

  /** The operator after a field: implicit or `==`; nothing else is supported. */
  private relation(key: Token): void {
    const op = this.peek()
    if (op.kind !== 'punct') return
    if (op.text === '==') this.next()
    else if (op.text === '!=' || op.text === '!')
      throw new NftError(
        `negation (${op.text}) is not supported by Portwise: write the rules that accept or drop what you mean`,
        op,
      )
    else if (['<', '>', '<=', '>='].includes(op.text))
      throw new NftError(
        notSupported(`comparison (${op.text})`) + ': write a range such as 1024-65535',
        op,
      )
    else if (op.text !== '{')
      throw new NftError(`expected a value after ${key.text}, found ${show(op)}`, op)
  }

  /**
   * The forms nft accepts and lists for a TCP flag match: `syn / syn,ack` (what nft list prints
   * for `& (syn|ack) == syn`), `& (syn | ack) == syn`, `== syn` (all flags examined), `! syn,ack`
   * (none of them set) and a lone flag (`tcp flags syn`: that flag set).
   */
  private tcpFlags(): { set: number; mask: number } {
    const op = this.peek()
    if (op.text === '!=')
      throw new NftError(
        `negation (!=) is not supported by Portwise: write the flags that must be set, as in tcp flags syn / syn,ack`,
        op,
      )
    if (op.text === '{')
      throw new NftError(
        notSupported('a set of TCP flag values') + ': write tcp flags syn / syn,ack',
        op,
      )
    if (op.text === '!') {
      this.next()
      return { set: 0, mask: this.flagList(',') }
    }
    if (op.text === '==') {
      this.next()
      return { set: this.flagList('|'), mask: ALL_TCP_FLAGS }
    }
    if (op.text === '&') {
      this.next()
      const mask = this.flagList('|')
      const eq = this.next()
      if (eq.text === '!=')
        throw new NftError(
          `negation (!=) is not supported by Portwise: write tcp flags & (…) == …`,
          eq,
        )
      if (eq.text !== '==')
        throw new NftError(`expected == after the tcp flags mask, found ${show(eq)}`, eq)
      return { set: this.flagList('|'), mask }
    }
    const listAt = this.peek()
    const set = this.flagList(',')
    if (this.peek().text === '/') {
      this.next()
      return { set, mask: this.flagList(',') }
    }
    const names = formatFlagNames(set, NFT_TCP_FLAGS)
    if ((set & (set - 1)) !== 0)
      throw new NftError(
        `tcp flags ${names} matches when any of them is set, which Portwise cannot express: write tcp flags ${names} / ${names} for all of them set`,
        listAt,
      )
    if (set === 0)
      throw new NftError(
        `tcp flags 0 never matches: write tcp flags ! syn,ack for none of them set`,
        listAt,
      )
    return { set, mask: set }
  }

  /** `syn,ack`, `syn | ack`, `(syn | ack)`, `0x12` or `0`. */
  private flagList(sep: ',' | '|'): number {
    const open = this.peek().text === '('
    if (open) this.next()
    let bits = 0
    for (;;) {
      const t = this.next()
      const named = NFT_TCP_FLAGS.find(([n]) => n === t.text)
      if (named) bits |= named[1]
      else if (/^(0x[0-9a-f]+|\d+)$/i.test(t.text)) {
        const n = Number(t.text)
        if (n & ~ALL_TCP_FLAGS)
          throw new NftError(
            notSupported(`TCP flags outside fin,syn,rst,psh,ack,urg (${t.text})`),
            t,
          )
        bits |= n
      } else if (t.text === 'ecn' || t.text === 'cwr')
        throw new NftError(notSupported(`TCP flag ${t.text}`), t)
      else throw new NftError(`${show(t)} is not a TCP flag (fin, syn, rst, psh, ack, urg)`, t)
      const s = this.peek().text
      if (s === sep || (open && (s === '|' || s === ','))) this.next()
      else break
    }
    if (open) this.expectPunct(')')
    return bits
  }

  // --- tokens ---

  private peek(): Token {
    return this.tokens[this.i]
  }

  private next(): Token {
    const t = this.tokens[this.i]
    if (t.kind !== 'end') this.i++
    return t
  }

  private atStatementEnd(): boolean {
    const t = this.peek()
    return (
      t.kind === 'newline' ||
      t.kind === 'end' ||
      (t.kind === 'punct' && (t.text === ';' || t.text === '}'))
    )
  }

  private endOfStatement(): void {
    if (!this.atStatementEnd()) throw new NftError(`unexpected ${show(this.peek())}`, this.peek())
  }

  private skipSeparators(): void {
    while (
      this.peek().kind === 'newline' ||
      (this.peek().kind === 'punct' && this.peek().text === ';')
    )
      this.next()
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next()
  }

  /** After an error, on to the end of the statement (braces balanced) to look for the next. */
  private recover(level: 'top' | 'table' | 'chain'): void {
    let depth = 0
    for (;;) {
      const t = this.peek()
      if (t.kind === 'end') return
      if (t.kind === 'punct' && t.text === '{') depth++
      if (t.kind === 'punct' && t.text === '}') {
        if (depth === 0) {
          if (level === 'top') this.next()
          return
        }
        depth--
      }
      if (depth === 0 && (t.kind === 'newline' || t.text === ';')) return
      this.next()
    }
  }

  private guard(body: () => void, level: 'top' | 'table' | 'chain'): void {
    try {
      body()
    } catch (e) {
      if (!(e instanceof NftError)) throw e
      this.problems.add(e.message, e.at)
      this.recover(level)
    }
  }

  private skipBlock(): void {
    while (this.peek().kind !== 'end' && this.peek().text !== '{') this.next()
    let depth = 0
    while (this.peek().kind !== 'end') {
      const t = this.next()
      if (t.text === '{') depth++
      if (t.text === '}' && --depth === 0) return
    }
  }

  private expectPunct(p: string): void {
    const t = this.next()
    if (t.kind !== 'punct' || t.text !== p) throw new NftError(`expected ${p}, found ${show(t)}`, t)
  }

  private expectWord(w: string, form: string): void {
    const t = this.next()
    if (t.kind !== 'word' || t.text !== w)
      throw new NftError(`expected "${w}" (${form}), found ${show(t)}`, t)
  }

  private expectNumber(): void {
    const t = this.next()
    if (!/^\d+$/.test(t.text)) throw new NftError(`expected a number, found ${show(t)}`, t)
  }
}

// --- values ---

function address(t: Token): { addr: number; len: number } {
  if (t.kind === 'word' && /^[\d.]+-[\d.]+$/.test(t.text))
    throw new NftError(
      notSupported(`the address range ${t.text}`) + ': write CIDR blocks such as 10.0.0.0/24',
      t,
    )
  const c = t.kind === 'word' ? parseCidr(t.text) : null
  if (c === null) throw new NftError(`${show(t)} is not an IPv4 address or CIDR block`, t)
  return c
}

function port(text: string, t: Token): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : SERVICES[text]
  if (n === undefined || n > 65535)
    throw new NftError(
      `${JSON.stringify(text)} is not a port (0-65535)${didYouMean(meant(text, Object.keys(SERVICES)))}`,
      t,
    )
  return n
}

function portRange(t: Token): PortRange {
  if (t.kind !== 'word')
    throw new NftError(`expected a port or a range such as 1024-65535, found ${show(t)}`, t)
  const dash = t.text.indexOf('-')
  if (dash < 0) {
    const p = port(t.text, t)
    return { lo: p, hi: p }
  }
  const lo = port(t.text.slice(0, dash), t)
  const hi = port(t.text.slice(dash + 1), t)
  if (lo > hi) throw new NftError(`${t.text} is an empty range (${lo} is above ${hi})`, t)
  return { lo, hi }
}

function icmpType(t: Token): number {
  const n = /^\d{1,3}$/.test(t.text) ? Number(t.text) : ICMP_TYPES[t.text]
  if (n === undefined || n > 255)
    throw new NftError(`${show(t)} is not an ICMP type (a name such as echo-request, or 0-255)`, t)
  return n
}

function ctState(t: Token): CtState {
  if ((CT_STATES as readonly string[]).includes(t.text)) return t.text as CtState
  throw new NftError(
    `${show(t)} is not a ct state Portwise models (new, established, related, invalid)`,
    t,
  )
}

function show(t: Token): string {
  if (t.kind === 'end') return 'the end of the text'
  if (t.kind === 'newline') return 'the end of the line'
  return `"${t.text}"`
}
