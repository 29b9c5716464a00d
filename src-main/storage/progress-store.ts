// The learner's progress as the rest of the app sees it: installed packs, drafts, attempts,
// settings and per-lab summaries, over one open database. Runs in Node (Electron main, the
// browser host, tests). Every write is one autocommitted statement, durable when it returns
// (see `configure` in database.ts).
import type Database from 'better-sqlite3'
import { AttemptTable, type AttemptRow, type NewAttempt } from './attempts'
import { DraftTable, type Draft } from './drafts'
import { summarizeLabs, type LabSummary } from './lab-summary'
import { PackTable, type PackInstall, type PackRecord } from './packs'
import { SettingTable } from './settings'

export type { AttemptRow, Draft, LabSummary, NewAttempt, PackInstall, PackRecord }

export class ProgressStore {
  private readonly packs: PackTable
  private readonly drafts: DraftTable
  private readonly attempts: AttemptTable
  private readonly settings: SettingTable

  /** `now` gives ms since the epoch; tests inject a fixed clock. */
  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.packs = new PackTable(db)
    this.drafts = new DraftTable(db)
    this.attempts = new AttemptTable(db)
    this.settings = new SettingTable(db)
  }

  /** Adds or updates a pack; its attempts and drafts stay. */
  installPack(p: PackInstall): void {
    this.packs.install(p, this.now())
  }

  /** By id. */
  listPacks(): PackRecord[] {
    return this.packs.list()
  }

  getPack(id: string): PackRecord | null {
    return this.packs.get(id)
  }

  /** Replaces the lab's draft. The pack must be installed (foreign key). */
  saveDraft(packId: string, labId: string, text: string): { savedAt: number } {
    return this.drafts.save(packId, labId, text, this.now())
  }

  getDraft(packId: string, labId: string): Draft | null {
    return this.drafts.get(packId, labId)
  }

  /**
   * Stores a graded attempt and returns its id, once committed and synced to disk. Throws when
   * the pack is not installed or the numbers are impossible (score outside 0…maxScore, negative
   * hints, a non-integer time).
   */
  recordAttempt(a: NewAttempt): number {
    return this.attempts.record(a)
  }

  /** Oldest first, JSON columns parsed. */
  listAttempts(packId: string, labId?: string): AttemptRow[] {
    return this.attempts.list(packId, labId)
  }

  /**
   * One entry per lab with a draft or attempt, or per id in `labIds` first (pass the pack's labs
   * to get not-started ones too). The status rule is documented on `summarizeLabs`.
   */
  labSummary(packId: string, labIds?: readonly string[]): LabSummary[] {
    return summarizeLabs(this.drafts.listForPack(packId), this.attempts.list(packId), labIds)
  }

  getSetting<T>(key: string): T | undefined {
    return this.settings.get<T>(key)
  }

  /** Any JSON-serializable value; `undefined` removes the key. */
  setSetting(key: string, value: unknown): void {
    this.settings.set(key, value)
  }
}
