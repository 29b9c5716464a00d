// The trace of a failed objective's flow, in a few lines a learner or instructor can read in a
// report: the flow's outcome, what happened to each of its packets, and the missing rule when the
// tracer can suggest one. Traced again here, with the lab's seed and the submission's rules, one
// flow on a fresh network, exactly as the grader traced it (grader.ts `Tracer`). Pure.
import type { FlowSpec } from '../../network/topology'
import { traceTopology } from '../../network/tracer'
import { type ObjectiveResult, learnerNetwork } from '../grader'
import type { Lab } from '../lab-pack'
import type { SubmissionData } from './results-bundle'

export interface FailureTrace {
  /** `web → server tcp/443: timed out: the SYN-ACK was dropped by fw1 forward policy` */
  flow: string
  /** one line per packet: `SYN: delivered`, `SYN-ACK: dropped by fw1 forward policy` */
  packets: string[]
  /** the rule that would let it through, as a diff line, when the tracer knows one */
  suggestion: string | null
}

/** Packets listed per flow: enough to see the failure, few enough to print. */
const MAX_PACKETS = 8

/** The flow whose trace explains a failed objective, or null for objectives about rules alone. */
function flowOf(
  lab: Lab,
  o: ObjectiveResult,
): { flow: FlowSpec; start: boolean; all?: FlowSpec[] } | null {
  const objective = lab.objectives.find((x) => x.id === o.id)
  if (!objective) return null
  switch (objective.type) {
    case 'reachable':
    case 'blocked':
      return { flow: objective.flow, start: false }
    case 'predict':
      return { flow: objective.flow, start: objective.against === 'start' }
    case 'exactly':
      return { flow: objective.flows[0], start: false, all: objective.flows }
    default:
      return null
  }
}

/**
 * Traces the flow behind each failed objective of `objectives`; objectives that passed, or that
 * are about rule counts, modes, forbidden rules or questions, get none (their detail says it all).
 * An `exactly` objective shows its first flow that fails; when every flow works, what it allows
 * beyond them is in its detail, not in a trace.
 */
export function failureTraces(
  lab: Lab,
  submission: SubmissionData,
  objectives: readonly ObjectiveResult[],
): Map<string, FailureTrace> {
  const out = new Map<string, FailureTrace>()
  const failed = objectives.filter((o) => !o.passed && o.type !== 'question')
  if (!failed.length) return out
  // The network the grader judged: the lab's, or the one the learner built.
  const network = learnerNetwork(lab, submission.rules)
  const learner = network.errors.length ? null : network.topology
  for (const o of failed) {
    const which = flowOf(lab, o)
    if (!which) continue
    const topology = which.start ? lab.topology : learner
    if (!topology) continue
    const candidates = which.all ?? [which.flow]
    for (const flow of candidates) {
      const trace = traceTopology(topology, { seed: lab.seed, extra: [flow] })
      const f = trace.flows[0]
      if (which.all && f.ok) continue
      const packets = trace.packets.filter((p) => f.packets.includes(p.seq))
      const lines = packets.slice(0, MAX_PACKETS).map((p) => `${p.label}: ${p.summary}`)
      if (packets.length > MAX_PACKETS)
        lines.push(`… and ${packets.length - MAX_PACKETS} more packets`)
      out.set(o.id, {
        flow: `${f.name} (${f.proto}/${f.dport}): ${f.outcome}`,
        packets: lines,
        suggestion: f.suggestion ? `${f.suggestion.diff} (${f.suggestion.why})` : null,
      })
      break
    }
  }
  return out
}
