// Objectives of lab.json, after the schema has checked their shape: cross-references to the
// topology (nodes, flows, interfaces) resolved, with errors that name the path. Pure.
import type { Hook } from '../engine/firewall'
import { FieldError, ObjectReader, join } from '../engine/field-reader'
import type { FlowSpec, Topology } from '../network/topology'
import { readForbidPattern } from './forbid'
import type { Objective, PredictPart } from './lab-pack'
import { resolveFlow } from './lab-flows'
import { cannotAnalyse } from './least-privilege'

export interface ObjectiveContext {
  topology: Topology
  topologyJson: unknown
  editable: readonly string[]
}

function resolveFlowAt(ref: unknown, path: string, ctx: ObjectiveContext): FlowSpec {
  try {
    return resolveFlow(ref, ctx.topology, ctx.topologyJson)
  } catch (e) {
    if (e instanceof FieldError)
      throw new FieldError(e.path ? `${path}.${e.path}` : path, e.problem)
    throw e
  }
}

const flowAt = (r: ObjectReader, key: string, ctx: ObjectiveContext) =>
  resolveFlowAt(r.required(key), r.at(key), ctx)

function nodeAt(r: ObjectReader, key: string, ctx: ObjectiveContext, editable: boolean): string {
  const id = r.string(key)
  const node = ctx.topology.nodes.find((n) => n.id === id)
  if (!node) throw new FieldError(r.at(key), `there is no node "${id}" in the topology`)
  if (editable && !ctx.editable.includes(id))
    throw new FieldError(
      r.at(key),
      `"${id}" is not one of the editable nodes (${ctx.editable.join(', ')})`,
    )
  if (node.kind === 'switch')
    throw new FieldError(r.at(key), `"${id}" is a switch, which does not filter`)
  return id
}

/** One objective; `r` is at `objectives[i]`. */
export function readObjective(r: ObjectReader, ctx: ObjectiveContext): Objective {
  const base = {
    id: r.string('id'),
    title: r.string('title'),
    points: r.integer('points', 0, 1000, 'points (0-1000)'),
  }
  const type = r.string('type')
  switch (type) {
    case 'reachable':
      return { ...base, type, flow: flowAt(r, 'flow', ctx) }
    case 'blocked':
      return {
        ...base,
        type,
        flow: flowAt(r, 'flow', ctx),
        ...(r.has('at') ? { at: nodeAt(r, 'at', ctx, false) } : {}),
      }
    case 'exactly': {
      const firewall = nodeAt(r, 'firewall', ctx, true)
      const why = cannotAnalyse(ctx.topology.nodes.find((n) => n.id === firewall)!)
      if (why) throw new FieldError(r.at('firewall'), why)
      const flows = r.array('flows').map((ref, i) => {
        const flow = resolveFlowAt(ref, join(r.at('flows'), i), ctx)
        // A traceroute's packets are probes and ICMP errors from every router on the way: no
        // set of requests and responses describes it.
        if (flow.kind === 'traceroute')
          throw new FieldError(join(r.at('flows'), i), 'exactly cannot judge a traceroute flow')
        return flow
      })
      return {
        ...base,
        type,
        firewall,
        flows,
        strictInterfaces: r.raw('strictInterfaces') === true,
        anyClient: r.raw('anyClient') === true,
      }
    }
    case 'maxRules':
      return {
        ...base,
        type,
        firewall: nodeAt(r, 'firewall', ctx, true),
        max: r.integer('max', 0, 500, 'a rule count'),
      }
    case 'forbid': {
      const firewall = r.has('firewall') ? nodeAt(r, 'firewall', ctx, true) : null
      const names = new Set<string>()
      for (const n of ctx.topology.nodes)
        if (firewall === null ? ctx.editable.includes(n.id) : n.id === firewall)
          n.interfaces.forEach((i) => names.add(i.name))
      const pattern = readForbidPattern(r.object('pattern'), [...names])
      const hook = r.has('hook') ? r.oneOf('hook', ['input', 'forward', 'output'] as const) : null
      return { ...base, type, firewall, hook: hook as Hook | null, pattern }
    }
    case 'mode':
      return {
        ...base,
        type,
        firewall: nodeAt(r, 'firewall', ctx, true),
        kind: r.oneOf('kind', ['stateless', 'stateful'] as const),
      }
    case 'question': {
      const choices = r.has('choices') ? (r.array('choices') as string[]) : null
      const answer = r.required('answer')
      if (choices) {
        if (
          typeof answer !== 'number' ||
          !Number.isInteger(answer) ||
          answer < 0 ||
          answer >= choices.length
        )
          throw new FieldError(
            r.at('answer'),
            `with choices, the answer is the index of the right one (0 to ${choices.length - 1})`,
          )
        return { ...base, type, prompt: r.string('prompt'), choices, answer }
      }
      if (typeof answer === 'number')
        throw new FieldError(
          r.at('answer'),
          'a choice index needs "choices"; a short answer is a string',
        )
      return {
        ...base,
        type,
        prompt: r.string('prompt'),
        choices,
        answer: typeof answer === 'string' ? [answer] : (answer as string[]),
      }
    }
    case 'predict': {
      const asks = r.array('asks') as PredictPart[]
      const against = r.has('against')
        ? r.oneOf('against', ['start', 'submission'] as const)
        : 'start'
      const at = r.has('at') ? nodeAt(r, 'at', ctx, false) : null
      return { ...base, type, flow: flowAt(r, 'flow', ctx), asks, at, against }
    }
    default:
      throw new FieldError(r.at('type'), `"${type}" is not an objective type`)
  }
}
