// The migration runner: reads `PRAGMA user_version`, applies every pending migration in one
// transaction and records the new version, after Signal Desktop's runner. Runs in Node.
import type Database from 'better-sqlite3'
import { MIGRATIONS } from './migrations/index'
import type { Migration } from './migrations/migration'

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version

/** The database was written by a newer Portwise: this build must neither use nor change it. */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`database schema version ${found} is newer than this build's ${known}`)
    this.name = 'NewerSchemaError'
  }
}

/**
 * Throws unless the versions run 1, 2, 3… with no gap or repeat: a gap means a migration file was
 * lost, and a repeat or reordering would make `user_version` mean two different schemas.
 */
export function checkMigrationOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(
        `migration ${i + 1} in the list is "${m.version}-${m.name}": versions must be 1, 2, 3… in order`,
      )
    }
  })
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

export interface MigrationResult {
  from: number
  to: number
  applied: string[]
}

/**
 * Brings the schema up to date. All pending migrations and the new `user_version` commit
 * together or not at all, so a crash mid-way leaves the previous schema intact. BEGIN IMMEDIATE
 * takes the write lock before reading the version, so two processes cannot both migrate.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationResult {
  checkMigrationOrder(migrations)
  const latest = migrations.length
  const run = db.transaction((): MigrationResult => {
    const from = schemaVersion(db)
    if (from > latest) throw new NewerSchemaError(from, latest)
    const pending = migrations.slice(from)
    for (const m of pending) m.up(db)
    if (pending.length === 0) return { from, to: from, applied: [] }
    const broken = db.pragma('foreign_key_check') as unknown[]
    if (broken.length > 0) {
      throw new Error(`migrations left ${broken.length} foreign key violation(s)`)
    }
    // A pragma cannot take a bound parameter; `latest` is an integer we computed.
    db.pragma(`user_version = ${latest}`)
    return { from, to: latest, applied: pending.map((m) => `${m.version}-${m.name}`) }
  })
  return run.immediate()
}
