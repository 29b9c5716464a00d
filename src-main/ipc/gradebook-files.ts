// The Instructor screen's Export gradebooks, for both hosts: the files `portwise grade` writes
// (cli/grade.ts) — Canvas, Moodle and plain CSV, xAPI statements, the class summary page and a
// feedback page per learner — built from a kept grading, then zipped for the browser's download
// or written by main into a new folder inside the one its dialog chose. The path comes from
// main's own dialog, never from the page. Runs in Node (Electron main, the browser host).
import { strToU8, zipSync } from 'fflate'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join } from 'node:path'
import { summarizeClass } from '../labs/results/class-summary'
import { canvasCsv, moodleCsv, plainCsv } from '../labs/results/gradebooks'
import type { GradedBundle } from '../labs/results/regrade'
import { reportHtml } from '../labs/results/report-html'
import { reportModel } from '../labs/results/report-model'
import { summaryHtml } from '../labs/results/summary-html'
import { xapiStatements } from '../labs/results/xapi'
import type { GradebookZip } from '../shared/grading-view'
import type { KeptGrading } from './class-grading'
import { RequestError } from './dispatch'
import { entryNote as note, feedbackName } from '../labs/results/class-files'

export interface GradebookFile {
  /** relative, with `/`: `canvas.csv`, `feedback/feedback-s1.html` */
  path: string
  text: string
}

export function gradebookFiles({ pack, grader }: KeptGrading): GradebookFile[] {
  const current = grader.current()
  const results = current.map((e) => e.result)
  const graded = results.filter((r): r is GradedBundle => r.ok)
  const summary = summarizeClass(pack, results, grader.entries.length - current.length)
  const entries = grader.entries.map((e) => ({
    file: e.file,
    learner: e.result.learner ? `${e.result.learner.name} (${e.result.learner.id})` : '',
    score: e.result.ok ? e.result.score : null,
    note: note(e),
  }))
  const files: GradebookFile[] = [
    { path: 'gradebook.csv', text: plainCsv(pack, results) },
    { path: 'canvas.csv', text: canvasCsv(pack, graded) },
    { path: 'moodle.csv', text: moodleCsv(pack, graded) },
    { path: 'xapi-statements.json', text: JSON.stringify(xapiStatements(pack, graded), null, 2) },
    { path: 'class-summary.html', text: summaryHtml(summary, entries) },
  ]
  const taken = new Set<string>()
  for (const e of current)
    if (e.result.ok && e.bundle)
      files.push({
        path: `feedback/${feedbackName(e.result.learner.id, taken)}`,
        text: reportHtml(reportModel(pack, e.bundle, e.result)),
      })
  return files
}

/** `gradebooks-portwise-basics-1.0.0`: the zip's name, or the folder's main creates. */
export const gradebookStem = ({ pack }: KeptGrading) =>
  `gradebooks-${pack.manifest.id}-${pack.manifest.version}`

export function gradebookZip(grading: KeptGrading): GradebookZip {
  const files = gradebookFiles(grading)
  const zip = zipSync(Object.fromEntries(files.map((f) => [f.path, strToU8(f.text)])))
  return {
    fileName: `${gradebookStem(grading)}.zip`,
    zipBase64: Buffer.from(zip).toString('base64'),
    files: files.map((f) => f.path),
  }
}

/**
 * Writes the files into a new folder `<stem>`, `<stem>-2`, … inside `parent`: a second export
 * never mixes with, or overwrites, an earlier one.
 */
export async function saveGradebooks(
  parent: string,
  grading: KeptGrading,
): Promise<{ folder: string; files: string[] }> {
  if (!isAbsolute(parent)) throw new RequestError(`${parent} is not an absolute path`)
  const stem = gradebookStem(grading)
  let folder = ''
  for (let i = 1; !folder; i++) {
    const candidate = join(parent, i === 1 ? stem : `${stem}-${i}`)
    try {
      await mkdir(candidate)
      folder = candidate
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 100) throw e
    }
  }
  const written: string[] = []
  for (const f of gradebookFiles(grading)) {
    const file = join(folder, ...f.path.split('/'))
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, f.text)
    written.push(file)
  }
  return { folder, files: written }
}
