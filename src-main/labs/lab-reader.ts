// One lab of a pack from its files: lab.json against its schema, then everything the schema
// cannot see (the topology reads, the editable nodes exist and filter, the start and solution
// rules compile, objectives name real nodes and flows). Problems name file and path. Pure.
import { FieldError, ObjectReader, isObject } from '../engine/field-reader'
import type { NodeFilter, Topology } from '../network/topology'
import { readTopology } from '../network/topology-reader'
import type {
  FirewallSource,
  Hint,
  Lab,
  LabDialect,
  Objective,
  PackFiles,
  PackManifest,
  PackProblem,
} from './lab-pack'
import { type Build, NETWORK_KEY, addedNodeIds, buildNetwork } from './lab-network'
import { readFirewalls, withFilters } from './lab-topology'
import { readObjective } from './objective-reader'
import { JsonFileError, parsePackJson } from './safe-json'
import { schemaProblems } from './schemas'

const problem = (file: string, path: string, message: string): PackProblem => ({
  severity: 'error',
  file,
  path,
  message,
})

/** A JSON file of the pack, or the problem that keeps it from being one. */
export function readJsonFile(
  files: PackFiles,
  file: string,
): { value: unknown } | { problem: PackProblem } {
  const bytes = files.get(file)
  if (!bytes) return { problem: problem(file, '', 'missing') }
  try {
    return { value: parsePackJson(bytes) }
  } catch (e) {
    if (e instanceof JsonFileError) return { problem: problem(file, e.path, e.message) }
    throw e
  }
}

export function readText(files: PackFiles, file: string): string | null {
  const bytes = files.get(file)
  if (!bytes) return null
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** Reads the lab in folder `dir`; null with problems when it cannot be read. */
export function readLab(
  files: PackFiles,
  dir: string,
  manifest: PackManifest,
): { lab: Lab | null; problems: PackProblem[] } {
  const labFile = `${dir}/lab.json`
  const json = readJsonFile(files, labFile)
  if ('problem' in json) return { lab: null, problems: [json.problem] }
  const schema = schemaProblems('lab', json.value, labFile)
  if (schema.length) return { lab: null, problems: schema }
  const raw = json.value as Record<string, unknown>
  const problems: PackProblem[] = []
  const fail = (path: string, message: string) => {
    problems.push(problem(labFile, path, message))
    return { lab: null, problems }
  }
  if (raw.id !== dir)
    return fail('id', `"${String(raw.id)}" must be the lab's folder name, "${dir}"`)

  const instructionsFile = `${dir}/${raw.instructions as string}`
  const instructions = readText(files, instructionsFile)
  if (instructions === null)
    problems.push(
      problem(
        labFile,
        'instructions',
        `${instructionsFile} is ${files.has(instructionsFile) ? 'not UTF-8 text' : 'missing'}`,
      ),
    )

  const topologyFile = `${dir}/${raw.topology as string}`
  const tj = readJsonFile(files, topologyFile)
  if ('problem' in tj) {
    problems.push(
      tj.problem.message === 'missing'
        ? problem(labFile, 'topology', `${topologyFile} is missing`)
        : tj.problem,
    )
    return { lab: null, problems }
  }
  const topologySchema = schemaProblems('topology', tj.value, topologyFile)
  if (topologySchema.length) return { lab: null, problems: [...problems, ...topologySchema] }
  let base: Topology
  try {
    base = readTopology(tj.value)
  } catch (e) {
    if (!(e instanceof FieldError)) throw e
    problems.push(problem(topologyFile, e.path, e.problem))
    return { lab: null, problems }
  }

  const dialect = raw.dialect as LabDialect
  const editable = raw.editable as string[]
  editable.forEach((id, i) => {
    const [nodeId, iface] = id.split(':')
    const node = base.nodes.find((n) => n.id === nodeId)
    if (node && iface !== undefined) {
      if (node.kind !== 'router' || dialect !== 'aws')
        problems.push(
          problem(
            labFile,
            `editable[${i}]`,
            `"${id}": only a router's interface holds a network ACL, in the aws dialect`,
          ),
        )
      else if (!node.interfaces.some((x) => x.name === iface))
        problems.push(problem(labFile, `editable[${i}]`, `${nodeId} has no interface "${iface}"`))
    } else if (!node)
      problems.push(
        problem(labFile, `editable[${i}]`, `there is no node "${id}" in ${topologyFile}`),
      )
    else if (node.kind === 'switch')
      problems.push(
        problem(labFile, `editable[${i}]`, `"${id}" is a switch, which does not filter`),
      )
  })
  const start = raw.start as Record<string, FirewallSource>
  const startFilters = readSources(
    labFile,
    'start',
    start,
    editable,
    dialect,
    tj.value,
    problems,
    true,
  )
  const solution = isObject(raw.solution) ? (raw.solution as Record<string, FirewallSource>) : null
  if (solution)
    readSources(labFile, 'solution', solution, editable, dialect, tj.value, problems, false)
  if (problems.length) return { lab: null, problems }

  const topology = withFilters(base, startFilters)
  const { build, solutionNetwork } = readBuild(labFile, raw, dialect, editable, tj.value, problems)
  if (problems.length) return { lab: null, problems }
  // A build lab's objectives may name the nodes its solution adds (the firewall to put in).
  const objectiveTopology = solutionNetwork ? withFilters(solutionNetwork, startFilters) : topology
  const objectiveEditable = solutionNetwork
    ? [...editable, ...addedNodeIds(tj.value, solutionNetwork)]
    : editable
  const objectives: Objective[] = []
  const ids = new Set<string>()
  ;(raw.objectives as unknown[]).forEach((value, i) => {
    try {
      const o = readObjective(ObjectReader.of(value, `objectives[${i}]`), {
        topology: objectiveTopology,
        topologyJson: tj.value,
        editable: objectiveEditable,
      })
      if (ids.has(o.id))
        throw new FieldError(`objectives[${i}].id`, `"${o.id}" is the id of another objective`)
      ids.add(o.id)
      objectives.push(o)
    } catch (e) {
      if (!(e instanceof FieldError)) throw e
      problems.push(problem(labFile, e.path, e.problem))
    }
  })
  const hints: Hint[] = ((raw.hints as { text: string; cost?: number }[] | undefined) ?? []).map(
    (h) => ({
      text: h.text,
      cost: h.cost ?? manifest.hintCost,
    }),
  )
  if (problems.length) return { lab: null, problems }
  const lab: Lab = {
    id: dir,
    title: raw.title as string,
    dir,
    instructionsFile,
    instructions: instructions ?? '',
    topologyFile,
    topology,
    topologyJson: tj.value,
    dialect,
    editable,
    start,
    // A build lab's solution carries its network as a submission does.
    solution: build ? { ...solution, [NETWORK_KEY]: build.solution } : solution,
    build,
    seed: typeof raw.seed === 'number' ? raw.seed : 1,
    objectives,
    hints,
  }
  return { lab, problems }
}

/** start or solution: keys must be editable nodes (start: all of them), each firewall must read. */
function readSources(
  file: string,
  key: 'start' | 'solution',
  sources: Record<string, FirewallSource>,
  editable: readonly string[],
  dialect: LabDialect,
  topologyJson: unknown,
  problems: PackProblem[],
  all: boolean,
): Record<string, NodeFilter> {
  for (const id of Object.keys(sources))
    if (!editable.includes(id))
      problems.push(
        problem(
          file,
          `${key}.${id}`,
          `"${id}" is not one of the editable nodes (${editable.join(', ')})`,
        ),
      )
  if (all)
    for (const id of editable)
      if (!Object.hasOwn(sources, id))
        problems.push(
          problem(file, `${key}.${id}`, 'missing: every editable node needs its starting firewall'),
        )
  const { filters, errors } = readFirewalls(dialect, topologyJson, sources)
  for (const e of errors)
    problems.push(problem(file, `${key}.${e.node}${e.path ? '.' + e.path : ''}`, e.message))
  return filters
}

/**
 * `build`: json dialect only, and its solution network must read. Answers the build and the
 * solution's network, or nulls when the lab has none.
 */
function readBuild(
  file: string,
  raw: Record<string, unknown>,
  dialect: LabDialect,
  editable: readonly string[],
  topologyJson: unknown,
  problems: PackProblem[],
): { build: Build | null; solutionNetwork: Topology | null } {
  const none = { build: null, solutionNetwork: null }
  if (!isObject(raw.build)) {
    if (editable.length === 0)
      problems.push(
        problem(file, 'editable', 'names no firewall, and the lab does not let the learner build'),
      )
    return none
  }
  if (dialect !== 'json') {
    problems.push(problem(file, 'build', 'a lab whose network is built needs the json dialect'))
    return none
  }
  const build = raw.build as unknown as Build
  try {
    const network = buildNetwork(topologyJson, build, build.solution, 'build.solution')
    return {
      build: { kinds: [...build.kinds], solution: build.solution },
      solutionNetwork: network.topology,
    }
  } catch (e) {
    if (!(e instanceof FieldError)) throw e
    problems.push(problem(file, e.path, e.problem))
    return none
  }
}
