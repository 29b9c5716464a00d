// DraftSaver: debounced per lab, a ceiling while typing goes on, flush. Fake timers; runs in
// Vitest (Node).
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../../src-main/storage/database'
import { DraftSaver } from '../../../src-main/storage/draft-saver'
import { ProgressStore } from '../../../src-main/storage/progress-store'

let db: Database.Database
let store: ProgressStore
let writes: string[]

beforeEach(() => {
  vi.useFakeTimers()
  db = openDatabase(':memory:').db
  store = new ProgressStore(db, () => Date.now()) // Date.now is faked too
  store.installPack({ id: 'p', version: '1', contentHash: 'h', title: 'P' })
  writes = []
  const save = store.saveDraft.bind(store)
  vi.spyOn(store, 'saveDraft').mockImplementation((packId, labId, text) => {
    writes.push(`${labId}:${text}`)
    return save(packId, labId, text)
  })
})
afterEach(() => {
  vi.useRealTimers()
  db.close()
})

describe('DraftSaver', () => {
  it('writes once, delayMs after the last keystroke, with the newest text', () => {
    const saver = new DraftSaver(store, 300)
    saver.save('p', 'lab', 't')
    vi.advanceTimersByTime(100)
    saver.save('p', 'lab', 'tc')
    vi.advanceTimersByTime(100)
    saver.save('p', 'lab', 'tcp')
    vi.advanceTimersByTime(299)
    expect(writes).toEqual([])
    expect(saver.hasPending).toBe(true)
    vi.advanceTimersByTime(1)
    expect(writes).toEqual(['lab:tcp'])
    expect(store.getDraft('p', 'lab')?.text).toBe('tcp')
    expect(saver.hasPending).toBe(false)
    vi.advanceTimersByTime(5_000)
    expect(writes).toEqual(['lab:tcp'])
  })

  it('debounces each lab on its own', () => {
    const saver = new DraftSaver(store, 300)
    saver.save('p', 'a', '1')
    vi.advanceTimersByTime(200)
    saver.save('p', 'b', '2')
    vi.advanceTimersByTime(100)
    expect(writes).toEqual(['a:1'])
    vi.advanceTimersByTime(200)
    expect(writes).toEqual(['a:1', 'b:2'])
  })

  it('still writes at least every maxWaitMs while the learner types without pausing', () => {
    const saver = new DraftSaver(store, 300, undefined, { maxWaitMs: 1000 })
    let text = ''
    for (let ms = 0; ms < 3_000; ms += 100) {
      text += 'x' // one keystroke every 100 ms, never a 300 ms pause
      saver.save('p', 'lab', text)
      vi.advanceTimersByTime(100)
      const saved = store.getDraft('p', 'lab')?.text ?? ''
      expect(text.length - saved.length).toBeLessThanOrEqual(10) // never more than 1 s behind
    }
    // each ceiling counts from the first keystroke not yet saved: at 1 s, 2 s and 3 s
    expect(writes).toHaveLength(3)
  })

  it('flush writes everything pending at once and cancels the timers', () => {
    const saver = new DraftSaver(store, 300)
    saver.save('p', 'a', '1')
    saver.save('p', 'b', '2')
    saver.flush()
    expect(writes.sort()).toEqual(['a:1', 'b:2'])
    vi.advanceTimersByTime(2_000)
    expect(writes).toHaveLength(2)
    saver.flush()
    expect(writes).toHaveLength(2)
  })

  it('uses the timers it is given', () => {
    const set = vi.fn((_fn: () => void, _ms: number) => 7)
    const clear = vi.fn()
    const saver = new DraftSaver(store, 250, { set, clear }, { maxWaitMs: 900 })
    saver.save('p', 'lab', 'x')
    expect(set.mock.calls.map((c) => c[1])).toEqual([250, 900])
    set.mock.calls[0]![0]()
    expect(writes).toEqual(['lab:x'])
    expect(clear).toHaveBeenCalledWith(7)
  })

  it('reports a failed timed write, keeps the text, and flush retries and throws', () => {
    const onError = vi.fn()
    const saver = new DraftSaver(store, 300, undefined, { onError })
    saver.save('ghost', 'lab', 'x') // pack not installed: the foreign key refuses it
    vi.advanceTimersByTime(300)
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'ghost', 'lab')
    expect(saver.hasPending).toBe(true)
    expect(() => saver.flush()).toThrow(/FOREIGN KEY/)
    store.installPack({ id: 'ghost', version: '1', contentHash: 'h', title: 'G' })
    saver.flush()
    expect(store.getDraft('ghost', 'lab')?.text).toBe('x')
    expect(saver.hasPending).toBe(false)
  })
})
