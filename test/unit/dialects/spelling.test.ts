import { describe, expect, it } from 'vitest'
import { editDistance, meant } from '../../../src-main/shared/spelling'

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours, case aside', () => {
    expect(editDistance('acept', 'accept')).toBe(1)
    expect(editDistance('accept', 'acept')).toBe(1)
    expect(editDistance('dprot', 'dport')).toBe(1) // a swap, not two substitutions
    expect(editDistance('drop', 'DROP')).toBe(0)
    expect(editDistance('status', 'state')).toBe(2)
    expect(editDistance('', 'ip')).toBe(2)
  })

  it('stops past its limit', () => {
    expect(editDistance('masquerade', 'accept', 1)).toBe(2)
    expect(editDistance('a', 'abcdef', 1)).toBe(2)
  })
})

describe('meant', () => {
  const statements = ['accept', 'drop', 'reject', 'comment', 'counter', 'iifname', 'oifname']
  it('names the one keyword a slip away', () => {
    expect(meant('acept', statements)).toBe('accept')
    expect(meant('iifame', statements)).toBe('iifname')
    expect(meant('accept', ['ACCEPT', 'DROP', 'REJECT'])).toBe('ACCEPT')
  })

  it('guesses nothing for a far word, a short one, a known one or a tie', () => {
    expect(meant('masquerade', statements)).toBeUndefined()
    expect(meant('status', ['state'])).toBeUndefined() // nft's ct status is real, not a typo
    expect(meant('it', ['ip', 'ct'])).toBeUndefined()
    expect(meant('drop', statements)).toBeUndefined()
    expect(meant('cat', ['car', 'cap'])).toBeUndefined()
  })
})
