// The `scenario:run` service: a portwise-scenario/1 JSON text in, per-packet verdicts with their
// explanations and the connection table out. Bad input is an answer naming the field, never a
// thrown error, a JSON fault by line and column. Pure (engine, and the dialects' JSON reader); used
// by the Electron main process and the browser host.
import { explainDecision, formatConntrackTable, formatExplanation } from '../engine/explain'
import { FieldError } from '../engine/field-reader'
import { describePacket } from '../engine/packet'
import { readScenario, runScenario } from '../engine/scenario'
import type { SourcePos } from '../dialects/diagnostic'
import { JsonSyntaxError, parseJsonWithPositions, positionOf } from '../dialects/json-positions'
import type { PacketOutcome, ScenarioRunResponse } from '../shared/ipc-contract'

export function runScenarioText(text: string): ScenarioRunResponse {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const fault = jsonFault(text)
    const problem = fault
      ? `not valid JSON: line ${fault.at.line}, column ${fault.at.column}: ${fault.message}`
      : `not valid JSON (${(e as Error).message})`
    return {
      status: 'invalid',
      field: '',
      problem,
      message: problem,
      ...(fault && { at: fault.at }),
    }
  }
  let scenario
  try {
    scenario = readScenario(json)
  } catch (e) {
    if (!(e instanceof FieldError)) throw e
    const at = fieldPosition(text, e.path)
    return {
      status: 'invalid',
      field: e.path,
      problem: e.problem,
      message: e.message,
      ...(at && { at }),
    }
  }
  const run = runScenario(scenario)
  const packets = scenario.packets.map((p, index): PacketOutcome => {
    const d = run.decisions[index]
    const e = explainDecision(scenario.firewall, p, d)
    return {
      index,
      packet: describePacket(p),
      verdict: d.verdict,
      ct: d.ct,
      rule: d.rule,
      explanation: e.verdict,
      ctReason: e.ct,
      closest: e.closest,
      line: formatExplanation(index, p, d, e),
    }
  })
  // The table as it stands when the last packet has passed, as `portwise simulate --explain`.
  const now = scenario.packets.at(-1)?.time ?? 0
  const conntrack =
    scenario.firewall.kind === 'stateful'
      ? formatConntrackTable(run.firewall.conntrack.list(now))
      : 'stateless firewall: no connection table'
  return { status: 'ran', name: scenario.name, kind: scenario.firewall.kind, packets, conntrack }
}

/**
 * Where text that JSON.parse refused goes wrong, by line and column as the editor counts them:
 * JSON.parse says 'at position 622', which a learner cannot find.
 */
/** Where a field of text JSON.parse read was written; null should the two readers disagree. */
function fieldPosition(text: string, path: string): SourcePos | null {
  try {
    return positionOf(parseJsonWithPositions(text), path)
  } catch {
    return null
  }
}

function jsonFault(text: string): JsonSyntaxError | null {
  try {
    parseJsonWithPositions(text)
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e
  }
  return null
}
