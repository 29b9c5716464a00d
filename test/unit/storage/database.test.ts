// openDatabase: pragmas, migrations, and damaged, newer or orphaned files moved aside with
// nothing lost. Runs in Vitest (Node) on temporary folders.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { describeMovedAside, openDatabase } from '../../../src-main/storage/database'
import { SCHEMA_VERSION } from '../../../src-main/storage/migrate'
import { ProgressStore } from '../../../src-main/storage/progress-store'
import { useTempDirs } from './temp-dir'

const tempDir = useTempDirs()
const NOW = Date.UTC(2025, 2, 4, 5, 6, 7, 89)
const STAMP = '2025-03-04T05-06-07-089Z'

/** A database with some progress in it, closed cleanly; returns its byte size. */
function seed(file: string): number {
  const { db } = openDatabase(file)
  const store = new ProgressStore(db, () => 1)
  store.installPack({ id: 'basics', version: '1.0.0', contentHash: 'h', title: 'Basics' })
  // one transaction: 200 synced commits would only slow the test down
  db.transaction(() => {
    for (let i = 0; i < 200; i++) record(store, i)
  })()
  db.close()
  return readFileSync(file).length
}

function record(store: ProgressStore, i: number) {
  store.recordAttempt({
    packId: 'basics',
    labId: `lab-${i % 7}`,
    rules: `accept tcp dport ${i} ${'#'.repeat(400)}`,
    objectives: [{ id: 'o', passed: true }],
    score: 1,
    maxScore: 1,
    hintsUsed: 0,
    startedAt: 1,
    submittedAt: 2,
  })
}

function expectFreshAndUsable(file: string, db: Database.Database) {
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
  expect(new ProgressStore(db).listPacks()).toEqual([])
  db.close()
  expect(existsSync(file)).toBe(true)
}

describe('openDatabase on a healthy file', () => {
  it('creates the folder and the file, in WAL mode with foreign keys and full syncs', () => {
    const file = join(tempDir(), 'nested', 'data', 'progress.db')
    const { db, file: opened, movedAside } = openDatabase(file)
    expect(opened).toBe(file)
    expect(movedAside).toBeNull()
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('reopens an existing file with its data, moving nothing', () => {
    const dir = tempDir()
    const file = join(dir, 'progress.db')
    seed(file)
    const { db, movedAside } = openDatabase(file)
    expect(movedAside).toBeNull()
    expect(new ProgressStore(db).listAttempts('basics')).toHaveLength(200)
    db.close()
    expect(readdirSync(dir).filter((f) => f.includes('.db.'))).toEqual([])
  })

  it('opens :memory: with the schema', () => {
    const { db, movedAside } = openDatabase(':memory:')
    expect(movedAside).toBeNull()
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('passes nativeBinding through to better-sqlite3', () => {
    const file = join(tempDir(), 'progress.db')
    expect(() => openDatabase(file, { nativeBinding: join(tempDir(), 'missing.node') })).toThrow(
      /Cannot find module|missing\.node/,
    )
  })

  it('treats an empty file as a new database, not a damaged one', () => {
    const file = join(tempDir(), 'progress.db')
    writeFileSync(file, '')
    const { db, movedAside } = openDatabase(file)
    expect(movedAside).toBeNull()
    expectFreshAndUsable(file, db)
  })
})

describe('openDatabase on a damaged file', () => {
  const cases: [string, (file: string, size: number) => void][] = [
    ['truncated to half', (f, size) => truncateSync(f, size / 2)],
    ['truncated inside its header', (f) => truncateSync(f, 50)],
    ['missing its last page', (f, size) => truncateSync(f, size - 4096)],
    ['random bytes', (f) => writeFileSync(f, randomBytes(20_000))],
    [
      'a text file',
      (f) => writeFileSync(f, 'these are not the pages you are looking for\n'.repeat(50)),
    ],
    [
      'a page overwritten with garbage',
      (f) => {
        const bytes = readFileSync(f)
        randomBytes(4096).copy(bytes, 4096 * 4)
        writeFileSync(f, bytes)
      },
    ],
  ]

  it.each(cases)('%s: keeps it byte for byte beside a fresh database', (_, damage) => {
    const dir = tempDir()
    const file = join(dir, 'progress.db')
    damage(file, seed(file))
    const before = readFileSync(file)
    const { db, movedAside } = openDatabase(file, { now: () => NOW })
    expect(movedAside).not.toBeNull()
    expect(movedAside!.path).toBe(`${file}.corrupt-${STAMP}`)
    expect(movedAside!.reason).toMatch(/damaged or is not a Portwise database \(SQLite says: .+\)/)
    expect(readFileSync(movedAside!.path).equals(before)).toBe(true)
    expectFreshAndUsable(file, db)
  })

  it('does not overwrite an earlier moved-aside file with the same stamp', () => {
    const dir = tempDir()
    const file = join(dir, 'progress.db')
    const paths = [1, 2].map(() => {
      writeFileSync(file, randomBytes(5000))
      const opened = openDatabase(file, { now: () => NOW })
      opened.db.close()
      return opened.movedAside!.path
    })
    expect(paths).toEqual([`${file}.corrupt-${STAMP}`, `${file}.corrupt-${STAMP}-2`])
  })

  it('tells the user in one sentence where the old file is', () => {
    expect(describeMovedAside({ path: '/data/progress.db.corrupt-x', reason: 'It broke.' })).toBe(
      'It broke. It has been kept, unchanged, at /data/progress.db.corrupt-x. ' +
        'Portwise started with a fresh progress file.',
    )
  })
})

describe('openDatabase on a file from a newer Portwise', () => {
  it('moves it aside with its WAL, unchanged, and starts fresh', () => {
    const dir = tempDir()
    const file = join(dir, 'progress.db')
    seed(file)
    // A newer build that left its last transactions in the WAL (killed without a checkpoint).
    const future = new Database(file)
    future.pragma('wal_autocheckpoint = 0')
    future.exec("CREATE TABLE future_things (x); INSERT INTO future_things VALUES ('kept')")
    future.pragma(`user_version = ${SCHEMA_VERSION + 5}`)
    const mainBefore = readFileSync(file)
    const walBefore = readFileSync(`${file}-wal`)
    // Copy the files as they are now, as a kill would leave them, then let go of the connection.
    const snapshot = [mainBefore, walBefore]
    future.close()
    writeFileSync(file, snapshot[0]!)
    writeFileSync(`${file}-wal`, snapshot[1]!)

    const { db, movedAside } = openDatabase(file, { now: () => NOW })
    const aside = `${file}.newer-v${SCHEMA_VERSION + 5}-${STAMP}`
    expect(movedAside).toEqual({ path: aside, reason: expect.stringMatching(/newer version/) })
    expect(movedAside!.reason).toContain(`schema ${SCHEMA_VERSION + 5}`)
    expect(readFileSync(aside).equals(mainBefore)).toBe(true)
    expect(readFileSync(`${aside}-wal`).equals(walBefore)).toBe(true)
    expectFreshAndUsable(file, db)

    // Nothing lost: the moved file, with its WAL, still holds the newer build's data and ours.
    const kept = new Database(aside, { readonly: true })
    expect(kept.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5)
    expect(kept.prepare('SELECT x FROM future_things').pluck().get()).toBe('kept')
    expect(kept.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(200)
    kept.close()
  })
})

describe('openDatabase with a WAL and no database', () => {
  it('moves the stray WAL aside instead of replaying it into the new file', () => {
    const dir = tempDir()
    const file = join(dir, 'progress.db')
    writeFileSync(`${file}-wal`, randomBytes(8192))
    const { db, movedAside } = openDatabase(file, { now: () => NOW })
    expect(movedAside!.path).toBe(`${file}.orphan-${STAMP}-wal`)
    expect(existsSync(movedAside!.path)).toBe(true)
    expectFreshAndUsable(file, db)
  })
})
