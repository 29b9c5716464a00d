// Saving a results export (results-service.ts builds it: a portwise-results/1 bundle with its
// HTML and PDF report) as three files side by side, where the desktop app's save dialog pointed.
// The path comes from main's own dialog, never from the page; it is still checked before a byte
// is written. Runs in Node (Electron main; tested in Node).
import { writeFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join } from 'node:path'
import { RequestError } from './dispatch'
import type { ResultsExport } from './results-service'

/** The three paths for a chosen file: an extension the learner typed (.json, .html, .pdf) is dropped. */
export function resultsPaths(chosen: string): [json: string, html: string, pdf: string] {
  if (!isAbsolute(chosen)) throw new RequestError(`${chosen} is not an absolute path`)
  const stem = basename(chosen).replace(/\.(json|html?|pdf)$/i, '')
  if (!stem || stem.startsWith('.'))
    throw new RequestError(`${chosen} is not a file name to save to`)
  const at = (ext: string) => join(dirname(chosen), `${stem}.${ext}`)
  return [at('json'), at('html'), at('pdf')]
}

/** Writes `<stem>.json`, `<stem>.html` and `<stem>.pdf`; returns their paths. */
export async function saveResultsExport(
  chosen: string,
  exported: ResultsExport,
): Promise<string[]> {
  const [json, html, pdf] = resultsPaths(chosen)
  const files: [string, string | Uint8Array][] = [
    [json, exported.bundleJson],
    [html, exported.html],
    [pdf, exported.pdf],
  ]
  for (const [file, data] of files) await writeFile(file, data)
  return files.map(([file]) => file)
}
