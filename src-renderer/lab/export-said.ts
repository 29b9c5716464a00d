// What Export results says once the files are made, in both hosts: where they went, the attempts
// left out because another version of the pack graded them, and a warning when the files hold no
// attempt at all (a learner who never pressed Submit would otherwise send their instructor an empty
// result without knowing). Pure; runs in the renderer.

export interface ExportOutcome {
  /** 'Downloaded results-….json, .html and .pdf' or 'Saved /path/a.json, …' */
  where: string
  attempts: number
  skippedAttempts: number
}

export interface ExportSaid {
  text: string
  /** the files hold no attempt: said as a warning, not as plain success */
  empty: boolean
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

export function exportSaid({ where, attempts, skippedAttempts }: ExportOutcome): ExportSaid {
  const parts = [`${where}.`]
  if (skippedAttempts)
    parts.push(
      `${skippedAttempts} ${plural(skippedAttempts, 'attempt', 'attempts')} made with another version of the pack ${plural(skippedAttempts, 'was', 'were')} left out.`,
    )
  // "of this pack" would contradict the line above when attempts at another version were left out
  if (!attempts)
    parts.push(
      `They hold no attempt: no lab of this ${skippedAttempts ? 'version of the ' : ''}pack has been submitted yet. Submit a lab, then export again.`,
    )
  return { text: parts.join(' '), empty: attempts === 0 }
}
