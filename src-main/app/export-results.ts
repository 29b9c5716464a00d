// File › Export results: saving a learner's results export (ipc/results-service.ts builds it: a
// portwise-results/1 bundle, labs/schemas/results.schema.json, with its HTML and PDF report) as
// three files side by side. Runs in the Electron main process (plain Node; tested in Node).
import { writeFile } from 'node:fs/promises'
import type { ResultsExport } from '../ipc/results-service'
import type { ProgressPort } from '../ipc/handlers'

export { RESULTS_FORMAT } from '../labs/results/results-bundle'

/**
 * Writes `<base>.json`, `<base>.html` and `<base>.pdf` (a `.json` the learner typed is dropped
 * from `base` first) and returns their paths. Each file is written whole or the call throws.
 */
export async function saveResultsExport(base: string, exported: ResultsExport): Promise<string[]> {
  const stem = base.replace(/\.json$/i, '')
  const files: [string, string | Uint8Array][] = [
    [`${stem}.json`, exported.bundleJson],
    [`${stem}.html`, exported.html],
    [`${stem}.pdf`, exported.pdf],
  ]
  for (const [file, data] of files) await writeFile(file, data)
  return files.map(([file]) => file)
}

/**
 * @deprecated The provisional `portwise-results/0` dump (no learner, no rules to regrade), kept
 * only so the menu keeps working until app/main.ts asks for the learner's name and id and calls
 * ipc/results-service.ts `exportResults` then `saveResultsExport`. `portwise grade` refuses it.
 */
export function resultsDocument(
  store: Pick<ProgressPort, 'listPacks' | 'listAttempts'>,
  now: number,
  version: string,
) {
  return {
    format: 'portwise-results/0',
    exportedAt: new Date(now).toISOString(),
    portwise: version,
    packs: store.listPacks().map((pack) => ({ ...pack, attempts: store.listAttempts(pack.id) })),
  }
}
