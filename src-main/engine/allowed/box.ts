// Boxes as the rest of the app sees them: one arrival and one leaving interface, field values as
// readable ranges, and the rule that decides them. Converted from the analysis's cubes. Pure.
import { type Proto, PROTOS } from '../packet'
import { type CtState, CT_STATES } from '../rule'
import {
  CT,
  type Cube,
  DPORT,
  DST,
  FLAGS,
  ICMP,
  IN,
  OUT,
  PROTO,
  SPORT,
  SRC,
  coalesce,
} from './cube'
import { toPairs } from './intervals'
import type { Space } from './space'

/** Inclusive `[lo, hi]`. */
export type Range = [number, number]

/**
 * A set of packets: every combination of the listed values. A field a protocol lacks (ports for
 * icmp, flags for udp) is full and means nothing for that protocol.
 */
export interface Box {
  /** interface the packets arrive on */
  in: string
  /** interface they leave by (routing's choice for every dst of the box) */
  out: string
  proto: Proto[]
  src: Range[]
  dst: Range[]
  sport: Range[]
  dport: Range[]
  /** TCP flag bit patterns (packet.ts TcpFlag), 0–63 */
  flags: Range[]
  icmpType: Range[]
  /** conntrack states the rules see; null for a stateless firewall */
  ct: CtState[] | null
  /** index of the rule that decides these packets, or null for the policy */
  rule: number | null
}

/** A cube tagged with whatever decides it, before conversion. */
export interface Tagged<T> {
  cube: Cube
  tag: T
}

const values = (pairs: Range[]) =>
  pairs.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, k) => lo + k))

/**
 * Splits cubes so each has one in and one out interface, merges what can be merged within one
 * tag, and converts. Sorted by direction (in the order interfaces are listed), then by the order
 * tags first appear.
 */
export function toBoxes<T, B extends Box>(
  space: Space,
  tagged: readonly Tagged<T>[],
  make: (box: Box, tag: T) => B,
): B[] {
  const groups = new Map<T, Cube[]>()
  for (const { cube, tag } of tagged) {
    const list = groups.get(tag) ?? []
    for (const i of values(toPairs(cube[IN])))
      for (const o of values(toPairs(cube[OUT]))) {
        const c = cube.slice()
        c[IN] = [i, i]
        c[OUT] = [o, o]
        list.push(c)
      }
    groups.set(tag, list)
  }
  const n = space.names.length
  const sorted: { key: number; box: B }[] = []
  let group = 0
  for (const [tag, cubes] of groups) {
    for (const c of coalesce(cubes, [IN, OUT]))
      sorted.push({
        key: (c[IN][0] * n + c[OUT][0]) * groups.size + group,
        box: make(fromCube(space, c, null), tag),
      })
    group++
  }
  return sorted.sort((a, b) => a.key - b.key).map((s) => s.box)
}

export function fromCube(space: Space, c: Cube, rule: number | null): Box {
  return {
    in: space.names[c[IN][0]],
    out: space.names[c[OUT][0]],
    proto: values(toPairs(c[PROTO])).map((i) => PROTOS[i]),
    src: toPairs(c[SRC]),
    dst: toPairs(c[DST]),
    sport: toPairs(c[SPORT]),
    dport: toPairs(c[DPORT]),
    flags: toPairs(c[FLAGS]),
    icmpType: toPairs(c[ICMP]),
    ct: space.kind === 'stateful' ? values(toPairs(c[CT])).map((i) => CT_STATES[i]) : null,
    rule,
  }
}
