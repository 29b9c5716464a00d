// The `packs` table: which lab packs are installed, at which version and content hash. Runs in Node.
import type Database from 'better-sqlite3'

export interface PackRecord {
  id: string
  version: string
  contentHash: string
  title: string
  /** ms since the epoch when this version and content were first installed */
  installedAt: number
}

export type PackInstall = Omit<PackRecord, 'installedAt'>

interface PackSqlRow {
  id: string
  version: string
  content_hash: string
  title: string
  installed_at: number
}

const COLUMNS = 'id, version, content_hash, title, installed_at'

export class PackTable {
  private readonly upsert: Database.Statement<[string, string, string, string, number]>
  private readonly all: Database.Statement<[], PackSqlRow>
  private readonly one: Database.Statement<[string], PackSqlRow>

  constructor(db: Database.Database) {
    // The app installs its built-in packs at every start: installed_at moves only when the
    // version or content changes. An upsert, not INSERT OR REPLACE, which would delete the row
    // first and so trip the foreign keys of its attempts and drafts.
    this.upsert = db.prepare(`
      INSERT INTO packs (${COLUMNS}) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        installed_at = CASE
          WHEN version IS excluded.version AND content_hash IS excluded.content_hash
          THEN installed_at ELSE excluded.installed_at END,
        version = excluded.version,
        content_hash = excluded.content_hash,
        title = excluded.title`)
    this.all = db.prepare(`SELECT ${COLUMNS} FROM packs ORDER BY id`)
    this.one = db.prepare(`SELECT ${COLUMNS} FROM packs WHERE id = ?`)
  }

  install(p: PackInstall, now: number): void {
    this.upsert.run(p.id, p.version, p.contentHash, p.title, now)
  }

  list(): PackRecord[] {
    return this.all.all().map(toRecord)
  }

  get(id: string): PackRecord | null {
    const row = this.one.get(id)
    return row ? toRecord(row) : null
  }
}

function toRecord(row: PackSqlRow): PackRecord {
  return {
    id: row.id,
    version: row.version,
    contentHash: row.content_hash,
    title: row.title,
    installedAt: row.installed_at,
  }
}
