// Reading a results bundle, which is untrusted input (a learner can edit it, or send anything):
// size-limited, strict UTF-8, no prototype keys (safe-json.ts), then the JSON Schema
// (labs/schemas/results.schema.json), then what a schema cannot say. Every refusal names the file
// and the JSON path. Pure; runs anywhere (the CLI reads the bytes).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv'
import resultsSchema from '../../../labs/schemas/results.schema.json'
import { JsonFileError, parsePackJson } from '../safe-json'
import { jsonPath } from '../schemas'
import { MAX_BUNDLE_BYTES, RESULTS_FORMAT, type ResultsBundle } from './results-bundle'

export class BundleError extends Error {
  constructor(
    readonly file: string,
    /** JSON path (`labs[2].attempts[0].score`), or '' for the whole file */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`)
    this.name = 'BundleError'
  }
}

let validate: ValidateFunction | null = null

function validator(): ValidateFunction {
  // Same options as schemas.ts: every problem at once, union types for "object or string" rules.
  validate ??= new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  }).compile(resultsSchema)
  return validate
}

function describe(e: ErrorObject): { path: string; message: string } {
  const path = jsonPath(e.instancePath)
  const params = e.params as Record<string, unknown>
  const join = (key: unknown) => (path ? `${path}.${String(key)}` : String(key))
  if (e.keyword === 'additionalProperties')
    return { path: join(params.additionalProperty), message: 'unknown field' }
  if (e.keyword === 'required') return { path: join(params.missingProperty), message: 'missing' }
  if (e.keyword === 'const')
    return { path, message: `must be ${JSON.stringify(params.allowedValue)}` }
  return { path, message: e.message ?? e.keyword }
}

/** Parses and checks a bundle; throws a BundleError naming `file` and the path of the first problem. */
export function readBundle(bytes: Uint8Array, file: string): ResultsBundle {
  let json: unknown
  try {
    json = parsePackJson(bytes, MAX_BUNDLE_BYTES)
  } catch (e) {
    if (e instanceof JsonFileError) throw new BundleError(file, e.path, e.message)
    throw e
  }
  const format = (json as { format?: unknown } | null)?.format
  // A wrong or missing format says more than the dozens of schema errors that follow from it.
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new BundleError(file, '', 'is not a results bundle (a JSON object)')
  if (format !== RESULTS_FORMAT)
    throw new BundleError(
      file,
      'format',
      format === 'portwise-results/0'
        ? 'is the provisional portwise-results/0 export, which has no rules to regrade: export again from a newer Portwise'
        : `must be "${RESULTS_FORMAT}" (a Portwise results bundle)`,
    )
  const check = validator()
  if (!check(json)) {
    const errors = (check.errors ?? []).filter(
      (e) => e.keyword !== 'oneOf' && e.keyword !== 'allOf',
    )
    const first = describe(errors[0] ?? check.errors![0])
    const more =
      errors.length > 1
        ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`
        : ''
    throw new BundleError(file, first.path, first.message + more)
  }
  const bundle = json as unknown as ResultsBundle
  const seen = new Set<string>()
  bundle.labs.forEach((lab, i) => {
    if (seen.has(lab.labId))
      throw new BundleError(file, `labs[${i}].labId`, `"${lab.labId}" appears twice`)
    seen.add(lab.labId)
    if (lab.final && lab.final.attempt >= lab.attempts.length)
      throw new BundleError(
        file,
        `labs[${i}].final.attempt`,
        `is ${lab.final.attempt}, but the lab has ${lab.attempts.length} attempt${lab.attempts.length === 1 ? '' : 's'}`,
      )
    if (!lab.final && lab.attempts.length > 0)
      throw new BundleError(file, `labs[${i}].final`, 'is null, but the lab has attempts')
  })
  return bundle
}
