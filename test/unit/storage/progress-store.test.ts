// ProgressStore over an in-memory database: packs, drafts, attempts, summaries, settings.
// Runs in Vitest (Node).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src-main/storage/database'
import { ProgressStore, type NewAttempt } from '../../../src-main/storage/progress-store'
import type Database from 'better-sqlite3'

let db: Database.Database
let clock: number
let store: ProgressStore

beforeEach(() => {
  db = openDatabase(':memory:').db
  clock = 1_000
  store = new ProgressStore(db, () => clock)
  store.installPack({ id: 'basics', version: '1.0.0', contentHash: 'sha256-a', title: 'Basics' })
})
afterEach(() => db.close())

const attempt = (over: Partial<NewAttempt> = {}): NewAttempt => ({
  packId: 'basics',
  labId: 'lab-1',
  rules: 'tcp dport 22 accept\n',
  objectives: [{ id: 'ssh-in', passed: true, detail: { packets: 3 } }],
  score: 1,
  maxScore: 2,
  hintsUsed: 1,
  startedAt: 500,
  submittedAt: 900,
  ...over,
})

describe('packs', () => {
  it('installs, lists by id and gets one', () => {
    clock = 2_000
    store.installPack({ id: 'advanced', version: '0.1.0', contentHash: 'sha256-b', title: 'Adv' })
    expect(store.listPacks().map((p) => p.id)).toEqual(['advanced', 'basics'])
    expect(store.getPack('advanced')).toEqual({
      id: 'advanced',
      version: '0.1.0',
      contentHash: 'sha256-b',
      title: 'Adv',
      installedAt: 2_000,
    })
    expect(store.getPack('nope')).toBeNull()
  })

  it('keeps installedAt when the same content is installed again, moves it on a new version', () => {
    clock = 5_000
    store.installPack({ id: 'basics', version: '1.0.0', contentHash: 'sha256-a', title: 'Basics!' })
    expect(store.getPack('basics')).toMatchObject({ installedAt: 1_000, title: 'Basics!' })
    store.installPack({ id: 'basics', version: '1.1.0', contentHash: 'sha256-c', title: 'Basics' })
    expect(store.getPack('basics')).toMatchObject({ version: '1.1.0', installedAt: 5_000 })
  })

  it('keeps attempts and drafts when a pack is updated', () => {
    store.saveDraft('basics', 'lab-1', 'drop')
    store.recordAttempt(attempt())
    store.installPack({ id: 'basics', version: '2.0.0', contentHash: 'sha256-d', title: 'Basics' })
    expect(store.getDraft('basics', 'lab-1')?.text).toBe('drop')
    expect(store.listAttempts('basics')).toHaveLength(1)
  })
})

describe('drafts', () => {
  it('saves, overwrites and reads back with the time of saving', () => {
    expect(store.getDraft('basics', 'lab-1')).toBeNull()
    expect(store.saveDraft('basics', 'lab-1', 'tcp dport 22')).toEqual({ savedAt: 1_000 })
    clock = 1_300
    store.saveDraft('basics', 'lab-1', 'tcp dport 22 accept')
    expect(store.getDraft('basics', 'lab-1')).toEqual({
      text: 'tcp dport 22 accept',
      savedAt: 1_300,
    })
    expect(store.getDraft('basics', 'lab-2')).toBeNull()
  })

  it('keeps text exactly, unicode and blank lines included', () => {
    const text = '# règle — “ssh”\n\n\ttcp dport 22 accept  \n🔥\n'
    store.saveDraft('basics', 'lab-1', text)
    expect(store.getDraft('basics', 'lab-1')?.text).toBe(text)
  })

  it('refuses a draft for a pack that is not installed', () => {
    expect(() => store.saveDraft('ghost', 'lab-1', 'x')).toThrow(/FOREIGN KEY/)
  })
})

describe('attempts', () => {
  it('records and lists them oldest first with JSON parsed back and the pack version', () => {
    const first = store.recordAttempt(attempt({ predictions: { 'pkt-1': 'drop' } }))
    const second = store.recordAttempt(attempt({ labId: 'lab-2', submittedAt: 950, score: 2 }))
    expect(second).toBeGreaterThan(first)
    expect(store.listAttempts('basics')).toEqual([
      {
        id: first,
        packId: 'basics',
        packVersion: '1.0.0',
        labId: 'lab-1',
        rules: 'tcp dport 22 accept\n',
        objectives: [{ id: 'ssh-in', passed: true, detail: { packets: 3 } }],
        score: 1,
        maxScore: 2,
        hintsUsed: 1,
        startedAt: 500,
        submittedAt: 900,
        predictions: { 'pkt-1': 'drop' },
      },
      expect.objectContaining({ id: second, labId: 'lab-2', predictions: null, score: 2 }),
    ])
    expect(store.listAttempts('basics', 'lab-2').map((a) => a.id)).toEqual([second])
    expect(store.listAttempts('other')).toEqual([])
  })

  it('stores undefined objectives as null rather than failing', () => {
    store.recordAttempt(attempt({ objectives: undefined }))
    expect(store.listAttempts('basics')[0]!.objectives).toBeNull()
  })

  it.each([
    ['a pack that is not installed', { packId: 'ghost' }, /not installed/],
    ['a score above the maximum', { score: 3 }, /CHECK/],
    ['a negative score', { score: -1 }, /CHECK/],
    ['negative hints', { hintsUsed: -1 }, /CHECK/],
    ['a fractional time', { submittedAt: 1.5 }, /INTEGER/],
    ['a NaN score', { score: Number.NaN }, /NOT NULL/],
  ])('refuses %s and stores nothing', (_, over, message) => {
    expect(() => store.recordAttempt(attempt(over))).toThrow(message)
    expect(store.listAttempts('basics')).toEqual([])
  })
})

describe('labSummary', () => {
  it('reports not-started, in-progress and passed per lab, in the order asked', () => {
    store.saveDraft('basics', 'lab-2', 'tcp dport 80') // typed: in progress
    store.saveDraft('basics', 'lab-3', '  \n') // opened only: not started
    store.recordAttempt(attempt({ labId: 'lab-1', score: 2, maxScore: 2, submittedAt: 10 }))
    store.recordAttempt(attempt({ labId: 'lab-1', score: 0, maxScore: 2, submittedAt: 20 }))
    store.recordAttempt(
      attempt({
        labId: 'lab-4',
        score: 1,
        maxScore: 3,
        submittedAt: 30,
        objectives: [{ id: 'ssh-in', passed: false }],
      }),
    )
    expect(store.labSummary('basics', ['lab-1', 'lab-2', 'lab-3', 'lab-5'])).toEqual([
      { labId: 'lab-1', status: 'passed', bestScore: 2, maxScore: 2, lastAttemptAt: 20 },
      {
        labId: 'lab-2',
        status: 'in-progress',
        bestScore: null,
        maxScore: null,
        lastAttemptAt: null,
      },
      {
        labId: 'lab-3',
        status: 'not-started',
        bestScore: null,
        maxScore: null,
        lastAttemptAt: null,
      },
      {
        labId: 'lab-5',
        status: 'not-started',
        bestScore: null,
        maxScore: null,
        lastAttemptAt: null,
      },
      { labId: 'lab-4', status: 'in-progress', bestScore: 1, maxScore: 3, lastAttemptAt: 30 },
    ])
  })

  it('without lab ids, lists the labs that have data, by id', () => {
    store.recordAttempt(attempt({ labId: 'b' }))
    store.saveDraft('basics', 'a', 'x')
    expect(store.labSummary('basics').map((s) => s.labId)).toEqual(['a', 'b'])
    expect(store.labSummary('other')).toEqual([])
  })
})

describe('settings', () => {
  it('round-trips JSON values and removes a key set to undefined', () => {
    expect(store.getSetting('theme')).toBeUndefined()
    store.setSetting('theme', 'dark')
    store.setSetting('panes', { left: 320, collapsed: [true, false] })
    store.setSetting('zero', 0)
    store.setSetting('nothing', null)
    expect(store.getSetting<string>('theme')).toBe('dark')
    expect(store.getSetting('panes')).toEqual({ left: 320, collapsed: [true, false] })
    expect(store.getSetting('zero')).toBe(0)
    expect(store.getSetting('nothing')).toBeNull()
    store.setSetting('theme', 'light')
    expect(store.getSetting('theme')).toBe('light')
    store.setSetting('theme', undefined)
    expect(store.getSetting('theme')).toBeUndefined()
  })
})
