// The network lab's calls: trace a topology, read rules text in a dialect, print rules in one.
// Runs in the renderer.
import type {
  FilterJson,
  RuleDialect,
  RulesParseResponse,
  RulesPrintResponse,
  TopologyTraceResponse,
} from '../../src-main/shared/lab-types'
import { portwise } from './portwise'

export function traceTopology(text: string, flows?: string[]): Promise<TopologyTraceResponse> {
  return portwise().topologyTrace({ text, flows })
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
