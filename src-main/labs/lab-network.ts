// The network a learner builds in a lab that allows it (lab.json `build`): the nodes they added
// from the palette, after the lab's own, and their links in place of the lab's. The lab's nodes
// and flows stay the lab's, so nothing locked can change. Pure; runs anywhere.
import { FieldError, isObject } from '../engine/field-reader'
import type { NodeKind, Topology } from '../network/topology'
import { readTopology } from '../network/topology-reader'
import { NETWORK_KEY } from '../shared/lab-types'

export { NETWORK_KEY }

/** What the learner built: the nodes they added and every link. */
export interface NetworkWork {
  nodes: unknown[]
  links: unknown[]
}

export interface Build {
  /** the node kinds the palette offers */
  kinds: NodeKind[]
  /** the reference solution's network */
  solution: NetworkWork
}

export interface BuiltNetwork {
  topologyJson: unknown
  topology: Topology
}

const labNodes = (topologyJson: unknown): unknown[] =>
  isObject(topologyJson) && Array.isArray(topologyJson.nodes) ? topologyJson.nodes : []

/**
 * What is wrong with a built network: `path` as the learner's work names it (`@network.nodes[0]
 * .kind`), `topologyPath` as the whole topology does (`nodes[3].kind`), which is where the
 * renderer, holding the lab's nodes and then the added ones, marks it.
 */
export class NetworkError extends FieldError {
  constructor(
    path: string,
    problem: string,
    readonly topologyPath: string,
  ) {
    super(path, problem)
  }
}

/** A reader's path inside the merged topology, as the learner's work names it. */
function workPath(path: string, labCount: number, prefix: string): string {
  const node = /^nodes\[(\d+)\](.*)$/.exec(path)
  if (node && Number(node[1]) >= labCount)
    return `${prefix}.nodes[${Number(node[1]) - labCount}]${node[2]}`
  if (path.startsWith('links')) return `${prefix}.${path}`
  return path ? `${prefix}: ${path}` : prefix
}

/**
 * The lab's topology with the learner's network in it. Throws a NetworkError whose path starts
 * with `prefix` (`@network` for a submission, `build.solution` for the pack's own).
 */
export function buildNetwork(
  topologyJson: unknown,
  build: Pick<Build, 'kinds'>,
  work: unknown,
  prefix: string = NETWORK_KEY,
): BuiltNetwork {
  if (!isObject(work) || !Array.isArray(work.nodes) || !Array.isArray(work.links))
    throw new NetworkError(prefix, 'must be an object with "nodes" and "links" lists', '')
  const extra = Object.keys(work).filter((k) => k !== 'nodes' && k !== 'links')
  if (extra.length)
    throw new NetworkError(`${prefix}.${extra[0]}`, 'is not a field of a network', '')
  const base = labNodes(topologyJson)
  const taken = new Set(base.map((n) => (isObject(n) ? n.id : undefined)))
  work.nodes.forEach((n, i) => {
    const fail = (field: string, problem: string) =>
      new NetworkError(
        `${prefix}.nodes[${i}]${field}`,
        problem,
        `nodes[${base.length + i}]${field}`,
      )
    if (!isObject(n)) throw fail('', 'must be a node object')
    if (taken.has(n.id))
      throw fail(
        '.id',
        `"${String(n.id)}" is a node of the lab; a node you add needs a name of its own`,
      )
    if (!build.kinds.includes(n.kind as NodeKind))
      throw fail(
        '.kind',
        `this lab lets you add ${build.kinds.join(', ')}, not ${JSON.stringify(n.kind)}`,
      )
    if (n.locked === true) throw fail('.locked', 'only the lab locks nodes')
  })
  const merged = {
    ...(topologyJson as Record<string, unknown>),
    nodes: [...base, ...work.nodes],
    links: work.links,
  }
  try {
    return { topologyJson: merged, topology: readTopology(merged) }
  } catch (e) {
    if (!(e instanceof FieldError)) throw e
    throw new NetworkError(workPath(e.path, base.length, prefix), e.problem, e.path)
  }
}

/** The ids of the nodes a learner added: those after the lab's own in a built topology. */
export function addedNodeIds(labTopologyJson: unknown, built: Topology): string[] {
  return built.nodes.slice(labNodes(labTopologyJson).length).map((n) => n.id)
}
