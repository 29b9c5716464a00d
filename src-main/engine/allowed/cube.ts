// Boxes of the packet space as the analysis computes with them: one interval set per dimension,
// and the three operations everything else is built from — intersect, subtract into disjoint
// pieces, and coalesce pieces back into fewer boxes. Pure; runs anywhere.
import * as iv from './intervals'
import type { Intervals } from './intervals'

/**
 * Dimensions, in the order subtraction splits them. `PROTO` must come before the fields that only
 * some protocols have (ports, flags, ICMP type): a box holding several protocols keeps those
 * fields full, and splitting on the protocol first is what keeps every piece that way (see
 * space.ts).
 */
export const PROTO = 0
export const IN = 1
export const OUT = 2
export const CT = 3
export const DST = 4
export const SRC = 5
export const DPORT = 6
export const SPORT = 7
export const FLAGS = 8
export const ICMP = 9
export const DIMS = 10

/** A box: the product of one interval set per dimension. Never mutated once built. */
export type Cube = readonly Intervals[]

export function cubeOverlaps(a: Cube, b: Cube): boolean {
  for (let d = 0; d < DIMS; d++) if (!iv.overlaps(a[d], b[d])) return false
  return true
}

export function cubeIntersect(a: Cube, b: Cube): Cube | null {
  const out: Intervals[] = []
  for (let d = 0; d < DIMS; d++) {
    const s = iv.intersect(a[d], b[d])
    if (s.length === 0) return null
    out.push(s)
  }
  return out
}

/**
 * Pushes a \ b onto `out` as at most DIMS disjoint boxes: the part of a outside b on dimension 0,
 * then the part inside b on 0 but outside on 1, and so on. The caller has checked they overlap.
 */
export function cubeSubtract(a: Cube, b: Cube, out: Cube[]): void {
  const inner = a.slice()
  for (let d = 0; d < DIMS; d++) {
    if (iv.isSubset(a[d], b[d])) continue
    const outside = iv.subtract(a[d], b[d])
    const piece = inner.slice()
    piece[d] = outside
    out.push(piece)
    inner[d] = iv.intersect(a[d], b[d])
  }
}

/** Subtracts b from every box of a list of disjoint boxes. */
export function listSubtract(list: readonly Cube[], b: Cube): Cube[] {
  const out: Cube[] = []
  for (const c of list) {
    if (!cubeOverlaps(c, b)) out.push(c)
    else cubeSubtract(c, b, out)
  }
  return out
}

function keyWithout(c: Cube, skip: number): string {
  let key = ''
  for (let d = 0; d < DIMS; d++) key += d === skip ? '|*' : '|' + c[d].join(',')
  return key
}

/**
 * Merges disjoint boxes that agree on every dimension but one, until none do: the result covers
 * the same packets with as few or fewer boxes. Not a minimum cover (that is NP-hard), but it
 * undoes most of the fragmentation subtraction leaves. `fixed` dimensions are never merged.
 */
export function coalesce(list: readonly Cube[], fixed: readonly number[] = []): Cube[] {
  let boxes = list.slice()
  for (let changed = true; changed && boxes.length > 1;) {
    changed = false
    for (let d = 0; d < DIMS; d++) {
      if (fixed.includes(d)) continue
      const byKey = new Map<string, number>()
      const next: Cube[] = []
      for (const c of boxes) {
        const key = keyWithout(c, d)
        const at = byKey.get(key)
        if (at === undefined) {
          byKey.set(key, next.length)
          next.push(c)
          continue
        }
        const merged = next[at].slice()
        merged[d] = iv.union(merged[d], c[d])
        next[at] = merged
        changed = true
      }
      boxes = next
    }
  }
  return boxes
}
