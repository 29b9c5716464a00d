// The keyword a learner most likely meant by a word a parser does not know, so an error can say
// `did you mean "accept"?` where it would otherwise call a typo unsupported. Pure; runs anywhere.

/**
 * Edits from a to b, case aside: insertions, deletions, substitutions and swaps of two
 * neighbouring letters (the optimal string alignment distance), stopping early past `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  a = a.toLowerCase()
  b = b.toLowerCase()
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  // three rows of the table: two back (for swaps), the last, and this one
  let before = new Array<number>(b.length + 1).fill(0)
  let last = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1)
      row.push(d)
      best = Math.min(best, d)
    }
    if (best > limit) return limit + 1
    before = last
    last = row
  }
  return last[b.length]
}

/**
 * The one candidate a single edit (or only case) away from `word`: what a slip of the finger
 * makes. None for words of under three letters, whose neighbours are too many to guess from,
 * nor when two candidates are as near.
 */
export function meant(word: string, candidates: readonly string[]): string | undefined {
  if (word.length < 3) return undefined
  let found: string | undefined
  let best = 2
  let tie = false
  for (const c of candidates) {
    if (c === word) return undefined
    const d = editDistance(word, c, 1)
    if (d < best) {
      best = d
      found = c
      tie = false
    } else if (d === best) tie = true
  }
  return tie ? undefined : found
}
