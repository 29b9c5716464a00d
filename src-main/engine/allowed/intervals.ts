// Sets of integers as sorted, disjoint, non-adjacent inclusive intervals, flattened into one array
// ([lo0, hi0, lo1, hi1, …]) so the hot loops of the allowed-set analysis allocate little. Addresses
// up to 2^32 − 1 are exact in doubles. Pure; runs anywhere.

/** A normalised interval set: `[lo0, hi0, lo1, hi1, …]`, sorted, gaps of at least one between. */
export type Intervals = readonly number[]

export const EMPTY: Intervals = []

export function span(lo: number, hi: number): Intervals {
  return lo > hi ? EMPTY : [lo, hi]
}

/** Normalises any list of inclusive `[lo, hi]` pairs (unsorted, overlapping, adjacent). */
export function fromPairs(pairs: readonly (readonly [number, number])[]): Intervals {
  const sorted = pairs.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0])
  const out: number[] = []
  for (const [lo, hi] of sorted) {
    const last = out.length - 1
    if (last > 0 && lo <= out[last] + 1) out[last] = Math.max(out[last], hi)
    else out.push(lo, hi)
  }
  return out
}

export function fromValues(values: readonly number[]): Intervals {
  return fromPairs(values.map((v) => [v, v] as const))
}

export function toPairs(a: Intervals): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i < a.length; i += 2) out.push([a[i], a[i + 1]])
  return out
}

export function sameIntervals(a: Intervals, b: Intervals): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Whether the sets share a value; no allocation, as it rejects most box pairs. */
export function overlaps(a: Intervals, b: Intervals): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i + 1] < b[j]) i += 2
    else if (b[j + 1] < a[i]) j += 2
    else return true
  }
  return false
}

/** a ⊆ b */
export function isSubset(a: Intervals, b: Intervals): boolean {
  let j = 0
  for (let i = 0; i < a.length; i += 2) {
    while (j < b.length && b[j + 1] < a[i]) j += 2
    if (j >= b.length || b[j] > a[i] || b[j + 1] < a[i + 1]) return false
  }
  return true
}

export function intersect(a: Intervals, b: Intervals): Intervals {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j])
    const hi = Math.min(a[i + 1], b[j + 1])
    if (lo <= hi) out.push(lo, hi)
    if (a[i + 1] < b[j + 1]) i += 2
    else j += 2
  }
  return out
}

export function subtract(a: Intervals, b: Intervals): Intervals {
  const out: number[] = []
  let j = 0
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]
    const hi = a[i + 1]
    while (j < b.length && b[j + 1] < lo) j += 2
    let k = j
    while (k < b.length && b[k] <= hi) {
      if (b[k] > lo) out.push(lo, b[k] - 1)
      lo = Math.max(lo, b[k + 1] + 1)
      k += 2
    }
    if (lo <= hi) out.push(lo, hi)
  }
  return out
}

export function union(a: Intervals, b: Intervals): Intervals {
  return fromPairs([...toPairs(a), ...toPairs(b)])
}
