// Rule fields one by one, with their edges, and the sentences that say why a rule missed.
import { describe, expect, it } from 'vitest'
import { parseCidr } from '../../../src-main/engine/ip'
import { TcpFlag } from '../../../src-main/engine/packet'
import {
  type MatchContext,
  type Rule,
  ruleMatches,
  ruleMismatches,
} from '../../../src-main/engine/rule'
import { packet } from '../../support/packets'

const ctx: MatchContext = { out: 'inside', ct: null }
const cidr = (t: string) => [parseCidr(t)!]
const matches = (rule: Partial<Rule>, p = packet({ flagText: 'S' }), c: MatchContext = ctx) =>
  ruleMatches({ action: 'accept', ...rule }, p, c)

describe('rule fields', () => {
  it('an empty rule matches everything', () => {
    expect(matches({})).toBe(true)
    expect(matches({}, packet({ proto: 'icmp', icmpType: 8 }))).toBe(true)
  })

  it('in and out interfaces', () => {
    expect(matches({ in: 'outside' })).toBe(true)
    expect(matches({ in: 'inside' })).toBe(false)
    expect(matches({ out: 'inside' })).toBe(true)
    expect(matches({ out: 'outside' })).toBe(false)
  })

  it('protocol', () => {
    expect(matches({ proto: 'tcp' })).toBe(true)
    expect(matches({ proto: 'udp' })).toBe(false)
  })

  it.each([
    [0, '0', true],
    [0, '1-65535', false],
    [1023, '1024-65535', false],
    [1024, '1024-65535', true],
    [65535, '1024-65535', true],
    [65535, '0-65534', false],
    [443, '443', true],
    [444, '443', false],
  ])('port %i against %s → %s', (port, range, expected) => {
    const [lo, hi] = range.split('-').map(Number)
    const ports = [{ lo, hi: hi ?? lo }]
    expect(matches({ proto: 'tcp', dport: ports }, packet({ dport: port }))).toBe(expected)
    expect(matches({ proto: 'tcp', sport: ports }, packet({ sport: port }))).toBe(expected)
  })

  it('ports never match a packet without ports', () => {
    expect(matches({ dport: [{ lo: 0, hi: 65535 }] }, packet({ proto: 'icmp', icmpType: 8 }))).toBe(
      false,
    )
  })

  it('addresses with /0 and /32 edges', () => {
    expect(matches({ src: cidr('0.0.0.0/0') })).toBe(true)
    expect(matches({ src: cidr('198.51.100.7/32') })).toBe(true)
    expect(matches({ src: cidr('198.51.100.8/32') })).toBe(false)
    expect(matches({ dst: cidr('10.0.0.0/8') })).toBe(true)
    expect(matches({ dst: cidr('10.0.2.3') })).toBe(false)
  })

  it('flag masks: SYN set and ACK clear', () => {
    const synOnly = {
      proto: 'tcp' as const,
      flags: { set: TcpFlag.S, mask: TcpFlag.S | TcpFlag.A },
    }
    expect(matches(synOnly, packet({ flagText: 'S' }))).toBe(true)
    expect(matches(synOnly, packet({ flagText: 'SA' }))).toBe(false)
    expect(matches(synOnly, packet({ flagText: 'SP' }))).toBe(true) // PSH is not examined
    const ackSet = { flags: { set: TcpFlag.A, mask: TcpFlag.A } }
    expect(matches(ackSet, packet({ flagText: 'PA' }))).toBe(true)
    expect(matches(ackSet, packet({ proto: 'udp' }))).toBe(false)
  })

  it('ICMP type', () => {
    expect(matches({ proto: 'icmp', icmpType: [8] }, packet({ proto: 'icmp', icmpType: 8 }))).toBe(
      true,
    )
    expect(matches({ proto: 'icmp', icmpType: [8] }, packet({ proto: 'icmp', icmpType: 0 }))).toBe(
      false,
    )
  })

  it('ct state; a stateless packet has none', () => {
    expect(matches({ ct: ['new'] }, undefined, { out: 'inside', ct: 'new' as const })).toBe(true)
    expect(
      matches({ ct: ['established', 'related'] }, undefined, { out: 'inside', ct: 'new' as const }),
    ).toBe(false)
    expect(matches({ ct: ['new'] })).toBe(false)
  })

  it('sets match when any member does', () => {
    const ports = [
      { lo: 80, hi: 80 },
      { lo: 443, hi: 443 },
    ]
    expect(matches({ proto: 'tcp', dport: ports })).toBe(true)
    expect(matches({ src: [...cidr('10.0.0.0/8'), ...cidr('198.51.100.0/24')] })).toBe(true)
  })
})

describe('why a rule missed', () => {
  const why = (
    rule: Partial<Rule>,
    p = packet({ flagText: 'S', dport: 80 }),
    c: MatchContext = ctx,
  ) => ruleMismatches({ action: 'accept', ...rule }, p, c)

  it('names every failing field in plain words', () => {
    expect(why({ proto: 'tcp', dport: [{ lo: 443, hi: 443 }] })).toEqual(['dport 80 is not 443'])
    expect(why({ proto: 'tcp', dport: [{ lo: 1024, hi: 65535 }] })).toEqual([
      'dport 80 is not in 1024-65535',
    ])
    expect(why({ in: 'inside', src: cidr('10.0.0.0/8') })).toEqual([
      'arrived on outside, not inside',
      'src 198.51.100.7 is not in 10.0.0.0/8',
    ])
    expect(why({ proto: 'udp' })).toEqual(['proto tcp is not udp'])
    expect(why({ flags: { set: TcpFlag.A, mask: TcpFlag.A } })).toEqual(['flags [S] lack A'])
    const synOnly = { set: TcpFlag.S, mask: TcpFlag.S | TcpFlag.A }
    expect(why({ flags: synOnly }, packet({ flagText: 'SA' }))).toEqual([
      'flags [SA] have A, which must be clear',
    ])
    expect(
      why({ ct: ['established', 'related'] }, undefined, { out: 'inside', ct: 'new' }),
    ).toEqual(['ct state new is not { established, related }'])
  })

  it('is empty exactly when the rule matches', () => {
    expect(why({ proto: 'tcp', dport: [{ lo: 80, hi: 80 }] })).toEqual([])
  })
})
