// The `drafts` table: the rules each learner is writing, one row per lab, overwritten as they type.
// Runs in Node.
import type Database from 'better-sqlite3'

export interface Draft {
  text: string
  savedAt: number
}

/** A draft with its lab, as lab summaries read them. */
export interface LabDraft extends Draft {
  labId: string
}

export class DraftTable {
  private readonly upsert: Database.Statement<[string, string, string, number]>
  private readonly one: Database.Statement<[string, string], { text: string; saved_at: number }>
  private readonly ofPack: Database.Statement<
    [string],
    { lab_id: string; text: string; saved_at: number }
  >

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`
      INSERT INTO drafts (pack_id, lab_id, text, saved_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (pack_id, lab_id) DO UPDATE SET text = excluded.text, saved_at = excluded.saved_at`)
    this.one = db.prepare('SELECT text, saved_at FROM drafts WHERE pack_id = ? AND lab_id = ?')
    this.ofPack = db.prepare(
      'SELECT lab_id, text, saved_at FROM drafts WHERE pack_id = ? ORDER BY lab_id',
    )
  }

  save(packId: string, labId: string, text: string, now: number): { savedAt: number } {
    this.upsert.run(packId, labId, text, now)
    return { savedAt: now }
  }

  get(packId: string, labId: string): Draft | null {
    const row = this.one.get(packId, labId)
    return row ? { text: row.text, savedAt: row.saved_at } : null
  }

  listForPack(packId: string): LabDraft[] {
    return this.ofPack
      .all(packId)
      .map((r) => ({ labId: r.lab_id, text: r.text, savedAt: r.saved_at }))
  }
}
