// Saving drafts as the learner types without writing on every keystroke: one debounce per lab,
// with a ceiling so steady typing still reaches the disk. Runs in Node (Electron main, the
// browser host); the timers are injectable for tests.
import type { ProgressStore } from './progress-store'

export interface Timers {
  set: (fn: () => void, ms: number) => unknown
  clear: (handle: unknown) => void
}

export interface DraftSaverOptions {
  /**
   * The longest a keystroke waits for the disk while typing goes on: a plain debounce would
   * postpone the save for as long as the learner never pauses, and the issue promises a crash
   * loses at most a second of work.
   */
  maxWaitMs?: number
  /** A save fired by a timer has no caller to throw to; the text stays pending for flush(). */
  onError?: (error: unknown, packId: string, labId: string) => void
}

interface Pending {
  packId: string
  labId: string
  text: string
  debounce: unknown
  ceiling: unknown
}

const NODE_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export class DraftSaver {
  private readonly pending = new Map<string, Pending>()
  private readonly maxWaitMs: number
  private readonly onError: NonNullable<DraftSaverOptions['onError']>

  constructor(
    private readonly store: ProgressStore,
    private readonly delayMs = 300,
    private readonly timers: Timers = NODE_TIMERS,
    options: DraftSaverOptions = {},
  ) {
    this.maxWaitMs = Math.max(options.maxWaitMs ?? 1000, delayMs)
    this.onError =
      options.onError ??
      ((error, packId, labId) =>
        console.error(`portwise: draft of ${packId}/${labId} not saved`, error))
  }

  /** Remembers the newest text; it is written `delayMs` after the last call for this lab. */
  save(packId: string, labId: string, text: string): void {
    // JSON of the pair: no separator character can make two different labs share a key.
    const key = JSON.stringify([packId, labId])
    const entry = this.pending.get(key)
    if (entry) {
      this.timers.clear(entry.debounce)
      entry.text = text
      entry.debounce = this.timers.set(() => this.fire(key), this.delayMs)
      // null after a failed write cleared it: restart the ceiling for the retry
      entry.ceiling ??= this.timers.set(() => this.fire(key), this.maxWaitMs)
      return
    }
    this.pending.set(key, {
      packId,
      labId,
      text,
      debounce: this.timers.set(() => this.fire(key), this.delayMs),
      ceiling: this.timers.set(() => this.fire(key), this.maxWaitMs),
    })
  }

  /** Whether some lab has text not yet written. */
  get hasPending(): boolean {
    return this.pending.size > 0
  }

  /**
   * Writes every pending draft now: before recording an attempt, leaving a lab or quitting.
   * Tries them all, keeps those that failed pending and throws the first failure.
   */
  flush(): void {
    let failure: { error: unknown } | null = null
    for (const key of [...this.pending.keys()]) {
      try {
        this.write(key)
      } catch (error) {
        failure ??= { error }
      }
    }
    if (failure) throw failure.error
  }

  private fire(key: string): void {
    const entry = this.pending.get(key)
    if (!entry) return
    try {
      this.write(key)
    } catch (error) {
      this.onError(error, entry.packId, entry.labId)
    }
  }

  private write(key: string): void {
    const entry = this.pending.get(key)
    if (!entry) return
    this.timers.clear(entry.debounce)
    this.timers.clear(entry.ceiling)
    entry.debounce = entry.ceiling = null
    this.store.saveDraft(entry.packId, entry.labId, entry.text)
    this.pending.delete(key)
  }
}
