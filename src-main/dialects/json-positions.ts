// A JSON reader that remembers where each value was written, so that errors in AWS rule files
// name a line and a column as the text dialects' errors do. Pure; runs anywhere.
import type { SourcePos } from './diagnostic'

export type JsonNode = SourcePos &
  (
    | { kind: 'object'; fields: Map<string, JsonNode> }
    | { kind: 'array'; items: JsonNode[] }
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
  )

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: SourcePos,
  ) {
    super(message)
  }
}

/** Parses RFC 8259 JSON; throws JsonSyntaxError with the place of the first fault. */
export function parseJsonWithPositions(text: string): JsonNode {
  let i = 0
  let line = 1
  let lineStart = 0
  const here = (): SourcePos => ({ line, column: i - lineStart + 1 })
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, here())
  }
  const space = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i])) {
      if (text[i] === '\n') {
        line++
        lineStart = i + 1
      }
      i++
    }
  }
  const str = (): string => {
    i++
    let out = ''
    for (;;) {
      if (i >= text.length || text[i] === '\n') fail('this string has no closing "')
      const c = text[i]
      if (c === '"') break
      if (c === '\\') {
        const e = text[i + 1]
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        }
        if (e in simple) {
          out += simple[e]
          i += 2
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))
          i += 6
        } else fail(`bad escape \\${e ?? ''} in a string`)
      } else {
        out += c
        i++
      }
    }
    i++
    return out
  }
  const value = (): JsonNode => {
    space()
    const at = here()
    const c = text[i]
    if (c === '{') {
      i++
      const fields = new Map<string, JsonNode>()
      space()
      if (text[i] === '}') {
        i++
        return { kind: 'object', fields, ...at }
      }
      for (;;) {
        space()
        if (text[i] !== '"') fail('expected a "name" in the object')
        const key = str()
        space()
        if (text[i] !== ':') fail(`expected : after "${key}"`)
        i++
        fields.set(key, value())
        space()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return { kind: 'object', fields, ...at }
        } else fail('expected , or } in the object')
      }
    }
    if (c === '[') {
      i++
      const items: JsonNode[] = []
      space()
      if (text[i] === ']') {
        i++
        return { kind: 'array', items, ...at }
      }
      for (;;) {
        items.push(value())
        space()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return { kind: 'array', items, ...at }
        } else fail('expected , or ] in the array')
      }
    }
    if (c === '"') return { kind: 'string', value: str(), ...at }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (num) {
      i += num[0].length
      return { kind: 'number', value: Number(num[0]), ...at }
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length
        return { ...node, ...at }
      }
    }
    return fail(
      i >= text.length
        ? 'the text ends where a value should be'
        : `unexpected ${JSON.stringify(c)}`,
    )
  }
  const root = value()
  space()
  if (i < text.length) fail('unexpected text after the JSON value')
  return root
}

/**
 * Where the value a field path names was written (`firewall.rules[1].dport`), as far as the text
 * holds it: a field that is missing points at the object that lacks it.
 */
export function positionOf(root: JsonNode, path: string): SourcePos {
  let node = root
  for (const [, name, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const next =
      index !== undefined
        ? node.kind === 'array'
          ? node.items[Number(index)]
          : undefined
        : node.kind === 'object'
          ? node.fields.get(name)
          : undefined
    if (!next) break
    node = next
  }
  return { line: node.line, column: node.column }
}
