// Editing a rule one cell at a time: what the table shows for a field, and the JSON value the
// learner's text becomes (or why it cannot). Main checks the whole rule again when it traces;
// these checks only catch what can be told from the cell alone, at once. Pure; runs in the
// renderer.
import type { RuleJson } from '../../src-main/shared/lab-types'
import { SERVICES } from '../../src-main/shared/services'
import { meant } from '../../src-main/shared/spelling'

export type CellKey =
  'action' | 'in' | 'out' | 'proto' | 'src' | 'dst' | 'sport' | 'dport' | 'flags' | 'ct' | 'comment'

export const CELL_KEYS: readonly CellKey[] = [
  'action',
  'in',
  'out',
  'proto',
  'src',
  'dst',
  'sport',
  'dport',
  'flags',
  'ct',
  'comment',
]

export const CELL_LABELS: Readonly<Record<CellKey, string>> = {
  action: 'Action',
  in: 'In',
  out: 'Out',
  proto: 'Protocol',
  src: 'Source',
  dst: 'Destination',
  sport: 'Source port',
  dport: 'Destination port',
  flags: 'TCP flags',
  ct: 'Conntrack state',
  comment: 'Comment',
}

export function cellText(rule: RuleJson, key: CellKey): string {
  const v = rule[key]
  if (v === undefined) return ''
  if (key === 'ct') return (v as string[]).join(',')
  if (key === 'flags' && typeof v === 'object') {
    const f = v as { set: string; mask: string }
    return `${f.set}/${f.mask}`
  }
  return String(v)
}

const ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/
const PORT = /^(\d{1,5})(-(\d{1,5}))?$/
const CT = ['new', 'established', 'related', 'invalid']

export type CellValue =
  { ok: true; value: RuleJson[CellKey] | undefined } | { ok: false; problem: string }

/** The JSON value for a cell's text; empty text removes the field ("any"). */
export function parseCell(key: CellKey, raw: string): CellValue {
  const text = raw.trim()
  if (text === '' && key !== 'action') return { ok: true, value: undefined }
  const bad = (problem: string): CellValue => ({ ok: false, problem })
  switch (key) {
    case 'action':
      return ['accept', 'drop', 'reject'].includes(text)
        ? { ok: true, value: text as RuleJson['action'] }
        : bad('must be accept, drop or reject')
    case 'proto':
      return ['tcp', 'udp', 'icmp'].includes(text)
        ? { ok: true, value: text as RuleJson['proto'] }
        : bad('must be tcp, udp or icmp')
    case 'src':
    case 'dst': {
      const m = ADDRESS.exec(text)
      const ok = m && m.slice(1, 5).every((o) => Number(o) <= 255) && (!m[6] || Number(m[6]) <= 32)
      return ok
        ? { ok: true, value: text }
        : bad(`"${text}" is not an address such as 10.0.2.2 or 10.0.2.0/24`)
    }
    case 'sport':
    case 'dport': {
      // a service name, as the nftables text takes it (`tcp dport https`), becomes its number
      const named = SERVICES[text.toLowerCase()]
      if (named !== undefined) return { ok: true, value: named }
      const m = PORT.exec(text)
      const lo = m ? Number(m[1]) : NaN
      const hi = m?.[3] ? Number(m[3]) : lo
      if (!m || hi > 65535) {
        const near = meant(text, Object.keys(SERVICES))
        return bad(
          near
            ? `"${text}" is not a port: did you mean ${near} (${SERVICES[near]})?`
            : `"${text}" is not a port (0-65535) or a range such as 1024-65535`,
        )
      }
      if (lo > hi) return bad(`${lo}-${hi} is an empty range`)
      return { ok: true, value: m[3] ? text : lo }
    }
    case 'flags': {
      const [set, mask] = text.toUpperCase().split('/')
      if (![set, mask ?? ''].every((f) => /^[SAFRPU]*$/.test(f)))
        return bad('use flag letters S A F R P U, such as S or S/SA')
      return { ok: true, value: mask === undefined ? set : { set, mask } }
    }
    case 'ct': {
      const states = text.split(/[\s,]+/).filter(Boolean)
      const wrong = states.find((s) => !CT.includes(s))
      return wrong
        ? bad(`"${wrong}" is not a conntrack state (${CT.join(', ')})`)
        : { ok: true, value: states }
    }
    default:
      return { ok: true, value: text }
  }
}

/** The rule with one field set or removed, keys kept in the scenario's order. */
export function withCell(
  rule: RuleJson,
  key: CellKey,
  value: RuleJson[CellKey] | undefined,
): RuleJson {
  const next: Record<string, unknown> = {}
  for (const k of CELL_KEYS) {
    const v = k === key ? value : rule[k]
    if (v !== undefined) next[k] = v
  }
  if (rule.icmpType !== undefined) next.icmpType = rule.icmpType
  return next as unknown as RuleJson
}

/** Moves the item at `from` to `to` (both in range), returning a new list. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list]
  const [item] = copy.splice(from, 1)
  copy.splice(to, 0, item)
  return copy
}

/** The Last run column: how many packets of the last run a rule decided. */
export const lastRunSaid = (hits: number) =>
  hits === 0 ? 'matched nothing' : `${hits} packet${hits === 1 ? '' : 's'}`
