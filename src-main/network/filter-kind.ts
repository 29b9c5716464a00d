// The same policy as a stateless and as a stateful firewall, for the side-by-side panes: every
// node's filter (firewalls, host firewalls, security groups) made one kind. Network ACLs are left
// as they are: AWS has no stateful ACL. Pure; runs anywhere.
import type { Chain, FirewallKind } from '../engine/firewall'
import type { Rule } from '../engine/rule'
import type { NodeFilter, Topology } from './topology'

const RESPONSES: Rule = { action: 'accept', ct: ['established', 'related'] }

/** `ct state established,related accept` and nothing more (a comment aside). */
const isResponses = (r: Rule) =>
  r.action === 'accept' &&
  !!r.ct?.includes('established') &&
  Object.entries(r).every(
    ([k, v]) => k === 'action' || k === 'ct' || k === 'comment' || v === undefined,
  )

/**
 * Stateless keeps the rules that do not ask for connection tracking: without conntrack they can
 * never match. Stateful puts the responses rule first, as nft rule sets and security groups do, and
 * keeps every other rule.
 */
function chainAs(chain: Chain, kind: FirewallKind): Chain {
  const mine = chain.rules.filter((r) => !isResponses(r))
  const rules = kind === 'stateless' ? mine.filter((r) => r.ct === undefined) : [RESPONSES, ...mine]
  return { ...chain, rules }
}

function filterAs(filter: NodeFilter, kind: FirewallKind): NodeFilter {
  const chains: NodeFilter['chains'] = {}
  for (const [hook, chain] of Object.entries(filter.chains) as [
    keyof NodeFilter['chains'],
    Chain,
  ][])
    chains[hook] = chainAs(chain, kind)
  // The rules moved, so ACL numbers or group names would name the wrong ones: counted from 0 instead.
  const { ruleNames: _moved, implied: _gone, ...rest } = filter
  return { ...rest, kind, chains }
}

/** The topology with every node's filter made `kind`; the input is left as it was. */
export function withFilterKind(topology: Topology, kind: FirewallKind): Topology {
  return {
    ...topology,
    nodes: topology.nodes.map((n) => (n.filter ? { ...n, filter: filterAs(n.filter, kind) } : n)),
  }
}
