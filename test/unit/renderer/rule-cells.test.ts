// What the rule table's cells say (src-renderer/lab/rule-cells.ts). Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { lastRunSaid } from '../../../src-renderer/lab/rule-cells'

describe('lastRunSaid', () => {
  it('counts the packets a rule decided, in the singular for one', () => {
    expect(lastRunSaid(0)).toBe('matched nothing')
    expect(lastRunSaid(1)).toBe('1 packet')
    expect(lastRunSaid(12)).toBe('12 packets')
  })
})
