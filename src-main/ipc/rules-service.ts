// The `rules:parse` and `rules:print` services: a firewall's rules as dialect text (what the
// lab's text view shows) and as portwise rule JSON (what the table and the draft hold), each
// way. Problems are answers — at a line and column for text, at a path for JSON — never thrown.
// Pure (dialects and engine only); used by the Electron main process and the browser host.
import { type Dialect, parseRuleSet, printRuleSet } from '../dialects/dialect'
import type { Chain, RuleSet } from '../dialects/ruleset'
import { usesConntrack } from '../dialects/ruleset'
import { FieldError, ObjectReader } from '../engine/field-reader'
import { readRule } from '../engine/rule-reader'
import {
  CHAIN_HOOKS,
  type ChainHook,
  type ChainJson,
  type FilterJson,
  type RulesParseResponse,
  type RulesPrintResponse,
} from '../shared/lab-types'
import { ruleToJson } from './rule-json'

export function parseRulesText(dialect: Dialect, text: string): RulesParseResponse {
  const parsed = parseRuleSet(dialect, text)
  if (!parsed.ok)
    return {
      status: 'invalid',
      diagnostics: parsed.errors.map((d) => ({
        message: d.message,
        line: d.line ?? 1,
        column: d.column ?? 1,
      })),
    }
  const chains: Partial<Record<ChainHook, ChainJson>> = {}
  const lines: Partial<Record<ChainHook, number[]>> = {}
  for (const chain of parsed.ruleSet.chains) {
    const rows = chain.rules.map((r) => ({
      json: ruleToJson(r),
      line: parsed.origins.get(r)?.line,
    }))
    chains[chain.hook] = { policy: chain.policy, rules: rows.flatMap((r) => r.json) }
    lines[chain.hook] = rows.flatMap((r) => r.json.map(() => r.line ?? 0))
  }
  return { status: 'parsed', chains, stateful: parsed.ruleSet.stateful, lines }
}

export function printRulesText(
  dialect: Dialect,
  interfaces: readonly string[],
  filter: FilterJson,
): RulesPrintResponse {
  let set: RuleSet
  try {
    set = readFilterJson(filter, interfaces)
  } catch (e) {
    if (!(e instanceof FieldError)) throw e
    return { status: 'invalid', field: e.path, problem: e.problem, message: e.message }
  }
  const printed = printRuleSet(dialect, set)
  if (!printed.ok) return { status: 'unprintable', diagnostics: printed.errors }
  return { status: 'printed', text: printed.text }
}

/** The chains of a FilterJson as a RuleSet, every rule read as a topology reads it. */
function readFilterJson(filter: FilterJson, interfaces: readonly string[]): RuleSet {
  const top = ObjectReader.of(filter, '').only(['kind', ...CHAIN_HOOKS])
  const kind = top.oneOf('kind', ['stateless', 'stateful'] as const)
  const chains: Chain[] = []
  for (const hook of CHAIN_HOOKS) {
    if (!top.has(hook)) continue
    const c = top.object(hook).only(['policy', 'rules'])
    chains.push({
      hook,
      policy: c.oneOf('policy', ['accept', 'drop'] as const),
      rules: c
        .array('rules')
        .map((v, i) => readRule(ObjectReader.of(v, c.at(`rules[${i}]`)), interfaces, kind)),
    })
  }
  return { chains, stateful: usesConntrack(chains) }
}
