// A lab's draft as the renderer reads it back: what still fits the lab is kept, the rest dropped.
import { describe, expect, it } from 'vitest'
import type { LabOpened } from '../../../src-main/shared/lab-view'
import { encodeWork, readWork } from '../../../src-renderer/lab/lab-work'

const lab: Pick<LabOpened, 'dialect' | 'editable' | 'objectives' | 'build'> = {
  dialect: 'json',
  editable: ['fw1'],
  objectives: [],
  build: null,
}

describe('readWork', () => {
  it('keeps the flows chosen to run, as names', () => {
    const text = encodeWork({ rules: {}, answers: {}, chosenFlows: ['update'] })
    expect(readWork(text, lab)?.chosenFlows).toEqual(['update'])
  })

  it('drops what is not a flow name from a damaged choice, and repeats', () => {
    const text = JSON.stringify({
      format: 'portwise-work/1',
      rules: {},
      answers: {},
      chosenFlows: ['update', 7, null, { name: 'browse' }, 'update'],
    })
    expect(readWork(text, lab)?.chosenFlows).toEqual(['update'])
  })

  it('leaves the choice out when the draft has none, or nothing usable', () => {
    const none = encodeWork({ rules: {}, answers: {} })
    expect(readWork(none, lab)).not.toHaveProperty('chosenFlows')
    const bad = JSON.stringify({ format: 'portwise-work/1', chosenFlows: 'update' })
    expect(readWork(bad, lab)).not.toHaveProperty('chosenFlows')
  })
})
