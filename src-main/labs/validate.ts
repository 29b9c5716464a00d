// `pack validate` without the files: everything readPack finds, plus what only grading shows —
// every lab's reference solution passes, every starting state fails — and what rendering would
// strip from the Markdown. Pure; runs anywhere.
import { answerKey, gradeLab } from './grader'
import type { LabPack, PackFiles, PackProblem } from './lab-pack'
import { markdownProblems } from './markdown'
import { PACK_FILE, readPack } from './pack-reader'

export interface Validation {
  pack: LabPack | null
  /** errors first, then warnings; each in file order */
  problems: PackProblem[]
}

export const hasErrors = (problems: readonly PackProblem[]) =>
  problems.some((p) => p.severity === 'error')

/** Grading checks of one read lab: the solution passes everything, the start does not. */
export function gradingProblems(pack: LabPack): PackProblem[] {
  const out: PackProblem[] = []
  for (const lab of pack.labs) {
    const file = `${lab.dir}/lab.json`
    if (lab.solution === null) {
      out.push({
        severity: 'warning',
        file,
        path: 'solution',
        message: 'no reference solution, so nothing shows the lab can be passed',
      })
    } else {
      const key = answerKey(lab, lab.solution)
      const grade = gradeLab(lab, { rules: lab.solution, ...key, hintsUsed: 0 })
      for (const e of grade.errors)
        out.push({ severity: 'error', file, path: 'solution', message: e })
      grade.objectives.forEach((o, i) => {
        if (!o.passed)
          out.push({
            severity: 'error',
            file,
            path: `objectives[${i}]`,
            message: `the solution fails "${o.title}": ${o.detail}`,
          })
      })
    }
    // The start graded with every question and prediction right: only the rules can fail it, so
    // a lab whose starting rules already pass is caught even when it also asks questions.
    const key = answerKey(lab, lab.start)
    const start = gradeLab(lab, { rules: lab.start, ...key, hintsUsed: 0 })
    for (const e of start.errors) out.push({ severity: 'error', file, path: 'start', message: e })
    if (start.errors.length === 0 && start.objectives.every((o) => o.passed))
      out.push({
        severity: 'error',
        file,
        path: 'start',
        message: 'the starting rules already pass every objective',
      })
  }
  return out
}

function markdownOf(pack: LabPack): PackProblem[] {
  const out: PackProblem[] = []
  for (const lab of pack.labs) {
    out.push(...markdownProblems(lab.instructions, lab.instructionsFile, pack.files))
    lab.hints.forEach((h, i) =>
      out.push(
        ...markdownProblems(h.text, `${lab.dir}/lab.json`, pack.files).map((p) => ({
          ...p,
          path: `hints[${i}].text`,
        })),
      ),
    )
  }
  return out
}

/** Files no lab uses: not wrong, but an instructor likely meant to link them. */
function unusedFiles(pack: LabPack): PackProblem[] {
  const used = new Set([PACK_FILE])
  for (const lab of pack.labs) {
    used.add(`${lab.dir}/lab.json`).add(lab.instructionsFile).add(lab.topologyFile)
  }
  const text = pack.labs
    .map((l) => l.instructions + l.hints.map((h) => h.text).join('\n'))
    .join('\n')
  return [...pack.files.keys()]
    .filter(
      (f) =>
        !used.has(f) &&
        !text.includes(f.split('/').pop()!) &&
        !/(^|\/)(README|LICENSE)(\.\w+)?$/i.test(f),
    )
    .sort()
    .map((f) => ({
      severity: 'warning' as const,
      file: f,
      path: '',
      message: 'no lab uses this file',
    }))
}

export function validatePack(files: PackFiles): Validation {
  const { pack, problems, readable } = readPack(files)
  if (readable) problems.push(...markdownOf(readable), ...gradingProblems(readable))
  // a lab that did not read leaves its files unclaimed: warning about them then would mislead
  if (pack) problems.push(...unusedFiles(pack))
  const errors = problems.filter((p) => p.severity === 'error')
  const warnings = problems.filter((p) => p.severity === 'warning')
  return { pack: hasErrors(problems) ? null : pack, problems: [...errors, ...warnings] }
}
