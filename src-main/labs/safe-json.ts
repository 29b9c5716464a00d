// JSON from an untrusted pack: size-limited, strict UTF-8, shallow, and refusing keys that reach
// JavaScript's object machinery (`__proto__`, `constructor`, `prototype`) wherever they appear,
// so no later spread or merge of a pack's objects can pollute a prototype. Pure; runs anywhere.

/** No file of a pack needs more; a bigger one is refused before it is decoded. */
export const MAX_JSON_BYTES = 2 * 1024 * 1024
/** Deeper than any pack file needs; it also bounds the recursion of every later reader. */
export const MAX_JSON_DEPTH = 32

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export class JsonFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
    this.name = 'JsonFileError'
  }
}

/** Parses a pack's JSON file; throws a JsonFileError naming the JSON path of what is wrong. */
export function parsePackJson(bytes: Uint8Array, limit = MAX_JSON_BYTES): unknown {
  if (bytes.length > limit)
    throw new JsonFileError(
      '',
      `${bytes.length} bytes is over the ${limit}-byte limit for a JSON file`,
    )
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new JsonFileError('', 'is not UTF-8 text')
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let value: unknown
  try {
    // JSON.parse defines `__proto__` as an own property (CreateDataProperty), so parsing itself
    // pollutes nothing; the walk below then refuses the key with its path.
    value = JSON.parse(text)
  } catch (e) {
    throw new JsonFileError('', `is not valid JSON (${(e as Error).message})`)
  }
  check(value, '', 0)
  return value
}

function check(value: unknown, path: string, depth: number): void {
  if (typeof value !== 'object' || value === null) return
  if (depth >= MAX_JSON_DEPTH)
    throw new JsonFileError(path, `nested more than ${MAX_JSON_DEPTH} levels deep`)
  if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, `${path}[${i}]`, depth + 1))
    return
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key
    if (FORBIDDEN_KEYS.has(key)) throw new JsonFileError(at, `the key "${key}" is not allowed`)
    check((value as Record<string, unknown>)[key], at, depth + 1)
  }
}
