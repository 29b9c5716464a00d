// What a schema migration is: a version number, a name and a function that changes the schema.
// Runs in Node (Electron main, the browser host, tests).
import type Database from 'better-sqlite3'

/**
 * One numbered step of the schema. `up` runs inside the runner's transaction, so it must not
 * begin or commit one itself, and it must not change `foreign_keys` (a no-op inside a
 * transaction): a table rebuild follows SQLite's "other kinds of table schema changes" recipe and
 * leaves the runner's `foreign_key_check` to catch mistakes.
 */
export interface Migration {
  version: number
  name: string
  up: (db: Database.Database) => void
}
