// What File › Export results… writes: every installed pack and its attempts, as JSON. A first
// format, marked provisional: the lab-pack issue defines the graded results export. Runs in the
// Electron main process (pure over the store; tested in Node).
import type { ProgressPort } from '../ipc/handlers'

export const RESULTS_FORMAT = 'portwise-results/0'

export function resultsDocument(
  store: Pick<ProgressPort, 'listPacks' | 'listAttempts'>,
  now: number,
  version: string,
) {
  return {
    format: RESULTS_FORMAT,
    exportedAt: new Date(now).toISOString(),
    portwise: version,
    packs: store.listPacks().map((pack) => ({ ...pack, attempts: store.listAttempts(pack.id) })),
  }
}
