// Moving a database we must not use out of the way, with its -wal, -shm and -journal files, so
// nothing in it is lost and a fresh database can take its place. Runs in Node.
import { existsSync, renameSync } from 'node:fs'

/** The files SQLite keeps beside a database; a moved database needs its WAL to be whole. */
export const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const

/** `2025-03-04T05-06-07-089Z`: ISO 8601 with the characters Windows forbids in names replaced. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}

/**
 * Renames `file` to `file.<tag>-<stamp>` (never over an existing file) and each companion to the
 * same name plus its suffix, so `sqlite3 progress.db.corrupt-…` still finds its WAL. Returns the
 * new path of the first file moved: the database's, or a journal's when only that was there. The main file goes first: if we die between the renames, what remains is a WAL with
 * no database, which `openDatabase` also moves aside instead of replaying it into a new file.
 */
export function moveAside(file: string, tag: string, now: number): string {
  const base = `${file}.${tag}-${fileStamp(now)}`
  let target = base
  for (let n = 2; [target, ...COMPANION_SUFFIXES.map((s) => target + s)].some(existsSync); n++) {
    target = `${base}-${n}`
  }
  const moved: string[] = []
  for (const suffix of ['', ...COMPANION_SUFFIXES]) {
    if (!existsSync(file + suffix)) continue
    renameSync(file + suffix, target + suffix)
    moved.push(target + suffix)
  }
  return moved[0] ?? target
}
