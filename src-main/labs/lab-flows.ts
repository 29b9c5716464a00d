// Flows named by objectives: the name of one of the topology's flows, or a flow written in the
// objective, read by topology-reader so defaults (ports, counts, names) are the topology's own.
// Pure; runs anywhere.
import { FieldError, isObject, show } from '../engine/field-reader'
import type { FlowSpec, Topology } from '../network/topology'
import { TOPOLOGY_FORMAT } from '../network/topology'
import { readTopology } from '../network/topology-reader'

/** Throws a FieldError with a path relative to the flow reference. */
export function resolveFlow(ref: unknown, topology: Topology, topologyJson: unknown): FlowSpec {
  if (typeof ref === 'string') {
    const flow = topology.flows.find((f) => f.name === ref)
    if (!flow) {
      const names = topology.flows.map((f) => `"${f.name}"`).join(', ') || 'none'
      throw new FieldError('', `${show(ref)} names no flow of the topology (it has ${names})`)
    }
    return flow
  }
  if (!isObject(ref)) throw new FieldError('', `${show(ref)} is neither a flow's name nor a flow`)
  const nodes = isObject(topologyJson) ? topologyJson.nodes : []
  try {
    return readTopology({ format: TOPOLOGY_FORMAT, nodes, flows: [ref] }).flows[0]
  } catch (e) {
    if (e instanceof FieldError && e.path.startsWith('flows[0]'))
      throw new FieldError(e.path.slice('flows[0].'.length), e.problem)
    throw e
  }
}

/** A key identifying what a flow does, so one grading traces each distinct flow once. */
export const flowKey = (f: FlowSpec) =>
  JSON.stringify([f.kind, f.from, f.to, f.port, f.sport ?? null, f.count])
