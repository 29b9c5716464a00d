// What every gradebook export of a class names and says the same way, whether the CLI writes it
// into a folder or the app zips it: each learner's feedback file, and the finding a bundle gets in
// the class summary. Pure; runs anywhere.
import type { ClassEntry } from './grade-class'

/** `feedback-s1234567.html`: the learner id made safe as a file name, unique among `taken`. */
export function feedbackName(id: string, taken: Set<string>): string {
  const base =
    id
      .toLowerCase()
      .replace(/[^a-z0-9._@-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 80) || 'learner'
  let name = `feedback-${base}.html`
  for (let i = 2; taken.has(name); i++) name = `feedback-${base}-${i}.html`
  taken.add(name)
  return name
}

/** The finding listed for a bundle: not graded and why, replaced, flagged, or nothing. */
export function entryNote(e: ClassEntry): string {
  if (!e.result.ok) {
    // the entry is listed under its file already: the file named again in the error is noise
    const { error } = e.result
    return `not graded: ${error.startsWith(e.file + ': ') ? error.slice(e.file.length + 2) : error}`
  }
  // a replaced bundle's flag still matters: the learner edited a score, whichever bundle counts
  const flagged = e.result.tampered ? `FLAGGED: ${e.result.flags.join('; ')}` : ''
  if (e.replacedBy)
    return `replaced by ${e.replacedBy}, exported later by the same learner${flagged ? `; ${flagged}` : ''}`
  return flagged
}
