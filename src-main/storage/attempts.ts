// The `attempts` table: every submission of a lab, with the rules as written and the result of
// every objective, kept for good. Runs in Node.
import type Database from 'better-sqlite3'
import { fromJson, toJson } from './json-column'

export interface NewAttempt {
  packId: string
  labId: string
  /** the learner's rules, exactly as written */
  rules: string
  /** the grader's result per objective; stored as JSON */
  objectives: unknown
  score: number
  maxScore: number
  hintsUsed: number
  /** ms since the epoch, integers */
  startedAt: number
  submittedAt: number
  /** what the learner predicted before running, when the lab asks; stored as JSON */
  predictions?: unknown
}

export interface AttemptRow {
  id: number
  packId: string
  /** the pack version installed when the attempt was recorded: which objectives graded it */
  packVersion: string
  labId: string
  rules: string
  objectives: unknown
  score: number
  maxScore: number
  hintsUsed: number
  startedAt: number
  submittedAt: number
  /** null when none were recorded */
  predictions: unknown
}

interface AttemptSqlRow {
  id: number
  pack_id: string
  pack_version: string
  lab_id: string
  rules: string
  objectives: string
  score: number
  max_score: number
  hints_used: number
  started_at: number
  submitted_at: number
  predictions: string | null
}

const COLUMNS =
  'id, pack_id, pack_version, lab_id, rules, objectives, score, max_score, hints_used, ' +
  'started_at, submitted_at, predictions'

export class AttemptTable {
  private readonly insert: Database.Statement<
    [string, string, string, number, number, number, number, number, string | null, string]
  >
  private readonly ofPack: Database.Statement<[string], AttemptSqlRow>
  private readonly ofLab: Database.Statement<[string, string], AttemptSqlRow>

  constructor(db: Database.Database) {
    // The pack version comes from `packs` in the same statement; when the pack is not installed
    // the SELECT yields no row, so we check `changes` and say so instead of inserting nothing.
    this.insert = db.prepare(`
      INSERT INTO attempts (pack_id, pack_version, lab_id, rules, objectives, score, max_score,
                            hints_used, started_at, submitted_at, predictions)
      SELECT id, version, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM packs WHERE id = ?`)
    const order = 'ORDER BY submitted_at, id'
    this.ofPack = db.prepare(`SELECT ${COLUMNS} FROM attempts WHERE pack_id = ? ${order}`)
    this.ofLab = db.prepare(
      `SELECT ${COLUMNS} FROM attempts WHERE pack_id = ? AND lab_id = ? ${order}`,
    )
  }

  /** Returns the new attempt's id. A single autocommitted INSERT: durable when it returns. */
  record(a: NewAttempt): number {
    const result = this.insert.run(
      a.labId,
      a.rules,
      toJson(a.objectives),
      a.score,
      a.maxScore,
      a.hintsUsed,
      a.startedAt,
      a.submittedAt,
      a.predictions === undefined ? null : toJson(a.predictions),
      a.packId,
    )
    if (result.changes !== 1) throw new Error(`lab pack "${a.packId}" is not installed`)
    return Number(result.lastInsertRowid)
  }

  /** Oldest first. */
  list(packId: string, labId?: string): AttemptRow[] {
    const rows = labId === undefined ? this.ofPack.all(packId) : this.ofLab.all(packId, labId)
    return rows.map(toRow)
  }
}

function toRow(r: AttemptSqlRow): AttemptRow {
  return {
    id: r.id,
    packId: r.pack_id,
    packVersion: r.pack_version,
    labId: r.lab_id,
    rules: r.rules,
    objectives: fromJson(r.objectives),
    score: r.score,
    maxScore: r.max_score,
    hintsUsed: r.hints_used,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    predictions: r.predictions === null ? null : fromJson(r.predictions),
  }
}
