// Gradebook files an LMS imports, from regraded bundles: Canvas, Moodle and a plain CSV. The
// grade is always the regrade's, never the bundle's claim; a tampered bundle is graded on its
// rules and flagged in the comments and feedback. Pure; returns text.
import type { LabPack } from '../lab-pack'
import { csvText } from './csv'
import type { BundleResult, GradedBundle, LabResult } from './regrade'

export const looksLikeEmail = (id: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(id)

/**
 * Canvas's gradebook CSV (Canvas Guides, "How do I import grades in the Gradebook?"): its own
 * export's columns `Student, ID, SIS User ID, SIS Login ID, Section`, then one column per
 * assignment named `Title (id)`, and the `Points Possible` row its exports carry. One assignment
 * column for the whole pack: a pack is one assignment in a course, and one column keeps the
 * import to one new assignment. Canvas matches a row by ID, SIS User ID or SIS Login ID; we do not
 * know Canvas's own ID, so a learner id that is an email goes to SIS Login ID and any other (a
 * student number) to SIS User ID. `column` overrides the header, e.g. to name an existing
 * assignment by its Canvas id: `Firewalls (1234)`.
 */
export function canvasCsv(pack: LabPack, graded: readonly GradedBundle[], column?: string): string {
  const { title, id } = pack.manifest
  const max = pack.labs.reduce((s, l) => s + l.objectives.reduce((t, o) => t + o.points, 0), 0)
  const rows: (string | number)[][] = [
    ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', column ?? `${title} (${id})`],
    ['Points Possible', '', '', '', '', max],
  ]
  for (const g of graded) {
    const email = looksLikeEmail(g.learner.id)
    rows.push([
      g.learner.name,
      '',
      email ? '' : g.learner.id,
      email ? g.learner.id : '',
      '',
      g.score,
    ])
  }
  return csvText(rows)
}

export type MoodleIdentity = 'email' | 'username' | 'idnumber'

/** email when every learner id is one, else idnumber (where Moodle keeps a student number). */
export function moodleIdentity(graded: readonly GradedBundle[]): MoodleIdentity {
  return graded.length > 0 && graded.every((g) => looksLikeEmail(g.learner.id))
    ? 'email'
    : 'idnumber'
}

/** A lab's feedback in one line: its result, the objectives it missed, and any regrade flag. */
export function labFeedback(lab: LabResult): string {
  if (!lab.attempted) return 'not attempted'
  const missed = lab.grade!.objectives.filter((o) => !o.passed).map((o) => o.title)
  const parts = [lab.passed ? 'passed' : `not yet passed; missed: ${missed.join('; ')}`]
  if (lab.grade!.hintPenalty > 0) parts.push(`hints cost ${lab.grade!.hintPenalty}`)
  if (lab.flags.length) parts.push(`FLAGGED: ${lab.flags.join('; ')}`)
  return parts.join('. ')
}

/**
 * Moodle's grade import (Grades › Import › CSV file): a column that identifies the user (mapped
 * to email address, username or ID number on import), then a column per grade item, each with a
 * feedback column Moodle maps as that item's feedback. One grade item per lab, named by title.
 */
export function moodleCsv(
  pack: LabPack,
  graded: readonly GradedBundle[],
  identity = moodleIdentity(graded),
): string {
  const header = [identity, ...pack.labs.flatMap((l) => [l.title, `${l.title} feedback`])]
  const rows = graded.map((g) => [
    g.learner.id,
    ...g.labs.flatMap((l) => [l.score, labFeedback(l)]),
  ])
  return csvText([header, ...rows])
}

/**
 * `student_id,score,max_score,comments`, a row per learner: the pack's total, and in the comments
 * the labs passed and any regrade flag. A learner whose only bundle could not be graded keeps a
 * row (when their id is known) with no score and the reason, so nobody silently disappears.
 */
export function plainCsv(pack: LabPack, results: readonly BundleResult[]): string {
  const labs = pack.labs.length
  const rows: (string | number | null)[][] = [['student_id', 'score', 'max_score', 'comments']]
  // One row per learner: an LMS reading two rows for one id keeps either. A learner with a graded
  // bundle gets that row; the unusable one is in the class summary.
  const graded = new Set(results.flatMap((r) => (r.ok ? [r.learner.id] : [])))
  const listed = new Set<string>()
  for (const r of results) {
    if (!r.ok) {
      if (r.learner && !graded.has(r.learner.id) && !listed.has(r.learner.id)) {
        listed.add(r.learner.id)
        rows.push([r.learner.id, null, null, `not graded: ${r.error}`])
      }
      continue
    }
    const passed = r.labs.filter((l) => l.passed).length
    const comment = `${passed} of ${labs} labs passed${r.tampered ? `. FLAGGED: ${r.flags.join('; ')}` : ''}`
    rows.push([r.learner.id, r.score, r.maxScore, comment])
  }
  return csvText(rows)
}
