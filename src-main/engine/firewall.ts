// A firewall filtering forwarded traffic: route by subnet, run conntrack (stateful kind), then the
// ordered rules, first match wins, policy otherwise — an nftables `type filter hook forward` chain
// on a Linux router, as portwise-scenario/1 specifies. Pure; time comes with each packet.
import { Classifier } from './classifier/classifier'
import { Conntrack, PREFETCH_BURST, type Tracked } from './conntrack/conntrack'
import { type Cidr, cidrContains } from './ip'
import type { Packet } from './packet'
import { type CtState, type Rule, uniformRule } from './rule'

export { firstMatch } from './first-match'

export type FirewallKind = 'stateless' | 'stateful'
export type Verdict = 'accept' | 'drop'

export interface Interface {
  name: string
  /** the network behind the interface */
  subnet: Cidr
}

export interface FirewallSpec {
  kind: FirewallKind
  interfaces: Interface[]
  policy: Verdict
  rules: Rule[]
}

export interface Decision {
  verdict: Verdict
  /** the ct state the rules saw; null for a stateless firewall or an unrouted packet */
  ct: CtState | null
  /** index of the rule that decided, or null when the policy (or routing) did */
  rule: number | null
  /** interface the packet leaves by; null when no subnet holds its destination */
  out: string | null
  /** the deciding rule was `reject`: the sender is told (ICMP unreachable or TCP RST) */
  reject: boolean
  /** what conntrack did (stateful only) */
  tracked: Tracked | null
}

/**
 * The interface whose subnet holds `dst`: longest prefix first, the first listed among equals.
 * Returns null when none does.
 */
export function routeOut(interfaces: readonly Interface[], dst: number): Interface | null {
  let best: Interface | null = null
  for (const i of interfaces) {
    if (cidrContains(i.subnet, dst) && (best === null || i.subnet.len > best.subnet.len)) best = i
  }
  return best
}

const inBlock = (addr: number, block: number, bits: number) => addr >>> (32 - bits) === block
const BROADCAST = 0xffffffff

/**
 * An address pair a Linux router never forwards, whatever its routes (net/ipv4/route.c,
 * ip_route_input_rcu and ip_route_input_slow with route_localnet off): a multicast or broadcast
 * source, a source or destination of 0.0.0.0 (only that one: 0.0.0.0/8 is unicast since 5.3) or
 * in 127.0.0.0/8, and a multicast (not forwarded without multicast routing) or limited-broadcast
 * destination (delivered locally). Kernel 6.18 drops each before the forward hook.
 */
export function martian(src: number, dst: number): boolean {
  return (
    inBlock(src, 0xe, 4) ||
    src === BROADCAST ||
    src === 0 ||
    dst === 0 ||
    inBlock(src, 127, 8) ||
    inBlock(dst, 127, 8) ||
    inBlock(dst, 0xe, 4) ||
    dst === BROADCAST
  )
}

/** A netfilter base chain: its hook, ordered rules and policy. */
export type Hook = 'input' | 'forward' | 'output'
export interface Chain {
  policy: Verdict
  rules: Rule[]
}

/**
 * One netfilter instance: a connection table shared by its chains, as on one Linux machine.
 * Routers and appliances filter on `forward`; hosts on `input` (to them) and `output` (from them).
 * A hook without a chain accepts, though conntrack still sees the packet.
 */
export class Filter {
  readonly conntrack = new Conntrack()

  readonly chains: Partial<Record<Hook, Chain>>

  /** The compiled classifier of each chain: what `filter` asks (its rules are the chain's). */
  private readonly classifiers: Partial<Record<Hook, Classifier>> = {}

  constructor(
    readonly kind: FirewallKind,
    chains: Partial<Record<Hook, Chain>>,
  ) {
    this.chains = {}
    for (const [hook, chain] of Object.entries(chains) as [Hook, Chain][]) {
      const classifier = new Classifier(chain.rules.map(uniformRule))
      this.classifiers[hook] = classifier
      this.chains[hook] = { policy: chain.policy, rules: classifier.rules }
    }
  }

  /**
   * Edits one rule of a chain in place: the classifier takes the change without a rebuild (a
   * renumbering pass over the rules, then only the boxes of the rule). `rule: null` removes it;
   * `replace: false` inserts before `index`.
   */
  editRule(hook: Hook, index: number, rule: Rule | null, replace = true): void {
    const c = this.classifiers[hook]
    if (!c) throw new Error(`no ${hook} chain`)
    if (rule === null) c.remove(index)
    else if (replace) c.replace(index, uniformRule(rule))
    else c.insert(index, uniformRule(rule))
  }

  /** Conntrack, then the hook's chain; `out` is the interface routing chose. */
  decide(p: Packet, hook: Hook, out: string): Decision {
    const tracked = this.kind === 'stateful' ? this.conntrack.track(p) : null
    return this.filter(p, hook, out, tracked)
  }

  /** The chain alone, for a packet conntrack has already seen. */
  filter(p: Packet, hook: Hook, out: string, tracked: Tracked | null): Decision {
    const chain = this.chains[hook]
    const ct = tracked ? tracked.ct : null
    const index = chain ? this.classifiers[hook]!.classify(p, out, ct) : -1
    const rule = chain && index >= 0 ? chain.rules[index] : null
    const verdict: Verdict = rule
      ? rule.action === 'accept'
        ? 'accept'
        : 'drop'
      : (chain?.policy ?? 'accept')
    if (tracked && verdict === 'accept') this.conntrack.confirm(tracked)
    return {
      verdict,
      ct,
      rule: rule ? index : null,
      out,
      reject: rule?.action === 'reject',
      tracked,
    }
  }
}

/** The firewall of a portwise-scenario/1 file: a router with one forward chain, routing by subnet. */
export class Firewall {
  private readonly filterer: Filter

  constructor(readonly spec: FirewallSpec) {
    this.filterer = new Filter(spec.kind, { forward: { policy: spec.policy, rules: spec.rules } })
  }

  get conntrack(): Conntrack {
    return this.filterer.conntrack
  }

  /** Decides one packet; for a stateful firewall this moves the connection table. */
  process(p: Packet): Decision {
    // Conntrack sits in PREROUTING (priority -200), before the routing decision, so even a packet
    // that routing then drops moves its connection; a new entry is never confirmed for it.
    const tracked = this.spec.kind === 'stateful' ? this.conntrack.track(p) : null
    // Routing drops martians as it drops a destination no subnet holds: no rule sees them.
    const out = martian(p.src, p.dst) ? null : routeOut(this.spec.interfaces, p.dst)
    if (out === null)
      return { verdict: 'drop', ct: null, rule: null, out: null, reject: false, tracked }
    return this.filterer.filter(p, 'forward', out.name, tracked)
  }

  /**
   * Decides packets in order, exactly as `process` one at a time; a stateful firewall first
   * prefetches each burst's connection-table slots (`Conntrack.prefetch`), which moves nothing.
   */
  processAll(packets: readonly Packet[]): Decision[] {
    const decisions: Decision[] = []
    const stateful = this.spec.kind === 'stateful'
    for (let from = 0; from < packets.length; from += PREFETCH_BURST) {
      const to = Math.min(packets.length, from + PREFETCH_BURST)
      if (stateful) this.conntrack.prefetch(packets, from, to)
      for (let k = from; k < to; k++) decisions.push(this.process(packets[k]))
    }
    return decisions
  }
}
