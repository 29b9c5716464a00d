// summarizeLabs, the pure rule behind ProgressStore.labSummary. Runs in Vitest (Node).
import { describe, expect, it } from 'vitest'
import { summarizeLabs } from '../../../src-main/storage/lab-summary'

/** An attempt whose one objective is met when it has full marks. */
const a = (labId: string, score: number, maxScore: number, submittedAt: number) => ({
  labId,
  score,
  maxScore,
  submittedAt,
  objectives: [{ id: 'o', passed: score === maxScore }] as unknown,
})

describe('summarizeLabs', () => {
  it('picks the best attempt by fraction of its maximum, the later one on a tie', () => {
    // 3/4 beats 4/8 although 4 > 3: a newer pack version may grade out of a different total
    const [s] = summarizeLabs([], [a('l', 4, 8, 1), a('l', 3, 4, 2), a('l', 6, 8, 3)])
    expect(s).toMatchObject({ bestScore: 6, maxScore: 8, lastAttemptAt: 3, status: 'in-progress' })
  })

  it('stays passed after a worse attempt', () => {
    const [s] = summarizeLabs([], [a('l', 5, 5, 1), a('l', 0, 5, 2)])
    expect(s).toMatchObject({ status: 'passed', bestScore: 5, maxScore: 5 })
  })

  it('passes a lab whose every objective is met, whatever the hints it took cost', () => {
    const hinted = { ...a('l', 18, 20, 1), objectives: [{ passed: true }, { passed: true }] }
    expect(summarizeLabs([], [hinted])[0]).toMatchObject({ status: 'passed', bestScore: 18 })
    const missed = { ...a('l', 18, 20, 1), objectives: [{ passed: true }, { passed: false }] }
    expect(summarizeLabs([], [missed])[0]!.status).toBe('in-progress')
  })

  it('a pass after hints is the best attempt, before an earlier higher score that missed an objective', () => {
    // 22/23 missing a 1-point objective, then every objective met at 20/23 after three hints: Home
    // said Passed with "Best 22 / 23", and the results exported the 22 as not passed
    const missed = { ...a('l', 22, 23, 1), objectives: [{ passed: true }, { passed: false }] }
    const passed = { ...a('l', 20, 23, 2), objectives: [{ passed: true }, { passed: true }] }
    expect(summarizeLabs([], [missed, passed])[0]).toMatchObject({
      status: 'passed',
      bestScore: 20,
      maxScore: 23,
    })
    expect(summarizeLabs([], [passed, missed])[0]).toMatchObject({ bestScore: 20 })
  })

  it('falls back to full marks for a row whose objectives do not read', () => {
    expect(summarizeLabs([], [{ ...a('l', 2, 2, 1), objectives: null }])[0]!.status).toBe('passed')
    expect(summarizeLabs([], [{ ...a('l', 1, 2, 1), objectives: 'x' }])[0]!.status).toBe(
      'in-progress',
    )
  })

  it('counts a draft with only whitespace as not started', () => {
    expect(summarizeLabs([{ labId: 'l', text: ' \n\t', savedAt: 1 }], [])[0]!.status).toBe(
      'not-started',
    )
    expect(summarizeLabs([{ labId: 'l', text: 'd', savedAt: 1 }], [])[0]!.status).toBe(
      'in-progress',
    )
  })

  it('lists each lab once even when asked twice or present in both drafts and attempts', () => {
    const out = summarizeLabs([{ labId: 'x', text: 'd', savedAt: 1 }], [a('x', 1, 2, 1)], ['x'])
    expect(out.map((s) => s.labId)).toEqual(['x'])
  })
})
