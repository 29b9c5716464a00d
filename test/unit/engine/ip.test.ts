import { describe, expect, it } from 'vitest'
import {
  cidrContains,
  formatCidr,
  formatIpv4,
  parseCidr,
  parseIpv4,
} from '../../../src-main/engine/ip'

describe('IPv4 addresses', () => {
  it('parses and formats dotted quads, including the edges', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0)
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff)
    expect(formatIpv4(parseIpv4('198.51.100.7')!)).toBe('198.51.100.7')
  })

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01x.2.3.4', '', '1..2.3', ' 1.2.3.4'])(
    'refuses %j',
    (text) => {
      expect(parseIpv4(text)).toBeNull()
    },
  )
})

describe('CIDR blocks', () => {
  it('/0 holds every address and /32 exactly one', () => {
    const all = parseCidr('0.0.0.0/0')!
    expect(cidrContains(all, 0)).toBe(true)
    expect(cidrContains(all, 0xffffffff)).toBe(true)
    const one = parseCidr('10.0.2.2/32')!
    expect(cidrContains(one, parseIpv4('10.0.2.2')!)).toBe(true)
    expect(cidrContains(one, parseIpv4('10.0.2.3')!)).toBe(false)
  })

  it('ignores host bits, as nftables does', () => {
    const c = parseCidr('10.1.2.3/8')!
    expect(formatCidr(c)).toBe('10.0.0.0/8')
    expect(cidrContains(c, parseIpv4('10.255.255.255')!)).toBe(true)
    expect(cidrContains(c, parseIpv4('11.0.0.0')!)).toBe(false)
  })

  it('treats a bare address as /32 and refuses bad lengths', () => {
    expect(parseCidr('192.0.2.1')).toEqual({ addr: parseIpv4('192.0.2.1'), len: 32 })
    expect(parseCidr('10.0.0.0/33')).toBeNull()
    expect(parseCidr('10.0.0.0/')).toBeNull()
    expect(parseCidr('10.0.0.0/-1')).toBeNull()
  })
})
