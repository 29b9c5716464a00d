// The same policy as a stateless and as a stateful firewall, for the side-by-side panes. The
// stateless one keeps the rules that do not ask for connection tracking; the stateful one puts
// `ct state established,related accept` first (what nft and security groups do for replies) and
// keeps every rule. Pure; runs in the renderer.
import type { FilterJson, RuleJson, TopologyJson } from '../../src-main/shared/lab-types'
import { CHAIN_HOOKS } from '../../src-main/shared/lab-types'

const isResponses = (r: RuleJson) =>
  r.action === 'accept' &&
  !!r.ct &&
  r.ct.includes('established') &&
  Object.keys(r).every((k) => k === 'action' || k === 'ct' || k === 'comment')

function variant(filter: FilterJson, kind: FilterJson['kind']): FilterJson {
  const out: FilterJson = { kind }
  for (const hook of CHAIN_HOOKS) {
    const chain = filter[hook]
    if (!chain) continue
    const mine = chain.rules.filter((r) => !isResponses(r))
    const rules =
      kind === 'stateless'
        ? mine.filter((r) => r.ct === undefined)
        : [{ action: 'accept', ct: ['established', 'related'] } as RuleJson, ...mine]
    out[hook] = { policy: chain.policy, rules }
  }
  return out
}

/** The topology with every firewall made stateless, or stateful. */
export function withKind(topology: TopologyJson, kind: FilterJson['kind']): TopologyJson {
  // A JSON copy: the store hands in a reactive proxy, which structuredClone refuses.
  const copy = JSON.parse(JSON.stringify(topology)) as TopologyJson
  for (const n of copy.nodes) if (n.firewall) n.firewall = variant(n.firewall, kind)
  return copy
}
