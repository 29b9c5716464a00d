// The missing inverse rule: when a stateless firewall drops a response, the narrowest rule that
// would let it through — from the service's port back to the client's ephemeral range, as its OS
// profile picks them. Pure; runs anywhere.
import { formatIpv4 } from '../engine/ip'
import { type Rule, describeRule, formatPortRange } from '../engine/rule'
import { type Network, checkRule } from './network'
import { OS_PROFILES } from './os-profiles'
import type { PacketTrace, Suggestion } from './trace'
import type { TopologyNode } from './topology'

export function suggestInverseRule(
  net: Network,
  lost: PacketTrace,
  client: TopologyNode,
): Suggestion | null {
  const by = lost.droppedBy
  if (!by) return null
  const filter = net.filterOf(by.node)
  const chain = filter?.chains[by.hook]
  const p = lost.packet
  // Only a response to the client, dropped by a filter that cannot know it is one.
  if (!filter || !chain || filter.kind !== 'stateless') return null
  if (
    !client.interfaces.some((i) => i.address === p.dst) ||
    (p.proto === 'icmp' && p.icmpType !== 0)
  )
    return null
  const hop = lost.hops.find((h) => h.node === by.node)
  const profile = OS_PROFILES[client.os]
  // A client port pinned outside its OS's range still needs covering: widen to 1024-65535.
  const ephemeral =
    p.dport >= profile.ephemeral.lo && p.dport <= profile.ephemeral.hi
      ? profile.ephemeral
      : OS_PROFILES.full.ephemeral
  const host = (addr: number) => [{ addr, len: 32 }]
  const rule: Rule = { action: 'accept' }
  if (hop?.in && by.hook !== 'output') rule.in = hop.in
  if (by.out && by.hook === 'forward') rule.out = by.out
  rule.proto = p.proto
  rule.src = host(p.src)
  rule.dst = host(p.dst)
  if (p.proto === 'icmp') rule.icmpType = [0]
  else {
    rule.sport = [{ lo: p.sport, hi: p.sport }]
    rule.dport = [ephemeral]
  }
  const index = by.rule ?? chain.rules.length
  // prose, so an en dash as the allowed-set descriptions write ranges; the diff keeps rule syntax
  const range = formatPortRange(ephemeral).replace('-', '–')
  const firewall = net.node(by.node).label
  const why =
    p.proto === 'icmp'
      ? `no rule allows the echo reply back to ${formatIpv4(p.dst)}: ${firewall} is stateless, so the reply needs its own rule`
      : `${by.rule === null ? 'no rule allows' : `${checkRule(by)} drops, before any rule allows,`} source port ${p.sport} to ${range}: ${firewall} is stateless, so the response to the ephemeral port of ${client.label} needs its own rule`
  return {
    node: by.node,
    hook: by.hook,
    index,
    rule,
    diff: `+ rule ${index}: ${describeRule(rule)}`,
    why,
  }
}
