// The animation's clock: when each traced packet starts on screen, where it is at a moment, and
// which packet was the last to finish — the "current moment" the ladder and the connection table
// show. Display time is not simulated time: packets are staggered evenly so a handshake that
// took a millisecond can still be watched. Pure (no DOM); runs in the renderer.

/** Display seconds between the starts of two packets. */
export const STAGGER = 0.7
/** Display seconds a packet takes over one link. */
export const LINK_TIME = 0.35
/** Display seconds a dropped packet's cross stays where it died. */
export const LINGER = 0.9

export interface Point {
  x: number
  y: number
}

/** What the timeline needs of a packet: how many places it visits, and whether it dies. */
export interface TimedPath {
  count: number
  dropped: boolean
}

export interface Slot {
  start: number
  /** when it reaches its last point */
  arrive: number
  /** when it leaves the screen */
  end: number
}

/**
 * Each packet starts `stagger` after the one before it, and never before that one has arrived: the
 * trace is in simulated-time order, so a packet is the answer to (or follows) the one before, and
 * a SYN-ACK seen leaving the server before the SYN got there would teach the handshake backwards.
 */
export function schedule(paths: readonly TimedPath[], stagger = STAGGER): Slot[] {
  const slots: Slot[] = []
  for (const p of paths) {
    const prev = slots.at(-1)
    const start = prev ? Math.max(prev.start + stagger, prev.arrive) : 0
    const arrive = start + Math.max(1, p.count - 1) * LINK_TIME
    slots.push({ start, arrive, end: arrive + (p.dropped ? LINGER : 0.15) })
  }
  return slots
}

export function duration(slots: readonly Slot[]): number {
  return slots.length ? Math.max(...slots.map((s) => s.end)) : 0
}

/** Where a packet is at display time `t`, or null when it is not on screen. */
export function positionAt(pts: readonly Point[], slot: Slot, t: number): Point | null {
  if (t < slot.start || t > slot.end) return null
  if (pts.length === 0) return null
  if (pts.length === 1 || t >= slot.arrive) return pts[pts.length - 1]
  const f = ((t - slot.start) / (slot.arrive - slot.start)) * (pts.length - 1)
  const i = Math.min(pts.length - 2, Math.floor(f))
  const k = f - i
  return {
    x: pts[i].x + (pts[i + 1].x - pts[i].x) * k,
    y: pts[i].y + (pts[i + 1].y - pts[i].y) * k,
  }
}

/** Index of the last packet that has arrived (or died) by `t`, or -1. */
export function lastDone(slots: readonly Slot[], t: number): number {
  let last = -1
  slots.forEach((s, i) => {
    if (s.arrive <= t + 1e-9) last = i
  })
  return last
}

/** The time at which packet `i` has just arrived: where "step" stops. */
export function stepTimes(slots: readonly Slot[]): number[] {
  return slots.map((s) => s.arrive)
}
