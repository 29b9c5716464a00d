// Where a dialect's text went wrong, and the results parsers and printers hand back: every parse
// error names a line and a column, every printing error the rule it is about. Pure; runs anywhere.
import type { RuleSet } from './ruleset'

/** A place in a source text; both numbers count from 1, as editors and compilers show them. */
export interface SourcePos {
  line: number
  column: number
}

/**
 * One problem, in words a learner reads. A parse error always has `line` and `column`; a printing
 * error has them when the rule it is about came from a file.
 */
export interface Diagnostic {
  message: string
  line?: number
  column?: number
}

/**
 * Where each chain and rule of a parsed rule set was written, so that a printer refusing a rule
 * can point at the line the learner wrote. Kept beside the model, not in it, so that models
 * compare equal however they were made.
 */
export type Origins = WeakMap<object, SourcePos>

export type ParseResult =
  { ok: true; ruleSet: RuleSet; origins: Origins } | { ok: false; errors: Diagnostic[] }

export type PrintResult =
  { ok: true; text: string; notes: Diagnostic[] } | { ok: false; errors: Diagnostic[] }

/** `rules.nft:3:14: negation (!=) is not supported by Portwise`, or without the place. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return d.line === undefined
    ? `${file}: ${d.message}`
    : `${file}:${d.line}:${d.column ?? 1}: ${d.message}`
}

/** Collects diagnostics while a parser or printer goes on to find the next. */
export class Problems {
  readonly list: Diagnostic[] = []

  add(message: string, at?: SourcePos): void {
    this.list.push(at ? { message, line: at.line, column: at.column } : { message })
  }

  get any(): boolean {
    return this.list.length > 0
  }
}

/** Errors in the order of the text, as a learner reads it top to bottom. */
export function sortByPlace(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  )
}
