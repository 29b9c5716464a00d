// Traces a topology: runs its flows one after another through one network, so connection
// tables carry over from flow to flow, and returns every packet and each flow's outcome.
// Pure; deterministic for a seed.
import { runFlow } from './flows'
import { Network } from './network'
import { seededRandom } from './random'
import { TRACE_FORMAT, type Trace } from './trace'
import type { FlowSpec, Topology } from './topology'

/** Pause between two flows, so their packets stand apart on the timeline. */
const BETWEEN_FLOWS = 1

export interface TraceOptions {
  seed?: number
  /** names of the flows to run; all of the topology's by default */
  flows?: string[]
  /** flows to run instead of the topology's */
  extra?: FlowSpec[]
  /** record connection tables after every packet (default true; a grader does not need them) */
  tables?: boolean
}

export function traceTopology(topology: Topology, options: TraceOptions = {}): Trace {
  const seed = options.seed ?? 1
  const random = seededRandom(seed)
  const net = new Network(topology, options.tables ?? true)
  const specs =
    options.extra ??
    (options.flows ? options.flows.map((name) => flowNamed(topology, name)) : topology.flows)
  const trace: Trace = { format: TRACE_FORMAT, seed, flows: [], packets: net.packets }
  let time = 0
  specs.forEach((spec, index) => {
    const { flow, end } = runFlow(net, spec, index, time, random)
    trace.flows.push(flow)
    time = Math.ceil(end) + BETWEEN_FLOWS
  })
  return trace
}

function flowNamed(topology: Topology, name: string): FlowSpec {
  const flow = topology.flows.find((f) => f.name === name)
  if (!flow)
    throw new Error(
      `no flow named "${name}" (the topology has ${topology.flows.map((f) => `"${f.name}"`).join(', ') || 'none'})`,
    )
  return flow
}
