// Grading a class's bundles, one at a time, so a caller can report progress: read (untrusted),
// regrade against the pack with one shared cache, and keep one bundle per learner id. Pure: the
// CLI reads the files and passes their bytes.
import type { LabPack } from '../lab-pack'
import { BundleError, readBundle } from './read-bundle'
import { type BundleResult, regrade } from './regrade'
import { GradeCache } from './grade-cache'
import type { ResultsBundle } from './results-bundle'

export interface ClassEntry {
  file: string
  /** null when the file did not read as a bundle */
  bundle: ResultsBundle | null
  result: BundleResult
  /** set when another bundle of the same learner id replaced this one */
  replacedBy?: string
}

export class ClassGrader {
  readonly entries: ClassEntry[] = []
  readonly cache = new GradeCache()

  constructor(readonly pack: LabPack) {}

  /** Reads and regrades one bundle; never throws for what the file holds. */
  add(file: string, bytes: Uint8Array): ClassEntry {
    let entry: ClassEntry
    try {
      const bundle = readBundle(bytes, file)
      entry = { file, bundle, result: regrade(this.pack, bundle, this.cache) }
    } catch (e) {
      if (!(e instanceof BundleError)) throw e
      entry = { file, bundle: null, result: { ok: false, learner: null, error: e.message } }
    }
    this.entries.push(entry)
    return entry
  }

  /** A bundle that could not be read at all (the file is missing, unreadable). */
  addUnreadable(file: string, why: string): ClassEntry {
    const entry: ClassEntry = {
      file,
      bundle: null,
      result: { ok: false, learner: null, error: `${file}: ${why}` },
    }
    this.entries.push(entry)
    return entry
  }

  /**
   * One entry per learner id, in the order given: when a learner handed in twice, the bundle
   * exported last counts (then the later file), and the other is marked replaced.
   */
  current(): ClassEntry[] {
    const latest = new Map<string, ClassEntry>()
    for (const e of this.entries) {
      if (!e.result.ok) continue
      const id = e.result.learner.id
      const before = latest.get(id)
      if (!before || e.result.exportedAt >= (before.result.ok ? before.result.exportedAt : ''))
        latest.set(id, e)
    }
    for (const e of this.entries)
      if (e.result.ok) {
        const winner = latest.get(e.result.learner.id)!
        if (winner !== e) e.replacedBy = winner.file
      }
    return this.entries.filter((e) => !e.replacedBy)
  }
}
