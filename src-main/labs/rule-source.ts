// A node's firewall as the learner writes it, read into the engine's model: the one place the
// lab's dialect matters, so a new dialect is one more branch here. Pure; runs anywhere.
import type { Chain, Hook } from '../engine/firewall'
import { FieldError, isObject } from '../engine/field-reader'
import { parseRuleSet, type Dialect } from '../dialects/dialect'
import { formatDiagnostic } from '../dialects/diagnostic'
import { awsNames } from '../network/aws-names'
import type { NodeFilter } from '../network/topology'
import { readTopology } from '../network/topology-reader'
import { TOPOLOGY_FORMAT } from '../network/topology'
import type { FirewallSource, LabDialect } from './lab-pack'

/**
 * Reads one node's firewall, or with `iface` the network ACL of the subnet on that interface.
 * `rawNode` is the node as its topology file writes it, so the json dialect is read by
 * topology-reader itself, with the same checks and messages. Throws a FieldError whose path starts
 * inside the firewall (`forward.rules[2].dport`).
 */
export function readFirewall(
  dialect: LabDialect,
  source: FirewallSource,
  rawNode: Record<string, unknown>,
  iface?: string,
): NodeFilter {
  if (dialect === 'json') return readJsonFirewall(source, rawNode)
  return readDialectFirewall(dialect, source, rawNode, iface)
}

function readJsonFirewall(source: FirewallSource, rawNode: Record<string, unknown>): NodeFilter {
  if (!isObject(source))
    throw new FieldError('', 'is not a firewall object ({ "kind": …, "forward": … })')
  const prefix = 'nodes[0].firewall'
  try {
    const alone = readTopology({
      format: TOPOLOGY_FORMAT,
      nodes: [{ ...rawNode, firewall: source }],
    })
    return alone.nodes[0].filter as NodeFilter
  } catch (e) {
    if (e instanceof FieldError && (e.path === prefix || e.path.startsWith(prefix + '.')))
      throw new FieldError(e.path.slice(prefix.length + 1), e.problem)
    throw e
  }
}

/** nft, iptables or AWS text, through the dialect parsers; `in`/`out` must name the node's interfaces. */
function readDialectFirewall(
  dialect: Dialect,
  source: FirewallSource,
  rawNode: Record<string, unknown>,
  iface: string | undefined,
): NodeFilter {
  if (typeof source !== 'string') throw new FieldError('', `is not ${dialect} text`)
  const parsed = parseRuleSet(dialect, source)
  if (!parsed.ok)
    throw new FieldError('', parsed.errors.map((d) => formatDiagnostic(dialect, d)).join('; '))
  const names = Array.isArray(rawNode.interfaces)
    ? rawNode.interfaces.map((i) => (isObject(i) ? String(i.name) : ''))
    : []
  const chains: Partial<Record<Hook, Chain>> = {}
  for (const c of parsed.ruleSet.chains) {
    c.rules.forEach((r, i) => {
      for (const key of ['in', 'out'] as const) {
        const name = r[key]
        if (name !== undefined && !names.includes(name))
          throw new FieldError(
            `${c.hook}.rules[${i}].${key}`,
            `"${name}" is not an interface (${names.join(', ')})`,
          )
      }
    })
    chains[c.hook] = { policy: c.policy, rules: c.rules }
  }
  const kind = parsed.ruleSet.stateful ? 'stateful' : 'stateless'
  const aws = parsed.ruleSet.aws
  if (!aws) return { kind, chains }
  // named as the topology names them (topology-reader.ts), by what the learner sees on the canvas
  const label = typeof rawNode.label === 'string' ? rawNode.label : String(rawNode.id)
  const name = aws.name ?? aws.id
  return {
    kind,
    chains,
    ...awsNames(parsed.ruleSet),
    label:
      aws.kind === 'network-acl'
        ? `the network ACL ${iface ? `of subnet ${iface}` : `on ${label}`}${name ? ` (${name})` : ''}`
        : `the security group of ${label}`,
  }
}
