// A learner's export in its three forms from one bundle: the bundle's JSON, and the readable
// report as HTML and PDF, both from a regrade of the bundle by the same pack (so the report shows
// exactly what `portwise grade` will find). Pure; the host writes the files.
import type { LabPack } from '../lab-pack'
import { regrade } from './regrade'
import { reportHtml } from './report-html'
import { reportModel } from './report-model'
import { reportPdf } from './report-pdf'
import type { ResultsBundle } from './results-bundle'

export interface ExportedResults {
  bundleJson: string
  html: string
  pdf: Uint8Array
}

export async function exportReport(pack: LabPack, bundle: ResultsBundle): Promise<ExportedResults> {
  const graded = regrade(pack, bundle)
  // The bundle was just built from this pack; a mismatch here is a bug, not a learner's doing.
  if (!graded.ok) throw new Error(`cannot report on a bundle of another pack: ${graded.error}`)
  const model = reportModel(pack, bundle, graded)
  return {
    bundleJson: JSON.stringify(bundle, null, 2) + '\n',
    html: reportHtml(model),
    pdf: await reportPdf(model),
  }
}

/** `results-portwise-basics-1.0.0-s1234567`: a file name (no extension) safe on every OS. */
export function resultsFileName(bundle: ResultsBundle): string {
  const who =
    bundle.learner.id
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 60) || 'learner'
  return `results-${bundle.pack.id}-${bundle.pack.version}-${who}`
}
