// Migration 1: the first schema: installed lab packs, drafts, attempts and settings. Runs in Node.
// STRICT tables so a wrong type is an error instead of a silently stored string.
import type { Migration } from './migration'

export const migration: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE packs (
        id TEXT PRIMARY KEY NOT NULL,
        version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        installed_at INTEGER NOT NULL
      ) STRICT;

      -- The learner's rules as they are typing them: one row per lab, overwritten on every save.
      CREATE TABLE drafts (
        pack_id TEXT NOT NULL REFERENCES packs (id),
        lab_id TEXT NOT NULL,
        text TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (pack_id, lab_id)
      ) STRICT, WITHOUT ROWID;

      -- AUTOINCREMENT so an attempt id is never reused, even after the newest row is deleted:
      -- exported results refer to attempts by id. pack_version records which objectives graded it.
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        pack_id TEXT NOT NULL REFERENCES packs (id),
        pack_version TEXT NOT NULL,
        lab_id TEXT NOT NULL,
        rules TEXT NOT NULL,
        objectives TEXT NOT NULL CHECK (json_valid(objectives)),
        score REAL NOT NULL CHECK (score >= 0 AND score <= max_score),
        max_score REAL NOT NULL CHECK (max_score >= 0),
        hints_used INTEGER NOT NULL CHECK (hints_used >= 0),
        started_at INTEGER NOT NULL,
        submitted_at INTEGER NOT NULL,
        predictions TEXT CHECK (predictions IS NULL OR json_valid(predictions))
      ) STRICT;
      CREATE INDEX attempts_by_lab ON attempts (pack_id, lab_id, submitted_at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
