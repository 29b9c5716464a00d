// Opening the progress database: WAL, foreign keys, migrations, and the refusal to touch a file
// that is damaged or from a newer Portwise (it is moved aside and the caller tells the user).
// Runs in Node: Electron main, the browser host, tests. No Electron here: the app passes the path
// and, in Electron, the path of the addon compiled for Electron.
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { migrate, SCHEMA_VERSION } from './migrate'
import { COMPANION_SUFFIXES, moveAside } from './move-aside'

export interface OpenedDatabase {
  db: Database.Database
  file: string
  /** Set when the file found at `file` could not be used: where it went and why, for the user. */
  movedAside: { path: string; reason: string } | null
}

export interface OpenOptions {
  /** better-sqlite3's `nativeBinding`: the Electron build of the addon lives outside node_modules. */
  nativeBinding?: string
  /** Clock for the moved-aside file's name; tests inject it. */
  now?: () => number
}

interface Problem {
  tag: string
  reason: string
}

/**
 * Opens (creating if needed) the database at `file`, or an in-memory one for ':memory:', and
 * brings its schema up to date. A file that is not a healthy SQLite database, or whose schema is
 * newer than this build's, is never written: it is renamed to `<file>.corrupt-<stamp>` or
 * `<file>.newer-v<N>-<stamp>` and a fresh database is created in its place. Other failures (the
 * file is locked, the folder is read-only) are thrown: they say nothing about the file's content.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const { nativeBinding, now = Date.now } = options
  let movedAside: OpenedDatabase['movedAside'] = null
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true })
    const problem = existsSync(file) ? probe(file, nativeBinding) : orphanedJournal(file)
    if (problem) movedAside = { path: moveAside(file, problem.tag, now()), reason: problem.reason }
  }
  const db = new Database(file, { nativeBinding })
  try {
    configure(db)
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  return { db, file, movedAside }
}

/** One sentence for the user: what happened to their old file and where it is. */
export function describeMovedAside(moved: { path: string; reason: string }): string {
  return `${moved.reason} It has been kept, unchanged, at ${moved.path}. Portwise started with a fresh progress file.`
}

/**
 * WAL so a reader never blocks the writer and a killed process leaves a recoverable log.
 * synchronous=FULL: in WAL mode, NORMAL already survives a killed process (the OS still holds the
 * written log) but, per sqlite.org/pragma.html#pragma_synchronous, "a transaction committed in
 * WAL mode with synchronous=NORMAL might roll back following a power loss or system crash". FULL
 * syncs the WAL on every commit, so an attempt reported as saved survives a power cut as well. It
 * costs about 0.3 ms a commit here, and we commit a few times a second at most (drafts are
 * debounced). foreign_keys is per connection and off by default in SQLite.
 */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
}

/**
 * Reads the file through a read-only connection, which never checkpoints, rolls back or rewrites
 * anything, and reports why it cannot be used, or null. integrity_check rather than quick_check:
 * it also compares indexes with their tables, and on a progress file of a few MB it takes
 * milliseconds.
 */
function probe(file: string, nativeBinding: string | undefined): Problem | null {
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding })
    const found = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (row) => row.integrity_check,
    )
    if (found.length !== 1 || found[0] !== 'ok')
      return damaged(found[0] ?? 'integrity check failed')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) {
      return {
        tag: `newer-v${version}`,
        reason:
          `Your progress file was saved by a newer version of Portwise (schema ${version}; this ` +
          `version knows up to ${SCHEMA_VERSION}), so this version will not change it.`,
      }
    }
    return null
  } catch (error) {
    if (isDamage(error)) return damaged((error as Error).message)
    throw error
  } finally {
    db?.close()
  }
}

function damaged(detail: string): Problem {
  return {
    tag: 'corrupt',
    reason: `Your progress file is damaged or is not a Portwise database (SQLite says: ${detail}).`,
  }
}

/** SQLITE_NOTADB: not a database at all; SQLITE_CORRUPT*: a database whose pages do not add up. */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
}

/**
 * A WAL or journal left without its database (deleted by hand, or a move aside cut short). SQLite
 * would replay it into the new empty file, grafting pages of some other database onto it.
 */
function orphanedJournal(file: string): Problem | null {
  // An empty one holds nothing (a read-only connection leaves an empty -wal behind).
  const left = COMPANION_SUFFIXES.filter(
    (s) => s !== '-shm' && existsSync(file + s) && statSync(file + s).size > 0,
  )
  if (left.length === 0) return null
  return {
    tag: 'orphan',
    reason: 'A journal of your progress file was found without the file itself.',
  }
}
