// The animation's clock (src-renderer/lab/timeline.ts). Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import {
  LINK_TIME,
  STAGGER,
  lastDone,
  schedule,
  stepTimes,
} from '../../../src-renderer/lab/timeline'

describe('schedule', () => {
  it('never starts a packet before the one before it has arrived', () => {
    // A SYN over three links, then the SYN-ACK dropped one link back: the answer leaves the
    // server only once the SYN is there, though the stagger alone would start it sooner.
    const [syn, synAck] = schedule([
      { count: 4, dropped: false },
      { count: 2, dropped: true },
    ])
    expect(syn.arrive).toBeCloseTo(3 * LINK_TIME)
    expect(synAck.start).toBeCloseTo(syn.arrive)
    expect(synAck.arrive).toBeGreaterThan(syn.arrive)
  })

  it('keeps the stagger between packets whose trips are short', () => {
    const slots = schedule([
      { count: 2, dropped: false },
      { count: 2, dropped: false },
    ])
    expect(slots[1].start).toBeCloseTo(STAGGER)
  })

  it('lets Step stop after every packet, the first one included', () => {
    const slots = schedule([
      { count: 4, dropped: false },
      { count: 2, dropped: true },
      { count: 4, dropped: false },
    ])
    expect(stepTimes(slots).map((t) => lastDone(slots, t))).toEqual([0, 1, 2])
  })
})
