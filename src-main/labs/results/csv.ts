// CSV as RFC 4180 writes it (CRLF line ends, fields quoted when they hold a comma, quote or line
// break, quotes doubled), with cells that a spreadsheet would run as a formula defused: learner
// names are untrusted, and `=HYPERLINK(…)` in a gradebook is the classic CSV injection (OWASP
// "CSV Injection": prefix =, +, -, @, tab and CR with a single quote). Pure; runs anywhere.

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

/** A cell. Numbers are written as numbers; text is defused, then quoted when needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return formatNumber(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvRow = (cells: readonly (string | number | null | undefined)[]) =>
  cells.map(csvCell).join(',')

/** Rows joined by CRLF, ending with one. */
export const csvText = (rows: readonly (readonly (string | number | null | undefined)[])[]) =>
  rows.map(csvRow).join('\r\n') + '\r\n'

/** At most two decimals, no trailing zeros: `7`, `7.5`, `6.67`. */
export function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100)
}
