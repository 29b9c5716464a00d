// Every cell of the kernel's tcp_conntracks table, reached through real packets, checked against
// the table as printed in ../shared/spec/linux-conntrack.md (an independent copy of the source).
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Conntrack } from '../../../src-main/engine/conntrack/conntrack'
import { conv } from '../../support/packets'

// The contract beside the checkout when it is there (../shared/spec), else the copy committed
// with the tests, so a clone anywhere runs them; where both exist they must be the same text.
const SHARED_SPEC = new URL('../../../../shared/spec/linux-conntrack.md', import.meta.url)
const COPY = new URL('../../fixtures/spec/linux-conntrack.md', import.meta.url)
const SPEC = existsSync(SHARED_SPEC) ? SHARED_SPEC : COPY
const COLUMNS = ['NO', 'SS', 'SR', 'ES', 'FW', 'CW', 'LA', 'TW', 'CL', 'S2']
const NAMES: Record<string, string> = {
  SS: 'SYN_SENT',
  SR: 'SYN_RECV',
  ES: 'ESTABLISHED',
  FW: 'FIN_WAIT',
  CW: 'CLOSE_WAIT',
  LA: 'LAST_ACK',
  TW: 'TIME_WAIT',
  CL: 'CLOSE',
  S2: 'SYN_SENT2',
}
const CLASS_FLAGS: Record<string, string> = {
  syn: 'S',
  synack: 'SA',
  fin: 'FA',
  ack: 'A',
  rst: 'R',
  none: '',
}

/** Packets that bring a fresh tracker's only connection into each state. */
const PATHS: Record<string, [0 | 1, string][]> = {
  SS: [[0, 'S']],
  SR: [
    [0, 'S'],
    [1, 'SA'],
  ],
  ES: [
    [0, 'S'],
    [1, 'SA'],
    [0, 'A'],
  ],
  FW: [
    [0, 'S'],
    [1, 'SA'],
    [0, 'A'],
    [0, 'FA'],
  ],
  CW: [
    [0, 'S'],
    [1, 'SA'],
    [0, 'A'],
    [0, 'FA'],
    [1, 'A'],
  ],
  LA: [
    [0, 'S'],
    [1, 'SA'],
    [0, 'A'],
    [0, 'FA'],
    [1, 'A'],
    [1, 'FA'],
  ],
  TW: [
    [0, 'S'],
    [1, 'SA'],
    [0, 'A'],
    [0, 'FA'],
    [1, 'A'],
    [1, 'FA'],
    [0, 'A'],
  ],
  CL: [
    [0, 'S'],
    [1, 'SA'],
    [0, 'A'],
    [0, 'R'],
  ],
  S2: [
    [0, 'S'],
    [1, 'S'],
  ],
}

function specTable(): { dir: 0 | 1; cls: string; cells: Record<string, string> }[] {
  const rows = readFileSync(SPEC, 'utf8')
    .split('\n')
    .filter((l) => /^\| (orig|reply) \|/.test(l))
  return rows.map((line) => {
    const [dir, cls, ...cells] = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    return {
      dir: dir === 'orig' ? 0 : 1,
      cls,
      cells: Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i]])),
    }
  })
}

function reach(state: string): Conntrack {
  const ct = new Conntrack()
  for (const [dir, flags] of PATHS[state]) ct.confirm(ct.track(conv(dir, flags)))
  const rows = ct.list(0)
  expect(rows.map((r) => r.state)).toEqual([NAMES[state]])
  return ct
}

const table = specTable()

describe('tcp_conntracks, cell by cell', () => {
  it.runIf(existsSync(SHARED_SPEC))('the committed copy of the spec is the spec', () => {
    expect(readFileSync(COPY, 'utf8')).toBe(readFileSync(SHARED_SPEC, 'utf8'))
  })

  it('reads all twelve rows of the table from the spec', () => {
    expect(table).toHaveLength(12)
  })

  for (const { dir, cls, cells } of table) {
    for (const state of COLUMNS.slice(1)) {
      const cell = cells[state]
      it(`${dir === 0 ? 'orig' : 'reply'} ${cls} in ${state} → ${cell}`, () => {
        const ct = reach(state)
        const t = ct.track(conv(dir, CLASS_FLAGS[cls]))
        const states = ct.list(0).map((r) => r.state)
        if (cell === 'IV') {
          expect(t.ct).toBe('invalid')
          expect(states).toEqual([NAMES[state]])
        } else if (cell === 'IG') {
          expect(t.ct).not.toBe('invalid')
          expect(states).toEqual([NAMES[state]])
        } else if (cell === 'SS' && (state === 'TW' || state === 'CL')) {
          // A SYN after a FIN (TIME_WAIT) or after the same side's RST (CLOSE) reopens: the old
          // entry dies and the SYN starts a new connection, kept once accepted.
          expect(t.ct).toBe('new')
          expect(states).toEqual([])
          ct.confirm(t)
          expect(ct.list(0).map((r) => r.state)).toEqual(['SYN_SENT'])
        } else if (cls === 'rst' && state === 'SS') {
          // "If only reply is a RST": no reply seen yet, so the RST deletes the entry at once.
          expect(t.killed).toBe(true)
          expect(states).toEqual([])
        } else {
          expect(t.ct).not.toBe('invalid')
          expect(states).toEqual([NAMES[cell]])
        }
      })
    }
  }
})
