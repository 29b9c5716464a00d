// The conntrack side of a filter check, as a trace shows it: the state the rules saw, why, and
// how the connection's entry moved. Pure; runs anywhere.
import type { Decision } from '../engine/firewall'
import type { CtMove } from './trace'

export function explainCtMove(d: Decision, reason: string): CtMove | null {
  const t = d.tracked
  if (!t) return null
  const kept = !t.pending || d.verdict === 'accept'
  return {
    state: t.ct,
    reason,
    entry: t.entry && kept && !t.killed ? t.entry.id : null,
    before: t.before,
    after: kept ? t.after : '',
    created: t.pending && kept,
    deleted: t.killed,
  }
}
