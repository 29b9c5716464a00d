// Reading untrusted JSON values field by field, so every error names the path and what is wrong
// (`packets[3].sport: 70000 is not a port`). Pure; runs anywhere.
import { meant } from '../shared/spelling'

export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem)
    this.name = 'FieldError'
  }
}

export type JsonObject = Record<string, unknown>

/** JSON text of a value, short enough for one error line. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A JSON object under a path: typed getters throw a FieldError naming the field. */
export class ObjectReader {
  constructor(
    readonly value: JsonObject,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): ObjectReader {
    if (!isObject(value)) throw new FieldError(path, `${show(value)} is not an object`)
    return new ObjectReader(value, path)
  }

  has(key: string): boolean {
    return Object.hasOwn(this.value, key) && this.value[key] !== undefined
  }

  at(key: string): string {
    return join(this.path, key)
  }

  raw(key: string): unknown {
    return Object.hasOwn(this.value, key) ? this.value[key] : undefined
  }

  /** Rejects fields outside `known`: a typo such as `dprot` must not silently match anything. */
  only(known: readonly string[]): this {
    for (const key of Object.keys(this.value))
      if (!known.includes(key)) {
        const near = meant(key, known)
        throw new FieldError(
          this.at(key),
          near
            ? `unknown field: did you mean "${near}"?`
            : `unknown field (expected one of ${known.join(', ')})`,
        )
      }
    return this
  }

  required(key: string): unknown {
    if (!this.has(key)) throw new FieldError(this.at(key), 'missing')
    return this.value[key]
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.required(key)
    if (typeof v !== 'string' || !allowed.includes(v as T))
      throw new FieldError(
        this.at(key),
        `${show(v)} is not ${allowed.map((a) => `"${a}"`).join(' or ')}`,
      )
    return v as T
  }

  string(key: string): string {
    const v = this.required(key)
    if (typeof v !== 'string') throw new FieldError(this.at(key), `${show(v)} is not a string`)
    return v
  }

  array(key: string): unknown[] {
    const v = this.required(key)
    if (!Array.isArray(v)) throw new FieldError(this.at(key), `${show(v)} is not a list`)
    return v
  }

  object(key: string): ObjectReader {
    return ObjectReader.of(this.required(key), this.at(key))
  }

  integer(key: string, min: number, max: number, what: string): number {
    const v = this.required(key)
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new FieldError(this.at(key), `${show(v)} is not ${what}`)
    return v
  }

  number(key: string, min: number, what: string): number {
    const v = this.required(key)
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
      throw new FieldError(this.at(key), `${show(v)} is not ${what}`)
    return v
  }
}
