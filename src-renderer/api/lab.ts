// The network lab's calls: trace a topology, read rules text in a dialect, print rules in one.
// Runs in the renderer.
import type {
  FilterJson,
  FilterKind,
  RuleDialect,
  RulesParseResponse,
  RulesPrintResponse,
  TopologyTraceResponse,
} from '../../src-main/shared/lab-types'
import { portwise } from './portwise'

/** `kind`: trace as if every node's filter were stateless, or stateful (side by side). */
export function traceTopology(
  text: string,
  flows?: string[],
  kind?: FilterKind,
): Promise<TopologyTraceResponse> {
  return portwise().topologyTrace({ text, flows, kind })
}

export function parseRules(dialect: RuleDialect, text: string): Promise<RulesParseResponse> {
  return portwise().rulesParse({ dialect, text })
}

export function printRules(
  dialect: RuleDialect,
  interfaces: string[],
  filter: FilterJson,
): Promise<RulesPrintResponse> {
  return portwise().rulesPrint({ dialect, interfaces, filter })
}
