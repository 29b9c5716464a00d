// The pack's JSON Schemas (labs/schemas/, the same files instructors' editors load through
// `$schema`), compiled once with ajv, and their errors as PackProblems naming file and path.
// Pure; runs anywhere (ajv generates its validators with `new Function`, which the main process
// and Node allow).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import labSchema from '../../labs/schemas/lab.schema.json'
import packSchema from '../../labs/schemas/pack.schema.json'
import topologySchema from '../../labs/schemas/topology.schema.json'
import { meant } from '../shared/spelling'
import type { PackProblem } from './lab-pack'

export type SchemaName = 'pack' | 'lab' | 'topology'

let compiled: Record<SchemaName, ValidateFunction> | null = null

function validators(): Record<SchemaName, ValidateFunction> {
  if (compiled) return compiled
  // allErrors: an instructor sees every problem of a file at once, not one per run.
  // strictTypes off: the if/then branches narrow properties whose type the main schema already set.
  // verbose: an unknown field's error then carries its schema, whose properties are the known ones.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  })
  ajv.addSchema(topologySchema)
  ajv.addSchema(labSchema)
  ajv.addSchema(packSchema)
  compiled = {
    pack: ajv.getSchema(packSchema.$id) as ValidateFunction,
    lab: ajv.getSchema(labSchema.$id) as ValidateFunction,
    topology: ajv.getSchema(topologySchema.$id) as ValidateFunction,
  }
  return compiled
}

/** `/objectives/2/flow` → `objectives[2].flow` (the path style of FieldError). */
export function jsonPath(pointer: string): string {
  let out = ''
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key
  }
  return out
}

/**
 * Ajv reports a failed `if`/`oneOf` together with the errors inside it; only the inner ones tell
 * an instructor what to change, so the wrappers are left out when something more precise exists.
 */
const WRAPPERS = new Set(['if', 'oneOf', 'anyOf', 'allOf'])

/**
 * What the schemas' patterns ask for, in words: ajv's "must match pattern "^(0|[1-9][0-9]*)\.…"
 * leaves an instructor to read a regular expression. Keyed by the schemas' own pattern strings,
 * so a pattern changed in a schema falls back to ajv's text rather than to words that lie.
 */
const PATTERN_WORDS = new Map<string, string>([
  // pack and lab ids, lab folder names and objective ids share this one
  [
    packSchema.properties.id.pattern,
    'must be lower-case letters and digits, words joined by "-", like 01-first-lab',
  ],
  [
    packSchema.properties.version.pattern,
    'must be a version of three numbers, like 1.0.0 or 1.1.0-beta (major.minor.patch)',
  ],
  [packSchema.properties.language.pattern, 'must be a language tag, like en or pt-BR'],
  [
    labSchema.definitions.file.pattern,
    'must be a path inside the pack: letters, digits, ".", "_" and "-", folders separated by "/"',
  ],
  [
    labSchema.definitions.nodeId.pattern,
    'must be a node id: a letter, then at most 31 letters, digits, "_" or "-"',
  ],
  [
    labSchema.definitions.filterId.pattern,
    'must be a node id, or router:interface for the network ACL of that subnet',
  ],
  [
    topologySchema.definitions.tcpFlags.pattern,
    'must be TCP flags from S, A, F, R, P and U, like SA',
  ],
])

/** The value at a JSON pointer of a file's JSON (for the duplicate an error names). */
function at(value: unknown, pointer: string): unknown {
  let v = value
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined
  }
  return v
}

function message(e: ErrorObject, value: unknown): { path: string; message: string } {
  let path = jsonPath(e.instancePath)
  const params = e.params as Record<string, unknown>
  if (e.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty)
    path = path ? `${path}.${key}` : key
    const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {})
    const near = meant(key, known)
    if (near) return { path, message: `unknown field: did you mean "${near}"?` }
    return {
      path,
      message: known.length
        ? `unknown field (expected one of ${known.join(', ')})`
        : 'unknown field',
    }
  }
  if (e.keyword === 'required') {
    const key = String(params.missingProperty)
    return { path: path ? `${path}.${key}` : key, message: 'missing' }
  }
  if (e.keyword === 'enum')
    return {
      path,
      message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
    }
  if (e.keyword === 'const')
    return { path, message: `must be ${JSON.stringify(params.allowedValue)}` }
  if (e.keyword === 'oneOf' && params.passingSchemas === null)
    return { path, message: 'is not any of the allowed forms' }
  if (e.keyword === 'pattern') {
    const words = PATTERN_WORDS.get(String(params.pattern))
    if (words) return { path, message: words }
  }
  if (e.keyword === 'uniqueItems') {
    // ajv says "items ## 12 and 0 are identical": the later one is the one to remove
    const [first, later] = [Number(params.j), Number(params.i)].sort((a, b) => a - b)
    const item = at(value, `${e.instancePath}/${later}`)
    const shown =
      typeof item === 'string' || typeof item === 'number' ? `${JSON.stringify(item)} ` : ''
    return {
      path: `${path}[${later}]`,
      message: `${shown}is listed twice (also ${path}[${first}])`,
    }
  }
  return { path, message: e.message ?? e.keyword }
}

/** Every schema error of one file; empty when it is valid. */
export function schemaProblems(schema: SchemaName, value: unknown, file: string): PackProblem[] {
  const validate = validators()[schema]
  if (validate(value)) return []
  const errors = validate.errors ?? []
  // A value matching none of a oneOf's forms gets a complaint from every form. A wrong-type
  // complaint at the oneOf's own path only says "not this form"; the others (an unknown field, a
  // port above 65535) say what to fix. When nothing but wrong types remains, one line says so.
  const oneOfPaths = [
    ...new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath)),
  ]
  const precise = errors.filter(
    (e) =>
      !WRAPPERS.has(e.keyword) && !(e.keyword === 'type' && oneOfPaths.includes(e.instancePath)),
  )
  const under = (e: ErrorObject, p: string) =>
    e.instancePath === p || e.instancePath.startsWith(p + '/')
  const chosen = [
    ...precise,
    ...errors.filter(
      (e) => e.keyword === 'oneOf' && !precise.some((x) => under(x, e.instancePath)),
    ),
  ]
  const seen = new Set<string>()
  const out: PackProblem[] = []
  for (const e of chosen.length ? chosen : errors) {
    const m = message(e, value)
    const key = `${m.path}\n${m.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ severity: 'error', file, path: m.path, message: m.message })
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
