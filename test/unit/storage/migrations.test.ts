// The migration runner and each migration, on in-memory databases. Runs in Vitest (Node).
import { readdirSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import {
  checkMigrationOrder,
  migrate,
  NewerSchemaError,
  SCHEMA_VERSION,
  schemaVersion,
} from '../../../src-main/storage/migrate'
import { MIGRATIONS } from '../../../src-main/storage/migrations/index'
import type { Migration } from '../../../src-main/storage/migrations/migration'

const open: Database.Database[] = []
function memory(): Database.Database {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  open.push(db)
  return db
}
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

const tables = (db: Database.Database) =>
  db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all()

describe('the migration list', () => {
  it('is numbered 1, 2, 3… and the latest is the schema version', () => {
    expect(() => checkMigrationOrder(MIGRATIONS)).not.toThrow()
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  it('holds exactly the NNNN-name.ts files of the migrations folder, with matching numbers', () => {
    const dir = new URL('../../../src-main/storage/migrations/', import.meta.url)
    const files = readdirSync(dir).filter((f) => /^\d{4}-/.test(f))
    expect(files.sort()).toEqual(
      MIGRATIONS.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`),
    )
  })

  it.each([
    ['a gap', [1, 3]],
    ['a repeat', [1, 1]],
    ['a wrong order', [2, 1]],
    ['not starting at 1', [0, 1]],
  ])('refuses %s', (_, versions) => {
    const list: Migration[] = versions.map((version) => ({ version, name: 'x', up: () => {} }))
    expect(() => checkMigrationOrder(list)).toThrow(/must be 1, 2, 3/)
    expect(() => migrate(memory(), list)).toThrow(/must be 1, 2, 3/)
  })
})

describe('the runner', () => {
  const step = (version: number, sql: string): Migration => ({
    version,
    name: `step${version}`,
    up: (db) => db.exec(sql),
  })

  it('applies every pending migration and records the version, then does nothing', () => {
    const db = memory()
    const list = [step(1, 'CREATE TABLE a (x)'), step(2, 'CREATE TABLE b (y)')]
    expect(migrate(db, list.slice(0, 1))).toEqual({ from: 0, to: 1, applied: ['1-step1'] })
    expect(migrate(db, list)).toEqual({ from: 1, to: 2, applied: ['2-step2'] })
    expect(migrate(db, list)).toEqual({ from: 2, to: 2, applied: [] })
    expect(schemaVersion(db)).toBe(2)
    expect(tables(db).sort()).toEqual(['a', 'b'])
  })

  it('applies them in one transaction: a failing one undoes those before it and the version', () => {
    const db = memory()
    const list = [step(1, 'CREATE TABLE a (x)'), step(2, 'CREATE TABLE b (y); SELECT nonsense(')]
    expect(() => migrate(db, list)).toThrow()
    expect(schemaVersion(db)).toBe(0)
    expect(tables(db)).toEqual([])
    expect(db.inTransaction).toBe(false)
  })

  it('refuses a database from a newer schema without changing it', () => {
    const db = memory()
    db.exec('CREATE TABLE future (z)')
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    expect(() => migrate(db)).toThrow(NewerSchemaError)
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION + 1)
    expect(tables(db)).toEqual(['future'])
  })

  it('rolls back a migration that leaves a foreign key dangling', () => {
    const db = memory()
    const list = [
      step(1, 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p REFERENCES p (id))'),
      // deferred, the violation would only surface at COMMIT as a bare "constraint failed";
      // the runner's foreign_key_check reports it first, by name
      {
        version: 2,
        name: 'bad',
        up: (d: Database.Database) => {
          d.pragma('defer_foreign_keys = ON')
          d.exec('INSERT INTO c VALUES (42)')
        },
      },
    ]
    expect(() => migrate(db, list)).toThrow(/foreign key/)
    expect(schemaVersion(db)).toBe(0)
  })
})

describe('migration 1: initial', () => {
  it('creates packs, drafts, attempts and settings on an empty database', () => {
    const db = memory()
    migrate(db, MIGRATIONS.slice(0, 1))
    expect(schemaVersion(db)).toBe(1)
    expect(tables(db).sort()).toEqual(['attempts', 'drafts', 'packs', 'settings'])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('ties drafts and attempts to an installed pack and checks scores and JSON', () => {
    const db = memory()
    migrate(db, MIGRATIONS.slice(0, 1))
    const draft = db.prepare('INSERT INTO drafts VALUES (?, ?, ?, ?)')
    expect(() => draft.run('nope', 'lab', '', 1)).toThrow(/FOREIGN KEY/)
    db.prepare('INSERT INTO packs VALUES (?, ?, ?, ?, ?)').run('p', '1.0.0', 'h', 'P', 1)
    draft.run('p', 'lab', 'accept', 1)
    const attempt = db.prepare(`INSERT INTO attempts (pack_id, pack_version, lab_id, rules,
      objectives, score, max_score, hints_used, started_at, submitted_at) VALUES
      ('p', '1.0.0', 'lab', '', ?, ?, ?, ?, 1, 2)`)
    expect(attempt.run('[]', 3, 3, 0).changes).toBe(1)
    expect(() => attempt.run('[]', 4, 3, 0)).toThrow(/CHECK/)
    expect(() => attempt.run('[]', -1, 3, 0)).toThrow(/CHECK/)
    expect(() => attempt.run('[]', 1, 3, -1)).toThrow(/CHECK/)
    expect(() => attempt.run('not json', 1, 3, 0)).toThrow(/CHECK/)
    expect(() => attempt.run('[]', 'three', 3, 0)).toThrow(/cannot store TEXT/)
  })
})
