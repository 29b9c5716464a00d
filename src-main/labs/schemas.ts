// The pack's JSON Schemas (labs/schemas/, the same files instructors' editors load through
// `$schema`), compiled once with ajv, and their errors as PackProblems naming file and path.
// Pure; runs anywhere (ajv generates its validators with `new Function`, which the main process
// and Node allow).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import labSchema from '../../labs/schemas/lab.schema.json'
import packSchema from '../../labs/schemas/pack.schema.json'
import topologySchema from '../../labs/schemas/topology.schema.json'
import type { PackProblem } from './lab-pack'

export type SchemaName = 'pack' | 'lab' | 'topology'

let compiled: Record<SchemaName, ValidateFunction> | null = null

function validators(): Record<SchemaName, ValidateFunction> {
  if (compiled) return compiled
  // allErrors: an instructor sees every problem of a file at once, not one per run.
  // strictTypes off: the if/then branches narrow properties whose type the main schema already set.
  const ajv = new Ajv({
    allErrors: true,
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

function message(e: ErrorObject): { path: string; message: string } {
  let path = jsonPath(e.instancePath)
  const params = e.params as Record<string, unknown>
  if (e.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty)
    path = path ? `${path}.${key}` : key
    return { path, message: 'unknown field' }
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
    const m = message(e)
    const key = `${m.path}\n${m.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ severity: 'error', file, path: m.path, message: m.message })
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
