// Splits nftables ruleset text (`nft list ruleset`, `nft -f` files) into tokens that know their
// line and column. Pure; runs anywhere.
import type { SourcePos } from './diagnostic'

export type TokenKind = 'word' | 'string' | 'punct' | 'newline' | 'end'

export interface Token extends SourcePos {
  kind: TokenKind
  text: string
}

// Addresses (10.0.0.0/8), ranges (1024-65535), hex (0x12) and names (echo-request) are one word.
const WORD = /[A-Za-z0-9_.:/\-*$@]/
const PUNCTS = ['==', '!=', '<=', '>=', '{', '}', '(', ')', ';', ',', '&', '|', '!', '<', '>', '=']

/** Tokens, ending with one `end`; an unterminated string is reported as `errors`. */
export function lexNft(text: string): {
  tokens: Token[]
  errors: { message: string; at: SourcePos }[]
} {
  const tokens: Token[] = []
  const errors: { message: string; at: SourcePos }[] = []
  let line = 1
  let lineStart = 0
  let i = 0
  const here = (): SourcePos => ({ line, column: i - lineStart + 1 })
  while (i < text.length) {
    const c = text[i]
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', ...here() })
      i++
      line++
      lineStart = i
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++
    } else if (c === '\\' && (text[i + 1] === '\n' || text.startsWith('\r\n', i + 1))) {
      // a backslash before the line end continues the line, as in nft -f files
      i += text[i + 1] === '\n' ? 2 : 3
      line++
      lineStart = i
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '"') {
      const at = here()
      const end = text.indexOf('"', i + 1)
      const nl = text.indexOf('\n', i + 1)
      if (end < 0 || (nl >= 0 && nl < end)) {
        errors.push({ message: 'this string has no closing "', at })
        i = nl < 0 ? text.length : nl
      } else {
        tokens.push({ kind: 'string', text: text.slice(i + 1, end), ...at })
        i = end + 1
      }
    } else if (WORD.test(c)) {
      const at = here()
      const start = i
      while (i < text.length && WORD.test(text[i])) i++
      tokens.push({ kind: 'word', text: text.slice(start, i), ...at })
    } else {
      const p = PUNCTS.find((q) => text.startsWith(q, i))
      const at = here()
      if (p === undefined) {
        errors.push({ message: `unexpected character ${JSON.stringify(c)}`, at })
        i++
      } else {
        tokens.push({ kind: 'punct', text: p, ...at })
        i += p.length
      }
    }
  }
  tokens.push({ kind: 'end', text: '', ...here() })
  return { tokens, errors }
}
