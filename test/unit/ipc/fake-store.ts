// A progress store over an in-memory database with the Sandbox pack installed, for handler
// tests. Runs in Node (Vitest).
import { openDatabase } from '../../../src-main/storage/database'
import { ProgressStore } from '../../../src-main/storage/progress-store'
import { SANDBOX_PACK } from '../../../src-main/shared/sandbox-lab'

export function memoryStore(now = () => 1_700_000_000_000): ProgressStore {
  const { db } = openDatabase(':memory:')
  const store = new ProgressStore(db, now)
  store.installPack({ ...SANDBOX_PACK })
  return store
}
