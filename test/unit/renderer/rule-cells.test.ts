// What the rule table's cells say (src-renderer/lab/rule-cells.ts). Runs in Node (Vitest).
import { describe, expect, it } from 'vitest'
import { lastRunSaid, parseCell } from '../../../src-renderer/lab/rule-cells'

describe('lastRunSaid', () => {
  it('counts the packets a rule decided, in the singular for one', () => {
    expect(lastRunSaid(0)).toBe('matched nothing')
    expect(lastRunSaid(1)).toBe('1 packet')
    expect(lastRunSaid(12)).toBe('12 packets')
  })
})

describe('parseCell: ports', () => {
  it('takes a port, a range, or a service name as the nftables text does', () => {
    expect(parseCell('dport', '443')).toEqual({ ok: true, value: 443 })
    expect(parseCell('sport', '1024-65535')).toEqual({ ok: true, value: '1024-65535' })
    expect(parseCell('dport', 'https')).toEqual({ ok: true, value: 443 })
    expect(parseCell('dport', 'SSH')).toEqual({ ok: true, value: 22 })
  })

  it('names the service a slip of the finger meant, and refuses anything else', () => {
    expect(parseCell('dport', 'htps')).toEqual({
      ok: false,
      problem: '"htps" is not a port: did you mean https (443)?',
    })
    expect(parseCell('dport', 'web')).toEqual({
      ok: false,
      problem: '"web" is not a port (0-65535) or a range such as 1024-65535',
    })
    expect(parseCell('dport', '70000')).toMatchObject({ ok: false })
    expect(parseCell('dport', 'constructor')).toMatchObject({ ok: false })
    expect(parseCell('dport', '__proto__')).toMatchObject({ ok: false })
  })
})
