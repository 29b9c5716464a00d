// Grading a lab: the learner's rules substituted into the topology, each objective checked
// against traces and the allowed-set analysis, points with partial credit, less what hints cost.
// Pure and deterministic: every trace runs with the lab's seed, one flow at a time on a fresh
// network, so a grade depends on nothing but the lab and the submission.
import { type Rule, describeRule } from '../engine/rule'
import type { Hook } from '../engine/firewall'
import type { FlowSpec, NodeFilter, Topology } from '../network/topology'
import { ruleLabel } from '../network/network'
import type { Trace } from '../network/trace'
import { traceTopology } from '../network/tracer'
import { covers } from './forbid'
import type {
  FirewallSource,
  Lab,
  Objective,
  PredictObjective,
  QuestionObjective,
} from './lab-pack'
import { flowKey } from './lab-flows'
import {
  type BuiltNetwork,
  NETWORK_KEY,
  NetworkError,
  addedNodeIds,
  buildNetwork,
} from './lab-network'
import {
  type RuleError,
  formatRuleError,
  learnerSources,
  readFirewalls,
  withFilters,
} from './lab-topology'
import { type Counterexample, allowedBeyond } from './least-privilege'

export interface Submission {
  /** node id → firewall in the lab's dialect; an editable node left out keeps its start */
  rules: Readonly<Record<string, FirewallSource>>
  /** question objective id → a choice index or a short answer */
  answers: Readonly<Record<string, unknown>>
  /** predict objective id → a Prediction */
  predictions: Readonly<Record<string, unknown>>
  /** hints shown, in order: the first `hintsUsed` hints are charged */
  hintsUsed: number
}

/** What the learner predicted before a trace played. */
export interface Prediction {
  pass?: boolean
  /** the deciding rule: a node and its rule index, or index null for the chain's policy */
  rule?: { node: string; index: number | null }
}

export interface ObjectiveResult {
  id: string
  type: Objective['type']
  title: string
  passed: boolean
  points: number
  earned: number
  /** what was found, in plain words */
  detail: string
  counterexample?: Counterexample
}

export interface LabGrade {
  objectives: ObjectiveResult[]
  /** the objectives' points earned, before hints */
  earned: number
  hintPenalty: number
  /** earned less the hint penalty, never below 0 */
  score: number
  maxScore: number
  /** rules that do not compile; the objectives that need them fail */
  errors: string[]
}

/** Traces of one rule set, each flow once. */
class Tracer {
  private readonly cache = new Map<string, Trace>()

  constructor(
    readonly topology: Topology,
    private readonly seed: number,
  ) {}

  trace(flow: FlowSpec): Trace {
    const key = flowKey(flow)
    let t = this.cache.get(key)
    if (!t) {
      // One flow per trace: a stateful firewall must not pass an objective's flow thanks to a
      // connection another objective's flow opened.
      t = traceTopology(this.topology, { seed: this.seed, extra: [flow], tables: false })
      this.cache.set(key, t)
    }
    return t
  }
}

interface Verdict {
  passed: boolean
  /** fraction of the points earned, when partial credit applies */
  fraction?: number
  detail: string
  counterexample?: Counterexample
}

/** The check that decides a flow, as a predict objective asks for it. */
export function decidingCheck(
  trace: Trace,
  at: string | null,
): { node: string; index: number | null } | null {
  const flow = trace.flows[0]
  const packets = trace.packets.filter((p) => flow.packets.includes(p.seq))
  if (at !== null) {
    for (const p of packets)
      for (const h of p.hops)
        if (h.node === at && h.checks.length) return { node: at, index: h.checks[0].rule }
    return null
  }
  if (!flow.ok) {
    const dropped = packets.find((p) => p.droppedBy)?.droppedBy
    if (dropped) return { node: dropped.node, index: dropped.rule }
  }
  const checks = (packets[0]?.hops ?? []).flatMap((h) => h.checks)
  const check = checks.find((c) => c.rule !== null) ?? checks[0]
  return check ? { node: check.node, index: check.rule } : null
}

const ruleName = (r: { node: string; index: number | null } | null) =>
  r === null
    ? 'no rule (no firewall on the path)'
    : `${r.node} ${r.index === null ? 'policy' : `rule ${r.index}`}`

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()

function gradeQuestion(o: QuestionObjective, answer: unknown): Verdict {
  if (answer === undefined || answer === null || answer === '')
    return { passed: false, detail: 'not answered yet' }
  if (o.choices) {
    const passed = answer === o.answer
    return { passed, detail: passed ? 'right' : 'not the right choice' }
  }
  const passed =
    typeof answer === 'string' &&
    (o.answer as string[]).some((a) => normalize(a) === normalize(answer))
  return { passed, detail: passed ? 'right' : 'not the expected answer' }
}

function gradePredict(o: PredictObjective, prediction: unknown, tracer: Tracer): Verdict {
  if (typeof prediction !== 'object' || prediction === null)
    return { passed: false, fraction: 0, detail: 'no prediction made' }
  const p = prediction as Prediction
  const trace = tracer.trace(o.flow)
  const flow = trace.flows[0]
  const parts: string[] = []
  let right = 0
  if (o.asks.includes('outcome')) {
    const ok = p.pass === flow.ok
    if (ok) right++
    parts.push(
      `${ok ? 'right' : 'wrong'}: the flow ${flow.ok ? 'passes' : 'fails'} (${flow.outcome})`,
    )
  }
  if (o.asks.includes('rule')) {
    const truth = decidingCheck(trace, o.at)
    const ok =
      truth !== null && p.rule?.node === truth.node && (p.rule.index ?? null) === truth.index
    if (ok) right++
    parts.push(`${ok ? 'right' : 'wrong'}: ${ruleName(truth)} decides`)
  }
  // Partial credit: each asked part is worth an equal share.
  const fraction = right / o.asks.length
  return { passed: fraction === 1, fraction, detail: parts.join('; ') }
}

/** The rules the learner wrote (not a security group's implied responses rule), as they name them. */
function allRules(id: string, filter: NodeFilter | undefined, hook: Hook | null) {
  const out: { name: string; rule: Rule }[] = []
  for (const h of ['input', 'forward', 'output'] as const) {
    if (hook !== null && h !== hook) continue
    filter?.chains[h]?.rules.forEach((rule, index) => {
      if (filter.implied?.[h]?.includes(index)) return
      out.push({ name: ruleLabel(id, filter, h, index), rule })
    })
  }
  return out
}

/** A firewall an objective names that the learner's network does not have (yet). */
class MissingNode extends Error {}

function gradeRules(o: Objective, topology: Topology, tracer: Tracer, lab: Lab): Verdict {
  try {
    return checkRules(o, topology, tracer, lab)
  } catch (e) {
    if (!(e instanceof MissingNode)) throw e
    return { passed: false, detail: e.message }
  }
}

function checkRules(o: Objective, topology: Topology, tracer: Tracer, lab: Lab): Verdict {
  const nodeOf = (id: string) => {
    const node = topology.nodes.find((n) => n.id === id)
    // Only in a lab whose network the learner builds can a named firewall be missing.
    if (!node) throw new MissingNode(`there is no ${id} in your network yet`)
    return node
  }
  switch (o.type) {
    case 'reachable': {
      const f = tracer.trace(o.flow).flows[0]
      return { passed: f.ok, detail: `${f.name}: ${f.outcome}` }
    }
    case 'blocked': {
      const t = tracer.trace(o.flow)
      const f = t.flows[0]
      if (f.ok) return { passed: false, detail: `${f.name} gets through: ${f.outcome}` }
      if (o.at === undefined) return { passed: true, detail: `${f.name}: ${f.outcome}` }
      const by = t.packets.find((p) => f.packets.includes(p.seq) && p.droppedBy)?.droppedBy
      const passed = by?.node === o.at
      return {
        passed,
        detail: passed
          ? `${f.name}: ${f.outcome}`
          : `${f.name} fails, but not at ${o.at}: ${f.outcome}`,
      }
    }
    case 'exactly': {
      for (const flow of o.flows) {
        const f = tracer.trace(flow).flows[0]
        if (!f.ok) return { passed: false, detail: `${f.name} must work, but: ${f.outcome}` }
      }
      const extra = allowedBeyond(topology, nodeOf(o.firewall), o.flows, o)
      if (!extra) return { passed: true, detail: `${o.firewall} allows exactly the listed flows` }
      const by = extra.rule === null ? 'its forward policy' : `forward rule ${extra.rule}`
      return {
        passed: false,
        detail: `${o.firewall} also allows ${extra.set} (${by}); for example ${extra.text}${extra.ct ? ` in ct state ${extra.ct}` : ''}`,
        counterexample: extra,
      }
    }
    case 'maxRules': {
      const n = allRules(o.firewall, nodeOf(o.firewall).filter, null).length
      return {
        passed: n <= o.max,
        detail: `${o.firewall} has ${n} rule${n === 1 ? '' : 's'} (at most ${o.max})`,
      }
    }
    case 'forbid': {
      const ids =
        o.firewall === null
          ? [...lab.editable, ...addedNodeIds(lab.topologyJson, topology)]
          : [o.firewall]
      for (const id of ids)
        for (const r of allRules(id, nodeOf(id).filter, o.hook))
          if (covers(r.rule, o.pattern))
            return {
              passed: false,
              detail: `${r.name} (${describeRule(r.rule)}) opens what this lab forbids`,
            }
      return { passed: true, detail: 'no rule opens what this lab forbids' }
    }
    case 'mode': {
      const kind = nodeOf(o.firewall).filter?.kind ?? 'stateless'
      return { passed: kind === o.kind, detail: `${o.firewall} is ${kind}` }
    }
    default:
      throw new Error(`not a rule objective: ${o.type}`)
  }
}

const RULE_FREE = new Set<Objective['type']>(['question', 'predict'])

/**
 * The network the learner's rules go into: the lab's, or in a lab they build, theirs (the lab's
 * own until they change it). Its errors are the learner's, reported like a rule's.
 */
function learnerTopology(
  lab: Lab,
  rules: Readonly<Record<string, FirewallSource>>,
): { network: BuiltNetwork; errors: RuleError[] } {
  const own = { topologyJson: lab.topologyJson, topology: lab.topology }
  if (!lab.build || !Object.hasOwn(rules, NETWORK_KEY)) return { network: own, errors: [] }
  try {
    const built = buildNetwork(lab.topologyJson, lab.build, rules[NETWORK_KEY])
    return { network: built, errors: [] }
  } catch (e) {
    if (!(e instanceof NetworkError)) throw e
    const error = {
      node: NETWORK_KEY,
      path: e.path,
      message: e.problem,
      topologyPath: e.topologyPath,
    }
    return { network: own, errors: [error] }
  }
}

/** The learner's rules in the learner's network, or what keeps them from reading. */
export function learnerNetwork(lab: Lab, rules: Readonly<Record<string, FirewallSource>>) {
  const { network, errors: netErrors } = learnerTopology(lab, rules)
  const { filters, errors } = readFirewalls(
    lab.dialect,
    network.topologyJson,
    learnerSources(lab, rules),
  )
  return { topology: withFilters(network.topology, filters), errors: [...netErrors, ...errors] }
}

/** Grades a submission. Never throws for anything the learner wrote. */
export function gradeLab(lab: Lab, submission: Submission): LabGrade {
  const { topology, errors } = learnerNetwork(lab, submission.rules)
  const learner = errors.length ? null : new Tracer(topology, lab.seed)
  let startTracer: Tracer | null = null
  const start = () => (startTracer ??= new Tracer(lab.topology, lab.seed))
  const errorText = errors.map(formatRuleError)

  const objectives = lab.objectives.map((o): ObjectiveResult => {
    let v: Verdict
    if (o.type === 'question') v = gradeQuestion(o, submission.answers[o.id])
    else if (o.type === 'predict') {
      const tracer = o.against === 'start' ? start() : learner
      v = tracer
        ? gradePredict(o, submission.predictions[o.id], tracer)
        : { passed: false, fraction: 0, detail: `cannot be checked: ${errorText[0]}` }
    } else if (!learner) v = { passed: false, detail: `cannot be checked: ${errorText[0]}` }
    else v = gradeRules(o, learner.topology, learner, lab)
    const earned = v.passed ? o.points : o.points * (v.fraction ?? 0)
    const result: ObjectiveResult = {
      id: o.id,
      type: o.type,
      title: o.title,
      passed: v.passed,
      points: o.points,
      earned,
      detail: v.detail,
    }
    if (v.counterexample) result.counterexample = v.counterexample
    return result
  })
  const used = Math.max(
    0,
    Math.min(lab.hints.length, Math.floor(Number(submission.hintsUsed) || 0)),
  )
  const hintPenalty = lab.hints.slice(0, used).reduce((sum, h) => sum + h.cost, 0)
  const earned = objectives.reduce((sum, o) => sum + o.earned, 0)
  return {
    objectives,
    earned,
    hintPenalty,
    score: Math.max(0, earned - hintPenalty),
    maxScore: lab.objectives.reduce((sum, o) => sum + o.points, 0),
    errors: errorText,
  }
}

/** Whether an objective depends on the learner's rules (so a start state can fail it). */
export const judgesRules = (o: Objective) =>
  !RULE_FREE.has(o.type) || (o.type === 'predict' && o.against === 'submission')

/** The answer key: what a learner who knows everything submits for the questions and predictions. */
export function answerKey(
  lab: Lab,
  rules: Readonly<Record<string, FirewallSource>>,
): Pick<Submission, 'answers' | 'predictions'> {
  const answers: Record<string, unknown> = {}
  const predictions: Record<string, unknown> = {}
  const learner = new Tracer(learnerNetwork(lab, rules).topology, lab.seed)
  const start = new Tracer(lab.topology, lab.seed)
  for (const o of lab.objectives) {
    if (o.type === 'question') answers[o.id] = o.choices ? o.answer : (o.answer as string[])[0]
    if (o.type === 'predict') {
      const trace = (o.against === 'start' ? start : learner).trace(o.flow)
      const rule = decidingCheck(trace, o.at)
      predictions[o.id] = {
        pass: trace.flows[0].ok,
        ...(rule ? { rule } : {}),
      } satisfies Prediction
    }
  }
  return { answers, predictions }
}
