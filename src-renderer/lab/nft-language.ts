// nftables text for CodeMirror 6: a small stream tokenizer for highlighting, a highlight style
// drawn from the theme's colours, and completion of keywords, match fields, well-known service
// names and ports. Runs in the renderer.
import { type CompletionContext, type CompletionResult } from '@codemirror/autocomplete'
import { HighlightStyle, StreamLanguage, type StringStream } from '@codemirror/language'
import { tags } from '@lezer/highlight'
import { SERVICES } from '../../src-main/shared/services'

const KEYWORDS = new Set([
  'table',
  'chain',
  'type',
  'filter',
  'hook',
  'priority',
  'policy',
  'inet',
  'ip',
  'input',
  'forward',
  'output',
  'ct',
  'state',
  'iifname',
  'oifname',
  'iif',
  'oif',
  'saddr',
  'daddr',
  'sport',
  'dport',
  'flags',
  'comment',
  'tcp',
  'udp',
  'icmp',
  'type',
  'meta',
  'l4proto',
  'protocol',
])
const VERDICTS = new Set(['accept', 'drop', 'reject', 'counter'])
const CONSTANTS = new Set([
  'new',
  'established',
  'related',
  'invalid',
  'syn',
  'ack',
  'fin',
  'rst',
  'psh',
  'urg',
])

export const nftLanguage = StreamLanguage.define<object>({
  name: 'nft',
  token(stream: StringStream) {
    if (stream.eatSpace()) return null
    if (stream.match('#')) {
      stream.skipToEnd()
      return 'comment'
    }
    if (stream.match(/^"[^"]*"?/)) return 'string'
    if (stream.match(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?/)) return 'number'
    if (stream.match(/^\d+(-\d+)?/)) return 'number'
    const word = stream.match(/^[a-z][a-z0-9_-]*/i) as RegExpMatchArray | null
    if (word) {
      const w = word[0]
      if (VERDICTS.has(w)) return 'keyword2'
      if (KEYWORDS.has(w)) return 'keyword'
      if (CONSTANTS.has(w) || w in SERVICES) return 'atom'
      return 'variableName'
    }
    stream.next()
    return 'punctuation'
  },
  tokenTable: { keyword2: tags.controlKeyword },
})

export const nftHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--syntax-keyword)' },
  { tag: tags.controlKeyword, color: 'var(--syntax-verdict)', fontWeight: '700' },
  { tag: tags.number, color: 'var(--syntax-number)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: tags.atom, color: 'var(--syntax-atom)' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
])

const FIELDS = [
  ['ip saddr', 'source address'],
  ['ip daddr', 'destination address'],
  ['tcp dport', 'TCP destination port'],
  ['tcp sport', 'TCP source port'],
  ['udp dport', 'UDP destination port'],
  ['udp sport', 'UDP source port'],
  ['tcp flags', 'TCP flags, e.g. syn'],
  ['ct state', 'connection tracking state'],
  ['iifname', 'interface it arrives on'],
  ['oifname', 'interface it leaves by'],
  ['icmp type', 'ICMP type, e.g. echo-request'],
  ['meta l4proto', 'protocol'],
  ['comment', 'a note on the rule'],
] as const

/** Completion: fields, verdicts, ct states, service names and their ports, interface names. */
export function nftCompletions(interfaces: () => string[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[\w-]*/)
    if (!word || (word.from === word.to && !context.explicit)) return null
    const before = context.state.doc.sliceString(Math.max(0, word.from - 12), word.from)
    const options = []
    if (/(dport|sport)\s+$/.test(before)) {
      for (const [name, port] of Object.entries(SERVICES)) {
        options.push({ label: name, type: 'constant', detail: `port ${port}` })
        options.push({ label: String(port), type: 'constant', detail: name })
      }
      options.push({ label: '1024-65535', type: 'constant', detail: 'all unprivileged ports' })
    } else if (/(iifname|oifname)\s+$/.test(before)) {
      for (const i of interfaces()) options.push({ label: `"${i}"`, type: 'variable' })
    } else if (/state\s+$/.test(before)) {
      for (const s of ['new', 'established,related', 'established', 'related', 'invalid'])
        options.push({ label: s, type: 'constant' })
    } else {
      for (const [label, detail] of FIELDS) options.push({ label, type: 'property', detail })
      for (const v of ['accept', 'drop', 'reject']) options.push({ label: v, type: 'keyword' })
      for (const [name, port] of Object.entries(SERVICES))
        options.push({ label: name, type: 'constant', detail: `port ${port}` })
    }
    return { from: word.from, options, validFor: /^[\w-]*$/ }
  }
}
