// `lab:trace`: a lab's traffic with the learner's rules in place — the topology built exactly as
// the grader builds it (labs/grader.ts learnerNetwork, the lab's seed), so
// what the learner watches is what is graded. Rules that do not read are an answer naming the
// firewall and the path, never a thrown error. Runs in Node (pure core underneath).
import { learnerNetwork } from '../labs/grader'
import type { Lab } from '../labs/lab-pack'
import { formatRuleError, rawNode, type RuleError } from '../labs/lab-topology'
import { isObject } from '../engine/field-reader'
import type { FirewallKind } from '../engine/firewall'
import { withFilterKind } from '../network/filter-kind'
import { traceTopology } from '../network/tracer'
import type { FieldProblem, TopologyTraceResponse } from '../shared/lab-types'
import { checkRuleKeys, findLab } from './lab-service'
import type { PackLibrary } from './pack-library'
import { traceView } from './trace-service'

export interface LabTraceRequest {
  packId: string
  labId: string
  rules: Record<string, unknown>
  flows?: string[]
  /** trace as if every node's filter were this kind (the side-by-side panes) */
  kind?: FirewallKind
}

export function traceLab(library: PackLibrary, r: LabTraceRequest): TopologyTraceResponse {
  const lab = findLab(library.get(r.packId), r.labId)
  checkRuleKeys(lab, r.rules)
  const learner = learnerNetwork(lab, r.rules)
  if (learner.errors.length) return ruleProblem(lab, learner.errors[0])
  const topology = r.kind ? withFilterKind(learner.topology, r.kind) : learner.topology
  const known = new Set(topology.flows.map((f) => f.name))
  const flows = r.flows?.filter((f) => known.has(f))
  const trace = traceTopology(topology, {
    seed: lab.seed,
    flows: flows?.length ? flows : undefined,
  })
  return { status: 'traced', trace: traceView(topology, trace) }
}

/**
 * In the json dialect the path is given as the topology file writes it
 * (`nodes[3].firewall.forward.rules[1].sport`), so the rule table marks the very cell; in a text
 * dialect it names the firewall.
 */
function ruleProblem(lab: Lab, e: RuleError): FieldProblem {
  const message = formatRuleError(e)
  const nodes =
    isObject(lab.topologyJson) && Array.isArray(lab.topologyJson.nodes)
      ? lab.topologyJson.nodes
      : []
  if (e.topologyPath !== undefined)
    return { status: 'invalid', field: e.topologyPath, problem: e.message, message }
  if (lab.dialect !== 'json' || e.node.includes(':'))
    return { status: 'invalid', field: e.node, problem: e.message, message }
  const index = nodes.indexOf(rawNode(lab.topologyJson, e.node))
  const field = `nodes[${index}].firewall${e.path ? `.${e.path}` : ''}`
  return { status: 'invalid', field, problem: e.message, message }
}
