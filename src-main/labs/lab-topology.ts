// A lab's topology with the learner's firewalls in place of the editable nodes' ones: what the
// grader traces. Pure; runs anywhere.
import { FieldError, isObject } from '../engine/field-reader'
import type { NodeFilter, Topology } from '../network/topology'
import type { FirewallSource, Lab, LabDialect } from './lab-pack'
import { NETWORK_KEY } from './lab-network'
import { readFirewall } from './rule-source'

export interface RuleError {
  node: string
  /** path inside that node's firewall, or '' */
  path: string
  message: string
  /** for the network the learner built: the path in the whole topology */
  topologyPath?: string
}

export const formatRuleError = (e: RuleError) =>
  e.node === NETWORK_KEY
    ? `the network you built ${e.path ? `(${e.path}) ` : ''}has an error: ${e.message}`
    : `the rules of ${e.node} ${e.path ? `(${e.path}) ` : ''}have an error: ${e.message}`

/** The node as the topology file writes it. */
export function rawNode(topologyJson: unknown, id: string): Record<string, unknown> | null {
  const nodes =
    isObject(topologyJson) && Array.isArray(topologyJson.nodes) ? topologyJson.nodes : []
  const node = nodes.find((n) => isObject(n) && n.id === id)
  return isObject(node) ? node : null
}

/** Reads every firewall of `sources`; a node whose firewall does not read is reported, not thrown. */
export function readFirewalls(
  dialect: LabDialect,
  topologyJson: unknown,
  sources: Readonly<Record<string, FirewallSource>>,
): { filters: Record<string, NodeFilter>; errors: RuleError[] } {
  const filters: Record<string, NodeFilter> = {}
  const errors: RuleError[] = []
  for (const id of Object.keys(sources).sort()) {
    const [nodeId, iface] = id.split(':')
    const node = rawNode(topologyJson, nodeId)
    if (!node) {
      errors.push({ node: id, path: '', message: 'there is no such node in the topology' })
      continue
    }
    try {
      filters[id] = readFirewall(dialect, sources[id], node, iface)
    } catch (e) {
      if (!(e instanceof FieldError)) throw e
      errors.push({ node: id, path: e.path, message: e.problem })
    }
  }
  return { filters, errors }
}

/**
 * The topology with these nodes' filters replaced (a `router:interface` key replaces the network
 * ACL on that interface); shares everything else with `base`.
 */
export function withFilters(
  base: Topology,
  filters: Readonly<Record<string, NodeFilter>>,
): Topology {
  return {
    ...base,
    nodes: base.nodes.map((n) => {
      let node = Object.hasOwn(filters, n.id) ? { ...n, filter: filters[n.id] } : n
      for (const [key, filter] of Object.entries(filters)) {
        const [id, iface] = key.split(':')
        if (id === n.id && iface !== undefined)
          node = { ...node, networkAcls: { ...node.networkAcls, [iface]: filter } }
      }
      return node
    }),
  }
}

/** The learner's firewalls for every editable node: theirs where given, the start's otherwise. */
export function learnerSources(
  lab: Lab,
  rules: Readonly<Record<string, FirewallSource>>,
): Record<string, FirewallSource> {
  const out: Record<string, FirewallSource> = {}
  for (const id of lab.editable) out[id] = Object.hasOwn(rules, id) ? rules[id] : lab.start[id]
  return out
}
