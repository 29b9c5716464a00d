// The `settings` table: the learner's preferences as JSON values under string keys. Runs in Node.
import type Database from 'better-sqlite3'
import { fromJson, toJson } from './json-column'

export class SettingTable {
  private readonly one: Database.Statement<[string], { value: string }>
  private readonly upsert: Database.Statement<[string, string]>
  private readonly remove: Database.Statement<[string]>

  constructor(db: Database.Database) {
    this.one = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?')
  }

  /** The stored value, or undefined when unset. The type is the caller's promise, not checked. */
  get<T>(key: string): T | undefined {
    const row = this.one.get(key)
    return row ? (fromJson(row.value) as T) : undefined
  }

  /** Setting `undefined` removes the key, so a later get returns undefined as it did before. */
  set(key: string, value: unknown): void {
    if (value === undefined) this.remove.run(key)
    else this.upsert.run(key, toJson(value))
  }
}
